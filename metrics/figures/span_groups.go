package figures

import (
	"database/sql"
	"errors"
	"slices"

	"bulletin/metrics"
)

// spanGroup names a grouping of the valid spans of the querier's period: those of one interval, by
// the value of a tier field of their call (an empty tierField for none: every span in the one
// tier keyed by the empty string).
type spanGroup struct{ interval, tierField string }

// spanTiers is what a span group's query gave: each tier's distribution, or errTooManyValues.
type spanTiers struct {
	dists map[string]*distribution
	err   error
}

// tierKey is a row of a target's or of compliance's counts: over all tiers, or of one tier.
type tierKey struct {
	overall bool
	tier    string
}

// withinCount is how many valid spans lie within a threshold, of how many.
type withinCount struct{ within, of int64 }

// spanTiers returns the distributions of the valid spans of interval per tier of tierField, each
// tier's value its key (the empty string is also the tier of calls without a value). They are read
// once for the spans as built (buildSpans forgets them): the intervals' percentiles, compliance,
// the histogram and every target that groups an interval alike read the same rows, and the
// distributions of every built interval without tiers come from one query. It fails with
// errTooManyValues, remembered too, past q.maxDistinct distinct lengths; callers then ask DuckDB
// (quantile_cont and counts in SQL).
func (q *querier) spanTiers(interval, tierField string) (map[string]*distribution, error) {
	key := spanGroup{interval, tierField}
	if got, ok := q.spanGroups[key]; ok {
		return got.dists, got.err
	}
	if q.spanGroups == nil {
		q.spanGroups = map[spanGroup]spanTiers{}
	}
	if tierField == "" && slices.Contains(q.builtIntervals, interval) {
		byInterval, err := q.intervalCensus()
		if err != nil && !errors.Is(err, errTooManyValues) {
			return nil, err
		}
		for _, id := range q.builtIntervals {
			got := spanTiers{err: err}
			if err == nil {
				got.dists = map[string]*distribution{}
				if d := byInterval[id]; d != nil {
					got.dists[""] = d
				}
			}
			q.spanGroups[spanGroup{id, ""}] = got
		}
		got := q.spanGroups[key]
		return got.dists, got.err
	}
	dists, err := q.distributions("target_distribution.sql", sql.Named("interval", interval), sql.Named("tier_field", tierField))
	if err != nil && !errors.Is(err, errTooManyValues) {
		return nil, err
	}
	q.spanGroups[key] = spanTiers{dists, err}
	return dists, err
}

// intervalCensus reads interval_distribution.sql: the distribution of every built interval's valid
// spans, returned, and the count of its spans of each other status, kept in q.statusCounts. It
// fails with errTooManyValues past q.maxDistinct distinct lengths.
func (q *querier) intervalCensus() (map[string]*distribution, error) {
	g := distributionRows{out: map[string]*distribution{}, limit: q.maxDistinct}
	counts := map[string]map[string]int64{}
	err := q.query("interval_distribution.sql", func(s *sql.Rows) error {
		var interval, status string
		var value sql.NullFloat64
		var count int64
		if err := s.Scan(&interval, &status, &value, &count); err != nil {
			return err
		}
		if status != "valid" {
			if counts[interval] == nil {
				counts[interval] = map[string]int64{}
			}
			counts[interval][status] = count
			return nil
		}
		return g.add(interval, value.Float64, count)
	})
	if err != nil {
		return nil, err
	}
	q.statusCounts = counts
	return g.out, nil
}

// intervalStats returns the statistics of the valid spans of every built interval and the counts
// of the others by status, from intervalCensus: as interval_stats.sql computes them, which is read
// instead past q.maxDistinct distinct lengths. The mean is the sum of the lengths, in ascending
// order, over their number: for lengths of whole seconds (below 2^53 in all) the sum is exact and
// the mean the same as DuckDB's avg.
func (q *querier) intervalStats() (map[string]metrics.IntervalStat, error) {
	stats := map[string]metrics.IntervalStat{}
	var err error
	for _, id := range q.builtIntervals {
		var dists map[string]*distribution
		if dists, err = q.spanTiers(id, ""); err != nil {
			break
		}
		st := metrics.IntervalStat{ID: id}
		if d := dists[""]; d != nil && d.n > 0 {
			sum := 0.0
			for i, v := range d.values {
				sum += v * float64(d.counts[i])
			}
			st.Valid, st.Mean, st.Max = d.n, sum/float64(d.n), d.values[len(d.values)-1]
		}
		c := q.statusCounts[id]
		st.Missing, st.Flagged, st.OutOfOrder, st.OverCeiling = c["missing"], c["flagged"], c["out_of_order"], c["over_ceiling"]
		stats[id] = st
	}
	if err == nil {
		return stats, nil
	}
	if !errors.Is(err, errTooManyValues) {
		return nil, err
	}
	clear(stats)
	err = q.query("interval_stats.sql", func(s *sql.Rows) error {
		var st metrics.IntervalStat
		if err := s.Scan(&st.ID, &st.Valid, &st.Missing, &st.Flagged, &st.OutOfOrder, &st.OverCeiling, &st.Mean, &st.Max); err != nil {
			return err
		}
		stats[st.ID] = st
		return nil
	})
	return stats, err
}

