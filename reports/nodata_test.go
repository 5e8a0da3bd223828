package reports

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"bulletin/metrics"
)

// receivedOnlyReport is the fixture as an export with only received_at would give it: every call
// counted, no clock point after the first, so no interval is valid anywhere. The baselines had
// valid intervals, with shares above 0 (so that a 0% on a sheet can only be the period's): their
// shares are data, but no change can be computed from the period's.
func receivedOnlyReport() *metrics.Report {
	r := fixtureReport()
	rt := &r.Response
	for i := range rt.Intervals {
		iv := &rt.Intervals[i]
		iv.Missing += iv.Valid + iv.Flagged + iv.OutOfOrder + iv.OverCeiling
		iv.Valid, iv.Flagged, iv.OutOfOrder, iv.OverCeiling, iv.Reliable = 0, 0, 0, 0, false
		iv.Mean, iv.P50, iv.P90, iv.P95, iv.Max = 0, 0, 0, 0, 0
	}
	noShare := func(th *metrics.Threshold) {
		th.Within, th.Of, th.Share, th.Reliable = 0, 0, 0, false
		for i := range th.Compare {
			if c := &th.Compare[i]; c.Share != nil {
				if *c.Share == 0 {
					share := 21.0 / 70
					c.Share = &share
				}
				// What figures computes against a period without a share of its own: 0 minus the
				// baseline's.
				points := -*c.Share * 100
				c.Points = &points
			}
		}
	}
	for i := range rt.Compliance.Thresholds {
		noShare(&rt.Compliance.Thresholds[i])
	}
	for i := range rt.Targets {
		for j := range rt.Targets[i].Tiers {
			tier := &rt.Targets[i].Tiers[j]
			tier.N, tier.Reliable, tier.P90 = 0, false, 0
			for k := range tier.Thresholds {
				noShare(&tier.Thresholds[k])
			}
			for k := range tier.Goals {
				g := &tier.Goals[k]
				g.Within, g.Of, g.Achieved, g.Quantile, g.Met = 0, 0, 0, 0, false
			}
		}
	}
	rt.Histogram.Counts = make([]int64, len(rt.Histogram.Counts))
	for i := range r.Districts {
		d := &r.Districts[i]
		d.ResponseN, d.ResponseP10, d.ResponseP25, d.ResponseP50, d.ResponseP75, d.ResponseP90 = 0, 0, 0, 0, 0, 0
		d.Within = []float64{0, 0, 0}
	}
	return r
}

// zeroFigures lists the cells of sheet that show a share or a duration of 0 ("0.0%", "0:00"): a
// figure of intervals that shows 0 where it has no data. Changes (their formats carry an arrow or a
// sign) are changes of counts, whose 0 is a count.
func zeroFigures(t *testing.T, f *excelize.File, sheet string) []string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	var zeros []string
	for r, cells := range rows {
		for c, raw := range cells {
			if raw != "0" {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			format := workbookNumberFormat(t, f, sheet, cell)
			if strings.HasPrefix(format, "+") || strings.Contains(format, "▲") {
				continue
			}
			if strings.Contains(format, "%") || strings.Contains(format, "[m]:ss") {
				zeros = append(zeros, cell+" "+format)
			}
		}
	}
	return zeros
}

