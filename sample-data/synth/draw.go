package synth

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// dist is a discrete distribution: values with cumulative weights.
type dist[T any] struct {
	values []T
	cum    []float64
	// uniform reports whether every value has the same weight.
	uniform bool
}

func newDist[T any](values []T, weights []float64) dist[T] {
	d := dist[T]{values: values, cum: cumulative(weights), uniform: true}
	for _, w := range weights {
		d.uniform = d.uniform && w == weights[0]
	}
	return d
}

// draw draws a value. A single value is taken without drawing a random number.
func (d *dist[T]) draw(rng *rand.Rand) T { return d.values[d.drawIndex(rng)] }

// drawIndex draws the index of a value: the first whose cumulative weight exceeds a uniform number
// in [0, 1), or the only one.
func (d *dist[T]) drawIndex(rng *rand.Rand) int {
	if len(d.values) == 1 {
		return 0
	}
	return index(d.cum, rng.Float64())
}

// cumulative returns the running sums of weights normalised to end at 1.
func cumulative(weights []float64) []float64 {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	cum := make([]float64, len(weights))
	var run float64
	for i, w := range weights {
		run += w
		cum[i] = run / sum
	}
	if len(cum) > 0 {
		cum[len(cum)-1] = 1
	}
	return cum
}

// index returns the first index whose cumulative weight exceeds u, or the last index. The
// distributions are short and their first values the likeliest, so a scan beats a binary search.
func index(cum []float64, u float64) int {
	for i, c := range cum {
		if u < c {
			return i
		}
	}
	return len(cum) - 1
}

// pick draws an index from a cumulative distribution.
func pick(rng *rand.Rand, cum []float64) int { return index(cum, rng.Float64()) }

func lognormal(rng *rand.Rand, median, sigma float64) float64 {
	return median * math.Exp(sigma*rng.NormFloat64())
}

// seconds rounds x to whole seconds within [lo, hi].
func seconds(x float64, lo, hi int64) int64 {
	return min(max(int64(math.Round(x)), lo), hi)
}

func clamp(x, lo, hi float64) float64 {
	return min(max(x, lo), hi)
}

// allocate divides total into integers proportional to weights by the largest-remainder method: every
// part gets the floor of its quota, and the units left go to the largest fractional parts, earlier
// parts first on ties.
func allocate(total int, weights []float64) []int {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	parts := make([]int, len(weights))
	type remainder struct {
		index int
		frac  float64
	}
	rems := make([]remainder, len(weights))
	given := 0
	for i, w := range weights {
		quota := float64(total) * w / sum
		parts[i] = int(math.Floor(quota))
		given += parts[i]
		rems[i] = remainder{i, quota - math.Floor(quota)}
	}
	slices.SortStableFunc(rems, func(a, b remainder) int { return cmp.Compare(b.frac, a.frac) })
	for k := 0; given < total; k++ {
		parts[rems[k%len(rems)].index]++
		given++
	}
	return parts
}

func repeat(v, n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = v
	}
	return s
}
