//go:build !unix

package bench

import "time"

// cpuTime returns 0: the processor time of the process is read on Unix systems only.
func cpuTime() time.Duration { return 0 }
