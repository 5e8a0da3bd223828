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
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"bulletin/metrics"
	"bulletin/schema"
)

// detailCalls makes n calls an hour apart from 2022-05-01 00:00:05 UTC (08:00:05 in the fixture's
// Asia/Shanghai), C01, C02, ..., each answered after 7 s, dispatched after 95 s and on scene after
// 6 min 5 s, with no closing time.
func detailCalls(n int) []*metrics.Call {
	start := time.Date(2022, 5, 1, 0, 0, 5, 0, time.UTC)
	var calls []*metrics.Call
	for i := range n {
		received := start.Add(time.Duration(i) * time.Hour)
		calls = append(calls, &metrics.Call{
			CallID: fmt.Sprintf("C%02d", i+1), IncidentID: fmt.Sprintf("I%02d", i+1),
			Received: received, Answered: received.Add(7 * time.Second), Dispatched: received.Add(95 * time.Second),
			Arrived: received.Add(6*time.Minute + 5*time.Second),
			Channel: "phone", Category: "emergency_help", Subcategory: "lost_person", Priority: 2,
			District: "雨湖区", Station: "城正街派出所", Disposition: "person_found", PeopleHelped: 1,
			LinkedAgencies: []string{"medical", "fire"}, File: "calls-2022-05.csv", Line: int64(i + 2),
		})
	}
	return calls
}

// sliceSource yields calls in order, stopping at the first error of yield.
func sliceSource(calls []*metrics.Call) CallSource {
	return func(ctx context.Context, yield func(*metrics.Call) error) error {
		for _, c := range calls {
			if err := yield(c); err != nil {
				return err
			}
		}
		return nil
	}
}

// detailReport is the fixture report with the breakdowns by field that label values in the Detail
// sheet, as a campaign's report gives them: the channel "phone" and the district 雨湖区 by the
// campaign's English name.
func detailReport() *metrics.Report {
	r := fixtureReport()
	r.Breakdowns.ByField = []metrics.FieldBreakdown{
		{Field: "channel", Rows: []metrics.FieldCount{
			{Key: "phone", Label: metrics.Text{Zh: "电话", En: "Phone"}, Calls: 12},
			{Key: "", Label: metrics.Text{Zh: "未填", En: "(not recorded)"}},
		}},
		{Field: "district", Rows: []metrics.FieldCount{
			{Key: "雨湖区", Label: metrics.Text{Zh: "雨湖区", En: "Yuhu District"}, Calls: 12},
		}},
	}
	return r
}

// writeDetailWorkbook writes the workbook of r in lang with opts into a new folder and returns its
// path.
func writeDetailWorkbook(t *testing.T, r *metrics.Report, lang string, opts WorkbookOptions) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "workbook."+lang+".xlsx")
	if err := WriteWorkbook(context.Background(), path, r, lang, opts); err != nil {
		t.Fatalf("WriteWorkbook(%s): %v", lang, err)
	}
	return path
}

func openDetailWorkbook(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("open written workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// detailSheets returns the names of the Detail sheets, in order, checking that they come last.
func detailSheets(t *testing.T, f *excelize.File) []string {
	t.Helper()
	sheets := f.GetSheetList()
	first := slices.IndexFunc(sheets, func(name string) bool {
		return strings.HasPrefix(name, "Detail") || strings.HasPrefix(name, "明细")
	})
	if first < 0 {
		return nil
	}
	if first == 0 {
		t.Fatalf("sheets %q: a Detail sheet comes first", sheets)
	}
	return sheets[first:]
}

// detailCell returns the cell in row under the header label of a Detail sheet.
func detailCell(t *testing.T, f *excelize.File, sheet, label string, row int) string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil || len(rows) == 0 {
		t.Fatalf("%s: rows %v (%v)", sheet, rows, err)
	}
	col := slices.Index(rows[0], label)
	if col < 0 {
		t.Fatalf("%s: no column %q in header %q", sheet, label, rows[0])
	}
	cell, err := excelize.CoordinatesToCellName(col+1, row)
	if err != nil {
		t.Fatal(err)
	}
	return cell
}

// detailParts returns the worksheet parts of the archive at path, by the name of their sheet, read
// from the workbook part and its relationships as Excel reads them.
func detailParts(t *testing.T, path string) map[string]string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	read := func(name string) []byte {
		t.Helper()
		rc, err := zr.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		content, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		return content
	}
	var book struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(read("xl/workbook.xml"), &book); err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(read("xl/_rels/workbook.xml.rels"), &rels); err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, sheet := range book.Sheets {
		for _, rel := range rels.Rels {
			if rel.ID == sheet.ID {
				parts[sheet.Name] = string(read("xl/" + strings.TrimPrefix(rel.Target, "/xl/")))
			}
		}
	}
	if len(parts) != len(book.Sheets) || len(parts) == 0 {
		t.Fatalf("%s: found the parts of %d of %d sheets", path, len(parts), len(book.Sheets))
	}
	return parts
}

