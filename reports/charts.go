package reports

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"bulletin/metrics"
	"bulletin/schema"
)

// The page's colours: one hue per measure, kept the same across charts so that a reader learns them
// once. They are taken from the palette of Okabe and Ito (2008), which stays distinct for readers with
// any of the three dichromacies; colours_test.go checks every pair that can meet on one chart.
const (
	colourCalls  = "#0072b2" // all calls, and any single-series count (blue)
	colourFocus  = "#d55e00" // the campaign's own series drawn beside all calls (vermillion)
	colourText   = "#333333"
	colourSubtle = "#666666"
	colourTarget = "#e69f00" // a target, limit or event set against the figures (orange)
)

// colourSeries colour the series of a chart that are not one of the measures above, in order: the
// kinds of activity, the codes of a declared breakdown. A code keeps its colour on every chart. The
// first two are all calls' blue and the targets' orange; yellow is left out, as bars of it vanish on
// white. Codes beyond the eight colours take them again.
var colourSeries = []string{colourCalls, colourTarget, "#009e73", "#cc79a7", "#56b4e9", "#000000", "#332288", "#882255"}

// colourBoxFill fills the boxes of a box plot, outlined in colourCalls.
const colourBoxFill = "#c6dbef"

// colourNotRecorded colours the series of an empty key ("not recorded"), in grey, apart from the codes.
const colourNotRecorded = "#c7c7c7"

// seriesColours assigns each code its colour by its place in known, the vocabulary of its field in
// the data model's order, so that a code has the same colour in every chart and every report; codes
// beyond the colours, and unknown codes, take the colours left over, in order, and then the colours
// again; the empty key (not recorded) is grey.
func seriesColours(known []string, codes []string) opts.Colors {
	colours := make(opts.Colors, len(codes))
	used := map[int]bool{}
	for i, code := range codes {
		if code == "" {
			colours[i] = colourNotRecorded
			continue
		}
		if j := slices.Index(known, code); j >= 0 && j < len(colourSeries) && !used[j] {
			colours[i] = colourSeries[j]
			used[j] = true
		}
	}
	next := 0
	for i := range colours {
		if colours[i] != "" {
			continue
		}
		for next < len(colourSeries) && used[next] {
			next++
		}
		colours[i] = colourSeries[next%len(colourSeries)]
		used[next%len(colourSeries)] = true
		next++
	}
	return colours
}

// vocabulary returns the codes of a coded field in the data model's order: the order in which they
// take their colours, so that a code has the same colour on every chart.
func vocabulary(table, field string) []string {
	return schema.Default().Vocabulary(table, field)
}

// colourThresholds shades the compliance thresholds from the strictest (light) to the loosest (dark).
// The workbook uses the same shades; treat it as a constant.
var colourThresholds = []string{"#9ecae1", "#4292c6", "#08519c", "#08306b"}

// chartFontFamily prefers the CJK fonts of the platforms the page is read on, so Chinese never shows as boxes.
const chartFontFamily = `"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif`

const (
	chartWidth  = "1100px"
	chartHeight = "480px"
)

// chart is one chart of the gallery: what the page shows around it and the ECharts options it draws.
type chart struct {
	// ID names the chart in the page (data-chart-id) and in tests, such as "daily_trend".
	ID string
	// File is the stem of the chart's own page and of its downloads, such as "daily-trend".
	File string
	// Title is the chart's title, also the heading of its card in the gallery.
	Title string
	// Note says in one sentence what the chart shows and how to read it.
	Note string
	// Options are the ECharts options, encoded by encodeOptions.
	Options map[string]any
}

// buildCharts returns the charts of r in lang, in gallery order. Charts without data (an empty
// series in the report) are left out.
func buildCharts(r *metrics.Report, lang string) ([]chart, error) {
	if lang != "zh" && lang != "en" {
		return nil, fmt.Errorf("unsupported language %q (want zh or en)", lang)
	}
	cb, err := newChartBuilder(r, lang)
	if err != nil {
		return nil, err
	}
	var built []chart
	for _, build := range []func() (*chart, error){
		cb.dailyTrend, cb.weeklyTrend, cb.categories, cb.districtCalls,
	} {
		c, err := build()
		if err != nil {
			return nil, err
		}
		if c != nil {
			built = append(built, *c)
		}
	}
	for _, b := range r.Declared {
		c, err := cb.declaredChart(b)
		if err != nil {
			return nil, fmt.Errorf("breakdown %s: %w", b.ID, err)
		}
		if c != nil {
			built = append(built, *c)
		}
	}
	for _, build := range []func() (*chart, error){
		cb.responseHistogram, cb.districtResponse, cb.districtCompliance, cb.hourWeekday, cb.linkage, cb.activitiesWeekly,
	} {
		c, err := build()
		if err != nil {
			return nil, err
		}
		if c != nil {
			built = append(built, *c)
		}
	}
	return built, nil
}

// encodeOptions serialises a chart's options for a <script> element: encoding/json escapes <, > and
// & as \u003c, \u003e and \u0026, so no label from the data can end the element or start markup.
func encodeOptions(c chart) (string, error) {
	encoded, err := json.Marshal(c.Options)
	if err != nil {
		return "", fmt.Errorf("chart %s: encode options: %w", c.ID, err)
	}
	return string(encoded), nil
}

// optionser is what every go-echarts chart type provides.
type optionser interface {
	Validate()
	JSON() map[string]any
}

// finish turns a go-echarts chart into a chart of the gallery, adding the options go-echarts cannot
// express: the page's fonts and a white background, which downloaded pictures keep.
//
// The options come back as plain maps and slices, so that a chart can set what go-echarts has no
// field for (see axis).
func (cb *chartBuilder) finish(id, file, title, note string, c optionser) (*chart, error) {
	c.Validate()
	encoded, err := json.Marshal(c.JSON())
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", id, err)
	}
	var options map[string]any
	if err := json.Unmarshal(encoded, &options); err != nil {
		return nil, fmt.Errorf("chart %s: %w", id, err)
	}
	options["textStyle"] = map[string]any{"fontFamily": chartFontFamily}
	options["backgroundColor"] = "#ffffff"
	return &chart{ID: id, File: file, Title: title, Note: note, Options: options}, nil
}

