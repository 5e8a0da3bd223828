package figures

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"bulletin/ingest"
	"bulletin/metrics"
	"bulletin/metrics/campaign"
	"bulletin/warehouse"
)

// genCall is one generated call, with its clock points as local times (zero when not recorded).
type genCall struct {
	id, category, subcategory, district, incident   string
	people                                          int
	received, answered, dispatched, arrived, closed time.Time
}

// generateCalls makes n calls received in [from, from+days) local days, deterministically.
func generateCalls(rng *rand.Rand, prefix string, n int, from time.Time, days int) []genCall {
	categories := []string{"emergency_help", "traffic", "dispute", "criminal", "consultation"}
	subcategories := []string{"lost_person", "suicide_attempt", "missing_person", "medical"}
	districts := []string{"甲区", "乙区", "丙区"}
	calls := make([]genCall, n)
	for i := range calls {
		c := genCall{id: fmt.Sprintf("%s%04d", prefix, i)}
		c.received = from.Add(time.Duration(rng.IntN(days*86400)) * time.Second)
		c.category = categories[rng.IntN(len(categories))]
		if c.category == "emergency_help" {
			c.subcategory = subcategories[rng.IntN(len(subcategories))]
		}
		c.district = districts[rng.IntN(len(districts))]
		c.people = rng.IntN(4)
		if i > 0 && rng.IntN(10) < 3 { // about 30% report the incident of the call before
			c.incident = calls[i-1].incident
			if c.incident == "" {
				c.incident = "INC-" + calls[i-1].id
				calls[i-1].incident = c.incident
			}
		}
		c.answered = c.received.Add(time.Duration(3+rng.IntN(38)) * time.Second)
		if c.category != "consultation" {
			c.dispatched = c.answered.Add(time.Duration(20+rng.IntN(381)) * time.Second)
			if rng.IntN(20) > 0 { // 5% without arrival
				c.arrived = c.dispatched.Add(time.Duration(30+rng.IntN(1471)) * time.Second)
				if rng.IntN(10) > 0 {
					c.closed = c.arrived.Add(time.Duration(600+rng.IntN(4401)) * time.Second)
				}
			}
		}
		calls[i] = c
	}
	return calls
}