func TestWorkbookDetailContinuesOnFurtherSheets(t *testing.T) {
	calls := detailCalls(12)
	for _, tc := range []struct {
		lang      string
		sheets    []string
		firstHead string
	}{
		{"en", []string{"Detail", "Detail (2)", "Detail (3)"}, "Call id"},
		{"zh", []string{"明细", "明细 (2)", "明细 (3)"}, "接警编号"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			path := writeDetailWorkbook(t, detailReport(), tc.lang, WorkbookOptions{Detail: sliceSource(calls), DetailRowsPerSheet: 5})
			f := openDetailWorkbook(t, path)
			if got := detailSheets(t, f); !slices.Equal(got, tc.sheets) {
				t.Fatalf("detail sheets %q, want %q", got, tc.sheets)
			}
			// 12 calls, 5 a sheet: C01-C05, C06-C10, C11-C12, each sheet under its own header.
			var ids []string
			for i, sheet := range tc.sheets {
				rows, err := f.GetRows(sheet)
				if err != nil {
					t.Fatal(err)
				}
				if want := []int{6, 6, 3}[i]; len(rows) != want {
					t.Errorf("%s: %d rows, want %d (header and calls)", sheet, len(rows), want)
				}
				if len(rows) == 0 || rows[0][0] != tc.firstHead {
					t.Errorf("%s: header %q, want it to start with %q", sheet, rows, tc.firstHead)
					continue
				}
				for _, row := range rows[1:] {
					ids = append(ids, row[0])
				}
			}
			var want []string
			for _, c := range calls {
				want = append(want, c.CallID)
			}
			if !slices.Equal(ids, want) {
				t.Errorf("calls listed %q, want %q", ids, want)
			}
		})
	}
}

func TestWorkbookDetailFillsASheetBeforeOpeningAnother(t *testing.T) {
	path := writeDetailWorkbook(t, detailReport(), "en", WorkbookOptions{Detail: sliceSource(detailCalls(10)), DetailRowsPerSheet: 5})
	f := openDetailWorkbook(t, path)
	if got, want := detailSheets(t, f), []string{"Detail", "Detail (2)"}; !slices.Equal(got, want) {
		t.Errorf("detail sheets %q, want %q: no empty third sheet", got, want)
	}
}

