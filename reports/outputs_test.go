package reports

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"bulletin/metrics"
)

func TestWriteProducesEveryOutputAndReplacesTheFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, "stale.txt")
	if err := os.WriteFile(stale, []byte("from an older run"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := bulletinReport()
	names, err := Write(context.Background(), dir, r, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"assets", "bulletin.en.md", "bulletin.zh.md", "charts", "index.en.html", "index.html", "metrics.json", "quality.csv", "summary.en.xlsx", "summary.zh.xlsx"}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if !slices.Equal(got, want) {
		t.Errorf("folder holds %v, want %v", got, want)
	}
	slices.Sort(names)
	if !slices.Equal(names, want) {
		t.Errorf("Write returned %v, want %v", names, want)
	}
	data, err := os.ReadFile(filepath.Join(dir, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	var back metrics.Report
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if back.Schema != metrics.SchemaVersion || back.Headline[0].Value != 21746 || back.Response.Compliance.Thresholds[2].Within != 36 {
		t.Errorf("metrics.json round trip: schema %s, first figure %d, within 5 min %d", back.Schema, back.Headline[0].Value, back.Response.Compliance.Thresholds[2].Within)
	}
}

func TestWriteFailureKeepsPreviousOutputs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if _, err := Write(context.Background(), dir, bulletinReport(), Options{}); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(filepath.Join(dir, "bulletin.zh.md"))
	if err != nil {
		t.Fatal(err)
	}
	// The plain fixture lacks figures the built-in templates name, so rendering the bulletin fails.
	if _, err := Write(context.Background(), dir, fixtureReport(), Options{}); err == nil {
		t.Fatal("Write with a template naming a missing figure succeeded")
	}
	after, err := os.ReadFile(filepath.Join(dir, "bulletin.zh.md"))
	if err != nil || string(after) != string(before) {
		t.Errorf("previous bulletin changed or vanished after a failed run (err %v)", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Errorf("a failed run left %d entries beside the output folder, want only the folder", len(entries))
	}
}