// axis returns the first axis of a kind ("xAxis" or "yAxis") of a finished chart's options, to set
// what go-echarts has no field for.
func (c *chart) axis(kind string) map[string]any {
	axes, _ := c.Options[kind].([]any)
	if len(axes) == 0 {
		return map[string]any{}
	}
	axis, _ := axes[0].(map[string]any)
	return axis
}

// legendBelowSubtitle puts a chart's legend on a line of its own under the subtitle, for legends too
// long to share the title's line; plotBelowLegend makes room for it.
func legendBelowSubtitle() charts.GlobalOpts {
	return charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "68", Left: "24",
		TextStyle: &opts.TextStyle{Color: colourText, FontSize: 13}})
}

// plotBelowLegend moves the plot down for a legend of its own line under the subtitle.
func (c *chart) plotBelowLegend() {
	if grids, _ := c.Options["grid"].([]any); len(grids) > 0 {
		grids[0].(map[string]any)["top"] = 150
	}
}

// axisNameBelow centres an x axis's name under its labels, where it is not cut off at the right.
func axisNameBelow(axis map[string]any) {
	axis["nameLocation"] = "middle"
	axis["nameGap"] = 28
}

// wrapLabels breaks the long category labels of an axis into lines of at most width pixels, so that
// every district keeps its name under its bars.
func wrapLabels(axis map[string]any, width int) {
	label, _ := axis["axisLabel"].(map[string]any)
	if label == nil {
		label = map[string]any{}
		axis["axisLabel"] = label
	}
	label["width"] = width
	label["overflow"] = "break"
	label["interval"] = 0
}

// chartBuilder turns one report into charts in one language.
type chartBuilder struct {
	r        *metrics.Report
	lang     string
	subtitle string
}

// newChartBuilder prepares the subtitle every chart of r carries in lang.
func newChartBuilder(r *metrics.Report, lang string) (*chartBuilder, error) {
	period, err := formatPeriod(lang, r.Campaign.Start, r.Campaign.End)
	if err != nil {
		return nil, fmt.Errorf("campaign period: %w", err)
	}
	cb := &chartBuilder{r: r, lang: lang}
	cb.subtitle = cb.t("来源："+r.Campaign.Unit.Zh+"　统计时段："+period,
		"Source: "+r.Campaign.Unit.En+" · Period: "+period)
	return cb, nil
}

// t picks the Chinese or the English text.
func (cb *chartBuilder) t(zh, en string) string {
	if cb.lang == "zh" {
		return zh
	}
	return en
}

// globalOptions are the options every chart shares.
func (cb *chartBuilder) globalOptions(id, title string, withLegend bool, grid opts.Grid) []charts.GlobalOpts {
	legend := opts.Legend{Show: opts.Bool(false)}
	if withLegend {
		legend = opts.Legend{Show: opts.Bool(true), Top: "12", Right: "24",
			TextStyle: &opts.TextStyle{Color: colourText, FontSize: 13}}
	}
	subtitle := cb.subtitle
	if id == "response_histogram" || id == "district_compliance" || id == "district_response" {
		// Response-time charts state the rules and the percentile method they follow.
		p := cb.r.Response.Profile
		subtitle += cb.t("　规则："+p.Name+"（第"+p.Version+"版）", " · Rules: "+p.Name+" v"+p.Version)
	}
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{ChartID: id, Width: chartWidth, Height: chartHeight}),
		charts.WithAnimation(false),
		charts.WithTitleOpts(opts.Title{
			Title: title, Subtitle: subtitle, Left: "24", Top: "12",
			TitleStyle:    &opts.TextStyle{Color: colourText, FontSize: 18, FontWeight: "bold"},
			SubtitleStyle: &opts.TextStyle{Color: colourSubtle, FontSize: 12},
		}),
		charts.WithLegendOpts(legend),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithGridOpts(grid),
	}
}

// chartGrid places the plot below the title and legend, leaving room on the right for labels.
func chartGrid(right string) opts.Grid {
	return opts.Grid{Left: "24", Right: right, Top: "96", Bottom: "24", ContainLabel: opts.Bool(true)}
}

// valueAxis is the y axis of a count.
func (cb *chartBuilder) valueAxis(name string) opts.YAxis {
	return opts.YAxis{Name: name, Type: "value", NameGap: 12, MinInterval: 1, AxisLabel: cb.countAxisLabel()}
}

// countAxisLabel writes the ticks of a count axis as the text does: ECharts groups thousands with
// commas, which suits English but not Chinese.
func (cb *chartBuilder) countAxisLabel() *opts.AxisLabel {
	label := &opts.AxisLabel{Color: colourSubtle}
	if cb.lang == "zh" {
		label.Formatter = "{value}"
	}
	return label
}

// countLabel is the label of one bar: its count written as the text writes it.
func (cb *chartBuilder) countLabel(n int64) *opts.Label {
	return &opts.Label{Formatter: formatInt(cb.lang, n)}
}

