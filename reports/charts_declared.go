package reports

import (
	"cmp"
	"html"
	"slices"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"bulletin/metrics"
)

// This file draws the breakdowns a campaign file declares: as series on the daily, weekly and
// district charts (show.on), and as charts of their own (show.chart). Every value drawn passes the
// campaign's publication rule (suppressed): a small count of a sensitive code is drawn as "< N" or
// left out, never as the number.

// suppressed reports whether a public output must hide the value of row of breakdown b
// (metrics.Publication.SuppressedRow).
func (cb *chartBuilder) suppressed(b metrics.DeclaredBreakdown, row metrics.BreakdownRow) bool {
	return cb.r.Campaign.Publication.SuppressedRow(b, row)
}

// lessThan is how a suppressed count is shown: "< 5".
func (cb *chartBuilder) lessThan() string {
	return "< " + strconv.Itoa(cb.r.Campaign.Publication.MinCount)
}

// suppressionNote is the sentence a chart with suppressed counts carries.
func (cb *chartBuilder) suppressionNote(gaps bool) string {
	n := strconv.Itoa(cb.r.Campaign.Publication.MinCount)
	if gaps {
		return cb.t("为保护当事人，敏感类别不足"+n+"起的数不予显示（线条中断）。",
			" To protect the people involved, counts of sensitive kinds below "+n+" are not shown (gaps in the line).")
	}
	return cb.t("为保护当事人，敏感类别不足"+n+"起的显示为“"+cb.lessThan()+"”。",
		" To protect the people involved, counts of sensitive kinds below "+n+" show as "+cb.lessThan()+".")
}

// suppressedBar is the bar of a suppressed count: no height, labelled "< N" in its place and in
// its tooltip.
func (cb *chartBuilder) suppressedBar(name, position string) opts.BarData {
	return opts.BarData{Value: 0,
		Label:   &opts.Label{Show: opts.Bool(true), Formatter: cb.lessThan(), Position: position, Color: colourSubtle},
		Tooltip: &opts.Tooltip{Formatter: types.FuncStr(html.EscapeString(name + ": " + cb.lessThan()))}}
}

// on returns the declared breakdowns drawn on the built-in chart named on whose rows match its
// axis of n buckets (the figures package fills a breakdown by day or week out to every bucket).
func (cb *chartBuilder) on(on string, n int) []metrics.DeclaredBreakdown {
	var out []metrics.DeclaredBreakdown
	for _, b := range cb.r.Declared {
		if b.Show.On == on && len(b.By) == 1 && len(b.Rows) == n {
			out = append(out, b)
		}
	}
	return out
}

// districtSeries is a declared breakdown by district, as its rows by district name.
type districtSeries struct {
	metrics.DeclaredBreakdown
	rows map[string]metrics.BreakdownRow
}

// row returns the breakdown's row of district: a count of 0 when it has none.
func (s districtSeries) row(district string) metrics.BreakdownRow {
	if row, ok := s.rows[district]; ok {
		return row
	}
	return metrics.BreakdownRow{Keys: []string{district}}
}

// onDistricts returns the declared breakdowns drawn on the district chart.
func (cb *chartBuilder) onDistricts() []districtSeries {
	var out []districtSeries
	for _, b := range cb.r.Declared {
		if b.Show.On != "districts" || len(b.By) != 1 {
			continue
		}
		s := districtSeries{DeclaredBreakdown: b, rows: map[string]metrics.BreakdownRow{}}
		for _, row := range b.Rows {
			s.rows[row.Keys[0]] = row
		}
		out = append(out, s)
	}
	return out
}

func focusBreakdowns(series []districtSeries) []metrics.DeclaredBreakdown {
	out := make([]metrics.DeclaredBreakdown, len(series))
	for i, s := range series {
		out[i] = s.DeclaredBreakdown
	}
	return out
}

// focusColours colours all calls and then n declared series: the first in the focus colour, the
// others from the series colours.
func focusColours(n int) opts.Colors {
	colours := opts.Colors{colourCalls}
	for i := range n {
		if i == 0 {
			colours = append(colours, colourFocus)
		} else {
			colours = append(colours, colourSeries[(i+1)%len(colourSeries)])
		}
	}
	return colours
}

