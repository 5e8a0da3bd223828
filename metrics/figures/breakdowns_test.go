package figures

import (
	"cmp"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"bulletin/ingest"
	"bulletin/metrics"
	"bulletin/metrics/campaign"
	"bulletin/schema"
	"bulletin/warehouse"
)

func TestComputeCampaignBreakdownsOnHandCountedFixture(t *testing.T) {
	r := computeFixture(t)
	b := r.Breakdowns
	// The period 2022-05-01..02 holds C1-C9 and C12: 10 calls, 7 of them emergency help (C10 and
	// C11 fall outside by one second).
	yuhu, yuetang, county := metrics.Text{Zh: "雨湖区", En: "Yuhu District"}, metrics.Text{Zh: "岳塘区", En: "Yuetang District"}, metrics.Text{Zh: "湘潭县", En: "Xiangtan County"}
	text := func(s string) metrics.Text { return metrics.Text{Zh: s, En: s} }
	// Every single-valued dimension of the calls, in the order of schema/model.yaml; disposition is
	// one since the data model states the dimensions.
	wantFields := []struct {
		field string
		rows  []metrics.FieldCount
	}{
		// C7 came by app, the other nine by phone.
		{"channel", []metrics.FieldCount{
			{Key: "phone", Label: metrics.Text{Zh: "电话", En: "Phone"}, Calls: 9, Share: 0.9},
			{Key: "app", Label: metrics.Text{Zh: "手机应用", En: "App"}, Calls: 1, Share: 0.1},
		}},
		// Emergency help C1-C5 C9 C12; then one call each, by key: C8 consultation, C7 public
		// order, C6 traffic.
		{"category", []metrics.FieldCount{
			{Key: "emergency_help", Label: metrics.Text{Zh: "紧急求助", En: "Emergency help"}, Calls: 7, Share: 0.7},
			{Key: "consultation", Label: metrics.Text{Zh: "咨询", En: "Consultation"}, Calls: 1, Share: 0.1},
			{Key: "public_order", Label: metrics.Text{Zh: "治安", En: "Public order"}, Calls: 1, Share: 0.1},
			{Key: "traffic", Label: metrics.Text{Zh: "交通", En: "Traffic"}, Calls: 1, Share: 0.1},
		}},
		// No subcategory: C6 C7 C8 (3, first among the threes as "" < "lost_person"); lost person
		// C1 C2 C9; missing person C4 C5; medical C12; suicide attempt C3.
		{"subcategory", []metrics.FieldCount{
			{Key: "", Label: metrics.NotRecorded, Calls: 3, Share: 0.3},
			{Key: "lost_person", Label: metrics.Text{Zh: "走失", En: "Lost person"}, Calls: 3, Share: 0.3},
			{Key: "missing_person", Label: metrics.Text{Zh: "失踪", En: "Missing person"}, Calls: 2, Share: 0.2},
			{Key: "medical", Label: metrics.Text{Zh: "突发疾病", En: "Medical"}, Calls: 1, Share: 0.1},
			{Key: "suicide_attempt", Label: metrics.Text{Zh: "轻生", En: "Suicide attempt"}, Calls: 1, Share: 0.1},
		}},
		// By key: 1 C3 C12; 2 C1 C2 C4 C5 C9; 3 C6 C7; 4 C8.
		{"priority", []metrics.FieldCount{
			{Key: "1", Label: metrics.Text{Zh: "一级", En: "Priority 1"}, Calls: 2, Share: 0.2},
			{Key: "2", Label: metrics.Text{Zh: "二级", En: "Priority 2"}, Calls: 5, Share: 0.5},
			{Key: "3", Label: metrics.Text{Zh: "三级", En: "Priority 3"}, Calls: 2, Share: 0.2},
			{Key: "4", Label: metrics.Text{Zh: "四级", En: "Priority 4"}, Calls: 1, Share: 0.1},
		}},
		// Campaign order. Yuhu: C1 C3 C6 C8 C12; Yuetang: C2 C7 C9; Xiangtan County: C4 C5.
		{"district", []metrics.FieldCount{
			{Key: "雨湖区", Label: yuhu, Calls: 5, Share: 0.5},
			{Key: "岳塘区", Label: yuetang, Calls: 3, Share: 0.3},
			{Key: "湘潭县", Label: county, Calls: 2, Share: 0.2},
		}},
		// 建设路: C2 C7 C9; then three stations with 2 calls, by key (城 U+57CE < 易 U+6613 < 窑
		// U+7A91): 城正街 C1 C6, 易俗河 C4 C5, 窑湾 C3 C12; no station: C8.
		{"station", []metrics.FieldCount{
			{Key: "建设路派出所", Label: text("建设路派出所"), Calls: 3, Share: 0.3},
			{Key: "城正街派出所", Label: text("城正街派出所"), Calls: 2, Share: 0.2},
			{Key: "易俗河派出所", Label: text("易俗河派出所"), Calls: 2, Share: 0.2},
			{Key: "窑湾派出所", Label: text("窑湾派出所"), Calls: 2, Share: 0.2},
			{Key: "", Label: metrics.NotRecorded, Calls: 1, Share: 0.1},
		}},
		// Resolved C4 C6 C7 C8 C12; person found C1 C2; then one each by key: referred C9, rescued
		// C3, unresolved C5.
		{"disposition", []metrics.FieldCount{
			{Key: "resolved", Label: metrics.Text{Zh: "已处置", En: "Resolved"}, Calls: 5, Share: 0.5},
			{Key: "person_found", Label: metrics.Text{Zh: "已找到", En: "Person found"}, Calls: 2, Share: 0.2},
			{Key: "referred", Label: metrics.Text{Zh: "移交", En: "Referred"}, Calls: 1, Share: 0.1},
			{Key: "rescued", Label: metrics.Text{Zh: "已救助", En: "Rescued"}, Calls: 1, Share: 0.1},
			{Key: "unresolved", Label: metrics.Text{Zh: "未解决", En: "Unresolved"}, Calls: 1, Share: 0.1},
		}},
	}
	if len(b.ByField) != len(wantFields) {
		t.Fatalf("%d field breakdowns, want %d", len(b.ByField), len(wantFields))
	}
	for i, want := range wantFields {
		fb := b.ByField[i]
		if fb.Field != want.field || fb.Label != schema.Default().FieldLabel(want.field) {
			t.Errorf("breakdown %d is of %s (%+v), want %s", i, fb.Field, fb.Label, want.field)
		}
		if !slices.Equal(fb.Rows, want.rows) {
			t.Errorf("%s = %+v, want %+v", fb.Field, fb.Rows, want.rows)
		}
	}

	// Emergency help broken down as the campaign file declares, each counted by hand from the same
	// seven calls: C1-C5 on 2022-05-01 (ISO week 17, its last day), C9 and C12 on 2022-05-02 (week 18).
	day := func(d string) metrics.BreakdownRow {
		return metrics.BreakdownRow{Keys: []string{d}, Labels: []metrics.Text{text(d)}, Value: 0}
	}
	with := func(row metrics.BreakdownRow, v int64) metrics.BreakdownRow { row.Value = v; return row }
	one := func(key string, label metrics.Text, v int64) metrics.BreakdownRow {
		return metrics.BreakdownRow{Keys: []string{key}, Labels: []metrics.Text{label}, Value: v}
	}
	two := func(k1 string, l1 metrics.Text, k2 string, l2 metrics.Text, v int64) metrics.BreakdownRow {
		return metrics.BreakdownRow{Keys: []string{k1, k2}, Labels: []metrics.Text{l1, l2}, Value: v}
	}
	lost, missing := metrics.Text{Zh: "走失", En: "Lost person"}, metrics.Text{Zh: "失踪", En: "Missing person"}
	medical, suicide := metrics.Text{Zh: "突发疾病", En: "Medical"}, metrics.Text{Zh: "轻生", En: "Suicide attempt"}
	declaredCases := []struct {
		id    string
		total int64
		rows  []metrics.BreakdownRow
	}{
		{"help_daily", 7, []metrics.BreakdownRow{with(day("2022-05-01"), 5), with(day("2022-05-02"), 2)}},
		{"help_weekly", 7, []metrics.BreakdownRow{with(day("2022-W17"), 5), with(day("2022-W18"), 2)}},
		{"help_monthly", 7, []metrics.BreakdownRow{with(day("2022-05"), 7)}},
		// Campaign order: Yuhu C1 C3 C12, Yuetang C2 C9, Xiangtan County C4 C5.
		{"help_by_district", 7, []metrics.BreakdownRow{one("雨湖区", yuhu, 3), one("岳塘区", yuetang, 2), one("湘潭县", county, 2)}},
		// Free text, most first, ties by key: 建设路 C2 C9, 易俗河 C4 C5, 窑湾 C3 C12, 城正街 C1; C8
		// (no station) is a consultation.
		{"help_by_station", 7, []metrics.BreakdownRow{
			one("建设路派出所", text("建设路派出所"), 2), one("易俗河派出所", text("易俗河派出所"), 2),
			one("窑湾派出所", text("窑湾派出所"), 2), one("城正街派出所", text("城正街派出所"), 1),
		}},
		// Codes in the order of the vocabulary: suicide attempt C3, lost person C1 C2 C9, missing
		// person C4 C5, medical C12.
		{"help_by_subcategory", 7, []metrics.BreakdownRow{
			one("suicide_attempt", suicide, 1), one("lost_person", lost, 3), one("missing_person", missing, 2), one("medical", medical, 1),
		}},
		{"help_by_channel", 7, []metrics.BreakdownRow{one("phone", metrics.Text{Zh: "电话", En: "Phone"}, 7)}},
		// Priority 1: C3 C12; priority 2: C1 C2 C4 C5 C9.
		{"help_by_priority", 7, []metrics.BreakdownRow{one("1", metrics.Text{Zh: "一级", En: "Priority 1"}, 2), one("2", metrics.Text{Zh: "二级", En: "Priority 2"}, 5)}},
		// Districts in the campaign's order, each district's subcategories in the vocabulary's: Yuhu
		// C3 suicide attempt, C1 lost, C12 medical; Yuetang C2 and C9 lost; Xiangtan County C4 and C5
		// missing.
		{"help_by_district_subcategory", 7, []metrics.BreakdownRow{
			two("雨湖区", yuhu, "suicide_attempt", suicide, 1),
			two("雨湖区", yuhu, "lost_person", lost, 1),
			two("雨湖区", yuhu, "medical", medical, 1),
			two("岳塘区", yuetang, "lost_person", lost, 2),
			two("湘潭县", county, "missing_person", missing, 2),
		}},
		// C4 and C5 are both on 2022-05-01: the second day and week are listed with 0.
		{"missing_daily", 2, []metrics.BreakdownRow{with(day("2022-05-01"), 2), with(day("2022-05-02"), 0)}},
		{"missing_weekly", 2, []metrics.BreakdownRow{with(day("2022-W17"), 2), with(day("2022-W18"), 0)}},
	}
	if len(r.Declared) != len(declaredCases) {
		t.Errorf("%d declared breakdowns, want %d", len(r.Declared), len(declaredCases))
	}
	for i, tc := range declaredCases {
		b := declared(t, r, tc.id)
		if r.Declared[i].ID != tc.id {
			t.Errorf("declared breakdown %d is %s, want %s (the campaign's order)", i, r.Declared[i].ID, tc.id)
		}
		checkRows(t, b, tc.total, tc.rows)
		if b.Query != "declared_breakdown.sql" || b.Source != "calls" || b.Aggregate != "count" {
			t.Errorf("%s: query %q, source %q, aggregate %q", b.ID, b.Query, b.Source, b.Aggregate)
		}
	}
	if b := declared(t, r, "help_by_district_subcategory"); !slices.Equal(b.By, []string{"district", "subcategory"}) ||
		!slices.Equal(b.ByLabels, []metrics.Text{{Zh: "地区", En: "District"}, {Zh: "警情细类", En: "Subcategory"}}) ||
		b.Show != (metrics.Show{Chart: "stacked", Sheet: true}) || !slices.Equal(b.Filters.Where["category"], []string{"emergency_help"}) {
		t.Errorf("help_by_district_subcategory states by %q %+v, show %+v, filters %+v", b.By, b.ByLabels, b.Show, b.Filters)
	}

	// 2022-05-01 is a Sunday, the last day of ISO week 17; 2022-05-02 a Monday, the first of week 18.
	wantWeekly := []metrics.PeriodCount{{Key: "2022-W17", Start: "2022-05-01", Calls: 5}, {Key: "2022-W18", Start: "2022-05-02", Calls: 5}}
	if !slices.Equal(b.Weekly, wantWeekly) {
		t.Errorf("weekly = %+v, want %+v", b.Weekly, wantWeekly)
	}
	if want := []metrics.PeriodCount{{Key: "2022-05", Start: "2022-05-01", Calls: 10}}; !slices.Equal(b.Monthly, want) {
		t.Errorf("monthly = %+v, want %+v", b.Monthly, want)
	}
	var wantMatrix [7][24]int64
	for _, hour := range []int{0, 10, 11, 12, 13} { // Sunday: C1-C5
		wantMatrix[6][hour]++
	}
	for _, hour := range []int{9, 10, 11, 12, 23} { // Monday: C6 C7 C8 C12 C9
		wantMatrix[0][hour]++
	}
	if b.HourWeekday != wantMatrix {
		t.Errorf("hour x weekday = %v, want %v", b.HourWeekday, wantMatrix)
	}
	if b.Weekdays[0].En != "Monday" || b.Weekdays[6].Zh != "星期日" {
		t.Errorf("weekdays = %v", b.Weekdays)
	}
	// Only C3 has two agencies; C12 has medical alone.
	wantPairs := []metrics.PairCount{{A: "medical", LabelA: metrics.Text{Zh: "医疗急救", En: "Medical first aid"}, B: "water_police", LabelB: metrics.Text{Zh: "水上公安", En: "Water police"}, Calls: 1}}
	if !slices.Equal(b.LinkagePairs, wantPairs) {
		t.Errorf("linkage pairs = %+v, want %+v", b.LinkagePairs, wantPairs)
	}
	// In the period: drills A1 (雨湖区) and A2 (岳塘区), training A4 (no district), inspection A5
	// (雨湖区); A3 is on 2022-05-03.
	drill, training, inspection := metrics.Text{Zh: "模拟警情拉动演练", En: "Simulated-alarm drills"}, metrics.Text{Zh: "业务培训", En: "Training sessions"}, metrics.Text{Zh: "视频巡查", En: "Video inspections"}
	// Kinds in the data model's order.
	wantByDistrict := []metrics.ActivityCount{
		{Kind: "simulated_alarm_drill", KindLabel: drill, Key: "雨湖区", Label: yuhu, Count: 1},
		{Kind: "simulated_alarm_drill", KindLabel: drill, Key: "岳塘区", Label: yuetang, Count: 1},
		{Kind: "video_inspection", KindLabel: inspection, Key: "雨湖区", Label: yuhu, Count: 1},
		{Kind: "training", KindLabel: training, Key: "", Label: metrics.NotRecorded, Count: 1},
	}
	if !slices.Equal(b.ActivitiesByDistrict, wantByDistrict) {
		t.Errorf("activities by district = %+v, want %+v", b.ActivitiesByDistrict, wantByDistrict)
	}
	// Week 17 is 2022-05-01 alone (A1); week 18 starts 2022-05-02 (A2, A4, A5).
	wantSeries := []metrics.ActivitySeries{
		// Kinds in the data model's order.
		{Kind: "simulated_alarm_drill", Label: drill, Weeks: []metrics.WeekCount{{Key: "2022-W17", Start: "2022-05-01", Count: 1}, {Key: "2022-W18", Start: "2022-05-02", Count: 1}}},
		{Kind: "video_inspection", Label: inspection, Weeks: []metrics.WeekCount{{Key: "2022-W17", Start: "2022-05-01", Count: 0}, {Key: "2022-W18", Start: "2022-05-02", Count: 1}}},
		{Kind: "training", Label: training, Weeks: []metrics.WeekCount{{Key: "2022-W17", Start: "2022-05-01", Count: 0}, {Key: "2022-W18", Start: "2022-05-02", Count: 1}}},
	}
	if !slices.EqualFunc(b.ActivitiesWeekly, wantSeries, func(x, y metrics.ActivitySeries) bool {
		return x.Kind == y.Kind && x.Label == y.Label && slices.Equal(x.Weeks, y.Weeks)
	}) {
		t.Errorf("activities weekly = %+v, want %+v", b.ActivitiesWeekly, wantSeries)
	}
	wantByUnit := []metrics.ActivityCount{
		{Kind: "simulated_alarm_drill", KindLabel: drill, Key: "城正街派出所", Label: text("城正街派出所"), Count: 1},
		{Kind: "simulated_alarm_drill", KindLabel: drill, Key: "建设路派出所", Label: text("建设路派出所"), Count: 1},
		{Kind: "video_inspection", KindLabel: inspection, Key: "城正街派出所", Label: text("城正街派出所"), Count: 1},
		{Kind: "training", KindLabel: training, Key: "市局指挥中心", Label: metrics.Text{Zh: "市局指挥中心", En: "Municipal Bureau Command Center"}, Count: 1},
	}
	if !slices.Equal(b.ActivitiesByUnit, wantByUnit) {
		t.Errorf("activities by unit = %+v, want %+v", b.ActivitiesByUnit, wantByUnit)
	}
	// Results of the drills, the only kind that recorded a result or a response time: A1 passed in
	// 240 s, A2 failed in 330 s: pass rate 1/(1+1); mean (240+330)/2 = 285, median 285, p90 at rank
	// 0.9*(2-1) = 0.9: 240 + 0.9*90 = 321. A4 and A5 recorded neither.
	wantResults := []metrics.KindResults{{
		Kind: "simulated_alarm_drill", Label: drill,
		Total: metrics.ResultGroup{District: "", Label: metrics.Text{Zh: "合计", En: "Total"}, Count: 2, Passed: 1, Failed: 1, Unknown: 0, PassRate: 0.5, PassRateN: 2, Response: metrics.SecondsSummary{N: 2, Mean: 285, P50: 285, P90: 321, Max: 330}},
		ByDistrict: []metrics.ResultGroup{
			{District: "雨湖区", Label: yuhu, Count: 1, Passed: 1, Failed: 0, Unknown: 0, PassRate: 1, PassRateN: 1, Response: metrics.SecondsSummary{N: 1, Mean: 240, P50: 240, P90: 240, Max: 240}},
			{District: "岳塘区", Label: yuetang, Count: 1, Passed: 0, Failed: 1, Unknown: 0, PassRate: 0, PassRateN: 1, Response: metrics.SecondsSummary{N: 1, Mean: 330, P50: 330, P90: 330, Max: 330}},
		},
	}}
	if !slices.EqualFunc(b.Results, wantResults, func(x, y metrics.KindResults) bool {
		return x.Kind == y.Kind && x.Label == y.Label && x.Total == y.Total && slices.Equal(x.ByDistrict, y.ByDistrict)
	}) {
		t.Errorf("results = %+v, want %+v", b.Results, wantResults)
	}
	// Participants, for the kinds that recorded some, in the vocabulary's order: drills A1 (6, Yuhu)
	// and A2 (5, Yuetang); training A4 (30, no district). A5 recorded none.
	wantParticipation := []metrics.KindParticipation{
		{Kind: "simulated_alarm_drill", Label: drill, Activities: 2, Participants: 11, ByDistrict: []metrics.ParticipationDistrict{{District: "雨湖区", Label: yuhu, Activities: 1, Participants: 6}, {District: "岳塘区", Label: yuetang, Activities: 1, Participants: 5}}},
		{Kind: "training", Label: training, Activities: 1, Participants: 30, ByDistrict: []metrics.ParticipationDistrict{{District: "", Label: metrics.NotRecorded, Activities: 1, Participants: 30}}},
	}
	if !slices.EqualFunc(b.Participation, wantParticipation, func(x, y metrics.KindParticipation) bool {
		return x.Kind == y.Kind && x.Label == y.Label && x.Activities == y.Activities && x.Participants == y.Participants &&
			slices.Equal(x.ByDistrict, y.ByDistrict)
	}) {
		t.Errorf("participation = %+v, want %+v", b.Participation, wantParticipation)
	}
}

