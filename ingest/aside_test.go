package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"bulletin/warehouse"
)

// TestQuarantinedRowsAndFlagsSpillToDiskPastTheirLimit ingests a file of which every third row is
// quarantined and every fifth other row flagged, holding them in memory and spilling them to disk
// from the first batch on: both give the same quarantine and flags, row for row, and leave no
// spill file behind, also when the ingest is interrupted.
func TestQuarantinedRowsAndFlagsSpillToDiskPastTheirLimit(t *testing.T) {
	const rows = 3000
	var file strings.Builder
	file.WriteString(canonicalHeader)
	var wantQuarantined, wantFlagged []int64 // lines: the header is line 1
	for i := range rows {
		line := int64(i + 2)
		received, district := fmt.Sprintf("2022-06-%02d 08:00:00", 1+i%30), "岳塘区"
		switch {
		case i%3 == 0:
			received = fmt.Sprintf("2022/06/%02d 08:00", 1+i%30) // no layout of the canonical profile
			wantQuarantined = append(wantQuarantined, line)
		case i%5 == 0:
			district = "岳塘区\u200b" // a zero-width space, removed and flagged
			wantFlagged = append(wantFlagged, line)
		}
		fmt.Fprintf(&file, "S%05d,%s,,,,,phone,traffic,,3,%s,,resolved,1,,,\n", i, received, district)
	}
	for _, c := range []struct {
		name  string
		spill int64
		spilt bool
	}{
		{"held in memory", 0, false},
		{"spilled from the first batch", 1, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			w, err := warehouse.Open(ctx, filepath.Join(dir, "w.duckdb"), "Asia/Shanghai")
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			path := writeExport(t, filepath.Join(t.TempDir(), "in"), "calls-2022-06.csv", file.String())
			noSpillFiles := func() {
				t.Helper()
				if left, _ := filepath.Glob(filepath.Join(dir, ".bulletin-spill-*")); len(left) > 0 {
					t.Errorf("spill files left behind: %v", left)
				}
			}

			interrupted, cancel := context.WithCancel(ctx)
			opts := Options{BatchRows: 100, asideSpillBytes: c.spill, Progress: func(p Progress) {
				if p.Rows > rows/2 && !p.Done {
					cancel()
				}
			}}
			if _, err := File(interrupted, w, path, opts); !errors.Is(err, context.Canceled) {
				t.Fatalf("interrupted ingest: %v, want %v", err, context.Canceled)
			}
			cancel()
			noSpillFiles()

			var log bytes.Buffer
			opts.Progress, opts.Logger = nil, slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))
			res, err := File(ctx, w, path, opts)
			if err != nil {
				t.Fatal(err)
			}
			q, f := int64(len(wantQuarantined)), int64(len(wantFlagged))
			if res.Loaded != rows-q || res.Quarantined != q || res.Flagged != f {
				t.Errorf("%d loaded, %d quarantined, %d flagged; want %d, %d, %d", res.Loaded, res.Quarantined, res.Flagged,
					rows-q, q, f)
			}
			if spilt := strings.Contains(log.String(), "spilling to disk"); spilt != c.spilt {
				t.Errorf("spilled: %v, want %v", spilt, c.spilt)
			}
			noSpillFiles()

			lines := func(query string) []int64 {
				t.Helper()
				var got []int64
				r, err := w.DB.Query(query)
				if err != nil {
					t.Fatal(err)
				}
				defer r.Close()
				for r.Next() {
					var line int64
					if err := r.Scan(&line); err != nil {
						t.Fatal(err)
					}
					got = append(got, line)
				}
				return got
			}
			if got := lines(`SELECT line FROM quarantine WHERE check_name = 'unparsable_time' ORDER BY line`); !slices.Equal(got, wantQuarantined) {
				t.Errorf("quarantined lines: %d of them, %v...; want %d, %v...", len(got), got[:min(3, len(got))], len(wantQuarantined), wantQuarantined[:3])
			}
			if got := lines(`SELECT line FROM flags WHERE check_name = 'normalized_text' ORDER BY line`); !slices.Equal(got, wantFlagged) {
				t.Errorf("flagged lines: %d of them, %v...; want %d, %v...", len(got), got[:min(3, len(got))], len(wantFlagged), wantFlagged[:3])
			}
			var raw, district string
			if err := w.DB.QueryRow(`SELECT raw, district FROM quarantine WHERE line = 2999`).Scan(&raw, &district); err != nil {
				t.Fatal(err)
			}
			if want := "S02997,2022/06/28 08:00,,,,,phone,traffic,,3,岳塘区,,resolved,1,,,"; raw != want || district != "岳塘区" {
				t.Errorf("line 2999 quarantined as %q in %q, want %q in 岳塘区", raw, district, want)
			}
		})
	}
	if _, err := os.Stat(".tmp"); err == nil {
		t.Error("a .tmp folder was made in the package folder")
	}
}
