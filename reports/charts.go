package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/components"
	"github.com/go-echarts/go-echarts/v2/opts"

	"bulletin/metrics"
)

// The page's colours: one hue per measure, kept the same across charts so that a reader learns them once.
const (
	colourCalls     = "#1f4e8c" // all calls, and any single-series count
	colourEmergency = "#c0392b" // emergency help
	colourText      = "#333333"
	colourSubtle    = "#666666"
)

// colourThresholds shades the compliance thresholds from the strictest (light) to the loosest (dark).
// The workbook uses the same shades; treat it as a constant.
var colourThresholds = []string{"#9ecae1", "#4292c6", "#08519c", "#08306b"}

// thresholdColour is the shade of compliance threshold i; thresholds past the last shade share it.
func thresholdColour(i int) string {
	return colourThresholds[min(i, len(colourThresholds)-1)]
}

// chartFontFamily prefers the CJK fonts of the platforms the page is read on, so Chinese never shows as boxes.
const chartFontFamily = `"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif`

const (
	chartWidth  = "1100px"
	chartHeight = "480px"
)

// WriteCharts writes a self-contained HTML page of the report's charts to path, in lang ("zh"|"en").
//
// The page inlines the embedded ECharts script and references nothing remote, so it opens offline
// from disk. Charts without data (an empty series in the report) are left out. The same report
// always gives the same bytes. The file is replaced atomically: readers never see a partial page.
func WriteCharts(ctx context.Context, path string, r *metrics.Report, lang string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	page, err := renderChartPage(r, lang)
	if err != nil {
		return fmt.Errorf("charts %s: %w", path, err)
	}
	if err := replaceFile(path, page); err != nil {
		return fmt.Errorf("charts: %w", err)
	}
	return nil
}

// renderChartPage returns the HTML of the chart page.
func renderChartPage(r *metrics.Report, lang string) ([]byte, error) {
	if lang != "zh" && lang != "en" {
		return nil, fmt.Errorf("unsupported language %q (want zh or en)", lang)
	}
	script, err := echartsScript()
	if err != nil {
		return nil, err
	}
	// go-echarts strips every "__f__" from the page (its marker for inline JavaScript functions), and
	// the script is inlined raw; refuse a build that would be mangled or would end its own <script>.
	if bytes.Contains(script, []byte("__f__")) || bytes.Contains(bytes.ToLower(script), []byte("</script")) {
		return nil, fmt.Errorf("embedded %s cannot be inlined safely", echartsScriptPath)
	}

	cb, err := newChartBuilder(r, lang)
	if err != nil {
		return nil, err
	}
	built := []*sealedChart{}
	for _, build := range []func() (*sealedChart, error){
		cb.dailyTrend, cb.categories, cb.responseHistogram, cb.districtCompliance, cb.activities, cb.linkage,
	} {
		c, err := build()
		if err != nil {
			return nil, err
		}
		if c != nil {
			built = append(built, c)
		}
	}

	page := components.NewPage()
	page.SetPageTitle(cb.t("统计图表", "Charts") + " · " + r.Campaign.Name.In(lang) + " · " + r.Campaign.Unit.In(lang))
	page.SetLayout(components.PageCenterLayout)
	for _, c := range built {
		page.AddCharts(c.chart)
	}
	for _, c := range built {
		c.lang = lang
		if err := c.seal(); err != nil {
			return nil, err
		}
	}
	// The charts bring the remote echarts.min.js with them; drop it after the last option is set and
	// inline the embedded build instead.
	page.Assets.ClearPresetJSAssets()
	page.Assets.ClearPresetCSSAssets()
	page.AddCustomizedHeaders(`<meta name="viewport" content="width=device-width, initial-scale=1">`)
	page.AddCustomizedHeaders(`<style>body{margin:0;background:#fff}.container{margin:24px 0}</style>`)
	page.AddCustomizedHeaders("<script>" + string(script) + "</script>")
	return renderPage(page)
}

