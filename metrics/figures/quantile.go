package figures

import (
	"database/sql"
	"errors"
	"math"
	"slices"
)

// distribution is the valid spans of one group (an interval, a district, a tier) as their distinct
// lengths in ascending order with how many spans have each. Spans are whole seconds in practice, so
// a group of ten million spans has a few thousand distinct lengths: reading these instead of sorting
// every span is what keeps percentiles fast and small at any number of calls.
type distribution struct {
	values []float64
	counts []int64
	n      int64
}

// add records count spans of length value; values must come in ascending order.
func (d *distribution) add(value float64, count int64) {
	if k := len(d.values); k > 0 && d.values[k-1] == value {
		d.counts[k-1] += count
	} else {
		d.values = append(d.values, value)
		d.counts = append(d.counts, count)
	}
	d.n += count
}

// merge returns the distribution of the spans of every one of ds.
func merge(ds ...*distribution) *distribution {
	counts := map[float64]int64{}
	for _, d := range ds {
		for i, v := range d.values {
			counts[v] += d.counts[i]
		}
	}
	values := make([]float64, 0, len(counts))
	for v := range counts {
		values = append(values, v)
	}
	slices.Sort(values)
	m := &distribution{}
	for _, v := range values {
		m.add(v, counts[v])
	}
	return m
}

// at returns the value at 0-based rank r of the sorted spans.
func (d *distribution) at(r int64) float64 {
	for i, c := range d.counts {
		if r < c {
			return d.values[i]
		}
		r -= c
	}
	return d.values[len(d.values)-1]
}

// quantile is DuckDB's quantile_cont of the spans at share p: linear interpolation between the two
// nearest ranks, (n-1)·p, computed as DuckDB does (lo·(1-fraction) + hi·fraction, fused), so that the figures are
// the same as the SQL function's to the last bit. 0 for no spans.
func (d *distribution) quantile(p float64) float64 {
	if d.n == 0 {
		return 0
	}
	rn := float64(d.n-1) * p
	lo, hi := math.Floor(rn), math.Ceil(rn)
	low := d.at(int64(lo))
	if lo == hi {
		return low
	}
	high := d.at(int64(hi))
	frac := rn - lo
	// DuckDB 2.0's build fuses lo·(1-f) + hi·f into one multiply-add (measured against quantile_cont
	// in TestDistributionQuantileEqualsDuckDB); math.FMA rounds the same way.
	return math.FMA(low, 1-frac, high*frac)
}

// maxDistinctSpans bounds the distinct lengths a distribution query may return. Spans of whole
// seconds stay far below it; data with sub-second times could reach one per span, and then the
// percentiles come from DuckDB's quantile_cont instead.
const maxDistinctSpans = 2_000_000

// percentileSet is the number of valid spans of a group and their quantile_cont at each share asked.
type percentileSet struct {
	n      int64
	values []float64
}

// percentiles returns the count of the distribution and its quantile at each of shares.
func (d *distribution) percentiles(shares []float64) percentileSet {
	set := percentileSet{n: d.n, values: make([]float64, len(shares))}
	for i, p := range shares {
		set.values[i] = d.quantile(p)
	}
	return set
}

// errTooManyValues tells a caller to compute its percentiles with quantile_cont instead.
var errTooManyValues = errors.New("too many distinct span lengths")

// distributions runs the SQL file name, whose rows are (group, seconds, count) ordered by group and
// seconds, and returns each group's distribution. It fails with errTooManyValues past
// maxDistinctSpans rows.
func (q *querier) distributions(name string, named ...sql.NamedArg) (map[string]*distribution, error) {
	g := distributionRows{out: map[string]*distribution{}, limit: q.maxDistinct}
	err := q.query(name, func(s *sql.Rows) error {
		var group sql.NullString
		var value float64
		var count int64
		if err := s.Scan(&group, &value, &count); err != nil {
			return err
		}
		return g.add(group.String, value, count)
	}, named...)
	return g.out, err
}

// distributionRows gathers rows of (group, length, count), in order of group and length, into each
// group's distribution, and refuses them with errTooManyValues past limit rows.
type distributionRows struct {
	out         map[string]*distribution
	rows, limit int
}

func (g *distributionRows) add(group string, value float64, count int64) error {
	if g.rows++; g.rows > g.limit {
		return errTooManyValues
	}
	d := g.out[group]
	if d == nil {
		d = &distribution{}
		g.out[group] = d
	}
	d.add(value, count)
	return nil
}
