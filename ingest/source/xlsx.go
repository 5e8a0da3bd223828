package source

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// openXLSX opens the workbook, finds the sheet and its header, and starts streaming its rows.
// xlsxUnzipLimit bounds what a workbook may unpack to: a few hundred kilobytes of zip can unpack
// to gigabytes of XML that excelize would hold. Tests lower it.
var xlsxUnzipLimit int64 = 1 << 30

// checkUnpackedSize refuses a workbook whose parts unpack to more than limit bytes in all, or past
// ratioFloor to more than maxRatio times their packed size, by the sizes its zip directory states,
// before excelize unpacks any of it.
func checkUnpackedSize(file string, limit int64) error {
	z, err := zip.OpenReader(file)
	if err != nil {
		return nil // not a zip: excelize says so in its words
	}
	defer z.Close()
	var total, packed uint64
	for _, f := range z.File {
		total += f.UncompressedSize64
		packed += f.CompressedSize64
		if total > uint64(limit) {
			return fmt.Errorf("the workbook unpacks to more than %d MiB: no export is so large (a decompression bomb?)", limit>>20)
		}
	}
	if total > ratioFloor && total > maxRatio*packed {
		return fmt.Errorf("the workbook unpacks to %d MiB from %d KiB, more than %d times: no export compresses so well (a decompression bomb?)", total>>20, packed>>10, maxRatio)
	}
	return nil
}

func (r *Reader) openXLSX(opts Options) error {
	file := r.path
	if r.info.Compressed {
		var err error
		if file, err = r.decompressToTemp("*.xlsx"); err != nil {
			return err
		}
	}
	if err := checkUnpackedSize(file, xlsxUnzipLimit); err != nil {
		return err
	}
	book, err := excelize.OpenFile(file, excelize.Options{UnzipSizeLimit: xlsxUnzipLimit,
		UnzipXMLSizeLimit: min(16<<20, xlsxUnzipLimit)})
	if err != nil {
		return err
	}
	r.cleanup = append(r.cleanup, book.Close)
	sheets := book.GetSheetList()
	sheet := opts.Sheet
	switch {
	case len(sheets) == 0:
		return errors.New("the workbook has no sheet")
	case sheet == "":
		// The first sheet a user sees: a hidden first sheet (a lookup table, an old export kept
		// out of view) is not the export. Info.Sheet says which was read.
		sheet = ""
		for _, name := range sheets {
			if visible, err := book.GetSheetVisible(name); err == nil && visible {
				sheet = name
				break
			}
		}
		if sheet == "" {
			return fmt.Errorf("every sheet is hidden (%s); name one with --sheet", quoteList(sheets))
		}
	default:
		found := false
		for _, s := range sheets {
			found = found || s == sheet
		}
		if !found {
			return fmt.Errorf("no sheet %q; the workbook has %s", sheet, quoteList(sheets))
		}
	}
	r.info.Sheet = sheet
	rows, err := book.Rows(sheet)
	if err != nil {
		return fmt.Errorf("sheet %q: %w", sheet, err)
	}
	src := &xlsxSource{rows: rows, size: r.info.Size}
	r.src = src
	if src.uncomputed, err = readUncomputed(file, sheet); err != nil {
		return fmt.Errorf("sheet %q: formulas: %w", sheet, err)
	}

	merges, err := readMerges(file, sheet)
	if err != nil {
		return fmt.Errorf("sheet %q: merged cells: %w", sheet, err)
	}
	h := &headerFinder{fetch: src.next, isTitle: func(rec Record) bool { return isTitleRow(rec, merges) }}
	if opts.Headerless {
		if err := r.readHeaderless(h); err != nil {
			return fmt.Errorf("sheet %q: %w", sheet, err)
		}
		return nil
	}
	i, err := h.find(opts)
	if err != nil {
		return fmt.Errorf("sheet %q: %w", sheet, err)
	}
	headerLine := int(h.rows[i].rec.Line)
	headerRows := opts.HeaderRows
	if headerRows == 0 {
		headerRows = 1
		for _, m := range merges {
			if m.top == headerLine && (m.right > m.left || m.bottom > m.top) {
				headerRows = 2
			}
		}
	}
	top := fillMerged(h.rows[i].rec.Fields, headerLine, merges, h.rows)
	if headerRows == 2 {
		if _, err := h.second(i); err != nil {
			return fmt.Errorf("sheet %q: %w", sheet, err)
		}
		bottomLine := int(h.rows[i+1].rec.Line)
		if bottomLine != headerLine+1 {
			return fmt.Errorf("sheet %q: %w: row %d below the header row is empty", sheet, errNoHeader, headerLine+1)
		}
		bottom := fillMerged(h.rows[i+1].rec.Fields, bottomLine, merges, h.rows)
		r.header = joinHeader(top, bottom)
	} else {
		r.header = cleanHeader(top)
	}
	r.headerLine = h.rows[i+headerRows-1].rec.Line
	src.width = len(r.header)
	r.setPending(h, i+headerRows)
	for j := range r.pending {
		r.pending[j].rec.Fields = src.pad(r.pending[j].rec.Fields)
	}
	return nil
}

