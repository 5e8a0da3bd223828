package reports

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"bulletin/metrics"
)

// workbookText holds the fixed headings of the leadership workbook in one language. Labels that come
// with the data (figures, intervals, categories) are taken from the report instead.
type workbookText struct {
	lang, font                              string // document language tag, font name
	summarySheet, dailySheet, categorySheet string
	docTitle                                string
	period                                  string // start, end, days
	headline, item, value, unit             string
	response, interval, valid, excluded     string
	mean, p50, p90, p95, responseNote       string
	methodNote                              string // the response-time rules (name, version) and the percentile method
	compliance                              string // interval label
	threshold, within, of, share            string
	withinMinutes, withinSeconds            string // minutes or seconds of a threshold
	districts, district, calls, emergency   string
	responses, noDistricts                  string
	chartTitle                              string // interval label
	quality, rowsRead, loaded, quarantined  string
	duplicates, rows, flaggedRows           string
	qualitySheet, qualityTitle, qualityNote string // qualityNote: the scope of the figures
	byCheck, byFile, byDistrict, noFaults   string
	check, action, faults                   string
	exampleFile, line, column, valueRead    string
	reason, file, kind, profile, format     string
	encoding, records, flags                string
	totalQuarantined, totalFlags            string
	actions, kinds                          map[string]string // labels of actions and file kinds
	date, category, portion, total          string
	page                                    string // header/footer codes for "page n of m"
}

var workbookTexts = map[string]*workbookText{
	"zh": {
		lang: "zh-CN", font: "Noto Sans CJK SC",
		summarySheet: "摘要", dailySheet: "每日警情", categorySheet: "警情类别",
		docTitle:      "领导汇报统计表",
		period:        "统计时段：%s 至 %s（共 %d 天）",
		headline:      "主要数据",
		item:          "项目",
		value:         "数值",
		unit:          "单位",
		response:      "处警时长",
		interval:      "时段",
		valid:         "有效数",
		excluded:      "剔除数",
		mean:          "平均",
		p50:           "中位数",
		p90:           "90%分位",
		p95:           "95%分位",
		responseNote:  "时长格式为“分:秒”；剔除数为时间点缺失、所跨时段被标记为不可信、先后颠倒或超过上限的警情。",
		methodNote:    "规则：%s（第%s版）；百分位数按相邻秩线性插值计算（DuckDB quantile_cont）。",
		compliance:    "快速反应达标情况（%s）",
		threshold:     "标准",
		within:        "达标数",
		of:            "有效数",
		share:         "达标率",
		withinMinutes: "≤%d分钟",
		withinSeconds: "≤%d秒",
		districts:     "各地区处警情况（按到场时长90%分位由短到长排列）",
		district:      "地区",
		calls:         "警情数",
		emergency:     "紧急求助",
		responses:     "到场有效数",
		noDistricts:   "无分地区数据。",
		chartTitle:    "各地区%s达标率",
		quality:       "数据质量",
		rowsRead:      "读取行数",
		loaded:        "入库行数",
		quarantined:   "隔离行数",
		duplicates:    "重复行数",
		flaggedRows:   "标记行数",
		rows:          "行数",
		date:          "日期",
		category:      "类别",
		portion:       "占比",
		total:         "合计",
		page:          "第 &P 页，共 &N 页",

		// The Data quality sheet.
		qualitySheet:     "数据质量",
		qualityTitle:     "数据质量",
		qualityNote:      "范围：仓库中全部数据文件（已被重新交付替换的文件除外），不限于统计时段。隔离的行未入库；标记的行已入库，按问题计数（一行可有多个问题）。",
		byCheck:          "按检查项",
		byFile:           "按文件",
		byDistrict:       "按地区",
		noFaults:         "未发现问题。",
		check:            "检查项",
		action:           "处理",
		faults:           "问题数",
		exampleFile:      "首例文件",
		line:             "行号",
		column:           "字段",
		valueRead:        "原值",
		reason:           "原因",
		file:             "文件",
		kind:             "类型",
		profile:          "映射配置",
		format:           "格式",
		encoding:         "编码",
		records:          "记录数",
		flags:            "标记数",
		totalQuarantined: "隔离合计",
		totalFlags:       "标记合计",
		actions:          map[string]string{metrics.ActionQuarantine: "隔离", metrics.ActionFlag: "标记"},
		kinds:            map[string]string{"calls": "警情", "activities": "工作记录"},
	},
	"en": {
		lang: "en", font: "Arial",
		summarySheet: "Summary", dailySheet: "Daily", categorySheet: "Categories",
		docTitle:      "Leadership workbook",
		period:        "Period: %s to %s (%d days)",
		headline:      "Headline figures",
		item:          "Item",
		value:         "Value",
		unit:          "Unit",
		response:      "Response times",
		interval:      "Interval",
		valid:         "Valid",
		excluded:      "Excluded",
		mean:          "Mean",
		p50:           "Median",
		p90:           "P90",
		p95:           "P95",
		responseNote:  "Durations in minutes:seconds. Excluded: a clock point missing, a flagged segment spanned, out of order or over the ceiling.",
		methodNote:    "Rules: %s, version %s. Percentiles by linear interpolation between closest ranks (DuckDB quantile_cont).",
		compliance:    "Rapid-response compliance (%s)",
		threshold:     "Threshold",
		within:        "Within",
		of:            "Of",
		share:         "Share",
		withinMinutes: "≤%d min",
		withinSeconds: "≤%d s",
		districts:     "Districts, fastest P90 response first",
		district:      "District",
		calls:         "Calls",
		emergency:     "Emergency help",
		responses:     "Responses",
		noDistricts:   "No district figures.",
		chartTitle:    "Share within threshold (%s), by district",
		quality:       "Data quality",
		rowsRead:      "Rows read",
		loaded:        "Loaded",
		quarantined:   "Quarantined",
		duplicates:    "Duplicates",
		flaggedRows:   "Flagged",
		rows:          "Rows",
		date:          "Date",
		category:      "Category",
		portion:       "Share of calls",
		total:         "Total",
		page:          "Page &P of &N",

		// The Data quality sheet.
		qualitySheet:     "Data quality",
		qualityTitle:     "Data quality",
		qualityNote:      "Scope: every file in the warehouse (except files replaced by a re-delivery), not only the campaign period. Quarantined rows were not loaded; flagged rows were loaded and count once per fault (a row may have several).",
		byCheck:          "By check",
		byFile:           "By file",
		byDistrict:       "By district",
		noFaults:         "No faults found.",
		check:            "Check",
		action:           "Action",
		faults:           "Faults",
		exampleFile:      "First example",
		line:             "Line",
		column:           "Column",
		valueRead:        "Value",
		reason:           "Reason",
		file:             "File",
		kind:             "Kind",
		profile:          "Profile",
		format:           "Format",
		encoding:         "Encoding",
		records:          "Records",
		flags:            "Flags",
		totalQuarantined: "Total quarantined",
		totalFlags:       "Total flags",
		actions:          map[string]string{metrics.ActionQuarantine: "quarantined", metrics.ActionFlag: "flagged"},
		kinds:            map[string]string{"calls": "calls", "activities": "activities"},
	},
}

