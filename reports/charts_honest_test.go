package reports

import (
	"slices"
	"strings"
	"testing"

	"bulletin/metrics"
	"bulletin/templates"
)

// nineDayReport is the fixture over 1-9 May 2022, Sunday to Monday: two Sundays and two Mondays but
// one of every other weekday, cut into a one-day week (1 May), a full week (2-8 May) and another
// one-day week (9 May).
func nineDayReport() *metrics.Report {
	r := bulletinReport()
	r.Campaign.End = "2022-05-09"
	r.Breakdowns.Weekly = []metrics.PeriodCount{
		{Key: "2022-W17", Start: "2022-05-01", Calls: 100},
		{Key: "2022-W18", Start: "2022-05-02", Calls: 1400},
		{Key: "2022-W19", Start: "2022-05-09", Calls: 210},
	}
	for i := range r.Breakdowns.ActivitiesWeekly {
		r.Breakdowns.ActivitiesWeekly[i].Weeks = []metrics.WeekCount{
			{Key: "2022-W17", Start: "2022-05-01", Count: int64(1 + i)},
			{Key: "2022-W18", Start: "2022-05-02", Count: int64(20 + i)},
			{Key: "2022-W19", Start: "2022-05-09", Count: int64(3 + i)},
		}
	}
	return r
}

func TestHourWeekdayShowsCallsPerDayOfEachWeekday(t *testing.T) {
	page := readPage(t, writeGalleryForTest(t, nineDayReport(), templates.FS()), "index.en.html")
	heat := chartOptions(t, page, "hour_weekday")
	cells := map[[2]float64]any{}
	for _, item := range heat["series"].([]any)[0].(map[string]any)["data"].([]any) {
		v := item.(map[string]any)["value"].([]any)
		cells[[2]float64{v[0].(float64), v[1].(float64)}] = v[2]
	}
	// Monday 09:00 has 7 calls over two Mondays, Tuesday 23:00 3 over one Tuesday, Sunday 08:00 5 over
	// two Sundays; rows: Monday 6, Tuesday 5, Sunday 0.
	for _, c := range []struct {
		hour, row float64
		want      any
	}{{9, 6, 3.5}, {23, 5, 3.0}, {8, 0, 2.5}, {8, 6, 0.0}, {12, 3, 0.0}} {
		if got := cells[[2]float64{c.hour, c.row}]; got != c.want {
			t.Errorf("calls per day at hour %v row %v = %v, want %v", c.hour, c.row, got, c.want)
		}
	}
	if max := heat["visualMap"].([]any)[0].(map[string]any)["max"]; max != 3.5 {
		t.Errorf("heat-map scale up to %v, want the busiest hour per day, 3.5", max)
	}
	days := heat["yAxis"].([]any)[0].(map[string]any)["data"].([]any)
	if want := []any{"Sunday (2)", "Saturday (1)", "Friday (1)", "Thursday (1)", "Wednesday (1)", "Tuesday (1)", "Monday (2)"}; !slices.Equal(days, want) {
		t.Errorf("weekday rows %v, want %v", days, want)
	}
	if note := chartNote(t, nineDayReport(), "hour_weekday"); !strings.Contains(note, "per day") || !strings.Contains(note, "number of such weekdays") {
		t.Errorf("heat-map note %q does not say the cells are calls per day", note)
	}
}

func TestWeeklyTrendMarksPartialWeeks(t *testing.T) {
	page := readPage(t, writeGalleryForTest(t, nineDayReport(), templates.FS()), "index.en.html")
	weekly := chartOptions(t, page, "weekly_trend")
	if got, want := weekly["xAxis"].([]any)[0].(map[string]any)["data"], []string{"1 May", "2 May–8 May", "9 May"}; !jsonEqual(got, want) {
		t.Errorf("weeks labelled %v, want %v", got, want)
	}
	data := weekly["series"].([]any)[0].(map[string]any)["data"].([]any)
	for i, partial := range []bool{true, false, true} {
		item := data[i].(map[string]any)
		style, _ := item["itemStyle"].(map[string]any)
		label, _ := item["label"].(map[string]any)
		if partial {
			if style == nil || style["opacity"] != 0.45 {
				t.Errorf("week %d: style %v, want a lighter partial week", i, style)
			}
			if label == nil || label["formatter"] != "partial week\n1 day" {
				t.Errorf("week %d: label %v, want a partial week of 1 day", i, label)
			}
		} else if style != nil || label != nil {
			t.Errorf("week %d is full but styled %v, labelled %v", i, style, label)
		}
	}
	if note := chartNote(t, nineDayReport(), "weekly_trend"); !strings.Contains(note, "partial weeks (1 May, 9 May)") {
		t.Errorf("weekly note %q does not name the partial weeks", note)
	}
}

