package metrics

import (
	"context"
	"encoding/csv"
	"fmt"
	"maps"
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
	"bulletin/warehouse"
)

func TestComputeCampaignBreakdownsOnHandCountedFixture(t *testing.T) {
	b := computeFixture(t).Breakdowns
	// The period 2022-05-01..02 holds C1-C9 and C12: 10 calls, 7 of them emergency help (C10 and
	// C11 fall outside by one second).
	wantFields := map[string][]FieldCount{
		// Campaign order. Yuhu: C1 C3 C6 C8 C12 (eh C1 C3 C12); Yuetang: C2 C7 C9 (eh C2 C9);
		// Xiangtan County: C4 C5 (both eh).
		"district": {
			{"雨湖区", Text{"雨湖区", "Yuhu District"}, 5, 0.5, 3},
			{"岳塘区", Text{"岳塘区", "Yuetang District"}, 3, 0.3, 2},
			{"湘潭县", Text{"湘潭县", "Xiangtan County"}, 2, 0.2, 2},
		},
		// 建设路: C2 C7 C9 (eh C2 C9); then three stations with 2 calls, by key (城 U+57CE < 易
		// U+6613 < 窑 U+7A91): 城正街 C1 C6 (eh C1), 易俗河 C4 C5, 窑湾 C3 C12; no station: C8.
		"station": {
			{"建设路派出所", Text{"建设路派出所", "建设路派出所"}, 3, 0.3, 2},
			{"城正街派出所", Text{"城正街派出所", "城正街派出所"}, 2, 0.2, 1},
			{"易俗河派出所", Text{"易俗河派出所", "易俗河派出所"}, 2, 0.2, 2},
			{"窑湾派出所", Text{"窑湾派出所", "窑湾派出所"}, 2, 0.2, 2},
			{"", notRecorded, 1, 0.1, 0},
		},
		// No subcategory: C6 C7 C8 (3, first among the threes as "" < "lost_person"); lost person
		// C1 C2 C9; missing person C4 C5; medical C12; suicide attempt C3.
		"subcategory": {
			{"", notRecorded, 3, 0.3, 0},
			{"lost_person", Text{"走失", "Lost person"}, 3, 0.3, 3},
			{"missing_person", Text{"失踪", "Missing person"}, 2, 0.2, 2},
			{"medical", Text{"突发疾病", "Medical"}, 1, 0.1, 1},
			{"suicide_attempt", Text{"轻生", "Suicide attempt"}, 1, 0.1, 1},
		},
		// C7 came by app, the other nine by phone.
		"channel": {
			{"phone", Text{"电话", "Phone"}, 9, 0.9, 7},
			{"app", Text{"手机应用", "App"}, 1, 0.1, 0},
		},
		// By key: 1 C3 C12; 2 C1 C2 C4 C5 C9; 3 C6 C7; 4 C8.
		"priority": {
			{"1", Text{"一级", "Priority 1"}, 2, 0.2, 2},
			{"2", Text{"二级", "Priority 2"}, 5, 0.5, 5},
			{"3", Text{"三级", "Priority 3"}, 2, 0.2, 0},
			{"4", Text{"四级", "Priority 4"}, 1, 0.1, 0},
		},
	}
	if len(b.ByField) != len(breakdownFields) {
		t.Fatalf("%d field breakdowns, want %d", len(b.ByField), len(breakdownFields))
	}
	for i, fb := range b.ByField {
		if fb.Field != breakdownFields[i] {
			t.Errorf("breakdown %d is of %s, want %s", i, fb.Field, breakdownFields[i])
		}
		if want, ok := wantFields[fb.Field]; ok && !slices.Equal(fb.Rows, want) {
			t.Errorf("%s = %+v, want %+v", fb.Field, fb.Rows, want)
		}
	}
	// 2022-05-01 is a Sunday, the last day of ISO week 17; 2022-05-02 a Monday, the first of week 18.
	wantWeekly := []PeriodCount{{"2022-W17", "2022-05-01", 5, 5}, {"2022-W18", "2022-05-02", 5, 2}}
	if !slices.Equal(b.Weekly, wantWeekly) {
		t.Errorf("weekly = %+v, want %+v", b.Weekly, wantWeekly)
	}
	if want := []PeriodCount{{"2022-05", "2022-05-01", 10, 7}}; !slices.Equal(b.Monthly, want) {
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
	wantPairs := []PairCount{{"medical", Text{"医疗急救", "Medical first aid"}, "water_police", Text{"水上公安", "Water police"}, 1}}
	if !slices.Equal(b.LinkagePairs, wantPairs) {
		t.Errorf("linkage pairs = %+v, want %+v", b.LinkagePairs, wantPairs)
	}
	// In the period: drills A1 (雨湖区) and A2 (岳塘区), training A4 (no district), inspection A5
	// (雨湖区); A3 is on 2022-05-03.
	drill, training, inspection := codeLabel("kind", "simulated_alarm_drill"), codeLabel("kind", "training"), codeLabel("kind", "video_inspection")
	wantByDistrict := []ActivityCount{
		{"simulated_alarm_drill", drill, "雨湖区", Text{"雨湖区", "Yuhu District"}, 1},
		{"simulated_alarm_drill", drill, "岳塘区", Text{"岳塘区", "Yuetang District"}, 1},
		{"training", training, "", notRecorded, 1},
		{"video_inspection", inspection, "雨湖区", Text{"雨湖区", "Yuhu District"}, 1},
	}
	if !slices.Equal(b.ActivitiesByDistrict, wantByDistrict) {
		t.Errorf("activities by district = %+v, want %+v", b.ActivitiesByDistrict, wantByDistrict)
	}
	// Emergency help with a subcategory: Yuhu C1 lost, C3 suicide attempt, C12 medical; Yuetang C2
	// and C9 lost; Xiangtan County C4 and C5 missing. Over all districts: lost 3, missing 2, medical
	// and suicide attempt 1 each (by code).
	yuhu, yuetang, county := Text{"雨湖区", "Yuhu District"}, Text{"岳塘区", "Yuetang District"}, Text{"湘潭县", "Xiangtan County"}
	lost, missing := codeLabel("subcategory", "lost_person"), codeLabel("subcategory", "missing_person")
	medical, suicide := codeLabel("subcategory", "medical"), codeLabel("subcategory", "suicide_attempt")
	wantSubcategories := []DistrictSubcategory{
		{"雨湖区", yuhu, "lost_person", lost, 1},
		{"雨湖区", yuhu, "medical", medical, 1},
		{"雨湖区", yuhu, "suicide_attempt", suicide, 1},
		{"岳塘区", yuetang, "lost_person", lost, 2},
		{"湘潭县", county, "missing_person", missing, 2},
	}
	if !slices.Equal(b.SubcategoryByDistrict, wantSubcategories) {
		t.Errorf("subcategory by district = %+v, want %+v", b.SubcategoryByDistrict, wantSubcategories)
	}
	// Week 17 is 2022-05-01 alone (A1); week 18 starts 2022-05-02 (A2, A4, A5).
	wantSeries := []ActivitySeries{
		{"simulated_alarm_drill", drill, []WeekCount{{"2022-W17", "2022-05-01", 1}, {"2022-W18", "2022-05-02", 1}}},
		{"training", training, []WeekCount{{"2022-W17", "2022-05-01", 0}, {"2022-W18", "2022-05-02", 1}}},
		{"video_inspection", inspection, []WeekCount{{"2022-W17", "2022-05-01", 0}, {"2022-W18", "2022-05-02", 1}}},
	}
	if !slices.EqualFunc(b.ActivitiesWeekly, wantSeries, func(x, y ActivitySeries) bool {
		return x.Kind == y.Kind && x.Label == y.Label && slices.Equal(x.Weeks, y.Weeks)
	}) {
		t.Errorf("activities weekly = %+v, want %+v", b.ActivitiesWeekly, wantSeries)
	}
	wantByUnit := []ActivityCount{
		{"simulated_alarm_drill", drill, "城正街派出所", Text{"城正街派出所", "城正街派出所"}, 1},
		{"simulated_alarm_drill", drill, "建设路派出所", Text{"建设路派出所", "建设路派出所"}, 1},
		{"training", training, "市局指挥中心", Text{"市局指挥中心", "市局指挥中心"}, 1},
		{"video_inspection", inspection, "城正街派出所", Text{"城正街派出所", "城正街派出所"}, 1},
	}
	if !slices.Equal(b.ActivitiesByUnit, wantByUnit) {
		t.Errorf("activities by unit = %+v, want %+v", b.ActivitiesByUnit, wantByUnit)
	}
	// A1 passed in 240 s, A2 failed in 330 s: pass rate 1/(1+1); mean (240+330)/2 = 285, median
	// 285, p90 at rank 0.9*(2-1) = 0.9: 240 + 0.9*90 = 321.
	wantDrills := DrillStats{
		Total: DrillGroup{"", allDistricts, 2, 1, 1, 0, 0.5, 2, SecondsSummary{2, 285, 285, 321, 330}},
		ByDistrict: []DrillGroup{
			{"雨湖区", Text{"雨湖区", "Yuhu District"}, 1, 1, 0, 0, 1, 1, SecondsSummary{1, 240, 240, 240, 240}},
			{"岳塘区", Text{"岳塘区", "Yuetang District"}, 1, 0, 1, 0, 0, 1, SecondsSummary{1, 330, 330, 330, 330}},
		},
	}
	if b.Drills.Total != wantDrills.Total || !slices.Equal(b.Drills.ByDistrict, wantDrills.ByDistrict) {
		t.Errorf("drills = %+v, want %+v", b.Drills, wantDrills)
	}
	// A4: 30 participants, no district.
	wantTraining := TrainingStats{Sessions: 1, Participants: 30, ByDistrict: []TrainingDistrict{{"", notRecorded, 1, 30}}}
	if b.Training.Sessions != wantTraining.Sessions || b.Training.Participants != wantTraining.Participants ||
		!slices.Equal(b.Training.ByDistrict, wantTraining.ByDistrict) {
		t.Errorf("training = %+v, want %+v", b.Training, wantTraining)
	}
}

// generatedCall and generatedActivity are rows of the generated fixture, with their local times.
type generatedCall struct {
	id                                   string
	received                             time.Time
	channel, category, subcategory       string
	priority, district, station          string
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
// name; 韶山市 is left out, so it comes after them.
func generatedCampaign() *Campaign {
	c := &Campaign{
		ID: "generated", Name: Text{"生成", "Generated"}, Period: Period{Start: generatedStart, End: generatedEnd},
		TimeZone: "Asia/Shanghai",
		Districts: []District{
			{Name: "湘潭县", En: "Xiangtan County"}, {Name: "雨湖区", En: "Yuhu"}, {Name: "岳塘区", En: "Yuetang"},
		},
	}
	c.applyDefaults()
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
	var calls []generatedCall
	for i := range 400 + len(edges) {
		c := generatedCall{
			id: fmt.Sprintf("G%04d", i+1), channel: pick(channels), category: pick(categories),
			priority: pick(priorities), district: pick(districts), station: pick(stations),
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
			c.channel, c.category, c.subcategory, c.priority, c.district, c.station, "", "0", strings.Join(c.agencies, ";"), "", ""})
	}
	for _, a := range activities {
		activityRows = append(activityRows, []string{a.id, a.kind, clock(a.started), a.district, a.unit, a.participants, a.responseSeconds, a.passed, ""})
	}
	callsPath = write("calls.csv", strings.Split("call_id,received_at,answered_at,dispatched_at,arrived_at,closed_at,channel,category,subcategory,priority,district,station,disposition,people_helped,linked_agencies,lat,lon", ","), callRows)
	activitiesPath = write("activities.csv", strings.Split("activity_id,kind,started_at,district,unit,participants,response_seconds,passed,note", ","), activityRows)
	return callsPath, activitiesPath
}

// TestComputeCampaignBreakdownsOnGeneratedRows compares every breakdown of a generated fixture with
// the same figure counted by plain loops over the generated rows.
func TestComputeCampaignBreakdownsOnGeneratedRows(t *testing.T) {
	ctx := context.Background()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	calls, activities := generateRows(t, loc)
	dir := t.TempDir()
	callsPath, activitiesPath := writeGenerated(t, dir, calls, activities)
	w, err := warehouse.Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), "Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	for path, rows := range map[string]int{callsPath: len(calls), activitiesPath: len(activities)} {
		res, err := ingest.File(ctx, w, path, ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Loaded != int64(rows) || res.Quarantined != 0 || res.Flagged != 0 {
			t.Fatalf("%s: loaded %d, quarantined %d, flagged %d of %d rows", path, res.Loaded, res.Quarantined, res.Flagged, rows)
		}
	}
	c := generatedCampaign()
	r, err := Compute(ctx, w, c)
	if err != nil {
		t.Fatal(err)
	}
	b := r.Breakdowns

	// The period in local time: [first, afterLast).
	first, _ := time.ParseInLocation(time.DateOnly, generatedStart, loc)
	last, _ := time.ParseInLocation(time.DateOnly, generatedEnd, loc)
	afterLast := last.AddDate(0, 0, 1)
	inPeriod := func(at time.Time) bool { return !at.Before(first) && at.Before(afterLast) }
	var periodCalls []generatedCall
	for _, c := range calls {
		if inPeriod(c.received) {
			periodCalls = append(periodCalls, c)
		}
	}
	var periodActivities []generatedActivity
	for _, a := range activities {
		if inPeriod(a.started) {
			periodActivities = append(periodActivities, a)
		}
	}
	if len(periodCalls) == len(calls) || len(periodActivities) == len(activities) {
		t.Fatalf("no generated row lies outside the period")
	}
	t.Logf("%d of %d calls and %d of %d activities in the period", len(periodCalls), len(calls), len(periodActivities), len(activities))

	t.Run("by field", func(t *testing.T) {
		fieldOf := map[string]func(generatedCall) string{
			"district":    func(c generatedCall) string { return c.district },
			"station":     func(c generatedCall) string { return c.station },
			"category":    func(c generatedCall) string { return c.category },
			"subcategory": func(c generatedCall) string { return c.subcategory },
			"channel":     func(c generatedCall) string { return c.channel },
			"priority":    func(c generatedCall) string { return c.priority },
		}
		wantFields := []string{"district", "station", "category", "subcategory", "channel", "priority"}
		if len(b.ByField) != len(wantFields) {
			t.Fatalf("%d field breakdowns, want %d", len(b.ByField), len(wantFields))
		}
		for i, field := range wantFields {
			calls, eh := map[string]int64{}, map[string]int64{}
			for _, c := range periodCalls {
				key := fieldOf[field](c)
				calls[key]++
				if c.category == "emergency_help" {
					eh[key]++
				}
			}
			var want []FieldCount
			for key, n := range calls {
				want = append(want, FieldCount{Key: key, Calls: n, Share: float64(n) / float64(len(periodCalls)), EmergencyHelp: eh[key]})
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
			if len(got.Rows) != len(want) {
				t.Errorf("%s: %d rows, want %d: %+v", field, len(got.Rows), len(want), got.Rows)
				continue
			}
			for j, row := range got.Rows {
				w := want[j]
				if row.Key != w.Key || row.Calls != w.Calls || row.EmergencyHelp != w.EmergencyHelp || math.Abs(row.Share-w.Share) > 1e-12 {
					t.Errorf("%s row %d = %+v, want %+v", field, j, row, w)
				}
				if row.Key == "" && row.Label != notRecorded {
					t.Errorf("%s row %d: label %+v for an empty value", field, j, row.Label)
				}
			}
		}
		district := b.ByField[0].Rows
		if district[1].Label != (Text{"雨湖区", "Yuhu"}) || district[3].Label != (Text{"韶山市", "韶山市"}) {
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
			got   []PeriodCount
			wantN int // buckets of 2022-05-27..06-08: weeks 21 (from Fri 27), 22, 23 (to Wed 8); May, June
		}
		isoWeek := func(d time.Time) string { y, w := d.ISOWeek(); return fmt.Sprintf("%04d-W%02d", y, w) }
		month := func(d time.Time) string { return d.Format("2006-01") }
		for _, bk := range []bucket{{isoWeek, b.Weekly, 3}, {month, b.Monthly, 2}} {
			var want []PeriodCount
			for day := first; day.Before(afterLast); day = day.AddDate(0, 0, 1) {
				if len(want) == 0 || want[len(want)-1].Key != bk.key(day) {
					want = append(want, PeriodCount{Key: bk.key(day), Start: day.Format(time.DateOnly)})
				}
				for _, c := range periodCalls {
					if c.received.Format(time.DateOnly) == day.Format(time.DateOnly) {
						want[len(want)-1].Calls++
						if c.category == "emergency_help" {
							want[len(want)-1].EmergencyHelp++
						}
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
		var want []PairCount
		for pair, n := range pairs {
			want = append(want, PairCount{A: pair[0], B: pair[1], Calls: n})
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
			if p.LabelA != codeLabels["linked_agencies"][p.A] || p.LabelB != codeLabels["linked_agencies"][p.B] {
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
		var wantDistrict []ActivityCount
		for kk, n := range byDistrict {
			wantDistrict = append(wantDistrict, ActivityCount{Kind: kk.kind, Key: kk.key, Count: n})
		}
		sort.Slice(wantDistrict, func(i, j int) bool {
			x, y := wantDistrict[i], wantDistrict[j]
			if x.Kind != y.Kind {
				return x.Kind < y.Kind
			}
			return slices.Index(districtOrder, x.Key) < slices.Index(districtOrder, y.Key)
		})
		var wantUnit []ActivityCount
		for kk, n := range byUnit {
			wantUnit = append(wantUnit, ActivityCount{Kind: kk.kind, Key: kk.key, Count: n})
		}
		sort.Slice(wantUnit, func(i, j int) bool {
			x, y := wantUnit[i], wantUnit[j]
			if x.Kind != y.Kind {
				return x.Kind < y.Kind
			}
			if x.Count != y.Count {
				return x.Count > y.Count
			}
			return x.Key < y.Key
		})
		perKind := map[string]int{}
		truncated := false
		wantUnit = slices.DeleteFunc(wantUnit, func(a ActivityCount) bool {
			perKind[a.Kind]++
			if perKind[a.Kind] > TopUnitsPerKind {
				truncated = true
				return true
			}
			return false
		})
		if !truncated {
			t.Errorf("no kind has more than %d units; the fixture does not test the limit", TopUnitsPerKind)
		}
		for _, c := range []struct {
			name      string
			got, want []ActivityCount
		}{{"by district", b.ActivitiesByDistrict, wantDistrict}, {"by unit", b.ActivitiesByUnit, wantUnit}} {
			if len(c.got) != len(c.want) {
				t.Errorf("%s: %d rows, want %d", c.name, len(c.got), len(c.want))
				continue
			}
			for i, a := range c.got {
				w := c.want[i]
				if a.Kind != w.Kind || a.Key != w.Key || a.Count != w.Count || a.KindLabel != codeLabels["kind"][a.Kind] {
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
		kinds := slices.Sorted(maps.Keys(perKind))
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
			var want []WeekCount
			for _, week := range b.Weekly { // the same weeks as the calls
				want = append(want, WeekCount{Key: week.Key, Start: week.Start, Count: perKind[kind][week.Key]})
				if perKind[kind][week.Key] == 0 {
					zeros++
				}
			}
			if series.Kind != kind || series.Label != codeLabels["kind"][kind] || !slices.Equal(series.Weeks, want) {
				t.Errorf("series %d = %+v, want %s %+v", i, series, kind, want)
			}
		}
		if len(b.Weekly) != 3 || zeros == 0 {
			t.Errorf("%d weeks, %d empty weeks of a kind; the fixture should have 3 weeks and some empty", len(b.Weekly), zeros)
		}
	})

	t.Run("subcategory by district", func(t *testing.T) {
		type pair struct{ district, subcategory string }
		counts, totals := map[pair]int64{}, map[string]int64{}
		otherCategories := 0
		for _, c := range periodCalls {
			if c.subcategory == "" {
				continue
			}
			if c.category != "emergency_help" {
				otherCategories++
				continue
			}
			counts[pair{c.district, c.subcategory}]++
			totals[c.subcategory]++
		}
		var want []DistrictSubcategory
		for p, n := range counts {
			want = append(want, DistrictSubcategory{District: p.district, Subcategory: p.subcategory, Count: n})
		}
		districtOrder := []string{"湘潭县", "雨湖区", "岳塘区", "韶山市"}
		sort.Slice(want, func(i, j int) bool {
			x, y := want[i], want[j]
			if x.District != y.District {
				return slices.Index(districtOrder, x.District) < slices.Index(districtOrder, y.District)
			}
			if totals[x.Subcategory] != totals[y.Subcategory] {
				return totals[x.Subcategory] > totals[y.Subcategory]
			}
			return x.Subcategory < y.Subcategory
		})
		if otherCategories == 0 || len(want) < 10 {
			t.Fatalf("%d pairs, %d calls of other categories with a subcategory; the fixture should have both", len(want), otherCategories)
		}
		got := b.SubcategoryByDistrict
		if len(got) != len(want) {
			t.Fatalf("%d pairs, want %d: %+v", len(got), len(want), got)
		}
		districtLabels := map[string]Text{"湘潭县": {"湘潭县", "Xiangtan County"}, "雨湖区": {"雨湖区", "Yuhu"}, "岳塘区": {"岳塘区", "Yuetang"}, "韶山市": {"韶山市", "韶山市"}}
		for i, d := range got {
			w := want[i]
			if d.District != w.District || d.Subcategory != w.Subcategory || d.Count != w.Count ||
				d.Label != districtLabels[d.District] || d.SubcategoryLabel != codeLabels["subcategory"][d.Subcategory] {
				t.Errorf("pair %d = %+v, want %+v", i, d, w)
			}
		}
	})

	t.Run("drills", func(t *testing.T) {
		want := func(district string, all bool) DrillGroup {
			g := DrillGroup{District: district}
			var seconds []float64
			for _, a := range periodActivities {
				if a.kind != "simulated_alarm_drill" || (!all && a.district != district) {
					continue
				}
				g.Drills++
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
		same := func(got, want DrillGroup) bool {
			near := func(x, y float64) bool { return math.Abs(x-y) < 1e-9 }
			return got.District == want.District && got.Drills == want.Drills && got.Passed == want.Passed &&
				got.Failed == want.Failed && got.Unknown == want.Unknown && got.PassRateN == want.PassRateN &&
				near(got.PassRate, want.PassRate) && got.Response.N == want.Response.N &&
				near(got.Response.Mean, want.Response.Mean) && near(got.Response.P50, want.Response.P50) &&
				near(got.Response.P90, want.Response.P90) && near(got.Response.Max, want.Response.Max)
		}
		total := want("", true)
		if !same(b.Drills.Total, total) || b.Drills.Total.Unknown == 0 || total.Drills < 5 {
			t.Errorf("all drills = %+v, want %+v", b.Drills.Total, total)
		}
		var districts []string
		for _, d := range []string{"湘潭县", "雨湖区", "岳塘区", "全市", "韶山市", ""} {
			if g := want(d, false); g.Drills > 0 {
				districts = append(districts, d)
			}
		}
		if len(b.Drills.ByDistrict) != len(districts) {
			t.Fatalf("drills by district = %+v, want districts %q", b.Drills.ByDistrict, districts)
		}
		for i, d := range districts {
			if w := want(d, false); !same(b.Drills.ByDistrict[i], w) {
				t.Errorf("drills of %q = %+v, want %+v", d, b.Drills.ByDistrict[i], w)
			}
		}
	})

	t.Run("training", func(t *testing.T) {
		want := TrainingStats{}
		perDistrict := map[string]*TrainingDistrict{}
		for _, a := range periodActivities {
			if a.kind != "training" {
				continue
			}
			n, _ := strconv.Atoi(a.participants) // empty counts 0
			want.Sessions++
			want.Participants += int64(n)
			if perDistrict[a.district] == nil {
				perDistrict[a.district] = &TrainingDistrict{District: a.district}
			}
			perDistrict[a.district].Sessions++
			perDistrict[a.district].Participants += int64(n)
		}
		for _, d := range []string{"湘潭县", "雨湖区", "岳塘区", "全市", "韶山市", ""} {
			if td := perDistrict[d]; td != nil {
				want.ByDistrict = append(want.ByDistrict, *td)
			}
		}
		got := b.Training
		if got.Sessions != want.Sessions || got.Participants != want.Participants || len(got.ByDistrict) != len(want.ByDistrict) || want.Sessions == 0 {
			t.Fatalf("training = %+v, want %+v", got, want)
		}
		for i, d := range got.ByDistrict {
			w := want.ByDistrict[i]
			if d.District != w.District || d.Sessions != w.Sessions || d.Participants != w.Participants {
				t.Errorf("training of district %d = %+v, want %+v", i, d, w)
			}
			if d.District == "全市" && d.Label != (Text{"全市", "Citywide"}) {
				t.Errorf("label of 全市 = %+v", d.Label)
			}
		}
	})
}