// dailyTrend is a line chart of calls per day, with the campaign's breakdowns by day drawn on it.
func (cb *chartBuilder) dailyTrend() (*chart, error) {
	if len(cb.r.Daily) == 0 {
		return nil, nil
	}
	days := make([]string, len(cb.r.Daily))
	calls := make([]opts.LineData, len(cb.r.Daily))
	for i, d := range cb.r.Daily {
		day, err := formatShortDate(cb.lang, d.Date)
		if err != nil {
			return nil, fmt.Errorf("daily counts: %w", err)
		}
		days[i] = day
		calls[i] = opts.LineData{Value: d.Calls}
	}
	focus := cb.on("daily", len(days))
	title := cb.t("每日接报警情趋势", "Calls per day")
	line := charts.NewLine()
	line.SetGlobalOptions(cb.globalOptions("daily_trend", title, true, chartGrid("40"))...)
	line.SetGlobalOptions(
		charts.WithColorsOpts(focusColours(len(focus))),
		charts.WithXAxisOpts(opts.XAxis{Type: "category",
			AxisLabel: &opts.AxisLabel{Color: colourSubtle, HideOverlap: opts.Bool(true)}}),
		charts.WithYAxisOpts(cb.valueAxis(cb.t("起", "calls"))),
	)
	showSymbol := len(days) <= 31
	line.SetXAxis(days).
		AddSeries(cb.t("接报警情", "All calls"), calls,
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(showSymbol)}),
			charts.WithLineStyleOpts(opts.LineStyle{Width: 2}))
	gaps := false
	for _, f := range focus {
		data, hidden := cb.lineValues(f)
		gaps = gaps || hidden
		line.AddSeries(f.Label.In(cb.lang), data,
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(showSymbol)}),
			charts.WithLineStyleOpts(opts.LineStyle{Width: 2}))
	}
	note := cb.t("每日接报的全部警情", "All calls received each day") + cb.amongThem(focus) + cb.t("。", ".")
	if gaps {
		note += cb.suppressionNote(true)
	}
	c, err := cb.finish("daily_trend", "daily-trend", title, note, line)
	if err != nil || len(cb.r.Campaign.Events) == 0 {
		return c, err
	}
	// The campaign's events: a numbered line on their day, and their list under the plot, so that a
	// saved picture keeps them.
	var marks []any
	var legend []string
	for i, e := range cb.r.Campaign.Events {
		day, err := formatShortDate(cb.lang, e.Date)
		if err != nil {
			return nil, fmt.Errorf("campaign event: %w", err)
		}
		n := eventNumber(i)
		marks = append(marks, map[string]any{"xAxis": day, "name": e.Label.In(cb.lang), "label": map[string]any{"formatter": n}})
		legend = append(legend, n+" "+day+" "+e.Label.In(cb.lang))
	}
	series := c.Options["series"].([]any)[0].(map[string]any)
	series["markLine"] = map[string]any{
		"symbol": "none", "silent": false, "data": marks,
		"lineStyle": map[string]any{"color": colourTarget, "type": "dashed", "width": 1},
		// The numbers are text: dark, as orange on white is too faint to read (colours_test.go).
		"label": map[string]any{"color": colourText, "fontWeight": "bold", "position": "end"},
	}
	c.Options["grid"].([]any)[0].(map[string]any)["bottom"] = 64
	c.Options["graphic"] = []any{map[string]any{
		"type": "text", "left": 24, "bottom": 12,
		"style": map[string]any{"text": cb.t("活动节点：", "Events: ") + strings.Join(legend, cb.t("　", "   ")),
			"fill": colourSubtle, "fontSize": 12, "width": 1040, "overflow": "break", "lineHeight": 18},
	}}
	c.Note += cb.t("虚线标出活动期间的工作节点。", " Dashed lines mark the campaign's events.")
	return c, nil
}

// weekLabels labels the ISO weeks whose first days inside the period are starts with the days they
// count ("2 May–8 May", "1 May" for a week of one day), and returns how many days of the period each
// holds: fewer than 7 for a week the period cuts.
func (cb *chartBuilder) weekLabels(starts []string) (labels []string, days []int, err error) {
	for _, start := range starts {
		last, n, err := weekInPeriod(start, cb.r.Campaign.End)
		if err != nil {
			return nil, nil, err
		}
		label, err := formatShortDate(cb.lang, start)
		if err != nil {
			return nil, nil, err
		}
		if n > 1 {
			to, err := formatShortDate(cb.lang, last.Format(time.DateOnly))
			if err != nil {
				return nil, nil, err
			}
			label += "–" + to
		}
		labels = append(labels, label)
		days = append(days, n)
	}
	return labels, days, nil
}

// dayWord is "day" or "days" after a number of days.
func dayWord(n int) string {
	if n == 1 {
		return "day"
	}
	return "days"
}

// eventNumber is the mark of the i-th event on a chart: ①, ②, ... then (21), (22), ...
func eventNumber(i int) string {
	if i < 20 {
		return string(rune('①' + i))
	}
	return fmt.Sprintf("(%d)", i+1)
}

// weeklyTrend is a bar chart of calls per ISO week, with the campaign's breakdowns by week drawn on it.
func (cb *chartBuilder) weeklyTrend() (*chart, error) {
	weeks := cb.r.Breakdowns.Weekly
	if len(weeks) == 0 {
		return nil, nil
	}
	calls := make([]opts.BarData, len(weeks))
	var partial []string
	var cut []int
	starts := make([]string, len(weeks))
	for i, w := range weeks {
		starts[i] = w.Start
	}
	labels, daysIn, err := cb.weekLabels(starts)
	if err != nil {
		return nil, fmt.Errorf("weekly counts: %w", err)
	}
	for i, w := range weeks {
		days := daysIn[i]
		calls[i] = opts.BarData{Value: w.Calls}
		if days < 7 {
			// A cut week is lighter and says how many days it counts: beside full weeks it would read
			// as a dip (or a ramp-up) that is only the calendar.
			calls[i].ItemStyle = &opts.ItemStyle{Opacity: opts.Float(0.45)}
			calls[i].Label = &opts.Label{Show: opts.Bool(true), Position: "top", Color: colourSubtle,
				Formatter: cb.t(fmt.Sprintf("不足一周\n%d天", days), fmt.Sprintf("partial week\n%d %s", days, dayWord(days)))}
			partial = append(partial, labels[i])
			cut = append(cut, i)
		}
	}
	focus := cb.on("weekly", len(weeks))
	title := cb.t("每周接报警情", "Calls per week")
	bar := charts.NewBar()
	bar.SetGlobalOptions(cb.globalOptions("weekly_trend", title, true, chartGrid("40"))...)
	bar.SetGlobalOptions(
		charts.WithColorsOpts(focusColours(len(focus))),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: cb.t("自然周（周一至周日）", "week (Monday to Sunday)"),
			AxisLabel: &opts.AxisLabel{Color: colourSubtle, HideOverlap: opts.Bool(true)}}),
		charts.WithYAxisOpts(cb.valueAxis(cb.t("起", "calls"))),
	)
	bar.SetXAxis(labels).
		AddSeries(cb.t("接报警情", "All calls"), calls, charts.WithBarChartOpts(opts.BarChart{BarGap: "8%", BarCategoryGap: "30%"}))
	hidden := false
	for _, f := range focus {
		data, suppressed := cb.barValues(f, f.Rows, labels, false)
		hidden = hidden || suppressed
		for _, i := range cut {
			if i < len(data) && data[i].ItemStyle == nil {
				data[i].ItemStyle = &opts.ItemStyle{Opacity: opts.Float(0.45)}
			}
		}
		bar.AddSeries(f.Label.In(cb.lang), data)
	}
	note := cb.t("每周接报的全部警情", "All calls received each Monday-to-Sunday week") + cb.amongThem(focus) +
		cb.t("，按自然周（周一至周日）汇总；首尾两周只计统计时段内的天数。", "; the first and last weeks count only their days inside the period.")
	if len(partial) > 0 {
		note += cb.t("浅色柱为不足一周的周（"+strings.Join(partial, "、")+"），只含统计时段内的天数，不宜与整周比较。",
			" Lighter bars are partial weeks ("+strings.Join(partial, ", ")+"): they count fewer than seven days and are not comparable with full weeks.")
	}
	if hidden {
		note += cb.suppressionNote(false)
	}
	c, err := cb.finish("weekly_trend", "weekly-trend", title, note, bar)
	if err == nil {
		axisNameBelow(c.axis("xAxis"))
	}
	return c, err
}