// chartNote is the note of chart id of r in English.
func chartNote(t *testing.T, r *metrics.Report, id string) string {
	t.Helper()
	built, err := buildCharts(r, "en")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range built {
		if c.ID == id {
			return c.Note
		}
	}
	t.Fatalf("no chart %s", id)
	return ""
}

func TestResponseHistogramDrawsBinsAtTheirTrueWidths(t *testing.T) {
	page := readPage(t, writeGalleryForTest(t, bulletinReport(), templates.FS()), "index.en.html")
	hist := chartOptions(t, page, "response_histogram")
	// The fixture's bins: [0,1) 2 calls, [1,3) 16, [3,5) 18, [5,10) 30, [10,15) 14 and 10 at 15 min or
	// more. Per minute: 2/1, 16/2, 18/2, 30/5, 14/5.
	want := []struct{ lo, hi, perMinute float64 }{{0, 1, 2}, {1, 3, 8}, {3, 5, 9}, {5, 10, 6}, {10, 15, 2.8}}
	series := hist["series"].([]any)
	if len(series) != len(want)+1 {
		t.Fatalf("%d series, want a block for each of the %d closed bins and their labels", len(series), len(want))
	}
	for i, w := range want {
		var corners [][2]float64
		for _, item := range series[i].(map[string]any)["data"].([]any) {
			v := item.(map[string]any)["value"].([]any)
			corners = append(corners, [2]float64{v[0].(float64), v[1].(float64)})
		}
		if wantCorners := [][2]float64{{w.lo, 0}, {w.lo, w.perMinute}, {w.hi, w.perMinute}, {w.hi, 0}}; !slices.Equal(corners, wantCorners) {
			t.Errorf("bin %d drawn as %v, want %v", i, corners, wantCorners)
		}
		// The block's area is the bin's count.
		if area, count := (corners[2][0]-corners[1][0])*corners[1][1], []float64{2, 16, 18, 30, 14}[i]; area != count {
			t.Errorf("bin %d has area %v, want its %v calls", i, area, count)
		}
	}
	var counts []any
	for _, item := range series[len(want)].(map[string]any)["data"].([]any) {
		counts = append(counts, item.(map[string]any)["label"].(map[string]any)["formatter"])
	}
	if !slices.Equal(counts, []any{"2", "16", "18", "30", "14"}) {
		t.Errorf("bins labelled %v, want their counts", counts)
	}
	open := hist["xAxis"].([]any)[0].(map[string]any)["name"]
	if open != "min (≥ 15 min: 10 calls, not drawn)" {
		t.Errorf("open bin written as %q", open)
	}
	if note := chartNote(t, bulletinReport(), "response_histogram"); !strings.Contains(note, "true width") || !strings.Contains(note, "include their lower bound") {
		t.Errorf("histogram note %q does not state the bin rule", note)
	}
}

func TestResponseHistogramOfOnlyAnOpenBinWritesItsCount(t *testing.T) {
	r := bulletinReport()
	r.Response.Histogram = metrics.Histogram{Interval: "response", Edges: []int{0}, Counts: []int64{40}}
	built, err := buildCharts(r, "en")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range built {
		if c.ID == "response_histogram" {
			text := c.axis("xAxis")["name"]
			if text != "min (≥ 0 min: 40 calls, not drawn)" {
				t.Errorf("open bin written as %q", text)
			}
			return
		}
	}
	t.Error("no histogram for 40 valid intervals")
}

func TestActivitiesWeeklyShadesPartialWeeks(t *testing.T) {
	page := readPage(t, writeGalleryForTest(t, nineDayReport(), templates.FS()), "index.en.html")
	activities := chartOptions(t, page, "activities_weekly")
	if got, want := activities["xAxis"].([]any)[0].(map[string]any)["data"], []string{"1 May", "2 May–8 May", "9 May"}; !jsonEqual(got, want) {
		t.Errorf("weeks labelled %v, want %v", got, want)
	}
	areas := activities["series"].([]any)[0].(map[string]any)["markArea"].(map[string]any)["data"].([]any)
	var shaded []any
	for _, a := range areas {
		from := a.([]any)[0].(map[string]any)
		shaded = append(shaded, from["xAxis"])
		if from["name"] != "partial week\n1 day" {
			t.Errorf("shaded week %v named %q", from["xAxis"], from["name"])
		}
	}
	if !slices.Equal(shaded, []any{"1 May", "9 May"}) {
		t.Errorf("shaded weeks %v, want 1 May and 9 May", shaded)
	}
}
