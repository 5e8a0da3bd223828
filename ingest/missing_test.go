package ingest

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// TestMissingValueTokensLoadAsNotRecorded checks the values loaded from the corpus file of
// missing-value tokens: each token is a field not recorded (NULL; 0 for people_helped, an empty
// list for the agencies), never a value or a fault.
func TestMissingValueTokensLoadAsNotRecorded(t *testing.T) {
	w := openWarehouse(t)
	if _, err := File(context.Background(), w, filepath.Join("testdata", "bad", "missing-values.csv"), Options{}); err != nil {
		t.Fatal(err)
	}
	var got string
	err := w.DB.QueryRow(`SELECT string_agg(concat_ws('|', call_id, answered_at IS NULL, dispatched_at IS NULL, arrived_at IS NULL,
		closed_at IS NULL, coalesce(subcategory, '-'), coalesce(priority::VARCHAR, '-'), coalesce(station, '-'), coalesce(disposition, '-'),
		people_helped, array_to_string(linked_agencies, ';'), lat IS NULL, lon IS NULL), ' / ' ORDER BY call_id) FROM calls`).Scan(&got)
	if err != nil {
		t.Fatal(err)
	}
	want := "MV1|true|true|false|true|-|3|-|-|0||true|true / MV2|false|false|false|false|-|-|城正街派出所|resolved|0|medical|false|false"
	if got != want {
		t.Errorf("loaded\n%s\nwant\n%s", got, want)
	}
}

// TestProfileMissingValuesAndADateWithoutItsTime reads an export whose times are a date column and a
// time column, where a clock point not reached has its date but no time, and which writes "??" for
// values not recorded (the profile's missing_values): both are fields not recorded, not faults.
func TestProfileMissingValuesAndADateWithoutItsTime(t *testing.T) {
	profile, err := ParseProfile("dates.yaml", []byte(`name: dates
table: calls
time_layouts: ["2006-01-02 15:04:05"]
missing_values: ["??"]
fields:
  call_id: id
  received_at: {date: day, time: received}
  arrived_at: {date: day, time: arrived}
  channel: {value: phone}
  category: type
  district: area
`))
	if err != nil {
		t.Fatal(err)
	}
	path := writeExport(t, t.TempDir(), "calls-2022-05.csv", `id,day,received,arrived,type,area
D1,2022-05-01,08:00:00,08:06:00,traffic,雨湖区
D2,2022-05-01,09:00:00,,traffic,雨湖区
D3,2022-05-01,10:00:00,??,traffic,??
D4,2022-05-01,11:00:00,-,??,雨湖区
`)
	w := openWarehouse(t)
	res, err := File(context.Background(), w, path, Options{Profile: profile})
	if err != nil {
		t.Fatal(err)
	}
	// D3's district and D4's category are required: written "??" they are missing.
	if res.RowsRead != 4 || res.Loaded != 2 || res.Quarantined != 2 {
		t.Errorf("read %d, loaded %d, quarantined %d (%v); want 4, 2 (D1, D2), 2 (D3, D4: required)", res.RowsRead, res.Loaded, res.Quarantined, res.ByCheck)
	}
	var arrivals int
	if err := w.DB.QueryRow("SELECT count(arrived_at) FROM calls").Scan(&arrivals); err != nil || arrivals != 1 {
		t.Errorf("%d arrivals loaded (%v), want 1 (D1; D2 has its date only)", arrivals, err)
	}
}

// TestIsAbsentWhateverTheCaseAndLength checks the missing-value test on its own: the tokens in any
// case, a profile's own longer token (in characters, not bytes), and cells that only look like one.
func TestIsAbsentWhateverTheCaseAndLength(t *testing.T) {
	p, err := ParseProfile("absent.yaml", []byte("name: absent\ntable: calls\nmissing_values: [未记录的值, Not Recorded]\nfields:\n  call_id: id\n  received_at: received\n"+
		"  channel: {value: phone}\n  category: {value: fire}\n  district: {value: x}\n  disposition: {value: resolved}\n"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := newMapping(p, []string{"id", "received"}, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	for cell, want := range map[string]bool{
		"null": true, "NULL": true, "N/A": true, "-": true, "无": true, "空": true,
		"未记录的值": true, "not recorded": true, "NOT RECORDED": true,
		"": false, "nul": false, "nulls": false, "未记录的值。": false, "not recorded!": false,
		"XT000000123": false, "2022-05-01 08:00:00": false, "雨湖区": false,
	} {
		if got := m.isAbsent(cell); got != want {
			t.Errorf("isAbsent(%q) = %v; want %v", cell, got, want)
		}
	}
}
