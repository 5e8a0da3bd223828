package reports

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"bulletin/metrics"
	"bulletin/schema"
)

// CallSource streams calls to yield in the order the Detail sheet lists them, stops at the first
// error of yield and returns it. figures.Calls over a warehouse is one.
type CallSource func(ctx context.Context, yield func(*metrics.Call) error) error

// MaxDetailRowsPerSheet is the most calls one Detail sheet holds: a worksheet's 1,048,576 rows less
// the header row.
const MaxDetailRowsPerSheet = 1_048_575

// WorkbookOptions configures WriteWorkbook. The zero value writes the workbook without Detail sheets.
type WorkbookOptions struct {
	// Detail, when not nil, adds after the other sheets a Detail sheet ("明细" in Chinese) listing
	// every call Detail yields, one row per call under a header row. Calls beyond DetailRowsPerSheet
	// continue on "Detail (2)", "Detail (3)" and so on, each with its own header; none is left out. When
	// Detail yields no call the sheet holds the header and a note saying so.
	Detail CallSource
	// DetailRowsPerSheet is the most calls per Detail sheet, from 1 to MaxDetailRowsPerSheet; 0
	// means MaxDetailRowsPerSheet.
	DetailRowsPerSheet int
	// Stamp is the program and generation time written in the document properties (Version,
	// Created, Modified); a zero Stamp leaves the version empty and dates the workbook by the
	// campaign's publication date.
	Stamp Stamp
}

// detailText holds the fixed words of the Detail sheets in one language. The call columns take
// their headings from the data model, the interval columns theirs from the report.
type detailText struct {
	sheet, noCalls string
	file, line     string // the columns that trace a call to its input
	valueSeparator string // between the codes of a list, such as the agencies of one call
}

var detailTexts = map[string]*detailText{
	"zh": {sheet: "明细", noCalls: "统计时段内无警情。", file: "来源文件", line: "行号", valueSeparator: "、"},
	"en": {sheet: "Detail", noCalls: "No calls in the period.", file: "Source file", line: "Line", valueSeparator: ", "},
}

// dateTimeFormat is the number format of the clock points in the Detail sheets.
const dateTimeFormat = "yyyy-mm-dd hh:mm:ss"

// detailColumn is one column of the Detail sheets: its heading, width in characters, cell style and
// the value of a call in it (nil for an empty cell).
type detailColumn struct {
	label string
	width float64
	style int
	value func(*metrics.Call) any
}

// detailWriter streams calls into Detail sheets, opening a new sheet whenever one is full.
type detailWriter struct {
	b       *workbookBuilder
	ctx     context.Context
	text    *detailText
	columns []detailColumn
	limit   int // calls per sheet
	header  int // style of the header row
	note    int // style of the note on an empty sheet

	sw      *excelize.StreamWriter
	sheet   string
	sheets  int // sheets opened so far
	rows    int // calls on the current sheet
	written int // calls on every sheet
	values  []any
}

// detail writes the Detail sheets when opts asks for them.
func (b *workbookBuilder) detail(ctx context.Context, opts WorkbookOptions) {
	if b.err != nil || opts.Detail == nil {
		return
	}
	limit := opts.DetailRowsPerSheet
	if limit == 0 {
		limit = MaxDetailRowsPerSheet
	}
	if limit < 0 || limit > MaxDetailRowsPerSheet {
		b.check(fmt.Errorf("detail: %d calls per sheet, want 1 to %d", limit, MaxDetailRowsPerSheet))
		return
	}
	d, err := newDetailWriter(ctx, b, limit, schema.Default())
	if err != nil {
		b.check(fmt.Errorf("detail: %w", err))
		return
	}
	var yieldErr error
	err = opts.Detail(ctx, func(c *metrics.Call) error {
		yieldErr = d.add(c)
		return yieldErr
	})
	// A source that drops the error of yield must not leave a sheet half written unnoticed.
	if err == nil {
		err = yieldErr
	}
	if err == nil {
		err = d.finish()
	}
	if err != nil {
		b.check(fmt.Errorf("detail: %w", err))
	}
}

