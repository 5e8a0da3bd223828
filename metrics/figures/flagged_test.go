package figures

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"bulletin/metrics"
	"bulletin/metrics/campaign"
	"bulletin/warehouse"
)

// memoryWarehouse opens a private in-memory warehouse in the fixture campaign's time zone and runs
// the statements, which insert hand-made rows.
func memoryWarehouse(t *testing.T, statements ...string) *warehouse.Warehouse {
	t.Helper()
	w, err := warehouse.Open(context.Background(), "", "Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	for _, s := range statements {
		if _, err := w.DB.Exec(s); err != nil {
			t.Fatalf("%v\n%s", err, s)
		}
	}
	return w
}

// fixtureCall is a call of the hand-made fixtures: clock points are seconds after its receipt at
// 2022-05-01 08:00:00 local time, absent when negative.
type fixtureCall struct {
	id, district, category        string
	answered, dispatched, arrived int
	closed                        int
}

// insertCalls returns an INSERT of calls loaded from file 1, one per line from line 2.
func insertCalls(calls []fixtureCall) string {
	at := func(seconds int) string {
		if seconds < 0 {
			return "NULL"
		}
		return fmt.Sprintf("TIMESTAMPTZ '2022-05-01 08:00:00' + INTERVAL %d SECOND", seconds)
	}
	var rows []string
	for i, c := range calls {
		rows = append(rows, fmt.Sprintf("('%s', %s, %s, %s, %s, %s, 'phone', '%s', '%s', 0, [], %d, 1, %d)",
			c.id, at(0), at(c.answered), at(c.dispatched), at(c.arrived), at(c.closed), c.category, c.district, i, i+2))
	}
	return `INSERT INTO calls (call_id, received_at, answered_at, dispatched_at, arrived_at, closed_at, channel,
		category, district, people_helped, linked_agencies, row_hash, file_id, line) VALUES ` + strings.Join(rows, ",\n")
}

