//go:build !unix

package bench

import (
	"os"
	"time"
)

// cpuTime returns 0: the processor time of the process is read on Unix systems only.
func cpuTime() time.Duration { return 0 }

// childUsage returns 0, 0: a child's peak resident set size and bytes written are read on Unix
// systems only.
func childUsage(*os.ProcessState) (peakRSS, written int64) { return 0, 0 }