// thresholdLabel names a compliance threshold, in whole minutes where it has no seconds part.
func (t *workbookText) thresholdLabel(seconds int) string {
	if seconds%60 == 0 {
		return fmt.Sprintf(t.withinMinutes, seconds/60)
	}
	return fmt.Sprintf(t.withinSeconds, seconds)
}

// Number formats of the workbook. Durations are stored as fractions of a day, as spreadsheets expect.
const (
	countFormat    = "#,##0"
	shareFormat    = "0.0%"
	durationFormat = "[m]:ss"
	dateFormat     = "yyyy-mm-dd"
	lineFormat     = "0" // line numbers, without thousands separators
	secondsPerDay  = 86400
)

// Row heights in points.
const (
	bodyRowHeight = 16
	gapRowHeight  = 10
	noteRowHeight = 14
)

// WriteWorkbook writes the leadership workbook for r to path, in language lang ("zh" or "en"). The
// workbook holds a one-page Summary sheet with the headline figures, response times, compliance,
// district ranking, a chart and the data-quality counts, followed by the daily counts, the
// categories and the Data quality sheet (faults by check, file and district), and, when opts.Detail
// is set, the Detail sheets listing the calls. The same report, language and calls always give a
// byte-identical file. The file is written through temporary files beside path, which are removed
// whatever happens, and renamed into place, so path never holds a partial workbook; memory use does
// not grow with the number of calls.
func WriteWorkbook(ctx context.Context, path string, r *metrics.Report, lang string, opts WorkbookOptions) error {
	if r == nil {
		return fmt.Errorf("workbook %s: no report", path)
	}
	text, ok := workbookTexts[lang]
	if !ok {
		return fmt.Errorf("workbook %s: unknown language %q (want zh or en)", path, lang)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("workbook %s: %w", path, err)
	}
	if err := buildWorkbook(ctx, path, r, lang, text, opts); err != nil {
		return fmt.Errorf("workbook %s: %w", path, err)
	}
	return nil
}

