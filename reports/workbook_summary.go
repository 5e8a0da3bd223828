package reports

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"bulletin/metrics"
)

// The Summary sheet is laid out on a grid of tiles: tilesPerRow tiles side by side, each tileCols
// columns wide. The tables and charts below the tiles use the same columns, so that the page keeps
// one set of column widths, uniform from tile to tile.
const (
	tilesPerRow = 4
	tileCols    = 3
	summaryCols = tilesPerRow * tileCols
)

// summaryTitleRows is the number of title rows at the top of the Summary, repeated on every printed
// page; summaryChartRows the number of rows the charts span, on the Summary's second page.
const (
	summaryTitleRows = 2
	summaryChartRows = 32
)

// Row heights of a tile, in points.
const (
	tileLabelHeight  = 20
	tileValueHeight  = 30
	tileChangeHeight = 16
	tileGapHeight    = 8
)

// tileLabel is where a tile's label is, by row and group of tileCols columns, and the width it needs.
type tileLabel struct {
	row, group int
	width      float64
}

// kpiTile is one key figure of the Summary: its label, its value and how it changed against each
// baseline period.
type kpiTile struct {
	name    string // the defined name of the value cell
	label   string
	unit    string
	value   float64
	share   bool   // value is a share (0.0%), changes are in percentage points
	better  string // metrics.BetterHigher, BetterLower or ""
	changes []tileChange
	// noData marks a share without any valid interval, shown as "no data" rather than 0%;
	// unreliable a share over fewer than min_n, shown marked "*".
	noData, unreliable bool
}

// tileChange is a figure's change against one baseline: absolute (or in percentage points) and
// relative. available is false when the baseline has no data; rel is nil when the baseline is 0 or
// below the campaign's min_base, and for a share, which changes in percentage points only.
type tileChange struct {
	available bool
	abs       float64
	rel       *float64
}

// summaryLayout remembers where the Summary's charts go and which cells they chart: the district
// rows of the ranking (zero when there are none), and the row the charts start at.
type summaryLayout struct {
	districtRows [2]int
	shareCol     int  // the column of the first compliance threshold in the district table
	hasShares    bool // whether any district has a valid interval, and so a share to chart
	chartRow     int
	chartRows    int
	lastRow      int // the last row printed
}

// summary lays out the one-page Summary sheet: title, KPI tiles, the district ranking with its
// traffic lights and data bars, and room for three charts, which summaryCharts adds once the column
// widths and row heights are final.
func (b *workbookBuilder) summary() *summaryLayout {
	sheet, t, c := b.text.summarySheet, b.text, b.r.Campaign
	b.uniform[sheet] = tileCols

	b.check(b.f.SetSheetView(sheet, 0, &excelize.ViewOptions{ShowGridLines: new(bool)}))
	b.span(sheet, 1, summaryCols, c.Name.In(b.lang), b.style.title)
	b.rowHeight(sheet, 1, 28)
	subtitle := strings.Join([]string{c.Unit.In(b.lang), b.periodText(), fmt.Sprintf(t.published, c.Published)}, "    ")
	b.span(sheet, 2, summaryCols, subtitle, b.style.subtitle)
	b.freezeRows(sheet, summaryTitleRows)

	row := 4
	b.section(sheet, row, t.headline)
	if note := b.compareNote(); note != "" {
		b.str(sheet, 4, row, note, b.style.noteBottom)
		b.check(b.f.MergeCell(sheet, b.cell(4, row), b.cell(summaryCols, row)))
		b.rowHeight(sheet, row, 38) // three lines of the note
	}
	row = b.tiles(sheet, row+1)
	layout := &summaryLayout{}
	row = b.districtRanking(sheet, row, layout)
	// The charts print on a page of their own, under the repeated title rows: with the figures
	// they would not fit one page at a legible scale.
	layout.chartRow = row
	layout.chartRows = summaryChartRows
	b.check(b.f.InsertPageBreak(sheet, b.cell(1, row)))
	for i := range layout.chartRows {
		b.rowHeight(sheet, row+i, bodyRowHeight)
	}
	row += layout.chartRows + 1
	q := b.r.Quality
	line := fmt.Sprintf(t.qualityLine, groupThousands(q.RowsRead), groupThousands(q.Loaded),
		groupThousands(q.Quarantined), groupThousands(q.Duplicates), groupThousands(q.Flagged))
	b.span(sheet, row, summaryCols, line, b.style.note)
	b.rowHeight(sheet, row, noteRowHeight)
	layout.lastRow = row
	b.check(b.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Area", RefersTo: sheetRange(sheet, "A1", b.cell(summaryCols, row)), Scope: sheet,
	}))
	return layout
}

