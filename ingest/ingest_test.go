package ingest

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"bulletin/warehouse"
)

func openWarehouse(t *testing.T) *warehouse.Warehouse {
	t.Helper()
	w, err := warehouse.Open(context.Background(), filepath.Join(t.TempDir(), "w.duckdb"), "Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// The expected counts of these tests were made by reading the fixtures line by line; the comments in
// each case say which lines fall where.
func TestIngestAccountsForEveryRow(t *testing.T) {
	ctx := context.Background()
	w := openWarehouse(t)
	cases := []struct {
		file                                  string
		kind                                  string
		read, loaded, quarantined, duplicates int64
	}{
		// XT1, XT2, XT3 (arrival before dispatch is kept), XT8, XT12 load; the second XT1 is an
		// exact duplicate; XT4 (field count), XT5 (time), XT6 (no time), XT7 (category), the second
		// XT2 (conflict), XT9 (agency), XT10 (priority), XT11 (bare quote) are quarantined.
		{"calls_faults.csv", "calls", 14, 5, 8, 1},
		// XT1 is identical to the loaded row; XT2 differs from it (conflict); XT13 is new.
		{"calls_redelivery.csv", "calls", 3, 1, 1, 1},
		// A4 has an unknown kind, A5 an unreadable passed flag.
		{"activities.csv", "activities", 5, 3, 2, 0},
	}
	for _, c := range cases {
		res, err := File(ctx, w, filepath.Join("testdata", c.file), Options{})
		if err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		if res.Kind != c.kind || res.RowsRead != c.read || res.Loaded != c.loaded || res.Quarantined != c.quarantined || res.Duplicates != c.duplicates {
			t.Errorf("%s: got kind %s read %d loaded %d quarantined %d duplicates %d; want %s %d %d %d %d", c.file,
				res.Kind, res.RowsRead, res.Loaded, res.Quarantined, res.Duplicates, c.kind, c.read, c.loaded, c.quarantined, c.duplicates)
		}
		if res.Loaded+res.Quarantined+res.Duplicates != res.RowsRead {
			t.Errorf("%s: loaded+quarantined+duplicates = %d, rows read %d", c.file, res.Loaded+res.Quarantined+res.Duplicates, res.RowsRead)
		}
	}

	var calls, activities, quarantined int
	w.DB.QueryRow("SELECT (SELECT count(*) FROM calls), (SELECT count(*) FROM activities), (SELECT count(*) FROM quarantine)").Scan(&calls, &activities, &quarantined)
	if calls != 6 || activities != 3 || quarantined != 11 {
		t.Errorf("warehouse holds %d calls, %d activities, %d quarantined; want 6, 3, 11", calls, activities, quarantined)
	}
}

func TestIngestQuarantineNamesLineColumnAndReason(t *testing.T) {
	w := openWarehouse(t)
	if _, err := File(context.Background(), w, filepath.Join("testdata", "calls_faults.csv"), Options{}); err != nil {
		t.Fatal(err)
	}
	want := map[int64]struct{ column, value, reason string }{
		6:  {"", "", "wrong number of fields: got 5, want 17"},
		7:  {"received_at", "2022/05/03 25:61", "received_at (column 2, \"2022/05/03 25:61\"): not a time in the layout YYYY-MM-DD HH:MM:SS"},
		8:  {"received_at", "", "received_at (column 2, \"\"): required value is empty"},
		9:  {"category", "unknown", "category (column 8"},
		10: {"call_id", "XT2", "call_id XT2 first seen at line 3 of this file with different content"},
		12: {"linked_agencies", "fire;police", "unknown value \"police\""},
		13: {"priority", "7", "out of range 1..4"},
		14: {"", "", "malformed row at line 14, column 64"},
	}
	rows, err := w.DB.Query("SELECT line, coalesce(column_name, ''), coalesce(value, ''), reason FROM quarantine ORDER BY line")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := 0
	for rows.Next() {
		var line int64
		var column, value, reason string
		if err := rows.Scan(&line, &column, &value, &reason); err != nil {
			t.Fatal(err)
		}
		seen++
		exp, ok := want[line]
		if !ok {
			t.Errorf("line %d quarantined unexpectedly: %s", line, reason)
			continue
		}
		if column != exp.column || value != exp.value || !strings.Contains(reason, exp.reason) {
			t.Errorf("line %d: got (%q, %q, %q); want column %q value %q reason containing %q", line, column, value, reason, exp.column, exp.value, exp.reason)
		}
	}
	if seen != len(want) {
		t.Errorf("%d quarantined rows, want %d", seen, len(want))
	}
}

func TestIngestSameFileTwiceChangesNothing(t *testing.T) {
	ctx := context.Background()
	w := openWarehouse(t)
	path := filepath.Join("testdata", "calls_faults.csv")
	if _, err := File(ctx, w, path, Options{}); err != nil {
		t.Fatal(err)
	}
	res, err := File(ctx, w, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Skipped || res.RowsRead != 0 || !strings.Contains(res.SkipReason, "calls_faults.csv") {
		t.Errorf("second ingest: %+v; want skipped naming the first file", res)
	}
	var files, calls int
	w.DB.QueryRow("SELECT (SELECT count(*) FROM ingest_files), (SELECT count(*) FROM calls)").Scan(&files, &calls)
	if files != 1 || calls != 5 {
		t.Errorf("after re-ingest: %d files, %d calls; want 1, 5", files, calls)
	}
}

func TestIngestStoresLocalTimesAsInstants(t *testing.T) {
	w := openWarehouse(t)
	if _, err := File(context.Background(), w, filepath.Join("testdata", "calls_faults.csv"), Options{}); err != nil {
		t.Fatal(err)
	}
	// XT1 was received 2022-05-01 08:00:00 in Shanghai, which is 00:00 UTC; it arrived 299 s after dispatch...
	var utc string
	var travel float64
	var agencies string
	err := w.DB.QueryRow(`SELECT strftime(received_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S'),
		date_diff('second', dispatched_at, arrived_at)::DOUBLE, array_to_string(linked_agencies, '+')
		FROM calls WHERE call_id = 'XT8'`).Scan(&utc, &travel, &agencies)
	if err != nil {
		t.Fatal(err)
	}
	if utc != "2022-05-01 05:00:00" || travel != 310 || agencies != "medical+water_police" {
		t.Errorf("XT8: received %s UTC, travel %g s, agencies %s; want 2022-05-01 05:00:00, 310, medical+water_police", utc, travel, agencies)
	}
}

func TestIngestRejectsFileWithoutCanonicalHeader(t *testing.T) {
	w := openWarehouse(t)
	path := writeExport(t, t.TempDir(), "export.csv", "报警时间,警情类别\n2022-05-01 08:00:00,紧急求助\n")
	_, err := File(context.Background(), w, path, Options{})
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "line 1") {
		t.Fatalf("err = %v; want an error naming %s and line 1", err, path)
	}
	var files int
	w.DB.QueryRow("SELECT count(*) FROM ingest_files").Scan(&files)
	if files != 0 {
		t.Errorf("a rejected file left %d ingest log entries", files)
	}
}

// A header that names a column twice leaves it to a guess which one holds the value: the first was
// read and the second silently ignored. The file must be refused, saying which columns.
func TestIngestRefusesAHeaderNamingAColumnTwice(t *testing.T) {
	// The header is read as the profile reads it: case and spaces do not make another column.
	for _, second := range []string{"district", " District "} {
		w := openWarehouse(t)
		path := writeExport(t, t.TempDir(), "export.csv", strings.TrimSpace(canonicalHeader)+","+second+"\n"+
			"R1,2022-05-01 08:00:00,,,,,phone,traffic,,3,雨湖区,,resolved,0,,,,岳塘区\n")
		_, err := File(context.Background(), w, path, Options{})
		if err == nil || !errors.Is(err, ErrHeader) || !strings.Contains(err.Error(), path+": line 1: ") ||
			!strings.Contains(err.Error(), "district (columns 11 and 18)") {
			t.Errorf("second column %q: err = %v; want a header error naming %s, line 1 and district (columns 11 and 18)", second, err, path)
		}
	}
}

// A NUL byte in a text field is invisible in every output (and what a UTF-16 file read as UTF-8 is
// full of): the row is quarantined as an invalid value, its neighbours load.
func TestIngestQuarantinesTextWithANULByte(t *testing.T) {
	w := openWarehouse(t)
	path := writeExport(t, t.TempDir(), "export.csv", canonicalHeader+
		"N1,2022-05-01 08:00:00,,,,,phone,traffic,,3,雨湖区,城正街\x00派出所,resolved,0,,,\n"+
		"N2,2022-05-01 09:00:00,,,,,phone,traffic,,3,雨湖区,城正街派出所,resolved,0,,,\n")
	res, err := File(context.Background(), w, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var line int64
	var check, reason string
	if err := w.DB.QueryRow("SELECT line, check_name, reason FROM quarantine").Scan(&line, &check, &reason); err != nil {
		t.Fatal(err)
	}
	if res.Loaded != 1 || res.Quarantined != 1 || line != 2 || check != CheckInvalidValue || !strings.Contains(reason, "station (column 12") || !strings.Contains(reason, "NUL") {
		t.Errorf("loaded %d quarantined %d; line %d %s %q; want 1 loaded, line 2 quarantined by invalid_value naming station and the NUL", res.Loaded, res.Quarantined, line, check, reason)
	}
}
