package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSecondCommandOnAWarehouseInUseFailsFastNamingTheHolder holds the warehouse in another process
// and runs each command that opens it: each fails at once, saying the warehouse is in use and by
// which process.
func TestSecondCommandOnAWarehouseInUseFailsFastNamingTheHolder(t *testing.T) {
	dir := t.TempDir()
	warehouseFile := filepath.Join(dir, "w.duckdb")
	config := filepath.Join("..", "..", "sample-data", "campaign.yaml")
	fixture := filepath.Join("..", "..", "ingest", "testdata", "calls_faults.csv")
	input := filepath.Join(dir, "input")
	if err := os.Mkdir(input, 0o755); err != nil {
		t.Fatal(err)
	}
	calls, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(input, "calls_faults.csv"), calls, 0o644); err != nil {
		t.Fatal(err)
	}
	pid, _ := holdLock(t, warehouseFile)
	for _, args := range [][]string{
		{"ingest", "--warehouse", warehouseFile, fixture},
		{"report", "--warehouse", warehouseFile, "--config", config, "--out", filepath.Join(dir, "out")},
		{"run", "--warehouse", warehouseFile, "--config", config, "--input", input, "--out", filepath.Join(dir, "out")},
		{"quality", "--warehouse", warehouseFile, "--csv", filepath.Join(dir, "quality.csv")},
	} {
		began := time.Now()
		code, _, stderr := runCLI(t, args...)
		took := time.Since(began)
		t.Logf("bulletin %s: exit %d after %v: %s", args[0], code, took.Round(time.Millisecond), strings.TrimSpace(stderr))
		holder := fmt.Sprintf("held by process %d,", pid)
		if code != exitFailure || !strings.Contains(stderr, "warehouse in use by another process") || !strings.Contains(stderr, holder) || !strings.Contains(stderr, "--wait") {
			t.Errorf("bulletin %s on a warehouse in use: exit %d, want %d saying it is in use, %q, and --wait:\n%s", args[0], code, exitFailure, holder, stderr)
		}
		if took > 5*time.Second {
			t.Errorf("bulletin %s took %v to fail; want at once", args[0], took)
		}
	}
}

// TestWaitOpensTheWarehouseOnceItsHolderLetsGo holds the warehouse in another process and lets it go
// after a while: ingest --wait opens it then and loads the file; with a wait shorter than the hold,
// ingest gives up after the wait, naming the holder.
func TestWaitOpensTheWarehouseOnceItsHolderLetsGo(t *testing.T) {
	dir := t.TempDir()
	warehouseFile := filepath.Join(dir, "w.duckdb")
	fixture := filepath.Join("..", "..", "ingest", "testdata", "calls_faults.csv")
	pid, release := holdLock(t, warehouseFile)

	began := time.Now()
	code, _, stderr := runCLI(t, "ingest", "--wait", "400ms", "--warehouse", warehouseFile, fixture)
	gaveUp := time.Since(began)
	holder := fmt.Sprintf("held by process %d,", pid)
	if code != exitFailure || !strings.Contains(stderr, holder) || !strings.Contains(stderr, "still after waiting 400ms") {
		t.Errorf("ingest --wait 400ms on a warehouse held throughout: exit %d, want %d naming %q and the wait:\n%s", code, exitFailure, holder, stderr)
	}
	if gaveUp < 400*time.Millisecond || gaveUp > 5*time.Second {
		t.Errorf("ingest --wait 400ms gave up after %v", gaveUp)
	}

	const hold = 700 * time.Millisecond
	time.AfterFunc(hold, release)
	began = time.Now()
	code, stdout, stderr := runCLI(t, "ingest", "--wait", "30s", "--warehouse", warehouseFile, fixture)
	took := time.Since(began)
	if code != exitOK {
		t.Fatalf("ingest --wait 30s: exit %d:\n%s", code, stderr)
	}
	if took < hold/2 || took > 20*time.Second {
		t.Errorf("ingest --wait 30s finished after %v; the holder let go after %v", took, hold)
	}
	if !strings.Contains(stdout, "calls_faults.csv") {
		t.Errorf("ingest --wait printed no accounting of the file:\n%s", stdout)
	}
	t.Logf("gave up after %v with a 400ms wait; opened after %v once the holder let go at %v", gaveUp.Round(time.Millisecond), took.Round(time.Millisecond), hold)
}
