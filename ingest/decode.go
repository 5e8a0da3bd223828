package ingest

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// ErrHeader reports a file whose header row is not that of a canonical calls or activities file.
var ErrHeader = errors.New("not a canonical calls or activities header")

// detectTable tells from a header row which canonical table a file holds.
func detectTable(header []string) (*table, error) {
	for _, t := range []*table{callsTable(), activitiesTable()} {
		if slices.Contains(header, t.key) {
			return t, nil
		}
	}
	return nil, fmt.Errorf("line 1: %w: expected a column call_id (calls) or activity_id (activities), got %s",
		ErrHeader, strings.Join(header, ","))
}

// columnMap locates every canonical field of t in header. A field absent from the header maps to -1;
// a missing required field or a repeated column is an error.
func columnMap(t *table, header []string) ([]int, error) {
	seen := make(map[string]int, len(header))
	for i, name := range header {
		if j, ok := seen[name]; ok {
			return nil, fmt.Errorf("line 1, columns %d and %d: %w: column %q appears twice", j+1, i+1, ErrHeader, name)
		}
		seen[name] = i
	}
	index := make([]int, len(t.fields))
	var missing []string
	for i, f := range t.fields {
		j, ok := seen[f.name]
		if !ok {
			j = -1
			if f.required {
				missing = append(missing, f.name)
			}
		}
		index[i] = j
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("line 1: %w: required %s columns missing: %s", ErrHeader, t.name, strings.Join(missing, ", "))
	}
	return index, nil
}

// stagedBatch is what the decoder hands the loader: a batch of parsed rows, or of quarantined rows.
type stagedBatch struct {
	quarantine bool
	rec        arrow.RecordBatch
}

// decoder turns a canonical CSV file into Arrow batches of parsed rows and of quarantined rows. Call
// start to read the header, then rows once.
type decoder struct {
	loc       *time.Location
	batchRows int
	mem       memory.Allocator

	reader *csv.Reader
	table  *table
	index  []int
	header []string
	rows   *batchBuilder // parsed rows: the table's fields, then stagingExtras
}

// decodeStats counts what a decoder read.
type decodeStats struct {
	rowsRead int64
	ignored  []string // header columns that are not canonical fields
}

// start reads the header row of src and tells which table the file holds.
func (d *decoder) start(src io.Reader) (*table, error) {
	r := csv.NewReader(src)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	header, err := r.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("line 1: %w: the file is empty", ErrHeader)
	}
	if err != nil {
		return nil, err
	}
	header = slices.Clone(header)
	header[0] = strings.TrimPrefix(header[0], "\ufeff")
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	t, err := detectTable(header)
	if err != nil {
		return nil, err
	}
	index, err := columnMap(t, header)
	if err != nil {
		return nil, err
	}
	d.reader, d.table, d.index, d.header = r, t, index, header
	d.rows = newBatchBuilder(d.mem, append(slices.Clone(t.fields), stagingExtras...))
	return t, nil
}

// rowSchema is the Arrow schema of the parsed-row batches; start must have succeeded.
func (d *decoder) rowSchema() *arrow.Schema {
	return d.rows.schema
}

// decode reads the rows after the header and calls emit with each full batch and with the last
// partial ones. The caller releases the emitted batches.
func (d *decoder) decode(ctx context.Context, emit func(stagedBatch) error) (decodeStats, error) {
	var stats decodeStats
	r, t, index, header := d.reader, d.table, d.index, d.header
	for _, name := range header {
		if !slices.ContainsFunc(t.fields, func(f field) bool { return f.name == name }) {
			stats.ignored = append(stats.ignored, name)
		}
	}
	rows := d.rows
	defer rows.release()
	faults := newBatchBuilder(d.mem, quarantineFields)
	defer faults.release()
	vals := make([]value, len(t.fields)+len(stagingExtras))
	fault := make([]value, len(quarantineFields))
	var raw bytes.Buffer
	rawWriter := csv.NewWriter(&raw)

	quarantine := func(line int64, check, column, cell, reason string, record []string) {
		rawText := ""
		if record != nil {
			raw.Reset()
			rawWriter.Write(record)
			rawWriter.Flush()
			rawText = strings.TrimSuffix(raw.String(), "\n")
		}
		fault[0] = value{num: line}
		fault[1] = value{text: column, null: column == ""}
		fault[2] = value{text: cell, null: column == ""}
		fault[3] = value{text: reason}
		fault[4] = value{text: rawText, null: record == nil}
		fault[5] = value{text: check}
		faults.append(fault)
	}
	flush := func(b *batchBuilder, isQuarantine bool) error {
		rec := b.flush()
		if rec == nil {
			return nil
		}
		return emit(stagedBatch{quarantine: isQuarantine, rec: rec})
	}

	for {
		record, err := r.Read()
		if err == io.EOF {
			break
		}
		var parseErr *csv.ParseError
		if errors.As(err, &parseErr) {
			stats.rowsRead++
			quarantine(int64(parseErr.StartLine), "malformed_csv", "", "", fmt.Sprintf("malformed CSV at line %d, column %d: %v", parseErr.Line, parseErr.Column, parseErr.Err), nil)
			continue
		}
		if err != nil {
			return stats, err
		}
		stats.rowsRead++
		line, _ := r.FieldPos(0)
		if len(record) != len(header) {
			quarantine(int64(line), "field_count", "", "", fmt.Sprintf("wrong number of fields: got %d, want %d", len(record), len(header)), record)
		} else if d.parseRow(t, index, record, vals, func(i int, cell string, err error) {
			check := "invalid_value"
			if errors.Is(err, errRequired) {
				check = "required"
			}
			quarantine(int64(line), check, t.fields[i].name, cell, fmt.Sprintf("%s (column %d, %q): %v", t.fields[i].name, index[i]+1, cell, err), record)
		}) {
			vals[len(t.fields)] = value{num: rowHash(record)}
			vals[len(t.fields)+1] = value{num: int64(line)}
			rows.append(vals)
		}
		if rows.rows >= d.batchRows {
			if err := ctx.Err(); err != nil {
				return stats, err
			}
			if err := flush(rows, false); err != nil {
				return stats, err
			}
		}
		if faults.rows >= d.batchRows {
			if err := flush(faults, true); err != nil {
				return stats, err
			}
		}
	}
	if err := flush(rows, false); err != nil {
		return stats, err
	}
	return stats, flush(faults, true)
}

// parseRow parses every canonical field of record into vals. On the first bad cell it calls bad with
// the field's index and returns false.
func (d *decoder) parseRow(t *table, index []int, record []string, vals []value, bad func(i int, cell string, err error)) bool {
	for i := range t.fields {
		cell := ""
		if index[i] >= 0 {
			cell = record[index[i]]
		}
		v, err := t.fields[i].parse(cell, d.loc)
		if err != nil {
			bad(i, cell, err)
			return false
		}
		vals[i] = v
	}
	return true
}

// rowHash fingerprints a record's fields, so that an exact repeat of a row can be told from a
// different row with the same identifier. It is 64-bit FNV-1a over the fields, each followed by a
// 0x1f separator, written out so that no byte slice is allocated per cell.
func rowHash(record []string) int64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for _, cell := range record {
		for i := 0; i < len(cell); i++ {
			h ^= uint64(cell[i])
			h *= prime
		}
		h ^= 0x1f
		h *= prime
	}
	return int64(h)
}
