package reports

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"bulletin/metrics"
	"bulletin/templates"
)

// writeWorkbookForTest writes the workbook of r in lang to a temporary file and returns its path.
func writeWorkbookForTest(t *testing.T, r *metrics.Report, lang string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "workbook."+lang+".xlsx")
	if err := WriteWorkbook(context.Background(), path, r, lang, WorkbookOptions{}); err != nil {
		t.Fatalf("WriteWorkbook(%s): %v", lang, err)
	}
	return path
}

// openWorkbookForTest writes and reopens the workbook of r in lang.
func openWorkbookForTest(t *testing.T, r *metrics.Report, lang string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(writeWorkbookForTest(t, r, lang))
	if err != nil {
		t.Fatalf("open written workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// workbookRowOf returns the row whose column A holds exactly text, failing if there is none or several.
func workbookRowOf(t *testing.T, f *excelize.File, sheet, text string) int {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for i, cells := range rows {
		if len(cells) > 0 && cells[0] == text {
			if found != 0 {
				t.Fatalf("%s: %q in column A of rows %d and %d", sheet, text, found, i+1)
			}
			found = i + 1
		}
	}
	if found == 0 {
		t.Fatalf("%s: no row with %q in column A", sheet, text)
	}
	return found
}

// workbookColOf returns the column name of the cell in row that holds exactly text.
func workbookColOf(t *testing.T, f *excelize.File, sheet string, row int, text string) string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[row-1], text)
	if col < 0 {
		t.Fatalf("%s: no %q in row %d: %q", sheet, text, row, rows[row-1])
	}
	name, err := excelize.ColumnNumberToName(col + 1)
	if err != nil {
		t.Fatal(err)
	}
	return name
}

// workbookNumber reads a cell's stored value as a number, with its number format code.
func workbookNumber(t *testing.T, f *excelize.File, sheet, cell string) (float64, string) {
	t.Helper()
	if typ, err := f.GetCellType(sheet, cell); err != nil || typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Fatalf("%s!%s: cell type %v (%v), want a number", sheet, cell, typ, err)
	}
	raw, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t.Fatalf("%s!%s = %q, want a number: %v", sheet, cell, raw, err)
	}
	return v, workbookNumberFormat(t, f, sheet, cell)
}

// workbookNumberFormat returns the number format code of a cell, built-in or custom.
func workbookNumberFormat(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	style, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if style.CustomNumFmt != nil {
		return *style.CustomNumFmt
	}
	return map[int]string{0: "General", 3: "#,##0"}[style.NumFmt]
}

// workbookPart returns the content of one part of the written workbook's zip package.
func workbookPart(t *testing.T, path, name string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, entry := range zr.File {
		if entry.Name != name {
			continue
		}
		rc, err := entry.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		content, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		return string(content)
	}
	t.Fatalf("%s: no part %s", path, name)
	return ""
}

// workbookPartNames lists the parts of the written workbook's zip package in archive order.
func workbookPartNames(t *testing.T, path string) []string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, entry := range zr.File {
		names = append(names, entry.Name)
	}
	return names
}

// workbookChartFormulas returns the cell references of a chart part (its f elements), in order.
func workbookChartFormulas(t *testing.T, chartXML string) []string {
	t.Helper()
	var refs []string
	d := xml.NewDecoder(strings.NewReader(chartXML))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return refs
		}
		if err != nil {
			t.Fatalf("chart part: %v", err)
		}
		if start, ok := tok.(xml.StartElement); ok && start.Name.Local == "f" {
			var ref string
			if err := d.DecodeElement(&ref, &start); err != nil {
				t.Fatal(err)
			}
			refs = append(refs, ref)
		}
	}
}

func TestWriteWorkbookNamesSheetsInLanguage(t *testing.T) {
	for _, tc := range []struct {
		lang string
		want []string
	}{
		{"zh", []string{"摘要", "每日警情", "警情类别", "各地区", "处警时长", "多警联动", "工作开展", "分项统计", "数据质量", "指标说明"}},
		{"en", []string{"Summary", "Daily", "Categories", "Districts", "Response times", "Linkage", "Activities", "Breakdowns", "Data quality", "Definitions"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			f := openWorkbookForTest(t, fixtureReport(), tc.lang)
			if got := f.GetSheetList(); !slices.Equal(got, tc.want) {
				t.Errorf("sheets = %q, want %q", got, tc.want)
			}
			if got := f.GetActiveSheetIndex(); got != 0 {
				t.Errorf("active sheet = %d, want 0 (the summary)", got)
			}
		})
	}
}

