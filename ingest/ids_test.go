package ingest

import (
	"context"
	"strings"
	"testing"
)

// TestCompositeAndGeneratedIDs reads two exports: one whose call number restarts every day, so the
// id joins the date and the number; one with no id at all, whose ids are generated from the rows.
// Counts worked out by hand from the rows below.
func TestCompositeAndGeneratedIDs(t *testing.T) {
	ctx := context.Background()
	joined, err := ParseProfile("joined.yaml", []byte(`name: joined
table: calls
time_layouts: [canonical]
fields:
  call_id: {join: [day, no]}
  received_at: at
  channel: {value: phone}
  category: type
  district: area
`))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := writeExport(t, dir, "calls-2022-05.csv", `day,no,at,type,area
20220501,1,2022-05-01 08:00:00,traffic,雨湖区
20220501,2,2022-05-01 09:00:00,traffic,雨湖区
20220502,1,2022-05-02 08:00:00,traffic,雨湖区
20220502,,2022-05-02 09:00:00,traffic,雨湖区
`)
	w := openWarehouse(t)
	res, err := File(ctx, w, path, Options{Profile: joined})
	if err != nil {
		t.Fatal(err)
	}
	// Day-numbers 1 repeat across days but the joined ids do not; the row without a number has no
	// id (required: quarantined).
	if res.Loaded != 3 || res.Quarantined != 1 {
		t.Errorf("joined ids: loaded %d, quarantined %d; want 3, 1", res.Loaded, res.Quarantined)
	}
	var ids string
	if err := w.DB.QueryRow("SELECT string_agg(call_id, ' ' ORDER BY call_id) FROM calls").Scan(&ids); err != nil || ids != "20220501-1 20220501-2 20220502-1" {
		t.Errorf("ids %q (%v)", ids, err)
	}

	generated, err := ParseProfile("generated.yaml", []byte(`name: generated
table: calls
time_layouts: [canonical]
fields:
  call_id: {generate: true}
  received_at: at
  channel: {value: phone}
  category: type
  district: area
`))
	if err != nil {
		t.Fatal(err)
	}
	path = writeExport(t, dir, "calls-2022-06.csv", `at,type,area
2022-06-01 08:00:00,traffic,雨湖区
2022-06-01 09:00:00,traffic,岳塘区
2022-06-01 08:00:00,traffic,雨湖区
`)
	w = openWarehouse(t)
	res, err = File(ctx, w, path, Options{Profile: generated})
	if err != nil {
		t.Fatal(err)
	}
	// The third row repeats the first exactly: the same generated id, a duplicate.
	if res.Loaded != 2 || res.Duplicates != 1 {
		t.Errorf("generated ids: loaded %d, duplicates %d; want 2, 1", res.Loaded, res.Duplicates)
	}
	var n int
	if err := w.DB.QueryRow("SELECT count(*) FROM calls WHERE call_id LIKE 'row-%' AND length(call_id) = 20").Scan(&n); err != nil || n != 2 {
		t.Errorf("%d generated ids of the form row-<16 hex digits> (%v); want 2", n, err)
	}
}

func TestJoinAndGenerateAreValidated(t *testing.T) {
	base := "name: x\ntable: calls\nfields:\n  received_at: at\n  channel: {value: phone}\n  category: type\n  district: area\n"
	for mapping, want := range map[string]string{
		"  call_id: {join: [a]}\n":                    "join names two columns or more",
		"  call_id: {join: [a, b], column: c}\n":      "give exactly one of",
		"  call_id: id\n  priority: {join: [a, b]}\n": "join and generate make text fields",
	} {
		if _, err := ParseProfile("x.yaml", []byte(base+mapping)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", mapping, err, want)
		}
	}
}

// TestHeaderlessFileMapsColumnsByPosition reads a CSV without a header row through a profile that
// names its columns "1", "2", ...: the first line is a call, and lines are counted from 1.
func TestHeaderlessFileMapsColumnsByPosition(t *testing.T) {
	profile, err := ParseProfile("bare.yaml", []byte(`name: bare
table: calls
source: {headerless: true}
time_layouts: [canonical]
fields:
  call_id: "1"
  received_at: "2"
  category: "3"
  district: "4"
  channel: {value: phone}
`))
	if err != nil {
		t.Fatal(err)
	}
	path := writeExport(t, t.TempDir(), "calls-2022-05.csv", "H1,2022-05-01 08:00:00,traffic,雨湖区\nH2,2022-05-01 09:00:00,fire,岳塘区\nH3,not a time,fire,岳塘区\n")
	w := openWarehouse(t)
	res, err := File(context.Background(), w, path, Options{Profile: profile})
	if err != nil {
		t.Fatal(err)
	}
	if res.RowsRead != 3 || res.Loaded != 2 || res.Quarantined != 1 {
		t.Errorf("read %d, loaded %d, quarantined %d; want 3, 2, 1", res.RowsRead, res.Loaded, res.Quarantined)
	}
	var lines string
	if err := w.DB.QueryRow("SELECT string_agg(call_id || '@' || line, ' ' ORDER BY line) FROM calls").Scan(&lines); err != nil || lines != "H1@1 H2@2" {
		t.Errorf("calls at lines %q (%v), want H1@1 H2@2", lines, err)
	}
	var qline int
	if err := w.DB.QueryRow("SELECT line FROM quarantine").Scan(&qline); err != nil || qline != 3 {
		t.Errorf("quarantined line %d (%v), want 3", qline, err)
	}
}