// quoteList formats names as a quoted, comma-separated list.
func quoteList(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = strconv.Quote(n)
	}
	return strings.Join(quoted, ", ")
}

// decompressToTemp writes the gzip file's content to a temporary file named by pattern, removed
// on Close, and returns its path.
func (r *Reader) decompressToTemp(pattern string) (string, error) {
	in, err := os.Open(r.path)
	if err != nil {
		return "", err
	}
	defer in.Close()
	counter := &countingReader{r: in}
	gz, err := gzip.NewReader(bufio.NewReader(counter))
	if err != nil {
		return "", fmt.Errorf("gzip: %w", err)
	}
	out, err := os.CreateTemp("", "bulletin-source-"+pattern)
	if err != nil {
		return "", fmt.Errorf("decompress: %w", err)
	}
	r.cleanup = append(r.cleanup, func() error { return os.Remove(out.Name()) })
	if _, err := io.Copy(out, &ratioCap{r: gz, compressed: counter}); err != nil {
		out.Close()
		return "", fmt.Errorf("decompress: %w", err)
	}
	if err := out.Close(); err != nil {
		return "", fmt.Errorf("decompress: %w", err)
	}
	return out.Name(), nil
}

// xlsxSource streams the rows of a sheet.
type xlsxSource struct {
	rows *excelize.Rows
	// row is the sheet row of the last row read: excelize's Next visits every row number, also
	// those of rows missing from the file, for which Columns returns nothing.
	row   int64
	width int
	size  int64
	// uncomputed are the cells with a formula and no value (readUncomputed).
	uncomputed map[cellAt]bool
}

func (s *xlsxSource) next() (Record, error) {
	for s.rows.Next() {
		s.row++
		cells, err := s.rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return Record{}, fmt.Errorf("row %d: %w", s.row, err)
		}
		if isEmptyRow(cells) {
			continue
		}
		for i, c := range cells {
			cells[i] = plainNumber(c)
		}
		cells = s.pad(cells)
		if len(s.uncomputed) > 0 {
			for i := range cells {
				if cells[i] == "" && s.uncomputed[cellAt{int(s.row), i + 1}] {
					cells[i] = UncomputedFormula
				}
			}
		}
		return Record{Line: s.row, Fields: cells}, nil
	}
	if err := s.rows.Error(); err != nil {
		return Record{}, fmt.Errorf("row %d: %w", s.row+1, err)
	}
	return Record{}, io.EOF
}

// pad extends a row with empty cells to the header's width: excelize leaves out the empty cells at
// the end of a row.
func (s *xlsxSource) pad(cells []string) []string {
	for len(cells) < s.width {
		cells = append(cells, "")
	}
	return cells
}