func TestWriteWorkbookRanksDistrictsByP90(t *testing.T) {
	r := fixtureReport()
	r.Districts = []metrics.DistrictStat{
		{District: "Slow", Calls: 1, ResponseN: 5, ResponseP90: 900, Within: []float64{0, 0, 0}},
		{District: "Unmeasured", Calls: 1, ResponseN: 0},
		{District: "Fast", Calls: 1, ResponseN: 5, ResponseP90: 300, Within: []float64{0, 0, 1}},
		{District: "Middle", Calls: 1, ResponseN: 5, ResponseP90: 600, Within: []float64{0, 0, 0.5}},
		{District: "Also unmeasured", Calls: 1, ResponseN: 0},
	}
	f := openWorkbookForTest(t, r, "en")
	// Unmeasured districts last, in the campaign's order (not by name).
	want := []string{"Fast", "Middle", "Slow", "Unmeasured", "Also unmeasured"}
	first := workbookRowOf(t, f, "Summary", "Fast")
	for i, name := range want {
		if got := workbookRowOf(t, f, "Summary", name); got != first+i {
			t.Errorf("%s in row %d, want %d (order %q)", name, got, first+i, want)
		}
	}
	header := workbookRowOf(t, f, "Summary", "District")
	if citywide := workbookRowOf(t, f, "Summary", "Citywide"); citywide != header+1 || first != header+2 {
		t.Errorf("header row %d, citywide row %d, first district row %d: want the citywide row between", header, citywide, first)
	}
	p90 := workbookColOf(t, f, "Summary", header, "P90")
	if v, _ := f.GetCellValue("Summary", fmt.Sprintf("%s%d", p90, first+3)); v != "no data" {
		t.Errorf("P90 of a district without responses = %q, want no data", v)
	}
}

func TestWriteWorkbookPrintsOnA4Landscape(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		f := openWorkbookForTest(t, fixtureReport(), lang)
		for i, sheet := range f.GetSheetList() {
			t.Run(lang+"/"+sheet, func(t *testing.T) {
				layout, err := f.GetPageLayout(sheet)
				if err != nil {
					t.Fatal(err)
				}
				if layout.Size == nil || *layout.Size != 9 {
					t.Errorf("paper size = %v, want 9 (A4)", layout.Size)
				}
				if layout.Orientation == nil || *layout.Orientation != "landscape" {
					t.Errorf("orientation = %v, want landscape", layout.Orientation)
				}
				// A fixed scale, never a fit to the page, which shrinks the text below 8 points:
				// the smallest font (10 points) at 80% or more.
				if layout.AdjustTo == nil || *layout.AdjustTo < 80 || *layout.AdjustTo > 100 {
					t.Errorf("scale = %v, want 80 to 100%%", layout.AdjustTo)
				}
				props, err := f.GetSheetProps(sheet)
				if err != nil {
					t.Fatal(err)
				}
				if props.FitToPage != nil && *props.FitToPage {
					t.Errorf("fit to page is on; it would shrink the text")
				}
				if i == 0 && layout.AdjustTo != nil {
					// The Summary's columns print across one page: 784 points inside the margins,
					// a column w characters wide taking at most 6.12w+3.75 points.
					var width float64
					for col := 1; col <= 12; col++ {
						name, _ := excelize.ColumnNumberToName(col)
						w, err := f.GetColWidth(sheet, name)
						if err != nil {
							t.Fatal(err)
						}
						width += w*6.12 + 3.75
					}
					if printed := width * float64(*layout.AdjustTo) / 100; printed > 841.89-2*0.4*72 {
						t.Errorf("the Summary prints %.0f points wide at %d%%, wider than A4 landscape's 784", printed, *layout.AdjustTo)
					}
				}
				hf, err := f.GetHeaderFooter(sheet)
				if err != nil {
					t.Fatal(err)
				}
				name := fixtureReport().Campaign.Name.In(lang)
				if !strings.Contains(hf.OddHeader, name) || !strings.Contains(hf.OddFooter, "&P") || !strings.Contains(hf.OddFooter, "&N") {
					t.Errorf("header %q / footer %q, want the campaign name and page n of m", hf.OddHeader, hf.OddFooter)
				}
			})
		}
	}
}

