package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"bulletin/bench"
)

func TestVersionOf(t *testing.T) {
	build := func(version string, settings ...string) *debug.BuildInfo {
		info := &debug.BuildInfo{Main: debug.Module{Path: "bulletin", Version: version}}
		for i := 0; i+1 < len(settings); i += 2 {
			info.Settings = append(info.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return info
	}
	for _, tc := range []struct {
		name    string
		release string
		info    *debug.BuildInfo
		want    string
	}{
		{"release flag wins", "v2.0.0", build("v1.0.0"), "v2.0.0"},
		{"module version", "", build("v1.3.0"), "v1.3.0"},
		{"devel with a commit", "", build("(devel)", "vcs", "git", "vcs.revision", "0123456789abcdef0123", "vcs.modified", "false"), "(devel) 0123456789ab"},
		{"devel with changes", "", build("(devel)", "vcs.revision", "0123456789abcdef0123", "vcs.modified", "true"), "(devel) 0123456789ab-dirty"},
		{"devel without vcs", "", build("(devel)"), "(devel)"},
		{"test binary", "", build(""), "(devel)"},
		{"no build information", "", nil, "(devel)"},
	} {
		if got := versionOf(tc.release, tc.info); got != tc.want {
			t.Errorf("%s: versionOf = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestVersionCommandPrintsTheVersion(t *testing.T) {
	want := "bulletin " + programVersion() + "\n"
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, stdout, stderr := runCLI(t, args...)
		if code != exitOK || stdout != want || stderr != "" {
			t.Errorf("bulletin %v: exit %d, stdout %q, stderr %q; want 0 and %q", args, code, stdout, stderr, want)
		}
	}
	if code, _, _ := runCLI(t, "version", "extra"); code != exitUsage {
		t.Errorf("bulletin version extra: exit %d, want %d", code, exitUsage)
	}
}

func TestGenerationTime(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  time.Time
		fails bool
	}{
		{"", time.Time{}, false},
		{"0", time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{"1659398400", time.Date(2022, 8, 2, 0, 0, 0, 0, time.UTC), false},
		{"1700000000", time.Date(2023, 11, 14, 22, 13, 20, 0, time.UTC), false},
		{"2022-08-02", time.Time{}, true},
		{"-5", time.Time{}, true},
	} {
		got, err := generationTime(tc.value)
		if (err != nil) != tc.fails || !got.Equal(tc.want) {
			t.Errorf("generationTime(%q) = %v, %v; want %v (fails %v)", tc.value, got, err, tc.want, tc.fails)
		}
	}
}

// TestReportStampsVersionAndGenerationTime writes a report with SOURCE_DATE_EPOCH set and one
// without, and reads the stamp back from metrics.json, the workbook's properties and the gallery.
func TestReportStampsVersionAndGenerationTime(t *testing.T) {
	dir := t.TempDir()
	warehouseFile := filepath.Join(dir, "w.duckdb")
	config := filepath.Join("..", "..", "sample-data", "campaign.yaml")
	calls := filepath.Join(dir, bench.Month{Year: 2022, Month: time.June}.CallsFileName())
	if _, err := bench.GenerateFile(context.Background(), calls, bench.GenerateOptions{Calls: 2000, Month: bench.Month{Year: 2022, Month: time.June}}); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "ingest", "--warehouse", warehouseFile, calls); code != exitOK {
		t.Fatalf("ingest: exit %d:\n%s", code, stderr)
	}
	for _, tc := range []struct {
		epoch string
		want  string // RFC 3339, UTC
	}{
		{"1700000000", "2023-11-14T22:13:20Z"},
		{"", "2022-08-02T00:00:00Z"}, // the sample campaign's publication date
	} {
		t.Setenv(sourceDateEpoch, tc.epoch)
		out := filepath.Join(dir, "out"+tc.epoch)
		if code, _, stderr := runCLI(t, "report", "--warehouse", warehouseFile, "--config", config, "--out", out); code != exitOK {
			t.Fatalf("report with %s=%q: exit %d:\n%s", sourceDateEpoch, tc.epoch, code, stderr)
		}
		data, err := os.ReadFile(filepath.Join(out, "internal", "metrics.json"))
		if err != nil {
			t.Fatal(err)
		}
		var top struct {
			Classification string `json:"classification"`
			Generator      struct {
				Version     string `json:"version"`
				GeneratedAt string `json:"generated_at"`
			} `json:"generator"`
		}
		if err := json.Unmarshal(data, &top); err != nil {
			t.Fatal(err)
		}
		if top.Classification != "internal" || top.Generator.Version != programVersion() || top.Generator.GeneratedAt != tc.want {
			t.Errorf("%s=%q: metrics.json %+v, want internal by %s at %s", sourceDateEpoch, tc.epoch, top, programVersion(), tc.want)
		}
		f, err := excelize.OpenFile(filepath.Join(out, "internal", "summary.zh.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		props, err := f.GetDocProps()
		f.Close()
		if err != nil || props.Created != tc.want || props.Modified != tc.want || props.Version != programVersion() || props.Category != "内部资料" {
			t.Errorf("%s=%q: workbook properties %+v (%v), want created and modified %s", sourceDateEpoch, tc.epoch, props, err, tc.want)
		}
		gallery, err := os.ReadFile(filepath.Join(out, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if footer := "由 bulletin " + programVersion() + " 生成于 " + tc.want; !strings.Contains(string(gallery), footer) {
			t.Errorf("%s=%q: the gallery lacks %q", sourceDateEpoch, tc.epoch, footer)
		}
	}
	t.Setenv(sourceDateEpoch, "yesterday")
	code, _, stderr := runCLI(t, "report", "--warehouse", warehouseFile, "--config", config, "--out", filepath.Join(dir, "bad"))
	if code != exitFailure || !strings.Contains(stderr, sourceDateEpoch) {
		t.Errorf("report with %s=yesterday: exit %d, want %d naming the variable:\n%s", sourceDateEpoch, code, exitFailure, stderr)
	}
}
