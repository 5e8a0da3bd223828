package reports

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"bulletin/metrics"
)

// kpiCell returns the sheet and the cell the defined name refers to, failing when there is none.
func kpiCell(t *testing.T, f *excelize.File, name string) (string, int, int) {
	t.Helper()
	for _, dn := range f.GetDefinedName() {
		if dn.Name != name || dn.Scope != "Workbook" {
			continue
		}
		sheet, ref, ok := strings.Cut(dn.RefersTo, "!")
		if !ok {
			t.Fatalf("defined name %s refers to %q", name, dn.RefersTo)
		}
		col, row, err := excelize.CellNameToCoordinates(strings.ReplaceAll(ref, "$", ""))
		if err != nil {
			t.Fatalf("defined name %s refers to %q: %v", name, dn.RefersTo, err)
		}
		return strings.Trim(sheet, "'"), col, row
	}
	t.Fatalf("no defined name %s", name)
	return "", 0, 0
}

func cellAt(t *testing.T, col, row int) string {
	t.Helper()
	name, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		t.Fatal(err)
	}
	return name
}

// tileWant is what a KPI tile must show: its value and, per baseline, the change in numbers (or
// points) and in per cent; nil marks a change shown as not available.
type tileWant struct {
	name  string
	value float64
	abs   []*float64
	rel   []*float64
}

func num(v float64) *float64 { return &v }

// fixtureTiles are the tiles of fixtureReport, worked out by hand from its figures.
var fixtureTiles = []tileWant{
	{"kpi_emergency_help", 21746, []*float64{num(21746 - 20463), num(21746 - 19620)}, []*float64{num(21746.0/20463 - 1), num(21746.0/19620 - 1)}},
	{"kpi_suicide_rescued", 81, []*float64{num(-1), num(81)}, []*float64{num(81.0/82 - 1), nil}}, // baseline 0: no relative change
	{"kpi_lost_people_found", 455, []*float64{num(42), num(0)}, []*float64{num(455.0/413 - 1), num(0)}},
	{"kpi_drills", 32, []*float64{num(20), nil}, []*float64{nil, nil}}, // base 12 < min_base 20: units only; no data a year earlier
	// Shares change in percentage points only.
	{"compliance_within_60s", 2.0 / 90, []*float64{num((2.0/90 - 1.0/80) * 100), num(2.0 / 90 * 100)}, []*float64{nil, nil}},
	{"compliance_within_180s", 18.0 / 90, []*float64{num((18.0/90 - 20.0/80) * 100), nil}, []*float64{nil, nil}},
	{"compliance_within_300s", 36.0 / 90, []*float64{num((36.0/90 - 32.0/80) * 100), num((36.0/90 - 35.0/70) * 100)}, []*float64{nil, nil}},
}

// checkTile compares the tile a defined name points at with want: its value, its number formats
// and the changes on the rows under it.
func checkTile(t *testing.T, f *excelize.File, want tileWant, lang string) {
	t.Helper()
	sheet, col, row := kpiCell(t, f, want.name)
	if sheet != f.GetSheetName(0) {
		t.Errorf("%s is on sheet %s, want the Summary", want.name, sheet)
	}
	share := strings.HasPrefix(want.name, "compliance")
	got, format := workbookNumber(t, f, sheet, cellAt(t, col, row))
	wantFormat := "#,##0"
	if share {
		wantFormat = "0.0%"
	}
	if math.Abs(got-want.value) > 1e-9 || format != wantFormat {
		t.Errorf("%s = %v (%q), want %v (%q)", want.name, got, format, want.value, wantFormat)
	}
	versus := map[string][]string{"zh": {"较上期", "较去年同期"}, "en": {"vs previous", "vs last year"}}[lang]
	na := map[string]string{"zh": "无数据", "en": "n/a"}[lang]
	for i := range want.abs {
		r := row + 1 + i
		if label, _ := f.GetCellValue(sheet, cellAt(t, col, r)); label != versus[i] {
			t.Errorf("%s change row %d labelled %q, want %q", want.name, i, label, versus[i])
		}
		for j, w := range []*float64{want.abs[i], want.rel[i]} {
			cell := cellAt(t, col+1+j, r)
			if w == nil {
				wantShown := na
				if share && j == 1 {
					wantShown = "" // a share has no relative change
				}
				if shown, _ := f.GetCellValue(sheet, cell); shown != wantShown {
					t.Errorf("%s %s = %q, want %q", want.name, cell, shown, wantShown)
				}
				continue
			}
			got, format := workbookNumber(t, f, sheet, cell)
			wantFormat := relChangeFormat
			if j == 0 {
				wantFormat = countChangeFormat
				if share {
					wantFormat = pointsChangeFormat(map[string]string{"zh": `"个百分点"`, "en": `" pp"`}[lang])
				}
			}
			if math.Abs(got-*w) > 1e-9 || format != wantFormat {
				t.Errorf("%s %s = %v (%q), want %v (%q)", want.name, cell, got, format, *w, wantFormat)
			}
		}
	}
}