// section writes a block heading and leaves the row taller, so blocks stand apart.
func (b *workbookBuilder) section(sheet string, row int, title string) {
	b.dropHeaderTitles(sheet)
	b.str(sheet, 1, row, title, b.style.section)
	b.rowHeight(sheet, row, 24)
}

// summaryTiles gathers the tiles of the Summary: every headline figure, then the share within each
// compliance threshold.
func (b *workbookBuilder) summaryTiles() []kpiTile {
	var tiles []kpiTile
	for _, fig := range b.r.Headline {
		tile := kpiTile{name: "kpi_" + fig.ID, label: upperFirst(fig.Label.In(b.lang)), unit: fig.Unit.In(b.lang),
			value: float64(fig.Value), better: fig.Better}
		for i := range b.r.Baselines {
			var ch tileChange
			if i < len(fig.Compare) && fig.Compare[i].Available && fig.Compare[i].Abs != nil {
				// No per cent change on a small base (the campaign's min_base): units only.
				ch = tileChange{available: true, abs: float64(*fig.Compare[i].Abs), rel: b.r.Campaign.Publication.Rel(fig.Compare[i])}
			}
			tile.changes = append(tile.changes, ch)
		}
		tiles = append(tiles, tile)
	}
	cp := b.r.Response.Compliance
	for _, th := range cp.Thresholds {
		tile := kpiTile{
			name:  fmt.Sprintf("compliance_within_%ds", th.Seconds),
			label: upperFirst(fmt.Sprintf(b.text.shareTile, cp.Label.In(b.lang), b.text.thresholdLabel(th.Seconds))),
			value: th.Share, share: true, better: metrics.BetterHigher,
			noData: th.Of == 0, unreliable: th.Of > 0 && !th.Reliable,
		}
		for i := range b.r.Baselines {
			var ch tileChange
			// Without a share of its own the period has no change to show.
			if !tile.noData && i < len(th.Compare) && th.Compare[i].Available && th.Compare[i].Points != nil {
				// A share changes in percentage points only: a relative change of a rate ("+12.5%" on
				// 40.0%) reads as points and misleads.
				ch = tileChange{available: true, abs: *th.Compare[i].Points}
			}
			tile.changes = append(tile.changes, ch)
		}
		tiles = append(tiles, tile)
	}
	return tiles
}

// tiles writes the KPI tiles from row on, tilesPerRow to a row, with a note on the comparisons in
// the first free tile (or under the tiles), and returns the next free row.
func (b *workbookBuilder) tiles(sheet string, row int) int {
	tiles := b.summaryTiles()
	height := 2 + len(b.r.Baselines)
	for i, tile := range tiles {
		top := row + (i/tilesPerRow)*(height+1)
		b.tile(sheet, top, 1+(i%tilesPerRow)*tileCols, tile)
	}
	rows := (len(tiles) + tilesPerRow - 1) / tilesPerRow
	for i := 1; i < rows; i++ {
		b.rowHeight(sheet, row+i*(height+1)-1, tileGapHeight)
	}
	return row + rows*(height+1)
}

// compareNote says what the tiles' changes compare with and what their colours mean.
func (b *workbookBuilder) compareNote() string {
	t := b.text
	var with []string
	for _, bl := range b.r.Baselines {
		with = append(with, fmt.Sprintf(t.compareWith, bl.Label.In(b.lang), bl.Start, bl.End))
	}
	if len(with) == 0 {
		return ""
	}
	note := fmt.Sprintf(t.compareNote, strings.Join(with, t.listSep)) + t.colourNote
	if base := b.r.Campaign.Publication.MinBase; base > 0 {
		note += fmt.Sprintf(t.baseNote, base)
	}
	return note
}

// versusLabel is the short row label of a tile's change against baseline i.
func (b *workbookBuilder) versusLabel(i int) string {
	bl := b.r.Baselines[i]
	if label, ok := b.text.versus[bl.ID]; ok {
		return label
	}
	return fmt.Sprintf(b.text.versusOther, bl.Label.In(b.lang))
}

