//go:build unix

package bench

import (
	"os"
	"runtime"
	"syscall"
	"time"
)

// cpuTime returns the processor time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// childUsage returns the peak resident set size of an exited child process and the bytes it caused
// to be written to storage, from its rusage: Maxrss is in KiB (bytes on Darwin), Oublock in blocks of
// 512 bytes.
func childUsage(ps *os.ProcessState) (peakRSS, written int64) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok || ru == nil {
		return 0, 0
	}
	peakRSS = int64(ru.Maxrss) * 1024
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		peakRSS = int64(ru.Maxrss)
	}
	return peakRSS, int64(ru.Oublock) * 512
}