func TestWriteWorkbookWritesKPITiles(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			f := openWorkbookForTest(t, fixtureReport(), lang)
			for _, want := range fixtureTiles {
				checkTile(t, f, want, lang)
			}
			// The tile shows the value with separators, and changes with an arrow and a sign.
			sheet, col, row := kpiCell(t, f, "kpi_emergency_help")
			for cell, want := range map[string]string{
				cellAt(t, col, row): "21,746", cellAt(t, col+1, row+1): "▲ +1,283", cellAt(t, col+2, row+1): "+6.3%",
			} {
				if shown, _ := f.GetCellValue(sheet, cell); shown != want {
					t.Errorf("%s shown as %q, want %q", cell, shown, want)
				}
			}
			sheet, col, row = kpiCell(t, f, "kpi_suicide_rescued")
			if shown, _ := f.GetCellValue(sheet, cellAt(t, col+1, row+1)); shown != "▼ −1" {
				t.Errorf("a fall shown as %q, want ▼ −1", shown)
			}
			label := map[string]string{"zh": "紧急求助警情", "en": "Emergency-help incidents"}[lang]
			sheet, col, row = kpiCell(t, f, "kpi_emergency_help")
			if got, _ := f.GetCellValue(sheet, cellAt(t, col, row-1)); got != label {
				t.Errorf("tile label %q, want %q", got, label)
			}
			if got, _ := f.GetCellValue(sheet, cellAt(t, col+2, row)); got != map[string]string{"zh": "起", "en": "incidents"}[lang] {
				t.Errorf("tile unit %q", got)
			}
		})
	}
}

