package reports

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestUsedRange(t *testing.T) {
	for _, tc := range []struct{ name, xml, want string }{
		{"empty", `<worksheet><dimension ref="A1"/><sheetData/></worksheet>`, ""},
		{"one cell", `<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>`, "A1"},
		{"styled cells count", `<sheetData><row r="2"><c r="B2" s="1"/></row><row r="7"><c r="C7"><v>1</v></c><c r="AB7" s="3"/></row></sheetData>`, "B2:AB7"},
		{"text that looks like a cell", `<sheetData><row r="3"><c r="D3" t="inlineStr"><is><t>&lt;c r=&#34;ZZ99&#34;</t></is></c></row></sheetData>`, "D3"},
		{"columns out of order", `<row r="4"><c r="E4"/><c r="B9"/></row>`, "B4:E9"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := usedRange(strings.NewReader(tc.xml))
			if err != nil || got != tc.want {
				t.Errorf("usedRange = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

// TestCopySheetStreamsALargeSheet copies one sheet part read whole and one streamed (as a Detail
// sheet over the size limit is): both say the cells they hold.
func TestCopySheetStreamsALargeSheet(t *testing.T) {
	var rows strings.Builder
	for r := 1; r <= 3000; r++ {
		rows.WriteString(`<row r="` + strconv.Itoa(r) + `"><c r="A` + strconv.Itoa(r) + `"><v>1</v></c><c r="F` + strconv.Itoa(r) + `" t="inlineStr"><is><t>call</t></is></c></row>`)
	}
	sheet := `<?xml version="1.0"?><worksheet><sheetPr/><dimension ref="A1"/><sheetData>` + rows.String() + `</sheetData></worksheet>`
	var archive bytes.Buffer
	zw := zip.NewWriter(&archive)
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	io.WriteString(w, sheet)
	zw.Close()
	zr, err := zip.NewReader(bytes.NewReader(archive.Bytes()), int64(archive.Len()))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(sheet, `<dimension ref="A1"/>`, `<dimension ref="A1:F3000"/>`, 1)
	for _, limit := range []uint64{1 << 30, 0} {
		var out bytes.Buffer
		if err := copySheetWithin(&out, zr.File[0], limit); err != nil {
			t.Fatal(err)
		}
		if out.String() != want {
			t.Errorf("limit %d: the copy differs from the sheet with its dimension set (%d bytes against %d)", limit, out.Len(), len(want))
		}
	}
}

// TestWriteWorkbookDimensionsSayTheCellsHeld reads each sheet's <dimension> from the archive and
// checks it against the rows and columns excelize reads back, Detail sheets (streamed) included:
// a reader trusting the dimension (openpyxl read-only) read one cell of each sheet.
func TestWriteWorkbookDimensionsSayTheCellsHeld(t *testing.T) {
	path := writeDetailWorkbook(t, detailReport(), "en", WorkbookOptions{Detail: sliceSource(detailCalls(12)), DetailRowsPerSheet: 5})
	f := openDetailWorkbook(t, path)
	dimension := regexp.MustCompile(`<dimension ref="([^"]*)"`)
	for sheet, part := range detailParts(t, path) {
		m := dimension.FindStringSubmatch(part)
		if m == nil {
			t.Errorf("%s: no <dimension>", sheet)
			continue
		}
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		cols := 0
		for _, r := range rows {
			cols = max(cols, len(r))
		}
		ref := m[1]
		from, to, _ := strings.Cut(ref, ":")
		if to == "" {
			to = from
		}
		if from != "A1" {
			t.Errorf("%s: dimension %s, want it from A1", sheet, ref)
		}
		lastCol, lastRow, err := excelize.CellNameToCoordinates(to)
		if err != nil {
			t.Fatalf("%s: dimension %q: %v", sheet, ref, err)
		}
		// Styled empty cells may reach past the last value; never less than the values.
		if lastRow < len(rows) || lastCol < cols || lastRow > len(rows)+60 {
			t.Errorf("%s: dimension %s, but the sheet has values in %d rows and %d columns", sheet, ref, len(rows), cols)
		}
		if strings.HasPrefix(sheet, "Detail") && (lastRow != len(rows) || lastCol != cols) {
			t.Errorf("%s: dimension %s, want A1 to column %d row %d exactly", sheet, ref, cols, len(rows))
		}
	}
}

// TestWriteWorkbookDataBarsKeepTheirFixedScaleInExcel2010 reads the Excel 2010 (x14) data bar
// rules, the ones Excel draws, of the Summary: each is bounded 0 to 1, as its 2007 rule and the
// footnote ("0-100%") say, not by the lowest and highest share.
func TestWriteWorkbookDataBarsKeepTheirFixedScaleInExcel2010(t *testing.T) {
	path := writeWorkbookForTest(t, fixtureReport(), "en")
	part := detailParts(t, path)["Summary"]
	type cfvo struct {
		Type string `xml:"type,attr"`
		F    string `xml:"f"`
	}
	var sheet struct {
		Rules []struct {
			Type  string `xml:"type,attr"`
			Cfvos []cfvo `xml:"dataBar>cfvo"`
		} `xml:"extLst>ext>conditionalFormattings>conditionalFormatting>cfRule"`
	}
	if err := xml.Unmarshal([]byte(part), &sheet); err != nil {
		t.Fatal(err)
	}
	bars := 0
	for _, r := range sheet.Rules {
		if r.Type != "dataBar" {
			continue
		}
		bars++
		if len(r.Cfvos) != 2 || r.Cfvos[0] != (cfvo{"num", "0"}) || r.Cfvos[1] != (cfvo{"num", "1"}) {
			t.Errorf("x14 data bar bounds %+v, want num 0 and num 1", r.Cfvos)
		}
	}
	if bars == 0 {
		t.Fatal("the Summary has no x14 data bar rules")
	}
}
