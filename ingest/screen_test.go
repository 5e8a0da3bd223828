package ingest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// TestScreenedChecksEqualTheFullChecks ingests files of calls with every fault the record checks
// find (clock points out of order, intervals over their ceilings, calls outside the declared month,
// districts not in the profile's list, several at once, and points missing), under two assignments
// of the rules to quarantine and flag, once with the decoder's screen and once with the checks
// reading every record. What loads, what is quarantined and what is flagged, with every reason, is
// the same both ways (TestScreenKeepsBackOnlyWhatTheChecksRead counts what the screen keeps back).
func TestScreenedChecksEqualTheFullChecks(t *testing.T) {
	canonical, err := os.ReadFile(filepath.Join("profiles", "canonical.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	before, _, ok := strings.Cut(string(canonical), "\nchecks:")
	if !ok {
		t.Fatal("canonical.yaml has no checks")
	}
	rules := []string{
		"  interval_order: quarantine\n  interval_ceiling: flag\n  outside_period: flag\n" +
			"  unknown_district: {rule: flag, districts: [雨湖区, 岳塘区]}\n",
		"  interval_order: flag\n  interval_ceiling: quarantine\n  outside_period: quarantine\n" +
			"  unknown_district: {rule: quarantine, districts: [雨湖区, 岳塘区]}\n",
	}
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	rng := rand.New(rand.NewPCG(2022, 5))
	var b strings.Builder
	b.WriteString(canonicalHeader)
	const n = 4000
	for i := range n {
		received := time.Date(2022, 5, 1, 0, 0, 0, 0, shanghai).Add(time.Duration(rng.IntN(31*86400)) * time.Second)
		if rng.IntN(100) < 2 { // outside May, on either side
			received = received.AddDate(0, []int{-1, 1}[rng.IntN(2)], 0)
		}
		steps := []time.Duration{time.Duration(5+rng.IntN(40)) * time.Second, time.Duration(30+rng.IntN(300)) * time.Second,
			time.Duration(60+rng.IntN(900)) * time.Second, time.Duration(600+rng.IntN(3600)) * time.Second}
		if rng.IntN(100) < 2 { // a travel of three hours: over the travel and the response ceilings
			steps[2] = 3 * time.Hour
		}
		points := []time.Time{received}
		for _, s := range steps {
			points = append(points, points[len(points)-1].Add(s))
		}
		if rng.IntN(100) < 2 { // two points swapped
			j := 1 + rng.IntN(3)
			points[j], points[j+1] = points[j+1], points[j]
		}
		cells := make([]string, len(points))
		for j, p := range points {
			cells[j] = p.Format(time.DateTime)
		}
		if rng.IntN(100) < 5 { // a point not recorded
			cells[1+rng.IntN(4)] = ""
		}
		district := []string{"雨湖区", "岳塘区"}[rng.IntN(2)]
		if rng.IntN(100) < 2 {
			district = "湘潭县"
		}
		fmt.Fprintf(&b, "S%05d,%s,phone,traffic,,3,%s,,resolved,1,,,\n", i, strings.Join(cells, ","), district)
	}
	path := writeExport(t, t.TempDir(), "calls-2022-05.csv", b.String())

	type outcome struct {
		res                Result
		calls, quar, flags []string
	}
	read := func(t *testing.T, profileText string, every bool, limit int) outcome {
		t.Helper()
		p, err := ParseProfile("screened.yaml", []byte(profileText))
		if err != nil {
			t.Fatal(err)
		}
		w := openWarehouse(t)
		res, err := File(context.Background(), w, path, Options{Profile: p, BatchRows: 300, checkEveryRecord: every, screenLimit: limit})
		if err != nil {
			t.Fatal(err)
		}
		res.SHA256, res.Path = "", ""
		o := outcome{res: res}
		for _, q := range []struct {
			sql  string
			into *[]string
		}{
			{"SELECT call_id || ' ' || line FROM calls ORDER BY ALL", &o.calls},
			{"SELECT concat_ws('|', line, check_name, column_name, value, reason) FROM quarantine ORDER BY ALL", &o.quar},
			{"SELECT concat_ws('|', line, record_key, check_name, column_name, value, reason, start_point, end_point, district) FROM flags ORDER BY ALL", &o.flags},
		} {
			rows, err := w.DB.Query(q.sql)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var s string
				if err := rows.Scan(&s); err != nil {
					t.Fatal(err)
				}
				*q.into = append(*q.into, s)
			}
			rows.Close()
		}
		return o
	}
	// The third run keeps back at most 10 records, fewer than the file's suspects: past the
	// limit the checks read every record.
	for i, r := range append(rules, rules[0]) {
		limit := 0
		if i == len(rules) {
			limit = 10
		}
		t.Run(fmt.Sprintf("rules %d, limit %d", i%len(rules)+1, limit), func(t *testing.T) {
			profile := before + "\nchecks:\n  unparsable_time: quarantine\n  unknown_value: quarantine\n" + r
			screened, every := read(t, profile, false, limit), read(t, profile, true, 0)
			if !reflect.DeepEqual(screened.res, every.res) {
				t.Errorf("results differ:\nscreened %+v\nevery    %+v", screened.res, every.res)
			}
			for _, c := range []struct {
				name string
				a, b []string
			}{{"calls", screened.calls, every.calls}, {"quarantine", screened.quar, every.quar}, {"flags", screened.flags, every.flags}} {
				if !reflect.DeepEqual(c.a, c.b) {
					t.Errorf("%s differ: %d rows screened, %d checking every record", c.name, len(c.a), len(c.b))
				}
			}
			// Every check faulted records here, some quarantined and some flagged.
			for _, check := range []string{"interval_order", "interval_ceiling", "outside_period", "unknown_district"} {
				if !strings.Contains(strings.Join(every.quar, "\n")+strings.Join(every.flags, "\n"), "|"+check+"|") {
					t.Errorf("no record faulted by %s: the fixture proves nothing about it", check)
				}
			}
			if every.res.Quarantined < 50 || every.res.Flagged < 50 || every.res.Loaded < n/2 {
				t.Errorf("fixture too tame: %+v", every.res)
			}
		})
	}
}

// TestScreenKeepsBackOnlyWhatTheChecksRead counts the records the screen keeps back on a file of
// plain calls with a few faults, some on a bound or a second from one: exactly those a check
// faults, not every record.
func TestScreenKeepsBackOnlyWhatTheChecksRead(t *testing.T) {
	rows := canonicalHeader +
		"K1,2022-05-02 08:00:00,2022-05-02 08:00:10,2022-05-02 08:01:00,2022-05-02 08:05:00,2022-05-02 09:00:00,phone,traffic,,3,雨湖区,,resolved,1,,,\n" +
		"K2,2022-05-02 08:00:00,2022-05-02 08:00:10,2022-05-02 08:01:00,2022-05-02 08:00:30,2022-05-02 09:00:00,phone,traffic,,3,雨湖区,,resolved,1,,,\n" + // arrived before dispatched
		"K3,2022-04-30 23:59:59,,,,,phone,traffic,,3,雨湖区,,resolved,1,,,\n" + // April
		"K4,2022-05-31 23:59:59,,,,,phone,traffic,,3,雨湖区,,resolved,1,,,\n" +
		"K5,2022-05-03 08:00:00,2022-05-03 08:11:00,,,,phone,traffic,,3,雨湖区,,resolved,1,,,\n" + // answer of 11 min: over 10
		"K6,2022-05-03 08:00:00,2022-05-03 08:10:00,,,,phone,traffic,,3,雨湖区,,resolved,1,,,\n" + // 10 min: not over
		"K7,2022-06-01 00:00:00,,,,,phone,traffic,,3,雨湖区,,resolved,1,,,\n" + // June's first second
		"K8,2022-05-01 00:00:00,,,,,phone,traffic,,3,雨湖区,,resolved,1,,,\n" // May's first second
	path := writeExport(t, t.TempDir(), "calls-2022-05.csv", rows)
	p, err := LoadProfile("canonical")
	if err != nil {
		t.Fatal(err)
	}
	m, err := newMapping(p, strings.Split(strings.TrimSpace(canonicalHeader), ","), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	m.loc = shanghai
	plan, err := newSQLPlan(p, m, path, "", shanghai)
	if err != nil {
		t.Fatal(err)
	}
	s := newRecordScreen(plan, m.table)
	if s == nil {
		t.Fatal("no screen for the canonical profile")
	}
	src, _, err := openRows(context.Background(), path, Options{}, []*Profile{p})
	if err != nil {
		t.Fatal(err)
	}
	defer src.close()
	dec := newDecoder(src, m, 2, memory.NewGoAllocator())
	dec.screen = s
	if _, err := dec.decode(context.Background(), func(b stagedBatch) error { b.rec.Release(); return nil }); err != nil {
		t.Fatal(err)
	}
	got, ok := s.result()
	slices.Sort(got)
	// K2, K3, K5 and K7, on lines 3, 4, 6 and 8 (the header is line 1).
	if want := []int64{3, 4, 6, 8}; !ok || !slices.Equal(got, want) {
		t.Errorf("kept back lines %v (usable %v); want %v", got, ok, want)
	}
}
