package source

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// cell is a value to put in a test workbook.
type cell struct {
	ref   string
	value any
}

// buildWorkbook writes a workbook whose sheets hold the given cells and merged ranges and returns
// its bytes. A float64 value gets the date-time number format 22 ("m/d/yy h:mm"), as a date typed
// into Excel would.
func buildWorkbook(t testing.TB, sheets []string, cells map[string][]cell, merges map[string][][2]string) []byte {
	t.Helper()
	book := excelize.NewFile()
	defer book.Close()
	dateStyle, err := book.NewStyle(&excelize.Style{NumFmt: 22})
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range sheets {
		if i == 0 {
			if err := book.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := book.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for _, c := range cells[name] {
			if f, ok := c.value.(float64); ok {
				if err := book.SetCellFloat(name, c.ref, f, -1, 64); err != nil {
					t.Fatal(err)
				}
				if err := book.SetCellStyle(name, c.ref, c.ref, dateStyle); err != nil {
					t.Fatal(err)
				}
				continue
			}
			if err := book.SetCellValue(name, c.ref, c.value); err != nil {
				t.Fatal(err)
			}
		}
		for _, m := range merges[name] {
			if err := book.MergeCell(name, m[0], m[1]); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := book.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// replaceInZip returns the zip archive with old replaced by new in the entry name, failing if old
// is not there.
func replaceInZip(t testing.TB, archive []byte, name, old, new string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	replaced := false
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == name && bytes.Contains(content, []byte(old)) {
			content = bytes.ReplaceAll(content, []byte(old), []byte(new))
			replaced = true
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(content); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if !replaced {
		t.Fatalf("%q not found in %s", old, name)
	}
	return out.Bytes()
}

// callsWorkbook is a sheet as a command center exports it: a title row merged across the table, a
// two-level header (处警 over two columns; the others merged down over both rows), a call number
// large enough that it is stored in exponent form, a date stored as a number with a date format,
// an empty row and a row whose last cells are empty.
func callsWorkbook(t testing.TB) []byte {
	const sheet = "接警记录"
	book := buildWorkbook(t, []string{sheet}, map[string][]cell{sheet: {
		{"A1", "2022年5月110接警记录"},
		{"A2", "警情编号"}, {"B2", "接警时间"}, {"C2", "处警"}, {"E2", "类别"},
		{"C3", "派警时间"}, {"D3", "到达时间"},
		{"A4", 20220527000123}, {"B4", 44708.585}, {"C4", 44708.5875}, {"E4", "求助"},
		{"A6", "20220527000124"}, {"B6", 44708.6},
	}}, map[string][][2]string{sheet: {
		{"A1", "E1"},
		{"A2", "A3"}, {"B2", "B3"}, {"C2", "D2"}, {"E2", "E3"},
	}})
	return replaceInZip(t, book, "xl/worksheets/sheet1.xml", "<v>20220527000123</v>", "<v>2.0220527000123E13</v>")
}

func TestXLSXTitleRowAndTwoLevelMergedHeader(t *testing.T) {
	wantHeader := []string{"警情编号", "接警时间", "处警/派警时间", "处警/到达时间", "类别"}
	wantRows := []row{
		{Line: 4, Fields: []string{"20220527000123", "44708.585", "44708.5875", "", "求助"}},
		{Line: 6, Fields: []string{"20220527000124", "44708.6", "", "", ""}},
	}
	tests := []struct {
		name string
		opts Options
	}{
		{"header found by the hint", Options{HeaderHint: wantHeader}},
		{"header found by the tops of two-level names", Options{HeaderHint: []string{"处警/派警时间", "处警/到达时间"}}},
		{"header row given", Options{HeaderRow: 2}},
		{"header row and rows given", Options{HeaderRow: 2, HeaderRows: 2}},
	}
	content := callsWorkbook(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "calls.xlsx", content)
			r := mustOpen(t, path, tt.opts)
			if !slices.Equal(r.Header(), wantHeader) {
				t.Errorf("Header = %q, want %q", r.Header(), wantHeader)
			}
			if r.HeaderLine() != 3 {
				t.Errorf("HeaderLine = %d, want 3", r.HeaderLine())
			}
			want := Info{Format: "xlsx", Sheet: "接警记录", Size: int64(len(content))}
			if r.Info() != want {
				t.Errorf("Info = %+v, want %+v", r.Info(), want)
			}
			checkRows(t, readAll(t, r), wantRows)
			if r.Offset() != int64(len(content)) {
				t.Errorf("Offset = %d, want %d", r.Offset(), len(content))
			}
		})
	}
}

func TestXLSXWithoutHintPassesOverAMergedTitle(t *testing.T) {
	// Without a hint the first non-empty row is the header, unless it is a title: one value in
	// cells merged across columns.
	r := mustOpen(t, writeFile(t, "calls.xlsx", callsWorkbook(t)), Options{})
	want := []string{"警情编号", "接警时间", "处警/派警时间", "处警/到达时间", "类别"}
	if !slices.Equal(r.Header(), want) || r.HeaderLine() != 3 {
		t.Errorf("Header = %q at %d, want %q at 3", r.Header(), r.HeaderLine(), want)
	}
}

func TestXLSXSheets(t *testing.T) {
	content := buildWorkbook(t, []string{"汇总", "明细"}, map[string][]cell{
		"汇总": {{"A1", "total"}, {"A2", "3"}},
		"明细": {{"B2", "id"}, {"C2", "name"}, {"B3", "1"}, {"C3", "a"}, {"B4", "2"}},
	}, nil)
	path := writeFile(t, "book.xlsx", content)

	first := mustOpen(t, path, Options{})
	if first.Info().Sheet != "汇总" || !slices.Equal(first.Header(), []string{"total"}) {
		t.Errorf("first sheet %q header %q, want 汇总 [total]", first.Info().Sheet, first.Header())
	}
	checkRows(t, readAll(t, first), []row{{Line: 2, Fields: []string{"3"}}})

	named := mustOpen(t, path, Options{Sheet: "明细"})
	if !slices.Equal(named.Header(), []string{"", "id", "name"}) || named.HeaderLine() != 2 {
		t.Errorf("named sheet header %q at %d, want [\"\" id name] at 2", named.Header(), named.HeaderLine())
	}
	checkRows(t, readAll(t, named), []row{
		{Line: 3, Fields: []string{"", "1", "a"}},
		{Line: 4, Fields: []string{"", "2", ""}},
	})

	_, err := Open(context.Background(), path, Options{Sheet: "Sheet1"})
	want := `open ` + path + `: no sheet "Sheet1"; the workbook has "汇总", "明细"`
	if err == nil || err.Error() != want {
		t.Errorf("Open with an unknown sheet = %v, want %s", err, want)
	}
}

func TestXLSXEmptySheetIsAnError(t *testing.T) {
	path := writeFile(t, "empty.xlsx", buildWorkbook(t, []string{"Sheet1"}, nil, nil))
	_, err := Open(context.Background(), path, Options{})
	if err == nil || !strings.Contains(err.Error(), "no header row: the file is empty") {
		t.Errorf("Open = %v, want a no header row error", err)
	}
}

func TestPlainNumber(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2.0220527000123E13", "20220527000123"},
		{"2.0220527000123E+13", "20220527000123"},
		{"-1.5E3", "-1500"},
		{"1.5E-3", "1.5E-3"},               // not an integer
		{"1.23456789E25", "1.23456789E25"}, // too large for plain digits to be exact
		{"44708.585", "44708.585"},
		{"1E5", "1E5"}, // text, not written by a spreadsheet program as a number
		{"E", "E"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := plainNumber(tt.in); got != tt.want {
			t.Errorf("plainNumber(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSheetDataEnd(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"<sheetData><row/></sheetData><mergeCells>", len("<sheetData><row/></sheetData>")},
		{"<x:sheetData></x:sheetData>", len("<x:sheetData></x:sheetData>")},
		{"<sheetData>", -1},
		{"<c><is><t>sheetData></t></is></c>", -1},
		{"", -1},
	}
	for _, tt := range tests {
		if got := sheetDataEnd([]byte(tt.in)); got != tt.want {
			t.Errorf("sheetDataEnd(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestReadMergesAcrossChunks(t *testing.T) {
	// A sheet larger than the 1 MiB chunk the merge scan reads at a time, with a prefixed
	// namespace, so that the end tag and the merged ranges lie beyond the first chunk.
	var sheet strings.Builder
	sheet.WriteString(`<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>`)
	for sheet.Len() < 1<<20+100 {
		sheet.WriteString(`<x:row><x:c t="inlineStr"><x:is><x:t>sheetData&gt;</x:t></x:is></x:c></x:row>`)
	}
	sheet.WriteString(`</x:sheetData><x:mergeCells count="2"><x:mergeCell ref="A1:C1"/><x:mergeCell ref="B2:B3"/></x:mergeCells></x:worksheet>`)
	rest, err := skipCellData(strings.NewReader(sheet.String()))
	if err != nil || rest == nil {
		t.Fatalf("skipCellData = %v, %v", rest, err)
	}
	tail, _ := io.ReadAll(rest)
	if !strings.HasPrefix(string(tail), `<x:mergeCells count="2">`) {
		t.Errorf("after the cell data: %.40q", tail)
	}

	// The same through a workbook on disk.
	book := buildWorkbook(t, []string{"S"}, map[string][]cell{"S": {{"A1", "t"}}}, map[string][][2]string{"S": {{"A1", "C1"}, {"B2", "B3"}}})
	dir := t.TempDir()
	path := filepath.Join(dir, "b.xlsx")
	if err := os.WriteFile(path, book, 0o644); err != nil {
		t.Fatal(err)
	}
	merges, err := readMerges(path, "S")
	want := []mergeRange{{left: 1, top: 1, right: 3, bottom: 1}, {left: 2, top: 2, right: 2, bottom: 3}}
	if err != nil || !slices.Equal(merges, want) {
		t.Errorf("readMerges = %v, %v; want %v", merges, err, want)
	}
}

// TestXLSXReadsTheFirstVisibleSheet hides the first sheet of a workbook: Open reads the second, the
// first a user sees, and says so; --sheet still reads the hidden one.
func TestXLSXReadsTheFirstVisibleSheet(t *testing.T) {
	content := buildWorkbook(t, []string{"代码表", "接处警记录"}, map[string][]cell{
		"代码表":   {{"A1", "code"}, {"A2", "x"}},
		"接处警记录": {{"A1", "id"}, {"A2", "1"}},
	}, nil)
	hide := func(t *testing.T, content []byte, sheets ...string) string {
		t.Helper()
		path := writeFile(t, "book.xlsx", content)
		book, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		// The active sheet cannot be hidden: the second one is active, as Excel makes it when
		// the first is hidden.
		book.SetActiveSheet(1)
		for _, s := range sheets {
			if err := book.SetSheetVisible(s, false); err != nil {
				t.Fatal(err)
			}
		}
		if err := book.Save(); err != nil {
			t.Fatal(err)
		}
		book.Close()
		return path
	}
	path := hide(t, content, "代码表")
	r := mustOpen(t, path, Options{})
	if r.Info().Sheet != "接处警记录" || !slices.Equal(r.Header(), []string{"id"}) {
		t.Errorf("read sheet %q header %q, want the visible 接处警记录 [id]", r.Info().Sheet, r.Header())
	}
	named := mustOpen(t, path, Options{Sheet: "代码表"})
	if !slices.Equal(named.Header(), []string{"code"}) {
		t.Errorf("--sheet of the hidden sheet read header %q, want [code]", named.Header())
	}
}

// TestWorkbookBombsAreRefusedBeforeUnpacking checks a zip's stated sizes: 70 MiB of shared
// strings packed into about 70 KiB (1,000 times) is refused by the ratio, and a workbook over the
// size limit by the limit, before excelize unpacks anything; Open says which file.
func TestWorkbookBombsAreRefusedBeforeUnpacking(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	part, err := zw.Create("xl/sharedStrings.xml")
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte("<si><t>x</t></si>"), 1<<16)
	for written := 0; written < 70<<20; written += len(chunk) {
		part.Write(chunk)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, "bomb.xlsx", buf.Bytes())
	if err := checkUnpackedSize(path, 1<<30); err == nil || !strings.Contains(err.Error(), "more than 100 times") {
		t.Errorf("ratio: %v; want the ratio named", err)
	}
	if err := checkUnpackedSize(path, 1<<20); err == nil || !strings.Contains(err.Error(), "more than 1 MiB") {
		t.Errorf("limit: %v; want the limit named", err)
	}
	if _, err := Open(context.Background(), path, Options{}); err == nil || !strings.Contains(err.Error(), "bomb.xlsx") || !strings.Contains(err.Error(), "more than 100 times") {
		t.Errorf("Open: %v; want the file and the ratio named", err)
	}
	// An export's workbook is far within both.
	if err := checkUnpackedSize(writeFile(t, "calls.xlsx", callsWorkbook(t)), 1<<30); err != nil {
		t.Errorf("a real workbook: %v", err)
	}
}

// TestFormulaWithoutAComputedValueIsMarked reads a workbook written by a program that does not
// calculate (excelize, here): a cell with a formula and no cached value reads as
// UncomputedFormula, not as an empty cell; cells beside it read as they are.
func TestFormulaWithoutAComputedValueIsMarked(t *testing.T) {
	book := excelize.NewFile()
	defer book.Close()
	for ref, v := range map[string]any{"A1": "id", "B1": "people", "C1": "note", "A2": "F1", "B2": 3, "A3": "F2", "C3": "x"} {
		if err := book.SetCellValue("Sheet1", ref, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := book.SetCellFormula("Sheet1", "B3", "B2*2"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := book.Write(&buf); err != nil {
		t.Fatal(err)
	}
	r := mustOpen(t, writeFile(t, "formula.xlsx", buf.Bytes()), Options{})
	defer r.Close()
	checkRows(t, readAll(t, r), []row{
		{Line: 2, Fields: []string{"F1", "3", ""}},
		{Line: 3, Fields: []string{"F2", UncomputedFormula, "x"}},
	})
}