func TestWriteWorkbookEscapesAmpersandInHeader(t *testing.T) {
	r := fixtureReport()
	r.Campaign.Name.En = "Safe & Sound"
	f := openWorkbookForTest(t, r, "en")
	hf, err := f.GetHeaderFooter("Summary")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(hf.OddHeader, "Safe && Sound") {
		t.Errorf("header = %q, want the & doubled so it prints as text", hf.OddHeader)
	}
}

func TestWriteWorkbookStoresFormulaLikeTextAsStrings(t *testing.T) {
	hostile := []string{`=HYPERLINK("http://x","y")`, "+1", "@SUM(A1)", "-2+3", "=1+1"}
	r := fixtureReport()
	r.Districts = nil
	for i, name := range hostile {
		r.Districts = append(r.Districts, metrics.DistrictStat{District: name, Calls: 1, ResponseN: 1, ResponseP90: float64(i), Within: []float64{0, 0, 0}})
	}
	r.Headline[0].Label.En = "=2*3"
	r.Categories[0].Label.En = "@cmd"
	r.Quality.Checks[0].Examples[0].Value = `=HYPERLINK("http://y","z")`
	r.Quality.Checks[0].Examples[0].Reason = "-bad+"
	r.Quality.Files[0].Name = "+calls.csv"
	r.Quality.Files[0].Profile = "@profile"
	r.Quality.Districts[0].Label.En = "=district"
	path := writeWorkbookForTest(t, r, "en")
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	for _, tc := range []struct{ sheet, text string }{
		{"Summary", hostile[0]}, {"Summary", hostile[1]}, {"Summary", hostile[2]}, {"Summary", hostile[3]},
		{"Summary", hostile[4]}, {"Summary", "=2*3"}, {"Categories", "@cmd"},
	} {
		cell := fmt.Sprintf("A%d", workbookRowOf(t, f, tc.sheet, tc.text))
		typ, err := f.GetCellType(tc.sheet, cell)
		if err != nil || typ != excelize.CellTypeSharedString {
			t.Errorf("%s!%s %q: cell type %v (%v), want a string", tc.sheet, cell, tc.text, typ, err)
		}
		if formula, err := f.GetCellFormula(tc.sheet, cell); err != nil || formula != "" {
			t.Errorf("%s!%s %q: formula %q (%v), want none", tc.sheet, cell, tc.text, formula, err)
		}
	}
	for _, text := range []string{`=HYPERLINK("http://y","z")`, "-bad+", "+calls.csv", "@profile"} {
		cell := workbookCellOf(t, f, "Data quality", text)
		if typ, err := f.GetCellType("Data quality", cell); err != nil || typ != excelize.CellTypeSharedString {
			t.Errorf("Data quality!%s %q: cell type %v (%v), want a string", cell, text, typ, err)
		}
	}
	districtRows := 0
	rows, err := f.GetRows("Data quality", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, cells := range rows {
		if len(cells) > 0 && cells[0] == "=district" {
			districtRows++
			if typ, err := f.GetCellType("Data quality", fmt.Sprintf("A%d", i+1)); err != nil || typ != excelize.CellTypeSharedString {
				t.Errorf("Data quality!A%d =district: cell type %v (%v), want a string", i+1, typ, err)
			}
		}
	}
	if districtRows != 3 { // one per check of the district: unreadable time, unknown value, times out of order
		t.Errorf("=district in %d rows, want 3", districtRows)
	}
	for i := 1; i <= len(f.GetSheetList()); i++ {
		part := fmt.Sprintf("xl/worksheets/sheet%d.xml", i)
		if sheetXML := workbookPart(t, path, part); strings.Contains(sheetXML, "<f>") || strings.Contains(sheetXML, "<f ") {
			t.Errorf("%s holds a formula", part)
		}
	}
}

func TestWriteWorkbookIsByteIdentical(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		first, err := os.ReadFile(writeWorkbookForTest(t, fixtureReport(), lang))
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			again, err := os.ReadFile(writeWorkbookForTest(t, fixtureReport(), lang))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first, again) {
				t.Fatalf("%s: two writes of the same report differ", lang)
			}
		}
	}
}