func TestWorkbookDetailWritesTheValuesOfEachCall(t *testing.T) {
	calls := detailCalls(3)
	calls[1].Category, calls[1].District, calls[1].Channel = "mystery", "新区", "pigeon" // no label in the report
	calls[1].LinkedAgencies, calls[1].Answered, calls[1].Priority = nil, time.Time{}, 0
	calls[2].Arrived = calls[2].Received.Add(-time.Second) // out of order: no response time
	path := writeDetailWorkbook(t, detailReport(), "en", WorkbookOptions{Detail: sliceSource(calls)})
	f := openDetailWorkbook(t, path)
	sheet := "Detail"

	text := func(label string, row int) string {
		t.Helper()
		v, err := f.GetCellValue(sheet, detailCell(t, f, sheet, label, row))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		label string
		row   int
		want  string
	}{
		{"Call id", 2, "C01"},
		// Labels from the report's breakdowns by field: the channel, the district.
		{"District", 2, "Yuhu District"},
		{"Channel", 2, "Phone"},
		// Codes the report has no breakdown of take the data model's labels (model.yaml).
		{"Category", 2, "Emergency help"},
		{"Subcategory", 2, "Lost person"},
		{"Disposition", 2, "Person found"},
		{"Priority", 2, "Priority 2"},
		{"Partner agencies", 2, "Medical first aid, Fire and rescue"},
		// Values without a label are shown as stored.
		{"Category", 3, "mystery"},
		{"District", 3, "新区"},
		{"Channel", 3, "pigeon"},
		{"Partner agencies", 3, ""},
		{"Police station", 2, "城正街派出所"},
		{"Source file", 4, "calls-2022-05.csv"},
		// Wall clock in Asia/Shanghai, eight hours ahead of the UTC times of the calls.
		{"Received", 2, "2022-05-01 08:00:05"},
		{"Received", 4, "2022-05-01 10:00:05"},
		{"Arrived", 2, "2022-05-01 08:06:10"},
		// Not recorded: empty, never 0.
		{"Answered", 3, ""},
		{"Closed", 2, ""},
		{"Priority", 3, ""},
	} {
		if got := text(tc.label, tc.row); got != tc.want {
			t.Errorf("%s, row %d = %q, want %q", tc.label, tc.row, got, tc.want)
		}
	}

	// Clock points are date-times; intervals are durations in days, as spreadsheets count them.
	received := detailCell(t, f, sheet, "Received", 2)
	v, format := workbookNumber(t, f, sheet, received)
	// 2022-05-01 is day 44682 since 1899-12-30; 08:00:05 is 28805 s into it.
	if want := 44682 + 28805.0/86400; v < want-1e-9 || v > want+1e-9 || format != "yyyy-mm-dd hh:mm:ss" {
		t.Errorf("%s = %v (%q), want %v as yyyy-mm-dd hh:mm:ss", received, v, format, want)
	}
	for _, tc := range []struct {
		label   string
		row     int
		seconds float64
	}{{"answer", 2, 7}, {"dispatch", 2, 95}, {"response", 2, 365}, {"dispatch", 3, 95}} {
		cell := detailCell(t, f, sheet, tc.label, tc.row)
		v, format := workbookNumber(t, f, sheet, cell)
		if math.Abs(v*86400-tc.seconds) > 1e-6 || format != "[m]:ss" {
			t.Errorf("%s row %d (%s) = %v (%q), want %v s as [m]:ss", tc.label, tc.row, cell, v*86400, format, tc.seconds)
		}
	}
	for _, tc := range []struct {
		label string
		row   int
	}{{"answer", 3}, {"response", 4}} {
		if got := text(tc.label, tc.row); got != "" {
			t.Errorf("%s row %d = %q, want empty (a point missing or out of order)", tc.label, tc.row, got)
		}
	}
	for _, tc := range []struct {
		label string
		row   int
		want  float64
	}{{"People helped", 2, 1}, {"Line", 3, 3}} {
		if v, _ := workbookNumber(t, f, sheet, detailCell(t, f, sheet, tc.label, tc.row)); v != tc.want {
			t.Errorf("%s row %d = %v, want %v", tc.label, tc.row, v, tc.want)
		}
	}
}

func TestWorkbookDetailStoresFormulaLikeTextAsStrings(t *testing.T) {
	hostile := []string{`=HYPERLINK("http://x","y")`, "+1", "-2", "@SUM(A1)"}
	calls := detailCalls(len(hostile))
	for i, text := range hostile {
		c := calls[i]
		c.CallID, c.District, c.Station, c.Disposition, c.Category, c.File = text, text, text, text, text, text
		c.LinkedAgencies = []string{text}
	}
	path := writeDetailWorkbook(t, detailReport(), "en", WorkbookOptions{Detail: sliceSource(calls)})
	f := openDetailWorkbook(t, path)
	for i, text := range hostile {
		for _, label := range []string{"Call id", "District", "Police station", "Disposition", "Category", "Partner agencies", "Source file"} {
			cell := detailCell(t, f, "Detail", label, i+2)
			typ, err := f.GetCellType("Detail", cell)
			if err != nil || typ != excelize.CellTypeInlineString {
				t.Errorf("%s %q: cell type %v (%v), want a string", cell, text, typ, err)
			}
			if formula, err := f.GetCellFormula("Detail", cell); err != nil || formula != "" {
				t.Errorf("%s %q: formula %q (%v), want none", cell, text, formula, err)
			}
			if v, err := f.GetCellValue("Detail", cell); err != nil || v != text {
				t.Errorf("%s = %q (%v), want %q", cell, v, err, text)
			}
		}
	}
	for name, part := range detailParts(t, path) {
		if strings.Contains(part, "<f>") || strings.Contains(part, "<f ") {
			t.Errorf("%s holds a formula", name)
		}
	}
}

