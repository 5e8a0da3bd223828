package ingest

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
)

// asideSpillBytes is how much of a file's quarantined rows, and as much of its flags, the decoding
// holds in memory until they can be loaded, once the file's rows are. Past it they go to a file in
// the spill folder and are read back from it one batch at a time: a file whose every row is
// quarantined (read with the wrong profile, say) would otherwise hold the text of all its rows in
// memory at once.
const asideSpillBytes = 64 << 20

// asideStore collects the batches of one temporary table that is loaded once the decoding has
// ended (the quarantined rows, the flags): in memory up to limit bytes, then in an Arrow IPC stream
// in a file of dir. Its methods are called from one goroutine at a time.
type asideStore struct {
	table  string
	schema *arrow.Schema
	limit  int64
	dir    string
	logger *slog.Logger

	held  []arrow.RecordBatch
	bytes int64
	// rows counts every row added, held or spilled.
	rows int64

	file   *os.File
	buf    *bufio.Writer
	writer *ipc.Writer
}

func newAsideStore(table string, schema *arrow.Schema, limit int64, dir string, logger *slog.Logger) *asideStore {
	return &asideStore{table: table, schema: schema, limit: limit, dir: dir, logger: logger}
}

// add takes rec, which the store releases.
func (s *asideStore) add(rec arrow.RecordBatch) error {
	s.rows += rec.NumRows()
	if s.writer != nil {
		defer rec.Release()
		return s.write(rec)
	}
	s.held = append(s.held, rec)
	s.bytes += recordBytes(rec)
	if s.bytes <= s.limit {
		return nil
	}
	return s.spill()
}

// spill opens the spill file and moves the batches held so far into it.
func (s *asideStore) spill() error {
	f, err := os.CreateTemp(s.dir, ".bulletin-spill-"+s.table+"-*.arrows")
	if err != nil {
		return fmt.Errorf("spill %s: %w", s.table, err)
	}
	s.file = f
	s.logger.Debug("spilling to disk", "table", s.table, "held", s.bytes, "file", f.Name())
	s.buf = bufio.NewWriterSize(f, 1<<20)
	s.writer = ipc.NewWriter(s.buf, ipc.WithSchema(s.schema), ipc.WithLZ4())
	held := s.take()
	for i, rec := range held {
		err := s.write(rec)
		rec.Release()
		if err != nil {
			for _, rest := range held[i+1:] {
				rest.Release()
			}
			return err
		}
	}
	return nil
}

func (s *asideStore) write(rec arrow.RecordBatch) error {
	if err := s.writer.Write(rec); err != nil {
		return fmt.Errorf("spill %s to %s: %w", s.table, s.file.Name(), err)
	}
	return nil
}

// take returns the batches held in memory, which the caller now releases.
func (s *asideStore) take() []arrow.RecordBatch {
	held := s.held
	s.held, s.bytes = nil, 0
	return held
}

// feed sends every batch of the store, in the order added, on the returned channel, which it closes
// after the last, or as soon as stop is closed; the receiver releases the batches it receives. wait
// returns the error of reading back the spill file, once the channel is closed.
func (s *asideStore) feed(stop <-chan struct{}) (recs <-chan arrow.RecordBatch, wait func() error) {
	out := make(chan arrow.RecordBatch)
	errc := make(chan error, 1)
	go func() {
		defer close(out)
		errc <- s.send(out, stop)
	}()
	return out, func() error { return <-errc }
}

func (s *asideStore) send(out chan<- arrow.RecordBatch, stop <-chan struct{}) error {
	send := func(rec arrow.RecordBatch) bool {
		select {
		case out <- rec:
			return true
		case <-stop:
			rec.Release()
			return false
		}
	}
	if s.writer == nil {
		held := s.take()
		for i, rec := range held {
			if !send(rec) {
				for _, rest := range held[i+1:] {
					rest.Release()
				}
				return nil
			}
		}
		return nil
	}
	defer s.release()
	name := s.file.Name()
	if err := errors.Join(s.writer.Close(), s.buf.Flush()); err != nil {
		return fmt.Errorf("spill %s to %s: %w", s.table, name, err)
	}
	s.writer = nil
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("read back %s: %w", name, err)
	}
	r, err := ipc.NewReader(bufio.NewReaderSize(s.file, 1<<20), ipc.WithSchema(s.schema))
	if err != nil {
		return fmt.Errorf("read back %s: %w", name, err)
	}
	defer r.Release()
	for r.Next() {
		rec := r.RecordBatch()
		rec.Retain()
		if !send(rec) {
			return nil
		}
	}
	if err := r.Err(); err != nil {
		return fmt.Errorf("read back %s: %w", name, err)
	}
	return nil
}

// release frees what the store still holds: its batches, or its spill file.
func (s *asideStore) release() {
	for _, rec := range s.take() {
		rec.Release()
	}
	if s.writer != nil {
		s.writer.Close()
		s.writer = nil
	}
	if s.file != nil {
		name := s.file.Name()
		s.file.Close()
		os.Remove(name)
		s.file = nil
	}
}

// spillDir is the folder a file's quarantined rows and flags spill to: DuckDB's (its
// temp_directory) when it exists, else the folder it would be made in (the warehouse's), so that
// nothing is left behind that DuckDB would not remove; the system's temporary folder when DuckDB has
// none.
func spillDir(ctx context.Context, conn *sql.Conn) (string, error) {
	var dir string
	if err := conn.QueryRowContext(ctx, "SELECT current_setting('temp_directory')").Scan(&dir); err != nil {
		return "", fmt.Errorf("spill folder: %w", err)
	}
	if dir == "" {
		return os.TempDir(), nil
	}
	if info, err := os.Stat(dir); err == nil && info.IsDir() {
		return dir, nil
	}
	return filepath.Dir(dir), nil
}

// recordBytes is the size of the buffers of rec's columns.
func recordBytes(rec arrow.RecordBatch) int64 {
	var n int64
	for _, col := range rec.Columns() {
		n += dataBytes(col.Data())
	}
	return n
}

func dataBytes(d arrow.ArrayData) int64 {
	var n int64
	for _, b := range d.Buffers() {
		if b != nil {
			n += int64(b.Len())
		}
	}
	for _, child := range d.Children() {
		n += dataBytes(child)
	}
	return n
}