// percentiles computes, for every tier of the valid spans of interval by tierField (spanTiers), the
// count and quantile_cont at each of shares, and over all tiers together. Past q.maxDistinct
// distinct lengths they come from DuckDB's quantile_cont instead (target_quantiles.sql).
func (q *querier) percentiles(interval, tierField string, shares []float64) (map[string]percentileSet, percentileSet, error) {
	groups := map[string]percentileSet{}
	dists, err := q.spanTiers(interval, tierField)
	if err == nil {
		all := make([]*distribution, 0, len(dists))
		for tier, d := range dists {
			groups[tier] = d.percentiles(shares)
			all = append(all, d)
		}
		return groups, merge(all...).percentiles(shares), nil
	}
	if !errors.Is(err, errTooManyValues) {
		return nil, percentileSet{}, err
	}
	var overall percentileSet
	err = q.query("target_quantiles.sql", func(s *sql.Rows) error {
		var tier sql.NullString
		var set percentileSet
		var list any
		if err := s.Scan(&tier, &set.n, &list); err != nil {
			return err
		}
		items, _ := list.([]any)
		for _, item := range items {
			x, _ := item.(float64)
			set.values = append(set.values, x)
		}
		if len(set.values) != len(shares) {
			set.values = make([]float64, len(shares))
		}
		if !tier.Valid {
			overall = set
		} else {
			groups[tier.String] = set
		}
		return nil
	}, sql.Named("interval", interval), sql.Named("tier_field", tierField), sql.Named("shares", shares))
	return groups, overall, err
}

// within counts the valid spans of interval within each of thresholds (seconds <= threshold), over
// all calls and per tier of tierField, from spanTiers (target_within.sql past q.maxDistinct distinct
// lengths). A row is there only for spans that are: no tier without spans, no overall row when the
// interval has none. order is the rows' keys, overall first, then the tiers by value.
func (q *querier) within(interval, tierField string, thresholds []int) (counts map[tierKey]map[int]withinCount, order []tierKey, err error) {
	counts = map[tierKey]map[int]withinCount{}
	add := func(k tierKey, threshold int, n withinCount) {
		if counts[k] == nil {
			counts[k] = map[int]withinCount{}
			order = append(order, k)
		}
		counts[k][threshold] = n
	}
	dists, err := q.spanTiers(interval, tierField)
	if err == nil {
		tiers := make([]string, 0, len(dists))
		var of int64
		for tier, d := range dists {
			if d.n > 0 {
				tiers = append(tiers, tier)
				of += d.n
			}
		}
		slices.Sort(tiers)
		if of > 0 {
			for _, th := range thresholds {
				var in int64
				for _, d := range dists {
					in += d.within(th)
				}
				add(tierKey{overall: true}, th, withinCount{in, of})
			}
		}
		for _, tier := range tiers {
			d := dists[tier]
			for _, th := range thresholds {
				add(tierKey{tier: tier}, th, withinCount{d.within(th), d.n})
			}
		}
		return counts, order, nil
	}
	if !errors.Is(err, errTooManyValues) {
		return nil, nil, err
	}
	err = q.query("target_within.sql", func(s *sql.Rows) error {
		var k tierKey
		var threshold int
		var n withinCount
		if err := s.Scan(&k.overall, &k.tier, &threshold, &n.within, &n.of); err != nil {
			return err
		}
		add(k, threshold, n)
		return nil
	}, sql.Named("interval", interval), sql.Named("tier_field", tierField), sql.Named("thresholds", int32s(thresholds)))
	return counts, order, err
}

// histogram counts the valid spans of interval per bin of edges (bin i holds edges[i] <= seconds <
// edges[i+1], the last bin open-ended), from spanTiers (histogram.sql past q.maxDistinct distinct
// lengths).
func (q *querier) histogram(interval string, edges []int) ([]int64, error) {
	counts := make([]int64, len(edges))
	dists, err := q.spanTiers(interval, "")
	if err == nil {
		for _, d := range dists {
			for i, v := range d.values {
				bin := -1
				for _, e := range edges {
					if float64(e) <= v {
						bin++
					}
				}
				if bin >= 0 {
					counts[bin] += d.counts[i]
				}
			}
		}
		return counts, nil
	}
	if !errors.Is(err, errTooManyValues) {
		return nil, err
	}
	err = q.query("histogram.sql", func(s *sql.Rows) error {
		var bin int
		var n int64
		if err := s.Scan(&bin, &n); err != nil {
			return err
		}
		if bin >= 0 && bin < len(edges) {
			counts[bin] = n
		}
		return nil
	}, sql.Named("interval", interval), sql.Named("edges", int32s(edges)))
	return counts, err
}

// within returns how many spans of d are at most seconds long.
func (d *distribution) within(seconds int) int64 {
	var n int64
	for i, v := range d.values {
		if v > float64(seconds) {
			break
		}
		n += d.counts[i]
	}
	return n
}