func TestWorkbookDetailFreezesFiltersAndPrintsItsHeader(t *testing.T) {
	path := writeDetailWorkbook(t, detailReport(), "en", WorkbookOptions{Detail: sliceSource(detailCalls(7)), DetailRowsPerSheet: 5})
	f := openDetailWorkbook(t, path)
	sheets := detailSheets(t, f)
	lastCol := ""
	names := f.GetDefinedName()
	for i, sheet := range sheets {
		header, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		lastCol, _ = excelize.ColumnNumberToName(len(header[0]))
		rows := []int{5, 2}[i]
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
			t.Errorf("%s: panes %+v (%v), want row 1 frozen", sheet, panes, err)
		}
		want := []excelize.DefinedName{
			{Name: "_xlnm.Print_Titles", RefersTo: "'" + sheet + "'!$1:$1", Scope: sheet},
			{Name: "_xlnm._FilterDatabase", RefersTo: fmt.Sprintf("'%s'!A1:%s%d", sheet, lastCol, rows+1), Scope: sheet},
		}
		for _, w := range want {
			if !slices.ContainsFunc(names, func(d excelize.DefinedName) bool {
				return d.Name == w.Name && d.Scope == w.Scope && strings.ReplaceAll(d.RefersTo, "$", "") == strings.ReplaceAll(w.RefersTo, "$", "")
			}) {
				t.Errorf("%s: no defined name %+v in %+v", sheet, w, names)
			}
		}
		layout, err := f.GetPageLayout(sheet)
		if err != nil || layout.Size == nil || *layout.Size != 9 || layout.Orientation == nil || *layout.Orientation != "landscape" {
			t.Errorf("%s: page layout %+v (%v), want A4 landscape", sheet, layout, err)
		}
		if layout.AdjustTo == nil || *layout.AdjustTo < 80 {
			t.Errorf("%s: print scale %v, want 80%% or more (text at 8 points or more)", sheet, layout.AdjustTo)
		}
		props, err := f.GetSheetProps(sheet)
		if err != nil || (props.FitToPage != nil && *props.FitToPage) {
			t.Errorf("%s: fit to page is on (%v); it would shrink the text", sheet, err)
		}
		for col := 1; col <= len(header[0]); col++ {
			name, _ := excelize.ColumnNumberToName(col)
			if w, err := f.GetColWidth(sheet, name); err != nil || w < 6 || w > 30 {
				t.Errorf("%s column %s (%s): width %v (%v), want 6 to 30", sheet, name, header[0][col-1], w, err)
			}
		}
	}
	// The autofilter of each sheet covers its header and its rows; its columns are listed in
	// ascending order, as Excel requires.
	filters := map[string]int{}
	parts := detailParts(t, path)
	for _, name := range sheets {
		part := parts[name]
		i := strings.Index(part, `<autoFilter ref="`)
		if i < 0 {
			continue
		}
		ref := part[i+len(`<autoFilter ref="`):]
		filters[strings.ReplaceAll(ref[:strings.Index(ref, `"`)], "$", "")]++
		var mins []int
		for _, col := range strings.Split(part, `<col min="`)[1:] {
			n, err := strconv.Atoi(col[:strings.Index(col, `"`)])
			if err != nil {
				t.Fatal(err)
			}
			mins = append(mins, n)
		}
		if len(mins) == 0 || !slices.IsSorted(mins) {
			t.Errorf("%s: columns in the order %v, want ascending", name, mins)
		}
	}
	if want := map[string]int{"A1:" + lastCol + "6": 1, "A1:" + lastCol + "3": 1}; !mapsEqual(filters, want) {
		t.Errorf("autofilters %v, want %v", filters, want)
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestWorkbookDetailOfAnEmptyPeriodHoldsAHeaderAndANote(t *testing.T) {
	for _, tc := range []struct{ lang, sheet, note string }{
		{"en", "Detail", "No calls in the period."},
		{"zh", "明细", "统计时段内无警情。"},
	} {
		path := writeDetailWorkbook(t, detailReport(), tc.lang, WorkbookOptions{Detail: sliceSource(nil)})
		f := openDetailWorkbook(t, path)
		if got := detailSheets(t, f); !slices.Equal(got, []string{tc.sheet}) {
			t.Fatalf("detail sheets %q, want %q", got, tc.sheet)
		}
		rows, err := f.GetRows(tc.sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || len(rows[0]) < 20 || len(rows[1]) != 1 || rows[1][0] != tc.note {
			t.Errorf("%s: rows %q, want the header and %q", tc.sheet, rows, tc.note)
		}
	}
}

func TestWorkbookWithoutDetailHasNoDetailSheet(t *testing.T) {
	f := openDetailWorkbook(t, writeDetailWorkbook(t, detailReport(), "en", WorkbookOptions{}))
	if got := detailSheets(t, f); len(got) != 0 {
		t.Errorf("Detail sheets %q, want none", got)
	}
}

func TestWorkbookDetailIsByteIdentical(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		write := func() []byte {
			path := writeDetailWorkbook(t, detailReport(), lang, WorkbookOptions{Detail: sliceSource(detailCalls(12)), DetailRowsPerSheet: 5})
			content, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			return content
		}
		first := write()
		for range 3 {
			if !bytes.Equal(first, write()) {
				t.Fatalf("%s: two writes of the same report and calls differ", lang)
			}
		}
	}
}

func TestWorkbookDetailFailureKeepsThePreviousFile(t *testing.T) {
	errSource := errors.New("warehouse gone")
	failing := func(after int, err error) CallSource {
		return func(ctx context.Context, yield func(*metrics.Call) error) error {
			for i, c := range detailCalls(after + 5) {
				if i == after {
					return err
				}
				if err := yield(c); err != nil {
					return err
				}
			}
			return nil
		}
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancelling := func(ctx context.Context, yield func(*metrics.Call) error) error {
		for i, c := range detailCalls(3000) {
			if i == 2000 {
				cancel()
			}
			if err := yield(c); err != nil {
				return err
			}
		}
		return nil
	}
	for _, tc := range []struct {
		name   string
		ctx    context.Context
		source CallSource
		limit  int
		is     error
	}{
		{"source fails on the second sheet", context.Background(), failing(7, errSource), 5, errSource},
		{"source fails before any call", context.Background(), failing(0, errSource), 5, errSource},
		{"cancelled while streaming", cancelled, cancelling, 500, context.Canceled},
		{"rows per sheet out of range", context.Background(), sliceSource(detailCalls(2)), MaxDetailRowsPerSheet + 1, nil},
		{"negative rows per sheet", context.Background(), sliceSource(detailCalls(2)), -1, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "workbook.xlsx")
			if err := WriteWorkbook(context.Background(), path, detailReport(), "en", WorkbookOptions{}); err != nil {
				t.Fatal(err)
			}
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			err = WriteWorkbook(tc.ctx, path, detailReport(), "en", WorkbookOptions{Detail: tc.source, DetailRowsPerSheet: tc.limit})
			if err == nil {
				t.Fatal("WriteWorkbook succeeded")
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v, want %v", err, tc.is)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the file", err)
			}
			if after, err := os.ReadFile(path); err != nil || !bytes.Equal(after, before) {
				t.Errorf("the previous workbook changed (%v)", err)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("folder holds %q, want only the previous workbook", names)
			}
		})
	}
}