func newDetailWriter(ctx context.Context, b *workbookBuilder, limit int, model *schema.Model) (*detailWriter, error) {
	text, ok := detailTexts[b.lang]
	if !ok {
		return nil, fmt.Errorf("no Detail headings in language %q", b.lang)
	}
	var loc *time.Location // nil: times as the source gives them
	if tz := b.r.Campaign.TimeZone; tz != "" {
		var err error
		if loc, err = time.LoadLocation(tz); err != nil {
			return nil, fmt.Errorf("campaign time zone: %w", err)
		}
	}
	font := func(bold, italic bool, color string) *excelize.Font {
		return &excelize.Font{Family: b.text.font, Size: 10, Bold: bold, Italic: italic, Color: color}
	}
	format := func(code string) *string { return &code }
	left := &excelize.Alignment{Horizontal: "left", Vertical: "center"}
	right := &excelize.Alignment{Horizontal: "right", Vertical: "center"}
	d := &detailWriter{
		b: b, ctx: ctx, text: text, limit: limit,
		header: b.newStyle(&excelize.Style{Font: font(true, false, "1F4E79"),
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Border:    []excelize.Border{{Type: "bottom", Color: "1F4E79", Style: 2}},
			Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}}),
		note: b.newStyle(&excelize.Style{Font: font(false, true, "7F7F7F"), Alignment: left}),
	}
	textStyle := b.newStyle(&excelize.Style{Font: font(false, false, ""), Alignment: left})
	timeStyle := b.newStyle(&excelize.Style{Font: font(false, false, ""), Alignment: left, CustomNumFmt: format(dateTimeFormat)})
	durationStyle := b.newStyle(&excelize.Style{Font: font(false, false, ""), Alignment: right, CustomNumFmt: format(durationFormat)})
	wholeStyle := b.newStyle(&excelize.Style{Font: font(false, false, ""), Alignment: right, CustomNumFmt: format(lineFormat)})
	if b.err != nil {
		return nil, b.err
	}

	styles := detailStyles{text: textStyle, time: timeStyle, number: wholeStyle}
	column := func(label string, width float64, style int, value func(*metrics.Call) any) detailColumn {
		// Room for the heading in one line, and a little padding.
		return detailColumn{label: label, width: max(width, textWidth(label)) + 2, style: style, value: value}
	}
	labels := newValueLabels(b.r, b.lang, model)
	fields := detailFields(model)
	lastClock := -1
	for i, f := range fields {
		if f.Clock {
			lastClock = i
		}
	}
	values := metrics.DetailFields()
	for i, f := range fields {
		var width float64
		var style int
		var value func(*metrics.Call) any
		if read, ok := callField(f.Name); ok {
			width, style, value = detailValue(f, read, loc, labels, text.valueSeparator, styles)
		} else if at := slices.Index(values, f.Name); at >= 0 {
			// A field metrics.Call has no field of its own for: its text in Call.Values.
			width, style, value = detailValueText(f, at, labels, text.valueSeparator, styles)
		} else {
			continue
		}
		d.columns = append(d.columns, column(b.r.Campaign.FieldLabel(f.Name).In(b.lang), width, style, value))
		if i == lastClock {
			d.columns = append(d.columns, intervalColumns(b.r, b.lang, column, durationStyle)...)
		}
	}
	if lastClock < 0 {
		d.columns = append(d.columns, intervalColumns(b.r, b.lang, column, durationStyle)...)
	}
	d.columns = append(d.columns,
		column(text.file, 20, textStyle, func(c *metrics.Call) any { return nonEmpty(c.File) }),
		column(text.line, 6, wholeStyle, func(c *metrics.Call) any {
			if c.Line == 0 {
				return nil
			}
			return c.Line
		}),
	)
	d.values = make([]any, len(d.columns))
	return d, nil
}