// buildWorkbook renders the workbook and saves it, normalised, to path.
func buildWorkbook(ctx context.Context, path string, r *metrics.Report, lang string, text *workbookText, opts WorkbookOptions) error {
	published, err := time.Parse(time.DateOnly, r.Campaign.Published)
	if err != nil {
		return fmt.Errorf("campaign published date: %w", err)
	}
	scratch, err := newScratchDir(path)
	if err != nil {
		return err
	}
	defer os.RemoveAll(scratch)
	f := excelize.NewFile(excelize.Options{TmpDir: scratch})
	defer f.Close()

	b := &workbookBuilder{
		f: f, r: r, lang: lang, text: text,
		widths: map[string][]float64{}, headers: map[string][]headerRow{}, rows: map[string]map[int]float64{},
	}
	b.setup(published)
	chart := b.summary()
	b.daily()
	b.categories()
	b.quality()
	for _, sheet := range b.sheets() {
		b.applyWidths(sheet)
	}
	if chart != nil {
		b.districtChart(text.summarySheet, chart)
	}
	b.detail(ctx, opts)
	if b.err != nil {
		return b.err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return saveWorkbook(f, scratch, path)
}

// workbookStyles are the cell style IDs used throughout the workbook.
type workbookStyles struct {
	title, subtitle, section, note     int
	header, headerNumber, headerIndent int
	textIndent                         int
	text, count, duration, share, date int
	lineNumber                         int
	figure                             int
	totalText, totalCount, totalShare  int
}

// workbookBuilder writes the sheets of one workbook. The first error is kept in err and turns every
// later call into a no-op, so the layout code reads as a sequence of writes.
type workbookBuilder struct {
	f       *excelize.File
	r       *metrics.Report
	lang    string // "zh" or "en", for the labels that come with the data
	text    *workbookText
	style   workbookStyles
	widths  map[string][]float64
	headers map[string][]headerRow
	rows    map[string]map[int]float64 // height in points of each row in use, per sheet
	err     error
}

func (b *workbookBuilder) check(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

// put returns the name of a cell about to be written and records that its row is in use.
func (b *workbookBuilder) put(sheet string, col, row int) string {
	if b.rows[sheet] == nil {
		b.rows[sheet] = map[int]float64{}
	}
	if _, ok := b.rows[sheet][row]; !ok {
		b.rows[sheet][row] = bodyRowHeight
	}
	return b.cell(col, row)
}

// rowHeight fixes the height of a row in points.
func (b *workbookBuilder) rowHeight(sheet string, row int, points float64) {
	b.put(sheet, 1, row)
	b.rows[sheet][row] = points
}

func (b *workbookBuilder) cell(col, row int) string {
	name, err := excelize.CoordinatesToCellName(col, row)
	b.check(err)
	return name
}

// fit records that col of sheet needs at least width characters.
func (b *workbookBuilder) fit(sheet string, col int, width float64) {
	w := b.widths[sheet]
	for len(w) < col {
		w = append(w, 0)
	}
	w[col-1] = max(w[col-1], width)
	b.widths[sheet] = w
}

// applyWidths sets every recorded column width, with room for padding and within readable bounds,
// and sets row heights, giving header rows a second line where a label wraps.
func (b *workbookBuilder) applyWidths(sheet string) {
	widths := make([]float64, len(b.widths[sheet]))
	for i, w := range b.widths[sheet] {
		widths[i] = min(max(w+3, 4), 60)
		col, err := excelize.ColumnNumberToName(i + 1)
		b.check(err)
		b.check(b.f.SetColWidth(sheet, col, col, widths[i]))
	}
	for _, h := range b.headers[sheet] {
		height := 20.0
		for i, label := range h.labels {
			if textWidth(label) > widths[i]-1 {
				height = 32
			}
		}
		b.rowHeight(sheet, h.row, height)
	}
	// Every row gets an explicit height, so that Excel and LibreOffice lay out (and the chart spans)
	// the same rows whatever the font; empty rows between blocks are narrower.
	last := 0
	for row := range b.rows[sheet] {
		last = max(last, row)
	}
	for row := 1; row <= last; row++ {
		height, ok := b.rows[sheet][row]
		if !ok {
			height = gapRowHeight
		}
		b.check(b.f.SetRowHeight(sheet, row, height))
	}
}

// str writes s as a string cell. Text from the data always goes through here: a string cell is never
// evaluated, so a district named "=HYPERLINK(...)" stays text.
func (b *workbookBuilder) str(sheet string, col, row int, s string, style int) {
	if b.err != nil {
		return
	}
	ref := b.put(sheet, col, row)
	b.check(b.f.SetCellStr(sheet, ref, s))
	b.check(b.f.SetCellStyle(sheet, ref, ref, style))
}

// label writes a string cell whose column must fit it.
func (b *workbookBuilder) label(sheet string, col, row int, s string, style int) {
	b.str(sheet, col, row, s, style)
	b.fit(sheet, col, textWidth(s))
}

// header writes one header row starting at column 1. Headers align with their column: column 1 and
// textCols hold text (textCols indented, to stand apart from a number on their left), the others
// numbers.
func (b *workbookBuilder) header(sheet string, row int, labels []string, textCols ...int) {
	for i, label := range labels {
		col, style := i+1, b.style.headerNumber
		switch {
		case col == 1:
			style = b.style.header
		case slices.Contains(textCols, col):
			style = b.style.headerIndent
		}
		b.str(sheet, col, row, label, style)
		b.fit(sheet, col, headerWidth(label))
	}
	b.headers[sheet] = append(b.headers[sheet], headerRow{row, labels})
}

// headerRow remembers a header row, whose height depends on whether its labels wrap.
type headerRow struct {
	row    int
	labels []string
}

func (b *workbookBuilder) count(sheet string, col, row int, v int64, style int) {
	if b.err != nil {
		return
	}
	ref := b.put(sheet, col, row)
	b.check(b.f.SetCellInt(sheet, ref, v))
	b.check(b.f.SetCellStyle(sheet, ref, ref, style))
	b.fit(sheet, col, float64(len(groupThousands(v))))
}

func (b *workbookBuilder) float(sheet string, col, row int, v float64, style int, width float64) {
	if b.err != nil {
		return
	}
	ref := b.put(sheet, col, row)
	b.check(b.f.SetCellFloat(sheet, ref, v, -1, 64))
	b.check(b.f.SetCellStyle(sheet, ref, ref, style))
	b.fit(sheet, col, width)
}

// duration writes a number of seconds as a spreadsheet duration, rounded to the second: renderers
// disagree on how [m]:ss shows a half second, and the bulletin text rounds the same way.
func (b *workbookBuilder) duration(sheet string, col, row int, seconds float64) {
	seconds = math.Round(seconds)
	b.float(sheet, col, row, seconds/secondsPerDay, b.style.duration, float64(len(fmt.Sprintf("%d:00", int(seconds)/60))))
}

func (b *workbookBuilder) share(sheet string, col, row int, share float64, style int) {
	b.float(sheet, col, row, share, style, float64(len(fmt.Sprintf("%.1f%%", share*100))))
}

// styled applies style to an empty cell, so that borders run through gaps in a table.
func (b *workbookBuilder) styled(sheet string, col, row, style int) {
	if b.err != nil {
		return
	}
	ref := b.put(sheet, col, row)
	b.check(b.f.SetCellStyle(sheet, ref, ref, style))
}

// span writes a heading or note across columns 1..lastCol, merged so that it prints within the table.
func (b *workbookBuilder) span(sheet string, row, lastCol int, s string, style int) {
	b.str(sheet, 1, row, s, style)
	if lastCol > 1 {
		b.check(b.f.MergeCell(sheet, b.cell(1, row), b.cell(lastCol, row)))
	}
}

func (b *workbookBuilder) newStyle(s *excelize.Style) int {
	if b.err != nil {
		return 0
	}
	id, err := b.f.NewStyle(s)
	b.check(err)
	return id
}

// setup names the sheets and sets styles, fonts, document properties and print settings.
func (b *workbookBuilder) setup(published time.Time) {
	f, t, c := b.f, b.text, b.r.Campaign
	b.check(f.SetSheetName("Sheet1", t.summarySheet))
	for _, sheet := range b.sheets()[1:] {
		_, err := f.NewSheet(sheet)
		b.check(err)
	}
	f.SetActiveSheet(0)
	b.check(f.SetDefaultFont(t.font))
	b.defineStyles()

	stamp := published.UTC().Format(time.RFC3339)
	b.check(f.SetDocProps(&excelize.DocProperties{
		Title:          c.Name.In(b.lang) + " — " + t.docTitle,
		Subject:        c.Unit.In(b.lang),
		Description:    b.periodText(),
		Identifier:     c.ID,
		Creator:        "bulletin",
		LastModifiedBy: "bulletin",
		Created:        stamp,
		Modified:       stamp,
		Language:       t.lang,
	}))

	for _, sheet := range b.sheets() {
		b.pageSetup(sheet, sheet == t.summarySheet)
	}
}

// sheets names the sheets of the workbook in order.
func (b *workbookBuilder) sheets() []string {
	t := b.text
	return []string{t.summarySheet, t.dailySheet, t.categorySheet, t.qualitySheet}
}

func (b *workbookBuilder) periodText() string {
	c := b.r.Campaign
	return fmt.Sprintf(b.text.period, c.Start, c.End, c.Days)
}

// pageSetup prints sheet on A4 landscape, one page wide; the Summary also fits one page high.
func (b *workbookBuilder) pageSetup(sheet string, onePage bool) {
	paperA4, landscape, wide, high := 9, "landscape", 1, 0
	if onePage {
		high = 1
	}
	yes := true
	b.check(b.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &paperA4, Orientation: &landscape, FitToWidth: &wide, FitToHeight: &high,
	}))
	b.check(b.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}))
	side, edge, band := 0.4, 0.6, 0.3
	b.check(b.f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: &side, Right: &side, Top: &edge, Bottom: &edge, Header: &band, Footer: &band, Horizontally: &onePage,
	}))
	c := b.r.Campaign
	b.check(b.f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: "&L" + headerFooterText(c.Name.In(b.lang)) + "&R" + headerFooterText(c.Unit.In(b.lang)),
		OddFooter: "&L" + headerFooterText(b.periodText()) + "&C" + b.text.page + "&R&A",
	}))
}

