package ingest

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// ErrHeader reports a file whose header does not have the columns its profile needs.
var ErrHeader = errors.New("header does not match the profile")

// errRepeatedColumn reports a header that names a column the profile reads more than once.
var errRepeatedColumn = fmt.Errorf("%w: a column is named twice", ErrHeader)

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
// rows and flags. One goroutine reads the source in chunks of batchRows rows; workers map, check
// and hash the chunks' rows side by side, each into batches of its own; the batches are handed on
// in the order of the file, so that what is staged does not depend on which worker was faster.
type decoder struct {
	batchRows int
	// chunkBytes ends a chunk of long rows before batchRows rows, to bound the memory a chunk holds.
	chunkBytes int
	workers    int
	mem        memory.Allocator
	src        sourceRows
	mapping    *mapping
	schema     *arrow.Schema // of the parsed rows: the table's fields, then stagingExtras
	// progress, if set, is called after every chunk with the bytes consumed and rows read so far.
	progress func(bytes, rows int64)
	// screen, if set, keeps back the records a record check could fault.
	screen *recordScreen
}

// decodeStats counts what a decoder read.
type decodeStats struct {
	rowsRead int64
}

func newDecoder(src sourceRows, m *mapping, batchRows int, mem memory.Allocator) *decoder {
	return &decoder{batchRows: batchRows, chunkBytes: 32 << 20, workers: decodeWorkers(), mem: mem, src: src, mapping: m,
		schema: arrowSchema(stagedFields(m.table))}
}

// stagedFields are the columns of the staged rows of t: its fields, then stagingExtras.
func stagedFields(t *table) []field {
	return append(slices.Clone(t.fields), stagingExtras...)
}

// decodeWorkers is how many goroutines map rows: one per processor, at least two and at most four,
// about as many as one goroutine splitting CSV keeps busy (splitting is a quarter of the decoding
// time).
func decodeWorkers() int {
	return min(max(runtime.GOMAXPROCS(0), 2), 4)
}

// rowSchema is the Arrow schema of the parsed-row batches.
func (d *decoder) rowSchema() *arrow.Schema {
	return d.schema
}

// chunk is a run of consecutive source rows, read by one goroutine and mapped by one worker. It
// keeps the fields as the source made them (strings, which no source reuses), and is reused for
// the next rows once mapped.
type chunk struct {
	rows  []chunkRow
	cells []string // the fields of every row, one after the other
	bytes int      // of the cells' text
	// offset and rowsRead are the bytes of the file consumed and the source rows read after the
	// chunk's last row.
	offset, rowsRead int64
	// done receives the chunk's batches once a worker has mapped it.
	done chan chunkBatches
}

// chunkRow is one source row of a chunk: its fields are cells[previous row's fields:fields].
type chunkRow struct {
	line   int64
	fields int
	bad    *badRow
}

// chunkBatches are the batches a chunk's rows became, each nil when it has no rows, and the progress
// of reading after the chunk.
type chunkBatches struct {
	rows, faults, flags arrow.RecordBatch
	offset, rowsRead    int64
}

func (b chunkBatches) release() {
	for _, rec := range []arrow.RecordBatch{b.rows, b.faults, b.flags} {
		if rec != nil {
			rec.Release()
		}
	}
}

// decode reads every row and calls emit with the batches of each chunk of the file in turn, from
// the goroutine it was called in. The caller releases the emitted batches. An error, of reading, of
// emit or of ctx, stops every goroutine decode started before it returns.
func (d *decoder) decode(ctx context.Context, emit func(stagedBatch) error) (decodeStats, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var firstErr error
	var once sync.Once
	fail := func(err error) {
		once.Do(func() { firstErr = err })
		cancel()
	}
	// inFlight bounds both the chunks being read or mapped (free) and the chunks whose batches wait
	// to be handed on (order), so that memory does not grow when DuckDB loads slower than Go maps.
	inFlight := d.workers + 1
	free := make(chan *chunk, inFlight)
	for range inFlight {
		free <- &chunk{}
	}
	work := make(chan *chunk)
	order := make(chan chan chunkBatches, inFlight)
	columns := len(d.src.header())
	var stats decodeStats
	var wg sync.WaitGroup
	wg.Go(func() { stats.rowsRead = d.read(ctx, free, work, order, fail) })
	for range d.workers {
		wg.Go(func() { d.mapChunks(ctx, columns, work, free) })
	}
	if err := d.handOn(ctx, order, emit); err != nil {
		fail(err)
	}
	wg.Wait()
	// After an error: the batches of chunks mapped but not handed on.
	for done := range order {
		(<-done).release()
	}
	return stats, firstErr
}