// amongThem names the declared series drawn beside all calls, for a chart's note: ", and among
// them the calls of the campaign's breakdown".
func (cb *chartBuilder) amongThem(focus []metrics.DeclaredBreakdown) string {
	if len(focus) == 0 {
		return ""
	}
	var b strings.Builder
	for i, f := range focus {
		b.WriteString(listSeparator(cb.lang, i, len(focus)))
		b.WriteString(cb.t("“"+f.Label.Zh+"”", lowerFirst(f.Label.En)))
	}
	return cb.t("及其中的"+b.String(), ", and among them "+b.String())
}

// lineValues are the values of a declared series on a line chart: a suppressed count is a gap.
func (cb *chartBuilder) lineValues(b metrics.DeclaredBreakdown) (data []opts.LineData, gaps bool) {
	data = make([]opts.LineData, len(b.Rows))
	for i, row := range b.Rows {
		if cb.suppressed(b, row) {
			data[i], gaps = opts.LineData{Value: nil}, true
			continue
		}
		data[i] = opts.LineData{Value: row.Value}
	}
	return data, gaps
}

// barValues are the values of a declared series on a bar chart; a suppressed count is "< N".
func (cb *chartBuilder) barValues(b metrics.DeclaredBreakdown, rows []metrics.BreakdownRow, names []string, labelled bool) (data []opts.BarData, hidden bool) {
	data = make([]opts.BarData, len(rows))
	for i, row := range rows {
		if cb.suppressed(b, row) {
			data[i], hidden = cb.suppressedBar(b.Label.In(cb.lang)+" · "+names[i], "top"), true
			continue
		}
		data[i] = opts.BarData{Value: row.Value}
		if labelled {
			data[i].Label = cb.countLabel(row.Value)
		}
	}
	return data, hidden
}

// declaredChart draws a declared breakdown as a chart of its own, titled with its label, or returns
// nil when it is not drawn or counts nothing.
func (cb *chartBuilder) declaredChart(b metrics.DeclaredBreakdown) (*chart, error) {
	if b.Show.Chart == "" || len(b.Rows) == 0 || len(b.By) == 0 || !slices.ContainsFunc(b.Rows, func(r metrics.BreakdownRow) bool { return r.Value != 0 }) {
		return nil, nil
	}
	d := declared{b: b, id: "breakdown_" + b.ID, file: "breakdown-" + strings.ReplaceAll(b.ID, "_", "-"),
		title: b.Label.In(cb.lang), note: b.Description.In(cb.lang), unit: b.Unit.In(cb.lang)}
	if d.unit == "" {
		d.unit = cb.t("起", "calls")
	}
	grid := newBreakdownGrid(b, cb.lang, cb.keyName)
	switch {
	case b.Show.Chart == "line":
		return cb.declaredLine(d, grid)
	case b.Show.Chart == "stacked":
		return cb.declaredColumns(d, grid, true)
	case len(b.By) == 2 || slices.Contains(metrics.TimeBuckets, b.By[0]):
		return cb.declaredColumns(d, grid, false)
	}
	return cb.declaredBar(d)
}

// declared is a declared breakdown on its way to a chart of its own.
type declared struct {
	b                           metrics.DeclaredBreakdown
	id, file, title, note, unit string
}

// breakdownGrid lays a declared breakdown out for a chart or a cross table: the keys of its first
// dimension along the axis (the rows of a table), in the order of its rows, and one series (column)
// per key of its second dimension (one in all for a breakdown by one dimension), codes in the data
// model's order, the empty key last.
type breakdownGrid struct {
	dims                 int // of the breakdown
	axis, series         []string
	axisName, seriesName map[string]string
	rows                 map[[2]string]metrics.BreakdownRow
}

// newBreakdownGrid lays b out in lang, naming the keys along the axis with name.
func newBreakdownGrid(b metrics.DeclaredBreakdown, lang string, name func(dim, key string, label metrics.Text) string) breakdownGrid {
	g := breakdownGrid{dims: len(b.By), axisName: map[string]string{}, seriesName: map[string]string{}, rows: map[[2]string]metrics.BreakdownRow{}}
	for _, row := range b.Rows {
		along, of := row.Keys[0], ""
		if _, ok := g.axisName[along]; !ok {
			g.axis = append(g.axis, along)
			g.axisName[along] = name(b.By[0], along, row.Labels[0])
		}
		if len(b.By) > 1 {
			of = row.Keys[1]
		}
		if _, ok := g.seriesName[of]; !ok {
			g.series = append(g.series, of)
			g.seriesName[of] = b.Label.In(lang)
			if len(b.By) > 1 {
				g.seriesName[of] = row.Labels[1].In(lang)
			}
		}
		g.rows[[2]string{along, of}] = row
	}
	if len(b.By) > 1 {
		codes := vocabulary(b.Source, b.By[1])
		rank := func(key string) int {
			if key == "" {
				return len(codes) + 1
			}
			if i := slices.Index(codes, key); i >= 0 {
				return i
			}
			return len(codes)
		}
		slices.SortStableFunc(g.series, func(x, y string) int { return cmp.Compare(rank(x), rank(y)) })
	}
	return g
}