// headerFooterText escapes s for a header or footer section, where & starts a code, and keeps it
// short enough for the 255-character limit of the whole header.
func headerFooterText(s string) string {
	const limit = 100
	if utf8.RuneCountInString(s) > limit {
		s = string([]rune(s)[:limit-1]) + "…"
	}
	return strings.ReplaceAll(s, "&", "&&")
}

func (b *workbookBuilder) defineStyles() {
	font := func(size float64, bold bool, color string) *excelize.Font {
		return &excelize.Font{Family: b.text.font, Size: size, Bold: bold, Color: color}
	}
	rule := []excelize.Border{{Type: "bottom", Color: "D9D9D9", Style: 1}}
	headerRule := []excelize.Border{{Type: "bottom", Color: "1F4E79", Style: 2}}
	totalRule := []excelize.Border{{Type: "top", Color: "1F4E79", Style: 1}}
	headerFill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}
	left := &excelize.Alignment{Horizontal: "left", Vertical: "center"}
	right := &excelize.Alignment{Horizontal: "right", Vertical: "center"}
	wrapLeft := &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}
	wrapRight := &excelize.Alignment{Horizontal: "right", Vertical: "center", WrapText: true}
	format := func(code string) *string { return &code }

	b.style = workbookStyles{
		title:        b.newStyle(&excelize.Style{Font: font(16, true, "1F4E79"), Alignment: left}),
		subtitle:     b.newStyle(&excelize.Style{Font: font(10, false, "595959"), Alignment: left}),
		section:      b.newStyle(&excelize.Style{Font: font(12, true, "1F4E79"), Alignment: &excelize.Alignment{Vertical: "bottom"}}),
		note:         b.newStyle(&excelize.Style{Font: &excelize.Font{Family: b.text.font, Size: 9, Italic: true, Color: "7F7F7F"}, Alignment: left}),
		header:       b.newStyle(&excelize.Style{Font: font(10, true, "1F4E79"), Fill: headerFill, Border: headerRule, Alignment: wrapLeft}),
		headerNumber: b.newStyle(&excelize.Style{Font: font(10, true, "1F4E79"), Fill: headerFill, Border: headerRule, Alignment: wrapRight}),
		headerIndent: b.newStyle(&excelize.Style{Font: font(10, true, "1F4E79"), Fill: headerFill, Border: headerRule, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", Indent: 1, WrapText: true}}),
		textIndent:   b.newStyle(&excelize.Style{Font: font(10, false, ""), Border: rule, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", Indent: 1}}),
		text:         b.newStyle(&excelize.Style{Font: font(10, false, ""), Border: rule, Alignment: left}),
		count:        b.newStyle(&excelize.Style{Font: font(10, false, ""), Border: rule, Alignment: right, CustomNumFmt: format(countFormat)}),
		figure:       b.newStyle(&excelize.Style{Font: font(11, true, "1F4E79"), Border: rule, Alignment: right, CustomNumFmt: format(countFormat)}),
		duration:     b.newStyle(&excelize.Style{Font: font(10, false, ""), Border: rule, Alignment: right, CustomNumFmt: format(durationFormat)}),
		share:        b.newStyle(&excelize.Style{Font: font(10, false, ""), Border: rule, Alignment: right, CustomNumFmt: format(shareFormat)}),
		lineNumber:   b.newStyle(&excelize.Style{Font: font(10, false, ""), Border: rule, Alignment: right, CustomNumFmt: format(lineFormat)}),
		date:         b.newStyle(&excelize.Style{Font: font(10, false, ""), Border: rule, Alignment: left, CustomNumFmt: format(dateFormat)}),
		totalText:    b.newStyle(&excelize.Style{Font: font(10, true, ""), Border: totalRule, Alignment: left}),
		totalCount:   b.newStyle(&excelize.Style{Font: font(10, true, ""), Border: totalRule, Alignment: right, CustomNumFmt: format(countFormat)}),
		totalShare:   b.newStyle(&excelize.Style{Font: font(10, true, ""), Border: totalRule, Alignment: right, CustomNumFmt: format(shareFormat)}),
	}
}

// summary lays out the one-page Summary sheet: title, headline figures, response times, compliance,
// districts and data quality, one block under the other. It returns where the district chart goes,
// or nil when there is nothing to chart; the chart is added once row heights are final.
func (b *workbookBuilder) summary() *chartPlacement {
	sheet, c := b.text.summarySheet, b.r.Campaign
	thresholds := b.r.Response.Compliance.Thresholds
	lastCol := max(7, 6+len(thresholds))

	b.check(b.f.SetSheetView(sheet, 0, &excelize.ViewOptions{ShowGridLines: new(bool)}))
	b.span(sheet, 1, lastCol, c.Name.In(b.lang), b.style.title)
	b.rowHeight(sheet, 1, 28)
	b.span(sheet, 2, lastCol, c.Unit.In(b.lang)+"    "+b.periodText(), b.style.subtitle)
	b.check(b.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"}))

	row := 4
	chart := &chartPlacement{col: lastCol + 2, top: row}
	row = b.headlineBlock(sheet, row)
	row = b.responseBlock(sheet, row, lastCol)
	row = b.complianceBlock(sheet, row)
	chart.bottom = row - 2
	row, chart.districts = b.districtBlock(sheet, row, lastCol)
	b.qualityBlock(sheet, row)

	if chart.districts[0] == 0 || len(thresholds) == 0 {
		return nil
	}
	b.fit(sheet, lastCol+1, 0) // a narrow gap between the tables and the chart
	return chart
}

// chartPlacement is where the district chart goes: at column col, from row top to row bottom, beside
// the blocks above the district table, charting the district rows districts[0] to districts[1].
type chartPlacement struct {
	col, top, bottom int
	districts        [2]int
}

// section writes a block heading and leaves the row taller, so blocks stand apart.
func (b *workbookBuilder) section(sheet string, row int, title string) {
	b.str(sheet, 1, row, title, b.style.section)
	b.rowHeight(sheet, row, 24)
}

func (b *workbookBuilder) headlineBlock(sheet string, row int) int {
	t := b.text
	b.section(sheet, row, t.headline)
	b.header(sheet, row+1, []string{t.item, t.value, t.unit}, 3)
	row += 2
	for _, fig := range b.r.Headline {
		b.label(sheet, 1, row, fig.Label.In(b.lang), b.style.text)
		b.count(sheet, 2, row, fig.Value, b.style.figure)
		b.label(sheet, 3, row, fig.Unit.In(b.lang), b.style.textIndent)
		b.fit(sheet, 3, textWidth(fig.Unit.In(b.lang))+2) // and its indent
		row++
	}
	return row + 1
}

func (b *workbookBuilder) responseBlock(sheet string, row, lastCol int) int {
	t := b.text
	b.section(sheet, row, t.response)
	b.header(sheet, row+1, []string{t.interval, t.valid, t.excluded, t.mean, t.p50, t.p90, t.p95})
	row += 2
	for _, iv := range b.r.Response.Intervals {
		b.label(sheet, 1, row, iv.Label.In(b.lang), b.style.text)
		b.count(sheet, 2, row, iv.Valid, b.style.count)
		b.count(sheet, 3, row, iv.Missing+iv.Flagged+iv.OutOfOrder+iv.OverCeiling, b.style.count)
		if iv.Valid > 0 {
			for i, seconds := range []float64{iv.Mean, iv.P50, iv.P90, iv.P95} {
				b.duration(sheet, 4+i, row, seconds)
			}
		} else {
			for col := 4; col <= 7; col++ {
				b.styled(sheet, col, row, b.style.duration)
			}
		}
		row++
	}
	b.span(sheet, row, lastCol, t.responseNote, b.style.note)
	b.rowHeight(sheet, row, noteRowHeight)
	p := b.r.Response.Profile
	b.span(sheet, row+1, lastCol, fmt.Sprintf(t.methodNote, p.Name, p.Version), b.style.note)
	b.rowHeight(sheet, row+1, noteRowHeight)
	return row + 3
}

func (b *workbookBuilder) complianceBlock(sheet string, row int) int {
	t, cp := b.text, b.r.Response.Compliance
	b.section(sheet, row, fmt.Sprintf(t.compliance, cp.Label.In(b.lang)))
	b.header(sheet, row+1, []string{t.threshold, t.within, t.of, t.share})
	row += 2
	for _, th := range cp.Thresholds {
		b.label(sheet, 1, row, t.thresholdLabel(th.Seconds), b.style.text)
		b.count(sheet, 2, row, th.Within, b.style.count)
		b.count(sheet, 3, row, th.Of, b.style.count)
		if th.Of > 0 {
			b.share(sheet, 4, row, th.Share, b.style.share)
		} else {
			b.styled(sheet, 4, row, b.style.share)
		}
		row++
	}
	return row + 1
}

// rankDistricts orders districts by their P90 response time, fastest first; districts without a
// valid response have no P90 and come last. Ties keep a stable order by name.
func rankDistricts(districts []metrics.DistrictStat) []metrics.DistrictStat {
	ranked := slices.Clone(districts)
	slices.SortStableFunc(ranked, func(a, b metrics.DistrictStat) int {
		if (a.ResponseN > 0) != (b.ResponseN > 0) {
			if a.ResponseN > 0 {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(a.ResponseP90, b.ResponseP90), strings.Compare(a.District, b.District))
	})
	return ranked
}

// districtBlock writes the district ranking and returns the next free row and the first and last
// district rows (zero when there are none).
func (b *workbookBuilder) districtBlock(sheet string, row, lastCol int) (int, [2]int) {
	t := b.text
	thresholds := b.r.Response.Compliance.Thresholds
	b.section(sheet, row, t.districts)
	if len(b.r.Districts) == 0 {
		b.str(sheet, 1, row+1, t.noDistricts, b.style.note)
		return row + 3, [2]int{}
	}
	labels := []string{t.district, t.calls, t.emergency, t.responses, t.p50, t.p90}
	for _, th := range thresholds {
		labels = append(labels, t.thresholdLabel(th.Seconds))
	}
	b.header(sheet, row+1, labels)
	first := row + 2
	row = first
	for _, d := range rankDistricts(b.r.Districts) {
		b.label(sheet, 1, row, d.Name(b.lang), b.style.text)
		b.count(sheet, 2, row, d.Calls, b.style.count)
		b.count(sheet, 3, row, d.EmergencyHelp, b.style.count)
		b.count(sheet, 4, row, d.ResponseN, b.style.count)
		for i := range thresholds {
			if d.ResponseN > 0 && i < len(d.Within) {
				b.share(sheet, 7+i, row, d.Within[i], b.style.share)
			} else {
				b.styled(sheet, 7+i, row, b.style.share)
			}
		}
		if d.ResponseN > 0 {
			b.duration(sheet, 5, row, d.ResponseP50)
			b.duration(sheet, 6, row, d.ResponseP90)
		} else {
			b.styled(sheet, 5, row, b.style.duration)
			b.styled(sheet, 6, row, b.style.duration)
		}
		for col := 7 + len(thresholds); col <= lastCol; col++ {
			b.styled(sheet, col, row, b.style.text)
		}
		row++
	}
	last := row - 1
	// Bars on a fixed 0-100 % scale, so that a bar's length is the share itself and not its rank.
	for i := range thresholds {
		ref := b.cell(7+i, first) + ":" + b.cell(7+i, last)
		b.check(b.f.SetConditionalFormat(sheet, ref, []excelize.ConditionalFormatOptions{{
			Type: "data_bar", Criteria: "=", MinType: "num", MinValue: "0", MaxType: "num", MaxValue: "1",
			BarColor: "#9BC2E6", BarSolid: true,
		}}))
	}
	return row + 1, [2]int{first, last}
}

// districtChart adds the one chart of the workbook: per district, the share within each threshold,
// read from the district table's cells.
func (b *workbookBuilder) districtChart(sheet string, at *chartPlacement) {
	if b.err != nil {
		return
	}
	const offset = 4 // pixels between the chart and its anchor cell, on each side
	var points float64
	for row := at.top; row <= at.bottom; row++ {
		h, err := b.f.GetRowHeight(sheet, row)
		b.check(err)
		points += h
	}
	height := uint(max(points*96/72-2*offset, 240))
	rows := at.districts
	t, cp := b.text, b.r.Response.Compliance
	axisFont := excelize.Font{Family: t.font, Size: 9, Color: "404040"}
	categories := sheetRange(sheet, b.cell(1, rows[0]), b.cell(1, rows[1]))
	var series []excelize.ChartSeries
	for i := range cp.Thresholds {
		col := 7 + i
		series = append(series, excelize.ChartSeries{
			Name:       sheetRange(sheet, b.cell(col, rows[0]-1), ""),
			Categories: categories,
			Values:     sheetRange(sheet, b.cell(col, rows[0]), b.cell(col, rows[1])),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colourThresholds[i%len(colourThresholds)]}},
		})
	}
	zero, whole := 0.0, 1.0
	// Wider for more districts, so that their names stay legible under the bars.
	width := uint(min(max(300+40*(rows[1]-rows[0]+1), 500), 700))
	gap := uint(80)
	b.check(b.f.AddChart(sheet, b.cell(at.col, at.top), &excelize.Chart{
		Type:       excelize.Col,
		Series:     series,
		VaryColors: new(bool),
		GapWidth:   &gap,
		Dimension:  excelize.ChartDimension{Width: width, Height: height},
		Format:     excelize.GraphicOptions{OffsetX: offset, OffsetY: offset},
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{
			Text: fmt.Sprintf(t.chartTitle, cp.Label.In(b.lang)),
			Font: &excelize.Font{Family: t.font, Size: 11, Bold: true, Color: "1F4E79"},
		}}},
		Legend: excelize.ChartLegend{Position: "bottom", Font: &axisFont},
		XAxis:  excelize.ChartAxis{Font: axisFont},
		YAxis: excelize.ChartAxis{
			// A fixed 0-100 % scale, as in the table's data bars.
			Font: axisFont, MajorGridLines: true, Minimum: &zero, Maximum: &whole,
			NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"},
		},
	}))
}

// sheetRange is an absolute reference to from:to (or to the single cell from) on sheet, with the
// sheet name quoted so that any name is valid.
func sheetRange(sheet, from, to string) string {
	abs := func(cell string) string {
		col, row, _ := excelize.SplitCellName(cell)
		return fmt.Sprintf("$%s$%d", col, row)
	}
	ref := quoteSheet(sheet) + "!" + abs(from)
	if to != "" {
		ref += ":" + abs(to)
	}
	return ref
}

// quoteSheet quotes a sheet name for use in a reference.
func quoteSheet(sheet string) string {
	return "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
}

func (b *workbookBuilder) qualityBlock(sheet string, row int) {
	t, q := b.text, b.r.Quality
	b.section(sheet, row, t.quality)
	b.header(sheet, row+1, []string{t.item, t.rows})
	row += 2
	for _, line := range []struct {
		label string
		n     int64
	}{{t.rowsRead, q.RowsRead}, {t.loaded, q.Loaded}, {t.flaggedRows, q.Flagged}, {t.quarantined, q.Quarantined}, {t.duplicates, q.Duplicates}} {
		b.label(sheet, 1, row, line.label, b.style.text)
		b.count(sheet, 2, row, line.n, b.style.count)
		row++
	}
}

// daily writes one row per day with a total, dates as real dates so that they sort and filter.
func (b *workbookBuilder) daily() {
	sheet, t := b.text.dailySheet, b.text
	b.header(sheet, 1, []string{t.date, t.calls, t.emergency})
	row := 2
	var calls, emergency int64
	for _, d := range b.r.Daily {
		day, err := time.Parse(time.DateOnly, d.Date)
		if err != nil {
			b.check(fmt.Errorf("daily count: %w", err))
			return
		}
		b.float(sheet, 1, row, excelDate(day), b.style.date, float64(len(dateFormat)))
		b.count(sheet, 2, row, d.Calls, b.style.count)
		b.count(sheet, 3, row, d.EmergencyHelp, b.style.count)
		calls += d.Calls
		emergency += d.EmergencyHelp
		row++
	}
	b.label(sheet, 1, row, t.total, b.style.totalText)
	b.count(sheet, 2, row, calls, b.style.totalCount)
	b.count(sheet, 3, row, emergency, b.style.totalCount)
	b.freezeHeader(sheet)
}

// excelDate is the spreadsheet serial number of a calendar day.
func excelDate(day time.Time) float64 {
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	return float64(day.Sub(epoch) / (24 * time.Hour))
}

// categories writes the calls per category with each category's share of their total.
func (b *workbookBuilder) categories() {
	sheet, t := b.text.categorySheet, b.text
	b.header(sheet, 1, []string{t.category, t.calls, t.portion})
	var total int64
	for _, c := range b.r.Categories {
		total += c.Count
	}
	row := 2
	for _, c := range b.r.Categories {
		b.label(sheet, 1, row, c.Label.In(b.lang), b.style.text)
		b.count(sheet, 2, row, c.Count, b.style.count)
		if total > 0 {
			b.share(sheet, 3, row, float64(c.Count)/float64(total), b.style.share)
		}
		row++
	}
	b.label(sheet, 1, row, t.total, b.style.totalText)
	b.count(sheet, 2, row, total, b.style.totalCount)
	if total > 0 {
		b.share(sheet, 3, row, 1, b.style.totalShare)
	}
	b.freezeHeader(sheet)
}

// freezeHeader keeps row 1 of sheet on screen and on every printed page.
func (b *workbookBuilder) freezeHeader(sheet string) {
	b.freezeRows(sheet, 1)
}

// freezeRows keeps the first n rows of sheet on screen and on every printed page.
func (b *workbookBuilder) freezeRows(sheet string, n int) {
	b.check(b.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: n, TopLeftCell: b.cell(1, n+1), ActivePane: "bottomLeft"}))
	b.check(b.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("%s!$1:$%d", quoteSheet(sheet), n), Scope: sheet,
	}))
}

