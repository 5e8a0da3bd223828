package reports

import (
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
	"bulletin/schema"
)

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
	base, ok := workbookTexts[lang]
	if !ok {
		return fmt.Errorf("workbook %s: unknown language %q (want zh or en)", path, lang)
	}
	// The district column is headed as the campaign names its districts (a fire department's
	// battalions); the shared texts stay as they are.
	text := *base
	if name, ok := r.Campaign.Labels.Fields["district"]; ok && name.In(lang) != "" {
		text.district = r.Campaign.FieldLabel("district").In(lang)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("workbook %s: %w", path, err)
	}
	if err := buildWorkbook(ctx, path, r, lang, &text, opts); err != nil {
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

	b := newWorkbookBuilder(f, r, lang, text)
	b.stamp = opts.Stamp
	b.build(published)
	// The Detail sheets come last: they are streamed, and excelize keeps no chart added after a flush.
	b.detail(ctx, opts)
	if b.err != nil {
		return b.err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return saveWorkbook(f, scratch, path)
}

// workbookStyles are the cell style IDs used throughout the workbook, and the conditional styles
// (good, bad and the traffic lights) that rules apply.
type workbookStyles struct {
	title, subtitle, section, note               int
	noteBottom                                   int
	header, headerNumber, headerIndent           int
	textIndent, textWrap                         int
	text, count, duration, share, date           int
	lineNumber, decimal                          int
	figure                                       int
	totalText, totalCount, totalShare            int
	totalDuration                                int
	cityText, cityCount, cityDuration, cityShare int
	good, bad                                    int
	lightGreen, lightAmber, lightRed             int
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
	// uniform gives, per sheet, the period of columns whose widths are made equal: the Summary's
	// tiles repeat every tileCols columns. minSpan is the width such a period must reach.
	uniform    map[string]int
	minSpan    map[string]float64
	tileLabels map[string][]tileLabel // the tile labels of such a sheet, which wrap where too long
	// headerTitles marks the sheets that print their first table's header on every page.
	headerTitles map[string]bool
	tileStyles   map[string]int
	histogram    *histogramAt // where the Response times sheet's histogram is, once written
	// derived caches the styles derived from another (noDataStyle, markedStyle), by kind and style.
	derived map[[2]int]int
	// marked and empty record the sheets with a figure marked not reliable or without data, whose
	// notes explain the mark (figureNotes).
	marked, empty map[string]bool
	stamp         Stamp // the program and time stamped in the document properties
	err           error
}

func newWorkbookBuilder(f *excelize.File, r *metrics.Report, lang string, text *workbookText) *workbookBuilder {
	return &workbookBuilder{
		f: f, r: r, lang: lang, text: text,
		widths: map[string][]float64{}, headers: map[string][]headerRow{}, rows: map[string]map[int]float64{},
		uniform: map[string]int{}, minSpan: map[string]float64{}, tileLabels: map[string][]tileLabel{}, headerTitles: map[string]bool{}, tileStyles: map[string]int{},
		derived: map[[2]int]int{}, marked: map[string]bool{}, empty: map[string]bool{},
	}
}

// build writes every sheet: the layout first, then the column widths and row heights, and last
// the charts, whose size and place depend on them.
func (b *workbookBuilder) build(published time.Time) {
	b.setup(published)
	layout := b.summary()
	b.daily()
	b.categories()
	b.districtSheet()
	b.responseSheet()
	if b.hasSheet(b.text.linkageSheet) {
		b.linkageSheet()
	}
	if b.hasSheet(b.text.activitySheet) {
		b.activitySheet()
	}
	if b.hasSheet(b.text.breakdownSheet) {
		b.breakdownSheet()
	}
	b.quality()
	b.definitions()
	for _, sheet := range b.sheets() {
		b.applyWidths(sheet)
		b.printScale(sheet, layout)
	}
	b.summaryCharts(layout)
	b.histogramChart()
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
	pad := 3.0
	if b.uniform[sheet] > 0 {
		pad = 1.5 // the Summary's columns are tight: they share A4 landscape across, in 10-point text
	}
	widths := make([]float64, len(b.widths[sheet]))
	for i, w := range b.widths[sheet] {
		widths[i] = min(max(w+pad, 4), 60)
	}
	if period := b.uniform[sheet]; period > 0 {
		widths = b.tileWidths(sheet, widths, period)
	}
	for i := range widths {
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
	b.durationStyled(sheet, col, row, seconds, b.style.duration)
}

// durationStyled writes a duration in a style of its own.
func (b *workbookBuilder) durationStyled(sheet string, col, row int, seconds float64, style int) {
	seconds = math.Round(seconds)
	b.float(sheet, col, row, seconds/secondsPerDay, style, float64(len(fmt.Sprintf("%d:00", int(seconds)/60))))
}

func (b *workbookBuilder) share(sheet string, col, row int, share float64, style int) {
	b.float(sheet, col, row, share, style, float64(len(fmt.Sprintf("%.1f%%", share*100))))
}

// A figure measured over valid intervals (a duration, a share) is written in one of three ways:
// as a number when it rests on at least min_n of them; as a number marked "*" (a number format,
// so the cell stays a number) when it rests on fewer, with a note on the sheet saying why; and
// as the text "no data" when there is no valid interval at all, which is not the same as 0.

// reliable reports whether a figure over n valid intervals rests on at least the campaign's min_n.
func (b *workbookBuilder) reliable(n int64) bool { return n >= int64(b.r.Response.MinN) }

// shareOver writes the share of n valid intervals in style: "no data" when n is 0, marked when
// reliable is false.
func (b *workbookBuilder) shareOver(sheet string, col, row int, share float64, n int64, reliable bool, style int) {
	switch {
	case n == 0:
		b.noData(sheet, col, row, style)
	case !reliable:
		b.share(sheet, col, row, share, b.markedStyle(sheet, style))
		b.fit(sheet, col, float64(len(fmt.Sprintf("%.1f%%*", share*100))))
	default:
		b.share(sheet, col, row, share, style)
	}
}

// durationOver writes a duration over n valid intervals in style, as shareOver writes a share.
func (b *workbookBuilder) durationOver(sheet string, col, row int, seconds float64, n int64, reliable bool, style int) {
	switch {
	case n == 0:
		b.noData(sheet, col, row, style)
	case !reliable:
		b.durationStyled(sheet, col, row, seconds, b.markedStyle(sheet, style))
	default:
		b.durationStyled(sheet, col, row, seconds, style)
	}
}

// noData writes "no data" in a cell that would hold a figure in style: a string, never a formula
// or a number, set apart in grey italics on the style's fill and borders.
func (b *workbookBuilder) noData(sheet string, col, row, style int) {
	b.empty[sheet] = true
	b.str(sheet, col, row, b.text.noData, b.noDataStyle(style))
	b.fit(sheet, col, textWidth(b.text.noData))
}

// Kinds of derived styles.
const (
	derivedNoData = iota
	derivedMarked
)

// noDataStyle derives from style the style of a "no data" cell.
func (b *workbookBuilder) noDataStyle(style int) int {
	return b.derive(derivedNoData, style, func(s *excelize.Style) {
		font := excelize.Font{Family: b.text.font, Size: minTextPoints}
		if s.Font != nil {
			font = *s.Font
			font.Size = min(font.Size, 10)
		}
		font.Italic, font.Color = true, "808080"
		s.Font = &font
		s.NumFmt, s.CustomNumFmt = 0, nil
		align := excelize.Alignment{Horizontal: "right", Vertical: "center"}
		if s.Alignment != nil {
			align = *s.Alignment
		}
		s.Alignment = &align
	})
}

// markedStyle derives from style the style of a figure that is not reliable: its number format
// with "*" after it. It records that sheet must explain the mark.
func (b *workbookBuilder) markedStyle(sheet string, style int) int {
	b.marked[sheet] = true
	return b.derive(derivedMarked, style, func(s *excelize.Style) {
		if s.CustomNumFmt != nil {
			format := *s.CustomNumFmt + `"*"`
			s.CustomNumFmt = &format
		}
	})
}

// figureNotes explain the marks and the "no data" of the figures written so far on sheet.
func (b *workbookBuilder) figureNotes(sheet string) []string {
	var notes []string
	if b.marked[sheet] {
		notes = append(notes, fmt.Sprintf(b.text.markNote, b.r.Response.MinN))
	}
	if b.empty[sheet] {
		notes = append(notes, b.text.noDataNote)
	}
	return notes
}

func (b *workbookBuilder) derive(kind, style int, change func(*excelize.Style)) int {
	key := [2]int{kind, style}
	if id, ok := b.derived[key]; ok || b.err != nil {
		return id
	}
	s, err := b.f.GetStyle(style)
	if err != nil {
		b.check(err)
		return style
	}
	change(s)
	id := b.newStyle(s)
	b.derived[key] = id
	return id
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

// conditionalStyle registers a style that conditional formatting rules apply.
func (b *workbookBuilder) conditionalStyle(s *excelize.Style) int {
	if b.err != nil {
		return 0
	}
	id, err := b.f.NewConditionalStyle(s)
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
	if b.stamp.GeneratedAt != "" {
		stamp = b.stamp.GeneratedAt
	}
	b.check(f.SetDocProps(&excelize.DocProperties{
		Title:          c.Name.In(b.lang) + " — " + t.docTitle + " (" + InternalMark(b.lang) + ")",
		Category:       InternalMark(b.lang),
		ContentStatus:  InternalMark(b.lang),
		Keywords:       InternalMark(b.lang),
		Version:        b.stamp.Version,
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

// sheets names the sheets of the workbook in order. The Linkage and Activities sheets are left out
// when the period has no linked calls or no activities, the Breakdowns sheet when the campaign
// declares none to list.
func (b *workbookBuilder) sheets() []string {
	t := b.text
	sheets := []string{t.summarySheet, t.dailySheet, t.categorySheet, t.districtSheet, t.responseSheet}
	if len(b.r.Linkage) > 0 {
		sheets = append(sheets, t.linkageSheet)
	}
	if len(b.r.Activities) > 0 {
		sheets = append(sheets, t.activitySheet)
	}
	if slices.ContainsFunc(b.r.Declared, func(d metrics.DeclaredBreakdown) bool { return d.Show.Sheet }) {
		sheets = append(sheets, t.breakdownSheet)
	}
	return append(sheets, t.qualitySheet, t.definitionSheet)
}

// hasSheet reports whether the workbook has the sheet called name.
func (b *workbookBuilder) hasSheet(name string) bool { return slices.Contains(b.sheets(), name) }

func (b *workbookBuilder) periodText() string {
	c := b.r.Campaign
	return fmt.Sprintf(b.text.period, c.Start, c.End, c.Days)
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
	cityFill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}
	left := &excelize.Alignment{Horizontal: "left", Vertical: "center"}
	right := &excelize.Alignment{Horizontal: "right", Vertical: "center"}
	wrapLeft := &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}
	wrapRight := &excelize.Alignment{Horizontal: "right", Vertical: "center", WrapText: true}
	format := func(code string) *string { return &code }

	b.style = workbookStyles{
		title:         b.newStyle(&excelize.Style{Font: font(16, true, "1F4E79"), Alignment: left}),
		subtitle:      b.newStyle(&excelize.Style{Font: font(10, false, "595959"), Alignment: left}),
		section:       b.newStyle(&excelize.Style{Font: font(12, true, "1F4E79"), Alignment: &excelize.Alignment{Vertical: "bottom"}}),
		note:          b.newStyle(&excelize.Style{Font: &excelize.Font{Family: b.text.font, Size: minTextPoints, Italic: true, Color: "7F7F7F"}, Alignment: left}),
		header:        b.newStyle(&excelize.Style{Font: font(10, true, "1F4E79"), Fill: headerFill, Border: headerRule, Alignment: wrapLeft}),
		headerNumber:  b.newStyle(&excelize.Style{Font: font(10, true, "1F4E79"), Fill: headerFill, Border: headerRule, Alignment: wrapRight}),
		headerIndent:  b.newStyle(&excelize.Style{Font: font(10, true, "1F4E79"), Fill: headerFill, Border: headerRule, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", Indent: 1, WrapText: true}}),
		textIndent:    b.newStyle(&excelize.Style{Font: font(10, false, ""), Border: rule, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", Indent: 1}}),
		text:          b.newStyle(&excelize.Style{Font: font(10, false, ""), Border: rule, Alignment: left}),
		count:         b.newStyle(&excelize.Style{Font: font(10, false, ""), Border: rule, Alignment: right, CustomNumFmt: format(countFormat)}),
		figure:        b.newStyle(&excelize.Style{Font: font(11, true, "1F4E79"), Border: rule, Alignment: right, CustomNumFmt: format(countFormat)}),
		duration:      b.newStyle(&excelize.Style{Font: font(10, false, ""), Border: rule, Alignment: right, CustomNumFmt: format(durationFormat)}),
		share:         b.newStyle(&excelize.Style{Font: font(10, false, ""), Border: rule, Alignment: right, CustomNumFmt: format(shareFormat)}),
		lineNumber:    b.newStyle(&excelize.Style{Font: font(10, false, ""), Border: rule, Alignment: right, CustomNumFmt: format(lineFormat)}),
		date:          b.newStyle(&excelize.Style{Font: font(10, false, ""), Border: rule, Alignment: left, CustomNumFmt: format(dateFormat)}),
		totalText:     b.newStyle(&excelize.Style{Font: font(10, true, ""), Border: totalRule, Alignment: left}),
		totalCount:    b.newStyle(&excelize.Style{Font: font(10, true, ""), Border: totalRule, Alignment: right, CustomNumFmt: format(countFormat)}),
		totalShare:    b.newStyle(&excelize.Style{Font: font(10, true, ""), Border: totalRule, Alignment: right, CustomNumFmt: format(shareFormat)}),
		totalDuration: b.newStyle(&excelize.Style{Font: font(10, true, ""), Border: totalRule, Alignment: right, CustomNumFmt: format(durationFormat)}),
		noteBottom:    b.newStyle(&excelize.Style{Font: &excelize.Font{Family: b.text.font, Size: minTextPoints, Italic: true, Color: "7F7F7F"}, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "bottom", WrapText: true}}),
		textWrap:      b.newStyle(&excelize.Style{Font: font(10, false, ""), Border: rule, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}}),
		decimal:       b.newStyle(&excelize.Style{Font: font(10, false, ""), Border: rule, Alignment: right, CustomNumFmt: format("#,##0.0")}),
		cityText:      b.newStyle(&excelize.Style{Font: font(10, true, ""), Border: rule, Fill: cityFill, Alignment: left}),
		cityCount:     b.newStyle(&excelize.Style{Font: font(10, true, ""), Border: rule, Fill: cityFill, Alignment: right, CustomNumFmt: format(countFormat)}),
		cityDuration:  b.newStyle(&excelize.Style{Font: font(10, true, ""), Border: rule, Fill: cityFill, Alignment: right, CustomNumFmt: format(durationFormat)}),
		cityShare:     b.newStyle(&excelize.Style{Font: font(10, true, ""), Border: rule, Fill: cityFill, Alignment: right, CustomNumFmt: format(shareFormat)}),
		good:          b.conditionalStyle(&excelize.Style{Font: &excelize.Font{Color: "2E7D32", Bold: true}}),
		bad:           b.conditionalStyle(&excelize.Style{Font: &excelize.Font{Color: "C62828", Bold: true}}),
		lightGreen:    b.conditionalStyle(&excelize.Style{Font: &excelize.Font{Color: "1B5E20"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"C8E6C9"}}}),
		lightAmber:    b.conditionalStyle(&excelize.Style{Font: &excelize.Font{Color: "7A4F01"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFE8A3"}}}),
		lightRed:      b.conditionalStyle(&excelize.Style{Font: &excelize.Font{Color: "8E1B1B"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F8C9C4"}}}),
	}
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

// daily writes one row per day with a total, dates as real dates so that they sort and filter.
func (b *workbookBuilder) daily() {
	sheet, t := b.text.dailySheet, b.text
	focus := b.dailyFocus()
	labels := []string{t.date, t.calls}
	for _, f := range focus {
		labels = append(labels, f.Label.In(b.lang))
	}
	weekCol := len(labels) + 1
	labels = append(labels, t.weekFrom)
	b.header(sheet, 1, labels)
	row := 2
	var calls int64
	for i, d := range b.r.Daily {
		day, err := time.Parse(time.DateOnly, d.Date)
		if err != nil {
			b.check(fmt.Errorf("daily count: %w", err))
			return
		}
		b.float(sheet, 1, row, excelDate(day), b.style.date, float64(len(dateFormat)))
		b.count(sheet, 2, row, d.Calls, b.style.count)
		for j, f := range focus {
			b.count(sheet, 3+j, row, f.Rows[i].Value, b.style.count)
		}
		// Mondays carry the date as text: the daily chart's axis labels, a week apart.
		if day.Weekday() == time.Monday {
			b.str(sheet, weekCol, row, b.weekLabel(day), b.style.text)
		} else {
			b.styled(sheet, weekCol, row, b.style.text)
		}
		calls += d.Calls
		row++
	}
	b.label(sheet, 1, row, t.total, b.style.totalText)
	b.count(sheet, 2, row, calls, b.style.totalCount)
	for j, f := range focus {
		b.count(sheet, 3+j, row, f.Total, b.style.totalCount)
	}
	b.freezeHeader(sheet)
	if len(b.r.Daily) > 0 {
		b.autoFilter(sheet, "A1", b.cell(len(labels), row-1))
	}
}

// weekLabel is the short date of a day as the daily chart's axis shows it.
func (b *workbookBuilder) weekLabel(day time.Time) string {
	if b.lang == "zh" {
		return fmt.Sprintf("%d月%d日", day.Month(), day.Day())
	}
	return day.Format("2 Jan")
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
	if len(b.r.Categories) > 0 {
		b.autoFilter(sheet, "A1", b.cell(3, row-1))
	}
}

// freezeHeader keeps row 1 of sheet, the header of its first table, on screen and on every
// printed page, until a second table starts (section): then the pages print without it, rather
// than with a header that is not their table's.
func (b *workbookBuilder) freezeHeader(sheet string) {
	b.freezeRows(sheet, 1)
	b.headerTitles[sheet] = true
}

// dropHeaderTitles stops printing the first table's header on every page of sheet.
func (b *workbookBuilder) dropHeaderTitles(sheet string) {
	if !b.headerTitles[sheet] {
		return
	}
	b.check(b.f.DeleteDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet}))
	b.headerTitles[sheet] = false
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
			b.indented(sheet, 8, row, metrics.CheckReason(c.Check, ex.Reason).In(b.lang))
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
		// A file's kind is the table its records go to, named as the data model names it.
		if table := schema.Default().Table(kind); table != nil {
			kind = table.Label.In(b.lang)
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