func TestWorkbookShowsNoDataRatherThanZeroWithoutIntervals(t *testing.T) {
	for _, tc := range []struct{ lang, summary, response, noData string }{
		{"zh", "摘要", "处警时长", "无数据"},
		{"en", "Summary", "Response times", "no data"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			f := openWorkbookForTest(t, receivedOnlyReport(), tc.lang)
			for _, sheet := range []string{tc.summary, tc.response} {
				if zeros := zeroFigures(t, f, sheet); len(zeros) > 0 {
					t.Errorf("%s shows 0 for figures without data: %q", sheet, zeros)
				}
			}
			// The compliance tiles say so, as a string.
			for _, seconds := range []int{60, 180, 300} {
				sheet, col, row := kpiCell(t, f, fmt.Sprintf("compliance_within_%ds", seconds))
				cell := cellAt(t, col, row)
				if v, _ := f.GetCellValue(sheet, cell); v != tc.noData {
					t.Errorf("tile within %d s = %q, want %q", seconds, v, tc.noData)
				}
				if typ, _ := f.GetCellType(sheet, cell); typ != excelize.CellTypeSharedString {
					t.Errorf("tile within %d s: cell type %v, want a string", seconds, typ)
				}
			}
			// Every response figure of the ranking, citywide and by district, says so. The time
			// limit is the target's, not data, and stays; the citywide row has none.
			rows, err := f.GetRows(tc.summary)
			if err != nil {
				t.Fatal(err)
			}
			header := slices.IndexFunc(rows, func(cells []string) bool {
				return len(cells) > 0 && cells[0] == map[string]string{"zh": "地区", "en": "District"}[tc.lang]
			})
			if header < 0 {
				t.Fatal("no district ranking")
			}
			limit := map[string]string{"zh": "到场时限", "en": "Time limit"}[tc.lang]
			inLimit := map[string]string{"zh": "时限内占比", "en": "Within limit"}[tc.lang]
			median := slices.Index(rows[header], map[string]string{"zh": "中位数", "en": "Median"}[tc.lang])
			for i := header + 1; i <= header+1+len(fixtureReport().Districts); i++ {
				for c := median; c < len(rows[header]); c++ {
					heading := rows[header][c]
					if heading == limit || heading == inLimit && i == header+1 {
						continue
					}
					got := ""
					if c < len(rows[i]) {
						got = rows[i][c]
					}
					if got != tc.noData {
						t.Errorf("%s of %s = %q, want %q", heading, rows[i][0], got, tc.noData)
					}
				}
			}
			// The Response times sheet: the intervals' statistics and the compliance share.
			for _, tc2 := range []struct{ row, col string }{
				{map[string]string{"zh": "到场时长", "en": "response"}[tc.lang], map[string]string{"zh": "中位数", "en": "Median"}[tc.lang]},
				{map[string]string{"zh": "接警时长", "en": "answer"}[tc.lang], map[string]string{"zh": "平均", "en": "Mean"}[tc.lang]},
			} {
				row := workbookRowOf(t, f, tc.response, tc2.row)
				header := workbookRowOf(t, f, tc.response, map[string]string{"zh": "时段", "en": "Interval"}[tc.lang])
				cell := fmt.Sprintf("%s%d", workbookColOf(t, f, tc.response, header, tc2.col), row)
				if v, _ := f.GetCellValue(tc.response, cell); v != tc.noData {
					t.Errorf("%s %s = %q, want %q", tc2.row, tc2.col, v, tc.noData)
				}
			}
		})
	}
}

func TestWorkbookLeavesOutTheHistogramChartWithoutIntervals(t *testing.T) {
	path := writeWorkbookForTest(t, receivedOnlyReport(), "en")
	var charts []string
	for _, name := range workbookPartNames(t, path) {
		if strings.HasPrefix(name, "xl/charts/chart") {
			charts = append(charts, name)
		}
	}
	// The Summary's daily and category charts; neither the compliance by district (no district
	// has a share) nor the histogram (every bin empty).
	if len(charts) != 2 {
		t.Errorf("charts %q, want the daily and category charts only", charts)
	}
}

