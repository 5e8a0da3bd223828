package ingest

import (
	"slices"
	"sync"
	"time"
)

// maxSuspects bounds the lines a screen keeps back for the record checks. Past it the checks read
// every record of the file, as they would without a screen: a file that many records of which are
// suspect gains nothing from one, and its lines are not held in memory.
const maxSuspects = 100_000

// recordScreen reads the record checks of checks.sql in Go, as a sieve: each record, as it is
// decoded, is kept back when any check could flag or quarantine it, and the checks then read the
// records kept back (a few in a million) rather than every record of the file. It is a sieve, not
// the checks: a record is kept back on the very conditions of checks.sql, on the same values, and
// the SQL still decides what each fault is and says. It applies where records are rows (no unit
// rows to combine first). TestScreenedChecksEqualTheFullChecks holds the two ways equal.
type recordScreen struct {
	// clocks are the fields of the clock points in timeline order (interval_order), or nil.
	clocks []int
	// ceilings are the intervals with a ceiling (interval_ceiling).
	ceilings []screenCeiling
	// timeField is the field outside_period reads, -1 for no such check; [start, end) the period,
	// in Unix microseconds.
	timeField  int
	start, end int64
	// districtField is the field unknown_district reads, -1 for no such check.
	districtField int
	districts     map[string]bool

	// limit is the most lines kept back (maxSuspects).
	limit    int
	mu       sync.Mutex
	suspects []int64
	overflow bool
}

type screenCeiling struct {
	from, to int
	micros   int64
}

// newRecordScreen returns the screen of plan's record checks over rows of table t, or nil where
// records are not rows, or no record check is on.
func newRecordScreen(plan *sqlPlan, t *table) *recordScreen {
	if plan.Units {
		return nil
	}
	index := func(name string) int {
		return slices.IndexFunc(t.fields, func(f field) bool { return f.name == name })
	}
	s := &recordScreen{timeField: -1, districtField: -1, limit: maxSuspects}
	on := false
	if plan.OrderRule != "" {
		for _, name := range plan.Clocks {
			if i := index(name); i >= 0 {
				s.clocks = append(s.clocks, i)
			}
		}
		on = true
	}
	if plan.CeilingRule != "" {
		for _, c := range plan.Ceilings {
			from, to := index(c.From), index(c.To)
			if from < 0 || to < 0 {
				return nil // not a pair of this table's times: let the SQL read every record
			}
			s.ceilings = append(s.ceilings, screenCeiling{from: from, to: to, micros: c.Micros})
		}
		on = true
	}
	if plan.PeriodRule != "" {
		if s.timeField = index(plan.TimeField); s.timeField < 0 {
			return nil
		}
		// The very instants the SQL compares with: its literals, read back.
		start, err1 := time.Parse(periodLayout, plan.PeriodStart)
		end, err2 := time.Parse(periodLayout, plan.PeriodEnd)
		if err1 != nil || err2 != nil {
			return nil
		}
		s.start, s.end = start.UnixMicro(), end.UnixMicro()
		on = true
	}
	if plan.DistrictRule != "" {
		if s.districtField = index("district"); s.districtField < 0 {
			return nil
		}
		s.districts = map[string]bool{}
		for _, d := range plan.Districts {
			s.districts[d] = true
		}
		on = true
	}
	if !on {
		return nil
	}
	return s
}

// suspect reports whether a check of checks.sql could flag or quarantine the record of values vals
// (the table's fields in order; times in Unix microseconds).
func (s *recordScreen) suspect(vals []value) bool {
	// interval_order: a clock point earlier than the last point before it that the call has.
	last, has := int64(0), false
	for _, i := range s.clocks {
		if v := &vals[i]; !v.null {
			if has && v.num < last {
				return true
			}
			last, has = v.num, true
		}
	}
	// interval_ceiling: an interval with both points longer than its ceiling.
	for _, c := range s.ceilings {
		if from, to := &vals[c.from], &vals[c.to]; !from.null && !to.null && to.num-from.num > c.micros {
			return true
		}
	}
	// outside_period: the record's time before the period's start or not before its end.
	if s.timeField >= 0 {
		if v := &vals[s.timeField]; !v.null && (v.num < s.start || v.num >= s.end) {
			return true
		}
	}
	// unknown_district: a district not among the profile's.
	if s.districtField >= 0 {
		if v := &vals[s.districtField]; !v.null && !s.districts[v.text] {
			return true
		}
	}
	return false
}

// keep adds the lines a worker kept back from one chunk.
func (s *recordScreen) keep(lines []int64) {
	if len(lines) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.overflow {
		return
	}
	if len(s.suspects)+len(lines) > s.limit {
		s.overflow, s.suspects = true, nil
		return
	}
	s.suspects = append(s.suspects, lines...)
}

// result returns the lines kept back, and whether the checks may read those alone.
func (s *recordScreen) result() ([]int64, bool) {
	if s == nil {
		return nil, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.suspects, !s.overflow
}