// countBar is a horizontal bar chart of group counts, the first group on top.
func (cb *chartBuilder) countBar(id, file, title, note, unit string, groups []metrics.GroupCount, colour string) (*chart, error) {
	if len(groups) == 0 {
		return nil, nil
	}
	labels := make([]string, len(groups))
	values := make([]opts.BarData, len(groups))
	// A category axis draws its first value at the bottom; reverse so the report's order reads top-down.
	for i, g := range groups {
		j := len(groups) - 1 - i
		labels[j] = g.Label.In(cb.lang)
		values[j] = opts.BarData{Value: g.Count, Label: cb.countLabel(g.Count)}
	}
	return cb.horizontalBar(id, file, title, note, unit, labels, values, colour)
}

// horizontalBar is a horizontal bar chart of the values, given bottom first, with their labels.
func (cb *chartBuilder) horizontalBar(id, file, title, note, unit string, labels []string, values []opts.BarData, colour string) (*chart, error) {
	bar := charts.NewBar()
	bar.SetGlobalOptions(cb.globalOptions(id, title, false, chartGrid("72"))...)
	bar.SetGlobalOptions(
		charts.WithColorsOpts(opts.Colors{colour}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: unit, MinInterval: 1, AxisLabel: cb.countAxisLabel()}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", AxisLabel: &opts.AxisLabel{Color: colourText, FontSize: 13}}),
	)
	bar.SetXAxis(labels).AddSeries(unit, values,
		charts.WithBarChartOpts(opts.BarChart{BarCategoryGap: "35%"}),
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.BarMaxWidth = "40" }),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right", Color: colourText}))
	bar.XYReversal()
	return cb.finish(id, file, title, note, bar)
}

// categories is a bar chart of calls by category.
func (cb *chartBuilder) categories() (*chart, error) {
	return cb.countBar("categories", "categories", cb.t("警情类别分布", "Calls by category"),
		cb.t("统计时段内接报警情按类别统计，多者在上。", "Calls of the period by category, most frequent first."),
		cb.t("起", "calls"), cb.r.Categories, colourCalls)
}

// activitiesWeekly is a line chart of the activities of each week, one line per kind.
func (cb *chartBuilder) activitiesWeekly() (*chart, error) {
	series := slices.Clone(cb.r.Breakdowns.ActivitiesWeekly)
	if len(series) == 0 {
		return nil, nil
	}
	// The most frequent kind first, in the legend as in the tooltip.
	total := func(s metrics.ActivitySeries) (n int64) {
		for _, w := range s.Weeks {
			n += w.Count
		}
		return n
	}
	slices.SortStableFunc(series, func(a, b metrics.ActivitySeries) int { return cmp.Compare(total(b), total(a)) })
	var starts []string
	for _, w := range series[0].Weeks {
		starts = append(starts, w.Start)
	}
	weeks, daysIn, err := cb.weekLabels(starts)
	if err != nil {
		return nil, fmt.Errorf("weekly activities: %w", err)
	}
	kinds := make([]string, len(series))
	for i, s := range series {
		kinds[i] = s.Kind
	}
	title := cb.t("各类工作每周开展情况", "Activities per week")
	line := charts.NewLine()
	line.SetGlobalOptions(cb.globalOptions("activities_weekly", title, true, chartGrid("40"))...)
	line.SetGlobalOptions(
		charts.WithColorsOpts(seriesColours(vocabulary("activities", "kind"), kinds)),
		legendBelowSubtitle(),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: cb.t("自然周（周一至周日）", "week (Monday to Sunday)"),
			AxisLabel: &opts.AxisLabel{Color: colourSubtle, HideOverlap: opts.Bool(true)}}),
		charts.WithYAxisOpts(cb.valueAxis(cb.t("次", "times"))),
	)
	line.SetXAxis(weeks)
	for _, s := range series {
		if len(s.Weeks) != len(weeks) {
			return nil, fmt.Errorf("weekly activities of %s: %d weeks, want %d", s.Kind, len(s.Weeks), len(weeks))
		}
		var total int64
		data := make([]opts.LineData, len(s.Weeks))
		for i, w := range s.Weeks {
			data[i] = opts.LineData{Value: w.Count}
			total += w.Count
		}
		name := cb.t(s.Label.Zh+"（"+formatInt(cb.lang, total)+"次）", s.Label.En+" ("+formatInt(cb.lang, total)+")")
		line.AddSeries(name, data, charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true)}),
			charts.WithLineStyleOpts(opts.LineStyle{Width: 2}))
	}
	note := cb.t("每周开展的各类工作次数，图例中为统计时段内合计；首尾两周只计统计时段内的天数。",
		"Activities held each week by kind, with the period's total in the legend; the first and last weeks count only their days inside the period.")
	// Weeks the period cuts are marked and labelled, as their counts cover fewer than seven days.
	var areas []any
	var partial []string
	for i, days := range daysIn {
		if days < 7 {
			partial = append(partial, weeks[i])
			areas = append(areas, []any{
				map[string]any{"xAxis": weeks[i], "name": cb.t(fmt.Sprintf("不足一周\n%d天", days), fmt.Sprintf("partial week\n%d %s", days, dayWord(days)))},
				map[string]any{"xAxis": weeks[i]},
			})
		}
	}
	if len(partial) > 0 {
		note += cb.t("标“不足一周”的周（"+strings.Join(partial, "、")+"）只含统计时段内的天数，不宜与整周比较。",
			" Weeks marked \"partial week\" ("+strings.Join(partial, ", ")+") count fewer than seven days and are not comparable with full weeks.")
	}
	c, err := cb.finish("activities_weekly", "activities-weekly", title, note, line)
	if err == nil {
		axisNameBelow(c.axis("xAxis"))
		c.plotBelowLegend()
		if len(areas) > 0 {
			c.Options["series"].([]any)[0].(map[string]any)["markArea"] = map[string]any{
				"silent": true, "data": areas,
				"itemStyle": map[string]any{"color": "#000000", "opacity": 0.06},
				"label":     map[string]any{"color": colourSubtle, "position": "insideTop"},
			}
		}
	}
	return c, err
}

