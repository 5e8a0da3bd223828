package figures

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"bulletin/ingest"
	"bulletin/metrics/campaign"
	"bulletin/warehouse"
)

// TestDistributionQuantileEqualsDuckDB compares the percentiles of value counts with DuckDB's
// quantile_cont over the spans themselves, for whole and fractional seconds, ties, one span and two.
func TestDistributionQuantileEqualsDuckDB(t *testing.T) {
	w, err := warehouse.Open(context.Background(), "", "")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	shares := []float64{0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 1}
	type spanSet struct {
		name  string
		spans []float64
	}
	cases := []spanSet{
		{"one", []float64{42}},
		{"two", []float64{10, 20}},
		{"ties", []float64{5, 5, 5, 7, 7, 9, 300, 300}},
		{"whole seconds", randomSpans(rng, 5000, func() float64 { return float64(rng.IntN(1800)) })},
		{"fractions", randomSpans(rng, 3000, func() float64 { return float64(rng.IntN(900000)) / 1000 })},
	}
	for i := range 20 {
		n := 2 + rng.IntN(4000)
		cases = append(cases, spanSet{fmt.Sprintf("random %d of %d", i, n), randomSpans(rng, n, func() float64 { return rng.Float64() * 3600 })})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sorted := slices.Sorted(slices.Values(tc.spans))
			d := &distribution{}
			for _, v := range sorted {
				d.add(v, 1)
			}
			var want []float64
			var list any
			if err := w.DB.QueryRow("SELECT quantile_cont(s, ?::DOUBLE[]) FROM unnest(?::DOUBLE[]) AS t(s)", shares, tc.spans).Scan(&list); err != nil {
				t.Fatal(err)
			}
			for _, x := range list.([]any) {
				want = append(want, x.(float64))
			}
			if got := d.percentiles(shares); d.n != int64(len(tc.spans)) || !slices.Equal(got.values, want) {
				t.Errorf("n %d, quantiles %v; DuckDB over %d spans: %v", d.n, got.values, len(tc.spans), want)
			}
		})
	}
}

func randomSpans(_ *rand.Rand, n int, draw func() float64) []float64 {
	spans := make([]float64, n)
	for i := range spans {
		spans[i] = draw()
	}
	return spans
}

func TestMergeAddsDistributions(t *testing.T) {
	a, b := &distribution{}, &distribution{}
	for _, v := range []float64{1, 3, 3, 8} {
		a.add(v, 1)
	}
	b.add(3, 2)
	b.add(5, 1)
	m := merge(a, b)
	if !slices.Equal(m.values, []float64{1, 3, 5, 8}) || !slices.Equal(m.counts, []int64{1, 4, 1, 1}) || m.n != 7 {
		t.Errorf("merged %v × %v (n %d), want 1 3 5 8 × 1 4 1 1 (n 7)", m.values, m.counts, m.n)
	}
	// Ranks 0..6 are 1 3 3 3 3 5 8: the median is rank 3.
	if got := m.quantile(0.5); got != 3 {
		t.Errorf("median %v, want 3", got)
	}
}

// TestComputeFallsBackToQuantileCont computes the fixture's report with every distribution query
// over its bound, so that every percentile comes from quantile_cont, and compares it with the
// report computed from value counts: they must be the same to the last bit.
func TestComputeFallsBackToQuantileCont(t *testing.T) {
	ctx := context.Background()
	c, err := campaign.Load(filepath.Join("testdata", "campaign.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := warehouse.Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), c.TimeZone)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	profile, err := ingest.LoadProfile(filepath.Join("testdata", "calls-profile.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.File(ctx, w, filepath.Join("testdata", "calls.csv"), ingest.Options{Profile: profile}); err != nil {
		t.Fatal(err)
	}
	counted, err := compute(ctx, w, c, maxDistinctSpans)
	if err != nil {
		t.Fatal(err)
	}
	fallback, err := compute(ctx, w, c, 1)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(counted)
	b, _ := json.Marshal(fallback)
	if string(a) != string(b) {
		t.Errorf("reports differ between value counts and quantile_cont:\n%s\n%s", a, b)
	}
	// The fixture has percentiles to compare: not all zero.
	if counted.Response.Intervals[0].P50 == 0 && counted.Response.Intervals[0].P90 == 0 {
		t.Fatal("the fixture's first interval has no percentiles; the comparison proves nothing")
	}
}
