package media

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"syscall"
)

// DiskSpace is the free space of one place Lectern writes to on this node.
// Name says what it holds ("uploads", "transcode scratch", "media"), never
// where it is: the status page and /readyz must not show server paths.
type DiskSpace struct {
	Name       string
	FreeBytes  int64
	TotalBytes int64
	// Low: less free than the reserve uploads may not use.
	Low bool
}

// Disk watches the free space of the directories this node fills: uploads
// arrive in one, transcodes write to another, local storage keeps the
// published files.
type Disk struct {
	// Dirs maps a name for people to a directory.
	Dirs map[string]string
	// Reserve is free space an upload may not eat into; below it the disk
	// counts as low.
	Reserve int64
	// free reports a directory's free and total bytes (statfs; tests may
	// replace it).
	free func(dir string) (free, total int64, err error)
}

// NewDisk watches dirs with a reserve.
func NewDisk(dirs map[string]string, reserve int64) *Disk {
	return &Disk{Dirs: dirs, Reserve: reserve, free: statfs}
}

// Space reports each directory that can be measured, in name order.
func (d *Disk) Space() []DiskSpace {
	if d == nil {
		return nil
	}
	var out []DiskSpace
	for _, name := range slices.Sorted(maps.Keys(d.Dirs)) {
		free, total, err := d.free(d.Dirs[name])
		if err != nil {
			continue
		}
		out = append(out, DiskSpace{Name: name, FreeBytes: free, TotalBytes: total, Low: free < d.Reserve})
	}
	return out
}

// Warnings says, for an operator, which places are low on space.
func (d *Disk) Warnings() []string {
	var out []string
	for _, s := range d.Space() {
		if s.Low {
			out = append(out, fmt.Sprintf("Low disk space for %s: %s free of %s, under the %s reserve. New uploads are refused until space is freed.",
				s.Name, FormatBytes(s.FreeBytes), FormatBytes(s.TotalBytes), FormatBytes(d.Reserve)))
		}
	}
	return out
}

// Ready is a /readyz check that never fails: low disk is reported, not a
// reason to take the node out of rotation (playback needs no disk).
func (d *Disk) Ready(context.Context) error { return nil }

// Room reports whether dir can take size more bytes and keep the reserve
// free; unknown space (an unsupported system) counts as room.
func (d *Disk) Room(dir string, size int64) (free int64, ok bool) {
	if d == nil {
		return 0, true
	}
	free, _, err := d.free(dir)
	if err != nil {
		return 0, true
	}
	return free, free-size >= d.Reserve
}

// IsNoSpace reports whether err (or an ffmpeg error message in it) comes
// from a full disk.
func IsNoSpace(err error) bool {
	if err == nil {
		return false
	}
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) ||
		strings.Contains(strings.ToLower(err.Error()), "no space left on device")
}

// FormatBytes writes a size for people: 1.5 GB, 300 MB, 12 KB.
func FormatBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}

// scratchFull reports whether the file system of dir is (nearly) full: less
// than 8 MB left, too little for another segment of the top rung.
func scratchFull(dir string) bool {
	free, _, err := statfs(dir)
	return err == nil && free < 8<<20
}
