package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"bulletin/warehouse"
)

// fieldsOfLines splits every printed line into its space-separated fields.
func fieldsOfLines(text string) [][]string {
	var lines [][]string
	for line := range strings.Lines(text) {
		lines = append(lines, strings.Fields(line))
	}
	return lines
}

// hasLine reports whether one of lines starts with the fields want.
func hasLine(lines [][]string, want ...string) bool {
	return slices.ContainsFunc(lines, func(fields []string) bool {
		return len(fields) >= len(want) && slices.Equal(fields[:len(want)], want)
	})
}

// readCSV reads a CSV file written by the quality command, without its byte-order mark.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	content, ok := bytes.CutPrefix(data, []byte("\xEF\xBB\xBF"))
	if !ok {
		t.Errorf("%s has no UTF-8 byte-order mark", path)
	}
	records, err := csv.NewReader(bytes.NewReader(content)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return records
}

// TestQualityPrintsAndWritesTheFixtureWarehouse runs the quality command on the hand-made warehouse
// of metrics/figures/testdata/quality.sql, whose figures the tests of package figures work out: three files
// count (the fourth was replaced), 18 rows read, 11 loaded, 6 quarantined, 1 duplicate, 5 flagged,
// 10 records, 6 flags.
func TestQualityPrintsAndWritesTheFixtureWarehouse(t *testing.T) {
	dir := t.TempDir()
	warehouseFile := filepath.Join(dir, "w.duckdb")
	fixture, err := os.ReadFile(filepath.Join("..", "..", "metrics", "figures", "testdata", "quality.sql"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := warehouse.Open(context.Background(), warehouseFile, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.DB.Exec(string(fixture)); err != nil {
		t.Fatal(err)
	}
	w.Close()

	csvFile := filepath.Join(dir, "q.csv")
	code, stdout, stderr := runCLI(t, "quality", "--warehouse", warehouseFile, "--csv", csvFile)
	if code != exitOK {
		t.Fatalf("quality exited %d:\n%s", code, stderr)
	}
	lines := fieldsOfLines(stdout)
	for _, want := range [][]string{
		{"Data", "quality", "of", "the", "whole", "warehouse:", "3", "files,"},
		{"total", "quarantine", "6"},                                   // 2 + 1 + 1 + 1 + 1
		{"total", "flag", "6"},                                         // 4 + 1 + 1
		{"interval_order", "flag", "4", "calls-a.csv:2", "arrived_at"}, // the replaced file's flag left out
		{"calls-b.csv", "calls", "xt-units", "csv+gzip", "gb18030", "5", "3", "2", "0", "2", "2"},
		{"activities.csv", "activities", "3", "2", "1", "0", "0", "2"}, // no profile, format, encoding
		{"total", "18", "11", "6", "1", "5", "10"},
		{"岳塘区", "interval_order", "0", "2"},
		{"(unknown)", "field_count", "1", "0"},
		{"total", "6", "6"},
	} {
		if !hasLine(lines, want...) {
			t.Errorf("stdout has no line starting %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, csvFile) {
		t.Errorf("stderr does not name the CSV written:\n%s", stderr)
	}

	records := readCSV(t, csvFile)
	// Header, 2 totals, 8 checks, 11 examples (interval_order 3, unparsable_time 2, the six others
	// 1), 10 file tallies (5 + 4 + 1), 10 district tallies (3 + 1 + 4 + 2).
	if len(records) != 1+2+8+11+10+10 {
		t.Errorf("%d CSV records, want 42", len(records))
	}
	for _, want := range [][]string{
		{"total", "", "quarantine", "", "", "6", "", "", "", "", ""},
		{"total", "", "flag", "", "", "6", "", "", "", "", ""},
		{"check", "interval_order", "flag", "", "", "4", "", "", "", "", ""},
		// Values that a spreadsheet would evaluate are written as text.
		{"example", "unparsable_time", "quarantine", "", "", "", "calls-b.csv", "3", "received_at", "'-1", "not a time of the form YYYY-MM-DD HH:MM:SS"},
		{"example", "unknown_value", "flag", "", "", "", "calls-b.csv", "2", "station", `'=HYPERLINK("http://x","y")`, "unknown station"},
		{"file", "invalid_value", "quarantine", "activities.csv", "", "1", "", "", "", "", ""},
		{"district", "field_count", "quarantine", "", "", "1", "", "", "", "", ""},
	} {
		if !slices.ContainsFunc(records, func(r []string) bool { return slices.Equal(r, want) }) {
			t.Errorf("CSV has no record %q", want)
		}
	}
}

// TestQualityAfterIngestCountsTheQuarantine ingests the ingest fixture calls_faults.csv, whose 14
// rows ingest's tests account for (5 loaded, 8 quarantined, 1 duplicate), and checks that the
// quality command reports the same.
func TestQualityAfterIngestCountsTheQuarantine(t *testing.T) {
	dir := t.TempDir()
	warehouseFile := filepath.Join(dir, "w.duckdb")
	fixture := filepath.Join("..", "..", "ingest", "testdata", "calls_faults.csv")
	if code, _, stderr := runCLI(t, "ingest", "--warehouse", warehouseFile, fixture); code != exitOK {
		t.Fatalf("ingest exited %d: %s", code, stderr)
	}
	csvFile := filepath.Join(dir, "quality.csv")
	code, stdout, stderr := runCLI(t, "quality", "--warehouse", warehouseFile, "--csv", csvFile)
	if code != exitOK {
		t.Fatalf("quality exited %d:\n%s", code, stderr)
	}
	lines := fieldsOfLines(stdout)
	if !hasLine(lines, "total", "quarantine", "8") || !hasLine(lines, "total", "14", "5", "8", "1") {
		t.Errorf("stdout does not total 8 quarantined of 14 rows read (5 loaded, 1 duplicate):\n%s", stdout)
	}
	var quarantined int
	for _, r := range readCSV(t, csvFile) {
		if r[0] == "check" && r[2] == "quarantine" {
			n, err := strconv.Atoi(r[5])
			if err != nil {
				t.Fatalf("count %q: %v", r[5], err)
			}
			quarantined += n
		}
	}
	if quarantined != 8 {
		t.Errorf("CSV check rows count %d quarantined rows, want 8", quarantined)
	}
}
