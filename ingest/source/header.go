package source

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// headerSearchRows is how many rows at the top of a file are searched for the header row.
const headerSearchRows = 30

// headerFinder reads rows ahead of the caller until it knows which is the header. The rows it read
// and did not use as header or title rows are handed back to the Reader as pending rows.
type headerFinder struct {
	fetch func() (Record, error)
	// isTitle, if set, tells a title row, which is not taken as the header for want of a better
	// one.
	isTitle func(Record) bool
	rows    []pendingRow
	eof     bool
}

// fill reads rows until n are buffered or the file ends. Fatal errors are returned; row errors are
// buffered like rows.
func (h *headerFinder) fill(n int) error {
	for len(h.rows) < n && !h.eof {
		rec, err := h.fetch()
		var rowErr *RowError
		switch {
		case err == io.EOF:
			h.eof = true
		case errors.As(err, &rowErr):
			h.rows = append(h.rows, pendingRow{rec: Record{Line: rec.Line}, err: err})
		case err != nil:
			return err
		default:
			h.rows = append(h.rows, pendingRow{rec: Record{Line: rec.Line, Fields: slices.Clone(rec.Fields)}})
		}
	}
	return nil
}

// find returns the index among the buffered rows of the header's first row: the row at line
// opts.HeaderRow if it is set; else the first of the top rows that names enough of opts.HeaderHint;
// else the first non-empty row that is not a title.
func (h *headerFinder) find(opts Options) (int, error) {
	if opts.HeaderRow > 0 {
		for i := 0; ; i++ {
			if err := h.fill(i + 1); err != nil {
				return 0, err
			}
			if i >= len(h.rows) {
				return 0, fmt.Errorf("%w: the file ends before line %d", errNoHeader, opts.HeaderRow)
			}
			row := h.rows[i]
			if row.rec.Line < int64(opts.HeaderRow) {
				continue
			}
			if row.err != nil {
				return 0, fmt.Errorf("header: %w", row.err)
			}
			return i, nil
		}
	}
	need := min(2, len(opts.HeaderHint))
	firstNonEmpty, firstNonTitle := -1, -1
	for i := 0; i < headerSearchRows; i++ {
		if err := h.fill(i + 1); err != nil {
			return 0, err
		}
		if i >= len(h.rows) {
			break
		}
		row := h.rows[i]
		if row.err != nil || isEmptyRow(row.rec.Fields) {
			continue
		}
		if firstNonEmpty < 0 {
			firstNonEmpty = i
		}
		if firstNonTitle < 0 && (h.isTitle == nil || !h.isTitle(row.rec)) {
			firstNonTitle = i
			if need == 0 {
				return i, nil
			}
		}
		if need > 0 && hintMatches(row.rec.Fields, opts.HeaderHint) >= need {
			return i, nil
		}
	}
	switch {
	case firstNonTitle >= 0:
		return firstNonTitle, nil
	case firstNonEmpty >= 0:
		return firstNonEmpty, nil
	case len(h.rows) == 0:
		return 0, fmt.Errorf("%w: the file is empty", errNoHeader)
	default:
		return 0, fmt.Errorf("%w: no non-empty row in the first %d rows", errNoHeader, headerSearchRows)
	}
}

// second returns the row below the header row at index i, for a two-level header.
func (h *headerFinder) second(i int) ([]string, error) {
	if err := h.fill(i + 2); err != nil {
		return nil, err
	}
	if i+1 >= len(h.rows) {
		return nil, fmt.Errorf("%w: the file ends after the first of two header rows", errNoHeader)
	}
	if err := h.rows[i+1].err; err != nil {
		return nil, fmt.Errorf("second header row: %w", err)
	}
	return h.rows[i+1].rec.Fields, nil
}

// isEmptyRow reports whether every cell of a row is blank.
func isEmptyRow(fields []string) bool {
	for _, f := range fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// hintMatches counts the hinted column names that a row names: those equal to one of its cells,
// and the two-level names ("top/bottom") whose top equals one of its cells. The names are counted
// rather than the cells because the top of a two-level header names several columns in one
// (merged) cell.
func hintMatches(fields, hint []string) int {
	cells := make(map[string]bool, len(fields))
	for _, f := range fields {
		if f = cleanName(f); f != "" {
			cells[f] = true
		}
	}
	matches := 0
	for _, name := range hint {
		top, _, _ := strings.Cut(name, "/")
		if cells[name] || cells[top] {
			matches++
		}
	}
	return matches
}

// cleanName trims a header cell: spaces and a byte order mark.
func cleanName(s string) string {
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "\ufeff"))
}

// cleanHeader returns the trimmed names of a one-row header.
func cleanHeader(fields []string) []string {
	header := make([]string, len(fields))
	for i, f := range fields {
		header[i] = cleanName(f)
	}
	return header
}

// joinHeader joins the two rows of a two-level header column by column as "top/bottom", or just
// "top" when the two are equal or the bottom is empty, or just "bottom" when the top is empty.
func joinHeader(top, bottom []string) []string {
	header := make([]string, max(len(top), len(bottom)))
	for i := range header {
		var t, b string
		if i < len(top) {
			t = cleanName(top[i])
		}
		if i < len(bottom) {
			b = cleanName(bottom[i])
		}
		switch {
		case b == "" || b == t:
			header[i] = t
		case t == "":
			header[i] = b
		default:
			header[i] = t + "/" + b
		}
	}
	return header
}

// fillMergedTop fills the empty cells of a two-level header's top row as a spreadsheet's merged
// cells would have filled them, for formats that lost the merges (a CSV saved from Excel keeps a
// merged value in the first cell only). A top cell is taken to continue the one on its left when
// both have a bottom cell: columns under one merged top cell are each named in the bottom row,
// while a column whose name spans both rows has an empty bottom cell.
func fillMergedTop(top, bottom []string) []string {
	filled := slices.Clone(top)
	for i := 1; i < len(filled); i++ {
		if cleanName(filled[i]) != "" || cleanName(filled[i-1]) == "" {
			continue
		}
		if i < len(bottom) && cleanName(bottom[i]) != "" && cleanName(bottom[i-1]) != "" {
			filled[i] = filled[i-1]
		}
	}
	return filled
}

// setPending hands the rows read ahead after the header to the Reader.
func (r *Reader) setPending(h *headerFinder, firstData int) {
	if firstData < len(h.rows) {
		r.pending = h.rows[firstData:]
	}
}

// readHeaderless names the columns of a file without a header row by their positions, "1", "2",
// ..., as many as its widest row among the first rows read, and keeps every row as data.
func (r *Reader) readHeaderless(h *headerFinder) error {
	if err := h.fill(headerSearchRows); err != nil {
		return err
	}
	width := 0
	for _, row := range h.rows {
		if row.err == nil {
			width = max(width, len(row.rec.Fields))
		}
	}
	if width == 0 {
		return fmt.Errorf("%w: the file has no row", errNoHeader)
	}
	r.header = make([]string, width)
	for i := range r.header {
		r.header[i] = strconv.Itoa(i + 1)
	}
	r.headerLine = 0
	r.setPending(h, 0)
	return nil
}
