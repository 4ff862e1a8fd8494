package ffmpeg

import "syscall"

// dieWithParent asks the kernel to kill ffmpeg when the process that
// started it dies (even by SIGKILL), so a crashed worker leaves no encoder
// running on its own; the job is picked up again elsewhere.
func dieWithParent(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }
