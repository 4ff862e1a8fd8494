package ffmpeg

import (
	"syscall"
	"unsafe"
)

// setLimits applies the address-space and CPU-time limits to a started
// process (prlimit(2) on its pid: setrlimit would limit this server). The
// few milliseconds between exec and this call are ffmpeg starting up, long
// before it decodes anything.
func setLimits(pid int, memory, cpuSeconds uint64) error {
	set := func(resource int, soft, hard uint64) error {
		lim := syscall.Rlimit{Cur: soft, Max: hard}
		_, _, errno := syscall.RawSyscall6(syscall.SYS_PRLIMIT64, uintptr(pid), uintptr(resource), uintptr(unsafe.Pointer(&lim)), 0, 0, 0)
		if errno != 0 {
			return errno
		}
		return nil
	}
	if memory > 0 {
		if err := set(syscall.RLIMIT_AS, memory, memory); err != nil {
			return err
		}
	}
	if cpuSeconds > 0 {
		// SIGXCPU at the soft limit (ffmpeg does not catch it: it dies),
		// SIGKILL a few seconds later in case it did.
		if err := set(syscall.RLIMIT_CPU, cpuSeconds, cpuSeconds+5); err != nil {
			return err
		}
	}
	return nil
}