// loadGeneratedCalls ingests calls into a new warehouse (in Asia/Shanghai), closed when the test
// ends, and checks that every call loaded and none was flagged.
func loadGeneratedCalls(t *testing.T, calls []genCall) *warehouse.Warehouse {
	t.Helper()
	dir := t.TempDir()
	w, err := warehouse.Open(context.Background(), filepath.Join(dir, "w.duckdb"), "Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	path := filepath.Join(dir, "calls.csv")
	writeGeneratedCalls(t, path, calls)
	res, err := ingest.File(context.Background(), w, path, ingest.Options{})
	if err != nil || res.Loaded != int64(len(calls)) || res.Flagged != 0 {
		t.Fatalf("ingest: %+v, %v; want %d calls loaded, none flagged", res, err, len(calls))
	}
	return w
}

func writeGeneratedCalls(t *testing.T, path string, calls []genCall) {
	t.Helper()
	var b strings.Builder
	b.WriteString("call_id,received_at,answered_at,dispatched_at,arrived_at,closed_at,channel,category,subcategory,priority,district,station,disposition,people_helped,linked_agencies,lat,lon,incident_id\n")
	at := func(tm time.Time) string {
		if tm.IsZero() {
			return ""
		}
		return tm.Format(time.DateTime)
	}
	for _, c := range calls {
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s,phone,%s,%s,2,%s,,resolved,%d,,,,%s\n", c.id, at(c.received), at(c.answered),
			at(c.dispatched), at(c.arrived), at(c.closed), c.category, c.subcategory, c.district, c.people, c.incident)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

const generatedCampaignYAML = `id: generated
name: {zh: 生成, en: Generated}
period: {start: 2022-05-01, end: 2022-05-31}
time_zone: Asia/Shanghai
headline:
  - {id: emergency_help, label: {zh: 求助, en: help}, source: calls, aggregate: count, where: {category: [emergency_help]}}
  - {id: lost_people, label: {zh: 走失, en: lost}, source: calls, aggregate: sum, field: people_helped, where: {subcategory: [lost_person]}}
  - {id: incidents, label: {zh: 事件, en: incidents}, source: calls, aggregate: count_distinct, field: incident}
  - {id: night, label: {zh: 夜间, en: night}, source: calls, aggregate: count, window: {hours: [22, 6]}}
  - {id: weekend_traffic, label: {zh: 周末交通, en: weekend traffic}, source: calls, aggregate: count, where: {category: [traffic]}, window: {weekdays: [6, 7]}}
  - {id: fast, label: {zh: 五分钟到场, en: fast}, source: calls, aggregate: count, interval: {id: response, max_seconds: 300}}
  - {id: early_may, label: {zh: 上旬, en: early May}, source: calls, aggregate: count, where_not: {category: [consultation]}, window: {from_date: 2022-05-01, to_date: 2022-05-10}}
response:
  profile: {name: generated, version: "1"}
  compliance: {interval: response, thresholds_seconds: [60, 180, 300]}
  min_n: 40
  targets:
    - id: arrival
      label: {zh: 到场, en: arrival}
      interval: response
      thresholds_seconds: [300, 600]
      tier_field: district
      tier_thresholds: {乙区: [600, 900]}
    - id: answering
      label: {zh: 接警, en: answering}
      interval: answer
      goals: [{within_seconds: 15, share: 0.9}, {within_seconds: 30, share: 0.95}]
    - id: arrival_by_category
      label: {zh: 分类到场, en: arrival by category}
      interval: response
      thresholds_seconds: [300]
      tier_field: category
      tier_thresholds: {traffic: [600]}
districts:
  - {name: 甲区, en: District A}
  - {name: 乙区, en: District B}
  - {name: 丙区, en: District C}
`

// TestComputeOnGeneratedCallsMatchesAPlainGoLoop generates 420 calls in May 2022 and 160 in the
// previous month (April), none a year earlier, and checks every headline figure,
// the response interval, compliance, the targets and the comparisons against plain Go loops over
// the same calls.
func TestComputeOnGeneratedCallsMatchesAPlainGoLoop(t *testing.T) {
	ctx := context.Background()
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	rng := rand.New(rand.NewPCG(20220501, 4))
	may := generateCalls(rng, "M", 420, time.Date(2022, 5, 1, 0, 0, 0, 0, shanghai), 31)
	previous := generateCalls(rng, "P", 160, time.Date(2022, 4, 1, 0, 0, 0, 0, shanghai), 30)

	w := loadGeneratedCalls(t, append(slices.Clone(may), previous...))
	c, err := campaign.Parse("generated.yaml", []byte(generatedCampaignYAML))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Compute(ctx, w, c)
	if err != nil {
		t.Fatal(err)
	}

	// Headline figures, each by a plain loop.
	count := func(calls []genCall, keep func(genCall) bool) int64 {
		var n int64
		for _, c := range calls {
			if keep(c) {
				n++
			}
		}
		return n
	}
	responds := func(c genCall) bool { return c.category != "consultation" && !c.arrived.IsZero() }
	response := func(c genCall) float64 { return c.arrived.Sub(c.received).Seconds() }
	// early_may counts the first ten days of its period: in a baseline, the window moves with it.
	figures := func(calls []genCall, firstDay time.Time) map[string]int64 {
		people := int64(0)
		incidents := map[string]bool{}
		for _, c := range calls {
			if c.subcategory == "lost_person" {
				people += int64(c.people)
			}
			key := c.incident
			if key == "" {
				key = "call " + c.id
			}
			incidents[key] = true
		}
		return map[string]int64{
			"emergency_help": count(calls, func(c genCall) bool { return c.category == "emergency_help" }),
			"lost_people":    people,
			"incidents":      int64(len(incidents)),
			"night":          count(calls, func(c genCall) bool { h := c.received.Hour(); return h >= 22 || h < 6 }),
			"weekend_traffic": count(calls, func(c genCall) bool {
				d := c.received.Weekday()
				return c.category == "traffic" && (d == time.Saturday || d == time.Sunday)
			}),
			"fast": count(calls, func(c genCall) bool { return responds(c) && response(c) <= 300 }),
			"early_may": count(calls, func(c genCall) bool {
				return c.category != "consultation" && !c.received.Before(firstDay) && c.received.Before(firstDay.AddDate(0, 0, 10))
			}),
		}
	}
	want := figures(may, time.Date(2022, 5, 1, 0, 0, 0, 0, shanghai))
	wantPrevious := figures(previous, time.Date(2022, 4, 1, 0, 0, 0, 0, shanghai))
	if wantPrevious["early_may"] == 0 {
		t.Fatal("no call in the previous period's first ten days: the window's move is not tested")
	}
	if want["incidents"] >= 420 || want["night"] == 0 || want["weekend_traffic"] == 0 || want["fast"] == 0 {
		t.Fatalf("the generated data does not exercise every filter: %v", want)
	}
	for _, f := range r.Headline {
		if f.Value != want[f.ID] {
			t.Errorf("%s = %d; want %d", f.ID, f.Value, want[f.ID])
		}
		if len(f.Compare) != 2 {
			t.Fatalf("%s has %d comparisons; want 2", f.ID, len(f.Compare))
		}
		prev, year := f.Compare[0], f.Compare[1]
		if !prev.Available || *prev.Value != wantPrevious[f.ID] || *prev.Abs != want[f.ID]-wantPrevious[f.ID] {
			t.Errorf("%s vs previous: %+v; want value %d", f.ID, prev, wantPrevious[f.ID])
		}
		if wantPrevious[f.ID] != 0 {
			rel := float64(want[f.ID]-wantPrevious[f.ID]) / float64(wantPrevious[f.ID])
			if prev.Rel == nil || math.Abs(*prev.Rel-rel) > 1e-12 {
				t.Errorf("%s relative change %v; want %g", f.ID, prev.Rel, rel)
			}
		}
		if year.Available || year.Value != nil || year.Abs != nil || year.Rel != nil {
			t.Errorf("%s vs a year earlier, when the warehouse holds nothing: %+v; want n/a", f.ID, year)
		}
	}

	// The response interval: valid spans of dispatched calls with an arrival.
	spans := func(calls []genCall, keep func(genCall) bool) []float64 {
		var xs []float64
		for _, c := range calls {
			if responds(c) && keep(c) {
				xs = append(xs, response(c))
			}
		}
		slices.Sort(xs)
		return xs
	}
	all := func(genCall) bool { return true }
	valid := spans(may, all)
	var st metrics.IntervalStat
	for _, s := range r.Response.Intervals {
		if s.ID == "response" {
			st = s
		}
	}
	missing := count(may, func(c genCall) bool { return c.category != "consultation" && c.arrived.IsZero() })
	if st.Valid != int64(len(valid)) || st.Missing != missing || st.Flagged+st.OutOfOrder+st.OverCeiling != 0 || !st.Reliable {
		t.Errorf("response: valid %d missing %d; want %d %d", st.Valid, st.Missing, len(valid), missing)
	}
	mean := 0.0
	for _, x := range valid {
		mean += x / float64(len(valid))
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"mean", st.Mean, mean}, {"p50", st.P50, percentile(valid, 0.5)}, {"p90", st.P90, percentile(valid, 0.9)},
		{"p95", st.P95, percentile(valid, 0.95)}, {"max", st.Max, valid[len(valid)-1]},
	} {
		if math.Abs(c.got-c.want) > 1e-6 {
			t.Errorf("response %s = %g; want %g", c.name, c.got, c.want)
		}
	}
	within := func(xs []float64, seconds int) int64 {
		var n int64
		for _, x := range xs {
			if x <= float64(seconds) {
				n++
			}
		}
		return n
	}
	validPrevious := spans(previous, all)
	for i, th := range r.Response.Compliance.Thresholds {
		in := within(valid, []int{60, 180, 300}[i])
		if th.Within != in || th.Of != int64(len(valid)) || th.Share != float64(in)/float64(len(valid)) || th.Reliable != (len(valid) >= 40) {
			t.Errorf("compliance %d s: %d of %d; want %d of %d", th.Seconds, th.Within, th.Of, in, len(valid))
		}
		prevShare := float64(within(validPrevious, th.Seconds)) / float64(len(validPrevious))
		cmp := th.Compare[0]
		if !cmp.Available || *cmp.Share != prevShare || math.Abs(*cmp.Points-(th.Share-prevShare)*100) > 1e-9 || cmp.Of != int64(len(validPrevious)) {
			t.Errorf("compliance %d s vs previous: %+v; want share %g", th.Seconds, cmp, prevShare)
		}
		if th.Compare[1].Available || th.Compare[1].Share != nil {
			t.Errorf("compliance %d s vs a year earlier: %+v; want n/a", th.Seconds, th.Compare[1])
		}
	}

	// The tiered arrival target: every district at 300/600 s except 乙区 at 600/900 s.
	arrival := r.Response.Targets[0]
	wantTiers := []string{"", "甲区", "乙区", "丙区"}
	if len(arrival.Tiers) != len(wantTiers) {
		t.Fatalf("arrival target has %d tiers; want %d", len(arrival.Tiers), len(wantTiers))
	}
	for i, tier := range arrival.Tiers {
		if tier.Tier != wantTiers[i] {
			t.Errorf("tier %d is %q; want %q", i, tier.Tier, wantTiers[i])
		}
		xs := spans(may, func(c genCall) bool { return tier.Tier == "" || c.district == tier.Tier })
		thresholds := []int{300, 600}
		if tier.Tier == "乙区" {
			thresholds = []int{600, 900}
		}
		if tier.N != int64(len(xs)) || tier.Reliable != (len(xs) >= 40) || math.Abs(tier.P90-percentile(xs, 0.9)) > 1e-6 {
			t.Errorf("tier %q: n %d reliable %v p90 %g; want %d %v %g", tier.Tier, tier.N, tier.Reliable, tier.P90, len(xs), len(xs) >= 40, percentile(xs, 0.9))
		}
		for j, th := range tier.Thresholds {
			if th.Seconds != thresholds[j] || th.Within != within(xs, thresholds[j]) || th.Of != int64(len(xs)) {
				t.Errorf("tier %q threshold %d: %+v; want %d s, %d of %d", tier.Tier, j, th, thresholds[j], within(xs, thresholds[j]), len(xs))
			}
		}
	}

	// The arrival target tiered by a field other than the district (its spans join the calls):
	// the overall tier first, then one per category with valid spans, traffic at 600 s.
	byCategory := r.Response.Targets[2]
	wantCategories := []string{""}
	for _, c := range may {
		if len(spans([]genCall{c}, all)) > 0 && !slices.Contains(wantCategories, c.category) {
			wantCategories = append(wantCategories, c.category)
		}
	}
	var gotCategories []string
	for _, tier := range byCategory.Tiers {
		gotCategories = append(gotCategories, tier.Tier)
		xs := spans(may, func(c genCall) bool { return tier.Tier == "" || c.category == tier.Tier })
		threshold := 300
		if tier.Tier == "traffic" {
			threshold = 600
		}
		if tier.N != int64(len(xs)) || math.Abs(tier.P90-percentile(xs, 0.9)) > 1e-6 || len(tier.Thresholds) != 1 ||
			tier.Thresholds[0].Seconds != threshold || tier.Thresholds[0].Within != within(xs, threshold) {
			t.Errorf("category tier %q: n %d p90 %g thresholds %+v; want %d, %g, %d within %d s",
				tier.Tier, tier.N, tier.P90, tier.Thresholds, len(xs), percentile(xs, 0.9), within(xs, threshold), threshold)
		}
	}
	slices.Sort(wantCategories)
	slices.Sort(gotCategories)
	if !slices.Equal(gotCategories, wantCategories) || len(wantCategories) < 4 {
		t.Errorf("category tiers %q; want %q", gotCategories, wantCategories)
	}

	// The answering goals: NENA-style shares within 15 and 30 s, with the quantile at each share.
	var answers []float64
	for _, c := range may {
		if c.category != "consultation" {
			answers = append(answers, c.answered.Sub(c.received).Seconds())
		}
	}
	slices.Sort(answers)
	for _, g := range r.Response.Targets[1].Tiers[0].Goals {
		achieved := float64(within(answers, g.WithinSeconds)) / float64(len(answers))
		quantile := percentile(answers, g.Share)
		if g.Achieved != achieved || math.Abs(g.Quantile-quantile) > 1e-6 || g.Met != (achieved >= g.Share) || g.Of != int64(len(answers)) {
			t.Errorf("goal %g within %d s: achieved %g (of %d), quantile %g, met %v; want %g (of %d), %g, %v", g.Share, g.WithinSeconds,
				g.Achieved, g.Of, g.Quantile, g.Met, achieved, len(answers), quantile, achieved >= g.Share)
		}
	}
	if r.Response.Profile != (metrics.ProfileRef{Name: "generated", Version: "1"}) || r.Response.MinN != 40 || r.Response.Method != metrics.PercentileMethod {
		t.Errorf("response states profile %+v, min_n %d, method %q", r.Response.Profile, r.Response.MinN, r.Response.Method)
	}

	// Units kept apart: calls, incidents (calls sharing an incident_id are one), persons helped; no
	// export here had unit rows, so no dispatch orders are known.
	var people int64
	withIncident := int64(0)
	for _, c := range may {
		people += int64(c.people)
		if c.incident != "" {
			withIncident++
		}
	}
	wantUnits := metrics.Units{Calls: 420, Incidents: want["incidents"], CallsWithIncident: withIncident, LinkingRule: metrics.IncidentRule, PeopleHelped: people}
	if r.Units != wantUnits {
		t.Errorf("units %+v; want %+v", r.Units, wantUnits)
	}

	// The exclusion ledger: the previous period's calls are outside, consultations have no response
	// time, and calls without arrival are missing from the response interval.
	ledger := map[string]int64{}
	for _, e := range r.Exclusions {
		ledger[e.Figure+" / "+e.Reason] = e.N
	}
	for key, n := range map[string]int64{
		"call figures / received outside the period":                                                    160,
		"response times / category has no response times (consultation, invalid)":                       count(may, func(c genCall) bool { return c.category == "consultation" }),
		"response times: response / a clock point is not recorded":                                      missing,
		"all figures / quarantined at ingest, not loaded (whole warehouse, any date; see data_quality)": 0,
	} {
		if ledger[key] != n {
			t.Errorf("ledger %q = %d; want %d (ledger: %v)", key, ledger[key], n, ledger)
		}
	}
}

// TestReportsAgreeWithTheFallbacks computes the generated campaign twice, the second time with every
// distribution refused (as past maxDistinctSpans distinct lengths): percentiles, compliance, the
// histogram and the counts of targets tiered by district, by category and not at all, in the period
// and in the baseline it is compared with, then come from DuckDB (quantile_cont and counts in SQL)
// rather than from distributions counted in Go. The two reports are the same to the last byte.
func TestReportsAgreeWithTheFallbacks(t *testing.T) {
	ctx := context.Background()
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	rng := rand.New(rand.NewPCG(20220501, 5))
	calls := generateCalls(rng, "M", 300, time.Date(2022, 5, 1, 0, 0, 0, 0, shanghai), 31)
	calls = append(calls, generateCalls(rng, "P", 120, time.Date(2022, 4, 1, 0, 0, 0, 0, shanghai), 30)...)
	w := loadGeneratedCalls(t, calls)
	c, err := campaign.Parse("generated.yaml", []byte(generatedCampaignYAML))
	if err != nil {
		t.Fatal(err)
	}
	counted, err := compute(ctx, w, c, maxDistinctSpans, Options{Recompute: true})
	if err != nil {
		t.Fatal(err)
	}
	fallback, err := compute(ctx, w, c, 1, Options{Recompute: true})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.MarshalIndent(counted, "", " ")
	b, _ := json.MarshalIndent(fallback, "", " ")
	if string(a) != string(b) {
		t.Errorf("reports differ between distributions counted in Go and DuckDB's fallbacks:\n%s", lineDiff(string(a), string(b)))
	}
	// What the two ways agree on is not empty: tiers with spans, within counts, bins.
	arrival := counted.Response.Targets[0]
	if len(arrival.Tiers) < 4 || arrival.Tiers[1].Thresholds[0].Within == 0 || counted.Response.Histogram.Counts[1] == 0 ||
		counted.Response.Compliance.Thresholds[2].Within == 0 || !counted.Response.Compliance.Thresholds[2].Compare[0].Available {
		t.Fatalf("the generated report has too little to compare: %+v", counted.Response)
	}
}

// lineDiff returns the first lines at which a and b differ, with their numbers.
func lineDiff(a, b string) string {
	as, bs := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for i := 0; i < max(len(as), len(bs)) && len(out) < 10; i++ {
		var x, y string
		if i < len(as) {
			x = as[i]
		}
		if i < len(bs) {
			y = bs[i]
		}
		if x != y {
			out = append(out, fmt.Sprintf("line %d: %s\n     vs: %s", i+1, x, y))
		}
	}
	return strings.Join(out, "\n")
}
