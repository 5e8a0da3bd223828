package warehouse

import (
	"os"
	"path/filepath"
	"testing"
)

func TestMemoryLimitFromTheMachine(t *testing.T) {
	const gb = 1000 * 1000 * 1000
	for _, c := range []struct {
		name                  string
		available, cgroupFree int64
		want                  string
	}{
		{"half of what is available", 24 * gb, 0, "12000MB"},
		{"rounded down to 100 MB", 3*gb + 190*1000*1000, 0, "1500MB"},
		{"the cgroup leaves less", 24 * gb, 4 * gb, "2000MB"},
		{"the machine leaves less than the cgroup", 3 * gb, 8 * gb, "1500MB"},
		{"never below 500 MB", 600 * 1000 * 1000, 0, "500MB"},
		{"nothing known", 0, 0, "500MB"},
	} {
		if got := memoryLimitFrom(c.available, c.cgroupFree); got != c.want {
			t.Errorf("%s: memoryLimitFrom(%d, %d) = %s; want %s", c.name, c.available, c.cgroupFree, got, c.want)
		}
	}
}

func TestMemoryReadsMeminfoAndTheCgroup(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("meminfo", "MemTotal:       24683772 kB\nMemFree:         1000000 kB\nMemAvailable:   23720992 kB\n")
	if got, want := readMemAvailable(filepath.Join(dir, "meminfo")), int64(23720992*1024); got != want {
		t.Errorf("MemAvailable %d; want %d", got, want)
	}
	if got := readMemAvailable(filepath.Join(dir, "absent")); got != 0 {
		t.Errorf("MemAvailable of no file %d; want 0", got)
	}
	write("memory.max", "max\n")
	if got := readCgroupFree(dir); got != 0 {
		t.Errorf("an unlimited cgroup leaves %d; want 0 (no limit)", got)
	}
	write("memory.max", "4294967296\n")
	write("memory.current", "1073741824\n")
	if got, want := readCgroupFree(dir), int64(3<<30); got != want {
		t.Errorf("cgroup leaves %d; want %d", got, want)
	}
	write("memory.current", "4294967296\n")
	if got := readCgroupFree(dir); got != 1 {
		t.Errorf("a full cgroup leaves %d; want 1 (the floor applies)", got)
	}
}