// interval is the time from one clock point to a later one as a spreadsheet duration, rounded to the
// second like the Summary's figures; nil when either point is missing or they are out of order. It
// is the interval as recorded: the Summary's ceilings and flags do not apply.
func interval(from, to time.Time) any {
	if from.IsZero() || to.IsZero() || to.Before(from) {
		return nil
	}
	return math.Round(to.Sub(from).Seconds()) / secondsPerDay
}

// intervalColumns are the columns of the report's intervals, with their labels, so that the Detail
// sheet and the Summary measure the same spans.
func intervalColumns(r *metrics.Report, lang string, column func(string, float64, int, func(*metrics.Call) any) detailColumn, style int) []detailColumn {
	var columns []detailColumn
	for _, iv := range r.Response.Intervals {
		from, okFrom := callField(iv.From)
		to, okTo := callField(iv.To)
		if !okFrom || !okTo || from.goType() != timeType || to.goType() != timeType {
			continue
		}
		columns = append(columns, column(iv.Label.In(lang), 6, style, func(c *metrics.Call) any {
			return interval(from.time(c), to.time(c))
		}))
	}
	return columns
}

// detailFields returns the fields of the calls the data model lists in the Detail sheets, in its
// order.
func detailFields(model *schema.Model) []schema.Field {
	var fields []schema.Field
	for _, f := range model.Table("calls").Fields {
		if f.Detail {
			fields = append(fields, f)
		}
	}
	return fields
}

// detailStyles are the cell styles of the Detail columns.
type detailStyles struct {
	text, time, number int
}

// detailValue returns the width, style and cell value of a Detail column of field f read from calls
// by read: clock points as date-times in loc, codes and lists of codes by their labels, text by the
// labels the report gives it (districts by the campaign's names) or as stored, numbers with codes
// (a priority) by their labels and other numbers as numbers. An empty value, a clock point not
// recorded and a coded number 0 (not recorded) are empty cells.
func detailValue(f schema.Field, read callReader, loc *time.Location, labels valueLabels, separator string, styles detailStyles) (float64, int, func(*metrics.Call) any) {
	label := func(key string) any {
		if key == "" {
			return nil
		}
		return labels.of(f.Name, key)
	}
	switch {
	case f.Type == schema.TypeTime && read.goType() == timeType:
		return 19, styles.time, func(c *metrics.Call) any {
			at := read.time(c)
			if at.IsZero() {
				return nil
			}
			if loc != nil {
				at = at.In(loc)
			}
			return at
		}
	case f.Type == schema.TypeList && read.goType() == stringsType:
		return 16, styles.text, func(c *metrics.Call) any {
			codes := read.strings(c)
			names := make([]string, len(codes))
			for i, code := range codes {
				names[i] = labels.of(f.Name, code)
			}
			return nonEmpty(strings.Join(names, separator))
		}
	case len(f.Codes) > 0 && read.kind() == reflect.Int:
		// A coded number, such as a priority: 0 is not recorded.
		return 10, styles.text, func(c *metrics.Call) any {
			if n := read.int(c); n != 0 {
				return label(strconv.FormatInt(n, 10))
			}
			return nil
		}
	case len(f.Codes) > 0 && read.kind() == reflect.Bool:
		return 10, styles.text, func(c *metrics.Call) any { return label(strconv.FormatBool(read.value(c).Bool())) }
	case f.Type == schema.TypeCode || f.Type == schema.TypeText:
		width := 10.0
		if f.Type == schema.TypeText {
			width = 12
		}
		return width, styles.text, func(c *metrics.Call) any { return label(read.value(c).String()) }
	case read.kind() == reflect.Int:
		return 6, styles.number, func(c *metrics.Call) any { return read.int(c) }
	case read.kind() == reflect.Float64:
		return 8, styles.number, func(c *metrics.Call) any { return read.value(c).Float() }
	}
	return 12, styles.text, func(c *metrics.Call) any { return nonEmpty(fmt.Sprint(read.value(c).Interface())) }
}