// linkage is a bar chart of incidents handled jointly with each partner agency.
func (cb *chartBuilder) linkage() (*chart, error) {
	note := cb.t("与各联动单位共同处置的警情数；一起警情可联动多个单位，合计"+formatInt(cb.lang, cb.r.LinkedCalls)+"起。",
		"Incidents handled together with each partner agency; one incident may involve several, "+formatInt(cb.lang, cb.r.LinkedCalls)+" in all.")
	return cb.countBar("linkage", "linkage", cb.t("多警联动处置情况", "Incidents handled with partner agencies"), note,
		cb.t("起", "incidents"), cb.r.Linkage, colourFocus)
}

// districtCalls is a grouped bar chart of the calls of each district, with the campaign's breakdowns
// by district drawn on it.
func (cb *chartBuilder) districtCalls() (*chart, error) {
	if len(cb.r.Districts) == 0 {
		return nil, nil
	}
	names := make([]string, len(cb.r.Districts))
	calls := make([]opts.BarData, len(cb.r.Districts))
	for i, d := range cb.r.Districts {
		names[i] = d.Name(cb.lang)
		calls[i] = opts.BarData{Value: d.Calls, Label: cb.countLabel(d.Calls)}
	}
	focus := cb.onDistricts()
	title := cb.t("各地区接报警情", "Calls by district")
	bar := charts.NewBar()
	bar.SetGlobalOptions(cb.globalOptions("district_calls", title, true, chartGrid("40"))...)
	bar.SetGlobalOptions(
		charts.WithColorsOpts(focusColours(len(focus))),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Color: colourText, FontSize: 13, Interval: "0"}}),
		charts.WithYAxisOpts(cb.valueAxis(cb.t("起", "calls"))),
	)
	labels := charts.WithLabelOpts(opts.Label{Show: opts.Bool(len(names) <= 10), Position: "top", Color: colourText, FontSize: 11})
	bar.SetXAxis(names).
		AddSeries(cb.t("接报警情", "All calls"), calls, charts.WithBarChartOpts(opts.BarChart{BarGap: "8%", BarCategoryGap: "30%"}), labels)
	hidden := false
	for _, f := range focus {
		rows := make([]metrics.BreakdownRow, len(cb.r.Districts))
		for i, d := range cb.r.Districts {
			rows[i] = f.row(d.District)
		}
		data, suppressed := cb.barValues(f.DeclaredBreakdown, rows, names, true)
		hidden = hidden || suppressed
		bar.AddSeries(f.Label.In(cb.lang), data, labels)
	}
	note := cb.t("各地区接报的全部警情", "All calls of each district") + cb.amongThem(focusBreakdowns(focus)) +
		cb.t("，按活动方案的地区顺序排列。", ", in the campaign's order of districts.")
	if hidden {
		note += cb.suppressionNote(false)
	}
	c, err := cb.finish("district_calls", "district-calls", title, note, bar)
	if err == nil {
		wrapLabels(c.axis("xAxis"), 96)
	}
	return c, err
}

// districtResponse is a box plot of the compliance interval by district, in minutes: the box from
// the 25th to the 75th percentile with the median, the whiskers at the 10th and 90th, and each
// district's time limit when a target tiers it.
func (cb *chartBuilder) districtResponse() (*chart, error) {
	c := cb.r.Response.Compliance
	var names []string
	var boxes []opts.BoxPlotData
	var limits []opts.BarData
	target := tierTarget(cb.r)
	hasLimit, hasData := false, false
	marks := responseMarks{}
	for _, d := range cb.r.Districts {
		names = append(names, cb.responseName(d.Name(cb.lang), d.ResponseN, &marks))
		if d.ResponseN == 0 {
			// No box: the axis names the district "no data".
			boxes = append(boxes, opts.BoxPlotData{Value: []any{}})
			limits = append(limits, opts.BarData{Value: nil})
			continue
		}
		hasData = true
		boxes = append(boxes, opts.BoxPlotData{Value: []float64{
			minutes(d.ResponseP10), minutes(d.ResponseP25), minutes(d.ResponseP50), minutes(d.ResponseP75), minutes(d.ResponseP90)}})
		if seconds, _, ok := districtLimit(target, d.District); ok {
			limits = append(limits, opts.BarData{Value: minutes(float64(seconds))})
			hasLimit = true
		} else {
			limits = append(limits, opts.BarData{Value: nil})
		}
	}
	if !hasData || c.Interval == "" {
		return nil, nil
	}
	label := cb.intervalLabel(c.Interval)
	title := cb.t("各地区"+label+"分布", capitalise(label)+" times by district")
	box := charts.NewBoxPlot()
	box.SetGlobalOptions(cb.globalOptions("district_response", title, hasLimit, chartGrid("40"))...)
	box.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Color: colourText, FontSize: 13, Interval: "0"}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: cb.t("分钟", "minutes"), NameGap: 12, Min: 0,
			AxisLabel: &opts.AxisLabel{Color: colourSubtle}}),
	)
	box.SetXAxis(names).AddSeries(cb.t(label, capitalise(label)), boxes,
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colourBoxFill, BorderColor: colourCalls, BorderWidth: 1.5}))
	c2, err := cb.finish("district_response", "district-response", title, cb.t(
		"箱体为第25至75百分位，中线为中位数，须线为第10和第90百分位（分钟）。",
		"Boxes span the 25th to 75th percentiles with the median inside; whiskers reach the 10th and 90th (minutes).")+cb.marksNote(marks), box)
	if err != nil {
		return nil, err
	}
	wrapLabels(c2.axis("xAxis"), 96)
	if hasLimit {
		data := make([]any, len(limits))
		for i, l := range limits {
			data[i] = l.Value
		}
		c2.Options["series"] = append(c2.Options["series"].([]any), map[string]any{
			"type": "scatter", "name": cb.t("本地区到场时限", "The district's time limit"), "data": data,
			"symbol": "rect", "symbolSize": []int{36, 3}, "itemStyle": map[string]any{"color": colourTarget}, "z": 3,
		})
		c2.Note += cb.t("橙色横线为各地区的到场时限（"+target.Label.Zh+"）。", " Orange bars mark each district's time limit ("+target.Label.En+").")
	}
	return c2, nil
}

