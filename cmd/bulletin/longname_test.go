package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"bulletin/metrics"
)

// TestReportShowsALongDistrictNameCut runs the Xiangtan campaign on the sample data with a
// 2,000-character district written into three calls (which once made the workbook fail: a row
// too tall for Excel). The report succeeds; no output but metrics.json holds the whole name, and
// each output that names the district shows its first metrics.NameLimit-1 characters and "…".
func TestReportShowsALongDistrictNameCut(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "input")
	if code, _, stderr := runCLI(t, "sample", "--out", input); code != exitOK {
		t.Fatalf("sample exited %d:\n%s", code, stderr)
	}
	long := strings.Repeat("长", 2000)
	path := filepath.Join(input, "calls-2022-05.csv")
	// Line by line: the sample holds malformed rows on purpose, which a CSV reader would refuse.
	lines := strings.Split(string(mustReadFile(t, path)), "\n")
	header := strings.Split(lines[0], ",")
	column := slices.Index(header, "district")
	if column < 0 || len(lines) < 4 {
		t.Fatalf("%s: no district column or too few rows", path)
	}
	for i := 1; i <= 3; i++ {
		fields := strings.Split(lines[i], ",")
		if len(fields) != len(header) {
			t.Fatalf("%s:%d: not a plain row: %q", path, i+1, lines[i])
		}
		fields[column] = long
		lines[i] = strings.Join(fields, ",")
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}

	warehouse := filepath.Join(dir, "w.duckdb")
	if code, _, stderr := runCLI(t, "ingest", "--warehouse", warehouse, input); code != exitOK {
		t.Fatalf("ingest exited %d:\n%s", code, stderr)
	}
	out := filepath.Join(dir, "out")
	config := filepath.Join("..", "..", "sample-data", "campaign.yaml")
	if code, _, stderr := runCLI(t, "report", "--config", config, "--warehouse", warehouse, "--out", out); code != exitOK {
		t.Fatalf("report exited %d:\n%s", code, stderr)
	}

	if !strings.Contains(string(mustReadFile(t, outputPath(out, "metrics.json"))), long) {
		t.Errorf("metrics.json does not keep the whole district name")
	}
	cut := strings.Repeat("长", metrics.NameLimit-1) + "…"
	tooLong := strings.Repeat("长", metrics.NameLimit)
	shown := 0
	err := filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Base(path) == "metrics.json" {
			return err
		}
		var texts []string
		if strings.HasSuffix(path, ".xlsx") {
			for _, text := range workbookTexts(t, path) {
				texts = append(texts, text.text)
			}
		} else {
			texts = []string{string(mustReadFile(t, path))}
		}
		for _, text := range texts {
			if strings.Contains(text, tooLong) {
				t.Errorf("%s shows more than %d characters of the district name", path, metrics.NameLimit-1)
				break
			}
			if strings.Contains(text, cut) {
				shown++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if shown == 0 {
		t.Errorf("no output shows the district by its cut name %q", cut)
	}
}
