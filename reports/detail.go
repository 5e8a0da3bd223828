package reports

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"bulletin/metrics"
)

// CallSource streams calls to yield in the order the Detail sheet lists them, stops at the first
// error of yield and returns it. metrics.Calls over a warehouse is one.
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
}

// detailText holds the fixed headings of the Detail sheets in one language. Interval columns take
// their labels from the report.
type detailText struct {
	sheet                                           string
	noCalls                                         string
	callID, incidentID                              string
	received, answered, dispatched, arrived, closed string
	channel, category, subcategory, priority        string
	district, station, disposition, peopleHelped    string
	linkedAgencies, file, line                      string
	agencySeparator                                 string // between the agencies of one call
}

var detailTexts = map[string]*detailText{
	"zh": {
		sheet: "明细", noCalls: "统计时段内无警情。",
		callID: "接警编号", incidentID: "警情编号",
		received: "报警时间", answered: "接警时间", dispatched: "派警时间", arrived: "到达现场时间", closed: "结警时间",
		channel: "报警方式", category: "警情类别", subcategory: "警情细类", priority: "警情等级",
		district: "地区", station: "派出所", disposition: "处置结果", peopleHelped: "救助人数",
		linkedAgencies: "联动单位", file: "来源文件", line: "行号",
		agencySeparator: "、",
	},
	"en": {
		sheet: "Detail", noCalls: "No calls in the period.",
		callID: "Call ID", incidentID: "Incident ID",
		received: "Received", answered: "Answered", dispatched: "Dispatched", arrived: "Arrived", closed: "Closed",
		channel: "Channel", category: "Category", subcategory: "Subcategory", priority: "Priority",
		district: "District", station: "Police station", disposition: "Disposition", peopleHelped: "People helped",
		linkedAgencies: "Linked agencies", file: "Source file", line: "Line",
		agencySeparator: ", ",
	},
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
	d, err := newDetailWriter(ctx, b, limit)
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

func newDetailWriter(ctx context.Context, b *workbookBuilder, limit int) (*detailWriter, error) {
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

	labels := newDetailLabels(b.r, b.lang)
	str := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	clock := func(at time.Time) any {
		if at.IsZero() {
			return nil
		}
		if loc != nil {
			at = at.In(loc)
		}
		return at
	}
	whole := func(n int64) any {
		if n == 0 {
			return nil
		}
		return n
	}
	column := func(label string, width float64, style int, value func(*metrics.Call) any) detailColumn {
		// Room for the heading in one line, and a little padding.
		return detailColumn{label: label, width: max(width, textWidth(label)) + 2, style: style, value: value}
	}
	t := text
	d.columns = []detailColumn{
		column(t.callID, 12, textStyle, func(c *metrics.Call) any { return str(c.CallID) }),
		column(t.incidentID, 12, textStyle, func(c *metrics.Call) any { return str(c.IncidentID) }),
		column(t.received, 19, timeStyle, func(c *metrics.Call) any { return clock(c.Received) }),
		column(t.answered, 19, timeStyle, func(c *metrics.Call) any { return clock(c.Answered) }),
		column(t.dispatched, 19, timeStyle, func(c *metrics.Call) any { return clock(c.Dispatched) }),
		column(t.arrived, 19, timeStyle, func(c *metrics.Call) any { return clock(c.Arrived) }),
		column(t.closed, 19, timeStyle, func(c *metrics.Call) any { return clock(c.Closed) }),
	}
	// One column per interval of the report, with its label, so that the Detail sheet and the
	// Summary measure the same spans.
	for _, iv := range b.r.Response.Intervals {
		from, to := clockPoint(iv.From), clockPoint(iv.To)
		if from == nil || to == nil {
			continue
		}
		d.columns = append(d.columns, column(iv.Label.In(b.lang), 6, durationStyle, func(c *metrics.Call) any {
			return interval(from(c), to(c))
		}))
	}
	d.columns = append(d.columns,
		column(t.channel, 8, textStyle, func(c *metrics.Call) any { return str(labels.channel.of(c.Channel)) }),
		column(t.category, 10, textStyle, func(c *metrics.Call) any { return str(labels.category.of(c.Category)) }),
		column(t.subcategory, 10, textStyle, func(c *metrics.Call) any { return str(labels.subcategory.of(c.Subcategory)) }),
		column(t.priority, 4, wholeStyle, func(c *metrics.Call) any { return whole(int64(c.Priority)) }),
		column(t.district, 12, textStyle, func(c *metrics.Call) any { return str(labels.district.of(c.District)) }),
		column(t.station, 14, textStyle, func(c *metrics.Call) any { return str(c.Station) }),
		column(t.disposition, 12, textStyle, func(c *metrics.Call) any { return str(metrics.CodeLabel("disposition", c.Disposition).In(b.lang)) }),
		column(t.peopleHelped, 4, wholeStyle, func(c *metrics.Call) any { return int64(c.PeopleHelped) }),
		column(t.linkedAgencies, 16, textStyle, func(c *metrics.Call) any {
			names := make([]string, len(c.LinkedAgencies))
			for i, a := range c.LinkedAgencies {
				names[i] = labels.agency.of(a)
			}
			return str(strings.Join(names, t.agencySeparator))
		}),
		column(t.file, 20, textStyle, func(c *metrics.Call) any { return str(c.File) }),
		column(t.line, 6, wholeStyle, func(c *metrics.Call) any { return whole(c.Line) }),
	)
	d.values = make([]any, len(d.columns))
	return d, nil
}

// clockPoint returns the clock point of a call named as in the calls table, or nil for a name it
// does not know.
func clockPoint(name string) func(*metrics.Call) time.Time {
	switch name {
	case "received_at":
		return func(c *metrics.Call) time.Time { return c.Received }
	case "answered_at":
		return func(c *metrics.Call) time.Time { return c.Answered }
	case "dispatched_at":
		return func(c *metrics.Call) time.Time { return c.Dispatched }
	case "arrived_at":
		return func(c *metrics.Call) time.Time { return c.Arrived }
	case "closed_at":
		return func(c *metrics.Call) time.Time { return c.Closed }
	}
	return nil
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

// detailLabels turns the codes and names of the data into the labels the report gives them in one
// language.
type detailLabels struct {
	channel, category, subcategory, district, agency labelMap
}

// labelMap maps a value as stored to its label; the labels of the report come first, then the
// labels metrics gives the codes of the field.
type labelMap struct {
	field, lang string
	labels      map[string]string
}

// of returns the label of key, or key itself when it has none.
func (m labelMap) of(key string) string {
	if label, ok := m.labels[key]; ok {
		return label
	}
	return metrics.CodeLabel(m.field, key).In(m.lang)
}

func (m labelMap) add(key, label string) {
	if key != "" && label != "" {
		m.labels[key] = label
	}
}

func newDetailLabels(r *metrics.Report, lang string) detailLabels {
	newMap := func(field string) labelMap { return labelMap{field: field, lang: lang, labels: map[string]string{}} }
	l := detailLabels{channel: newMap("channel"), category: newMap("category"), subcategory: newMap("subcategory"),
		district: newMap("district"), agency: newMap("linked_agencies")}
	for _, field := range r.Breakdowns.ByField {
		var m labelMap
		switch field.Field {
		case "channel":
			m = l.channel
		case "category":
			m = l.category
		case "subcategory":
			m = l.subcategory
		case "district":
			m = l.district
		default:
			continue
		}
		for _, row := range field.Rows {
			m.add(row.Key, row.Label.In(lang))
		}
	}
	for _, c := range r.Categories {
		l.category.add(c.Key, c.Label.In(lang))
	}
	for _, d := range r.Districts {
		l.district.add(d.District, d.Name(lang))
	}
	for _, a := range r.Linkage {
		l.agency.add(a.Key, a.Label.In(lang))
	}
	return l
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
