package bench

import (
	"bytes"
	"context"
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bulletin/ingest"
	"bulletin/warehouse"
)

func generate(t *testing.T, opts GenerateOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	sum, err := Generate(context.Background(), &buf, opts)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Calls != opts.Calls || sum.Bytes != int64(buf.Len()) {
		t.Fatalf("summary %+v for %d calls in %d bytes", sum, opts.Calls, buf.Len())
	}
	return buf.Bytes()
}

func TestGenerateGivesTheSameBytesForTheSameSeed(t *testing.T) {
	a := generate(t, GenerateOptions{Calls: 3000, Seed: 7})
	b := generate(t, GenerateOptions{Calls: 3000, Seed: 7})
	if !bytes.Equal(a, b) {
		t.Fatal("two files of the same seed differ")
	}
	if c := generate(t, GenerateOptions{Calls: 3000, Seed: 8}); bytes.Equal(a, c) {
		t.Fatal("seeds 7 and 8 gave the same file")
	}
}

// TestGenerateSpreadsCallsOverTheMonthInOrder reads the file back as CSV: the header, N rows of 17
// fields with unique ids, received in the month in time order, every day of it, and the clock points
// that are there in their order.
func TestGenerateSpreadsCallsOverTheMonthInOrder(t *testing.T) {
	const n = 3000
	month := Month{Year: 2022, Month: time.February}
	records, err := csv.NewReader(bytes.NewReader(generate(t, GenerateOptions{Calls: n, Month: month}))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(records[0], ","); got != CallsHeader {
		t.Fatalf("header %q", got)
	}
	rows := records[1:]
	if len(rows) != n {
		t.Fatalf("%d rows, want %d", len(rows), n)
	}
	ids := map[string]bool{}
	days := map[string]bool{}
	missing := map[string]int{}
	previous := ""
	for i, row := range rows {
		if ids[row[0]] {
			t.Fatalf("row %d: call_id %s again", i+2, row[0])
		}
		ids[row[0]] = true
		received := row[1]
		if received < previous {
			t.Fatalf("row %d: received %s before the previous row's %s", i+2, received, previous)
		}
		previous = received
		if received < "2022-02-01 00:00:00" || received > "2022-02-28 23:59:59" {
			t.Fatalf("row %d: received %s outside 2022-02", i+2, received)
		}
		if want := "XT" + strings.ReplaceAll(received[:10], "-", ""); !strings.HasPrefix(row[0], want) {
			t.Errorf("row %d: call_id %s for a call received %s", i+2, row[0], received)
		}
		days[received[:10]] = true
		last := received
		for col, name := range []string{"answered_at", "dispatched_at", "arrived_at", "closed_at"} {
			value := row[2+col]
			if value == "" {
				missing[name]++
				continue
			}
			if _, err := time.Parse(time.DateTime, value); err != nil {
				t.Fatalf("row %d: %s %q: %v", i+2, name, value, err)
			}
			if value < last {
				t.Fatalf("row %d: %s %s before an earlier clock point %s", i+2, name, value, last)
			}
			last = value
		}
	}
	if len(days) != 28 {
		t.Errorf("calls on %d days of February 2022, want 28", len(days))
	}
	for _, name := range []string{"answered_at", "dispatched_at", "arrived_at", "closed_at"} {
		if missing[name] == 0 || missing[name] > n/2 {
			t.Errorf("%s missing on %d of %d calls, want some but not most", name, missing[name], n)
		}
	}
}

// TestGeneratedCallsAllLoad ingests a generated file: every row is loaded, none quarantined, none a
// duplicate, through the canonical profile that ingest picks by the header.
func TestGeneratedCallsAllLoad(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, DefaultMonth.CallsFileName())
	if _, err := GenerateFile(ctx, path, GenerateOptions{Calls: 3000}); err != nil {
		t.Fatal(err)
	}
	w, err := warehouse.Open(ctx, filepath.Join(dir, "w.duckdb"), "Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	res, err := ingest.File(ctx, w, path, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Profile != "canonical" || res.RowsRead != 3000 || res.Loaded != 3000 || res.Quarantined != 0 || res.Duplicates != 0 {
		t.Fatalf("ingest: profile %s, read %d, loaded %d, quarantined %d, duplicates %d; want canonical, 3000, 3000, 0, 0",
			res.Profile, res.RowsRead, res.Loaded, res.Quarantined, res.Duplicates)
	}
	// Only the responses over the two-hour ceiling are flagged, and nothing falls outside the month.
	for check := range res.ByCheck {
		if !strings.HasPrefix(check, "interval_ceiling") {
			t.Errorf("ingest found %d faults of check %s", res.ByCheck[check], check)
		}
	}
}

func TestParseMonthAndNext(t *testing.T) {
	m, err := ParseMonth("2022-12")
	if err != nil || m != (Month{2022, time.December}) {
		t.Fatalf("ParseMonth(2022-12) = %v, %v", m, err)
	}
	if next := m.Next(); next.String() != "2023-01" || next.Days() != 31 || next.LastDay() != "2023-01-31" {
		t.Errorf("next month %s of %d days, last %s", next, next.Days(), next.LastDay())
	}
	if _, err := ParseMonth("2022-13"); err == nil {
		t.Error("ParseMonth(2022-13) succeeded")
	}
}
