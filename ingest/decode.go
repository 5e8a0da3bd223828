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

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// ErrHeader reports a file whose header does not have the columns its profile needs.
var ErrHeader = errors.New("header does not match the profile")

// sourceRows is a file opened for reading: its header, then its rows as text.
type sourceRows interface {
	// header returns the column names.
	header() []string
	// next returns the next row and the line it starts on, or bad for a row that cannot be split
	// into fields (reading continues after it), or io.EOF.
	next() (line int64, fields []string, bad *badRow, err error)
	// offset returns how many bytes of the file have been consumed.
	offset() int64
}

// badRow is a row the reader could not split into fields.
type badRow struct {
	line int64
	msg  string
	raw  string
}

// stagedBatch is what the decoder hands the loader: a batch of parsed rows, of quarantined rows, or
// of flags of kept rows.
type stagedBatch struct {
	target string // staged, staged_quarantine or staged_flags
	rec    arrow.RecordBatch
}

// decoder maps the rows of a source through a profile into Arrow batches of parsed rows, quarantined
// rows and flags.
type decoder struct {
	batchRows int
	mem       memory.Allocator
	src       sourceRows
	mapping   *mapping
	// progress, if set, is called after every batch with the bytes consumed and rows read so far.
	progress func(bytes, rows int64)
	rows     *batchBuilder // parsed rows: the table's fields, then stagingExtras
}

// decodeStats counts what a decoder read.
type decodeStats struct {
	rowsRead int64
}

func newDecoder(src sourceRows, m *mapping, batchRows int, mem memory.Allocator) *decoder {
	return &decoder{batchRows: batchRows, mem: mem, src: src, mapping: m,
		rows: newBatchBuilder(mem, append(slices.Clone(m.table.fields), stagingExtras...))}
}

// rowSchema is the Arrow schema of the parsed-row batches.
func (d *decoder) rowSchema() *arrow.Schema {
	return d.rows.schema
}

// decode reads every row and calls emit with each full batch and with the last partial ones. The
// caller releases the emitted batches.
func (d *decoder) decode(ctx context.Context, emit func(stagedBatch) error) (decodeStats, error) {
	var stats decodeStats
	m, t := d.mapping, d.mapping.table
	header := d.src.header()
	rows := d.rows
	defer rows.release()
	faults := newBatchBuilder(d.mem, quarantineFields)
	defer faults.release()
	flagged := newBatchBuilder(d.mem, flagFields)
	defer flagged.release()
	vals := make([]value, len(t.fields)+len(stagingExtras))
	fault := make([]value, len(quarantineFields))
	flagVals := make([]value, len(flagFields))
	var flags []cellFault
	var raw bytes.Buffer
	rawWriter := csv.NewWriter(&raw)

	cellOf := func(record []string, col int) value {
		if col < 0 || col >= len(record) {
			return value{null: true}
		}
		cell := strings.ToValidUTF8(strings.TrimSpace(record[col]), "\uFFFD")
		return value{text: cell, null: cell == ""}
	}
	quarantine := func(line int64, check, column, cell, reason string, record []string, rawText string) {
		if record != nil {
			raw.Reset()
			rawWriter.Write(record)
			rawWriter.Flush()
			rawText = strings.TrimSuffix(raw.String(), "\n")
		}
		cell, rawText = strings.ToValidUTF8(cell, "\uFFFD"), strings.ToValidUTF8(rawText, "\uFFFD")
		fault[0] = value{num: line}
		fault[1] = value{text: column, null: column == ""}
		fault[2] = value{text: cell, null: column == ""}
		fault[3] = value{text: reason}
		fault[4] = value{text: rawText, null: rawText == "" && record == nil}
		fault[5] = value{text: check}
		// A row with the wrong number of fields has its values under the wrong columns: no key or
		// district is read from it.
		fault[6], fault[7] = value{null: true}, value{null: true}
		if len(record) == len(header) {
			fault[6] = cellOf(record, m.keyColumn)
			fault[7] = cellOf(record, m.districtColumn)
		}
		if !fault[7].null {
			if to, ok := m.districtMap[fault[7].text]; ok {
				fault[7].text = to
			}
		}
		faults.append(fault)
	}
	flush := func(b *batchBuilder, target string) error {
		rec := b.flush()
		if rec == nil {
			return nil
		}
		return emit(stagedBatch{target: target, rec: rec})
	}

	for {
		line, record, bad, err := d.src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return stats, err
		}
		stats.rowsRead++
		switch {
		case bad != nil:
			quarantine(bad.line, CheckMalformedRow, "", "", bad.msg, nil, bad.raw)
		case len(record) != len(header):
			quarantine(line, CheckFieldCount, "", "", fmt.Sprintf("wrong number of fields: got %d, want %d", len(record), len(header)), record, "")
		default:
			var q *cellFault
			q, flags = m.mapRow(record, vals, flags[:0])
			if q != nil {
				quarantine(line, q.check, q.field, q.cell, q.reason(), record, "")
				break
			}
			vals[len(t.fields)] = value{num: rowHash(record)}
			vals[len(t.fields)+1] = value{num: line}
			rows.append(vals)
			for _, f := range flags {
				flagVals[0] = value{num: line}
				flagVals[1] = value{text: f.check}
				flagVals[2] = value{text: f.field}
				flagVals[3] = value{text: f.cell}
				flagVals[4] = value{text: f.reason()}
				flagged.append(flagVals)
			}
		}
		if rows.rows >= d.batchRows {
			if err := ctx.Err(); err != nil {
				return stats, err
			}
			if err := flush(rows, "staged"); err != nil {
				return stats, err
			}
			if d.progress != nil {
				d.progress(d.src.offset(), stats.rowsRead)
			}
		}
		if faults.rows >= d.batchRows {
			if err := flush(faults, "staged_quarantine"); err != nil {
				return stats, err
			}
		}
	}
	if d.progress != nil {
		d.progress(d.src.offset(), stats.rowsRead)
	}
	for _, step := range []struct {
		b      *batchBuilder
		target string
	}{{rows, "staged"}, {faults, "staged_quarantine"}, {flagged, "staged_flags"}} {
		if err := flush(step.b, step.target); err != nil {
			return stats, err
		}
	}
	return stats, nil
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