func (s *xlsxSource) offset() int64 { return s.size }

func (s *xlsxSource) close() error { return s.rows.Close() }

// exponentNumber matches a number as spreadsheet programs write large values in exponent form.
var exponentNumber = regexp.MustCompile(`^-?[0-9]\.[0-9]+[eE][+]?[0-9]+$`)

// plainNumber writes a raw cell value in exponent form that is an integer, such as a 14-digit
// call number stored as "2.0220527000123E13", in plain digits. Other values are returned as they
// are.
func plainNumber(value string) string {
	if len(value) < 4 || !strings.ContainsAny(value, "Ee") || !exponentNumber.MatchString(value) {
		return value
	}
	f, err := strconv.ParseFloat(value, 64)
	if err != nil || f >= 1e18 || f <= -1e18 || f != math.Trunc(f) {
		return value
	}
	return strconv.FormatInt(int64(f), 10)
}

// isTitleRow reports whether a row is a title: a single value in cells merged across columns.
func isTitleRow(rec Record, merges []mergeRange) bool {
	col := 0
	for i, f := range rec.Fields {
		if strings.TrimSpace(f) != "" {
			if col > 0 {
				return false
			}
			col = i + 1
		}
	}
	for _, m := range merges {
		if m.left == col && m.top == int(rec.Line) && m.right > m.left {
			return true
		}
	}
	return false
}

// mergeRange is a range of merged cells, in 1-based column and row numbers.
type mergeRange struct {
	left, top, right, bottom int
}

// fillMerged returns a header row with the value of each merged range that covers the row put in
// every cell of the range. Values come from the rows read ahead.
func fillMerged(cells []string, line int, merges []mergeRange, rows []pendingRow) []string {
	filled := append([]string(nil), cells...)
	for _, m := range merges {
		if line < m.top || line > m.bottom {
			continue
		}
		value := ""
		for _, row := range rows {
			if row.rec.Line == int64(m.top) && m.left-1 < len(row.rec.Fields) {
				value = row.rec.Fields[m.left-1]
			}
		}
		for len(filled) < m.right {
			filled = append(filled, "")
		}
		for c := m.left; c <= m.right; c++ {
			filled[c-1] = value
		}
	}
	return filled
}

// readMerges returns the merged ranges of a sheet. excelize's GetMergeCells loads the whole sheet
// into memory (for 300,000 rows of 10 cells: 27 s and 2.7 GB); instead this streams the sheet's
// XML past its cell data, after which the merged ranges are listed (0.35 s, a few MB).
func readMerges(file, sheet string) ([]mergeRange, error) {
	zr, err := zip.OpenReader(file)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	part, err := sheetPart(&zr.Reader, sheet)
	if err != nil {
		return nil, err
	}
	entry, err := zr.Open(part)
	if err != nil {
		return nil, err
	}
	defer entry.Close()
	rest, err := skipCellData(entry)
	if err != nil || rest == nil {
		return nil, err
	}
	var merges []mergeRange
	dec := xml.NewDecoder(rest)
	for {
		tok, err := dec.Token()
		if err != nil {
			// The stream starts inside the document, so it ends with an unmatched end element.
			return merges, nil
		}
		start, ok := tok.(xml.StartElement)
		if !ok || start.Name.Local != "mergeCell" {
			continue
		}
		for _, a := range start.Attr {
			if a.Name.Local != "ref" {
				continue
			}
			if m, ok := parseRange(a.Value); ok {
				merges = append(merges, m)
			}
		}
	}
}

// parseRange parses a range reference such as "A1:C2".
func parseRange(ref string) (mergeRange, bool) {
	from, to, ok := strings.Cut(ref, ":")
	if !ok {
		return mergeRange{}, false
	}
	left, top, err1 := excelize.CellNameToCoordinates(from)
	right, bottom, err2 := excelize.CellNameToCoordinates(to)
	if err1 != nil || err2 != nil {
		return mergeRange{}, false
	}
	return mergeRange{min(left, right), min(top, bottom), max(left, right), max(top, bottom)}, true
}

