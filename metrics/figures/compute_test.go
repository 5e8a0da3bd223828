package figures

import (
	"context"
	"database/sql"
	"encoding/json"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"

	"bulletin/ingest"
	"bulletin/metrics"
	"bulletin/metrics/campaign"
	"bulletin/warehouse"
)

// computeFixture loads testdata/calls.csv and testdata/activities.csv and computes the fixture
// campaign. The expected values in the tests below were worked out by hand from those files; the
// comments show the arithmetic.
func computeFixture(t *testing.T) *metrics.Report {
	t.Helper()
	ctx := context.Background()
	c, err := campaign.Load(filepath.Join("testdata", "campaign.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := warehouse.Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), c.TimeZone)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	// The calls are read with the interval checks of ingest off, so that the statuses below are
	// those Compute gives by itself; TestComputeExcludesIntervalsSpanningFlaggedSegments covers
	// intervals flagged at ingest.
	profile, err := ingest.LoadProfile(filepath.Join("testdata", "calls-profile.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.File(ctx, w, filepath.Join("testdata", "calls.csv"), ingest.Options{Profile: profile}); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.File(ctx, w, filepath.Join("testdata", "activities.csv"), ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	r, err := Compute(ctx, w, c)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestComputeHeadlineOnHandCountedFixture(t *testing.T) {
	r := computeFixture(t)
	want := map[string]int64{
		"emergency_help":      7, // C1-C5, C9, C12; C10 and C11 fall outside the period by one second
		"suicide_rescued":     1, // C3 (C11 is outside)
		"lost_people_found":   5, // C1 (2) + C2 (3); C9 was referred, C10 is outside
		"missing_resolved":    1, // C4; C5 is unresolved
		"medical_not_suicide": 1, // C12; C3 has medical but is a suicide attempt
		"drills":              2, // A1, A2; A3 is on 2022-05-03
		"failed_drills":       1, // A2
		"trained":             30,
	}
	got := map[string]int64{}
	for _, f := range r.Headline {
		got[f.ID] = f.Value
	}
	for id, v := range want {
		if got[id] != v {
			t.Errorf("%s = %d, want %d", id, got[id], v)
		}
	}
	if len(r.Headline) != len(want) {
		t.Errorf("%d headline figures, want %d", len(r.Headline), len(want))
	}
}

func TestComputeResponseTimesOnHandCountedFixture(t *testing.T) {
	r := computeFixture(t)
	stats := map[string]metrics.IntervalStat{}
	for _, st := range r.Response.Intervals {
		stats[st.ID] = st
	}
	// Response (received -> arrived) over calls other than consultation (C8): C1 240, C2 420,
	// C3 170, C4 700, C6 290, C7 150, C12 300 are valid; C5 has no arrival; C9 took 9000 s, over the
	// 7200 s ceiling.
	response := []float64{240, 420, 170, 700, 290, 150, 300}
	checkInterval(t, stats["response"], response, 1, 0, 1)
	// Travel (dispatched -> arrived): C7 arrived 50 s before its dispatch time.
	checkInterval(t, stats["travel"], []float64{180, 300, 130, 600, 240, 245}, 1, 1, 1)
	// Answer: every in-scope call was answered.
	checkInterval(t, stats["answer"], []float64{5, 10, 4, 8, 6, 3, 7, 9, 5}, 0, 0, 0)

	wantWithin := []int64{0, 2, 5} // <= 60 s: none; <= 180 s: 150, 170; <= 300 s: also 240, 290, 300
	for i, th := range r.Response.Compliance.Thresholds {
		if th.Within != wantWithin[i] || th.Of != 7 || th.Share != float64(wantWithin[i])/7 {
			t.Errorf("threshold %d s: %d of %d (%g); want %d of 7", th.Seconds, th.Within, th.Of, th.Share, wantWithin[i])
		}
	}
	// Bins [0,60) [60,180) [180,300) [300,600) [600,...): 150 170 | 240 290 | 300 420 | 700.
	if want := []int64{0, 2, 2, 2, 1}; !slices.Equal(r.Response.Histogram.Counts, want) {
		t.Errorf("histogram = %v, want %v", r.Response.Histogram.Counts, want)
	}
}

// checkInterval compares an interval's statistics with those of the valid values computed by a plain
// implementation of linear-interpolation percentiles.
func checkInterval(t *testing.T, st metrics.IntervalStat, valid []float64, missing, outOfOrder, overCeiling int64) {
	t.Helper()
	sorted := slices.Clone(valid)
	sort.Float64s(sorted)
	sum := 0.0
	for _, v := range sorted {
		sum += v
	}
	if st.Valid != int64(len(valid)) || st.Missing != missing || st.OutOfOrder != outOfOrder || st.OverCeiling != overCeiling {
		t.Errorf("%s: valid %d missing %d out of order %d over ceiling %d; want %d %d %d %d", st.ID,
			st.Valid, st.Missing, st.OutOfOrder, st.OverCeiling, len(valid), missing, outOfOrder, overCeiling)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"mean", st.Mean, sum / float64(len(sorted))},
		{"p50", st.P50, percentile(sorted, 0.5)},
		{"p90", st.P90, percentile(sorted, 0.9)},
		{"p95", st.P95, percentile(sorted, 0.95)},
		{"max", st.Max, sorted[len(sorted)-1]},
	} {
		if math.Abs(c.got-c.want) > 1e-9 {
			t.Errorf("%s %s = %g, want %g", st.ID, c.name, c.got, c.want)
		}
	}
}

// percentile is linear interpolation between closest ranks (the definition of quantile_cont).
func percentile(sorted []float64, q float64) float64 {
	pos := q * float64(len(sorted)-1)
	lo := int(math.Floor(pos))
	if lo+1 >= len(sorted) {
		return sorted[lo]
	}
	return sorted[lo] + (pos-float64(lo))*(sorted[lo+1]-sorted[lo])
}

func TestComputeBreakdownsOnHandCountedFixture(t *testing.T) {
	r := computeFixture(t)
	// 2022-05-01: C1-C5; 2022-05-02: C6, C7, C8, C9, C12.
	wantDaily := []metrics.DailyCount{{Date: "2022-05-01", Calls: 5}, {Date: "2022-05-02", Calls: 5}}
	if !slices.Equal(r.Daily, wantDaily) {
		t.Errorf("daily = %v, want %v", r.Daily, wantDaily)
	}
	// The emergency help of each day, declared by the fixture campaign: C1-C5 on 2022-05-01, C9 and
	// C12 on 2022-05-02.
	checkRows(t, declared(t, r, "help_daily"), 7, []metrics.BreakdownRow{
		{Keys: []string{"2022-05-01"}, Labels: []metrics.Text{{Zh: "2022-05-01", En: "2022-05-01"}}, Value: 5},
		{Keys: []string{"2022-05-02"}, Labels: []metrics.Text{{Zh: "2022-05-02", En: "2022-05-02"}}, Value: 2},
	})
	wantDistricts := []struct {
		name     string
		calls, n int64
		p50, p90 float64
		within   []float64
		spans    []float64 // the valid responses, sorted
	}{
		// Yuhu: C1, C3, C6, C8, C12; responses 170 240 290 300.
		{"雨湖区", 5, 4, 265, 297, []float64{0, 0.25, 1}, []float64{170, 240, 290, 300}},
		// Yuetang: C2, C7, C9; responses 150 420 (C9 over the ceiling).
		{"岳塘区", 3, 2, 285, 393, []float64{0, 0.5, 0.5}, []float64{150, 420}},
		// Xiangtan County: C4, C5; response 700 (C5 never arrived).
		{"湘潭县", 2, 1, 700, 700, []float64{0, 0, 0}, []float64{700}},
	}
	if len(r.Districts) != len(wantDistricts) {
		t.Fatalf("%d districts, want %d", len(r.Districts), len(wantDistricts))
	}
	for i, w := range wantDistricts {
		d := r.Districts[i]
		if d.District != w.name || d.Calls != w.calls || d.ResponseN != w.n ||
			math.Abs(d.ResponseP50-w.p50) > 1e-9 || math.Abs(d.ResponseP90-w.p90) > 1e-9 || !slices.Equal(d.Within, w.within) {
			t.Errorf("district %d = %+v, want %+v", i, d, w)
		}
		// The box plot's quantiles against a plain linear interpolation over the same spans; e.g.
		// Yuhu's p25 at rank 0.25 x 3 = 0.75: 170 + 0.75 x 70 = 222.5.
		for _, q := range []struct {
			p   float64
			got float64
		}{{0.10, d.ResponseP10}, {0.25, d.ResponseP25}, {0.50, d.ResponseP50}, {0.75, d.ResponseP75}, {0.90, d.ResponseP90}} {
			if want := percentile(w.spans, q.p); math.Abs(q.got-want) > 1e-9 {
				t.Errorf("%s: quantile %g = %g, want %g", w.name, q.p, q.got, want)
			}
		}
	}
	if math.Abs(r.Districts[0].ResponseP25-222.5) > 1e-9 || math.Abs(r.Districts[1].ResponseP75-352.5) > 1e-9 {
		t.Errorf("Yuhu p25 %g (want 222.5), Yuetang p75 %g (want 150 + 0.75 x 270 = 352.5)", r.Districts[0].ResponseP25, r.Districts[1].ResponseP75)
	}
	if r.Districts[0].Label.En != "Yuhu District" {
		t.Errorf("district label = %+v", r.Districts[0].Label)
	}
	// Emergency help per district, in the campaign's order: Yuhu C1 C3 C12, Yuetang C2 C9, Xiangtan
	// County C4 C5.
	checkRows(t, declared(t, r, "help_by_district"), 7, []metrics.BreakdownRow{
		{Keys: []string{"雨湖区"}, Labels: []metrics.Text{{Zh: "雨湖区", En: "Yuhu District"}}, Value: 3},
		{Keys: []string{"岳塘区"}, Labels: []metrics.Text{{Zh: "岳塘区", En: "Yuetang District"}}, Value: 2},
		{Keys: []string{"湘潭县"}, Labels: []metrics.Text{{Zh: "湘潭县", En: "Xiangtan County"}}, Value: 2},
	})
	wantLinkage := []metrics.GroupCount{{Key: "medical", Label: metrics.CodeLabel("linked_agencies", "medical"), Count: 2}, {Key: "water_police", Label: metrics.CodeLabel("linked_agencies", "water_police"), Count: 1}}
	if !slices.Equal(r.Linkage, wantLinkage) {
		t.Errorf("linkage = %v, want %v", r.Linkage, wantLinkage)
	}
	if r.LinkedCalls != 2 { // C3 (medical and water police) and C12 (medical)
		t.Errorf("linked calls = %d, want 2", r.LinkedCalls)
	}
	// Every activity of the period with participants, by start: A1 (drill, 21:00 on 05-01), A4
	// (training, 09:00 on 05-02), A2 (drill, 22:00 on 05-02). A5 recorded none; A3 is on 05-03.
	drill, training := metrics.Text{Zh: "模拟警情拉动演练", En: "Simulated-alarm drills"}, metrics.Text{Zh: "业务培训", En: "Training sessions"}
	wantSessions := []metrics.Session{
		{Date: "2022-05-01", Kind: "simulated_alarm_drill", KindLabel: drill, District: "雨湖区", DistrictLabel: metrics.Text{Zh: "雨湖区", En: "Yuhu District"}, Unit: "城正街派出所", UnitLabel: metrics.Text{Zh: "城正街派出所", En: "城正街派出所"}, Participants: 6},
		{Date: "2022-05-02", Kind: "training", KindLabel: training, District: "", Unit: "市局指挥中心", UnitLabel: metrics.Text{Zh: "市局指挥中心", En: "Municipal Bureau Command Center"}, Participants: 30},
		{Date: "2022-05-02", Kind: "simulated_alarm_drill", KindLabel: drill, District: "岳塘区", DistrictLabel: metrics.Text{Zh: "岳塘区", En: "Yuetang District"}, Unit: "建设路派出所", UnitLabel: metrics.Text{Zh: "建设路派出所", En: "建设路派出所"}, Participants: 5},
	}
	if !slices.Equal(r.Sessions, wantSessions) {
		t.Errorf("sessions = %+v, want %+v", r.Sessions, wantSessions)
	}
	if r.Quality.RowsRead != 17 || r.Quality.Loaded != 17 || len(r.Inputs) != 2 {
		t.Errorf("quality = %+v, inputs %d", r.Quality, len(r.Inputs))
	}
}

// declared returns the declared breakdown id of a report, failing the test when there is none.
func declared(t *testing.T, r *metrics.Report, id string) metrics.DeclaredBreakdown {
	t.Helper()
	for _, b := range r.Declared {
		if b.ID == id {
			return b
		}
	}
	t.Fatalf("no declared breakdown %q", id)
	return metrics.DeclaredBreakdown{}
}

// checkRows compares a declared breakdown's total and rows (keys, labels and values, in order).
func checkRows(t *testing.T, b metrics.DeclaredBreakdown, total int64, rows []metrics.BreakdownRow) {
	t.Helper()
	if b.Total != total {
		t.Errorf("%s: total %d, want %d", b.ID, b.Total, total)
	}
	same := slices.EqualFunc(b.Rows, rows, func(x, y metrics.BreakdownRow) bool {
		return slices.Equal(x.Keys, y.Keys) && slices.Equal(x.Labels, y.Labels) && x.Value == y.Value
	})
	if !same {
		t.Errorf("%s: rows\n got %+v\nwant %+v", b.ID, b.Rows, rows)
	}
}

func TestComputeKeepsTheEventsOfThePeriodByDate(t *testing.T) {
	r := computeFixture(t)
	// The fixture lists 05-02, 04-30, 05-01 and 05-03; the period is 05-01..05-02.
	want := []metrics.Event{{Date: "2022-05-01", Label: metrics.Text{Zh: "开始", En: "Start"}}, {Date: "2022-05-02", Label: metrics.Text{Zh: "培训", En: "Training"}}}
	if !slices.Equal(r.Campaign.Events, want) {
		t.Errorf("events = %+v, want %+v", r.Campaign.Events, want)
	}
}

func TestComputeStatesThePublicationRules(t *testing.T) {
	r := computeFixture(t)
	// The fixture has no publication block: the defaults, the codes the data model marks sensitive.
	want := metrics.Publication{MinCount: 5, Sensitive: map[string][]string{"subcategory": {"suicide_attempt", "missing_person"}}}
	if got := r.Campaign.Publication; got.MinCount != want.MinCount || !maps.EqualFunc(got.Sensitive, want.Sensitive, slices.Equal) {
		t.Errorf("publication = %+v, want %+v", got, want)
	}
	// Neither languages nor bulletin are given: both languages, the default template.
	if !slices.Equal(r.Campaign.Languages, []string{"zh", "en"}) || r.Campaign.Bulletin != "default" {
		t.Errorf("languages %q, bulletin %q; want [zh en] and default", r.Campaign.Languages, r.Campaign.Bulletin)
	}
}

// TestComputeDistrictQuantilesOfFewResponses checks the box plot's quantiles where they are easy to
// get wrong: two responses (interpolated), one, and none (all 0).
func TestComputeDistrictQuantilesOfFewResponses(t *testing.T) {
	ctx := context.Background()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2022, 5, 28, 9, 0, 0, 0, loc)
	call := func(id, district, category string, response time.Duration) generatedCall {
		c := generatedCall{id: id, received: day, channel: "phone", category: category, district: district, answered: day.Add(5 * time.Second)}
		if response > 0 {
			c.dispatched, c.arrived = day.Add(20*time.Second), day.Add(response)
		}
		return c
	}
	calls := []generatedCall{
		call("T1", "雨湖区", "traffic", 100*time.Second),
		call("T2", "雨湖区", "traffic", 300*time.Second),
		call("T3", "岳塘区", "traffic", 240*time.Second),
		call("T4", "湘潭县", "consultation", 0), // no response time
	}
	callsPath, _ := writeGenerated(t, t.TempDir(), calls, nil)
	w, err := warehouse.Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), "Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	if _, err := ingest.File(ctx, w, callsPath, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	r, err := Compute(ctx, w, generatedCampaign(t))
	if err != nil {
		t.Fatal(err)
	}
	type quantiles struct {
		n                       int64
		p10, p25, p50, p75, p90 float64
	}
	want := map[string]quantiles{
		// 100 and 300 s: the quantile at p is 100 + p x 200.
		"雨湖区": {2, 120, 150, 200, 250, 280},
		"岳塘区": {1, 240, 240, 240, 240, 240},
		"湘潭县": {0, 0, 0, 0, 0, 0},
	}
	if len(r.Districts) != len(want) {
		t.Fatalf("districts = %+v, want %d", r.Districts, len(want))
	}
	for _, d := range r.Districts {
		got := quantiles{d.ResponseN, d.ResponseP10, d.ResponseP25, d.ResponseP50, d.ResponseP75, d.ResponseP90}
		w := want[d.District]
		near := func(x, y float64) bool { return math.Abs(x-y) < 1e-9 }
		if got.n != w.n || !near(got.p10, w.p10) || !near(got.p25, w.p25) || !near(got.p50, w.p50) || !near(got.p75, w.p75) || !near(got.p90, w.p90) {
			t.Errorf("%s: %+v, want %+v", d.District, got, w)
		}
	}
}

// TestReportJSONKeysTheChartsRead pins the metrics.json keys that the chart code is written against.
func TestReportJSONKeysTheChartsRead(t *testing.T) {
	data, err := json.Marshal(computeFixture(t))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	// first returns the first element of the list at key of an object.
	first := func(object any, key string) any {
		list, _ := object.(map[string]any)[key].([]any)
		if len(list) == 0 {
			t.Fatalf("%q is not a non-empty list in %v", key, object)
		}
		return list[0]
	}
	info, breakdowns := doc["campaign"], doc["breakdowns"]
	cases := []struct {
		object any
		keys   []string
	}{
		{first(info, "events"), []string{"date", "label"}},
		{info.(map[string]any)["publication"], []string{"min_count", "sensitive"}},
		{info, []string{"languages", "bulletin_template"}},
		{first(doc, "districts"), []string{"response_p10_s", "response_p25_s", "response_p50_s", "response_p75_s", "response_p90_s"}},
		{first(breakdowns, "activities_weekly"), []string{"kind", "label", "weeks"}},
		{first(first(breakdowns, "activities_weekly"), "weeks"), []string{"key", "start", "count"}},
		{first(breakdowns, "results"), []string{"kind", "label", "total", "by_district"}},
		{first(first(breakdowns, "results"), "by_district"), []string{"district", "label", "count", "passed", "failed", "unknown", "pass_rate", "pass_rate_n", "response_seconds"}},
		{first(breakdowns, "participation"), []string{"kind", "label", "activities", "participants", "by_district"}},
		{first(first(breakdowns, "participation"), "by_district"), []string{"district", "label", "activities", "participants"}},
		{first(doc, "sessions"), []string{"date", "kind", "kind_label", "district", "unit", "participants"}},
		{first(doc, "declared_breakdowns"), []string{"id", "label", "unit", "source", "aggregate", "filters", "by", "by_labels", "show", "rows", "total", "description", "query"}},
		{first(first(doc, "declared_breakdowns"), "rows"), []string{"keys", "labels", "value"}},
	}
	for _, c := range cases {
		object, _ := c.object.(map[string]any)
		for _, key := range c.keys {
			if _, ok := object[key]; !ok {
				t.Errorf("no key %q in %v", key, c.object)
			}
		}
	}
}

// TestSpansViewWithoutIntervalsIsEmpty builds the spans of a campaign for no interval at all: the
// view must still be there, typed as the statistics read it, and empty.
func TestSpansViewWithoutIntervalsIsEmpty(t *testing.T) {
	ctx := context.Background()
	w, err := warehouse.Open(ctx, "", "Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	c, err := campaign.Parse("generated.yaml", []byte(generatedCampaignYAML))
	if err != nil {
		t.Fatal(err)
	}
	conn := testConn(t, w)
	if _, err := conn.ExecContext(ctx, spansTableSQL(c, nil)); err != nil {
		t.Fatal(err)
	}
	var n int64
	err = conn.QueryRowContext(ctx, "SELECT count(*) FROM spans WHERE interval_id = 'response' OR status = 'valid' OR seconds > 0 OR row_ref > 0 OR district <> ''").Scan(&n)
	if err != nil || n != 0 {
		t.Fatalf("spans without intervals: %d rows, %v; want none, no error", n, err)
	}
}

// testConn takes a connection of w for the test, closed when the test ends.
func testConn(t *testing.T, w *warehouse.Warehouse) *sql.Conn {
	t.Helper()
	conn, err := w.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}
