package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"bulletin/metrics"
	"bulletin/warehouse"
)

// runCLI runs the command line as main does and returns the exit code and what it printed.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestRunOnSampleCampaignStatesTheSeedFigures is the README's first command on a fresh folder: it
// writes the sample data, ingests it and writes every output, and the bulletins carry the figures of
// the published bulletin of 2022-08-02.
func TestRunOnSampleCampaignStatesTheSeedFigures(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	warehouseFile := filepath.Join(dir, "bulletin.duckdb")
	config := filepath.Join("..", "..", "sample-data", "campaign.yaml")
	code, _, stderr := runCLI(t, "run", "--sample", "--config", config, "--input", filepath.Join(dir, "input"), "--warehouse", warehouseFile, "--out", out)
	if code != exitOK {
		t.Fatalf("run exited %d:\n%s", code, stderr)
	}
	for _, name := range []string{"internal/README.txt", "internal/metrics.json", "internal/quality.csv", "bulletin.zh.md", "bulletin.en.md", "index.html", "index.en.html", "charts/daily-trend.zh.html", "charts/daily-trend.en.html", "assets/echarts.min.js", "internal/summary.zh.xlsx", "internal/summary.en.xlsx"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("output missing: %v", err)
		}
	}
	figures := map[string][]string{
		"bulletin.zh.md": {"21746起", "轻生人员警情81起", "455名", "11起", "32次", "660次", "412次", "180余人"},
		"bulletin.en.md": {"21,746", "81", "455", "11", "32 simulated-alarm drills", "660 video inspections", "412 video roll-calls", "more than 180"},
	}
	for name, want := range figures {
		text, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		for _, fig := range want {
			if !strings.Contains(string(text), fig) {
				t.Errorf("%s does not state %q", name, fig)
			}
		}
		// The whole text, as public affairs receive it, against its golden file (go test -update).
		golden := filepath.Join("testdata", "sample-"+name+".golden")
		if *update {
			if err := os.WriteFile(golden, text, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update to write it)", err)
		}
		if !bytes.Equal(text, want) {
			t.Errorf("%s differs from %s:\n%s", name, golden, text)
		}
	}

	// metrics.json states the seed figures and compares each with both baselines, which the sample
	// data covers: every comparison is available and none is zero.
	var m metrics.Report
	data, err := os.ReadFile(filepath.Join(out, "internal", "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	seed := map[string]int64{"emergency_help": 21746, "suicide_rescued": 81, "lost_people_found": 455, "missing_resolved": 11,
		"drills": 32, "video_inspections": 660, "video_rollcalls": 412}
	for _, f := range m.Headline {
		if want, ok := seed[f.ID]; ok && f.Value != want {
			t.Errorf("metrics.json %s = %d; want %d", f.ID, f.Value, want)
		}
		if len(f.Compare) != 2 || len(m.Baselines) != 2 {
			t.Fatalf("%s: %d comparisons, %d baselines; want 2", f.ID, len(f.Compare), len(m.Baselines))
		}
		for _, c := range f.Compare {
			if !c.Available || c.Abs == nil || *c.Abs == 0 || c.Rel == nil {
				t.Errorf("%s vs %s: %+v; want a non-zero change", f.ID, c.Baseline, c)
			}
		}
	}
	if m.Baselines[0].Start != "2022-01-29" || m.Baselines[1].Start != "2021-05-01" {
		t.Errorf("baselines %+v; want the previous 92 days and May-July 2021", m.Baselines)
	}
	if len(m.Exclusions) == 0 || m.Response.Profile.Name != "xiangtan-rapid-response" {
		t.Errorf("metrics.json lacks the exclusion ledger or the response profile")
	}

	// The workbooks' KPI tiles state the same figures and changes as metrics.json.
	for _, lang := range []string{"zh", "en"} {
		checkWorkbookTiles(t, filepath.Join(out, "internal", "summary."+lang+".xlsx"), &m)
	}

	// Running the batch again ingests nothing new and writes byte-identical outputs.
	before := readDir(t, out)
	code, _, stderr = runCLI(t, "run", "--sample", "--config", config, "--input", filepath.Join(dir, "input"), "--warehouse", warehouseFile, "--out", out)
	if code != exitOK {
		t.Fatalf("second run exited %d:\n%s", code, stderr)
	}
	if strings.Count(stderr, "skipped: already ingested") != 30 {
		t.Errorf("second run did not skip the 30 files already ingested:\n%s", stderr)
	}
	after := readDir(t, out)
	for name, content := range before {
		if !bytes.Equal(content, after[name]) {
			t.Errorf("%s differs between two runs on the same inputs", name)
		}
	}
}