// textWidth estimates the width of s in spreadsheet column units: East Asian wide characters take
// two, everything else one.
func textWidth(s string) float64 {
	var w float64
	for _, r := range s {
		if isWide(r) {
			w += 2
		} else {
			w++
		}
	}
	return w
}

// headerWidth is the width a wrapping header needs: its longest word, or all of it in a language
// written without spaces.
func headerWidth(s string) float64 {
	var w float64
	for _, word := range strings.Fields(s) {
		w = max(w, textWidth(word))
	}
	return w
}

func isWide(r rune) bool {
	switch {
	case r >= 0x1100 && r <= 0x115F, // Hangul Jamo
		r >= 0x2E80 && r <= 0x303E, // CJK radicals, punctuation
		r >= 0x3041 && r <= 0x33FF, // kana, CJK symbols
		r >= 0x3400 && r <= 0x4DBF, // CJK extension A
		r >= 0x4E00 && r <= 0x9FFF, // CJK unified ideographs
		r >= 0xAC00 && r <= 0xD7A3, // Hangul syllables
		r >= 0xF900 && r <= 0xFAFF, // CJK compatibility ideographs
		r >= 0xFE30 && r <= 0xFE4F, // CJK compatibility forms
		r >= 0xFF00 && r <= 0xFF60, // full-width forms
		r >= 0xFFE0 && r <= 0xFFE6,
		r >= 0x20000 && r <= 0x3FFFD:
		return true
	}
	return false
}

