//go:build !linux

package ffmpeg

// setLimits does nothing off Linux: no prlimit; the context deadline still
// bounds the time.
func setLimits(pid int, memory, cpuSeconds uint64) error { return nil }
