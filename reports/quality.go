package reports

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"bulletin/metrics"
)

// qualityCSVHeader names the columns of quality.csv.
var qualityCSVHeader = []string{"section", "check", "action", "file", "district", "count",
	"example_file", "example_line", "example_column", "example_value", "example_reason"}

// WriteQualityCSV writes the faults of q as one long CSV table, for filtering and pivoting in a
// spreadsheet. It is UTF-8 with a byte-order mark (so that Excel reads Chinese text correctly), with
// a header row and CRLF line ends. Every row counts faults of one check and action, with the
// columns:
//
//	section         what the row counts: "total", "check", "example", "file" or "district"
//	check           the check's name (such as interval_order); empty on total rows
//	action          "quarantine" (the rows were not loaded) or "flag" (the rows were kept)
//	file            file rows: the file's name
//	district        district rows: the district as read; empty for the unknown district
//	count           total rows: all faults of the action; check rows: the check's faults in all
//	                files; file and district rows: its faults in that file or district; empty on
//	                example rows
//	example_file    example rows: the file of one of the first three faults of the check
//	example_line    example rows: its line (or row) in that file
//	example_column  example rows: the column at fault, when there is one
//	example_value   example rows: the value at fault, as read
//	example_reason  example rows: why the check failed
//
// Rows come in the order of the sections above, and within a section in the order of q. A kept
// row may carry several flags, so flag counts are faults, not rows; the per-file accounting of rows
// (read, loaded, duplicates, records) is in the workbook's Data quality sheet and in metrics.json.
//
// Text cells that begin with =, +, -, @, a tab or a carriage return are prefixed with a single
// quote, so that a spreadsheet shows them as text instead of evaluating them as formulas.
func WriteQualityCSV(w io.Writer, q metrics.Quality) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return fmt.Errorf("quality CSV: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	write := func(section, check, action, file, district, count string, ex *metrics.FaultExample) {
		record := []string{section, check, action, file, district, count, "", "", "", "", ""}
		if ex != nil {
			record[6], record[7], record[8], record[9], record[10] = ex.File, strconv.FormatInt(ex.Line, 10), ex.Column, ex.Value, ex.Reason
		}
		for i, cell := range record {
			if i != 5 && i != 7 { // count and line are numbers the program wrote
				record[i] = defuseCSV(cell)
			}
		}
		cw.Write(record)
	}
	cw.Write(qualityCSVHeader)
	var quarantined, flags int64
	for _, c := range q.Checks {
		if c.Action == metrics.ActionFlag {
			flags += c.Count
		} else {
			quarantined += c.Count
		}
	}
	count := func(n int64) string { return strconv.FormatInt(n, 10) }
	write("total", "", metrics.ActionQuarantine, "", "", count(quarantined), nil)
	write("total", "", metrics.ActionFlag, "", "", count(flags), nil)
	for _, c := range q.Checks {
		write("check", c.Check, c.Action, "", "", count(c.Count), nil)
	}
	for _, c := range q.Checks {
		for _, ex := range c.Examples {
			write("example", c.Check, c.Action, "", "", "", &ex)
		}
	}
	for _, f := range q.Files {
		for _, t := range f.Checks {
			write("file", t.Check, t.Action, f.Name, "", count(t.Count), nil)
		}
	}
	for _, d := range q.Districts {
		for _, t := range d.Checks {
			write("district", t.Check, t.Action, "", d.District, count(t.Count), nil)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("quality CSV: %w", err)
	}
	return nil
}

// writeQualityCSVFile writes quality.csv for q to path, replacing it only once it is complete.
func writeQualityCSVFile(path string, q metrics.Quality) error {
	var buf bytes.Buffer
	if err := WriteQualityCSV(&buf, q); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return replaceFile(path, buf.Bytes())
}

