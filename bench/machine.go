package bench

import (
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
)

// Machine describes where a measurement was made.
type Machine struct {
	// CPUs is the number of logical processors; CPUModel the processor's name in /proc/cpuinfo.
	CPUs     int
	CPUModel string
	// Memory is the machine's memory in bytes (MemTotal of /proc/meminfo).
	Memory int64
	// Kernel is the operating system and its release.
	Kernel string
	// Go is the Go release the program was built with; DuckDB the engine's version and DuckDBGo the
	// version of its Go module.
	Go, DuckDB, DuckDBGo string
}

// describeMachine reads what it can of the machine; what /proc does not tell stays empty. The DuckDB
// version is filled in by the first run.
func describeMachine() Machine {
	m := Machine{CPUs: runtime.NumCPU(), Go: runtime.Version(), Kernel: runtime.GOOS}
	if info, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(info)) {
			if name, value, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "model name" {
				m.CPUModel = strings.TrimSpace(value)
				break
			}
		}
	}
	if info, err := os.ReadFile("/proc/meminfo"); err == nil {
		for line := range strings.Lines(string(info)) {
			if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
				m.Memory = kb * 1024
			}
		}
	}
	if release, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel += " " + strings.TrimSpace(string(release))
	}
	if build, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range build.Deps {
			if dep.Path == "github.com/duckdb/duckdb-go/v2" {
				m.DuckDBGo = dep.Version
			}
		}
	}
	return m
}