// tile writes one KPI tile with its top-left corner at (col, top): the label across the tile, the
// value with its unit, then a row per baseline with the change in numbers (or percentage points)
// and in per cent, marked up or down and coloured good or bad where the figure says which is which.
func (b *workbookBuilder) tile(sheet string, top, col int, tile kpiTile) {
	if b.err != nil {
		return
	}
	t := b.text
	last := col + tileCols - 1
	b.str(sheet, col, top, tile.label, b.tileStyle("label", col, last, col))
	for c := col + 1; c <= last; c++ {
		b.styled(sheet, c, top, b.tileStyle("label", col, last, c))
	}
	b.check(b.f.MergeCell(sheet, b.cell(col, top), b.cell(last, top)))
	b.minSpan[sheet] = max(b.minSpan[sheet], textWidth(tile.label)+2) // the label spans the tile
	b.tileLabels[sheet] = append(b.tileLabels[sheet], tileLabel{row: top, group: (col - 1) / tileCols, width: textWidth(tile.label) + 2})
	b.rowHeight(sheet, top, tileLabelHeight)

	valueRef := b.put(sheet, col, top+1)
	kind := "value"
	switch {
	case tile.noData:
		kind = "noData"
		b.empty[sheet] = true
		b.check(b.f.SetCellStr(sheet, valueRef, t.noData))
	case tile.share && tile.unreliable:
		kind = "valueShareMarked"
		b.marked[sheet] = true
		b.check(b.f.SetCellFloat(sheet, valueRef, tile.value, -1, 64))
	case tile.share:
		kind = "valueShare"
		b.check(b.f.SetCellFloat(sheet, valueRef, tile.value, -1, 64))
	default:
		b.check(b.f.SetCellFloat(sheet, valueRef, tile.value, -1, 64))
	}
	b.styled(sheet, col, top+1, b.tileStyle(kind, col, last, col))
	b.styled(sheet, col+1, top+1, b.tileStyle(kind, col, last, col+1))
	b.check(b.f.MergeCell(sheet, valueRef, b.cell(col+1, top+1)))
	b.str(sheet, last, top+1, tile.unit, b.tileStyle("unit", col, last, last))
	b.fit(sheet, last, textWidth(tile.unit))
	b.rowHeight(sheet, top+1, tileValueHeight)
	if name := definedName(tile.name); name != "" {
		b.check(b.f.SetDefinedName(&excelize.DefinedName{Name: name, RefersTo: sheetRange(sheet, valueRef, "")}))
	}

	for i, ch := range tile.changes {
		row := top + 2 + i
		b.rowHeight(sheet, row, tileChangeHeight)
		vs := b.versusLabel(i)
		b.str(sheet, col, row, vs, b.tileStyle("versus", col, last, col))
		b.fit(sheet, col, textWidth(vs))
		// The relative change: a number, "n/a", or for a share (points only) the tile's frame alone.
		relCell := func(rel *float64) {
			switch {
			case rel != nil:
				relRef := b.put(sheet, col+2, row)
				b.check(b.f.SetCellFloat(sheet, relRef, *rel, -1, 64))
				b.styled(sheet, col+2, row, b.tileStyle("rel", col, last, col+2))
				b.fit(sheet, col+2, float64(len(fmt.Sprintf("+%.1f%%", math.Abs(*rel)*100))))
			case tile.share:
				b.styled(sheet, col+2, row, b.tileStyle("na", col, last, col+2))
			default:
				b.str(sheet, col+2, row, t.notAvailable, b.tileStyle("na", col, last, col+2))
			}
		}
		if !ch.available {
			b.str(sheet, col+1, row, t.notAvailable, b.tileStyle("na", col, last, col+1))
			relCell(nil)
			continue
		}
		absKind, absText := "abs", changeText(groupThousands(int64(math.Abs(ch.abs))), ch.abs)
		if tile.share {
			absKind = "points"
			absText = changeText(fmt.Sprintf("%.1f", math.Abs(ch.abs)), ch.abs) + strings.Trim(t.pointsUnit, `"`)
		}
		absRef := b.put(sheet, col+1, row)
		b.check(b.f.SetCellFloat(sheet, absRef, ch.abs, -1, 64))
		b.styled(sheet, col+1, row, b.tileStyle(absKind, col, last, col+1))
		b.fit(sheet, col+1, textWidth(absText))
		relCell(ch.rel)
		b.colourChange(sheet, b.cell(col+1, row)+":"+b.cell(col+2, row), tile.better)
	}
}

// changeText is how a change's number format shows it: an arrow, a sign and the magnitude.
func changeText(magnitude string, v float64) string {
	switch {
	case v > 0:
		return "▲ +" + magnitude
	case v < 0:
		return "▼ −" + magnitude
	}
	return "＝ " + magnitude
}