// peakRSS is the peak resident set size of this process in bytes (VmHWM), or 0 where /proc does not
// tell it.
func peakRSS() float64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(status)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err != nil {
				return 0
			}
			return kb * 1024
		}
	}
	return 0
}

// resetPeakRSS returns freed memory to the system and starts a new peak resident set size (Linux 4.0
// and later), so that each run of a benchmark reports its own peak rather than that of the runs
// before it.
func resetPeakRSS() {
	debug.FreeOSMemory()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// syntheticCalls yields n calls made up on the fly, a few seconds apart, with the value shapes of a
// real export: nothing is held but the call being written.
func syntheticCalls(n int) CallSource {
	districts := []string{"雨湖区", "岳塘区", "湘潭县", "湘乡市", "韶山市"}
	stations := []string{"城正街派出所", "窑湾派出所", "建设路派出所", "易俗河派出所", "清溪派出所", ""}
	categories := []string{"emergency_help", "public_order", "traffic", "dispute", "consultation", "criminal"}
	subcategories := []string{"lost_person", "suicide_attempt", "missing_person", "medical", ""}
	channels := []string{"phone", "phone", "phone", "sms", "app", "video"}
	dispositions := []string{"resolved", "rescued", "person_found", "referred", "unresolved"}
	agencies := [][]string{nil, nil, nil, {"medical"}, {"fire", "medical"}, {"water_police"}}
	return func(ctx context.Context, yield func(*metrics.Call) error) error {
		loc, err := time.LoadLocation("Asia/Shanghai")
		if err != nil {
			return err
		}
		start := time.Date(2022, 5, 1, 0, 0, 0, 0, loc)
		var c metrics.Call
		for i := range n {
			received := start.Add(time.Duration(i) * 4 * time.Second)
			c = metrics.Call{
				CallID:     "J" + strconv.Itoa(4200000000+i),
				IncidentID: "A" + strconv.Itoa(3300000000+i/2),
				Received:   received, Answered: received.Add(time.Duration(3+i%20) * time.Second),
				Channel: channels[i%len(channels)], Category: categories[i%len(categories)],
				Subcategory: subcategories[i%len(subcategories)], Priority: 1 + i%4,
				District: districts[i%len(districts)], Station: stations[i%len(stations)],
				Disposition: dispositions[i%len(dispositions)], PeopleHelped: i % 3,
				LinkedAgencies: agencies[i%len(agencies)], File: fmt.Sprintf("calls-2022-%02d.csv", 5+i/700000),
				Line: int64(2 + i%700000),
			}
			if i%7 != 0 {
				c.Dispatched = c.Answered.Add(time.Duration(20+i%90) * time.Second)
				c.Arrived = c.Dispatched.Add(time.Duration(60+i%600) * time.Second)
				c.Closed = c.Arrived.Add(time.Duration(300+i%1800) * time.Second)
			}
			if err := yield(&c); err != nil {
				return err
			}
		}
		return nil
	}
}

// BenchmarkWorkbookDetail writes a workbook with 2,000,000 calls in its Detail sheets (two sheets),
// and one with 200,000 for comparison, and reports the peak resident set size of the process for
// each. VmHWM is the process's peak: run this benchmark alone, as docs/performance.md does:
//
//	go test -tags duckdb_arrow ./reports/ -run '^$' -bench WorkbookDetail -benchtime 1x -count 3
func BenchmarkWorkbookDetail(b *testing.B) {
	for _, calls := range []int{200_000, 2_000_000} {
		b.Run(fmt.Sprintf("calls=%d", calls), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "summary.zh.xlsx")
			r := fixtureReport()
			for b.Loop() {
				resetPeakRSS()
				if err := WriteWorkbook(context.Background(), path, r, "zh", WorkbookOptions{Detail: syntheticCalls(calls)}); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			info, err := os.Stat(path)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(peakRSS()/(1<<20), "peak-RSS-MiB")
			b.ReportMetric(float64(info.Size())/(1<<20), "file-MiB")
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/op")
		})
	}
}