// readDir reads every file under dir, by its slash-separated path relative to dir.
func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestIngestJSONAccounting(t *testing.T) {
	dir := t.TempDir()
	warehouseFile := filepath.Join(dir, "w.duckdb")
	fixture := filepath.Join("..", "..", "ingest", "testdata", "calls_faults.csv")
	code, stdout, stderr := runCLI(t, "ingest", "--json", "--warehouse", warehouseFile, fixture)
	if code != exitOK {
		t.Fatalf("ingest exited %d: %s", code, stderr)
	}
	var results []map[string]any
	if err := json.Unmarshal([]byte(stdout), &results); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, stdout)
	}
	if len(results) != 1 {
		t.Fatalf("%d results, want 1", len(results))
	}
	// Counted by hand in ingest/testdata/calls_faults.csv (see ingest's tests).
	want := map[string]any{"path": fixture, "rows_read": 14.0, "loaded": 5.0, "quarantined": 8.0, "duplicates": 1.0, "skipped": false}
	for key, value := range want {
		if results[0][key] != value {
			t.Errorf("%s = %v, want %v", key, results[0][key], value)
		}
	}

	code, stdout, _ = runCLI(t, "ingest", "--json", "--warehouse", warehouseFile, fixture)
	if code != exitOK || !strings.Contains(stdout, `"skipped": true`) {
		t.Errorf("re-ingest: exit %d, output %s; want a skipped file", code, stdout)
	}
}

func TestErrorsNameTheProblemAndExitNonZero(t *testing.T) {
	dir := t.TempDir()
	badHeader := filepath.Join(dir, "export.csv")
	if err := os.WriteFile(badHeader, []byte("报警时间,警情类别\n2022-05-01 08:00:00,紧急求助\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	badConfig := filepath.Join(dir, "campaign.yaml")
	if err := os.WriteFile(badConfig, []byte("id: x\nname: {zh: x, en: x}\nperiod: {start: 2022-05-01, end: 2022-04-01}\nheadline: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"unknown command", []string{"publish"}, exitUsage, []string{`unknown command "publish"`}},
		{"unknown flag", []string{"report", "--colour"}, exitUsage, []string{"flag provided but not defined: -colour"}},
		{"ingest without files", []string{"ingest", "--warehouse", filepath.Join(dir, "w1.duckdb")}, exitUsage, []string{"name at least one file"}},
		{"file without canonical header", []string{"ingest", "--warehouse", filepath.Join(dir, "w2.duckdb"), badHeader}, exitFailure, []string{badHeader, "line 1", "call_id"}},
		{"missing file", []string{"ingest", "--warehouse", filepath.Join(dir, "w3.duckdb"), filepath.Join(dir, "nope.csv")}, exitFailure, []string{"nope.csv", "no such file"}},
		{"invalid campaign", []string{"report", "--config", badConfig, "--warehouse", filepath.Join(dir, "w4.duckdb")}, exitFailure, []string{badConfig + ":3", "before it starts"}},
		{"quality before ingest", []string{"quality", "--warehouse", filepath.Join(dir, "none.duckdb")}, exitFailure, []string{"none.duckdb", "bulletin ingest"}},
		{"report before ingest", []string{"report", "--config", filepath.Join("..", "..", "sample-data", "campaign.yaml"), "--warehouse", filepath.Join(dir, "none.duckdb")}, exitFailure, []string{"none.duckdb", "bulletin ingest"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, c.code, stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr does not mention %q:\n%s", w, stderr)
				}
			}
		})
	}
}

func TestHelpDescribesEveryFlag(t *testing.T) {
	code, stdout, _ := runCLI(t, "--help")
	if code != exitOK {
		t.Fatalf("--help exited %d", code)
	}
	for _, c := range commands() {
		if !strings.Contains(stdout, c.name) {
			t.Errorf("bulletin --help does not list %s", c.name)
		}
		code, usage, _ := runCLI(t, c.name, "--help")
		if code != exitOK || !strings.Contains(usage, "-warehouse") {
			t.Errorf("bulletin %s --help: exit %d, no --warehouse flag:\n%s", c.name, code, usage)
		}
	}
	for cmd, flags := range map[string][]string{
		"run":   {"-out", "-config", "-input", "-templates", "-sample", "-seed", "-detail"},
		"serve": {"-root", "-addr", "127.0.0.1:8080", "-internal"},
		"bench": {"-calls", "-runs", "-dir", "-append", "-config", "-month", "-seed", "-cpuprofile", "-keep", "-memory-limit", "-temp-dir"},
	} {
		_, usage, _ := runCLI(t, cmd, "--help")
		for _, flag := range flags {
			if !strings.Contains(usage, flag) {
				t.Errorf("bulletin %s --help does not describe %s", cmd, flag)
			}
		}
	}
}

// checkWorkbookTiles finds each headline figure of r through its defined name kpi_<id> and compares
// the value and, on the rows under it, the changes against each baseline.
func checkWorkbookTiles(t *testing.T, path string, r *metrics.Report) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	refs := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		refs[dn.Name] = dn.RefersTo
	}
	number := func(sheet string, col, row int) float64 {
		t.Helper()
		cell, _ := excelize.CoordinatesToCellName(col, row)
		raw, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		v, perr := strconv.ParseFloat(raw, 64)
		if err != nil || perr != nil {
			t.Fatalf("%s %s!%s = %q, want a number", path, sheet, cell, raw)
		}
		return v
	}
	for _, fig := range r.Headline {
		ref, ok := refs["kpi_"+fig.ID]
		if !ok {
			t.Errorf("%s: no defined name kpi_%s", path, fig.ID)
			continue
		}
		sheet, cell, _ := strings.Cut(ref, "!")
		sheet = strings.Trim(sheet, "'")
		col, row, err := excelize.CellNameToCoordinates(strings.ReplaceAll(cell, "$", ""))
		if err != nil {
			t.Fatal(err)
		}
		if got := number(sheet, col, row); got != float64(fig.Value) {
			t.Errorf("%s: kpi_%s = %v, metrics.json %d", path, fig.ID, got, fig.Value)
		}
		// A change that is null in metrics.json (no data in the baseline; a relative change on a
		// base of 0) is a text cell ("n/a"), never a number; so is a relative change on a small base.
		notNumber := func(col, row int, what string) {
			t.Helper()
			cell, _ := excelize.CoordinatesToCellName(col, row)
			raw, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
			if _, err := strconv.ParseFloat(raw, 64); err == nil {
				t.Errorf("%s: %s %s = %q, want no number for a null in metrics.json", path, fig.ID, what, raw)
			}
		}
		for i, c := range fig.Compare {
			if c.Abs == nil {
				notNumber(col+1, row+1+i, "change vs "+c.Baseline)
			} else if got := number(sheet, col+1, row+1+i); got != float64(*c.Abs) {
				t.Errorf("%s: %s change vs %s = %v, metrics.json %d", path, fig.ID, c.Baseline, got, *c.Abs)
			}
			// On a base below the campaign's min_base the change is in units only.
			if c.Rel == nil || (c.Value != nil && *c.Value < r.Campaign.Publication.MinBase) {
				notNumber(col+2, row+1+i, "relative change vs "+c.Baseline)
			} else if got := number(sheet, col+2, row+1+i); math.Abs(got-*c.Rel) > 1e-12 {
				t.Errorf("%s: %s relative change vs %s = %v, metrics.json %v", path, fig.ID, c.Baseline, got, *c.Rel)
			}
		}
	}
}

