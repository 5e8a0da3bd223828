package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const canonicalHeader = "call_id,received_at,answered_at,dispatched_at,arrived_at,closed_at,channel,category,subcategory,priority,district,station,disposition,people_helped,linked_agencies,lat,lon\n"

// mayCalls is a first delivery of May: R1 and R2 load, R3's category (theft) is not one of the
// vocabulary's and is quarantined.
const mayCalls = canonicalHeader +
	"R1,2022-05-01 08:00:00,,,,,phone,traffic,,3,雨湖区,,resolved,0,,,\n" +
	"R2,2022-05-01 09:00:00,,,,,phone,dispute,,3,雨湖区,,resolved,0,,,\n" +
	"R3,2022-05-01 10:00:00,,,,,phone,theft,,3,雨湖区,,resolved,0,,,\n"

func TestReplaceSwapsACorrectedRedelivery(t *testing.T) {
	ctx := context.Background()
	w := openWarehouse(t)
	first := writeExport(t, filepath.Join(t.TempDir(), "may"), "calls-2022-05.csv", mayCalls)
	res, err := File(ctx, w, first, Options{})
	if err != nil || res.Loaded != 2 || res.Quarantined != 1 {
		t.Fatalf("first delivery: %+v, %v; want 2 loaded, 1 quarantined", res, err)
	}
	// The corrected file: R1 unchanged, R2 with another category, R3's category fixed. Without
	// --replace R1 would be a duplicate and R2 a conflict; replacing, all three load.
	fixed := writeExport(t, filepath.Join(t.TempDir(), "may-fixed"), "calls-2022-05.csv", canonicalHeader+
		"R1,2022-05-01 08:00:00,,,,,phone,traffic,,3,雨湖区,,resolved,0,,,\n"+
		"R2,2022-05-01 09:00:00,,,,,phone,public_order,,3,雨湖区,,resolved,0,,,\n"+
		"R3,2022-05-01 10:00:00,,,,,phone,criminal,,3,雨湖区,,resolved,0,,,\n")
	res, err = File(ctx, w, fixed, Options{Replace: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Loaded != 3 || res.Quarantined != 0 || res.Duplicates != 0 || res.Replaced != "calls-2022-05.csv" {
		t.Errorf("replacement: %+v; want 3 loaded, nothing else", res)
	}
	var calls, quarantined, replaced int
	var categories string
	err = w.DB.QueryRow(`SELECT (SELECT count(*) FROM calls), (SELECT count(*) FROM quarantine),
		(SELECT count(*) FROM ingest_files WHERE replaced_by IS NOT NULL),
		(SELECT string_agg(category, ',' ORDER BY call_id) FROM calls)`).Scan(&calls, &quarantined, &replaced, &categories)
	if err != nil {
		t.Fatal(err)
	}
	if calls != 3 || quarantined != 0 || replaced != 1 || categories != "traffic,public_order,criminal" {
		t.Errorf("warehouse: %d calls (%s), %d quarantined, %d files replaced; want 3 (traffic,public_order,criminal), 0, 1",
			calls, categories, quarantined, replaced)
	}

	// Replacing a file never ingested is an error and changes nothing.
	stray := writeExport(t, t.TempDir(), "calls-2022-06.csv", canonicalHeader+"R9,2022-06-01 08:00:00,,,,,phone,traffic,,3,雨湖区,,resolved,0,,,\n")
	if _, err := File(ctx, w, stray, Options{Replace: true}); err == nil || !strings.Contains(err.Error(), "nothing to replace") {
		t.Errorf("replacing an unknown file: %v; want 'nothing to replace'", err)
	}
	if err := w.DB.QueryRow("SELECT count(*) FROM calls").Scan(&calls); err != nil || calls != 3 {
		t.Errorf("after the failed replace: %d calls, %v; want 3", calls, err)
	}
}

func TestIngestingAFolderTwiceChangesNothing(t *testing.T) {
	ctx := context.Background()
	w := openWarehouse(t)
	dir := t.TempDir()
	for _, name := range []string{"calls_faults.csv", "activities.csv", "sf-fire-2022-04.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		writeExport(t, dir, name, string(data))
	}
	writeExport(t, dir, "notes.md", "not an export")
	counts := func() string {
		var s string
		err := w.DB.QueryRow(`SELECT (SELECT count(*) FROM calls) || ' ' || (SELECT count(*) FROM activities) || ' ' ||
			(SELECT count(*) FROM quarantine) || ' ' || (SELECT count(*) FROM flags) || ' ' || (SELECT count(*) FROM ingest_files)`).Scan(&s)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	paths, err := Paths([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 3 {
		t.Fatalf("Paths found %v; want the three exports", paths)
	}
	// sf-fire-2022-04.csv is picked up without --profile: its header fits the built-in profile.
	results, err := Files(ctx, w, paths, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.Loaded+r.Quarantined+r.Duplicates != r.RowsRead {
			t.Errorf("%s: %d + %d + %d != %d", r.Path, r.Loaded, r.Quarantined, r.Duplicates, r.RowsRead)
		}
	}
	before := counts()
	results, err = Files(ctx, w, paths, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if !r.Skipped {
			t.Errorf("%s was read again", r.Path)
		}
	}
	if after := counts(); after != before {
		t.Errorf("counts changed from %s to %s", before, after)
	}
}

// TestCellFlagsKeepTheRowAndEmptyTheField: with unparsable_time and unknown_value set to flag, a
// row with an unreadable arrival time and an unknown disposition loads with both fields empty and
// two flags, for a file of calls and for a file of unit rows (where the flag follows its row into
// the combined call).
func TestCellFlagsKeepTheRowAndEmptyTheField(t *testing.T) {
	ctx := context.Background()
	fields := "fields:\n  call_id: id\n  received_at: received\n  arrived_at: arrived\n  channel: {value: phone}\n" +
		"  category: {column: type, map: {fire: fire}}\n  district: district\n  disposition: {column: result, map: {done: resolved}}\n" +
		"checks:\n  unparsable_time: flag\n  unknown_value: flag\n  interval_ceiling: off\n"
	header := "id,received,arrived,type,district,result\n"
	cases := []struct {
		name, profile, rows   string
		read, loaded, records int64
	}{
		{"one row per call", "name: flags\ntable: calls\n" + fields,
			"K1,2022-05-01 08:00:00,soon,fire,雨湖区,gone\nK2,2022-05-01 09:00:00,2022-05-01 09:10:00,fire,雨湖区,done\n", 2, 2, 2},
		{"unit rows", "name: flags-units\ntable: calls\nunits:\n  combine: {arrived_at: earliest}\n" + fields,
			"K1,2022-05-01 08:00:00,2022-05-01 08:09:00,fire,雨湖区,done\nK1,2022-05-01 08:00:00,soon,fire,雨湖区,gone\n" +
				"K2,2022-05-01 09:00:00,2022-05-01 09:10:00,fire,雨湖区,done\n", 3, 3, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := ParseProfile(c.name+".yaml", []byte(c.profile))
			if err != nil {
				t.Fatal(err)
			}
			w := openWarehouse(t)
			path := writeExport(t, t.TempDir(), "calls-2022-05.csv", header+c.rows)
			res, err := File(ctx, w, path, Options{Profile: p})
			if err != nil {
				t.Fatal(err)
			}
			if res.RowsRead != c.read || res.Loaded != c.loaded || res.Quarantined != 0 || res.Records != c.records || res.Flagged != 1 {
				t.Errorf("%+v; want %d read, %d loaded, %d records, 1 flagged", res, c.read, c.loaded, c.records)
			}
			var flags string
			err = w.DB.QueryRow("SELECT string_agg(record_key || ':' || check_name || ':' || column_name || ':' || value, ' ' ORDER BY check_name) FROM flags").Scan(&flags)
			if err != nil {
				t.Fatal(err)
			}
			if flags != "K1:unknown_value:disposition:gone K1:unparsable_time:arrived_at:soon" {
				t.Errorf("flags %q", flags)
			}
		})
	}
}
