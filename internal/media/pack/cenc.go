package pack

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/Eyevinn/mp4ff/mp4"
)

// Key is a video's content key: a random 128-bit AES key, its key id (what
// players name when they ask for it) and the constant IV of the cbcs
// scheme. Only Key is secret.
type Key struct {
	ID  [16]byte
	Key [16]byte
	IV  [16]byte
}

// NewKey makes a fresh random key.
func NewKey() (Key, error) {
	var k Key
	for _, b := range [][]byte{k.ID[:], k.Key[:], k.IV[:]} {
		if _, err := rand.Read(b); err != nil {
			return Key{}, err
		}
	}
	return k, nil
}

// Scheme is the Common Encryption scheme used: AES-CBC with the 1:9 pattern
// for video and whole-sample encryption for audio, the scheme HLS requires
// for fMP4 SAMPLE-AES and DASH players support, so one set of segments
// serves both.
const Scheme = "cbcs"

// KeyTag is the EXT-X-KEY line of an encrypted media playlist: the key is
// fetched by EME with ClearKey, and hls.js takes the key id from the data
// URI.
func KeyTag(kid [16]byte) string {
	return `#EXT-X-KEY:METHOD=SAMPLE-AES,URI="data:text/plain;base64,` + base64.StdEncoding.EncodeToString(kid[:]) +
		`",KEYFORMAT="org.w3.clearkey",KEYFORMATVERSIONS="1"`
}

// EncryptDir encrypts every init and media segment of s under dir in place
// (ISO/IEC 23001-7 cbcs with key k) and names the key in each media
// playlist. Segments already encrypted are an error: encrypting twice would
// make them undecodable.
func EncryptDir(dir string, s *Set, k Key) error {
	for _, t := range s.Tracks() {
		if t.Encrypted {
			return fmt.Errorf("pack: %s is already encrypted", t.Playlist)
		}
		ipd, err := protectInit(filepath.Join(dir, filepath.FromSlash(t.Init)), k)
		if err != nil {
			return fmt.Errorf("pack: %s: %w", t.Init, err)
		}
		for _, seg := range t.Segments {
			if err := encryptSegment(filepath.Join(dir, filepath.FromSlash(seg.URI)), k, ipd); err != nil {
				return fmt.Errorf("pack: %s: %w", seg.URI, err)
			}
		}
		pl := filepath.Join(dir, filepath.FromSlash(t.Playlist))
		b, err := os.ReadFile(pl)
		if err != nil {
			return err
		}
		out, err := AddKeyTag(b, k.ID)
		if err != nil {
			return fmt.Errorf("pack: %s: %w", t.Playlist, err)
		}
		if err := replaceFile(pl, out); err != nil {
			return err
		}
		t.Encrypted = true
	}
	return nil
}

// AddKeyTag puts the key tag before the EXT-X-MAP of a media playlist, so
// that it applies to the init segment and every segment after it.
func AddKeyTag(playlist []byte, kid [16]byte) ([]byte, error) {
	var out bytes.Buffer
	done := false
	for _, line := range strings.SplitAfter(string(playlist), "\n") {
		if !done && strings.HasPrefix(line, "#EXT-X-MAP:") {
			out.WriteString(KeyTag(kid) + "\n")
			done = true
		}
		out.WriteString(line)
	}
	if !done {
		return nil, errors.New("no EXT-X-MAP")
	}
	return out.Bytes(), nil
}

func protectInit(file string, k Key) (*mp4.InitProtectData, error) {
	f, err := mp4.ReadMP4File(file)
	if err != nil {
		return nil, err
	}
	if f.Init == nil {
		return nil, errors.New("not an init segment")
	}
	ipd, err := mp4.InitProtect(f.Init, k.Key[:], k.IV[:], Scheme, mp4.UUID(k.ID[:]), nil)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := f.Encode(&b); err != nil {
		return nil, err
	}
	return ipd, replaceFile(file, b.Bytes())
}

func encryptSegment(file string, k Key, ipd *mp4.InitProtectData) error {
	f, err := mp4.ReadMP4File(file)
	if err != nil {
		return err
	}
	if len(f.Segments) == 0 {
		return errors.New("no fragments")
	}
	for _, s := range f.Segments {
		for _, frag := range s.Fragments {
			if err := mp4.EncryptFragment(frag, k.Key[:], k.IV[:], ipd); err != nil {
				return err
			}
		}
	}
	var b bytes.Buffer
	if err := f.Encode(&b); err != nil {
		return err
	}
	return replaceFile(file, b.Bytes())
}

// replaceFile writes b beside file and renames it over file.
func replaceFile(file string, b []byte) error {
	tmp := file + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, file)
}

// DecryptFile decrypts one encrypted segment with its (encrypted) init
// segment and key, for tests and tools: it returns a clear init segment and
// the clear segment.
func DecryptFile(initFile, segFile string, key []byte) (clearInit, clearSeg []byte, err error) {
	fi, err := mp4.ReadMP4File(initFile)
	if err != nil || fi.Init == nil {
		return nil, nil, fmt.Errorf("init: %v", err)
	}
	di, err := mp4.DecryptInit(fi.Init)
	if err != nil {
		return nil, nil, err
	}
	var ib bytes.Buffer
	if err := fi.Init.Encode(&ib); err != nil {
		return nil, nil, err
	}
	fs, err := mp4.ReadMP4File(segFile)
	if err != nil {
		return nil, nil, err
	}
	for _, s := range fs.Segments {
		if err := mp4.DecryptSegment(s, di, key); err != nil {
			return nil, nil, err
		}
	}
	var sb bytes.Buffer
	if err := fs.Encode(&sb); err != nil {
		return nil, nil, err
	}
	return ib.Bytes(), sb.Bytes(), nil
}