// generatedCall and generatedActivity are rows of the generated fixture, with their local times.
type generatedCall struct {
	id                                   string
	received                             time.Time
	channel, category, subcategory       string
	priority, district, station          string
	disposition                          string
	people                               int
	agencies                             []string
	answered, dispatched, arrived, close time.Time // zero when not recorded
}

type generatedActivity struct {
	id, kind                     string
	started                      time.Time
	district, unit, participants string
	responseSeconds, passed      string
}

// The generated fixture's period crosses the end of May and the ISO weeks 21/22 and 22/23; rows are
// generated from two days before it to two days after.
const (
	generatedStart = "2022-05-27"
	generatedEnd   = "2022-06-08"
)

// generatedCampaign lists three of the generated districts in an order that is not their order by
// name, and 全市 (Citywide), under which activities of the whole city are recorded; 韶山市 is left
// out, so it comes after them. Its one headline figure, which a campaign file needs, counts the
// calls; everything else is the default.
func generatedCampaign(t *testing.T) *campaign.Campaign {
	t.Helper()
	c, err := campaign.Parse("generated.yaml", []byte(`id: generated
name: {zh: 生成, en: Generated}
period: {start: `+generatedStart+`, end: `+generatedEnd+`}
time_zone: Asia/Shanghai
districts:
  - {name: 湘潭县, en: Xiangtan County}
  - {name: 雨湖区, en: Yuhu}
  - {name: 岳塘区, en: Yuetang}
  - {name: 全市, en: Citywide}
headline:
  - {id: calls, label: {zh: 警情, en: Calls}, source: calls, aggregate: count}
`))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// generateRows draws ~400 calls and ~60 activities with a fixed seed, plus calls and activities one
// second either side of both ends of the period.
func generateRows(t *testing.T, loc *time.Location) ([]generatedCall, []generatedActivity) {
	t.Helper()
	rng := rand.New(rand.NewPCG(20220527, 608))
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	from := time.Date(2022, 5, 25, 0, 0, 0, 0, loc)
	span := int(time.Date(2022, 6, 11, 0, 0, 0, 0, loc).Sub(from) / time.Second)
	randomTime := func() time.Time { return from.Add(time.Duration(rng.IntN(span)) * time.Second) }
	edges := []time.Time{
		time.Date(2022, 5, 26, 23, 59, 59, 0, loc), time.Date(2022, 5, 27, 0, 0, 0, 0, loc),
		time.Date(2022, 6, 8, 23, 59, 59, 0, loc), time.Date(2022, 6, 9, 0, 0, 0, 0, loc),
	}

	districts := []string{"雨湖区", "岳塘区", "湘潭县", "韶山市"}
	stations := []string{"城正街派出所", "窑湾派出所", "建设路派出所", "易俗河派出所", "清溪派出所", ""}
	channels := warehouse.Vocabulary("calls", "channel")
	categories := warehouse.Vocabulary("calls", "category")
	subcategories := append(warehouse.Vocabulary("calls", "subcategory"), "")
	priorities := []string{"1", "2", "3", "4", ""}
	agencies := warehouse.Vocabulary("calls", "linked_agencies")
	dispositions := append(warehouse.Vocabulary("calls", "disposition"), "")
	var calls []generatedCall
	for i := range 400 + len(edges) {
		c := generatedCall{
			id: fmt.Sprintf("G%04d", i+1), channel: pick(channels), category: pick(categories),
			priority: pick(priorities), district: pick(districts), station: pick(stations),
			// Not drawn, so that the other draws stay those the tests were written against.
			disposition: dispositions[i*5%len(dispositions)], people: i % 4,
		}
		if i < len(edges) {
			c.received = edges[i]
		} else {
			c.received = randomTime()
		}
		if c.category == "emergency_help" {
			c.subcategory = pick(subcategories)
		} else if i%9 == 0 {
			c.subcategory = "other" // recorded on a call of another category; no draw, so the rest stays the same
		}
		// About one call in three has agencies; some have two or three.
		for _, a := range agencies {
			if rng.IntN(8) == 0 {
				c.agencies = append(c.agencies, a)
			}
		}
		// A short timeline in order, so that ingest flags nothing.
		c.answered = c.received.Add(time.Duration(3+rng.IntN(30)) * time.Second)
		if c.category != "consultation" && c.category != "invalid" {
			c.dispatched = c.answered.Add(time.Duration(20+rng.IntN(120)) * time.Second)
			c.arrived = c.dispatched.Add(time.Duration(60+rng.IntN(900)) * time.Second)
			c.close = c.arrived.Add(time.Duration(300+rng.IntN(1800)) * time.Second)
		}
		calls = append(calls, c)
	}

	kinds := warehouse.Vocabulary("activities", "kind")
	activityDistricts := append(slices.Clone(districts), "全市", "")
	units := []string{"城正街派出所", "窑湾派出所", "建设路派出所", "易俗河派出所", "清溪派出所", "雨湖路派出所",
		"书院路派出所", "天易派出所", "花石派出所", "银田派出所", "雨湖分局指挥中心", "岳塘分局指挥中心", "市局指挥中心", ""}
	var activities []generatedActivity
	for i := range 60 + len(edges) {
		a := generatedActivity{id: fmt.Sprintf("H%03d", i+1), district: pick(activityDistricts), unit: pick(units)}
		// Many video inspections, so that more units inspect than TopUnitsPerKind, and enough drills
		// for percentiles per district.
		switch draw := rng.IntN(10); {
		case draw < 4:
			a.kind = "video_inspection"
		case draw < 7:
			a.kind = "simulated_alarm_drill"
		case draw < 8:
			a.kind = "training"
		default:
			a.kind = pick(kinds)
		}
		if i < len(edges) {
			a.started = edges[i]
		} else {
			a.started = randomTime()
		}
		if rng.IntN(10) > 0 {
			a.participants = strconv.Itoa(1 + rng.IntN(40))
		}
		if a.kind == "simulated_alarm_drill" {
			if rng.IntN(10) > 0 {
				seconds := 60 + rng.IntN(540)
				a.responseSeconds = strconv.Itoa(seconds)
				a.passed = strconv.FormatBool(seconds <= 300)
			}
			if rng.IntN(8) == 0 {
				a.passed = "" // a result not recorded, with or without a time
			}
		}
		activities = append(activities, a)
	}
	return calls, activities
}

// writeGenerated writes the rows as canonical CSV files and returns their paths.
func writeGenerated(t *testing.T, dir string, calls []generatedCall, activities []generatedActivity) (callsPath, activitiesPath string) {
	t.Helper()
	clock := func(at time.Time) string {
		if at.IsZero() {
			return ""
		}
		return at.Format(time.DateTime)
	}
	write := func(name string, header []string, rows [][]string) string {
		path := filepath.Join(dir, name)
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		w := csv.NewWriter(f)
		w.Write(header)
		w.WriteAll(rows)
		if err := w.Error(); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		return path
	}
	var callRows, activityRows [][]string
	for _, c := range calls {
		callRows = append(callRows, []string{c.id, clock(c.received), clock(c.answered), clock(c.dispatched), clock(c.arrived), clock(c.close),
			c.channel, c.category, c.subcategory, c.priority, c.district, c.station, c.disposition, strconv.Itoa(c.people),
			strings.Join(c.agencies, ";"), "", ""})
	}
	for _, a := range activities {
		activityRows = append(activityRows, []string{a.id, a.kind, clock(a.started), a.district, a.unit, a.participants, a.responseSeconds, a.passed, ""})
	}
	callsPath = write("calls.csv", strings.Split("call_id,received_at,answered_at,dispatched_at,arrived_at,closed_at,channel,category,subcategory,priority,district,station,disposition,people_helped,linked_agencies,lat,lon", ","), callRows)
	activitiesPath = write("activities.csv", strings.Split("activity_id,kind,started_at,district,unit,participants,response_seconds,passed,note", ","), activityRows)
	return callsPath, activitiesPath
}

// generated is the generated fixture loaded into a warehouse: every row, and those of the period.
type generated struct {
	w                *warehouse.Warehouse
	calls            []generatedCall
	activities       []generatedActivity
	periodCalls      []generatedCall
	periodActivities []generatedActivity
	// first and afterLast bound the period in local time: [first, afterLast).
	first, afterLast time.Time
}

// loadGenerated generates the rows of generateRows, ingests them into a new warehouse (every row
// loads, none is flagged) and picks out those of the period with plain comparisons of local times.
func loadGenerated(t *testing.T) generated {
	t.Helper()
	ctx := context.Background()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	var g generated
	g.calls, g.activities = generateRows(t, loc)
	callsPath, activitiesPath := writeGenerated(t, t.TempDir(), g.calls, g.activities)
	g.w, err = warehouse.Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), "Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.w.Close() })
	for path, rows := range map[string]int{callsPath: len(g.calls), activitiesPath: len(g.activities)} {
		res, err := ingest.File(ctx, g.w, path, ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Loaded != int64(rows) || res.Quarantined != 0 || res.Flagged != 0 {
			t.Fatalf("%s: loaded %d, quarantined %d, flagged %d of %d rows", path, res.Loaded, res.Quarantined, res.Flagged, rows)
		}
	}
	g.first, _ = time.ParseInLocation(time.DateOnly, generatedStart, loc)
	last, _ := time.ParseInLocation(time.DateOnly, generatedEnd, loc)
	g.afterLast = last.AddDate(0, 0, 1)
	inPeriod := func(at time.Time) bool { return !at.Before(g.first) && at.Before(g.afterLast) }
	for _, c := range g.calls {
		if inPeriod(c.received) {
			g.periodCalls = append(g.periodCalls, c)
		}
	}
	for _, a := range g.activities {
		if inPeriod(a.started) {
			g.periodActivities = append(g.periodActivities, a)
		}
	}
	if len(g.periodCalls) == len(g.calls) || len(g.periodActivities) == len(g.activities) {
		t.Fatalf("no generated row lies outside the period")
	}
	t.Logf("%d of %d calls and %d of %d activities in the period", len(g.periodCalls), len(g.calls), len(g.periodActivities), len(g.activities))
	return g
}

// TestComputeCampaignBreakdownsOnGeneratedRows compares every breakdown of a generated fixture with
// the same figure counted by plain loops over the generated rows.
func TestComputeCampaignBreakdownsOnGeneratedRows(t *testing.T) {
	g := loadGenerated(t)
	r, err := Compute(context.Background(), g.w, generatedCampaign(t))
	if err != nil {
		t.Fatal(err)
	}
	b := r.Breakdowns
	periodCalls, periodActivities := g.periodCalls, g.periodActivities
	first, afterLast := g.first, g.afterLast
	label := func(field, code string) metrics.Text { return schema.Default().Label(field, code) }

	t.Run("by field", func(t *testing.T) {
		fieldOf := map[string]func(generatedCall) string{
			"district":    func(c generatedCall) string { return c.district },
			"station":     func(c generatedCall) string { return c.station },
			"category":    func(c generatedCall) string { return c.category },
			"subcategory": func(c generatedCall) string { return c.subcategory },
			"channel":     func(c generatedCall) string { return c.channel },
			"priority":    func(c generatedCall) string { return c.priority },
			"disposition": func(c generatedCall) string { return c.disposition },
		}
		// The single-valued dimensions of the calls, in the order of schema/model.yaml.
		wantFields := []string{"channel", "category", "subcategory", "priority", "district", "station", "disposition"}
		if len(b.ByField) != len(wantFields) {
			t.Fatalf("%d field breakdowns, want %d", len(b.ByField), len(wantFields))
		}
		for i, field := range wantFields {
			calls := map[string]int64{}
			for _, c := range periodCalls {
				calls[fieldOf[field](c)]++
			}
			var want []metrics.FieldCount
			for key, n := range calls {
				want = append(want, metrics.FieldCount{Key: key, Calls: n, Share: float64(n) / float64(len(periodCalls))})
			}
			sort.Slice(want, func(i, j int) bool {
				x, y := want[i], want[j]
				switch field {
				case "district": // 湘潭县 雨湖区 岳塘区 as the campaign lists them, then 韶山市
					order := []string{"湘潭县", "雨湖区", "岳塘区", "韶山市"}
					return slices.Index(order, x.Key) < slices.Index(order, y.Key)
				case "priority": // 1..4, then not recorded
					return x.Key != "" && (y.Key == "" || x.Key < y.Key)
				}
				if x.Calls != y.Calls {
					return x.Calls > y.Calls
				}
				return x.Key < y.Key
			})
			got := b.ByField[i]
			if got.Field != field {
				t.Errorf("breakdown %d is of %s, want %s", i, got.Field, field)
				continue
			}
			if len(got.Rows) != len(want) || len(want) < 2 {
				t.Errorf("%s: %d rows, want %d: %+v", field, len(got.Rows), len(want), got.Rows)
				continue
			}
			for j, row := range got.Rows {
				w := want[j]
				if row.Key != w.Key || row.Calls != w.Calls || math.Abs(row.Share-w.Share) > 1e-12 {
					t.Errorf("%s row %d = %+v, want %+v", field, j, row, w)
				}
				switch {
				case row.Key == "" && row.Label != metrics.NotRecorded:
					t.Errorf("%s row %d: label %+v for an empty value", field, j, row.Label)
				case row.Key != "" && field != "district" && field != "station" && row.Label != label(field, row.Key):
					t.Errorf("%s row %d: label %+v, want that of the data model", field, j, row.Label)
				}
			}
		}
		district := b.ByField[slices.Index(wantFields, "district")].Rows
		if district[1].Label != (metrics.Text{Zh: "雨湖区", En: "Yuhu"}) || district[3].Label != (metrics.Text{Zh: "韶山市", En: "韶山市"}) {
			t.Errorf("district labels %+v, %+v", district[1].Label, district[3].Label)
		}
	})

	t.Run("district response quantiles", func(t *testing.T) {
		// Every generated call outside consultation and invalid has a short timeline in order: its
		// response (received to arrived) is valid.
		spans := map[string][]float64{}
		for _, c := range periodCalls {
			if c.category != "consultation" && c.category != "invalid" {
				spans[c.district] = append(spans[c.district], c.arrived.Sub(c.received).Seconds())
			}
		}
		order := []string{"湘潭县", "雨湖区", "岳塘区", "韶山市"}
		if len(r.Districts) != len(order) {
			t.Fatalf("%d districts, want %d", len(r.Districts), len(order))
		}
		for i, name := range order {
			d, sorted := r.Districts[i], slices.Sorted(slices.Values(spans[name]))
			if d.District != name || d.ResponseN != int64(len(sorted)) || len(sorted) < 10 {
				t.Errorf("district %d: %s with %d valid responses; want %s with %d", i, d.District, d.ResponseN, name, len(sorted))
				continue
			}
			for _, q := range []struct {
				p   float64
				got float64
			}{{0.10, d.ResponseP10}, {0.25, d.ResponseP25}, {0.50, d.ResponseP50}, {0.75, d.ResponseP75}, {0.90, d.ResponseP90}} {
				if want := percentile(sorted, q.p); math.Abs(q.got-want) > 1e-9 {
					t.Errorf("%s: quantile %g = %g, want %g", name, q.p, q.got, want)
				}
			}
		}
	})

	t.Run("weeks and months", func(t *testing.T) {
		type bucket struct {
			key   func(time.Time) string
			got   []metrics.PeriodCount
			wantN int // buckets of 2022-05-27..06-08: weeks 21 (from Fri 27), 22, 23 (to Wed 8); May, June
		}
		isoWeek := func(d time.Time) string { y, w := d.ISOWeek(); return fmt.Sprintf("%04d-W%02d", y, w) }
		month := func(d time.Time) string { return d.Format("2006-01") }
		for _, bk := range []bucket{{isoWeek, b.Weekly, 3}, {month, b.Monthly, 2}} {
			var want []metrics.PeriodCount
			for day := first; day.Before(afterLast); day = day.AddDate(0, 0, 1) {
				if len(want) == 0 || want[len(want)-1].Key != bk.key(day) {
					want = append(want, metrics.PeriodCount{Key: bk.key(day), Start: day.Format(time.DateOnly)})
				}
				for _, c := range periodCalls {
					if c.received.Format(time.DateOnly) == day.Format(time.DateOnly) {
						want[len(want)-1].Calls++
					}
				}
			}
			if len(want) != bk.wantN || !slices.Equal(bk.got, want) {
				t.Errorf("got %+v, want %+v", bk.got, want)
			}
		}
		if b.Weekly[0].Start != "2022-05-27" || b.Weekly[0].Key != "2022-W21" || b.Monthly[1].Start != "2022-06-01" {
			t.Errorf("first week %+v, second month %+v", b.Weekly[0], b.Monthly[1])
		}
	})

	t.Run("hour x weekday", func(t *testing.T) {
		var want [7][24]int64
		for _, c := range periodCalls {
			weekday := (int(c.received.Weekday()) + 6) % 7 // time.Sunday is 0; ISO Monday is 0 here
			want[weekday][c.received.Hour()]++
		}
		if b.HourWeekday != want {
			t.Errorf("hour x weekday = %v, want %v", b.HourWeekday, want)
		}
	})

	t.Run("linkage pairs", func(t *testing.T) {
		pairs := map[[2]string]int64{}
		for _, c := range periodCalls {
			for i, a := range c.agencies {
				for _, other := range c.agencies[i+1:] {
					pair := [2]string{a, other}
					if other < a {
						pair = [2]string{other, a}
					}
					pairs[pair]++
				}
			}
		}
		var want []metrics.PairCount
		for pair, n := range pairs {
			want = append(want, metrics.PairCount{A: pair[0], B: pair[1], Calls: n})
		}
		sort.Slice(want, func(i, j int) bool {
			x, y := want[i], want[j]
			if x.Calls != y.Calls {
				return x.Calls > y.Calls
			}
			if x.A != y.A {
				return x.A < y.A
			}
			return x.B < y.B
		})
		if len(b.LinkagePairs) != len(want) || len(want) < 5 {
			t.Fatalf("pairs = %+v, want %+v", b.LinkagePairs, want)
		}
		for i, p := range b.LinkagePairs {
			if p.A != want[i].A || p.B != want[i].B || p.Calls != want[i].Calls {
				t.Errorf("pair %d = %+v, want %+v", i, p, want[i])
			}
			if p.LabelA != label("linked_agencies", p.A) || p.LabelB != label("linked_agencies", p.B) {
				t.Errorf("pair %d labels %+v %+v", i, p.LabelA, p.LabelB)
			}
		}
	})

	t.Run("activities by district and unit", func(t *testing.T) {
		type kindKey struct{ kind, key string }
		byDistrict, byUnit := map[kindKey]int64{}, map[kindKey]int64{}
		for _, a := range periodActivities {
			byDistrict[kindKey{a.kind, a.district}]++
			byUnit[kindKey{a.kind, a.unit}]++
		}
		// Campaign districts in order, 全市 and 韶山市 by name (U+5168 < U+97F6), not recorded last.
		districtOrder := []string{"湘潭县", "雨湖区", "岳塘区", "全市", "韶山市", ""}
		var wantDistrict []metrics.ActivityCount
		for kk, n := range byDistrict {
			wantDistrict = append(wantDistrict, metrics.ActivityCount{Kind: kk.kind, Key: kk.key, Count: n})
		}
		// Kinds in the data model's order.
		kindAt := func(kind string) int { return slices.Index(schema.Default().Vocabulary("activities", "kind"), kind) }
		sort.Slice(wantDistrict, func(i, j int) bool {
			x, y := wantDistrict[i], wantDistrict[j]
			if x.Kind != y.Kind {
				return kindAt(x.Kind) < kindAt(y.Kind)
			}
			return slices.Index(districtOrder, x.Key) < slices.Index(districtOrder, y.Key)
		})
		var wantUnit []metrics.ActivityCount
		for kk, n := range byUnit {
			wantUnit = append(wantUnit, metrics.ActivityCount{Kind: kk.kind, Key: kk.key, Count: n})
		}
		sort.Slice(wantUnit, func(i, j int) bool {
			x, y := wantUnit[i], wantUnit[j]
			if x.Kind != y.Kind {
				return kindAt(x.Kind) < kindAt(y.Kind)
			}
			if x.Count != y.Count {
				return x.Count > y.Count
			}
			return x.Key < y.Key
		})
		perKind := map[string]int{}
		truncated := false
		wantUnit = slices.DeleteFunc(wantUnit, func(a metrics.ActivityCount) bool {
			perKind[a.Kind]++
			if perKind[a.Kind] > metrics.TopUnitsPerKind {
				truncated = true
				return true
			}
			return false
		})
		if !truncated {
			t.Errorf("no kind has more than %d units; the fixture does not test the limit", metrics.TopUnitsPerKind)
		}
		for _, c := range []struct {
			name      string
			got, want []metrics.ActivityCount
		}{{"by district", b.ActivitiesByDistrict, wantDistrict}, {"by unit", b.ActivitiesByUnit, wantUnit}} {
			if len(c.got) != len(c.want) {
				t.Errorf("%s: %d rows, want %d", c.name, len(c.got), len(c.want))
				continue
			}
			for i, a := range c.got {
				w := c.want[i]
				if a.Kind != w.Kind || a.Key != w.Key || a.Count != w.Count || a.KindLabel != label("kind", a.Kind) {
					t.Errorf("%s row %d = %+v, want %+v", c.name, i, a, w)
				}
			}
		}
	})

	t.Run("activities weekly", func(t *testing.T) {
		isoWeek := func(d time.Time) string { y, w := d.ISOWeek(); return fmt.Sprintf("%04d-W%02d", y, w) }
		perKind := map[string]map[string]int64{} // kind -> week -> activities
		for _, a := range periodActivities {
			if perKind[a.kind] == nil {
				perKind[a.kind] = map[string]int64{}
			}
			perKind[a.kind][isoWeek(a.started)]++
		}
		// Kinds in the order of the data model's vocabulary.
		var kinds []string
		for _, kind := range schema.Default().Vocabulary("activities", "kind") {
			if perKind[kind] != nil {
				kinds = append(kinds, kind)
			}
		}
		if len(kinds) < 3 || len(b.ActivitiesWeekly) != len(kinds) {
			t.Fatalf("series of %d kinds, want %q", len(b.ActivitiesWeekly), kinds)
		}
		// The series follow Report.Activities, which lists the same kinds.
		for i, g := range r.Activities {
			if b.ActivitiesWeekly[i].Kind != g.Key {
				t.Errorf("series %d is of %s; activities_by_kind lists %s", i, b.ActivitiesWeekly[i].Kind, g.Key)
			}
		}
		zeros := 0
		for i, kind := range kinds {
			series := b.ActivitiesWeekly[i]
			var want []metrics.WeekCount
			for _, week := range b.Weekly { // the same weeks as the calls
				want = append(want, metrics.WeekCount{Key: week.Key, Start: week.Start, Count: perKind[kind][week.Key]})
				if perKind[kind][week.Key] == 0 {
					zeros++
				}
			}
			if series.Kind != kind || series.Label != label("kind", kind) || !slices.Equal(series.Weeks, want) {
				t.Errorf("series %d = %+v, want %s %+v", i, series, kind, want)
			}
		}
		if len(b.Weekly) != 3 || zeros == 0 {
			t.Errorf("%d weeks, %d empty weeks of a kind; the fixture should have 3 weeks and some empty", len(b.Weekly), zeros)
		}
	})

	// Results per kind of activity: the kinds that recorded a result or a response time (only drills
	// do in the generated rows), in total and per district.
	t.Run("results", func(t *testing.T) {
		want := func(kind, district string, all bool) metrics.ResultGroup {
			g := metrics.ResultGroup{District: district}
			var seconds []float64
			for _, a := range periodActivities {
				if a.kind != kind || (!all && a.district != district) {
					continue
				}
				g.Count++
				switch a.passed {
				case "true":
					g.Passed++
				case "false":
					g.Failed++
				default:
					g.Unknown++
				}
				if a.responseSeconds != "" {
					s, _ := strconv.Atoi(a.responseSeconds)
					seconds = append(seconds, float64(s))
				}
			}
			g.PassRateN = g.Passed + g.Failed
			if g.PassRateN > 0 {
				g.PassRate = float64(g.Passed) / float64(g.PassRateN)
			}
			sort.Float64s(seconds)
			g.Response.N = int64(len(seconds))
			if len(seconds) > 0 {
				sum := 0.0
				for _, s := range seconds {
					sum += s
				}
				g.Response.Mean = sum / float64(len(seconds))
				g.Response.P50 = percentile(seconds, 0.5)
				g.Response.P90 = percentile(seconds, 0.9)
				g.Response.Max = seconds[len(seconds)-1]
			}
			return g
		}
		same := func(got, want metrics.ResultGroup) bool {
			near := func(x, y float64) bool { return math.Abs(x-y) < 1e-9 }
			return got.District == want.District && got.Count == want.Count && got.Passed == want.Passed &&
				got.Failed == want.Failed && got.Unknown == want.Unknown && got.PassRateN == want.PassRateN &&
				near(got.PassRate, want.PassRate) && got.Response.N == want.Response.N &&
				near(got.Response.Mean, want.Response.Mean) && near(got.Response.P50, want.Response.P50) &&
				near(got.Response.P90, want.Response.P90) && near(got.Response.Max, want.Response.Max)
		}
		var kinds []string // in the vocabulary's order
		for _, kind := range warehouse.Vocabulary("activities", "kind") {
			for _, a := range periodActivities {
				if a.kind == kind && (a.passed != "" || a.responseSeconds != "") {
					kinds = append(kinds, kind)
					break
				}
			}
		}
		if !slices.Equal(kinds, []string{"simulated_alarm_drill"}) {
			t.Fatalf("kinds with results %q; the fixture records results of drills only", kinds)
		}
		if len(b.Results) != len(kinds) {
			t.Fatalf("results of %d kinds, want %q", len(b.Results), kinds)
		}
		for i, kind := range kinds {
			got := b.Results[i]
			total := want(kind, "", true)
			if got.Kind != kind || got.Label != label("kind", kind) || got.Total.Label != (metrics.Text{Zh: "合计", En: "Total"}) {
				t.Errorf("results %d: kind %s %+v, total labelled %+v; want %s", i, got.Kind, got.Label, got.Total.Label, kind)
			}
			if !same(got.Total, total) || got.Total.Unknown == 0 || total.Count < 5 {
				t.Errorf("all %s = %+v, want %+v", kind, got.Total, total)
			}
			var districts []string
			for _, d := range []string{"湘潭县", "雨湖区", "岳塘区", "全市", "韶山市", ""} {
				if g := want(kind, d, false); g.Count > 0 {
					districts = append(districts, d)
				}
			}
			if len(got.ByDistrict) != len(districts) {
				t.Fatalf("%s by district = %+v, want districts %q", kind, got.ByDistrict, districts)
			}
			for j, d := range districts {
				if w := want(kind, d, false); !same(got.ByDistrict[j], w) {
					t.Errorf("%s of %q = %+v, want %+v", kind, d, got.ByDistrict[j], w)
				}
			}
		}
	})

	// Participation per kind of activity that recorded participants, and the sessions themselves.
	t.Run("participation and sessions", func(t *testing.T) {
		type tally struct{ activities, participants int64 }
		perKind := map[string]*tally{}
		perDistrict := map[string]map[string]*tally{}
		recorded := map[string]bool{}
		for _, a := range periodActivities {
			n, _ := strconv.Atoi(a.participants) // empty counts 0
			if a.participants != "" {
				recorded[a.kind] = true
			}
			if perKind[a.kind] == nil {
				perKind[a.kind], perDistrict[a.kind] = &tally{}, map[string]*tally{}
			}
			if perDistrict[a.kind][a.district] == nil {
				perDistrict[a.kind][a.district] = &tally{}
			}
			for _, t := range []*tally{perKind[a.kind], perDistrict[a.kind][a.district]} {
				t.activities++
				t.participants += int64(n)
			}
		}
		var kinds []string
		for _, kind := range warehouse.Vocabulary("activities", "kind") {
			if recorded[kind] {
				kinds = append(kinds, kind)
			}
		}
		if len(kinds) < 3 || len(b.Participation) != len(kinds) {
			t.Fatalf("participation of %d kinds, want %q", len(b.Participation), kinds)
		}
		for i, kind := range kinds {
			got := b.Participation[i]
			if got.Kind != kind || got.Label != label("kind", kind) || got.Activities != perKind[kind].activities ||
				got.Participants != perKind[kind].participants {
				t.Errorf("participation %d = %s %+v: %d activities, %d participants; want %s: %+v", i, got.Kind, got.Label,
					got.Activities, got.Participants, kind, *perKind[kind])
			}
			var want []metrics.ParticipationDistrict
			for _, d := range []string{"湘潭县", "雨湖区", "岳塘区", "全市", "韶山市", ""} {
				if n := perDistrict[kind][d]; n != nil {
					want = append(want, metrics.ParticipationDistrict{District: d, Activities: n.activities, Participants: n.participants})
				}
			}
			if len(got.ByDistrict) != len(want) {
				t.Errorf("%s by district = %+v, want %+v", kind, got.ByDistrict, want)
				continue
			}
			for j, d := range got.ByDistrict {
				w := want[j]
				if d.District != w.District || d.Activities != w.Activities || d.Participants != w.Participants {
					t.Errorf("%s of district %d = %+v, want %+v", kind, j, d, w)
				}
				// 全市 is named by the campaign file, like any district.
				if d.District == "全市" && d.Label != (metrics.Text{Zh: "全市", En: "Citywide"}) {
					t.Errorf("label of 全市 = %+v", d.Label)
				}
			}
		}

		// Sessions: every activity with participants, of any kind, by start and then id.
		var want []generatedActivity
		for _, a := range periodActivities {
			if a.participants != "" {
				want = append(want, a)
			}
		}
		slices.SortFunc(want, func(x, y generatedActivity) int {
			if c := x.started.Compare(y.started); c != 0 {
				return c
			}
			return strings.Compare(x.id, y.id)
		})
		if len(r.Sessions) != len(want) || len(want) == len(periodActivities) {
			t.Fatalf("%d sessions, want %d of %d activities", len(r.Sessions), len(want), len(periodActivities))
		}
		// The English names of the campaign file above; an unlisted district keeps its name.
		english := map[string]string{"湘潭县": "Xiangtan County", "雨湖区": "Yuhu", "岳塘区": "Yuetang", "全市": "Citywide"}
		for i, a := range want {
			n, _ := strconv.Atoi(a.participants)
			districtLabel := metrics.Text{Zh: a.district, En: cmp.Or(english[a.district], a.district)}
			// A unit is free text, the same in both languages; one not recorded says so.
			unitLabel := metrics.Text{Zh: a.unit, En: a.unit}
			if a.unit == "" {
				unitLabel = metrics.NotRecorded
			}
			w := metrics.Session{Date: a.started.Format(time.DateOnly), Kind: a.kind, KindLabel: label("kind", a.kind), District: a.district,
				DistrictLabel: districtLabel, Unit: a.unit, UnitLabel: unitLabel, Participants: int64(n)}
			if r.Sessions[i] != w {
				t.Errorf("session %d = %+v, want %+v (%s)", i, r.Sessions[i], w, a.id)
			}
		}
	})
}