func TestWorkbookMarksFiguresBelowMinN(t *testing.T) {
	// 湘潭县 has 20 valid intervals, fewer than the fixture's min_n of 30: its figures keep their
	// numbers, marked "*", and the sheet says why.
	for _, tc := range []struct{ lang, sheet, district, note string }{
		{"en", "Summary", "Xiangtan County", "* Fewer than 30 valid intervals: not reliable."},
		{"zh", "各地区", "湘潭县", "* 有效时长少于30个，样本不足，仅供参考。"},
	} {
		f := openWorkbookForTest(t, fixtureReport(), tc.lang)
		row := workbookRowOf(t, f, tc.sheet, tc.district)
		header := workbookRowOf(t, f, tc.sheet, map[string]string{"zh": "地区", "en": "District"}[tc.lang])
		p90 := fmt.Sprintf("%s%d", workbookColOf(t, f, tc.sheet, header, map[string]string{"zh": "90%分位", "en": "P90"}[tc.lang]), row)
		if v, format := workbookNumber(t, f, tc.sheet, p90); math.Abs(v*86400-1100) > 1e-6 || format != `[m]:ss"*"` {
			t.Errorf("%s P90 of %s = %v %q, want 18:20 marked *", tc.lang, tc.district, v*86400, format)
		}
		workbookRowOf(t, f, tc.sheet, tc.note)
		// A district with enough intervals is not marked.
		other := workbookRowOf(t, f, tc.sheet, map[string]string{"zh": "雨湖区", "en": "Yuhu District"}[tc.lang])
		cell := fmt.Sprintf("%s%d", p90[:1], other)
		if _, format := workbookNumber(t, f, tc.sheet, cell); format != "[m]:ss" {
			t.Errorf("%s P90 of 雨湖区: format %q, want it unmarked", tc.lang, format)
		}
	}
}

func TestChartsLeaveOutResponseChartsWithoutIntervals(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		built, err := buildCharts(receivedOnlyReport(), lang)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, c := range built {
			ids = append(ids, c.ID)
		}
		for _, id := range []string{"response_histogram", "district_response", "district_compliance"} {
			if slices.Contains(ids, id) {
				t.Errorf("%s: chart %s drawn without any valid interval", lang, id)
			}
		}
		// The calls are there: their charts stay.
		for _, id := range []string{"daily_trend", "district_calls", "hour_weekday"} {
			if !slices.Contains(ids, id) {
				t.Errorf("%s: chart %s left out; charts %q", lang, id, ids)
			}
		}
	}
}

func TestChartsShowADistrictWithoutIntervalsAsAGap(t *testing.T) {
	r := fixtureReport()
	d := &r.Districts[1] // 岳塘区
	d.ResponseN, d.ResponseP10, d.ResponseP25, d.ResponseP50, d.ResponseP75, d.ResponseP90 = 0, 0, 0, 0, 0, 0
	d.Within = []float64{0, 0, 0}
	built, err := buildCharts(r, "en")
	if err != nil {
		t.Fatal(err)
	}
	options := func(id string) map[string]any {
		for _, c := range built {
			if c.ID == id {
				return c.Options
			}
		}
		t.Fatalf("no chart %s", id)
		return nil
	}
	// Compliance: Overall, then the districts; Yuetang (group 2) has no bar in any series, and the
	// axis says why. Xiangtan County's 20 intervals are marked.
	compliance := options("district_compliance")
	axis := compliance["xAxis"].([]any)[0].(map[string]any)["data"].([]any)
	if want := []any{"Overall", "Yuhu District", "Yuetang District\n(no data)", "Xiangtan County*"}; !slices.Equal(axis, want) {
		t.Errorf("compliance axis %q, want %q", axis, want)
	}
	for s := range 3 {
		item := compliance["series"].([]any)[s].(map[string]any)["data"].([]any)[2].(map[string]any)
		if v, ok := item["value"]; ok {
			t.Errorf("compliance series %d: Yuetang District = %v, want no value (a gap)", s, v)
		}
	}
	note := built[slices.IndexFunc(built, func(c chart) bool { return c.ID == "district_compliance" })].Note
	for _, want := range []string{"(no data): no valid interval.", "*Fewer than 30 valid intervals: not reliable."} {
		if !strings.Contains(note, want) {
			t.Errorf("compliance note %q lacks %q", note, want)
		}
	}
	// Box plot: the district keeps its place on the axis, with no box.
	box := options("district_response")
	boxes := box["series"].([]any)[0].(map[string]any)["data"].([]any)
	if v := boxes[1].(map[string]any)["value"]; len(v.([]any)) != 0 {
		t.Errorf("box of Yuetang District %v, want none", v)
	}
	if v := boxes[0].(map[string]any)["value"]; len(v.([]any)) != 5 {
		t.Errorf("box of Yuhu District %v, want five percentiles", v)
	}
}
