package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bulletin/bench"
	"bulletin/warehouse"
)

// fileState is what a warehouse holds of one ingested file.
type fileState struct {
	rowsRead, records, calls int64
}

// warehouseFiles opens the warehouse at path afresh and returns, by file name, its ingest_files rows
// with the calls held under each file_id, and the calls held under no recorded file.
func warehouseFiles(t *testing.T, path string) (map[string]fileState, int64) {
	t.Helper()
	ctx := context.Background()
	w, err := warehouse.Open(ctx, path, "")
	if err != nil {
		t.Fatalf("open after kill: %v", err)
	}
	defer w.Close()
	rows, err := w.DB.QueryContext(ctx, `
		SELECT f.name, f.rows_read, f.records, (SELECT count(*) FROM calls c WHERE c.file_id = f.file_id)
		FROM ingest_files f WHERE f.replaced_by IS NULL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	files := map[string]fileState{}
	for rows.Next() {
		var name string
		var s fileState
		if err := rows.Scan(&name, &s.rowsRead, &s.records, &s.calls); err != nil {
			t.Fatal(err)
		}
		if _, twice := files[name]; twice {
			t.Errorf("%s is recorded twice in ingest_files", name)
		}
		files[name] = s
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	var orphans int64
	if err := w.DB.QueryRowContext(ctx, `SELECT count(*) FROM calls WHERE file_id NOT IN (SELECT file_id FROM ingest_files)`).Scan(&orphans); err != nil {
		t.Fatal(err)
	}
	return files, orphans
}

// TestIngestKilledAtAnyMomentLeavesEachFileWhollyInOrOut runs bulletin ingest on four files as a
// process of its own, kills it (SIGKILL) at seeded random moments, and checks after every kill that
// each file is wholly in the warehouse or wholly absent; a rerun then loads every row exactly once.
func TestIngestKilledAtAnyMomentLeavesEachFileWhollyInOrOut(t *testing.T) {
	const (
		kills        = 20
		rerunEvery   = 5 // the rerun to completion follows every fifth kill
		callsPerFile = 20_000
	)
	dir := t.TempDir()
	ctx := context.Background()
	want := map[string]int64{}
	var paths []string
	month := bench.Month{Year: 2022, Month: time.April}
	for i := range 4 {
		path := filepath.Join(dir, month.CallsFileName())
		sum, err := bench.GenerateFile(ctx, path, bench.GenerateOptions{Calls: callsPerFile, Month: month, Seed: uint64(i + 1)})
		if err != nil {
			t.Fatal(err)
		}
		want[filepath.Base(path)] = sum.Calls
		paths = append(paths, path)
		month = month.Next()
	}

	ingestTo := func(warehouseFile string) []string {
		return append([]string{"ingest", "--warehouse", warehouseFile}, paths...)
	}
	// complete runs the ingest to its end and checks that every generated row is there exactly once.
	complete := func(warehouseFile string) time.Duration {
		t.Helper()
		began := time.Now()
		if out, err := bulletinProcess(t, ingestTo(warehouseFile)...).CombinedOutput(); err != nil {
			t.Fatalf("ingest to completion: %v\n%s", err, out)
		}
		took := time.Since(began)
		files, orphans := warehouseFiles(t, warehouseFile)
		var lost, duplicated int64
		for name, rows := range want {
			s, ok := files[name]
			switch {
			case !ok:
				lost += rows
			case s.rowsRead != rows || s.records != s.calls:
				t.Errorf("%s: %d rows read, %d records, %d calls held; want %d rows read and every record held", name, s.rowsRead, s.records, s.calls, rows)
			}
			if s.calls > rows {
				duplicated += s.calls - rows
			}
			if s.calls < rows {
				lost += rows - s.calls
			}
		}
		w, err := warehouse.Open(ctx, warehouseFile, "")
		if err != nil {
			t.Fatal(err)
		}
		var total, distinct int64
		err = w.DB.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT call_id) FROM calls`).Scan(&total, &distinct)
		w.Close()
		if err != nil {
			t.Fatal(err)
		}
		duplicated += total - distinct + orphans
		t.Logf("rerun to completion in %v: %d calls in %d files, %d rows lost, %d duplicated", took.Round(time.Millisecond), total, len(files), lost, duplicated)
		if lost != 0 || duplicated != 0 || len(files) != len(want) {
			t.Errorf("after the rerun: %d files of %d, %d rows lost, %d duplicated; want all, 0 and 0", len(files), len(want), lost, duplicated)
		}
		return took
	}

	// A clean run measures how long the whole ingest takes; the kills fall anywhere within it.
	cleanRun := complete(filepath.Join(dir, "clean.duckdb"))

	rng := rand.New(rand.NewPCG(8, 3))
	seen := map[string]int{} // "all" and "none" per file, counted over every kill
	var lostAtKills int64
	exitedFirst := 0
	for kill := range kills {
		// Each kill falls on an ingest into a new warehouse, so that the delay spreads over the whole run.
		warehouseFile := filepath.Join(dir, fmt.Sprintf("kill%02d.duckdb", kill+1))
		delay := time.Duration(rng.Int64N(int64(cleanRun)))
		proc := bulletinProcess(t, ingestTo(warehouseFile)...)
		if err := proc.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		proc.Process.Kill() // SIGKILL: no deferred Close, no rollback, no signal handler
		err := proc.Wait()
		exited := err == nil
		if exited {
			exitedFirst++
		}

		files, orphans := warehouseFiles(t, warehouseFile)
		var states []string
		for _, path := range paths {
			name := filepath.Base(path)
			s, ok := files[name]
			switch {
			case !ok:
				states = append(states, "none")
				seen["none"]++
			case s.rowsRead == want[name] && s.calls == s.records && s.records == want[name]:
				states = append(states, "all")
				seen["all"]++
			default:
				states = append(states, "partial")
				seen["partial"]++
				lostAtKills += want[name] - s.calls
				t.Errorf("kill %d after %v: %s is partly in the warehouse: %d rows read, %d records, %d calls held of %d", kill+1, delay, name, s.rowsRead, s.records, s.calls, want[name])
			}
		}
		if orphans != 0 {
			t.Errorf("kill %d after %v: %d calls belong to no recorded file", kill+1, delay, orphans)
		}
		t.Logf("kill %2d after %-14v (finished before the kill: %v): files %v", kill+1, delay.Round(time.Microsecond), exited, states)
		if (kill+1)%rerunEvery == 0 {
			complete(warehouseFile)
		}
	}
	t.Logf("%d kills over a %v ingest of %d files (%d finished before the kill): %d file states all, %d none, %d partial; %d rows lost by partial files",
		kills, cleanRun.Round(time.Millisecond), len(paths), exitedFirst, seen["all"], seen["none"], seen["partial"], lostAtKills)
	if seen["partial"] != 0 {
		t.Errorf("%d file states were partial after a kill", seen["partial"])
	}
	if seen["all"] == 0 || seen["none"] == 0 {
		t.Errorf("the kills saw %d complete and %d absent files; the delays do not cover the run", seen["all"], seen["none"])
	}
}