// keyName names a key of a dimension on a chart's axis: days and weeks as the other charts write
// them, anything else by its label.
func (cb *chartBuilder) keyName(dim, key string, label metrics.Text) string {
	if dim == "day" {
		if day, err := formatShortDate(cb.lang, key); err == nil {
			return day
		}
	}
	return label.In(cb.lang)
}

// row returns the row of the grid at axis key along and series key of, with a count of 0 when the
// breakdown has none there.
func (g breakdownGrid) row(along, of string) metrics.BreakdownRow {
	if row, ok := g.rows[[2]string{along, of}]; ok {
		return row
	}
	keys := []string{along}
	if g.dims > 1 {
		keys = append(keys, of)
	}
	return metrics.BreakdownRow{Keys: keys}
}

// names returns the names along the axis.
func (g breakdownGrid) names() []string {
	names := make([]string, len(g.axis))
	for i, k := range g.axis {
		names[i] = g.axisName[k]
	}
	return names
}

// declaredBar is a horizontal bar chart of a breakdown by one field, the first row on top.
func (cb *chartBuilder) declaredBar(d declared) (*chart, error) {
	rows := d.b.Rows
	if len(rows) > 20 {
		rows = rows[:20]
		d.note += cb.t("只列出前20项。", " The first 20 are shown.")
	}
	labels := make([]string, len(rows))
	values := make([]opts.BarData, len(rows))
	hidden := false
	// A category axis draws its first value at the bottom; reverse so the rows read top-down.
	for i, row := range rows {
		j := len(rows) - 1 - i
		labels[j] = joinLabels(row.Labels).In(cb.lang)
		if cb.suppressed(d.b, row) {
			values[j], hidden = cb.suppressedBar(labels[j], "right"), true
			continue
		}
		values[j] = opts.BarData{Value: row.Value, Label: cb.countLabel(row.Value)}
	}
	if hidden {
		d.note += cb.suppressionNote(false)
	}
	return cb.horizontalBar(d.id, d.file, d.title, d.note, d.unit, labels, values, colourFocus)
}

func joinLabels(labels []metrics.Text) metrics.Text {
	var zh, en []string
	for _, l := range labels {
		zh, en = append(zh, l.Zh), append(en, l.En)
	}
	return metrics.Text{Zh: strings.Join(zh, " · "), En: strings.Join(en, " · ")}
}

// declaredLine is a line chart of a breakdown: one line, or one per key of its second dimension.
// Suppressed counts are gaps in their line.
func (cb *chartBuilder) declaredLine(d declared, g breakdownGrid) (*chart, error) {
	line := charts.NewLine()
	line.SetGlobalOptions(cb.globalOptions(d.id, d.title, len(g.series) > 1, chartGrid("40"))...)
	line.SetGlobalOptions(
		charts.WithColorsOpts(declaredColours(d.b, g.series)),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Color: colourSubtle, HideOverlap: opts.Bool(true)}}),
		charts.WithYAxisOpts(cb.valueAxis(d.unit)),
	)
	if len(g.series) > 1 {
		line.SetGlobalOptions(legendBelowSubtitle())
	}
	line.SetXAxis(g.names())
	gaps := false
	for _, of := range g.series {
		data := make([]opts.LineData, len(g.axis))
		for i, along := range g.axis {
			row := g.row(along, of)
			if cb.suppressed(d.b, row) {
				data[i], gaps = opts.LineData{Value: nil}, true
				continue
			}
			data[i] = opts.LineData{Value: row.Value}
		}
		line.AddSeries(g.seriesName[of], data,
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(len(g.axis) <= 31)}),
			charts.WithLineStyleOpts(opts.LineStyle{Width: 2}))
	}
	if gaps {
		d.note += cb.suppressionNote(true)
	}
	c, err := cb.finish(d.id, d.file, d.title, d.note, line)
	if err == nil && len(g.series) > 1 {
		c.plotBelowLegend()
	}
	return c, err
}

