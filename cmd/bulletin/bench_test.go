package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseCountsAcceptsSuffixes(t *testing.T) {
	got, err := parseCounts("3000, 500k,1M,10M,2K")
	if want := []int64{3000, 500_000, 1_000_000, 10_000_000, 2000}; err != nil || !slices.Equal(got, want) {
		t.Fatalf("parseCounts = %v, %v; want %v", got, err, want)
	}
	for _, bad := range []string{"", "0", "-5", "1.5M", "10G", "1M,", "ten"} {
		if got, err := parseCounts(bad); err == nil {
			t.Errorf("parseCounts(%q) = %v, want an error", bad, got)
		}
	}
}

// TestBenchPrintsEveryStage runs bulletin bench at a tiny size with an append and a CPU profile: the
// table names every stage and the append, the profile is written and the scratch folder is emptied.
func TestBenchPrintsEveryStage(t *testing.T) {
	dir := t.TempDir()
	scratch := filepath.Join(dir, "work")
	profile := filepath.Join(dir, "cpu.prof")
	config := filepath.Join("..", "..", "sample-data", "campaign.yaml")
	code, stdout, stderr := runCLI(t, "bench", "--calls", "2k", "--runs", "1", "--append", "1k", "--dir", scratch,
		"--config", config, "--cpuprofile", profile)
	if code != exitOK {
		t.Fatalf("bench exited %d:\n%s", code, stderr)
	}
	for _, want := range []string{"machine:", "2,000 calls of 2022-07", "ingest", "metrics", "reports", "baseline load",
		"baseline aggregates", "batch / baseline", "append 1,000 calls of 2022-08", "the warehouse of 2,000 calls"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("bench output lacks %q:\n%s", want, stdout)
		}
	}
	if info, err := os.Stat(profile); err != nil || info.Size() == 0 {
		t.Errorf("CPU profile: %v", err)
	}
	if entries, err := os.ReadDir(scratch); err != nil || len(entries) != 0 {
		t.Errorf("scratch folder holds %d entries (%v), want none", len(entries), err)
	}
	code, _, stderr = runCLI(t, "bench", "--calls", "1.5M")
	if code != exitUsage || !strings.Contains(stderr, "--calls") {
		t.Errorf("bench --calls 1.5M exited %d:\n%s", code, stderr)
	}
}