// colourChange colours the change cells of ref green where they went the better way and red where
// they went the worse way; a figure without a better direction keeps its neutral colour. The rule
// reads the cells' values, so it follows them if they are edited.
func (b *workbookBuilder) colourChange(sheet, ref, better string) {
	var up, down *int
	switch better {
	case metrics.BetterHigher:
		up, down = &b.style.good, &b.style.bad
	case metrics.BetterLower:
		up, down = &b.style.bad, &b.style.good
	default:
		return
	}
	b.check(b.f.SetConditionalFormat(sheet, ref, []excelize.ConditionalFormatOptions{
		{Type: "cell", Criteria: ">", Value: "0", Format: up},
		{Type: "cell", Criteria: "<", Value: "0", Format: down},
	}))
}

// tileStyle returns the style of a tile cell of the given kind in column col of a tile spanning
// first..last: every tile cell is filled, the label row carries an accent line, and the tile's
// outer columns a white edge that sets it apart from its neighbours.
func (b *workbookBuilder) tileStyle(kind string, first, last, col int) int {
	edge := "middle"
	switch col {
	case first:
		edge = "first"
	case last:
		edge = "last"
	}
	key := kind + "/" + edge
	if id, ok := b.tileStyles[key]; ok {
		return id
	}
	fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F5F9"}}
	var border []excelize.Border
	if edge == "first" {
		border = append(border, excelize.Border{Type: "left", Color: "FFFFFF", Style: 5})
	}
	if edge == "last" {
		border = append(border, excelize.Border{Type: "right", Color: "FFFFFF", Style: 5})
	}
	font := func(size float64, bold bool, color string) *excelize.Font {
		return &excelize.Font{Family: b.text.font, Size: size, Bold: bold, Color: color}
	}
	format := func(code string) *string { return &code }
	style := &excelize.Style{Fill: fill}
	switch kind {
	case "label":
		border = append(border, excelize.Border{Type: "top", Color: "1F4E79", Style: 2})
		style.Font = font(10, true, "44546A")
		style.Alignment = &excelize.Alignment{Horizontal: "left", Vertical: "center", Indent: 1, WrapText: true}
	case "value", "valueShare", "valueShareMarked":
		style.Font = font(20, true, "1F4E79")
		style.Alignment = &excelize.Alignment{Horizontal: "left", Vertical: "center", Indent: 1}
		style.CustomNumFmt = format(countFormat)
		switch kind {
		case "valueShare":
			style.CustomNumFmt = format(shareFormat)
		case "valueShareMarked":
			style.CustomNumFmt = format(shareFormat + `"*"`)
		}
	case "noData":
		style.Font = &excelize.Font{Family: b.text.font, Size: 14, Italic: true, Color: "808080"}
		style.Alignment = &excelize.Alignment{Horizontal: "left", Vertical: "center", Indent: 1}
	case "unit":
		style.Font = font(10, false, "595959")
		style.Alignment = &excelize.Alignment{Horizontal: "left", Vertical: "center"}
	case "versus":
		style.Font = font(minTextPoints, false, "7F7F7F")
		style.Alignment = &excelize.Alignment{Horizontal: "left", Vertical: "center", Indent: 1}
	case "abs", "points", "rel", "na":
		style.Font = font(minTextPoints, true, "595959")
		style.Alignment = &excelize.Alignment{Horizontal: "right", Vertical: "center"}
		switch kind {
		case "abs":
			style.CustomNumFmt = format(countChangeFormat)
		case "points":
			style.CustomNumFmt = format(pointsChangeFormat(b.text.pointsUnit))
		case "rel":
			style.CustomNumFmt = format(relChangeFormat)
		case "na":
			style.Font = font(minTextPoints, false, "A6A6A6")
		}
	}
	style.Border = border
	id := b.newStyle(style)
	b.tileStyles[key] = id
	return id
}

// Number formats of changes: an arrow and a sign, so that a change reads the same printed in black
// and white as on screen in colour.
const (
	countChangeFormat = `"▲ +"#,##0;"▼ −"#,##0;"＝ "0`
	relChangeFormat   = `+0.0%;"−"0.0%;0.0%`
)

// pointsChangeFormat is the number format of a change in percentage points, unit being the quoted
// unit text.
func pointsChangeFormat(unit string) string {
	return `"▲ +"0.0` + unit + `;"▼ −"0.0` + unit + `;"＝ "0.0` + unit
}

var definedNameInvalid = regexp.MustCompile(`[^A-Za-z0-9_]`)

// definedName turns an identifier into a valid workbook defined name: letters, digits and
// underscores, starting with a letter.
func definedName(id string) string {
	name := definedNameInvalid.ReplaceAllString(id, "_")
	if name == "" {
		return ""
	}
	if c := name[0]; !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
		name = "n_" + name
	}
	return name
}

