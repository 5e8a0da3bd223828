package ingest

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestNestedValuesInReadColumnsAreQuarantined ingests JSON lines and Parquet exports in which some
// values are nested. A nested value in a column a field reads quarantines its row (naming the
// key or column); one in a column no field reads is ignored with the column. Counts by hand from
// the rows below.
func TestNestedValuesInReadColumnsAreQuarantined(t *testing.T) {
	ctx := context.Background()
	profile, err := ParseProfile("p.yaml", []byte("name: p\ntable: calls\ntime_layouts: [canonical]\nsame_names: true\nchecks:\n  outside_period: off\n"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := writeExport(t, dir, "calls.jsonl", `{"call_id": "J1", "received_at": "2022-05-01 08:00:00", "channel": "phone", "category": "traffic", "district": "B01", "extra": {"a": 1}}
{"call_id": "J2", "received_at": "2022-05-01 08:00:00", "channel": "phone", "category": "traffic", "district": {"name": "B01"}}
{"call_id": "J3", "received_at": "2022-05-01 08:00:00", "channel": "phone", "category": [{"code": 1}], "district": "B01"}
{"call_id": "J4", "received_at": "2022-05-01 08:00:00", "channel": "phone", "category": "traffic", "district": "B02", "linked_agencies": ["fire", "medical"]}
`)
	w := openWarehouse(t)
	res, err := File(ctx, w, path, Options{Profile: profile})
	if err != nil {
		t.Fatal(err)
	}
	// J1's nested extra is not read; J4's list of scalars is a list. J2 and J3 are quarantined.
	if res.Loaded != 2 || res.Quarantined != 2 {
		t.Errorf("json lines: loaded %d, quarantined %d (by check %v); want 2, 2", res.Loaded, res.Quarantined, res.ByCheck)
	}
	var reasons string
	if err := w.DB.QueryRow("SELECT string_agg(reason, ' | ' ORDER BY line) FROM quarantine").Scan(&reasons); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(reasons, `line 2: key "district" holds a nested value`) || !strings.Contains(reasons, `line 3: key "category" holds a nested value`) {
		t.Errorf("reasons %q; want line 2 district and line 3 category named as nested", reasons)
	}

	parquet := filepath.Join(dir, "calls.parquet")
	if _, err := w.DB.Exec(`COPY (SELECT * FROM (VALUES
		('P1', '2022-05-01 08:00:00', 'phone', 'traffic', {'name': 'B01'}, {'x': 1}),
		('P2', '2022-05-01 08:00:00', 'phone', 'traffic', NULL, {'x': 2})
	) v(call_id, received_at, channel, category, district, extra)) TO '` + parquet + `' (FORMAT parquet)`); err != nil {
		t.Fatal(err)
	}
	w = openWarehouse(t)
	res, err = File(ctx, w, parquet, Options{Profile: profile})
	if err != nil {
		t.Fatal(err)
	}
	// P1's district is a struct: a malformed row. P2's is NULL, not recorded, which is not nested
	// but a missing required value (its struct extra, read by no field, is not refused).
	if res.Loaded != 0 || res.ByCheck["malformed_row"] != 1 || res.ByCheck["required"] != 1 {
		t.Errorf("parquet: loaded %d, by check %v; want none loaded, 1 malformed_row, 1 required", res.Loaded, res.ByCheck)
	}
	var reason string
	if err := w.DB.QueryRow("SELECT reason FROM quarantine WHERE line = 1").Scan(&reason); err != nil || !strings.Contains(reason, `column "district" holds a nested value (STRUCT`) {
		t.Errorf("parquet reason %q (%v); want the district column named as nested", reason, err)
	}
}