// minutes turns seconds into minutes with one decimal, for an axis in minutes.
func minutes(seconds float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(seconds/60, 'f', 1, 64), 64)
	return v
}

// intervalLabel is the label of the interval with the given ID, or the ID itself.
func (cb *chartBuilder) intervalLabel(id string) string {
	for _, iv := range cb.r.Response.Intervals {
		if iv.ID == id {
			return iv.Label.In(cb.lang)
		}
	}
	return id
}

// responseHistogram draws the compliance interval in the report's bins at their true widths: each
// bin is a block from its lower to its upper bound on a time axis, as high as its calls per minute,
// so that a wide bin is not read as a peak. The open last bin ("at least ...") has no width; its
// count is written in the time axis's name and in the note.
func (cb *chartBuilder) responseHistogram() (*chart, error) {
	h := cb.r.Response.Histogram
	var total int64
	for _, n := range h.Counts {
		total += n
	}
	if total == 0 {
		// No valid interval: a row of empty bins would read as "none within any bin".
		return nil, nil
	}
	if len(h.Edges) != len(h.Counts) {
		return nil, fmt.Errorf("histogram of %s: %d edges for %d bins", h.Interval, len(h.Edges), len(h.Counts))
	}
	for i := 1; i < len(h.Edges); i++ {
		if h.Edges[i] <= h.Edges[i-1] {
			return nil, fmt.Errorf("histogram of %s: edges %v do not increase", h.Interval, h.Edges)
		}
	}
	edge := func(seconds int) string {
		return strconv.FormatFloat(float64(seconds)/60, 'f', -1, 64)
	}
	unit := cb.t("分钟", "min")
	label := cb.intervalLabel(h.Interval)
	title := cb.t(label+"分布", capitalise(label)+" time distribution")
	line := charts.NewLine()
	line.SetGlobalOptions(cb.globalOptions("response_histogram", title, false, chartGrid("64"))...)
	line.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item", Formatter: "{b}"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: unit, Min: 0, Max: float64(h.Edges[len(h.Edges)-1]) / 60,
			AxisLabel: &opts.AxisLabel{Color: colourText}}),
		charts.WithYAxisOpts(opts.YAxis{Name: cb.t("起/分钟", "calls per minute"), Type: "value", NameGap: 12, AxisLabel: cb.countAxisLabel()}),
	)
	// One block per closed bin, as a series of its own so that a white outline parts it from the next.
	type block struct{ lo, hi, perMinute float64 }
	var blocks []block
	var labels []any
	for i := 0; i+1 < len(h.Edges); i++ {
		lo, hi := float64(h.Edges[i])/60, float64(h.Edges[i+1])/60
		perMinute := roundTo(float64(h.Counts[i])/(hi-lo), 2)
		blocks = append(blocks, block{lo, hi, perMinute})
		name := cb.t(fmt.Sprintf("%s–%s分钟：%s起，每分钟%s起", edge(h.Edges[i]), edge(h.Edges[i+1]), formatInt(cb.lang, h.Counts[i]), strconv.FormatFloat(perMinute, 'f', -1, 64)),
			fmt.Sprintf("%s–%s min: %s calls, %s per minute", edge(h.Edges[i]), edge(h.Edges[i+1]), formatInt(cb.lang, h.Counts[i]), strconv.FormatFloat(perMinute, 'f', -1, 64)))
		labels = append(labels, map[string]any{"name": name, "value": []float64{roundTo((lo+hi)/2, 4), perMinute},
			"label": map[string]any{"show": true, "position": "top", "color": colourText, "formatter": formatInt(cb.lang, h.Counts[i])}})
	}
	open := h.Counts[len(h.Counts)-1]
	lastEdge := edge(h.Edges[len(h.Edges)-1])
	for _, b := range blocks {
		line.AddSeries("", []opts.LineData{{Value: []float64{b.lo, 0}}, {Value: []float64{b.lo, b.perMinute}},
			{Value: []float64{b.hi, b.perMinute}}, {Value: []float64{b.hi, 0}}})
	}
	c, err := cb.finish("response_histogram", "response-histogram", title, "", line)
	if err != nil {
		return nil, err
	}
	series, _ := c.Options["series"].([]any) // none when the only bin is the open one
	for _, s := range series {
		block := s.(map[string]any)
		block["symbol"] = "none"
		block["silent"] = true
		block["lineStyle"] = map[string]any{"color": "#ffffff", "width": 1}
		block["areaStyle"] = map[string]any{"color": colourCalls, "opacity": 1}
	}
	series = append(series, map[string]any{"type": "scatter", "name": cb.t("警情数", "Calls"), "data": labels,
		"symbolSize": 6, "itemStyle": map[string]any{"color": colourCalls}, "z": 3})
	c.Options["series"] = series
	// The open bin has no width to draw: its count is written in the axis's name, under the axis.
	xAxis := c.axis("xAxis")
	xAxis["name"] = unit + cb.t("（≥"+lastEdge+"分钟："+formatInt(cb.lang, open)+"起，未绘出）",
		" (≥ "+lastEdge+" min: "+formatInt(cb.lang, open)+" calls, not drawn)")
	axisNameBelow(xAxis)
	// The y axis's name starts at the axis and runs right, not out of the chart to the left.
	c.axis("yAxis")["nameTextStyle"] = map[string]any{"align": "left"}
	c.Note = cb.t("有效"+label+"按时长分段的警情数。各段按实际宽度绘制，高度为每分钟警情数（该段警情数除以段宽分钟数），面积即警情数；每段含下限、不含上限。"+
		"≥"+lastEdge+"分钟的"+formatInt(cb.lang, open)+"起无上限，不绘制，其数量见横轴说明。",
		"Calls by "+label+" time, in bins that include their lower bound and exclude their upper bound. Each bin is drawn at its true width and as high as its calls per minute "+
			"(its calls divided by its width in minutes), so its area is its calls. The "+formatInt(cb.lang, open)+" calls of "+lastEdge+" minutes or more have no upper bound and are not drawn; the axis gives their count.")
	if total < int64(cb.r.Response.MinN) {
		c.Note += cb.t(fmt.Sprintf("有效时长仅%d个，少于%d个，分布仅供参考。", total, cb.r.Response.MinN),
			fmt.Sprintf(" Only %d valid intervals, fewer than %d: the distribution is not reliable.", total, cb.r.Response.MinN))
	}
	return c, nil
}