// TestComputeExcludesIntervalsSpanningFlaggedSegments checks that an interval is excluded as flagged
// when ingest flagged a segment of the call's timeline that lies within it, and only then.
func TestComputeExcludesIntervalsSpanningFlaggedSegments(t *testing.T) {
	calls := []fixtureCall{
		// F1: a clean call.
		{"F1", "雨湖区", "emergency_help", 5, 60, 300, 1800},
		// F2: arrived 20 s before its dispatch; flagged dispatched_at..arrived_at.
		{"F2", "雨湖区", "emergency_help", 6, 120, 100, 1500},
		// F3: dispatched after 5000 s (over the 3600 s dispatch ceiling), never arrived; flagged
		// received_at..dispatched_at.
		{"F3", "岳塘区", "emergency_help", 7, 5000, -1, 6000},
		// F4: a clean call, with a flag that another file (2) recorded under its key.
		{"F4", "岳塘区", "emergency_help", 4, 90, 400, 2000},
		// F5: a clean timeline with an unknown_value flag, which has no segment.
		{"F5", "湘潭县", "emergency_help", 3, 30, 200, 900},
		// F6: closed 10 s before arrival; flagged arrived_at..closed_at.
		{"F6", "湘潭县", "emergency_help", 8, 45, 250, 240},
		// F7: arrived 10 s before its dispatch, without a flag (the check was off).
		{"F7", "湘潭县", "emergency_help", 9, 150, 140, 1000},
		// F8: a consultation, which has no response times.
		{"F8", "雨湖区", "consultation", 2, -1, -1, -1},
	}
	w := memoryWarehouse(t, insertCalls(calls), `INSERT INTO flags
		(file_id, line, record_key, check_name, column_name, value, reason, start_point, end_point, district) VALUES
		(1, 3, 'F2', 'interval_order',   'arrived_at', NULL, 'arrival before dispatch', 'dispatched_at', 'arrived_at', '雨湖区'),
		(1, 4, 'F3', 'interval_ceiling', 'dispatched_at', NULL, 'dispatch over 3600 s', 'received_at', 'dispatched_at', '岳塘区'),
		(2, 9, 'F4', 'interval_order',   'arrived_at', NULL, 'arrival before dispatch', 'dispatched_at', 'arrived_at', '岳塘区'),
		(1, 6, 'F5', 'unknown_value',    'station', '某所', 'unknown station', NULL, NULL, '湘潭县'),
		(1, 7, 'F6', 'interval_order',   'closed_at', NULL, 'closed before arrival', 'arrived_at', 'closed_at', '湘潭县')`)
	c, err := campaign.Load(filepath.Join("testdata", "campaign.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Compute(context.Background(), w, c)
	if err != nil {
		t.Fatal(err)
	}
	stats := map[string]metrics.IntervalStat{}
	for _, st := range r.Response.Intervals {
		stats[st.ID] = st
	}
	// Clock order: received 1, answered 2, dispatched 3, arrived 4, closed 5. F1-F7 are in scope.
	cases := []struct {
		interval                               string
		valid                                  []float64
		missing, flagged, outOfOrder, overCeil int64
	}{
		// answer 1..2: no flagged segment lies within it (F2 3..4, F3 1..3, F6 4..5).
		{"answer", []float64{5, 6, 7, 4, 3, 8, 9}, 0, 0, 0, 0},
		// dispatch 1..3: F3's 1..3 lies within it, flagged rather than over the ceiling; F2's 3..4
		// does not.
		{"dispatch", []float64{60, 120, 90, 30, 45, 150}, 0, 1, 0, 0},
		// travel 3..4: F2 flagged rather than out of order; F3 missing; F4's flag belongs to another
		// file; F5's flag has no segment; F7 out of order.
		{"travel", []float64{240, 310, 170, 205}, 1, 1, 1, 0},
		// response 1..4: F2 (100 s, in order) flagged, as 3..4 lies within 1..4; F3 missing before
		// flagged; F6's 4..5 ends after arrival; F7's 140 s is in order.
		{"response", []float64{300, 400, 200, 250, 140}, 1, 1, 0, 0},
		// handling 4..5: F6 flagged rather than out of order; F3 missing; F2's 3..4 starts before it.
		{"handling", []float64{1500, 1400, 1600, 700, 860}, 1, 1, 0, 0},
	}
	for _, tc := range cases {
		st := stats[tc.interval]
		if st.Flagged != tc.flagged {
			t.Errorf("%s: flagged %d, want %d", tc.interval, st.Flagged, tc.flagged)
		}
		checkInterval(t, st, tc.valid, tc.missing, tc.outOfOrder, tc.overCeil)
	}

	// Compliance and histogram over the valid responses 300 400 200 250 140 only (F2's 100 s is out).
	wantWithin := []int64{0, 1, 4} // <= 60: none; <= 180: 140; <= 300: also 200 250 300
	for i, th := range r.Response.Compliance.Thresholds {
		if th.Within != wantWithin[i] || th.Of != 5 {
			t.Errorf("threshold %d s: %d of %d, want %d of 5", th.Seconds, th.Within, th.Of, wantWithin[i])
		}
	}
	// Bins [0,60) [60,180) [180,300) [300,600) [600,...): | 140 | 200 250 | 300 400 |.
	if want := []int64{0, 1, 2, 2, 0}; !slices.Equal(r.Response.Histogram.Counts, want) {
		t.Errorf("histogram = %v, want %v", r.Response.Histogram.Counts, want)
	}
	// Districts: Yuhu F1 300 (F2 flagged); Yuetang F4 400 (F3 missing); Xiangtan County 200 250 140,
	// median 200, P90 at rank 1.8: 200 + 0.8 * 50 = 240.
	want := map[string]struct {
		n        int64
		p50, p90 float64
	}{"雨湖区": {1, 300, 300}, "岳塘区": {1, 400, 400}, "湘潭县": {3, 200, 240}}
	for _, d := range r.Districts {
		w := want[d.District]
		if d.ResponseN != w.n || math.Abs(d.ResponseP50-w.p50) > 1e-9 || math.Abs(d.ResponseP90-w.p90) > 1e-9 {
			t.Errorf("%s: n %d p50 %g p90 %g, want %d %g %g", d.District, d.ResponseN, d.ResponseP50, d.ResponseP90, w.n, w.p50, w.p90)
		}
	}
	if len(r.Districts) != 3 {
		t.Errorf("%d districts, want 3", len(r.Districts))
	}
}