// upperFirst capitalises a label that starts a line.
func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// tierTarget is the first target on the compliance interval that is tiered by district: its
// threshold per district is the district's time limit. Nil when the profile has none.
func tierTarget(r *metrics.Report) *metrics.TargetResult {
	for i, target := range r.Response.Targets {
		if target.Interval == r.Response.Compliance.Interval && target.TierField == "district" {
			return &r.Response.Targets[i]
		}
	}
	return nil
}

// districtLimit is a district's time limit under the tiered target, and the share of its valid
// intervals within it; ok is false when the district has no tier or no valid interval.
func districtLimit(target *metrics.TargetResult, district string) (seconds int, share float64, ok bool) {
	tier := districtTier(target, district)
	if tier == nil || tier.N == 0 {
		return 0, 0, false
	}
	return tier.Thresholds[0].Seconds, tier.Thresholds[0].Share, true
}

// districtTier is a district's tier of the tiered target, with a threshold, or nil.
func districtTier(target *metrics.TargetResult, district string) *metrics.TierResult {
	if target == nil {
		return nil
	}
	for i, tier := range target.Tiers {
		if tier.Tier == district && len(tier.Thresholds) > 0 {
			return &target.Tiers[i]
		}
	}
	return nil
}

// districtColumns are the columns of a district table (the Summary's ranking, the Districts
// sheet) after the district and its calls: the campaign's first breakdown by district (focus, 0
// when it declares none), the valid responses, their median and P90, the time limit and the share
// within it (limit, 0 without a target tiered by district), and the share within each compliance
// threshold from share on.
type districtColumns struct {
	focus, responses, limit, share, last int
}

// newDistrictColumns lays out the columns of a district table whose first columns are given.
func (b *workbookBuilder) newDistrictColumns(first []string) ([]string, districtColumns) {
	t := b.text
	labels := slices.Clone(first)
	var c districtColumns
	if focus := b.districtFocus(); focus != nil {
		labels = append(labels, focus.Label.In(b.lang))
		c.focus = len(labels)
	}
	labels = append(labels, t.responses, t.p50, t.p90)
	c.responses = len(labels) - 2
	if tierTarget(b.r) != nil {
		labels = append(labels, t.limit, t.inLimit)
		c.limit = len(labels) - 1
	}
	c.share = len(labels) + 1
	for _, th := range b.r.Response.Compliance.Thresholds {
		labels = append(labels, t.thresholdLabel(th.Seconds))
	}
	c.last = len(labels)
	return labels, c
}

// districtFigures are the response figures of a district table's row.
type districtFigures struct {
	n        int64 // valid intervals of the compliance interval
	reliable bool
	p50, p90 float64
	within   []float64 // per compliance threshold
	// tier is the district's tier of the tiered target; nil for the citywide row and districts
	// without one.
	tier *metrics.TierResult
}

// figuresOf returns the response figures of a district.
func (b *workbookBuilder) figuresOf(d metrics.DistrictStat) districtFigures {
	return districtFigures{n: d.ResponseN, reliable: b.reliable(d.ResponseN), p50: d.ResponseP50, p90: d.ResponseP90,
		within: d.Within, tier: districtTier(tierTarget(b.r), d.District)}
}

// cityFigures returns the response figures over every call: the compliance interval's statistics.
func (b *workbookBuilder) cityFigures() districtFigures {
	cp := b.r.Response.Compliance
	var f districtFigures
	for _, iv := range b.r.Response.Intervals {
		if iv.ID == cp.Interval {
			f.n, f.reliable, f.p50, f.p90 = iv.Valid, iv.Reliable, iv.P50, iv.P90
		}
	}
	for _, th := range cp.Thresholds {
		f.within = append(f.within, th.Share)
	}
	return f
}

// districtFigureCells writes the response figures of a district table's row from the responses
// column on: "no data" where there is no valid interval, marked where there are fewer than min_n.
func (b *workbookBuilder) districtFigureCells(sheet string, row int, c districtColumns, f districtFigures, count, duration, share int) {
	b.count(sheet, c.responses, row, f.n, count)
	b.durationOver(sheet, c.responses+1, row, f.p50, f.n, f.reliable, duration)
	b.durationOver(sheet, c.responses+2, row, f.p90, f.n, f.reliable, duration)
	if c.limit > 0 {
		if f.tier != nil {
			th := f.tier.Thresholds[0]
			b.durationStyled(sheet, c.limit, row, float64(th.Seconds), duration)
			b.shareOver(sheet, c.limit+1, row, th.Share, f.tier.N, f.tier.Reliable, share)
		} else {
			b.styled(sheet, c.limit, row, duration)
			b.styled(sheet, c.limit+1, row, share)
		}
	}
	for i := range b.r.Response.Compliance.Thresholds {
		var within float64
		if i < len(f.within) {
			within = f.within[i]
		}
		b.shareOver(sheet, c.share+i, row, within, f.n, f.reliable, share)
	}
}