// groupThousands formats n as the #,##0 number format shows it.
func groupThousands(n int64) string {
	digits := fmt.Sprint(n)
	sign := ""
	if strings.HasPrefix(digits, "-") {
		sign, digits = "-", digits[1:]
	}
	var out []byte
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, digits[i])
	}
	return sign + string(out)
}

// quality writes the Data quality sheet: under a title and the scope of the figures (both kept on
// screen), the faults by check with the first example of each, the accounting of every file, and
// the faults by district. Every text that comes from the input files is written as a string.
func (b *workbookBuilder) quality() {
	sheet, t := b.text.qualitySheet, b.text
	const lastCol = 11 // the widest table, by file
	b.span(sheet, 1, lastCol, t.qualityTitle, b.style.title)
	b.rowHeight(sheet, 1, 28)
	b.span(sheet, 2, lastCol, t.qualityNote, b.style.subtitle)
	b.freezeRows(sheet, 2)
	row := b.qualityChecks(sheet, 4)
	row = b.qualityFiles(sheet, row)
	b.qualityDistricts(sheet, row)
}

// actionLabel names an action for readers, or gives it as recorded when it is unknown.
func (t *workbookText) actionLabel(action string) string {
	if label, ok := t.actions[action]; ok {
		return label
	}
	return action
}

