package ingest

import (
	"context"
	"strings"
	"testing"

	"bulletin/warehouse"
)

// TestDeclaredPeriodIsCutInTheFilesZone ingests a July file read in America/Los_Angeles into a
// warehouse set to Asia/Shanghai (openWarehouse): a call at 20:00 on 31 July Pacific time (already
// 1 August in Shanghai) is inside the file's month, one at 00:30 on 1 August is outside it. The
// month was once cut in the warehouse's zone, flagging the first.
func TestDeclaredPeriodIsCutInTheFilesZone(t *testing.T) {
	profile, err := ParseProfile("pacific.yaml", []byte(`name: pacific
table: calls
time_zone: America/Los_Angeles
time_layouts: [canonical]
same_names: true
checks:
  outside_period: flag
`))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := writeExport(t, dir, "calls-2022-07.csv", `call_id,received_at,channel,category,district
P1,2022-07-01 00:10:00,phone,traffic,B01
P2,2022-07-31 20:00:00,phone,traffic,B01
P3,2022-08-01 00:30:00,phone,traffic,B01
`)
	w := openWarehouse(t)
	res, err := File(context.Background(), w, path, Options{Profile: profile})
	if err != nil {
		t.Fatal(err)
	}
	if res.Loaded != 3 || res.Flagged != 1 {
		t.Errorf("loaded %d, flagged %d (%v); want 3 loaded and 1 flagged outside the period (P3)", res.Loaded, res.Flagged, res.ByCheck)
	}
	var flagged string
	if err := w.DB.QueryRow("SELECT string_agg(record_key, ',') FROM flags WHERE check_name = 'outside_period'").Scan(&flagged); err != nil {
		t.Fatal(err)
	}
	if flagged != "P3" {
		t.Errorf("flagged %q outside the period, want P3", flagged)
	}
}

// TestTheMachinesZoneIsRefused: a profile, a campaign (see package campaign's tests) and the
// warehouse refuse time_zone Local, the zone of whatever machine runs the batch.
func TestTheMachinesZoneIsRefused(t *testing.T) {
	_, err := ParseProfile("local.yaml", []byte("name: local\ntable: calls\ntime_zone: Local\nsame_names: true\n"))
	if err == nil || !strings.Contains(err.Error(), "local.yaml:3") {
		t.Errorf("profile with time_zone Local: %v, want an error at line 3", err)
	}
	if _, err := warehouse.Open(context.Background(), "", "Local"); err == nil {
		t.Error("warehouse opened with the zone Local")
	}
}

// TestFlagTimesAreWrittenInTheFilesZone reads a Los Angeles export into a warehouse whose
// connections are in Asia/Shanghai: the times in the flags' values and reasons are the file's own
// (as the export writes them), not Shanghai's, 15 hours ahead.
func TestFlagTimesAreWrittenInTheFilesZone(t *testing.T) {
	profile, err := ParseProfile("la.yaml", []byte("name: la\ntable: calls\ntime_zone: America/Los_Angeles\ntime_layouts: [canonical]\nsame_names: true\nchecks:\n  interval_order: flag\n"))
	if err != nil {
		t.Fatal(err)
	}
	path := writeExport(t, t.TempDir(), "calls-2022-05.csv", `call_id,received_at,dispatched_at,channel,category,district
Z1,2022-05-01 08:00:00,2022-05-01 07:59:00,phone,traffic,B01
Z2,2022-06-01 00:30:00,,phone,traffic,B01
`)
	w := openWarehouse(t)
	if _, err := File(context.Background(), w, path, Options{Profile: profile}); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := w.DB.QueryRow("SELECT string_agg(record_key || ' ' || check_name || ' ' || value || ': ' || reason, ' | ' ORDER BY record_key) FROM flags").Scan(&got); err != nil {
		t.Fatal(err)
	}
	want := "Z1 interval_order 2022-05-01 07:59:00: dispatched_at 2022-05-01 07:59:00 is before received_at 2022-05-01 08:00:00" +
		" | Z2 outside_period 2022-06-01 00:30:00: received_at 2022-06-01 00:30:00 is outside the file's period 2022-05"
	if got != want {
		t.Errorf("flags\n got %s\nwant %s", got, want)
	}
}