// renderPage renders page, turning the panic go-echarts raises on a template error into an error.
func renderPage(page *components.Page) (html []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("render chart page: %v", p)
		}
	}()
	var buf bytes.Buffer
	if err := page.Render(&buf); err != nil {
		return nil, fmt.Errorf("render chart page: %w", err)
	}
	return buf.Bytes(), nil
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
		legend = opts.Legend{Show: opts.Bool(true), Top: "12", Right: "90",
			TextStyle: &opts.TextStyle{Color: colourText, FontSize: 13}}
	}
	subtitle := cb.subtitle
	if id == "response_histogram" || id == "district_compliance" {
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

// sealedChart is a go-echarts chart whose options are serialised by seal rather than by go-echarts.
//
// go-echarts writes a chart's options as JSON into a <script> block without HTML escaping, so a label
// containing "</script>" would end the block and whatever followed would run as script. The page
// template reads the options through the chart's JSONNotEscaped method; the wrappers below shadow it
// with options encoded by encoding/json, which escapes <, > and & as \u003c, \u003e and \u0026.
type sealedChart struct {
	chart    components.Charter
	options  func() map[string]any
	saveName string // file name of the saved image, without language and extension
	lang     string
	sealed   *string
}

// seal serialises the chart's options, adding what go-echarts cannot express.
func (c *sealedChart) seal() error {
	options := c.options()
	options["textStyle"] = map[string]any{"fontFamily": chartFontFamily}
	// go-echarts' saveAsImage has no pixelRatio; write the whole toolbox here.
	options["toolbox"] = map[string]any{
		"show":  true,
		"right": 24,
		"top":   8,
		"feature": map[string]any{
			"saveAsImage": map[string]any{"show": true, "type": "png", "pixelRatio": 2, "name": c.saveName + "-" + c.lang},
		},
	}
	encoded, err := json.Marshal(options)
	if err != nil {
		return fmt.Errorf("chart %s: encode options: %w", c.saveName, err)
	}
	// These charts use no inline JavaScript functions, so "__f__" can only come from data, inside a
	// JSON string; escape its first character so go-echarts' marker stripping leaves the label intact.
	*c.sealed = strings.ReplaceAll(string(encoded), "__f__", `\u005f_f__`) + "\n"
	return nil
}

// sealedBar is a bar chart whose JSONNotEscaped returns the options seal wrote.
type sealedBar struct {
	*charts.Bar
	options string
}

// JSONNotEscaped returns the options as sealed by seal; the page template calls it.
func (b *sealedBar) JSONNotEscaped() string { return b.options }

// sealedLine is a line chart whose JSONNotEscaped returns the options seal wrote.
type sealedLine struct {
	*charts.Line
	options string
}

// JSONNotEscaped returns the options as sealed by seal; the page template calls it.
func (l *sealedLine) JSONNotEscaped() string { return l.options }

// sealBar wraps bar so that the page reads its options from seal.
func sealBar(bar *charts.Bar, saveName string) *sealedChart {
	w := &sealedBar{Bar: bar}
	return &sealedChart{chart: w, options: bar.JSON, saveName: saveName, sealed: &w.options}
}

// sealLine wraps line so that the page reads its options from seal.
func sealLine(line *charts.Line, saveName string) *sealedChart {
	w := &sealedLine{Line: line}
	return &sealedChart{chart: w, options: line.JSON, saveName: saveName, sealed: &w.options}
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

// dailyTrend is a line chart of calls and emergency help per day.
func (cb *chartBuilder) dailyTrend() (*sealedChart, error) {
	if len(cb.r.Daily) == 0 {
		return nil, nil
	}
	days := make([]string, len(cb.r.Daily))
	calls := make([]opts.LineData, len(cb.r.Daily))
	help := make([]opts.LineData, len(cb.r.Daily))
	for i, d := range cb.r.Daily {
		day, err := formatShortDate(cb.lang, d.Date)
		if err != nil {
			return nil, fmt.Errorf("daily counts: %w", err)
		}
		days[i] = day
		calls[i] = opts.LineData{Value: d.Calls}
		help[i] = opts.LineData{Value: d.EmergencyHelp}
	}
	line := charts.NewLine()
	line.SetGlobalOptions(cb.globalOptions("daily_trend", cb.t("每日接报警情趋势", "Calls per day"), true, chartGrid("40"))...)
	line.SetGlobalOptions(
		charts.WithColorsOpts(opts.Colors{colourCalls, colourEmergency}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category",
			AxisLabel: &opts.AxisLabel{Color: colourSubtle, HideOverlap: opts.Bool(true)}}),
		charts.WithYAxisOpts(cb.valueAxis(cb.t("起", "calls"))),
	)
	showSymbol := len(days) <= 31
	line.SetXAxis(days).
		AddSeries(cb.t("接报警情", "All calls"), calls,
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(showSymbol)}),
			charts.WithLineStyleOpts(opts.LineStyle{Width: 2})).
		AddSeries(cb.t("紧急求助类警情", "Emergency help"), help,
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(showSymbol)}),
			charts.WithLineStyleOpts(opts.LineStyle{Width: 2}))
	return sealLine(line, "daily-trend"), nil
}

// countBar is a horizontal bar chart of group counts, the first group on top.
func (cb *chartBuilder) countBar(id, saveName, title, unit string, groups []metrics.GroupCount, colour string) *sealedChart {
	if len(groups) == 0 {
		return nil
	}
	labels := make([]string, len(groups))
	values := make([]opts.BarData, len(groups))
	// A category axis draws its first value at the bottom; reverse so the report's order reads top-down.
	for i, g := range groups {
		j := len(groups) - 1 - i
		labels[j] = g.Label.In(cb.lang)
		values[j] = opts.BarData{Value: g.Count, Label: cb.countLabel(g.Count)}
	}
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
	return sealBar(bar, saveName)
}

// categories is a bar chart of calls by category.
func (cb *chartBuilder) categories() (*sealedChart, error) {
	return cb.countBar("categories", "categories", cb.t("警情类别分布", "Calls by category"),
		cb.t("起", "calls"), cb.r.Categories, colourCalls), nil
}