// districtRanking writes the citywide row and the districts ranked by their P90 response, with
// data bars on the compliance shares and traffic lights on the P90 against each district's time
// limit, and returns the next free row.
func (b *workbookBuilder) districtRanking(sheet string, row int, layout *summaryLayout) int {
	t := b.text
	cp := b.r.Response.Compliance
	b.section(sheet, row, t.districts)
	if len(b.r.Districts) == 0 {
		b.str(sheet, 1, row+1, t.noDistricts, b.style.note)
		return row + 3
	}
	labels, cols := b.newDistrictColumns([]string{t.district, t.calls})
	b.header(sheet, row+1, labels)
	row += 2

	// The citywide row: every call of the period, the compliance interval over all of them.
	var calls int64
	for _, d := range b.r.Daily {
		calls += d.Calls
	}
	b.districtRow(sheet, row, t.citywide, calls, "", b.cityFigures(), cols, true)
	row++
	first := row
	for _, d := range rankDistricts(b.r.Districts) {
		b.districtRow(sheet, row, d.Name(b.lang), d.Calls, d.District, b.figuresOf(d), cols, false)
		row++
	}
	last := row - 1
	layout.districtRows, layout.shareCol = [2]int{first, last}, cols.share
	layout.hasShares = slices.ContainsFunc(b.r.Districts, func(d metrics.DistrictStat) bool { return d.ResponseN > 0 })

	// Bars on a fixed 0-100 % scale, so that a bar's length is the share itself and not its rank.
	for i := range cp.Thresholds {
		ref := b.cell(cols.share+i, first-1) + ":" + b.cell(cols.share+i, last)
		b.check(b.f.SetConditionalFormat(sheet, ref, []excelize.ConditionalFormatOptions{{
			Type: "data_bar", Criteria: "=", MinType: "num", MinValue: "0", MaxType: "num", MaxValue: "1",
			BarColor: "#9BC2E6", BarSolid: true,
		}}))
	}
	if cols.limit > 0 {
		b.trafficLights(sheet, first, last, cols)
	}
	row++
	notes := []string{}
	if cols.limit > 0 {
		notes = append(notes, t.lightsNote)
	}
	notes = append(notes, t.barsNote+" "+t.durationNote)
	p := b.r.Response.Profile
	notes = append(notes, fmt.Sprintf(t.methodNote, p.Name, p.Version))
	notes = append(notes, b.figureNotes(sheet)...)
	for _, note := range notes {
		b.span(sheet, row, summaryCols, note, b.style.note)
		b.rowHeight(sheet, row, noteRowHeight)
		row++
	}
	return row + 1
}

// districtRow writes one row of the district ranking; the citywide row is set in bold.
func (b *workbookBuilder) districtRow(sheet string, row int, name string, calls int64, district string, f districtFigures, c districtColumns, total bool) {
	text, count, duration, share := b.style.text, b.style.count, b.style.duration, b.style.share
	if total {
		text, count, duration, share = b.style.cityText, b.style.cityCount, b.style.cityDuration, b.style.cityShare
	}
	b.label(sheet, 1, row, name, text)
	b.count(sheet, 2, row, calls, count)
	if focus := b.districtFocus(); focus != nil {
		if total {
			b.count(sheet, c.focus, row, focus.Total, count)
		} else {
			b.count(sheet, c.focus, row, focus.value(district), count)
		}
	}
	b.districtFigureCells(sheet, row, c, f, count, duration, share)
}

// trafficLights colours the P90 of each district against its time limit: green when the P90 is
// within it (nine calls in ten on scene in time), amber when only the median is, red when even the
// median is over. The rules compare the cells, so they follow edits; a district without data has
// text in its cells and stays uncoloured.
func (b *workbookBuilder) trafficLights(sheet string, first, last int, c districtColumns) {
	at := func(col int) string { return "$" + columnName(col) + strconv.Itoa(first) }
	p50, p90, limit := at(c.responses+1), at(c.responses+2), at(c.limit)
	ref := b.cell(c.responses+2, first) + ":" + b.cell(c.responses+2, last)
	has := fmt.Sprintf(`ISNUMBER(%s),ISNUMBER(%s)`, limit, p90)
	b.check(b.f.SetConditionalFormat(sheet, ref, []excelize.ConditionalFormatOptions{
		{Type: "formula", Criteria: fmt.Sprintf("AND(%s,%s<=%s)", has, p90, limit), Format: &b.style.lightGreen, StopIfTrue: true},
		{Type: "formula", Criteria: fmt.Sprintf("AND(%s,%s<=%s)", has, p50, limit), Format: &b.style.lightAmber, StopIfTrue: true},
		{Type: "formula", Criteria: fmt.Sprintf("AND(%s,%s>%s)", has, p50, limit), Format: &b.style.lightRed, StopIfTrue: true},
	}))
}

