//go:build duckdb_arrow

package ingest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	duckdb "github.com/duckdb/duckdb-go/v2"
)

// ArrowHandoff names how decoded batches reach DuckDB in this build.
const ArrowHandoff = "arrow view"

// loadStream inserts every batch arriving on batches into the temporary table name, through one
// Arrow view over the whole stream: DuckDB scans the batches in place (no row-by-row copy) and pulls
// them as the decoder produces them, so decoding and loading overlap and the view is registered once
// per file. The view is dropped before its memory is released: a view used after release crashes
// the process. loadStream releases every batch it reads.
func loadStream(ctx context.Context, conn *sql.Conn, table string, schema *arrow.Schema, batches <-chan arrow.RecordBatch) error {
	stream := &batchStream{schema: schema, batches: batches}
	stream.refs.Store(1)
	defer stream.Release()
	return conn.Raw(func(raw any) error {
		arrowConn, err := duckdb.NewArrowFromConn(raw.(driver.Conn))
		if err != nil {
			return fmt.Errorf("arrow connection: %w", err)
		}
		release, err := arrowConn.RegisterView(stream, "ingest_stream")
		if err != nil {
			return fmt.Errorf("register arrow view: %w", err)
		}
		defer release()
		execer := raw.(driver.ExecerContext)
		_, insertErr := execer.ExecContext(ctx, "INSERT INTO "+table+" SELECT * FROM ingest_stream", nil)
		_, dropErr := execer.ExecContext(context.WithoutCancel(ctx), "DROP VIEW ingest_stream", nil)
		return errors.Join(insertErr, dropErr)
	})
}

// batchStream is an Arrow record reader over batches that arrive on a channel; it ends when the
// channel is closed. Each batch is released when the next one is read or the stream is released.
type batchStream struct {
	refs    atomic.Int64
	schema  *arrow.Schema
	batches <-chan arrow.RecordBatch
	current arrow.RecordBatch
}

func (s *batchStream) Retain()               { s.refs.Add(1) }
func (s *batchStream) Schema() *arrow.Schema { return s.schema }
func (s *batchStream) Err() error            { return nil }

func (s *batchStream) Release() {
	if s.refs.Add(-1) == 0 && s.current != nil {
		s.current.Release()
		s.current = nil
	}
}

func (s *batchStream) Next() bool {
	if s.current != nil {
		s.current.Release()
		s.current = nil
	}
	rec, ok := <-s.batches
	if !ok {
		return false
	}
	s.current = rec
	return true
}

func (s *batchStream) RecordBatch() arrow.RecordBatch { return s.current }

// Record is the deprecated name of RecordBatch, still part of array.RecordReader.
func (s *batchStream) Record() arrow.RecordBatch { return s.current }
