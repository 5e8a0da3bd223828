package ingest

import (
	"context"
	"strings"
	"testing"
)

// TestDurationColumnsGiveClockPoints reads an export that gives response durations instead of
// the times they end: seconds to arrival, mm:ss or h:mm:ss to dispatch, and the time on scene as
// Excel stores a duration (a fraction of a day), counted from arrival. The expected gaps are worked
// out by hand from the rows below.
func TestDurationColumnsGiveClockPoints(t *testing.T) {
	profile, err := ParseProfile("durations.yaml", []byte(`name: durations
table: calls
time_layouts: [canonical]
fields:
  call_id: id
  received_at: at
  channel: {value: phone}
  category: type
  district: area
  dispatched_at: {after: received_at, duration: {column: 派警用时, unit: clock}}
  arrived_at: {after: received_at, duration: {column: 到场秒数}}
  closed_at: {after: arrived_at, duration: {column: 处置时长, unit: excel}}
`))
	if err != nil {
		t.Fatal(err)
	}
	path := writeExport(t, t.TempDir(), "calls-2022-05.csv", `id,at,type,area,派警用时,到场秒数,处置时长
A1,2022-05-01 08:00:00,traffic,雨湖区,0:01:30,300,0.5
A2,2022-05-01 09:00:00,traffic,雨湖区,2:00,,0.25
A3,2022-05-01 10:00:00,traffic,雨湖区,,90.4,0.0104166667
A4,2022-05-01 11:00:00,traffic,雨湖区,0:01:00,五分钟,
`)
	w := openWarehouse(t)
	res, err := File(context.Background(), w, path, Options{Profile: profile})
	if err != nil {
		t.Fatal(err)
	}
	// A4's arrival is not a number: an invalid value, which quarantines the row.
	if res.Loaded != 3 || res.Quarantined != 1 || res.ByCheck["invalid_value"] != 1 {
		t.Fatalf("loaded %d, quarantined %d, by check %v; want 3, 1 invalid_value", res.Loaded, res.Quarantined, res.ByCheck)
	}
	rows, err := w.DB.Query(`SELECT call_id,
		coalesce(CAST(epoch(dispatched_at) - epoch(received_at) AS VARCHAR), '-'),
		coalesce(CAST(epoch(arrived_at) - epoch(received_at) AS VARCHAR), '-'),
		coalesce(CAST(epoch(closed_at) - epoch(arrived_at) AS VARCHAR), '-')
		FROM calls ORDER BY call_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var id, d, a, c string
		if err := rows.Scan(&id, &d, &a, &c); err != nil {
			t.Fatal(err)
		}
		got = append(got, id+" "+d+" "+a+" "+c)
	}
	// A1: 1 min 30 s to dispatch, 300 s to arrive, half a day (43200 s) on scene.
	// A2: mm:ss 2:00 is 120 s; no arrival, so no close either.
	// A3: no dispatch; 90.4 s rounds to 90; 0.0104166667 day is 900 s (15 min).
	want := []string{"A1 90.0 300.0 43200.0", "A2 120.0 - -", "A3 - 90.0 900.0"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("gaps (dispatch, arrival, on scene)\n got %q\nwant %q", got, want)
	}
}

// TestDurationMappingsAreChecked refuses duration mappings that cannot be read.
func TestDurationMappingsAreChecked(t *testing.T) {
	for _, tc := range []struct{ name, field, want string }{
		{"no after", "arrived_at: {duration: {column: s}}", "after and duration go together"},
		{"no duration", "arrived_at: {after: received_at}", "after and duration go together"},
		{"later point", "dispatched_at: {after: arrived_at, duration: {column: s}}", "after names a clock point before dispatched_at"},
		{"not a clock point", "arrived_at: {after: district, duration: {column: s}}", "after names a clock point"},
		{"unknown unit", "arrived_at: {after: received_at, duration: {column: s, unit: hours}}", "duration needs a column and a unit"},
		{"no column", "arrived_at: {after: received_at, duration: {unit: seconds}}", "duration needs a column and a unit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseProfile("p.yaml", []byte("name: p\ntable: calls\nsame_names: true\nfields:\n  "+tc.field+"\n"))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v; want it to say %q", err, tc.want)
			}
		})
	}
}