// columnName is the letters of a column number.
func columnName(col int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name
}

// rankDistricts orders districts by their P90 response time, fastest first; ties keep a stable
// order by name. Districts without a valid response have no P90 and come last, in the campaign's
// order.
func rankDistricts(districts []metrics.DistrictStat) []metrics.DistrictStat {
	ranked := slices.Clone(districts)
	slices.SortStableFunc(ranked, func(a, b metrics.DistrictStat) int {
		switch {
		case a.ResponseN > 0 && b.ResponseN > 0:
			return cmp.Or(cmp.Compare(a.ResponseP90, b.ResponseP90), strings.Compare(a.District, b.District))
		case a.ResponseN > 0:
			return -1
		case b.ResponseN > 0:
			return 1
		}
		return 0
	})
	return ranked
}

// summaryCharts adds the Summary's three native charts side by side under the district ranking:
// the daily trend and the categories, read from their sheets, and the compliance by district,
// read from the ranking. Each reads its cells, so it follows them when they change.
func (b *workbookBuilder) summaryCharts(layout *summaryLayout) {
	if b.err != nil || layout == nil {
		return
	}
	sheet := b.text.summarySheet
	// Sizes in excelize's pixel model, which places the chart's corners on cells: so the charts
	// end on the row and column boundaries they were given in every renderer.
	const offset = 4 // pixels between a chart and the cells around it
	// The daily trend across the page, so that its dates can be read; the categories and the
	// compliance by district side by side under it.
	top := layout.chartRows / 2
	for _, c := range []struct {
		add               func(at string, width, height uint)
		firstCol, lastCol int
		firstRow, rows    int
	}{
		{b.dailyChart, 1, summaryCols, 0, top},
		{b.categoryChart, 1, summaryCols / 2, top, layout.chartRows - top},
		{b.complianceChart(layout), summaryCols/2 + 1, summaryCols, top, layout.chartRows - top},
	} {
		var width, height int
		for col := c.firstCol; col <= c.lastCol; col++ {
			w, err := b.f.GetColWidth(sheet, columnName(col))
			b.check(err)
			width += columnPixels(w)
		}
		for row := layout.chartRow + c.firstRow; row < layout.chartRow+c.firstRow+c.rows; row++ {
			h, err := b.f.GetRowHeight(sheet, row)
			b.check(err)
			height += rowPixels(h)
		}
		c.add(b.cell(c.firstCol, layout.chartRow+c.firstRow), uint(width-2*offset), uint(height-2*offset))
	}
}

// columnPixels and rowPixels are the sizes excelize gives a column of width w characters and a row
// of height h points when it anchors a chart (col.go and rows.go of excelize v2).
func columnPixels(w float64) int {
	return int(w*8 + 0.5)
}

func rowPixels(h float64) int {
	return int(math.Ceil(4.0 / 3.4 * h))
}

// chartBase returns the settings every Summary chart shares.
func (b *workbookBuilder) chartBase(kind excelize.ChartType, title string, width, height uint) *excelize.Chart {
	t := b.text
	axisFont := excelize.Font{Family: t.font, Size: minTextPoints, Color: "404040"}
	return &excelize.Chart{
		Type:       kind,
		VaryColors: new(bool),
		Dimension:  excelize.ChartDimension{Width: width, Height: height},
		Format:     excelize.GraphicOptions{OffsetX: 4, OffsetY: 4},
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{
			Text: title, Font: &excelize.Font{Family: t.font, Size: 10, Bold: true, Color: "1F4E79"},
		}}},
		Legend: excelize.ChartLegend{Position: "bottom", Font: &axisFont},
		XAxis:  excelize.ChartAxis{Font: axisFont},
		YAxis:  excelize.ChartAxis{Font: axisFont, MajorGridLines: true},
	}
}

// axisTitle is the title of a chart's value axis: the unit of its values.
func (b *workbookBuilder) axisTitle(unit string) excelize.ChartTitle {
	return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{
		Text: unit, Font: &excelize.Font{Family: b.text.font, Size: minTextPoints, Color: "404040"},
	}}}
}