// activities is a bar chart of drills, inspections and roll-calls by kind.
func (cb *chartBuilder) activities() (*sealedChart, error) {
	return cb.countBar("activities", "activities", cb.t("练兵活动开展情况", "Drills and inspections by kind"),
		cb.t("次", "times"), cb.r.Activities, colourCalls), nil
}

// linkage is a bar chart of incidents handled jointly with each partner agency.
func (cb *chartBuilder) linkage() (*sealedChart, error) {
	return cb.countBar("linkage", "linkage", cb.t("多警联动处置情况", "Incidents handled with partner agencies"),
		cb.t("起", "incidents"), cb.r.Linkage, colourEmergency), nil
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

// responseHistogram is a bar chart of the compliance interval in the report's bins.
func (cb *chartBuilder) responseHistogram() (*sealedChart, error) {
	h := cb.r.Response.Histogram
	if len(h.Counts) == 0 {
		return nil, nil
	}
	if len(h.Edges) != len(h.Counts) {
		return nil, fmt.Errorf("histogram of %s: %d edges for %d bins", h.Interval, len(h.Edges), len(h.Counts))
	}
	inMinutes := true
	for _, e := range h.Edges {
		inMinutes = inMinutes && e%60 == 0
	}
	edge := func(seconds int) string {
		if inMinutes {
			return strconv.Itoa(seconds / 60)
		}
		return strconv.Itoa(seconds)
	}
	unit := cb.t("秒", "s")
	if inMinutes {
		unit = cb.t("分钟", "min")
	}
	bins := make([]string, len(h.Counts))
	values := make([]opts.BarData, len(h.Counts))
	for i, n := range h.Counts {
		if i+1 < len(h.Edges) {
			bins[i] = edge(h.Edges[i]) + "–" + edge(h.Edges[i+1])
		} else {
			bins[i] = cb.t("≥", "≥ ") + edge(h.Edges[i])
		}
		values[i] = opts.BarData{Value: n, Label: cb.countLabel(n)}
	}
	label := cb.intervalLabel(h.Interval)
	bar := charts.NewBar()
	bar.SetGlobalOptions(cb.globalOptions("response_histogram", cb.t(label+"分布", capitalise(label)+" time distribution"), false, chartGrid("64"))...)
	bar.SetGlobalOptions(
		charts.WithColorsOpts(opts.Colors{colourCalls}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: unit, AxisLabel: &opts.AxisLabel{Color: colourText}}),
		charts.WithYAxisOpts(cb.valueAxis(cb.t("起", "calls"))),
	)
	bar.SetXAxis(bins).AddSeries(cb.t("警情数", "Calls"), values,
		charts.WithBarChartOpts(opts.BarChart{BarCategoryGap: "4%"}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top", Color: colourText}))
	return sealBar(bar, "response-histogram"), nil
}

// districtCompliance is a grouped bar chart of the share of responses within each threshold, for the
// whole area first and then by district.
func (cb *chartBuilder) districtCompliance() (*sealedChart, error) {
	c := cb.r.Response.Compliance
	if len(c.Thresholds) == 0 || len(cb.r.Districts) == 0 {
		return nil, nil
	}
	groups := []string{cb.t("全市", "Overall")}
	for _, d := range cb.r.Districts {
		if len(d.Within) != len(c.Thresholds) {
			return nil, fmt.Errorf("district %q: %d compliance shares for %d thresholds", d.District, len(d.Within), len(c.Thresholds))
		}
		groups = append(groups, d.Name(cb.lang))
	}
	bar := charts.NewBar()
	names := make([]string, len(c.Thresholds))
	for i, t := range c.Thresholds {
		names[i] = formatDuration(cb.lang, float64(t.Seconds), true)
	}
	colours := make(opts.Colors, len(c.Thresholds))
	for i := range colours {
		colours[i] = thresholdColour(i)
	}
	span := joinThresholds(cb.lang, c.Thresholds, true)
	title := cb.t("“"+span+"”快速响应达标率（分辖区）", "Rapid response within "+span+", by district")
	bar.SetGlobalOptions(cb.globalOptions("district_compliance", title, true, chartGrid("40"))...)
	bar.SetGlobalOptions(
		charts.WithColorsOpts(colours),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Color: colourText, FontSize: 13}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "%", Max: 100, NameGap: 12,
			AxisLabel: &opts.AxisLabel{Color: colourSubtle, Formatter: "{value}%"}}),
	)
	bar.SetXAxis(groups)
	for i, t := range c.Thresholds {
		values := []opts.BarData{{Value: percent(t.Share)}}
		for _, d := range cb.r.Districts {
			values = append(values, opts.BarData{Value: percent(d.Within[i])})
		}
		bar.AddSeries(cb.t(c.Label.Zh+names[i]+"以内", "Within "+names[i]), values,
			charts.WithBarChartOpts(opts.BarChart{BarGap: "8%", BarCategoryGap: "30%"}),
			charts.WithLabelOpts(opts.Label{Show: opts.Bool(len(groups) <= 8), Position: "top", Color: colourText, FontSize: 11, Formatter: "{c}%"}))
	}
	return sealBar(bar, "district-compliance"), nil
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
		return strings.Join(parts, "-") + " minute"
	}
}
