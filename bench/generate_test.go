package bench

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"bulletin/ingest"
	"bulletin/sample-data/synth"
	"bulletin/warehouse"
)

// numCategories is the number of categories the generated calls are drawn from.
var numCategories = len(synth.Codes("category"))

// TestGenerateWritesSynthsMonth checks that Generate is synth's fast mode: the same bytes and
// summary for the same options, with the canonical header.
func TestGenerateWritesSynthsMonth(t *testing.T) {
	opts := GenerateOptions{Calls: 3000, Seed: 7}
	var got, want bytes.Buffer
	sum, err := Generate(context.Background(), &got, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := synth.WriteMonth(context.Background(), &want, synth.MonthOptions{Calls: 3000, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) || sum.Calls != 3000 || sum.Bytes != int64(got.Len()) {
		t.Fatalf("Generate wrote %d bytes (summary %+v), synth.WriteMonth %d", got.Len(), sum, want.Len())
	}
	if header, _, _ := strings.Cut(got.String(), "\n"); header != CallsHeader {
		t.Errorf("header %q", header)
	}
}

// TestGeneratedCallsAllLoad ingests a generated file: every row is loaded, none quarantined, none a
// duplicate, through the canonical profile that ingest picks by the header.
func TestGeneratedCallsAllLoad(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, DefaultMonth.CallsFileName())
	if _, err := GenerateFile(ctx, path, GenerateOptions{Calls: 3000}); err != nil {
		t.Fatal(err)
	}
	w, err := warehouse.Open(ctx, filepath.Join(dir, "w.duckdb"), "Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	res, err := ingest.File(ctx, w, path, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Profile != "canonical" || res.RowsRead != 3000 || res.Loaded != 3000 || res.Quarantined != 0 || res.Duplicates != 0 {
		t.Fatalf("ingest: profile %s, read %d, loaded %d, quarantined %d, duplicates %d; want canonical, 3000, 3000, 0, 0",
			res.Profile, res.RowsRead, res.Loaded, res.Quarantined, res.Duplicates)
	}
	// Only the responses over the two-hour ceiling are flagged, and nothing falls outside the month.
	for check := range res.ByCheck {
		if !strings.HasPrefix(check, "interval_ceiling") {
			t.Errorf("ingest found %d faults of check %s", res.ByCheck[check], check)
		}
	}
}
