package reports

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

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