// declaredColours colours the series of a declared chart, given by their keys: the keys of a coded
// second dimension by the data model's order, so that a code has its colour on every chart; a
// single series in the focus colour.
func declaredColours(b metrics.DeclaredBreakdown, series []string) opts.Colors {
	if len(b.By) < 2 {
		return opts.Colors{colourFocus}
	}
	return seriesColours(vocabulary(b.Source, b.By[1]), series)
}

// declaredColumns is a column chart of a breakdown: bars along its first dimension, one series per
// key of its second, side by side or stacked (by: [bars, stacks]). A stacked chart puts the
// sensitive codes on top of each bar, where their small counts and "< N" marks have room.
func (cb *chartBuilder) declaredColumns(d declared, g breakdownGrid, stacked bool) (*chart, error) {
	rule := cb.r.Campaign.Publication
	series := slices.Clone(g.series)
	if stacked {
		sensitive := func(key string) int {
			if rule.IsSensitive(d.b.By[1], key) {
				return 1
			}
			return 0
		}
		slices.SortStableFunc(series, func(x, y string) int { return cmp.Compare(sensitive(x), sensitive(y)) })
	}
	names := g.names()
	bar := charts.NewBar()
	bar.SetGlobalOptions(cb.globalOptions(d.id, d.title, len(series) > 1, chartGrid("40"))...)
	bar.SetGlobalOptions(
		charts.WithColorsOpts(declaredColours(d.b, series)),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Color: colourText, FontSize: 13, Interval: "0"}}),
		charts.WithYAxisOpts(cb.valueAxis(d.unit)),
	)
	if len(series) > 1 {
		bar.SetGlobalOptions(legendBelowSubtitle())
	}
	bar.SetXAxis(names)
	hidden := false
	// On a stack, the suppressed counts of a bar are named in one mark on its topmost suppressed
	// segment, so that two marks do not overlap.
	topmost := make([][2]int, len(g.axis)) // per bar: the series of its last suppressed segment, and their number
	values := make([][]opts.BarData, len(series))
	for s, of := range series {
		values[s] = make([]opts.BarData, len(g.axis))
		for i, along := range g.axis {
			row := g.row(along, of)
			if !cb.suppressed(d.b, row) {
				values[s][i] = opts.BarData{Value: row.Value, Label: cb.countLabel(row.Value)}
				continue
			}
			hidden = true
			values[s][i] = cb.suppressedBar(g.seriesName[of]+" · "+names[i], "top")
			if !stacked {
				continue
			}
			mark := g.seriesName[of] + " " + cb.lessThan()
			if topmost[i][1] > 0 {
				previous := values[topmost[i][0]][i].Label
				mark = previous.Formatter + "\n" + mark
				previous.Show = opts.Bool(false)
			}
			values[s][i].Label.Formatter = mark
			topmost[i] = [2]int{s, topmost[i][1] + 1}
		}
	}
	for s, of := range series {
		chartOpts := opts.BarChart{BarGap: "8%", BarCategoryGap: "25%"}
		label := opts.Label{Show: opts.Bool(len(g.axis)*len(series) <= 40), Position: "top", Color: colourText, FontSize: 10}
		if stacked {
			chartOpts = opts.BarChart{Stack: "total", BarCategoryGap: "35%"}
			label = opts.Label{Show: opts.Bool(true), Position: "inside", FontSize: 10}
		}
		bar.AddSeries(g.seriesName[of], values[s], charts.WithBarChartOpts(chartOpts), charts.WithLabelOpts(label))
	}
	if hidden {
		d.note += cb.suppressionNote(false)
	}
	c, err := cb.finish(d.id, d.file, d.title, d.note, bar)
	if err != nil {
		return nil, err
	}
	wrapLabels(c.axis("xAxis"), 96)
	if len(series) > 1 {
		c.plotBelowLegend()
	}
	if stacked {
		// Counts too small for their segment are not labelled inside it.
		for _, s := range c.Options["series"].([]any) {
			s.(map[string]any)["labelLayout"] = map[string]any{"hideOverlap": true}
		}
	}
	return c, nil
}