// defuseCSV prefixes a cell that a spreadsheet would take for a formula with a single quote, which
// makes it text.
func defuseCSV(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// WriteQualityText writes q as three plain-text tables for a terminal: the faults by check with the
// first example of each and the totals by action, the accounting of every file with a total, and
// the faults per district and check. Columns are aligned for fixed-width fonts, counting East Asian
// wide characters as two columns; checks are given by name, as the ingest mapping profiles name
// them. Control characters from the data are shown as spaces, so that a file cannot drive the
// terminal.
func WriteQualityText(w io.Writer, q metrics.Quality) error {
	var out bytes.Buffer
	files := "files"
	if len(q.Files) == 1 {
		files = "file"
	}
	fmt.Fprintf(&out, "Data quality of the whole warehouse: %d %s, not counting files replaced by a re-delivery\n", len(q.Files), files)

	checks := textTable{header: []string{"check", "action", "faults", "first example"}, numeric: []bool{2: true}}
	var quarantined, flags int64
	for _, c := range q.Checks {
		example := ""
		if len(c.Examples) > 0 {
			example = exampleText(c.Examples[0])
		}
		checks.add(c.Check, c.Action, groupThousands(c.Count), example)
		if c.Action == metrics.ActionFlag {
			flags += c.Count
		} else {
			quarantined += c.Count
		}
	}
	checks.add("total", metrics.ActionQuarantine, groupThousands(quarantined), "")
	checks.add("total", metrics.ActionFlag, groupThousands(flags), "")
	out.WriteString("\nBy check\n")
	checks.write(&out)

	byFile := textTable{
		header:  []string{"file", "kind", "profile", "format", "encoding", "rows read", "loaded", "quarantined", "duplicates", "flagged", "records"},
		numeric: []bool{5: true, 6: true, 7: true, 8: true, 9: true, 10: true},
	}
	for _, f := range q.Files {
		byFile.add(f.Name, f.Kind, f.Profile, f.Format, f.Encoding, groupThousands(f.RowsRead), groupThousands(f.Loaded),
			groupThousands(f.Quarantined), groupThousands(f.Duplicates), groupThousands(f.Flagged), groupThousands(f.Records))
	}
	byFile.add("total", "", "", "", "", groupThousands(q.RowsRead), groupThousands(q.Loaded),
		groupThousands(q.Quarantined), groupThousands(q.Duplicates), groupThousands(q.Flagged), groupThousands(q.Records))
	out.WriteString("\nBy file\n")
	byFile.write(&out)

	districts := textTable{header: []string{"district", "check", "quarantined", "flags"}, numeric: []bool{2: true, 3: true}}
	quarantined, flags = 0, 0
	for _, d := range q.Districts {
		for _, c := range checksSideBySide(d.Checks) {
			districts.add(d.Name("en"), c.check, groupThousands(c.quarantined), groupThousands(c.flags))
		}
		quarantined += d.Quarantined
		flags += d.Flags
	}
	districts.add("total", "", groupThousands(quarantined), groupThousands(flags))
	out.WriteString("\nBy district\n")
	districts.write(&out)

	if _, err := w.Write(out.Bytes()); err != nil {
		return fmt.Errorf("quality table: %w", err)
	}
	return nil
}

// exampleText describes a fault on one line: file:line, the column and value at fault, the reason.
func exampleText(ex metrics.FaultExample) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d", ex.File, ex.Line)
	if ex.Column != "" {
		fmt.Fprintf(&b, " %s %s", ex.Column, strconv.Quote(ex.Value))
	}
	b.WriteString(": ")
	b.WriteString(ex.Reason)
	return b.String()
}

// textTable is a table of text aligned in columns for a terminal.
type textTable struct {
	header  []string
	numeric []bool // right-aligned columns, by index
	rows    [][]string
}

func (t *textTable) add(cells ...string) {
	for i, cell := range cells {
		cells[i] = strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return ' '
			}
			return r
		}, cell)
	}
	t.rows = append(t.rows, cells)
}

// write writes the header and rows, two spaces between columns and no trailing spaces.
func (t *textTable) write(w *bytes.Buffer) {
	widths := make([]int, len(t.header))
	for _, row := range append([][]string{t.header}, t.rows...) {
		for i, cell := range row {
			widths[i] = max(widths[i], int(textWidth(cell)))
		}
	}
	for _, row := range append([][]string{t.header}, t.rows...) {
		var line strings.Builder
		for i, cell := range row {
			pad := strings.Repeat(" ", widths[i]-int(textWidth(cell)))
			if i > 0 {
				line.WriteString("  ")
			}
			if i < len(t.numeric) && t.numeric[i] {
				line.WriteString(pad + cell)
			} else {
				line.WriteString(cell + pad)
			}
		}
		w.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
}