// detailHeader returns the header row of the first Detail sheet of the workbook at path.
func detailHeader(t *testing.T, path string) []string {
	t.Helper()
	f := openDetailWorkbook(t, path)
	rows, err := f.GetRows(detailSheets(t, f)[0])
	if err != nil || len(rows) == 0 {
		t.Fatalf("detail rows %v (%v)", rows, err)
	}
	return rows[0]
}

func TestWorkbookDetailColumnsFollowTheDataModel(t *testing.T) {
	// The headings, read straight from the data model: every field of the calls marked detail, in
	// the model's order, by its label; the report's intervals after the last clock point; the file
	// and line last.
	r := detailReport()
	for _, lang := range []string{"zh", "en"} {
		var want []string
		for _, f := range schema.Default().Table("calls").Fields {
			if !f.Detail {
				continue
			}
			want = append(want, f.Label.In(lang))
			if f.Name == "closed_at" {
				for _, iv := range r.Response.Intervals {
					want = append(want, iv.Label.In(lang))
				}
			}
		}
		want = append(want, map[string][]string{"zh": {"来源文件", "行号"}, "en": {"Source file", "Line"}}[lang]...)
		path := writeDetailWorkbook(t, r, lang, WorkbookOptions{Detail: sliceSource(detailCalls(2))})
		if got := detailHeader(t, path); !slices.Equal(got, want) {
			t.Errorf("%s: header\n%q, want\n%q", lang, got, want)
		}
	}
}