// roundTo rounds v to the given number of decimals, so options carry short, stable numbers.
func roundTo(v float64, decimals int) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', decimals, 64), 64)
	return r
}

// districtCompliance is a grouped bar chart of the share of responses within each threshold, for the
// whole area first and then by district, with each district's share within its time limit against the
// target when the response profile tiers a target by district.
func (cb *chartBuilder) districtCompliance() (*chart, error) {
	c := cb.r.Response.Compliance
	if len(c.Thresholds) == 0 || !slices.ContainsFunc(cb.r.Districts, func(d metrics.DistrictStat) bool { return d.ResponseN > 0 }) {
		return nil, nil
	}
	marks := responseMarks{}
	groups := []string{cb.responseName(cb.t("全市", "Overall"), c.Thresholds[0].Of, &marks)}
	for _, d := range cb.r.Districts {
		if d.ResponseN > 0 && len(d.Within) != len(c.Thresholds) {
			return nil, fmt.Errorf("district %q: %d compliance shares for %d thresholds", d.District, len(d.Within), len(c.Thresholds))
		}
		groups = append(groups, cb.responseName(d.Name(cb.lang), d.ResponseN, &marks))
	}
	bar := charts.NewBar()
	names := make([]string, len(c.Thresholds))
	for i, t := range c.Thresholds {
		names[i] = formatDuration(cb.lang, float64(t.Seconds), true)
	}
	colours := make(opts.Colors, len(c.Thresholds), len(c.Thresholds)+1)
	for i := range colours {
		colours[i] = colourThresholds[min(i, len(colourThresholds)-1)]
	}
	span := joinThresholds(cb.lang, c.Thresholds, true)
	title := cb.t("“"+span+"”快速响应达标率（分辖区）", "Rapid response within "+span+", by district")
	bar.SetGlobalOptions(cb.globalOptions("district_compliance", title, true, chartGrid("40"))...)
	bar.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Color: colourText, FontSize: 13, Interval: "0"}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "%", Max: 100, NameGap: 12,
			AxisLabel: &opts.AxisLabel{Color: colourSubtle, Formatter: "{value}%"}}),
	)
	bar.SetXAxis(groups)
	for i, t := range c.Thresholds {
		values := []opts.BarData{cb.shareBar(t.Share, t.Of)}
		for _, d := range cb.r.Districts {
			if d.ResponseN == 0 {
				values = append(values, opts.BarData{Value: nil})
				continue
			}
			values = append(values, cb.shareBar(d.Within[i], d.ResponseN))
		}
		bar.AddSeries(cb.t(c.Label.Zh+names[i]+"以内", "Within "+names[i]), values,
			charts.WithBarChartOpts(opts.BarChart{BarGap: "8%", BarCategoryGap: "30%"}),
			charts.WithLabelOpts(opts.Label{Show: opts.Bool(len(groups) <= 8), Position: "top", Color: colourText, FontSize: 11}))
	}
	note := cb.t("有效"+c.Label.Zh+"在各时限以内的占比。", "The share of valid "+lowerFirst(c.Label.En)+" times within each threshold.") +
		cb.marksNote(marks)
	if target := tierTarget(cb.r); target != nil {
		// The share within each district's own time limit, as a marker over its bars.
		values := []opts.BarData{{Value: nil}}
		limited := false
		for _, d := range cb.r.Districts {
			seconds, share, ok := districtLimit(target, d.District)
			if !ok {
				values = append(values, opts.BarData{Value: nil})
				continue
			}
			limited = true
			values = append(values, opts.BarData{Value: percent(share),
				Name: formatDuration(cb.lang, float64(seconds), true)})
		}
		if limited {
			colours = append(colours, colourTarget)
			name := cb.t("本地区时限内", "Within the district's limit")
			bar.AddSeries(name, values, charts.WithSeriesOpts(func(s *charts.SingleSeries) {
				s.Type = "scatter"
				s.Symbol = "diamond"
				s.SymbolSize = 14
			}))
			note += cb.t("菱形为各地区在本地区到场时限（"+target.Label.Zh+"）内的占比。",
				" Diamonds mark each district's share within its own time limit ("+target.Label.En+").")
		}
	}
	bar.SetGlobalOptions(charts.WithColorsOpts(colours))
	chart, err := cb.finish("district_compliance", "district-compliance", title, note, bar)
	if err == nil {
		wrapLabels(chart.axis("xAxis"), 96)
	}
	return chart, err
}

