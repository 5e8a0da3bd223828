//go:build unix

package reports

import (
	"errors"
	"syscall"
)

// processAlive reports whether the process pid exists (known is true): signal 0 is delivered to
// nothing, only checked. A process of another user (EPERM) exists too.
func processAlive(pid int) (alive, known bool) {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM), err == nil || errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.ESRCH)
}