// qualityChecks writes the faults by check and returns the next free row.
func (b *workbookBuilder) qualityChecks(sheet string, row int) int {
	t, q := b.text, b.r.Quality
	b.section(sheet, row, t.byCheck)
	if len(q.Checks) == 0 {
		b.str(sheet, 1, row+1, t.noFaults, b.style.note)
		return row + 3
	}
	b.header(sheet, row+1, []string{t.check, t.action, t.faults, t.exampleFile, t.line, t.column, t.valueRead, t.reason}, 2, 4, 6, 7, 8)
	row += 2
	var quarantined, flags int64
	for _, c := range q.Checks {
		b.label(sheet, 1, row, c.Label.In(b.lang), b.style.text)
		b.indented(sheet, 2, row, t.actionLabel(c.Action))
		b.count(sheet, 3, row, c.Count, b.style.count)
		if len(c.Examples) > 0 {
			ex := c.Examples[0]
			b.indented(sheet, 4, row, ex.File)
			b.integer(sheet, 5, row, ex.Line)
			b.indented(sheet, 6, row, ex.Column)
			b.indented(sheet, 7, row, ex.Value)
			b.indented(sheet, 8, row, ex.Reason)
		} else {
			for col := 4; col <= 8; col++ {
				b.styled(sheet, col, row, b.style.text)
			}
		}
		if c.Action == metrics.ActionFlag {
			flags += c.Count
		} else {
			quarantined += c.Count
		}
		row++
	}
	for _, total := range []struct {
		label string
		n     int64
	}{{t.totalQuarantined, quarantined}, {t.totalFlags, flags}} {
		b.label(sheet, 1, row, total.label, b.style.totalText)
		b.styled(sheet, 2, row, b.style.totalText)
		b.count(sheet, 3, row, total.n, b.style.totalCount)
		for col := 4; col <= 8; col++ {
			b.styled(sheet, col, row, b.style.totalText)
		}
		row++
	}
	return row + 1
}