// TestReportDetailListsThePeriodsCalls runs report --detail on the calls of the figures fixture with
// the sample campaign narrowed to the fixture's two days: both workbooks gain a Detail sheet with the
// ten calls of the period in the order received; without the flag they have none.
func TestReportDetailListsThePeriodsCalls(t *testing.T) {
	dir := t.TempDir()
	warehouseFile := filepath.Join(dir, "w.duckdb")
	fixtures := filepath.Join("..", "..", "metrics", "figures", "testdata")
	code, _, stderr := runCLI(t, "ingest", "--warehouse", warehouseFile, "--profile", filepath.Join(fixtures, "calls-profile.yaml"), filepath.Join(fixtures, "calls.csv"))
	if code != exitOK {
		t.Fatalf("ingest exited %d: %s", code, stderr)
	}
	sample, err := os.ReadFile(filepath.Join("..", "..", "sample-data", "campaign.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	narrowed := strings.Replace(string(sample), "end: 2022-07-31", "end: 2022-05-02", 1)
	if narrowed == string(sample) {
		t.Fatal("the sample campaign no longer ends on 2022-07-31; update this test")
	}
	config := filepath.Join(dir, "campaign.yaml")
	if err := os.WriteFile(config, []byte(narrowed), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		flags  []string
		sheets map[string]string // workbook: Detail sheet, "" for none
	}{
		{[]string{"--detail"}, map[string]string{"internal/summary.zh.xlsx": "明细", "internal/summary.en.xlsx": "Detail"}},
		{nil, map[string]string{"internal/summary.zh.xlsx": "", "internal/summary.en.xlsx": ""}},
	} {
		out := filepath.Join(dir, "out"+strings.Join(tc.flags, ""))
		args := append([]string{"report", "--config", config, "--warehouse", warehouseFile, "--out", out}, tc.flags...)
		if code, _, stderr := runCLI(t, args...); code != exitOK {
			t.Fatalf("%q exited %d: %s", args, code, stderr)
		}
		for name, sheet := range tc.sheets {
			f, err := excelize.OpenFile(filepath.Join(out, name))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sheets := f.GetSheetList()
			if sheet == "" {
				if slices.Contains(sheets, "Detail") || slices.Contains(sheets, "明细") {
					t.Errorf("%s without --detail: sheets %q, want no Detail sheet", name, sheets)
				}
				continue
			}
			if sheets[len(sheets)-1] != sheet || slices.Index(sheets, sheet) != len(sheets)-1 {
				t.Fatalf("%s: sheets %q, want one %q, last", name, sheets, sheet)
			}
			rows, err := f.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, row := range rows[1:] {
				ids = append(ids, row[0])
			}
			// C10 and C11 fall outside the period (see figures' tests).
			if want := []string{"C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C12", "C9"}; !slices.Equal(ids, want) {
				t.Errorf("%s: calls %q, want %q", name, ids, want)
			}
		}
	}
}

// TestRunWritesNoSampleDataUnlessAsked runs the batch on an empty and on a mistyped input folder
// without --sample: each fails with a message that names the folder (and, for the empty one,
// --sample), writes nothing into the folder and creates no warehouse.
func TestRunWritesNoSampleDataUnlessAsked(t *testing.T) {
	dir := t.TempDir()
	config := filepath.Join("..", "..", "sample-data", "campaign.yaml")
	empty := filepath.Join(dir, "exports")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, input := range []string{empty, filepath.Join(dir, "exprots")} {
		warehouseFile := filepath.Join(dir, "w.duckdb")
		code, _, stderr := runCLI(t, "run", "--config", config, "--input", input, "--warehouse", warehouseFile, "--out", filepath.Join(dir, "out"))
		if code != exitFailure || !strings.Contains(stderr, input) {
			t.Errorf("run --input %s exited %d (want %d) with %q; want the folder named", input, code, exitFailure, stderr)
		}
		if input == empty && !strings.Contains(stderr, "--sample") {
			t.Errorf("run on an empty folder does not point to --sample: %q", stderr)
		}
		if entries, _ := os.ReadDir(empty); len(entries) > 0 {
			t.Errorf("run wrote %d files into the empty folder", len(entries))
		}
		if _, err := os.Stat(warehouseFile); err == nil {
			t.Errorf("run --input %s created the warehouse", input)
		}
	}
}

// TestAFailedRunLeavesTheWarehouseAsItWas runs the batch on a folder whose first file ingests and
// whose second is refused (no district column): the run fails, and the first file's calls, its
// quarantine and its ingest log entry are gone again; a run on the good file alone then loads it.
func TestAFailedRunLeavesTheWarehouseAsItWas(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "exports")
	if err := os.Mkdir(input, 0o755); err != nil {
		t.Fatal(err)
	}
	copyFile := func(from, to string) {
		t.Helper()
		data, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(input, to), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copyFile(filepath.Join("..", "..", "ingest", "testdata", "calls_faults.csv"), "a-calls-2022-05.csv")
	copyFile(filepath.Join("..", "..", "ingest", "testdata", "bad", "missing-required-column.csv"), "b-calls-2022-05.csv")
	config := filepath.Join("..", "..", "sample-data", "campaign.yaml")
	warehouseFile := filepath.Join(dir, "w.duckdb")
	args := []string{"run", "--config", config, "--input", input, "--warehouse", warehouseFile, "--out", filepath.Join(dir, "out")}
	code, _, stderr := runCLI(t, args...)
	if code != exitFailure || !strings.Contains(stderr, "b-calls-2022-05.csv") || !strings.Contains(stderr, "taken out again") {
		t.Fatalf("run exited %d with %q; want a failure naming the refused file and saying the run was undone", code, stderr)
	}
	count := func() (calls, files, quarantined int) {
		t.Helper()
		w, err := warehouse.Open(context.Background(), warehouseFile, "Asia/Shanghai")
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		if err := w.DB.QueryRow("SELECT (SELECT count(*) FROM calls), (SELECT count(*) FROM ingest_files), (SELECT count(*) FROM quarantine)").Scan(&calls, &files, &quarantined); err != nil {
			t.Fatal(err)
		}
		return calls, files, quarantined
	}
	if calls, files, quarantined := count(); calls != 0 || files != 0 || quarantined != 0 {
		t.Errorf("after the failed run the warehouse holds %d calls, %d files, %d quarantined rows; want none", calls, files, quarantined)
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
		t.Error("the failed run wrote outputs")
	}
	// The good file alone: 5 calls loaded, 8 rows quarantined (counted by hand in ingest's tests).
	if err := os.Remove(filepath.Join(input, "b-calls-2022-05.csv")); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, args...); code != exitOK {
		t.Fatalf("second run exited %d: %s", code, stderr)
	}
	if calls, files, quarantined := count(); calls != 5 || files != 1 || quarantined != 8 {
		t.Errorf("after the second run: %d calls, %d files, %d quarantined; want 5, 1, 8", calls, files, quarantined)
	}
}
