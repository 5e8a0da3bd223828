package reports

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Two faults of the sheets excelize writes are mended as rezip copies them:
//
//   - Every sheet says its used range (<dimension>) is A1, whatever it holds. A reader that trusts it,
//     as openpyxl's read-only mode does, reads one cell of each sheet. fixDimension writes the range
//     of the cells the sheet holds.
//   - A data bar drawn solid (BarSolid) gets an Excel 2010 rule (x14) beside the 2007 rule, and
//     Excel draws the x14 one, whose bounds excelize hard-codes to the lowest and highest value of the
//     range: the compliance shares' bars, declared 0 to 100%, were scaled to their own spread.
//     fixDataBars copies each 2007 rule's bounds into its x14 rule.

// sheetPart reports whether name is a worksheet part of the archive.
func sheetPart(name string) bool {
	return strings.HasPrefix(name, "xl/worksheets/sheet") && strings.HasSuffix(name, ".xml")
}

// dataBarPartLimit is the largest sheet part fixDataBars reads whole. Only the Summary has data
// bars; the Detail sheets, which may be hundreds of megabytes, are streamed.
const dataBarPartLimit = 16 << 20

// copySheet copies the worksheet part entry to w with its dimension set to the cells it holds and,
// when it is small enough to hold data bars, those bars' Excel 2010 bounds mended. The part is read
// twice, streamed: once for its used range, once to copy it.
func copySheet(w io.Writer, entry *zip.File) error {
	return copySheetWithin(w, entry, dataBarPartLimit)
}

// copySheetWithin is copySheet reading whole only the parts of at most limit bytes.
func copySheetWithin(w io.Writer, entry *zip.File, limit uint64) error {
	rc, err := entry.Open()
	if err != nil {
		return err
	}
	ref, err := usedRange(rc)
	rc.Close()
	if err != nil {
		return err
	}
	rc, err = entry.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	if entry.UncompressedSize64 <= limit {
		content, err := io.ReadAll(rc)
		if err != nil {
			return err
		}
		content, err = fixDimension(content, ref)
		if err != nil {
			return err
		}
		_, err = w.Write(fixDataBars(content))
		return err
	}
	// The dimension comes before the sheet's rows: mend it in the head, copy the rest as it is.
	br := bufio.NewReaderSize(rc, 64<<10)
	head, err := br.Peek(64 << 10)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return err
	}
	n := len(head)
	fixed, err := fixDimension(bytes.Clone(head), ref)
	if err != nil {
		return err
	}
	if _, err := br.Discard(n); err != nil {
		return err
	}
	if _, err := w.Write(fixed); err != nil {
		return err
	}
	_, err = io.Copy(w, br)
	return err
}

// usedRange returns the range, as A1:C9, from the first to the last row and column of the cells
// (<c r="...">) the sheet part r holds, or "" when it holds none. Cell text cannot hold `<c r="`:
// excelize escapes < and " in text.
func usedRange(r io.Reader) (string, error) {
	const tag = `<c r="`
	br := bufio.NewReaderSize(r, 64<<10)
	minCol, minRow, maxCol, maxRow := 0, 0, 0, 0
	matched := 0
	for {
		c, err := br.ReadByte()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		if c != tag[matched] {
			matched = 0
			if c == tag[0] {
				matched = 1
			}
			continue
		}
		if matched++; matched < len(tag) {
			continue
		}
		matched = 0
		cell, err := br.ReadString('"')
		if err != nil {
			return "", fmt.Errorf("cell reference: %w", err)
		}
		col, row, err := excelize.CellNameToCoordinates(strings.TrimSuffix(cell, `"`))
		if err != nil {
			return "", err
		}
		if maxRow == 0 {
			minCol, minRow = col, row
		}
		minCol, minRow, maxCol, maxRow = min(minCol, col), min(minRow, row), max(maxCol, col), max(maxRow, row)
	}
	if maxRow == 0 {
		return "", nil
	}
	from, err := excelize.CoordinatesToCellName(minCol, minRow)
	if err != nil {
		return "", err
	}
	to, err := excelize.CoordinatesToCellName(maxCol, maxRow)
	if err != nil {
		return "", err
	}
	if from == to {
		return from, nil
	}
	return from + ":" + to, nil
}

var dimensionRef = regexp.MustCompile(`<dimension ref="[^"]*"`)

// fixDimension sets the first <dimension> of content, a sheet part or its head, to ref; an empty
// sheet keeps A1.
func fixDimension(content []byte, ref string) ([]byte, error) {
	if ref == "" {
		return content, nil
	}
	loc := dimensionRef.FindIndex(content)
	if loc == nil {
		return nil, fmt.Errorf("no <dimension> in the sheet's head")
	}
	out := make([]byte, 0, len(content)+len(ref))
	out = append(out, content[:loc[0]]...)
	out = append(out, `<dimension ref="`+ref+`"`...)
	return append(out, content[loc[1]:]...), nil
}

var (
	// A 2007 data bar rule, as excelize writes it: its two bounds, then the id of its x14 rule.
	dataBarRule = regexp.MustCompile(`<cfRule type="dataBar"[^>]*><dataBar[^>]*><cfvo type="([a-zA-Z]+)"(?: val="([^"]*)")?></cfvo><cfvo type="([a-zA-Z]+)"(?: val="([^"]*)")?></cfvo>`)
	x14ID       = regexp.MustCompile(`<x14:id>([^<]*)</x14:id>`)
	// The bounds excelize gives every x14 data bar.
	x14DataBar = regexp.MustCompile(`<x14:cfRule type="dataBar" id="([^"]*)"><x14:dataBar([^>]*)><x14:cfvo type="autoMin"></x14:cfvo><x14:cfvo type="autoMax"></x14:cfvo>`)
)

// fixDataBars gives each x14 data bar rule of the sheet part content the bounds of the 2007 rule
// that names it.
func fixDataBars(content []byte) []byte {
	if !bytes.Contains(content, []byte(`<x14:cfRule type="dataBar"`)) {
		return content
	}
	bounds := map[string]string{}
	for _, rule := range bytes.SplitAfter(content, []byte("</cfRule>")) {
		m := dataBarRule.FindSubmatch(rule)
		id := x14ID.FindSubmatch(rule)
		if m == nil || id == nil {
			continue
		}
		bounds[string(id[1])] = x14Cfvo(string(m[1]), string(m[2])) + x14Cfvo(string(m[3]), string(m[4]))
	}
	return x14DataBar.ReplaceAllFunc(content, func(rule []byte) []byte {
		m := x14DataBar.FindSubmatch(rule)
		b, ok := bounds[string(m[1])]
		if !ok {
			return rule
		}
		return []byte(`<x14:cfRule type="dataBar" id="` + string(m[1]) + `"><x14:dataBar` + string(m[2]) + `>` + b)
	})
}

// x14Cfvo is an Excel 2010 bound of the type and value of a 2007 one: the value is a formula.
func x14Cfvo(kind, val string) string {
	if val == "" {
		return `<x14:cfvo type="` + kind + `"></x14:cfvo>`
	}
	return `<x14:cfvo type="` + kind + `"><xm:f>` + val + `</xm:f></x14:cfvo>`
}
