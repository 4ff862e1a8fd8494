//go:build !linux

package ffmpeg

import "syscall"

// dieWithParent has no portable equivalent outside Linux; cancellation
// still kills the process group.
func dieWithParent(*syscall.SysProcAttr) {}