// TestWorkbookKPIsMatchMetricsJSON reads the figures back from metrics.json as a reader of that file
// would, and finds each one, with its changes, on the Summary of both workbooks.
func TestWorkbookKPIsMatchMetricsJSON(t *testing.T) {
	dir := t.TempDir()
	if err := WriteMetricsJSON(filepath.Join(dir, "metrics.json"), fixtureReport(), Stamp{}); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"zh", "en"} {
		if err := WriteWorkbook(context.Background(), filepath.Join(dir, "summary."+lang+".xlsx"), fixtureReport(), lang, WorkbookOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	var doc struct {
		Campaign struct {
			Publication struct {
				MinBase float64 `json:"min_base"`
			}
		}
		Headline []struct {
			ID      string `json:"id"`
			Value   float64
			Compare []struct {
				Available bool
				Base      *float64 `json:"value"`
				Abs       *float64 `json:"abs_change"`
				Rel       *float64 `json:"rel_change"`
			}
		}
		Response struct {
			Compliance struct {
				Thresholds []struct {
					Seconds int
					Share   float64
					Compare []struct {
						Available bool
						Points    *float64 `json:"points_change"`
						Rel       *float64 `json:"rel_change"`
					}
				}
			}
		} `json:"response_times"`
	}
	content, err := os.ReadFile(filepath.Join(dir, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(content, &doc); err != nil {
		t.Fatal(err)
	}
	var tiles []tileWant
	for _, h := range doc.Headline {
		tile := tileWant{name: "kpi_" + h.ID, value: h.Value}
		for _, c := range h.Compare {
			if !c.Available {
				c.Abs, c.Rel = nil, nil
			}
			if c.Base != nil && *c.Base < doc.Campaign.Publication.MinBase {
				c.Rel = nil // a small base: the change in units only
			}
			tile.abs, tile.rel = append(tile.abs, c.Abs), append(tile.rel, c.Rel)
		}
		tiles = append(tiles, tile)
	}
	for _, th := range doc.Response.Compliance.Thresholds {
		tile := tileWant{name: fmt.Sprintf("compliance_within_%ds", th.Seconds), value: th.Share}
		for _, c := range th.Compare {
			if !c.Available {
				c.Points = nil
			}
			// A share changes in percentage points only.
			tile.abs, tile.rel = append(tile.abs, c.Points), append(tile.rel, nil)
		}
		tiles = append(tiles, tile)
	}
	if len(tiles) != len(fixtureTiles) {
		t.Fatalf("metrics.json has %d tiles' figures, the fixture %d", len(tiles), len(fixtureTiles))
	}
	for _, lang := range []string{"zh", "en"} {
		f, err := excelize.OpenFile(filepath.Join(dir, "summary."+lang+".xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		for _, tile := range tiles {
			checkTile(t, f, tile, lang)
		}
		f.Close()
	}
}

func TestWriteWorkbookColoursChangesTheBetterWay(t *testing.T) {
	f := openWorkbookForTest(t, fixtureReport(), "en")
	formats, err := f.GetConditionalFormats("Summary")
	if err != nil {
		t.Fatal(err)
	}
	fontColour := func(id *int) string {
		t.Helper()
		if id == nil {
			return ""
		}
		style, err := f.GetConditionalStyle(*id)
		if err != nil || style.Font == nil {
			t.Fatalf("conditional style %d: %+v %v", *id, style, err)
		}
		return style.Font.Color
	}
	const green, red = "2E7D32", "C62828"
	for _, tc := range []struct {
		name     string
		up, down string // the font colour of a rise and of a fall; "" for no rule
	}{
		{"kpi_emergency_help", "", ""}, // the campaign does not say which way is better
		{"kpi_suicide_rescued", green, red},
		{"kpi_lost_people_found", red, green}, // better: lower
		{"compliance_within_300s", green, red},
	} {
		_, col, row := kpiCell(t, f, tc.name)
		ref := cellAt(t, col+1, row+1) + ":" + cellAt(t, col+2, row+1)
		rules := formats[ref]
		if tc.up == "" {
			if len(rules) != 0 {
				t.Errorf("%s: %d colour rules on %s, want none", tc.name, len(rules), ref)
			}
			continue
		}
		if len(rules) != 2 || rules[0].Criteria != "greater than" || rules[0].Value != "0" || rules[1].Criteria != "less than" || rules[1].Value != "0" {
			t.Fatalf("%s: rules on %s = %+v, want > 0 and < 0", tc.name, ref, rules)
		}
		if up, down := fontColour(rules[0].Format), fontColour(rules[1].Format); !strings.EqualFold(up, tc.up) || !strings.EqualFold(down, tc.down) {
			t.Errorf("%s: rise %s, fall %s, want %s and %s", tc.name, up, down, tc.up, tc.down)
		}
	}
}

func TestWriteWorkbookLightsDistrictsAgainstTheirTimeLimit(t *testing.T) {
	// With a breakdown column beside the calls and without: the lights follow the columns.
	noDeclared := fixtureReport()
	noDeclared.Declared = nil
	for name, r := range map[string]*metrics.Report{"with a breakdown column": fixtureReport(), "without": noDeclared} {
		t.Run(name, func(t *testing.T) { checkTrafficLights(t, r) })
	}
}

func checkTrafficLights(t *testing.T, r *metrics.Report) {
	f := openWorkbookForTest(t, r, "en")
	const sheet = "Summary"
	header := workbookRowOf(t, f, sheet, "District")
	limit := workbookColOf(t, f, sheet, header, "Time limit")
	within := workbookColOf(t, f, sheet, header, "Within limit")
	p50, p90 := workbookColOf(t, f, sheet, header, "Median"), workbookColOf(t, f, sheet, header, "P90")
	// The limits of the tiered target: 5 minutes in the districts, 10 in the county.
	for _, tc := range []struct {
		district string
		limit    float64
		within   float64
	}{{"Yuhu District", 300, 0.5}, {"Yuetang District", 300, 0.4}, {"Xiangtan County", 600, 0.55}} {
		row := workbookRowOf(t, f, sheet, tc.district)
		got, format := workbookNumber(t, f, sheet, fmt.Sprintf("%s%d", limit, row))
		if math.Abs(got-tc.limit/86400) > 1e-12 || format != "[m]:ss" {
			t.Errorf("%s limit %v %q, want %v s", tc.district, got*86400, format, tc.limit)
		}
		if got, _ := workbookNumber(t, f, sheet, fmt.Sprintf("%s%d", within, row)); math.Abs(got-tc.within) > 1e-12 {
			t.Errorf("%s within limit %v, want %v", tc.district, got, tc.within)
		}
	}
	if v, _ := f.GetCellValue(sheet, fmt.Sprintf("%s%d", limit, header+1)); v != "" {
		t.Errorf("citywide limit %q, want none: the limit differs by district", v)
	}
	first, last := header+2, header+4
	formats, err := f.GetConditionalFormats(sheet)
	if err != nil {
		t.Fatal(err)
	}
	ref := fmt.Sprintf("%s%d:%s%d", p90, first, p90, last)
	rules := formats[ref]
	lim, med, q90 := fmt.Sprintf("$%s%d", limit, first), fmt.Sprintf("$%s%d", p50, first), fmt.Sprintf("$%s%d", p90, first)
	has := fmt.Sprintf("ISNUMBER(%s),ISNUMBER(%s)", lim, q90)
	want := []string{
		fmt.Sprintf("AND(%s,%s<=%s)", has, q90, lim),
		fmt.Sprintf("AND(%s,%s<=%s)", has, med, lim),
		fmt.Sprintf("AND(%s,%s>%s)", has, med, lim),
	}
	var got []string
	for _, rule := range rules {
		got = append(got, rule.Criteria)
	}
	if !slices.Equal(got, want) {
		t.Errorf("traffic lights on %s:\n got %q\nwant %q", ref, got, want)
	}
	// Data bars on every compliance share, on a fixed 0-100 % scale.
	for _, threshold := range []string{"≤1 min", "≤3 min", "≤5 min"} {
		col := workbookColOf(t, f, sheet, header, threshold)
		bars := formats[fmt.Sprintf("%s%d:%s%d", col, header+1, col, last)]
		if len(bars) != 1 || bars[0].Type != "data_bar" || bars[0].MinValue != "0" || bars[0].MaxValue != "1" {
			t.Errorf("%s: conditional formats %+v, want a 0-1 data bar", threshold, bars)
		}
	}
}

// TestWriteWorkbookChartsReadTheirCells checks that the Summary holds three native charts that read
// the Daily and Categories sheets and the district ranking, and that the Response times sheet
// charts its histogram.
func TestWriteWorkbookChartsReadTheirCells(t *testing.T) {
	path := writeWorkbookForTest(t, fixtureReport(), "en")
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var charts []string
	for _, name := range workbookPartNames(t, path) {
		if strings.HasPrefix(name, "xl/charts/chart") {
			charts = append(charts, name)
		}
	}
	if want := []string{"xl/charts/chart1.xml", "xl/charts/chart2.xml", "xl/charts/chart3.xml", "xl/charts/chart4.xml"}; !slices.Equal(charts, want) {
		t.Fatalf("chart parts = %q, want %q", charts, want)
	}
	sheets := f.GetSheetList()
	summaryRels := workbookPart(t, path, "xl/worksheets/_rels/sheet1.xml.rels")
	if !strings.Contains(summaryRels, "drawings/drawing1.xml") {
		t.Fatalf("the Summary (sheet1) holds no drawing: %s", summaryRels)
	}
	drawing := workbookPart(t, path, "xl/drawings/_rels/drawing1.xml.rels")
	for _, chart := range []string{"chart1.xml", "chart2.xml", "chart3.xml"} {
		if !strings.Contains(drawing, "charts/"+chart) {
			t.Errorf("the Summary's drawing does not hold %s: %s", chart, drawing)
		}
	}
	if slices.Index(sheets, "Response times") != 4 || !strings.Contains(workbookPart(t, path, "xl/worksheets/_rels/sheet5.xml.rels"), "drawings/drawing2.xml") ||
		!strings.Contains(workbookPart(t, path, "xl/drawings/_rels/drawing2.xml.rels"), "charts/chart4.xml") {
		t.Errorf("the histogram chart is not on the Response times sheet")
	}

	header := workbookRowOf(t, f, "Summary", "District")
	first, last := header+2, header+4
	var compliance []string
	for _, threshold := range []string{"≤1 min", "≤3 min", "≤5 min"} {
		col := workbookColOf(t, f, "Summary", header, threshold)
		compliance = append(compliance,
			fmt.Sprintf("'Summary'!$%s$%d", col, header),
			fmt.Sprintf("'Summary'!$A$%d:$A$%d", first, last),
			fmt.Sprintf("'Summary'!$%s$%d:$%s$%d", col, first, col, last))
	}
	histogram := workbookRowOf(t, f, "Response times", "0:00–1:00")
	for _, tc := range []struct {
		part, kind string
		refs       []string
	}{
		// Three days on the Daily sheet: all calls and the emergency-help calls, along the week
		// column (column D: a date on Mondays).
		{"chart1", "<lineChart>", []string{"'Daily'!$B$1", "'Daily'!$D$2:$D$4", "'Daily'!$B$2:$B$4", "'Daily'!$C$1", "'Daily'!$D$2:$D$4", "'Daily'!$C$2:$C$4"}},
		// Three categories, without the total row.
		{"chart2", `<barDir val="bar">`, []string{"'Categories'!$B$1", "'Categories'!$A$2:$A$4", "'Categories'!$B$2:$B$4"}},
		{"chart3", `<barDir val="col">`, compliance},
		// Six bins of the histogram.
		{"chart4", `<barDir val="col">`, []string{fmt.Sprintf("'Response times'!$B$%d", histogram-1),
			fmt.Sprintf("'Response times'!$A$%d:$A$%d", histogram, histogram+5), fmt.Sprintf("'Response times'!$B$%d:$B$%d", histogram, histogram+5)}},
	} {
		chart := workbookPart(t, path, "xl/charts/"+tc.part+".xml")
		// The value axis states the unit of the Summary's charts.
		if unit, ok := map[string]string{"chart1": "Calls", "chart2": "Calls", "chart3": "Share of calls"}[tc.part]; ok {
			_, axis, _ := strings.Cut(chart, "<valAx>")
			axis, _, _ = strings.Cut(axis, "</valAx>")
			if title, _, _ := strings.Cut(axis, "</title>"); !strings.Contains(title, "<title>") || !strings.Contains(title, "<a:t>"+unit+"</a:t>") {
				t.Errorf("%s: the value axis has no title %q (its unit)", tc.part, unit)
			}
		}
		if refs := workbookChartFormulas(t, chart); !slices.Equal(refs, tc.refs) {
			t.Errorf("%s references\n got %q\nwant %q", tc.part, refs, tc.refs)
		}
		if !strings.Contains(chart, tc.kind) {
			t.Errorf("%s is not a %s chart", tc.part, tc.kind)
		}
	}
}

func TestWriteWorkbookSetsPrintTitlesAreaAndFilters(t *testing.T) {
	f := openWorkbookForTest(t, fixtureReport(), "en")
	names := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		names[dn.Scope+" "+dn.Name] = dn.RefersTo
	}
	for key, want := range map[string]string{
		"Summary _xlnm.Print_Area":          "'Summary'!$A$1:$L$",
		"Summary _xlnm.Print_Titles":        "'Summary'!$1:$2",
		"Daily _xlnm.Print_Titles":          "'Daily'!$1:$1",
		"Daily _xlnm._FilterDatabase":       "'Daily'!$A$1:$D$4",
		"Categories _xlnm._FilterDatabase":  "'Categories'!$A$1:$C$4",
		"Districts _xlnm._FilterDatabase":   "'Districts'!$A$1:$L$4",
		"Linkage _xlnm._FilterDatabase":     "'Linkage'!$A$1:$C$3",
		"Response times _xlnm.Print_Titles": "'Response times'!$1:$3",
		"Definitions _xlnm.Print_Titles":    "'Definitions'!$1:$2",
		"Data quality _xlnm.Print_Titles":   "'Data quality'!$1:$2",
		"Categories _xlnm.Print_Titles":     "'Categories'!$1:$1",
	} {
		if got := names[key]; !strings.HasPrefix(got, want) {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	// Sheets of several tables do not print their first table's header over the others: the
	// Activities (by kind, by district, ...), Linkage (agencies, then pairs) and Districts
	// (districts, then police stations) sheets.
	for _, sheet := range []string{"Activities", "Linkage", "Districts"} {
		if got, ok := names[sheet+" _xlnm.Print_Titles"]; ok {
			t.Errorf("%s prints %s on every page, the header of its first table only", sheet, got)
		}
	}
	for _, sheet := range f.GetSheetList() {
		hf, err := f.GetHeaderFooter(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(hf.OddHeader, "Published 2022-08-02") || !strings.Contains(hf.OddFooter, "Page &P of &N") {
			t.Errorf("%s: header %q footer %q, want the published date and page numbers", sheet, hf.OddHeader, hf.OddFooter)
		}
	}
}

func TestWriteWorkbookWritesResponseLinkageAndActivitySheets(t *testing.T) {
	f := openWorkbookForTest(t, fixtureReport(), "en")
	type want struct {
		sheet, row, col string // row: the text in column A; col: the header text of the column
		header          string // the text in column A of the header row
		value           float64
		format          string
	}
	for _, tc := range []want{
		{"Response times", "response", "Missing", "Interval", 8, "#,##0"},
		{"Response times", "response", "Flagged", "Interval", 2, "#,##0"},
		{"Response times", "response", "Out of order", "Interval", 3, "#,##0"},
		{"Response times", "response", "P90", "Interval", 760.0 / 86400, "[m]:ss"},
		{"Response times", "response", "Longest", "Interval", 2400.0 / 86400, "[m]:ss"},
		// Histogram: 2 + 16 of 90 within 3 minutes, cumulatively.
		{"Response times", "1:00–3:00", "Calls", "Bin", 16, "#,##0"},
		{"Response times", "1:00–3:00", "Cumulative", "Bin", 18.0 / 90, "0.0%"},
		{"Response times", "15:00 and over", "Cumulative", "Bin", 1, "0.0%"},
		{"Linkage", "Medical first aid", "Calls", "Partner agency", 120, "#,##0"},
		{"Linkage", "Medical first aid", "Share of linked calls", "Partner agency", 120.0 / 150, "0.0%"},
		{"Linkage", "Linked calls (each counted once)", "Calls", "Partner agency", 150, "#,##0"},
		{"Linkage", "Fire and rescue", "Calls", "Agency", 10, "#,##0"}, // the pair fire + medical
		{"Activities", "Total", "Count", "Activity", 32 + 660 + 412, "#,##0"},
		{"Activities", "Yuhu District", "Pass rate", "District", 0.95, "0.0%"},
		{"Activities", "Yuetang District", "No result", "District", 1, "#,##0"},
	} {
		t.Run(tc.sheet+"/"+tc.row+"/"+tc.col, func(t *testing.T) {
			rows, err := f.GetRows(tc.sheet, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			// The first row with the text in column A under the header row the column belongs to.
			header, row := 0, 0
			for i, cells := range rows {
				if row == 0 && len(cells) > 0 && cells[0] == tc.header && slices.Contains(cells, tc.col) {
					header = i + 1
				}
				if header > 0 && row == 0 && len(cells) > 0 && cells[0] == tc.row {
					row = i + 1
				}
			}
			if header == 0 || row == 0 {
				t.Fatalf("no header %q with %q, or no row %q under it", tc.header, tc.col, tc.row)
			}
			cell := fmt.Sprintf("%s%d", workbookColOf(t, f, tc.sheet, header, tc.col), row)
			got, format := workbookNumber(t, f, tc.sheet, cell)
			if math.Abs(got-tc.value) > 1e-9 || format != tc.format {
				t.Errorf("%s = %v %q, want %v %q", cell, got, format, tc.value, tc.format)
			}
		})
	}
}

func TestWriteWorkbookDefinesEveryFigure(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		f := openWorkbookForTest(t, fixtureReport(), lang)
		sheet := map[string]string{"zh": "指标说明", "en": "Definitions"}[lang]
		r := fixtureReport()
		for _, fig := range r.Headline {
			row := workbookRowOf(t, f, sheet, upperFirst(fig.Label.In(lang)))
			definition, _ := f.GetCellValue(sheet, fmt.Sprintf("C%d", row))
			want := fig.Description.In(lang)
			if want == "" {
				want = fig.Definition
			}
			if definition != want {
				t.Errorf("%s: %s defined as %q, want %q", lang, fig.ID, definition, want)
			}
			filters, _ := f.GetCellValue(sheet, fmt.Sprintf("D%d", row))
			// The query's own (English) reading of the filters is in the English workbook only; the
			// Chinese one states them in words in the Definition column.
			if !strings.Contains(filters, fig.ID) || !strings.Contains(filters, fig.Query) ||
				(lang == "en") != strings.Contains(filters, fig.Definition) {
				t.Errorf("%s: %s filters %q, want its ID and query, and its definition in English only", lang, fig.ID, filters)
			}
		}
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, iv := range r.Response.Intervals {
			// The first row naming the interval: the exclusion ledger may name it again.
			row := slices.IndexFunc(rows, func(cells []string) bool { return len(cells) > 0 && cells[0] == iv.Label.In(lang) }) + 1
			text, _ := f.GetCellValue(sheet, fmt.Sprintf("C%d", row))
			if !strings.Contains(text, iv.From) || !strings.Contains(text, iv.To) {
				t.Errorf("%s: interval %s defined as %q, want its clock points", lang, iv.ID, text)
			}
		}
	}
}

// TestWriteWorkbookKeepsEveryDataTextAString puts formula-like text into every field of the report
// that comes from the input data and checks that no cell of any sheet became a formula.
func TestWriteWorkbookKeepsEveryDataTextAString(t *testing.T) {
	r := fixtureReport()
	hostile := map[string]*string{
		`=HYPERLINK("http://x","y")`: &r.Breakdowns.ByField[0].Rows[0].Label.En,
		"+station":                   &r.Sessions[0].UnitLabel.En,
		"-district":                  &r.Sessions[0].DistrictLabel.En,
		"@agency":                    &r.Linkage[0].Label.En,
		"=pair":                      &r.Breakdowns.LinkagePairs[0].LabelB.En,
		"+unit":                      &r.Breakdowns.ActivitiesByUnit[0].Label.En,
		"-kind":                      &r.Activities[0].Label.En,
		"@drill district":            &r.Breakdowns.Results[0].ByDistrict[0].Label.En,
		"=target":                    &r.Response.Targets[0].Label.En,
		"+tier":                      &r.Response.Targets[0].Tiers[1].Label.En,
		"=exclusion":                 &r.Exclusions[0].Reason,
		"+breakdown key":             &r.Declared[3].Rows[0].Labels[0].En,
		"-breakdown":                 &r.Declared[3].Label.En,
		"@baseline":                  &r.Baselines[0].Label.En,
	}
	for text, field := range hostile {
		*field = text
	}
	path := writeWorkbookForTest(t, r, "en")
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	found := map[string]bool{}
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for i, cells := range rows {
			for j, v := range cells {
				cell := cellAt(t, j+1, i+1)
				if formula, err := f.GetCellFormula(sheet, cell); err != nil || formula != "" {
					t.Errorf("%s!%s: formula %q (%v)", sheet, cell, formula, err)
				}
				if _, ok := hostile[v]; ok {
					found[v] = true
					if typ, _ := f.GetCellType(sheet, cell); typ != excelize.CellTypeSharedString {
						t.Errorf("%s!%s %q: cell type %v, want a string", sheet, cell, v, typ)
					}
				}
			}
		}
	}
	for text := range hostile {
		if !found[text] {
			t.Errorf("%q is in no cell", text)
		}
	}
}
