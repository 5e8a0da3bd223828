package bench

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"bulletin/metrics/campaign"
	"bulletin/warehouse"
)

func loadCampaign(t *testing.T) *campaign.Campaign {
	t.Helper()
	c, err := campaign.Load(filepath.Join("..", "sample-data", "campaign.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestRunMeasuresEveryStageAndAppend runs the whole benchmark at a tiny size with an append, and
// checks what it reports: every stage, with its rows and a peak RSS, the totals, the append.
func TestRunMeasuresEveryStageAndAppend(t *testing.T) {
	const n = 3000
	res, err := Run(context.Background(), Config{Sizes: []int64{n}, Runs: 1, Dir: t.TempDir(), Campaign: loadCampaign(t), Append: 500})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Sizes) != 1 || len(res.Sizes[0].Runs) != 1 {
		t.Fatalf("sizes %+v", res.Sizes)
	}
	size := res.Sizes[0]
	want := []string{StageIngest, StageMetrics, StageReports, StageClose, StageBaselineLoad, StageBaselineAggregates, StageBaselineClose, StageBatch, StageBaseline}
	var names []string
	for _, s := range size.Median {
		names = append(names, s.Name)
		if s.Rows != n || s.Bytes != size.CSVBytes || s.PeakRSS <= 0 {
			t.Errorf("stage %s: rows %d, bytes %d, peak RSS %d; want %d rows, %d bytes, a peak", s.Name, s.Rows, s.Bytes, s.PeakRSS, n, size.CSVBytes)
		}
	}
	if !slices.Equal(names, want) {
		t.Errorf("stages %q, want %q", names, want)
	}
	batch := size.Stage(StageBatch)
	var sum time.Duration
	for _, name := range batchStages {
		sum += size.Stage(name).Wall
	}
	if batch.Wall != sum {
		t.Errorf("batch time %v, want the sum of its stages %v", batch.Wall, sum)
	}
	if size.CSVBytes < n*100 {
		t.Errorf("CSV of %d bytes for %d calls", size.CSVBytes, n)
	}
	if res.Machine.CPUs < 1 || res.Machine.DuckDB == "" || res.Machine.Go == "" {
		t.Errorf("machine %+v", res.Machine)
	}

	a := res.Append
	if a == nil {
		t.Fatal("no append measured")
	}
	if a.Calls != 500 || a.ExistingCalls != n || a.Month != (Month{2022, time.August}) || a.Fresh.Rows != 500 || a.Existing.Rows != 500 {
		t.Errorf("append %+v", a)
	}
	if a.FreshSize <= 0 || a.ExistingSizeAfter < a.ExistingSizeBefore || a.ExistingSizeBefore <= 0 {
		t.Errorf("warehouse sizes: fresh %d, existing %d then %d", a.FreshSize, a.ExistingSizeBefore, a.ExistingSizeAfter)
	}

	var table bytes.Buffer
	if err := WriteTable(&table, res); err != nil {
		t.Fatal(err)
	}
	for _, s := range append(want, "3,000 calls of 2022-07", "batch / baseline", "the warehouse of 3,000 calls") {
		if !strings.Contains(table.String(), s) {
			t.Errorf("table lacks %q:\n%s", s, table.String())
		}
	}
}

// TestBaselineComputesWhatMetricsComputes checks that the baseline does the batch's work: on the
// same generated file, its aggregates equal metrics' figures.
func TestBaselineComputesWhatMetricsComputes(t *testing.T) {
	const n = 3000
	ctx := context.Background()
	b := &bencher{cfg: Config{Seed: 11}, logger: discard(), month: DefaultMonth, campaign: forMonth(loadCampaign(t), DefaultMonth),
		result: &Result{MemoryLimit: warehouse.DefaultMemoryLimit()}}
	run, _, err := b.run(ctx, t.TempDir(), n, false)
	if err != nil {
		t.Fatal(err)
	}
	r, f := run.report, run.figures

	count := func(figure, key string, got int64) {
		t.Helper()
		if want, ok := f[figure][key]; !ok || float64(got) != want {
			t.Errorf("%s %q: metrics %d, baseline %v (present %v)", figure, key, got, want, ok)
		}
	}
	near := func(figure, key string, got float64) {
		t.Helper()
		if want, ok := f[figure][key]; !ok || math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Errorf("%s %q: metrics %v, baseline %v (present %v)", figure, key, got, want, ok)
		}
	}

	var all int64
	for _, c := range r.Categories {
		count("category", c.Key, c.Count)
		all += c.Count
	}
	if all != n || len(r.Categories) != len(f["category"]) || len(r.Categories) != numCategories {
		t.Errorf("%d calls in %d categories, baseline %d categories", all, len(r.Categories), len(f["category"]))
	}
	headlines := 0
	for _, h := range r.Headline {
		if h.Source == "calls" {
			count("headline", h.ID, h.Value)
			headlines++
		}
	}
	if headlines == 0 || len(f["headline"]) != headlines {
		t.Errorf("%d headline figures of the calls, baseline %d", headlines, len(f["headline"]))
	}
	// The campaign's declared breakdowns by one field or by day.
	compared := 0
	for _, d := range r.Declared {
		rows, ok := f["breakdown_"+d.ID]
		if !ok {
			continue
		}
		compared++
		for _, row := range d.Rows {
			if row.Value > 0 || rows[row.Keys[0]] > 0 {
				count("breakdown_"+d.ID, row.Keys[0], row.Value)
			}
		}
	}
	if compared < 2 {
		t.Errorf("compared %d declared breakdowns with the baseline, want the sample's by day and by district", compared)
	}
	if v := f["headline"]["emergency_help"]; v < 0.25*n || v > 0.4*n {
		t.Errorf("%v emergency-help calls of %d", v, n)
	}
	if len(r.Districts) != 7 {
		t.Errorf("%d districts", len(r.Districts))
	}
	for _, d := range r.Districts {
		count("district_calls", d.District, d.Calls)
		count("district_response_n", d.District, d.ResponseN)
		near("district_response_p10", d.District, d.ResponseP10)
		near("district_response_p50", d.District, d.ResponseP50)
		near("district_response_p90", d.District, d.ResponseP90)
		for i, threshold := range []int{60, 180, 300} {
			near("response_share", fmt.Sprintf("%s/%d", d.District, threshold), d.Within[i])
		}
	}
	for _, day := range r.Daily {
		count("day_calls", day.Date, day.Calls)
	}
	for _, iv := range r.Response.Intervals {
		count("interval_n", iv.ID, iv.Valid)
		near("interval_mean", iv.ID, iv.Mean)
		near("interval_p50", iv.ID, iv.P50)
		near("interval_p90", iv.ID, iv.P90)
		near("interval_p95", iv.ID, iv.P95)
		near("interval_max", iv.ID, iv.Max)
	}
	for _, th := range r.Response.Compliance.Thresholds {
		count("response_within", fmt.Sprintf("/%d", th.Seconds), th.Within)
		count("interval_n", "response", th.Of)
	}
	for i, edge := range r.Response.Histogram.Edges {
		if got := r.Response.Histogram.Counts[i]; got > 0 || f["response_histogram"][fmt.Sprint(edge)] > 0 {
			count("response_histogram", fmt.Sprint(edge), got)
		}
	}
	for weekday, hours := range r.Breakdowns.HourWeekday {
		for hour, calls := range hours {
			if calls > 0 || f["weekday_hour"][fmt.Sprintf("%d/%d", weekday, hour)] > 0 {
				count("weekday_hour", fmt.Sprintf("%d/%d", weekday, hour), calls)
			}
		}
	}
	for _, l := range r.Linkage {
		count("agency", l.Key, l.Count)
	}
	count("linked_calls", "", r.LinkedCalls)
	for _, field := range r.Breakdowns.ByField {
		if field.Field == "channel" || field.Field == "priority" || field.Field == "station" {
			for _, row := range field.Rows {
				count("field_"+field.Field, row.Key, row.Calls)
			}
		}
	}
}

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

// TestBaselineWithoutExclusionsAndAWhereNotOnAgencies checks the baseline's SQL where a campaign
// excludes no category from response times and counts calls without some agency: a call with no
// linked agency is counted (not dropped as NULL), and every dispatched call has spans.
func TestBaselineWithoutExclusionsAndAWhereNotOnAgencies(t *testing.T) {
	const n = 2000
	ctx := context.Background()
	c := forMonth(loadCampaign(t), DefaultMonth)
	c.Response.ExcludeCategories = nil
	noAgency := campaign.MetricDef{Measure: campaign.Measure{ID: "without_first_agency", Source: "calls", Aggregate: "count",
		WhereNot: map[string][]string{"linked_agencies": {"medical"}}}}
	noAgency.Label.En, noAgency.Label.Zh = "without medical", "无医疗"
	c.Headline = append(c.Headline, noAgency)
	b := &bencher{cfg: Config{Seed: 12}, logger: discard(), month: DefaultMonth, campaign: c,
		result: &Result{MemoryLimit: warehouse.DefaultMemoryLimit()}}
	run, _, err := b.run(ctx, t.TempDir(), n, false)
	if err != nil {
		t.Fatal(err)
	}
	r, f := run.report, run.figures
	var medical int64
	for _, l := range r.Linkage {
		if l.Key == "medical" {
			medical = l.Count
		}
	}
	if medical == 0 || medical >= n {
		t.Fatalf("%d of %d calls link the medical agency: the filter is not exercised", medical, n)
	}
	// Each call names an agency once, so the calls without it are all the others.
	if got, want := f["headline"]["without_first_agency"], float64(n-medical); got != want {
		t.Errorf("baseline counts %v calls without the medical agency; want %v", got, want)
	}
	for _, h := range r.Headline {
		if h.ID == "without_first_agency" && float64(h.Value) != f["headline"][h.ID] {
			t.Errorf("metrics counts %d calls without the medical agency, baseline %v", h.Value, f["headline"][h.ID])
		}
	}
	for _, iv := range r.Response.Intervals {
		if iv.Valid == 0 || float64(iv.Valid) != f["interval_n"][iv.ID] {
			t.Errorf("interval %s: metrics %d valid spans, baseline %v", iv.ID, iv.Valid, f["interval_n"][iv.ID])
		}
	}
}