// read splits the source's rows into chunks of batchRows rows (fewer if they reach chunkBytes of
// text), taken from free, and sends each to a worker (work), then its place in the file to handOn
// (order): a chunk in order has a worker, whose batches will come. The last chunk, which may be
// empty, ends with the file; a read stopped before the end by ctx fails with its error, so that a
// partial read is never taken for the whole file. read returns the number of rows read.
func (d *decoder) read(ctx context.Context, free <-chan *chunk, work chan<- *chunk, order chan<- chan chunkBatches, fail func(error)) int64 {
	defer close(work)
	defer close(order)
	var rowsRead int64
	for eof := false; !eof; {
		var c *chunk
		select {
		case c = <-free:
		case <-ctx.Done():
			fail(ctx.Err())
			return rowsRead
		}
		c.rows, c.cells, c.bytes = c.rows[:0], c.cells[:0], 0
		for len(c.rows) < d.batchRows && c.bytes < d.chunkBytes {
			if len(c.rows)%1024 == 1023 && ctx.Err() != nil {
				fail(ctx.Err())
				return rowsRead
			}
			line, record, bad, err := d.src.next()
			if err == io.EOF {
				eof = true
				break
			}
			if err != nil {
				fail(err)
				return rowsRead
			}
			rowsRead++
			for _, cell := range record {
				c.bytes += len(cell)
			}
			c.cells = append(c.cells, record...)
			c.rows = append(c.rows, chunkRow{line: line, fields: len(c.cells), bad: bad})
		}
		c.offset, c.rowsRead = d.src.offset(), rowsRead
		done := make(chan chunkBatches, 1)
		c.done = done
		select {
		case work <- c:
		case <-ctx.Done():
			fail(ctx.Err())
			return rowsRead
		}
		select {
		case order <- done:
		case <-ctx.Done():
			(<-done).release()
			fail(ctx.Err())
			return rowsRead
		}
	}
	return rowsRead
}

// mapChunks maps the rows of every chunk it receives, of a header of the given number of columns,
// into batches, gives the chunk back to free and sends the batches on the chunk's done channel,
// always, even empty once ctx is done.
func (d *decoder) mapChunks(ctx context.Context, columns int, work <-chan *chunk, free chan<- *chunk) {
	var rm *rowMapper // made for the first chunk: a small file leaves most workers without one
	defer func() {
		if rm != nil {
			rm.release()
		}
	}()
	for c := range work {
		if rm == nil {
			rm = newRowMapper(d.mapping, d.mem, columns)
			rm.screen = d.screen
		}
		out := rm.mapChunk(ctx, c)
		out.offset, out.rowsRead = c.offset, c.rowsRead
		done := c.done
		clear(c.rows) // let the bad rows and the text go
		clear(c.cells)
		free <- c
		done <- out
	}
}

// handOn emits the batches of each chunk in the order the chunks were read, waiting for each in
// turn, and reports progress after each.
func (d *decoder) handOn(ctx context.Context, order <-chan chan chunkBatches, emit func(stagedBatch) error) error {
	for done := range order {
		b := <-done
		if err := ctx.Err(); err != nil {
			b.release()
			return err
		}
		steps := []struct {
			rec    arrow.RecordBatch
			target string
		}{{b.rows, "staged"}, {b.faults, "staged_quarantine"}, {b.flags, "staged_flags"}}
		for i, step := range steps {
			if step.rec == nil {
				continue
			}
			if err := emit(stagedBatch{target: step.target, rec: step.rec}); err != nil {
				for _, rest := range steps[i+1:] {
					if rest.rec != nil {
						rest.rec.Release()
					}
				}
				return err
			}
		}
		if d.progress != nil {
			d.progress(b.offset, b.rowsRead)
		}
	}
	return nil
}

// rowMapper maps source rows through a mapping into batches of parsed rows, quarantined rows and
// flags. Each worker has its own.
type rowMapper struct {
	m                       *mapping
	columns                 int // of the header
	rows, faults, flagged   *batchBuilder
	vals, fault, flagValues []value
	flags                   []cellFault
	raw                     bytes.Buffer
	rawWriter               *csv.Writer
	zone                    zoneCache // of the fast path's times
	screen                  *recordScreen
	suspects                []int64 // lines of the chunk the screen kept back
}

func newRowMapper(m *mapping, mem memory.Allocator, columns int) *rowMapper {
	rm := &rowMapper{m: m, columns: columns,
		rows:       newBatchBuilder(mem, stagedFields(m.table)),
		faults:     newBatchBuilder(mem, quarantineFields),
		flagged:    newBatchBuilder(mem, flagFields),
		vals:       make([]value, len(m.table.fields)+len(stagingExtras)),
		fault:      make([]value, len(quarantineFields)),
		flagValues: make([]value, len(flagFields)),
	}
	rm.rawWriter = csv.NewWriter(&rm.raw)
	return rm
}

func (rm *rowMapper) release() {
	rm.rows.release()
	rm.faults.release()
	rm.flagged.release()
}