func TestWriteWorkbookSetsDocumentPropertiesFromReport(t *testing.T) {
	for _, tc := range []struct{ lang, font string }{{"zh", "Noto Sans CJK SC"}, {"en", "Arial"}} {
		t.Run(tc.lang, func(t *testing.T) {
			f := openWorkbookForTest(t, fixtureReport(), tc.lang)
			props, err := f.GetDocProps()
			if err != nil {
				t.Fatal(err)
			}
			if props.Creator != "bulletin" {
				t.Errorf("creator = %q, want bulletin", props.Creator)
			}
			if props.Created != "2022-08-02T00:00:00Z" || props.Modified != "2022-08-02T00:00:00Z" {
				t.Errorf("created %q, modified %q, want the published date 2022-08-02T00:00:00Z", props.Created, props.Modified)
			}
			if name := fixtureReport().Campaign.Name.In(tc.lang); !strings.HasPrefix(props.Title, name) {
				t.Errorf("title = %q, want it to start with the campaign name %q", props.Title, name)
			}
			if font, err := f.GetDefaultFont(); err != nil || font != tc.font {
				t.Errorf("default font = %q (%v), want %q", font, err, tc.font)
			}
		})
	}
}

func TestWriteWorkbookRejectsBadInput(t *testing.T) {
	badDate := fixtureReport()
	badDate.Campaign.Published = "2 August"
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name string
		ctx  context.Context
		r    *metrics.Report
		lang string
		is   error
	}{
		{"unknown language", context.Background(), fixtureReport(), "fr", nil},
		{"no report", context.Background(), nil, "en", nil},
		{"published not a date", context.Background(), badDate, "en", nil},
		{"cancelled", cancelled, fixtureReport(), "en", context.Canceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "workbook.xlsx")
			err := WriteWorkbook(tc.ctx, path, tc.r, tc.lang, WorkbookOptions{})
			if err == nil {
				t.Fatal("WriteWorkbook succeeded")
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v, want %v", err, tc.is)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the file", err)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("left %d files behind", len(entries))
			}
		})
	}
}

// sheetDump renders the sheet at index as text for a golden file: one line per cell with its
// stored value, number format and value as shown, then merges, frozen rows, column widths,
// conditional formats and, for the Summary (index 0), chart references.
func sheetDump(t *testing.T, path string, index int) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(index)
	var out strings.Builder
	fmt.Fprintf(&out, "# sheet %s\n", sheet)
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	for r, cells := range rows {
		for c, raw := range cells {
			if raw == "" {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			typ, _ := f.GetCellType(sheet, cell)
			if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
				fmt.Fprintf(&out, "%s\tstring\t%q\n", cell, raw)
				continue
			}
			shown, _ := f.GetCellValue(sheet, cell)
			fmt.Fprintf(&out, "%s\tnumber\t%s\t%s\t%q\n", cell, raw, workbookNumberFormat(t, f, sheet, cell), shown)
		}
	}
	merges, err := f.GetMergeCells(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range merges {
		fmt.Fprintf(&out, "merge\t%s:%s\n", m.GetStartAxis(), m.GetEndAxis())
	}
	panes, err := f.GetPanes(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if panes.Freeze {
		fmt.Fprintf(&out, "freeze\t%d rows\n", panes.YSplit)
	}
	cols, err := f.GetCols(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i := range cols {
		name, _ := excelize.ColumnNumberToName(i + 1)
		width, err := f.GetColWidth(sheet, name)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&out, "width\t%s\t%g\n", name, width)
	}
	formats, err := f.GetConditionalFormats(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var ranges []string
	for ref := range formats {
		ranges = append(ranges, ref)
	}
	slices.Sort(ranges)
	for _, ref := range ranges {
		for _, cf := range formats[ref] {
			fmt.Fprintf(&out, "conditional\t%s\t%s %s..%s %s..%s\n", ref, cf.Type, cf.MinType, cf.MaxType, cf.MinValue, cf.MaxValue)
		}
	}
	if index == 0 {
		for _, chart := range []string{"chart1", "chart2", "chart3"} {
			for _, ref := range workbookChartFormulas(t, workbookPart(t, path, "xl/charts/"+chart+".xml")) {
				fmt.Fprintf(&out, "%s\t%s\n", chart, ref)
			}
		}
	}
	return out.String()
}

func TestWriteWorkbookSheetsMatchGolden(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		for _, sheet := range []struct {
			name  string
			index int
		}{{"summary", 0}, {"daily", 1}, {"categories", 2}, {"districts", 3}, {"response", 4}, {"linkage", 5},
			{"activities", 6}, {"breakdowns", 7}, {"quality", 8}, {"definitions", 9}} {
			t.Run(lang+"/"+sheet.name, func(t *testing.T) {
				got := sheetDump(t, writeWorkbookForTest(t, fixtureReport(), lang), sheet.index)
				golden := filepath.Join("testdata", "workbook", sheet.name+"."+lang+".golden")
				if *update {
					if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test ./reports -run Workbook -update to create it)", err)
				}
				if got != string(want) {
					t.Errorf("%s sheet differs from %s (rerun with -update and review the diff):\n%s", sheet.name, golden, got)
				}
			})
		}
	}
}