// dailyChart charts the calls per day, and the campaign's breakdowns by day beside them, from the
// Daily sheet.
func (b *workbookBuilder) dailyChart(at string, width, height uint) {
	sheet, t := b.text.dailySheet, b.text
	if len(b.r.Daily) == 0 {
		return
	}
	last := len(b.r.Daily) + 1
	chart := b.chartBase(excelize.Line, fmt.Sprintf(t.dailyChart, b.r.Daily[0].Date, b.r.Daily[len(b.r.Daily)-1].Date), width, height)
	// The axis reads the Daily sheet's week column: a date on each Monday, blank between.
	weekCol := 3 + len(b.dailyFocus())
	dates := sheetRange(sheet, b.cell(weekCol, 2), b.cell(weekCol, last))
	colours := []string{"1F4E79", "ED7D31", "70AD47", "7030A0"}
	for i := range 1 + len(b.dailyFocus()) {
		col, colour := 2+i, colours[i%len(colours)]
		chart.Series = append(chart.Series, excelize.ChartSeries{
			Name: sheetRange(sheet, b.cell(col, 1), ""), Categories: dates,
			Values: sheetRange(sheet, b.cell(col, 2), b.cell(col, last)),
			Line:   excelize.LineOptions{Width: 1.5, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}}},
			Marker: excelize.ChartMarker{Symbol: "none"},
		})
	}
	// Every label is shown (the blanks take no room): a renderer skipping labels would skip weeks.
	chart.XAxis.TickLabelSkip = 1
	// Turned, so that a renderer does not wrap a date into the day's narrow slot.
	chart.XAxis.Alignment = excelize.Alignment{TextRotation: -45}
	chart.YAxis.NumFmt = excelize.ChartNumFmt{CustomNumFmt: countFormat}
	chart.YAxis.Title = b.axisTitle(t.callsUnit)
	b.check(b.f.AddChart(b.text.summarySheet, at, chart))
}

// categoryChart charts the calls per category from the Categories sheet, largest on top.
func (b *workbookBuilder) categoryChart(at string, width, height uint) {
	sheet, t := b.text.categorySheet, b.text
	if len(b.r.Categories) == 0 {
		return
	}
	last := len(b.r.Categories) + 1
	chart := b.chartBase(excelize.Bar, t.categoryChart, width, height)
	chart.Series = []excelize.ChartSeries{{
		Name:       sheetRange(sheet, "B1", ""),
		Categories: sheetRange(sheet, "A2", b.cell(1, last)),
		Values:     sheetRange(sheet, "B2", b.cell(2, last)),
		Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"2E75B6"}},
	}}
	chart.Legend = excelize.ChartLegend{Position: "none"}
	// Categories come largest first; reverse the axis so that the largest is on top.
	chart.XAxis.ReverseOrder = true
	chart.YAxis.NumFmt = excelize.ChartNumFmt{CustomNumFmt: countFormat}
	chart.YAxis.Title = b.axisTitle(t.callsUnit)
	gap := uint(60)
	chart.GapWidth = &gap
	b.check(b.f.AddChart(b.text.summarySheet, at, chart))
}

// complianceChart returns the function that charts, per district, the share within each compliance
// threshold, from the district ranking's cells.
func (b *workbookBuilder) complianceChart(layout *summaryLayout) func(at string, width, height uint) {
	return func(at string, width, height uint) {
		sheet, t, cp := b.text.summarySheet, b.text, b.r.Response.Compliance
		rows := layout.districtRows
		if rows[0] == 0 || len(cp.Thresholds) == 0 || !layout.hasShares {
			return
		}
		chart := b.chartBase(excelize.Col, fmt.Sprintf(t.chartTitle, cp.Label.In(b.lang)), width, height)
		categories := sheetRange(sheet, b.cell(1, rows[0]), b.cell(1, rows[1]))
		for i := range cp.Thresholds {
			col := layout.shareCol + i
			chart.Series = append(chart.Series, excelize.ChartSeries{
				Name:       sheetRange(sheet, b.cell(col, rows[0]-2), ""),
				Categories: categories,
				Values:     sheetRange(sheet, b.cell(col, rows[0]), b.cell(col, rows[1])),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colourThresholds[i%len(colourThresholds)]}},
			})
		}
		zero, whole := 0.0, 1.0
		gap := uint(80)
		chart.GapWidth = &gap
		// A fixed 0-100 % scale, as in the table's data bars.
		chart.YAxis.Minimum, chart.YAxis.Maximum = &zero, &whole
		chart.YAxis.NumFmt = excelize.ChartNumFmt{CustomNumFmt: "0%"}
		chart.YAxis.Title = b.axisTitle(t.shareUnit)
		b.check(b.f.AddChart(sheet, at, chart))
	}
}
