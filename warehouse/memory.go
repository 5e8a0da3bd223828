package warehouse

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// minMemoryLimit is the smallest memory limit DefaultMemoryLimit gives: below it DuckDB spends its
// time spilling, and a machine with less free memory is better served by a limit set by hand.
const minMemoryLimit = 500 * 1000 * 1000

// DefaultMemoryLimit is DuckDB's memory limit when Options.MemoryLimit is empty: half the memory
// available to this process when it is called (the machine's available memory, or what its cgroup
// leaves, whichever is smaller), rounded down to 100 MB and never below 500 MB. Half leaves room
// for what DuckDB's limit does not count (the Go heap, excelize's buffers, DuckDB's own allocations
// outside its buffer pool) and for the rest of the machine. On a 24 GiB machine with nothing else
// running that is about 11 GB: a month of ten million calls is ingested and computed without
// spilling (docs/performance.md). DuckDB's own default, 80% of the physical memory, ignores what
// other programs use.
func DefaultMemoryLimit() string {
	return memoryLimitFrom(readMemAvailable("/proc/meminfo"), readCgroupFree("/sys/fs/cgroup"))
}

// memoryLimitFrom computes DefaultMemoryLimit from the machine's available memory and the cgroup's
// free memory, in bytes (0 when not known).
func memoryLimitFrom(available, cgroupFree int64) string {
	free := available
	if cgroupFree > 0 && (free == 0 || cgroupFree < free) {
		free = cgroupFree
	}
	limit := max(free/2, minMemoryLimit)
	const unit = 100 * 1000 * 1000
	return fmt.Sprintf("%dMB", limit/unit*100)
}

// readMemAvailable returns MemAvailable of a /proc/meminfo file in bytes, or 0.
func readMemAvailable(path string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "MemAvailable:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kb * 1024
		}
	}
	return 0
}

// readCgroupFree returns what a cgroup v2 memory limit leaves free (memory.max less memory.current)
// in bytes, or 0 when there is no limit or no cgroup v2.
func readCgroupFree(dir string) int64 {
	read := func(name string) (int64, bool) {
		b, err := os.ReadFile(dir + "/" + name)
		if err != nil {
			return 0, false
		}
		v, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
		return v, err == nil
	}
	limit, ok := read("memory.max") // "max" when unlimited: not a number
	if !ok {
		return 0
	}
	used, _ := read("memory.current")
	if used >= limit {
		return 1 // no room at all: the floor applies
	}
	return limit - used
}
