package reports

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"bulletin/metrics"
)

// builtCharts returns the charts of r in lang by ID, and their IDs in order.
func builtCharts(t *testing.T, r *metrics.Report, lang string) (map[string]chart, []string) {
	t.Helper()
	built, err := buildCharts(r, lang)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]chart{}
	var ids []string
	for _, c := range built {
		byID[c.ID] = c
		ids = append(ids, c.ID)
	}
	return byID, ids
}

// declaredRow is a row of a breakdown by one key labelled with itself.
func declaredRow(key string, label metrics.Text, value int64) metrics.BreakdownRow {
	return metrics.BreakdownRow{Keys: []string{key}, Labels: []metrics.Text{label}, Value: value}
}

// withDeclaredCharts is the fixture with three more breakdowns drawn as charts of their own: the
// emergency-help calls per day as a line, by channel as bars, and the suicide attempts (a sensitive
// code, selected by the filter) by district as bars.
func withDeclaredCharts() *metrics.Report {
	r := fixtureReport()
	daily := r.Declared[0]
	daily.ID, daily.Label, daily.Show = "help_per_day", metrics.Text{Zh: "每日紧急求助", En: "Emergency help per day"}, metrics.Show{Chart: "line"}
	r.Declared = append(r.Declared, daily,
		metrics.DeclaredBreakdown{ID: "help_by_channel", Label: metrics.Text{Zh: "紧急求助报警方式", En: "Emergency help by channel"},
			Source: "calls", Aggregate: "count", By: []string{"channel"}, Show: metrics.Show{Chart: "bar"},
			Filters: metrics.Filters{Where: map[string][]string{"category": {"emergency_help"}}},
			Rows: []metrics.BreakdownRow{
				declaredRow("phone", metrics.Text{Zh: "电话", En: "Phone"}, 700),
				declaredRow("sms", metrics.Text{Zh: "短信", En: "SMS"}, 21),
			}, Total: 721},
		metrics.DeclaredBreakdown{ID: "suicide_by_district", Label: metrics.Text{Zh: "各地区轻生警情", En: "Suicide attempts by district"},
			Source: "calls", Aggregate: "count", By: []string{"district"}, Show: metrics.Show{Chart: "bar"},
			Filters: metrics.Filters{Where: map[string][]string{"subcategory": {"suicide_attempt"}}},
			Rows: []metrics.BreakdownRow{
				declaredRow("雨湖区", metrics.Text{Zh: "雨湖区", En: "Yuhu District"}, 9),
				declaredRow("岳塘区", metrics.Text{Zh: "岳塘区", En: "Yuetang District"}, 3),
			}, Total: 12},
	)
	return r
}

func TestChartsDrawDeclaredBreakdownsTitledWithTheirLabel(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		r := withDeclaredCharts()
		byID, ids := builtCharts(t, r, lang)
		for _, tc := range []struct{ id, kind string }{
			{"breakdown_help_per_day", "line"},
			{"breakdown_help_by_channel", "bar"},
			{"breakdown_help_by_district_subcategory", "bar"},
			{"breakdown_suicide_by_district", "bar"},
		} {
			c, ok := byID[tc.id]
			if !ok {
				t.Errorf("%s: no chart %s in %q", lang, tc.id, ids)
				continue
			}
			b := r.Declared[slices.IndexFunc(r.Declared, func(b metrics.DeclaredBreakdown) bool { return "breakdown_"+b.ID == tc.id })]
			if c.Title != b.Label.In(lang) || c.Options["title"].(map[string]any)["text"] != b.Label.In(lang) {
				t.Errorf("%s %s: title %q, want the breakdown's label %q", lang, tc.id, c.Title, b.Label.In(lang))
			}
			if kind := c.Options["series"].([]any)[0].(map[string]any)["type"]; kind != tc.kind {
				t.Errorf("%s %s: series of type %v, want %s", lang, tc.id, kind, tc.kind)
			}
		}
		// The line holds the 230, 241 and 250 calls of the three days.
		line := byID["breakdown_help_per_day"].Options
		if got := seriesValues(t, line, 0); !slices.Equal(got, []any{230.0, 241.0, 250.0}) {
			t.Errorf("%s: line %v, want 230, 241, 250", lang, got)
		}
		// The bars by channel read top-down: phone (700) on top, the last of the reversed axis.
		bars := byID["breakdown_help_by_channel"].Options
		if got := seriesValues(t, bars, 0); !slices.Equal(got, []any{21.0, 700.0}) {
			t.Errorf("%s: bars %v, want 21 and 700 (bottom first)", lang, got)
		}
		// The declared charts come after the built-in count charts, before the response times.
		if at, before := slices.Index(ids, "breakdown_help_per_day"), slices.Index(ids, "district_calls"); at < before {
			t.Errorf("%s: charts %q, want the breakdowns after the district calls", lang, ids)
		}
	}
}