// TestReportKilledLeavesAStagingFolderTheNextRunRemoves kills bulletin report (SIGKILL) once its
// staging folder is there, checks that the previous outputs are untouched, and that the next report
// removes the abandoned folder and writes the outputs whole.
func TestReportKilledLeavesAStagingFolderTheNextRunRemoves(t *testing.T) {
	dir := t.TempDir()
	warehouseFile := filepath.Join(dir, "w.duckdb")
	config := filepath.Join("..", "..", "sample-data", "campaign.yaml")
	month := bench.Month{Year: 2022, Month: time.June}
	calls := filepath.Join(dir, month.CallsFileName())
	if _, err := bench.GenerateFile(context.Background(), calls, bench.GenerateOptions{Calls: 20_000, Month: month}); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "ingest", "--warehouse", warehouseFile, calls); code != exitOK {
		t.Fatalf("ingest: exit %d:\n%s", code, stderr)
	}
	outputs := filepath.Join(dir, "outputs")
	out := filepath.Join(outputs, "summer")
	report := []string{"report", "--warehouse", warehouseFile, "--config", config, "--out", out, "--detail"}
	if code, _, stderr := runCLI(t, report...); code != exitOK {
		t.Fatalf("first report: exit %d:\n%s", code, stderr)
	}
	before := readDir(t, out)

	staging := func() []string {
		entries, _ := os.ReadDir(outputs)
		var names []string
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".summer.new-") {
				names = append(names, e.Name())
			}
		}
		return names
	}
	proc := bulletinProcess(t, report...)
	if err := proc.Start(); err != nil {
		t.Fatal(err)
	}
	var left []string
	for deadline := time.Now().Add(30 * time.Second); len(left) == 0 && time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		left = staging()
	}
	proc.Process.Kill() // SIGKILL: the deferred removal of the staging folder does not run
	proc.Wait()
	if len(left) == 0 {
		t.Fatal("the report's staging folder never appeared")
	}
	if want := fmt.Sprintf(".summer.new-%d-", proc.Process.Pid); !strings.HasPrefix(left[0], want) {
		t.Errorf("staging folder %s, want its name to begin %s (the owner's process id)", left[0], want)
	}
	if left = staging(); len(left) == 0 {
		t.Fatal("the report finished before the kill: no staging folder is left to test the next run with")
	}
	after := readDir(t, out)
	for name, content := range before {
		if !bytes.Equal(after[name], content) {
			t.Errorf("the killed report changed %s", name)
		}
	}

	if code, _, stderr := runCLI(t, report...); code != exitOK {
		t.Fatalf("report after the kill: exit %d:\n%s", code, stderr)
	}
	if left := staging(); len(left) != 0 {
		t.Errorf("staging folders left after the next report: %v", left)
	}
	again := readDir(t, out)
	for name, content := range before {
		if !bytes.Equal(again[name], content) {
			t.Errorf("%s differs from the first report's", name)
		}
	}
}
