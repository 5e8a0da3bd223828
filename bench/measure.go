package bench

import (
	"context"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"
)

// Stage is what one stage of a run cost.
type Stage struct {
	// Name is the stage: StageIngest, StageMetrics, ... (see Stages).
	Name string
	// Rows is the number of calls the stage worked on; Bytes the size of the CSV file they came from.
	Rows, Bytes int64
	// Wall is the elapsed time; CPU the processor time of the whole process (user and system, every
	// thread, DuckDB's included) over it.
	Wall, CPU time.Duration
	// PeakRSS is the process's peak resident set size during the stage, in bytes; StartRSS its
	// resident set size when the stage began (memory still held from earlier stages counts in both).
	PeakRSS, StartRSS int64
	// Written is the number of bytes the process caused to be written to storage during the stage
	// (write_bytes of /proc/self/io): the warehouse, DuckDB's spill files, the outputs.
	Written int64
}

// RowsPerSecond returns the stage's rows per second of wall time.
func (s Stage) RowsPerSecond() float64 { return perSecond(s.Rows, s.Wall) }

// MBPerSecond returns the stage's CSV megabytes (10^6 bytes) per second of wall time.
func (s Stage) MBPerSecond() float64 { return perSecond(s.Bytes, s.Wall) / 1e6 }

func perSecond(n int64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// measure runs fn as the stage name, labelled for the CPU profile, and returns what it cost. The
// process's peak RSS is reset first, after the Go heap has been returned to the system, so that the
// peak is the stage's own.
func measure(ctx context.Context, name string, rows, bytes int64, fn func(context.Context) error) (Stage, error) {
	resetPeakRSS()
	s := Stage{Name: name, Rows: rows, Bytes: bytes, StartRSS: procStatus("VmRSS:")}
	cpu0, written0 := cpuTime(), writtenBytes()
	start := time.Now()
	var err error
	pprof.Do(ctx, pprof.Labels("stage", name), func(ctx context.Context) { err = fn(ctx) })
	s.Wall = time.Since(start)
	s.CPU = cpuTime() - cpu0
	s.Written = max(writtenBytes()-written0, 0)
	s.PeakRSS = procStatus("VmHWM:")
	return s, err
}

// resetPeakRSS returns freed Go memory to the system and starts a new peak resident set size
// (Linux 4.0 and later: writing 5 to clear_refs resets VmHWM to the current RSS).
func resetPeakRSS() {
	debug.FreeOSMemory()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// procStatus returns a size field of /proc/self/status (such as "VmHWM:") in bytes, or 0 where
// /proc does not tell it.
func procStatus(field string) int64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(status)) {
		if rest, ok := strings.CutPrefix(line, field); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return 0
			}
			return kb * 1024
		}
	}
	return 0
}

// writtenBytes returns write_bytes of /proc/self/io: the bytes this process caused to be sent to
// storage so far, or 0 where /proc does not tell it.
func writtenBytes() int64 {
	data, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, "write_bytes:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(rest), 10, 64)
			return n
		}
	}
	return 0
}