// mapChunk maps every row of c and returns the batches they became; it stops early, with batches
// only to be released, once ctx is done.
func (rm *rowMapper) mapChunk(ctx context.Context, c *chunk) chunkBatches {
	from := 0 // the row's first field in cells
	for i, r := range c.rows {
		if i%1024 == 0 && ctx.Err() != nil {
			break
		}
		if r.bad != nil {
			rm.quarantine(r.bad.line, CheckMalformedRow, "", "", r.bad.msg, nil, r.bad.raw)
			from = r.fields
			continue
		}
		rm.mapRecord(r.line, c.cells[from:r.fields:r.fields])
		from = r.fields
	}
	if rm.screen != nil {
		rm.screen.keep(rm.suspects)
		rm.suspects = rm.suspects[:0]
	}
	return chunkBatches{rows: rm.rows.flush(), faults: rm.faults.flush(), flags: rm.flagged.flush()}
}

// mapRecord checks and maps one record that was split into fields.
func (rm *rowMapper) mapRecord(line int64, record []string) {
	m, t := rm.m, rm.m.table
	if len(record) != rm.columns {
		rm.quarantine(line, CheckFieldCount, "", "", fmt.Sprintf("wrong number of fields: got %d, want %d", len(record), rm.columns), record, "")
		return
	}
	if m.isHeader(record) {
		rm.quarantine(line, CheckMalformedRow, "", "", repeatedHeader, record, "")
		return
	}
	if m.fast != nil && m.fastRow(record, rm.vals, &rm.zone) {
		// Plain cells: nothing to normalise, flag or quarantine.
		rm.vals[len(t.fields)] = value{num: rowHash(record)}
		rm.vals[len(t.fields)+1] = value{num: line}
		rm.load(line)
		return
	}
	var q *cellFault
	var clean []string
	q, rm.flags, clean = m.mapCleanRow(record, rm.vals, rm.flags[:0])
	if q != nil {
		rm.quarantine(line, q.check, q.field, q.cell, q.reason(), record, "")
		return
	}
	// The fingerprint is of the fields as read (normalised): a repeat with a BOM or a zero-width
	// space more is the same row, not a conflicting one.
	rm.vals[len(t.fields)] = value{num: rowHash(clean)}
	rm.vals[len(t.fields)+1] = value{num: line}
	rm.load(line)
	for _, f := range rm.flags {
		rm.flagValues[0] = value{num: line}
		rm.flagValues[1] = value{text: f.check}
		rm.flagValues[2] = value{text: f.field}
		rm.flagValues[3] = value{text: f.cell}
		rm.flagValues[4] = value{text: f.reason()}
		rm.flagged.append(rm.flagValues)
	}
}

// load adds the row of rm.vals, at line, to the rows to load, and keeps its line back for the
// record checks when the screen says so.
func (rm *rowMapper) load(line int64) {
	if rm.screen != nil && rm.screen.suspect(rm.vals) {
		rm.suspects = append(rm.suspects, line)
	}
	rm.rows.append(rm.vals)
}

// quarantine adds a quarantined row. record is the row's fields, written back as CSV for its raw
// text, or nil for a row that could not be split, whose text is rawText.
func (rm *rowMapper) quarantine(line int64, check, column, cell, reason string, record []string, rawText string) {
	m := rm.m
	if record != nil {
		rm.raw.Reset()
		rm.rawWriter.Write(record)
		rm.rawWriter.Flush()
		rawText = strings.TrimSuffix(rm.raw.String(), "\n")
	}
	cell, rawText = strings.ToValidUTF8(cell, "\uFFFD"), strings.ToValidUTF8(rawText, "\uFFFD")
	fault := rm.fault
	fault[0] = value{num: line}
	fault[1] = value{text: column, null: column == ""}
	fault[2] = value{text: cell, null: column == ""}
	fault[3] = value{text: reason}
	fault[4] = value{text: rawText, null: rawText == "" && record == nil}
	fault[5] = value{text: check}
	// A row with the wrong number of fields has its values under the wrong columns: no key or
	// district is read from it.
	fault[6], fault[7] = value{null: true}, value{null: true}
	if len(record) == rm.columns {
		fault[6] = cellOf(record, m.keyColumn)
		fault[7] = cellOf(record, m.districtColumn)
	}
	if !fault[7].null {
		if to, ok := m.districtMap[fault[7].text]; ok {
			fault[7].text = to
		}
	}
	rm.faults.append(fault)
}

// cellOf is the trimmed text of a record's column col, null when empty or absent.
func cellOf(record []string, col int) value {
	if col < 0 || col >= len(record) {
		return value{null: true}
	}
	cell := strings.ToValidUTF8(strings.TrimSpace(record[col]), "\uFFFD")
	return value{text: cell, null: cell == ""}
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
