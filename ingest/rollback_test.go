package ingest

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"bulletin/warehouse"
)

// TestAFailedIngestLeavesTheWarehouseAsItWas interrupts ingests while their rows are being loaded
// (records that are rows go straight into the calls table, inside the file's transaction): the
// warehouse keeps exactly what it held, and the same files ingest in full afterwards.
func TestAFailedIngestLeavesTheWarehouseAsItWas(t *testing.T) {
	ctx := context.Background()
	w := openWarehouse(t)
	may := writeExport(t, filepath.Join(t.TempDir(), "may"), "calls-2022-05.csv", mayCalls)
	if res, err := File(ctx, w, may, Options{}); err != nil || res.Loaded != 2 || res.Quarantined != 1 {
		t.Fatalf("May: %+v, %v; want 2 loaded, 1 quarantined", res, err)
	}
	// 1,000 calls of June, one of them repeating May's R1 with other content (a conflict), read
	// 100 rows a batch.
	var june strings.Builder
	june.WriteString(canonicalHeader)
	june.WriteString("R1,2022-05-01 08:00:00,,,,,phone,dispute,,3,雨湖区,,resolved,0,,,\n")
	for i := 1; i < 1000; i++ {
		fmt.Fprintf(&june, "J%04d,2022-06-%02d 08:00:00,,,,,phone,traffic,,3,岳塘区,,resolved,1,,,\n", i, 1+i%30)
	}
	junePath := writeExport(t, filepath.Join(t.TempDir(), "june"), "calls-2022-06.csv", june.String())
	mayFixed := writeExport(t, filepath.Join(t.TempDir(), "may-fixed"), "calls-2022-05.csv", canonicalHeader+
		"R1,2022-05-01 08:00:00,,,,,phone,traffic,,3,雨湖区,,resolved,0,,,\n")

	// preserve is DuckDB's preserve_insertion_order, a setting of the whole database that the load
	// turns off while it inserts: it is back on after every ingest, failed or not.
	type state struct {
		calls, files, quarantined, replaced, peopleHelped int
		preserve                                          string
	}
	read := func(w *warehouse.Warehouse) state {
		t.Helper()
		var s state
		err := w.DB.QueryRow(`SELECT (SELECT count(*) FROM calls), (SELECT count(*) FROM ingest_files),
			(SELECT count(*) FROM quarantine), (SELECT count(*) FROM ingest_files WHERE replaced_by IS NOT NULL),
			(SELECT coalesce(sum(people_helped), 0) FROM calls),
			current_setting('preserve_insertion_order')::VARCHAR`).Scan(&s.calls, &s.files, &s.quarantined, &s.replaced, &s.peopleHelped, &s.preserve)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	before := read(w)
	if want := (state{calls: 2, files: 1, quarantined: 1, preserve: "true"}); before != want {
		t.Fatalf("after May: %+v, want %+v", before, want)
	}
	for _, c := range []struct {
		name string
		path string
		opts Options
	}{
		{"a new file", junePath, Options{}},
		{"a replacement", mayFixed, Options{Replace: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(ctx)
			defer cancel()
			c.opts.BatchRows = 100
			c.opts.Progress = func(p Progress) {
				if p.Rows > 0 && !p.Done {
					cancel()
				}
			}
			if _, err := File(ctx, w, c.path, c.opts); !errors.Is(err, context.Canceled) {
				t.Fatalf("interrupted ingest: %v, want %v", err, context.Canceled)
			}
			if got := read(w); got != before {
				t.Errorf("after the interrupted ingest: %+v, want %+v as before", got, before)
			}
		})
	}
	// Both load in full afterwards: June's 999 new calls (one person helped each) and its conflict
	// quarantined; then May replaced by its one corrected row, which takes R2 out with it.
	res, err := File(ctx, w, junePath, Options{BatchRows: 100})
	if err != nil || res.Loaded != 999 || res.Quarantined != 1 {
		t.Fatalf("June again: %+v, %v; want 999 loaded, 1 quarantined", res, err)
	}
	if got, want := read(w), (state{calls: 1001, files: 2, quarantined: 2, peopleHelped: 999, preserve: "true"}); got != want {
		t.Errorf("after June: %+v, want %+v", got, want)
	}
	if res, err := File(ctx, w, mayFixed, Options{Replace: true}); err != nil || res.Loaded != 1 {
		t.Fatalf("May replaced: %+v, %v; want 1 loaded", res, err)
	}
	if got, want := read(w), (state{calls: 1000, files: 3, quarantined: 1, replaced: 1, peopleHelped: 999, preserve: "true"}); got != want {
		t.Errorf("after May replaced: %+v, want %+v", got, want)
	}
}
