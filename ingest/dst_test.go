package ingest

import (
	"context"
	"testing"
)

// TestDaylightSavingChangesAreNotGuessedSilently reads calls in America/Los_Angeles around the
// changes of 2022: 02:30 on 13 March did not exist (the clocks went from 2:00 to 3:00), 01:30 on
// 6 November happened twice (1:00 to 2:00 repeated). The first is an unreadable time
// (quarantined), the second is kept as its first occurrence and flagged ambiguous_time; times
// away from the changes are neither.
func TestDaylightSavingChangesAreNotGuessedSilently(t *testing.T) {
	profile, err := ParseProfile("la.yaml", []byte("name: la\ntable: calls\ntime_zone: America/Los_Angeles\ntime_layouts: [canonical]\nsame_names: true\nchecks:\n  outside_period: off\n"))
	if err != nil {
		t.Fatal(err)
	}
	path := writeExport(t, t.TempDir(), "calls.csv", `call_id,received_at,channel,category,district
D1,2022-03-13 01:30:00,phone,traffic,B01
D2,2022-03-13 02:30:00,phone,traffic,B01
D3,2022-03-13 03:30:00,phone,traffic,B01
D4,2022-11-06 01:30:00,phone,traffic,B01
D5,2022-11-06 02:30:00,phone,traffic,B01
`)
	w := openWarehouse(t)
	res, err := File(context.Background(), w, path, Options{Profile: profile})
	if err != nil {
		t.Fatal(err)
	}
	if res.Loaded != 4 || res.Quarantined != 1 || res.ByCheck["unparsable_time"] != 1 || res.ByCheck["ambiguous_time (flag)"] != 1 {
		t.Errorf("loaded %d, quarantined %d, by check %v; want 4 loaded, D2 unparsable, D4 flagged ambiguous", res.Loaded, res.Quarantined, res.ByCheck)
	}
	var d4 string
	// The first 01:30 of 6 November is PDT, UTC-7: 08:30 UTC.
	if err := w.DB.QueryRow("SELECT strftime(timezone('UTC', received_at), '%H:%M') FROM calls WHERE call_id = 'D4'").Scan(&d4); err != nil || d4 != "08:30" {
		t.Errorf("D4 read as %s UTC (%v), want 08:30, the first 01:30", d4, err)
	}
}