// hourWeekday is a heat map of the calls by hour of the day and day of the week.
func (cb *chartBuilder) hourWeekday() (*chart, error) {
	b := cb.r.Breakdowns
	var total int64
	for _, row := range b.HourWeekday {
		for _, n := range row {
			total += n
		}
	}
	if total == 0 {
		return nil, nil
	}
	// A period holds some weekdays once more than others (14 Sundays and 13 of every other day):
	// totals would make those days look busier. Each cell is the calls per day of that weekday.
	occurrences, err := weekdaysInPeriod(cb.r.Campaign.Start, cb.r.Campaign.End)
	if err != nil {
		return nil, fmt.Errorf("hour and weekday: %w", err)
	}
	perDay := func(d, h int) any {
		if occurrences[d] == 0 {
			return nil // the period holds no such weekday
		}
		v, _ := strconv.ParseFloat(strconv.FormatFloat(float64(b.HourWeekday[d][h])/float64(occurrences[d]), 'f', 2, 64), 64)
		return v
	}
	var peak float64
	for d := range 7 {
		for h := range 24 {
			if v, ok := perDay(d, h).(float64); ok {
				peak = max(peak, v)
			}
		}
	}
	hours := make([]string, 24)
	for h := range hours {
		hours[h] = fmt.Sprintf("%02d", h)
	}
	// Monday on top: the y axis draws its first value at the bottom.
	days := make([]string, 7)
	var cells []opts.HeatMapData
	for d := range 7 {
		days[6-d] = b.Weekdays[d].In(cb.lang) + cb.t(fmt.Sprintf("（%d天）", occurrences[d]), fmt.Sprintf(" (%d)", occurrences[d]))
		for h := range 24 {
			cells = append(cells, opts.HeatMapData{Value: [3]any{h, 6 - d, perDay(d, h)}})
		}
	}
	title := cb.t("接报警情时段分布（星期×小时）", "Calls by hour and day of the week")
	hm := charts.NewHeatMap()
	hm.SetGlobalOptions(cb.globalOptions("hour_weekday", title, false, opts.Grid{Left: "24", Right: "24", Top: "96", Bottom: "72", ContainLabel: opts.Bool(true)})...)
	hm.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Data: hours, Name: cb.t("时", "hour"),
			SplitArea: &opts.SplitArea{Show: opts.Bool(true)}, AxisLabel: &opts.AxisLabel{Color: colourSubtle}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: days,
			SplitArea: &opts.SplitArea{Show: opts.Bool(true)}, AxisLabel: &opts.AxisLabel{Color: colourText}}),
		charts.WithVisualMapOpts(opts.VisualMap{Calculable: opts.Bool(true), Min: 0, Max: float32(peak),
			Orient: "horizontal", Left: "center", Bottom: "8", Text: []string{cb.t("多", "more"), cb.t("少", "fewer")},
			InRange: &opts.VisualMapInRange{Color: []string{"#f7fbff", "#6baed6", colourCalls}}}),
	)
	hm.AddSeries(cb.t("日均警情数", "Calls per day"), cells)
	note := cb.t("各星期几、各小时（"+cb.r.Campaign.TimeZone+"时间）平均每天接报的警情数：该时段的警情总数除以统计时段内该星期几的天数（括号内），颜色越深越多。",
		"Calls per day received in each hour of each day of the week ("+cb.r.Campaign.TimeZone+" time): the hour's total divided by the number of such weekdays in the period (in brackets); darker is more.")
	c, err := cb.finish("hour_weekday", "hour-weekday", title, note, hm)
	if err == nil {
		axisNameBelow(c.axis("xAxis"))
		if maps, _ := c.Options["visualMap"].([]any); len(maps) > 0 {
			maps[0].(map[string]any)["precision"] = 1 // the scale's ends are calls per day, not whole calls
		}
	}
	return c, err
}

// shareBar is a bar of a share of n valid intervals, in per cent, labelled with one decimal as the
// text writes shares; without any interval it is a gap, not 0%.
func (cb *chartBuilder) shareBar(share float64, n int64) opts.BarData {
	if n == 0 {
		return opts.BarData{Value: nil}
	}
	return opts.BarData{Value: percent(share), Label: &opts.Label{Formatter: formatShare(share)}}
}

// responseMarks records which marks the axis of a response-time chart carries.
type responseMarks struct {
	noData, unreliable bool
}

// responseName names a district (or the whole area) on the axis of a response-time chart whose
// figures rest on n valid intervals: "no data" under the name when there are none, a "*" after it
// when there are fewer than min_n.
func (cb *chartBuilder) responseName(name string, n int64, marks *responseMarks) string {
	switch {
	case n == 0:
		marks.noData = true
		return name + "\n" + cb.noData()
	case n < int64(cb.r.Response.MinN):
		marks.unreliable = true
		return name + "*"
	}
	return name
}

// noData is what a chart shows for a figure without any valid interval.
func (cb *chartBuilder) noData() string { return cb.t("（无数据）", "(no data)") }

// marksNote explains the marks of a response-time chart's axis.
func (cb *chartBuilder) marksNote(marks responseMarks) string {
	var note string
	if marks.noData {
		note += cb.t("标“无数据”的没有有效时长。", " (no data): no valid interval.")
	}
	if marks.unreliable {
		n := strconv.Itoa(cb.r.Response.MinN)
		note += cb.t("*有效时长少于"+n+"个，仅供参考。", " *Fewer than "+n+" valid intervals: not reliable.")
	}
	return note
}

// percent turns a share in [0, 1] into a percentage with one decimal.
func percent(share float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(share*100, 'f', 1, 64), 64)
	return v
}

// capitalise upper-cases the first letter of an ASCII label.
func capitalise(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// joinThresholds names a compliance rule's thresholds the way the rule is written when all are whole
// minutes: "1、3、5分钟", in English "1-3-5 minute" or, abbreviated for charts, "1/3/5 min". Other
// thresholds are listed in full.
func joinThresholds(lang string, thresholds []metrics.Threshold, abbreviated bool) string {
	parts := make([]string, len(thresholds))
	wholeMinutes := len(thresholds) > 0
	for i, t := range thresholds {
		wholeMinutes = wholeMinutes && t.Seconds > 0 && t.Seconds%60 == 0
		parts[i] = formatDuration(lang, float64(t.Seconds), abbreviated)
	}
	if !wholeMinutes {
		if lang == "zh" {
			return strings.Join(parts, "、")
		}
		return strings.Join(parts, "/")
	}
	for i, t := range thresholds {
		parts[i] = strconv.Itoa(t.Seconds / 60)
	}
	switch {
	case lang == "zh":
		return strings.Join(parts, "、") + "分钟"
	case abbreviated:
		return strings.Join(parts, "/") + " min"
	default:
		// A compound adjective: the 1-3-5-minute standard.
		return strings.Join(parts, "-") + "-minute"
	}
}