func TestWorkbookDetailListsAFieldTheModelMarksDetail(t *testing.T) {
	// The data model with lat marked detail, as a user would mark it: the Detail sheet gains its
	// column in the model's place (after the partner agencies, before the incident), read from
	// Call.Values since metrics.Call has no field of its own for it, with no change to the code.
	source, err := os.ReadFile(filepath.Join("..", "schema", "model.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	const plain = "{name: lat, type: float,"
	if !bytes.Contains(source, []byte(plain)) {
		t.Fatalf("model.yaml no longer has %q; adapt the test", plain)
	}
	model, err := schema.Parse(bytes.Replace(source, []byte(plain), []byte(plain+" detail: true,"), 1))
	if err != nil {
		t.Fatal(err)
	}
	defer schema.Use(model)()
	at := slices.Index(metrics.DetailFields(), "lat")
	if at < 0 {
		t.Fatalf("lat is not among the detail fields %v", metrics.DetailFields())
	}
	calls := detailCalls(2)
	for i, c := range calls {
		c.Values = make([]string, len(metrics.DetailFields()))
		c.Values[at] = []string{"27.85", ""}[i]
	}
	path := writeDetailWorkbook(t, detailReport(), "en", WorkbookOptions{Detail: sliceSource(calls)})
	header := detailHeader(t, path)
	col := slices.Index(header, "Latitude")
	if col < 0 || header[col-1] != "Partner agencies" || header[col+1] != "Incident id" {
		t.Fatalf("header %q: want Latitude between Partner agencies and Incident id", header)
	}
	f := openDetailWorkbook(t, path)
	if v, _ := f.GetCellValue("Detail", detailCell(t, f, "Detail", "Latitude", 2), excelize.Options{RawCellValue: true}); v != "27.85" {
		t.Errorf("latitude of the first call = %q, want the number 27.85", v)
	}
	if v, _ := f.GetCellValue("Detail", detailCell(t, f, "Detail", "Latitude", 3)); v != "" {
		t.Errorf("latitude of the second call (not recorded) = %q, want an empty cell", v)
	}
}

func TestDetailReadsEveryDetailFieldOfTheModelFromACall(t *testing.T) {
	// Every field the data model lists in the Detail sheets is read from a call: from its field of
	// metrics.Call, or, for a field Call has none for (one added to the model), from Call.Values.
	values := metrics.DetailFields()
	for _, f := range schema.Default().Table("calls").Fields {
		if f.Detail {
			if _, ok := callField(f.Name); !ok && !slices.Contains(values, f.Name) {
				t.Errorf("data model field %s (detail) is neither a field of metrics.Call nor in metrics.DetailFields", f.Name)
			}
		}
	}
}