// detailValueText returns the width, style and cell value of a Detail column of field f read from the
// text of Call.Values at position at: codes and lists of codes by their labels, numbers as numbers,
// text as stored; an empty value is an empty cell.
func detailValueText(f schema.Field, at int, labels valueLabels, separator string, styles detailStyles) (float64, int, func(*metrics.Call) any) {
	text := func(c *metrics.Call) string {
		if at < len(c.Values) {
			return c.Values[at]
		}
		return ""
	}
	switch {
	case f.Type == schema.TypeList:
		return 16, styles.text, func(c *metrics.Call) any {
			var names []string
			for _, code := range strings.Split(text(c), ";") {
				if code != "" {
					names = append(names, labels.of(f.Name, code))
				}
			}
			return nonEmpty(strings.Join(names, separator))
		}
	case (f.Type == schema.TypeInt || f.Type == schema.TypeFloat) && len(f.Codes) == 0:
		return 8, styles.number, func(c *metrics.Call) any {
			if x, err := strconv.ParseFloat(text(c), 64); err == nil {
				return x
			}
			return nil
		}
	}
	return 12, styles.text, func(c *metrics.Call) any {
		if v := text(c); v != "" {
			return labels.of(f.Name, v)
		}
		return nil
	}
}

// nonEmpty is s, or nil (an empty cell) when s is empty.
func nonEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

var (
	timeType    = reflect.TypeFor[time.Time]()
	stringsType = reflect.TypeFor[[]string]()
)

// callReader reads one field of a metrics.Call.
type callReader struct {
	field reflect.StructField
}

// goType is the type of the field in metrics.Call.
func (r callReader) goType() reflect.Type { return r.field.Type }

// kind is the kind of the field's type.
func (r callReader) kind() reflect.Kind { return r.field.Type.Kind() }

// callField finds the field of metrics.Call that holds the data model's field name: the exported
// field of the same name written in Go's way (call_id is CallID, people_helped PeopleHelped), a
// clock point also without its "_at" (received_at is Received). ok is false when Call has none.
func callField(name string) (callReader, bool) {
	plain := strings.ReplaceAll(name, "_", "")
	short := strings.ReplaceAll(strings.TrimSuffix(name, "_at"), "_", "")
	for _, f := range reflect.VisibleFields(reflect.TypeFor[metrics.Call]()) {
		if f.IsExported() && (strings.EqualFold(f.Name, plain) || strings.EqualFold(f.Name, short)) {
			return callReader{f}, true
		}
	}
	return callReader{}, false
}

// value returns the field's value in c.
func (r callReader) value(c *metrics.Call) reflect.Value {
	return reflect.ValueOf(c).Elem().FieldByIndex(r.field.Index)
}

func (r callReader) time(c *metrics.Call) time.Time {
	return r.value(c).Interface().(time.Time)
}

func (r callReader) strings(c *metrics.Call) []string {
	return r.value(c).Interface().([]string)
}

func (r callReader) int(c *metrics.Call) int64 { return r.value(c).Int() }

// valueLabels names the values of the fields of calls in one language: first as the report's
// breakdowns by field name them (districts by the campaign's names), then by the data model's
// labels of codes; a value without a label is shown as stored.
type valueLabels struct {
	campaign metrics.CampaignInfo
	lang     string
	model    *schema.Model
	labels   map[string]map[string]string // by field, then value
}

func newValueLabels(r *metrics.Report, lang string, model *schema.Model) valueLabels {
	l := valueLabels{campaign: r.Campaign, lang: lang, model: model, labels: map[string]map[string]string{}}
	for _, fb := range r.Breakdowns.ByField {
		m := map[string]string{}
		for _, row := range fb.Rows {
			if label := row.Label.In(lang); row.Key != "" && label != "" {
				m[row.Key] = label
			}
		}
		l.labels[fb.Field] = m
	}
	return l
}

// of returns the label of value of field.
func (l valueLabels) of(field, value string) string {
	if label, ok := l.labels[field][value]; ok {
		return label
	}
	if f := l.model.Field("calls", field); f != nil {
		if _, ok := f.Code(value); ok {
			return l.campaign.CodeLabel(field, value).In(l.lang)
		}
	}
	return value
}

// add writes one call, on a new sheet when the current one is full.
func (d *detailWriter) add(c *metrics.Call) error {
	if d.written%1024 == 0 {
		if err := d.ctx.Err(); err != nil {
			return err
		}
	}
	if d.sw == nil || d.rows == d.limit {
		if err := d.nextSheet(); err != nil {
			return err
		}
	}
	for i, col := range d.columns {
		d.values[i] = col.value(c)
	}
	d.rows++
	d.written++
	// Text goes in as Go strings, which the StreamWriter stores as inline strings: without a
	// Cell.Formula nothing becomes a formula, whatever the text starts with.
	return d.sw.SetRow("A"+strconv.Itoa(d.rows+1), d.values)
}

// finish closes the last sheet; without any call it writes a sheet with a note under its header.
func (d *detailWriter) finish() error {
	if err := d.ctx.Err(); err != nil {
		return err
	}
	if d.sw == nil {
		if err := d.nextSheet(); err != nil {
			return err
		}
		if err := d.sw.SetRow("A2", []any{excelize.Cell{StyleID: d.note, Value: d.text.noCalls}}); err != nil {
			return err
		}
	}
	return d.closeSheet()
}

// sheetName names the n-th Detail sheet: "Detail", "Detail (2)", ...
func (d *detailWriter) sheetName(n int) string {
	if n == 1 {
		return d.text.sheet
	}
	return fmt.Sprintf("%s (%d)", d.text.sheet, n)
}

// nextSheet closes the current sheet, if any, and opens the next with its page setup, widths,
// column styles and header row. Settings stored before the sheet data must precede
// NewStreamWriter (sheet properties) or the first row (panes, columns).
func (d *detailWriter) nextSheet() error {
	if d.sw != nil {
		if err := d.closeSheet(); err != nil {
			return err
		}
	}
	b, f := d.b, d.b.f
	d.sheets++
	d.sheet, d.rows = d.sheetName(d.sheets), 0
	if i, _ := f.GetSheetIndex(d.sheet); i >= 0 {
		return fmt.Errorf("sheet %q exists already", d.sheet)
	}
	if _, err := f.NewSheet(d.sheet); err != nil {
		return err
	}
	b.pageSetup(d.sheet, false)
	var width float64
	for _, c := range d.columns {
		width += columnPoints(c.width)
	}
	b.setScale(d.sheet, fitScale(width, 0))
	b.check(f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: quoteSheet(d.sheet) + "!$1:$1", Scope: d.sheet,
	}))
	if b.err != nil {
		return b.err
	}
	sw, err := f.NewStreamWriter(d.sheet)
	if err != nil {
		return err
	}
	d.sw = sw
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	// The StreamWriter writes columns in the reverse order of these calls, and spreadsheets want
	// them in ascending order: last column first.
	for i := len(d.columns) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, d.columns[i].width); err != nil {
			return err
		}
		if err := sw.SetColStyle(i+1, i+1, d.columns[i].style); err != nil {
			return err
		}
	}
	header := make([]any, len(d.columns))
	for i, col := range d.columns {
		header[i] = excelize.Cell{StyleID: d.header, Value: col.label}
	}
	return sw.SetRow("A1", header, excelize.RowOpts{Height: 20})
}

// closeSheet sets the autofilter over the header and the rows written, and ends the sheet's stream.
// AutoFilter also replaces the sheet properties, but the stream wrote those when it was opened.
func (d *detailWriter) closeSheet() error {
	last, err := excelize.CoordinatesToCellName(len(d.columns), d.rows+1)
	if err != nil {
		return err
	}
	if err := d.b.f.AutoFilter(d.sheet, "A1:"+last, nil); err != nil {
		return err
	}
	if err := d.sw.Flush(); err != nil {
		return err
	}
	d.sw = nil
	return nil
}