func TestWriteWorkbookWritesDailyAndCategorySheets(t *testing.T) {
	f := openWorkbookForTest(t, fixtureReport(), "en")
	for _, tc := range []struct {
		sheet, cell string
		value       float64
		format      string
		shown       string
	}{
		{"Daily", "A2", 44682, "yyyy-mm-dd", "2022-05-01"}, // 2022-05-01 as a spreadsheet date serial
		{"Daily", "B2", 700, "#,##0", "700"},
		{"Daily", "B5", 700 + 650 + 720, "#,##0", "2,070"},
		{"Daily", "C5", 230 + 241 + 250, "#,##0", "721"},
		{"Categories", "B2", 721, "#,##0", "721"},
		{"Categories", "C2", 721.0 / (721 + 500 + 420), "0.0%", "43.9%"},
		{"Categories", "B5", 721 + 500 + 420, "#,##0", "1,641"},
	} {
		got, format := workbookNumber(t, f, tc.sheet, tc.cell)
		shown, _ := f.GetCellValue(tc.sheet, tc.cell)
		if math.Abs(got-tc.value) > 1e-9 || format != tc.format || shown != tc.shown {
			t.Errorf("%s!%s = %v %q shown %q, want %v %q shown %q", tc.sheet, tc.cell, got, format, shown, tc.value, tc.format, tc.shown)
		}
	}
	for _, tc := range []struct{ sheet, cell, want string }{
		{"Daily", "A1", "Date"}, {"Daily", "A5", "Total"}, {"Categories", "A2", "Emergency help"}, {"Categories", "C1", "Share of calls"},
	} {
		if got, _ := f.GetCellValue(tc.sheet, tc.cell); got != tc.want {
			t.Errorf("%s!%s = %q, want %q", tc.sheet, tc.cell, got, tc.want)
		}
	}
	for _, sheet := range []string{"Daily", "Categories"} {
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: panes %+v (%v), want the header row frozen", sheet, panes, err)
		}
	}
}

// workbookCellOf returns the cell of sheet that holds exactly text, failing if there is none or several.
func workbookCellOf(t *testing.T, f *excelize.File, sheet, text string) string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for r, cells := range rows {
		for c, cell := range cells {
			if cell == text {
				name, _ := excelize.CoordinatesToCellName(c+1, r+1)
				found = append(found, name)
			}
		}
	}
	if len(found) != 1 {
		t.Fatalf("%s: %q in cells %q, want exactly one", sheet, text, found)
	}
	return found[0]
}