func TestChartsHideSmallCountsOfASensitiveCodeSelectedByTheFilter(t *testing.T) {
	// The breakdown counts only suicide attempts: every row is a count of a sensitive code, though
	// no key of it is one. 岳塘区 has 3, below the min_count of 5.
	byID, _ := builtCharts(t, withDeclaredCharts(), "en")
	c := byID["breakdown_suicide_by_district"]
	data := c.Options["series"].([]any)[0].(map[string]any)["data"].([]any)
	// The axis is reversed: 岳塘区 first (bottom), 雨湖区 on top.
	hidden, shown := data[0].(map[string]any), data[1].(map[string]any)
	if hidden["value"] != 0.0 || hidden["label"].(map[string]any)["formatter"] != "< 5" {
		t.Errorf("Yuetang District's 3 drawn as %v, want no bar labelled < 5", hidden)
	}
	if shown["value"] != 9.0 {
		t.Errorf("Yuhu District's 9 drawn as %v, want 9", shown)
	}
	var encoded bytes.Buffer
	enc := json.NewEncoder(&encoded)
	enc.SetEscapeHTML(false) // so that "<" is not written \u003c, which holds a 3
	if err := enc.Encode(hidden); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(encoded.String(), "3") {
		t.Errorf("the hidden bar carries a 3: %s", encoded.String())
	}
	if !strings.Contains(c.Note, "below 5 show as < 5.") {
		t.Errorf("note %q does not say why", c.Note)
	}

	// The same breakdown drawn on the district chart hides the same count.
	r := withDeclaredCharts()
	r.Declared[len(r.Declared)-1].Show = metrics.Show{On: "districts"}
	byID, _ = builtCharts(t, r, "en")
	series := byID["district_calls"].Options["series"].([]any)
	last := series[len(series)-1].(map[string]any)
	if last["name"] != "Suicide attempts by district" {
		t.Fatalf("last series of the district chart %v, want the suicide attempts", last["name"])
	}
	yuetang := last["data"].([]any)[1].(map[string]any)
	if yuetang["value"] != 0.0 || yuetang["label"].(map[string]any)["formatter"] != "< 5" {
		t.Errorf("Yuetang District on the district chart: %v, want no bar labelled < 5", yuetang)
	}
}

func TestChartsDrawDeclaredSeriesOnTheBuiltInCharts(t *testing.T) {
	byID, _ := builtCharts(t, fixtureReport(), "en")
	for _, tc := range []struct {
		id   string
		want []any
	}{
		{"daily_trend", []any{230.0, 241.0, 250.0}},
		{"weekly_trend", []any{230.0, 491.0}},
		{"district_calls", []any{200.0, 180.0, 100.0}},
	} {
		options := byID[tc.id].Options
		series := options["series"].([]any)
		if len(series) != 2 || series[1].(map[string]any)["name"] != "Emergency help" {
			t.Errorf("%s: series %v, want all calls and Emergency help", tc.id, series)
			continue
		}
		if got := seriesValues(t, options, 1); !slices.Equal(got, tc.want) {
			t.Errorf("%s: Emergency help %v, want %v", tc.id, got, tc.want)
		}
		if !strings.Contains(byID[tc.id].Note, "among them emergency help") {
			t.Errorf("%s: note %q does not name the series", tc.id, byID[tc.id].Note)
		}
	}
}

func TestCampaignWithoutBreakdownsHasNoBreakdownChartsOrSheet(t *testing.T) {
	r := fixtureReport()
	r.Declared = nil
	byID, ids := builtCharts(t, r, "en")
	for _, id := range ids {
		if strings.HasPrefix(id, "breakdown_") {
			t.Errorf("chart %s drawn without a declared breakdown", id)
		}
	}
	for _, id := range []string{"daily_trend", "weekly_trend", "district_calls"} {
		if n := len(byID[id].Options["series"].([]any)); n != 1 {
			t.Errorf("%s: %d series, want all calls only", id, n)
		}
	}
	f := openWorkbookForTest(t, r, "en")
	if sheets := f.GetSheetList(); slices.Contains(sheets, "Breakdowns") {
		t.Errorf("sheets %q, want no Breakdowns sheet", sheets)
	}
	// No breakdown column beside the calls: the Daily sheet has the date, the calls and the
	// week column, the district ranking goes on from the calls to the responses.
	if header, _ := f.GetRows("Daily"); !slices.Equal(header[0], []string{"Date", "Calls", "Week from"}) {
		t.Errorf("Daily header %q, want Date, Calls and Week from", header[0])
	}
	header := workbookRowOf(t, f, "Summary", "District")
	if v, _ := f.GetCellValue("Summary", cellAt(t, 3, header)); v != "Responses" {
		t.Errorf("Summary ranking column C = %q, want Responses", v)
	}
}

func TestWorkbookWithoutLinkageOrActivitiesLeavesTheirSheetsOut(t *testing.T) {
	r := fixtureReport()
	r.Linkage, r.LinkedCalls, r.Breakdowns.LinkagePairs = nil, 0, nil
	r.Activities, r.Sessions = nil, nil
	b := &r.Breakdowns
	b.ActivitiesByDistrict, b.ActivitiesByUnit, b.ActivitiesWeekly, b.Results, b.Participation = nil, nil, nil, nil, nil
	for _, tc := range []struct {
		lang string
		want []string
	}{
		{"zh", []string{"摘要", "每日警情", "警情类别", "各地区", "处警时长", "分项统计", "数据质量", "指标说明"}},
		{"en", []string{"Summary", "Daily", "Categories", "Districts", "Response times", "Breakdowns", "Data quality", "Definitions"}},
	} {
		f := openWorkbookForTest(t, r, tc.lang)
		if got := f.GetSheetList(); !slices.Equal(got, tc.want) {
			t.Errorf("%s: sheets %q, want %q", tc.lang, got, tc.want)
		}
	}
	_, ids := builtCharts(t, r, "en")
	for _, id := range []string{"linkage", "activities_weekly"} {
		if slices.Contains(ids, id) {
			t.Errorf("chart %s drawn without data", id)
		}
	}
}