// qualityFiles writes the accounting of every file, with a total, and returns the next free row.
func (b *workbookBuilder) qualityFiles(sheet string, row int) int {
	t, q := b.text, b.r.Quality
	b.section(sheet, row, t.byFile)
	b.header(sheet, row+1, []string{t.file, t.kind, t.profile, t.format, t.encoding,
		t.rowsRead, t.loaded, t.quarantined, t.duplicates, t.flaggedRows, t.records}, 2, 3, 4, 5)
	row += 2
	counts := func(f metrics.FileQuality) []int64 {
		return []int64{f.RowsRead, f.Loaded, f.Quarantined, f.Duplicates, f.Flagged, f.Records}
	}
	for _, f := range q.Files {
		kind := f.Kind
		if label, ok := t.kinds[kind]; ok {
			kind = label
		}
		b.label(sheet, 1, row, f.Name, b.style.text)
		for i, text := range []string{kind, f.Profile, f.Format, f.Encoding} {
			b.indented(sheet, 2+i, row, text)
		}
		for i, n := range counts(f) {
			b.count(sheet, 6+i, row, n, b.style.count)
		}
		row++
	}
	b.label(sheet, 1, row, t.total, b.style.totalText)
	for col := 2; col <= 5; col++ {
		b.styled(sheet, col, row, b.style.totalText)
	}
	total := metrics.FileQuality{RowsRead: q.RowsRead, Loaded: q.Loaded, Quarantined: q.Quarantined,
		Duplicates: q.Duplicates, Flagged: q.Flagged, Records: q.Records}
	for i, n := range counts(total) {
		b.count(sheet, 6+i, row, n, b.style.totalCount)
	}
	return row + 2
}

// qualityDistricts writes, for every district, its faults by check: quarantined rows and flags side
// by side, with a total.
func (b *workbookBuilder) qualityDistricts(sheet string, row int) {
	t, q := b.text, b.r.Quality
	b.section(sheet, row, t.byDistrict)
	if len(q.Districts) == 0 {
		b.str(sheet, 1, row+1, t.noFaults, b.style.note)
		return
	}
	b.header(sheet, row+1, []string{t.district, t.check, t.quarantined, t.flags}, 2)
	row += 2
	var quarantined, flags int64
	for _, d := range q.Districts {
		for _, c := range checksSideBySide(d.Checks) {
			b.label(sheet, 1, row, d.Name(b.lang), b.style.text)
			b.indented(sheet, 2, row, metrics.CheckLabel(c.check).In(b.lang))
			b.count(sheet, 3, row, c.quarantined, b.style.count)
			b.count(sheet, 4, row, c.flags, b.style.count)
			row++
		}
		quarantined += d.Quarantined
		flags += d.Flags
	}
	b.label(sheet, 1, row, t.total, b.style.totalText)
	b.styled(sheet, 2, row, b.style.totalText)
	b.count(sheet, 3, row, quarantined, b.style.totalCount)
	b.count(sheet, 4, row, flags, b.style.totalCount)
}

// checkCounts is one check's quarantined rows and flags in one district.
type checkCounts struct {
	check              string
	quarantined, flags int64
}

// checksSideBySide puts the quarantine and flag tallies of each check on one line, in the order
// the checks first appear.
func checksSideBySide(tallies []metrics.CheckTally) []checkCounts {
	var out []checkCounts
	for _, tally := range tallies {
		i := slices.IndexFunc(out, func(c checkCounts) bool { return c.check == tally.Check })
		if i < 0 {
			i = len(out)
			out = append(out, checkCounts{check: tally.Check})
		}
		if tally.Action == metrics.ActionFlag {
			out[i].flags += tally.Count
		} else {
			out[i].quarantined += tally.Count
		}
	}
	return out
}

// indented writes a text cell set off from a number on its left; its column must fit it.
func (b *workbookBuilder) indented(sheet string, col, row int, s string) {
	b.str(sheet, col, row, s, b.style.textIndent)
	b.fit(sheet, col, textWidth(s)+2)
}

// integer writes a whole number without thousands separators, such as a line number.
func (b *workbookBuilder) integer(sheet string, col, row int, v int64) {
	if b.err != nil {
		return
	}
	ref := b.put(sheet, col, row)
	b.check(b.f.SetCellInt(sheet, ref, v))
	b.check(b.f.SetCellStyle(sheet, ref, ref, b.style.lineNumber))
	b.fit(sheet, col, float64(len(strconv.FormatInt(v, 10))))
}
