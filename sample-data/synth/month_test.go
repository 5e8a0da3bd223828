package synth_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
	"time"

	"bulletin/sample-data/synth"
)

func writeMonth(t *testing.T, opts synth.MonthOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	sum, err := synth.WriteMonth(context.Background(), &buf, opts)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Calls != opts.Calls || sum.Bytes != int64(buf.Len()) {
		t.Fatalf("summary %+v for %d calls in %d bytes", sum, opts.Calls, buf.Len())
	}
	return buf.Bytes()
}

func TestWriteMonthGivesTheSameBytesForTheSameSeed(t *testing.T) {
	a := writeMonth(t, synth.MonthOptions{Calls: 3000, Seed: 7})
	b := writeMonth(t, synth.MonthOptions{Calls: 3000, Seed: 7})
	if !bytes.Equal(a, b) {
		t.Fatal("two files of the same seed differ")
	}
	if c := writeMonth(t, synth.MonthOptions{Calls: 3000, Seed: 8}); bytes.Equal(a, c) {
		t.Fatal("seeds 7 and 8 gave the same file")
	}
}

// TestWriteMonthSpreadsCallsOverTheMonthInOrder reads the file back as CSV: the header, N rows of 17
// fields with unique ids, received in the month in time order, every day of it, and the clock points
// that are there in their order.
func TestWriteMonthSpreadsCallsOverTheMonthInOrder(t *testing.T) {
	const n = 3000
	month := synth.Month{Year: 2022, Month: time.February}
	records, err := csv.NewReader(bytes.NewReader(writeMonth(t, synth.MonthOptions{Calls: n, Month: month}))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(records[0], ","); got != synth.CallsHeader {
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

func TestWriteMonthStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := synth.WriteMonth(ctx, &bytes.Buffer{}, synth.MonthOptions{Calls: 10}); !errors.Is(err, context.Canceled) {
		t.Fatalf("WriteMonth with a cancelled context: err = %v, want context.Canceled", err)
	}
}

func TestParseMonthAndNext(t *testing.T) {
	m, err := synth.ParseMonth("2022-12")
	if err != nil || m != (synth.Month{Year: 2022, Month: time.December}) {
		t.Fatalf("ParseMonth(2022-12) = %v, %v", m, err)
	}
	if next := m.Next(); next.String() != "2023-01" || next.Days() != 31 || next.LastDay() != "2023-01-31" {
		t.Errorf("next month %s of %d days, last %s", next, next.Days(), next.LastDay())
	}
	if _, err := synth.ParseMonth("2022-13"); err == nil {
		t.Error("ParseMonth(2022-13) succeeded")
	}
	if synth.DefaultMonth != (synth.Month{Year: 2022, Month: time.July}) || synth.DefaultMonth.CallsFileName() != "calls-2022-07.csv" {
		t.Errorf("DefaultMonth %s, file %s; want the campaign's last month, 2022-07", synth.DefaultMonth, synth.DefaultMonth.CallsFileName())
	}
}