func TestWriteWorkbookWritesDataQualitySheet(t *testing.T) {
	f := openWorkbookForTest(t, fixtureReport(), "en")
	const sheet = "Data quality"
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	// rowWith returns the first row (1-based) whose first cells are exactly prefix.
	rowWith := func(prefix ...string) int {
		t.Helper()
		for i, cells := range rows {
			if len(cells) >= len(prefix) && slices.Equal(cells[:len(prefix)], prefix) {
				return i + 1
			}
		}
		t.Fatalf("no row starting %q", prefix)
		return 0
	}
	type cell struct {
		col    string
		row    int
		value  float64
		format string
		shown  string
	}
	fileRow := rowWith("calls-2022-05.csv", "calls")
	cases := []cell{
		// By check: the quarantined unparsable times, first example at line 12.
		{"C", rowWith("unreadable time", "quarantined"), 18, "#,##0", "18"},
		{"E", rowWith("unreadable time", "quarantined"), 12, "0", "12"},
		{"E", rowWith("unknown value", "quarantined"), 1203, "0", "1203"}, // a line number, no separator
		{"C", rowWith("times out of order", "flagged"), 30, "#,##0", "30"},
		{"C", rowWith("Total quarantined"), 18 + 5 + 2, "#,##0", "25"},
		{"C", rowWith("Total flags"), 30 + 4, "#,##0", "34"},
		// By file: rows read, loaded, quarantined, duplicates, flagged, records.
		{"F", fileRow, 1000, "#,##0", "1,000"},
		{"G", fileRow, 960, "#,##0", "960"},
		{"H", fileRow, 25, "#,##0", "25"},
		{"I", fileRow, 15, "#,##0", "15"},
		{"J", fileRow, 30, "#,##0", "30"},
		{"K", fileRow, 950, "#,##0", "950"},
		// By district: unknown_value was quarantined twice and flagged four times in Yuhu, on one line.
		{"C", rowWith("Yuhu District", "unknown value"), 2, "#,##0", "2"},
		{"D", rowWith("Yuhu District", "unknown value"), 4, "#,##0", "4"},
		{"C", rowWith("(unknown)", "wrong number of fields"), 5, "#,##0", "5"},
		// The district total: quarantined 12 + 6 + 7, flags 22 + 12.
		{"C", rowWith("(unknown)", "unreadable time") + 1, 25, "#,##0", "25"},
		{"D", rowWith("(unknown)", "unreadable time") + 1, 34, "#,##0", "34"},
	}
	for _, c := range cases {
		ref := fmt.Sprintf("%s%d", c.col, c.row)
		got, format := workbookNumber(t, f, sheet, ref)
		shown, _ := f.GetCellValue(sheet, ref)
		if got != c.value || format != c.format || shown != c.shown {
			t.Errorf("%s = %v %q shown %q, want %v %q shown %q", ref, got, format, shown, c.value, c.format, c.shown)
		}
	}
	for ref, want := range map[string]string{
		fmt.Sprintf("D%d", rowWith("unreadable time", "quarantined")): "calls-2022-05.csv",
		fmt.Sprintf("G%d", rowWith("unreadable time", "quarantined")): "2022/05/03 25:61",
		fmt.Sprintf("A%d", rowWith("(unknown)", "unreadable time")+1): "Total",
		fmt.Sprintf("C%d", fileRow):                                   "canonical",
		fmt.Sprintf("E%d", fileRow):                                   "utf-8",
	} {
		if got, _ := f.GetCellValue(sheet, ref); got != want {
			t.Errorf("%s = %q, want %q", ref, got, want)
		}
	}
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 2 {
		t.Errorf("panes %+v (%v), want the title and scope rows frozen", panes, err)
	}
	// Columns fit their widest text: the longest reason, "not a time of the form
	// YYYY-MM-DD HH:MM:SS" (42 characters), indented.
	if width, err := f.GetColWidth(sheet, "H"); err != nil || width < 42 {
		t.Errorf("reason column width %v (%v), want room for 42 characters", width, err)
	}

	zh := openWorkbookForTest(t, fixtureReport(), "zh")
	for _, text := range []string{"按检查项", "按文件", "按地区", "隔离合计", "标记合计"} {
		workbookCellOf(t, zh, "数据质量", text)
	}
	zhRows, err := zh.GetRows("数据质量", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := zhRows[rowWith("times out of order", "flagged")-1][:3]; !slices.Equal(got, []string{"时间顺序颠倒", "标记", "30"}) {
		t.Errorf("zh interval_order row = %q, want 时间顺序颠倒 标记 30", got)
	}
}

// BenchmarkWriteWorkbook writes the leadership workbook of the fixture report (no Detail sheets) in
// each language: the report stage of the batch, whose cost does not grow with the calls.
func BenchmarkWriteWorkbook(b *testing.B) {
	for _, lang := range []string{"zh", "en"} {
		b.Run(lang, func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "summary."+lang+".xlsx")
			r := fixtureReport()
			b.ReportAllocs()
			for b.Loop() {
				if err := WriteWorkbook(context.Background(), path, r, lang, WorkbookOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWriteGallery writes the chart gallery and chart pages of the fixture in both languages.
func BenchmarkWriteGallery(b *testing.B) {
	if _, err := echartsScript(); err != nil {
		b.Fatal(err)
	}
	r := bulletinReport()
	dir := b.TempDir()
	bulletin := map[string][]byte{}
	for _, lang := range []string{"zh", "en"} {
		text, err := renderBulletin(r, lang, templates.FS())
		if err != nil {
			b.Fatal(err)
		}
		bulletin[lang] = text
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, lang := range []string{"zh", "en"} {
			if err := writeGallery(context.Background(), dir, r, lang, templates.FS(), bulletin[lang], Stamp{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