// skipCellData reads a worksheet's XML up to the end tag of its sheetData element and returns a
// reader of what follows, or nil if there is no such end tag.
func skipCellData(r io.Reader) (io.Reader, error) {
	return searchStream(r, sheetDataEnd)
}

// searchStream reads r in chunks until find reports an index in what it has read (find returns
// -1 for no match; a match may straddle chunks by up to 64 bytes), and returns a reader of what
// follows that index: nil, without error, when r ends first.
func searchStream(r io.Reader, find func([]byte) int) (io.Reader, error) {
	const overlap = 64 // longer than the tags searched for ("</prefix:sheetData>")
	chunk := make([]byte, 1<<20)
	var window []byte
	for {
		n, err := io.ReadFull(r, chunk)
		window = append(window, chunk[:n]...)
		if end := find(window); end >= 0 {
			return io.MultiReader(bytes.NewReader(window[end:]), r), nil
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		if len(window) > overlap {
			window = window[:copy(window, window[len(window)-overlap:])]
		}
	}
}

// sheetDataEnd returns the index just past the end tag "</sheetData>" (with or without a
// namespace prefix) in b, or -1.
func sheetDataEnd(b []byte) int {
	const name = "sheetData>"
	for from := 0; ; {
		i := bytes.Index(b[from:], []byte(name))
		if i < 0 {
			return -1
		}
		i += from
		j := i - 1
		if j >= 0 && b[j] == ':' {
			for j--; j >= 0 && isNameByte(b[j]); j-- {
			}
		}
		if j >= 1 && b[j] == '/' && b[j-1] == '<' {
			return i + len(name)
		}
		from = i + len(name)
	}
}

func isNameByte(c byte) bool {
	return c == '_' || c == '-' || c == '.' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// relationships is a package relationships part (_rels/*.rels).
type relationships struct {
	Relationship []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	}
}

// workbookSheets is the list of sheets in a workbook part.
type workbookSheets struct {
	Sheets []struct {
		Name  string     `xml:"name,attr"`
		Attrs []xml.Attr `xml:",any,attr"`
	} `xml:"sheets>sheet"`
}

// sheetPart returns the path in the zip archive of the named sheet's XML.
func sheetPart(zr *zip.Reader, sheet string) (string, error) {
	var root relationships
	if err := readXMLPart(zr, "_rels/.rels", &root); err != nil {
		return "", err
	}
	workbook := "xl/workbook.xml"
	for _, rel := range root.Relationship {
		if strings.HasSuffix(rel.Type, "/officeDocument") {
			workbook = strings.TrimPrefix(rel.Target, "/")
		}
	}
	var book workbookSheets
	if err := readXMLPart(zr, workbook, &book); err != nil {
		return "", err
	}
	id := ""
	for _, s := range book.Sheets {
		if s.Name != sheet {
			continue
		}
		for _, a := range s.Attrs {
			if a.Name.Local == "id" {
				id = a.Value
			}
		}
	}
	var bookRels relationships
	dir, base := path.Split(workbook)
	if err := readXMLPart(zr, dir+"_rels/"+base+".rels", &bookRels); err != nil {
		return "", err
	}
	for _, rel := range bookRels.Relationship {
		if rel.ID == id {
			if strings.HasPrefix(rel.Target, "/") {
				return strings.TrimPrefix(rel.Target, "/"), nil
			}
			return path.Join(dir, rel.Target), nil
		}
	}
	return "", fmt.Errorf("no part for sheet %q in %s", sheet, workbook)
}

// readXMLPart decodes the XML part at name in the archive into v.
func readXMLPart(zr *zip.Reader, name string, v any) error {
	f, err := zr.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := xml.NewDecoder(f).Decode(v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
