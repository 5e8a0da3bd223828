//go:build duckdb_arrow

package ingest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	duckdb "github.com/duckdb/duckdb-go/v2"
)

// ArrowHandoff names how decoded batches reach DuckDB in this build.
const ArrowHandoff = "arrow view"

// openStream makes the batches arriving on batches, rows for the temporary table table, readable by
// SQL as the relation it returns, one Arrow view over the whole stream: DuckDB scans the batches in place (no row-by-row copy) and
// pulls them as the decoder produces them, so decoding and loading overlap and the view is
// registered once per file. The relation may be read once. The returned function drops the view
// and releases its memory, in that order (a view used after release crashes the process); call it
// once the transaction that read the view has ended, as DuckDB drops nothing of another catalog
// inside a transaction that wrote the warehouse. Every batch read is released.
func openStream(ctx context.Context, conn *sql.Conn, table string, schema *arrow.Schema, batches <-chan arrow.RecordBatch) (string, func(), error) {
	view := "ingest_" + table
	stream := &batchStream{schema: schema, batches: batches}
	stream.refs.Store(1)
	// DuckDB 2.0 refuses to register an Arrow view in a database file's catalog (the view would be
	// persisted over a pointer into this process); it registers it in an in-memory catalog, which is
	// the default catalog only while the view is registered, so that every other name the ingest
	// queries use still resolves in the warehouse.
	var home string
	if err := conn.QueryRowContext(ctx, "SELECT current_database()").Scan(&home); err != nil {
		stream.Release()
		return "", func() {}, fmt.Errorf("arrow view: %w", err)
	}
	var release func()
	err := conn.Raw(func(raw any) error {
		arrowConn, err := duckdb.NewArrowFromConn(raw.(driver.Conn))
		if err != nil {
			return fmt.Errorf("arrow connection: %w", err)
		}
		// Neither USE may be cut short by ctx: a statement interrupted after it took effect would
		// return the interruption and leave the connection, back in the pool, in the wrong catalog.
		execer := raw.(driver.ExecerContext)
		if err := ctx.Err(); err != nil {
			return err
		}
		if _, err := execer.ExecContext(context.WithoutCancel(ctx), "USE "+arrowCatalog, nil); err != nil {
			return fmt.Errorf("arrow view: %w", err)
		}
		release, err = arrowConn.RegisterView(stream, view)
		_, useErr := execer.ExecContext(context.WithoutCancel(ctx), "USE "+quoteIdent(home), nil)
		if err != nil {
			return errors.Join(fmt.Errorf("register arrow view: %w", err), useErr)
		}
		if useErr != nil {
			return fmt.Errorf("arrow view: %w", useErr)
		}
		return nil
	})
	closeStream := func() {
		if release != nil {
			conn.ExecContext(context.WithoutCancel(ctx), "DROP VIEW IF EXISTS "+arrowCatalog+".main."+view)
			release()
		}
		stream.Release()
	}
	if err != nil {
		closeStream()
		return "", func() {}, err
	}
	return arrowCatalog + ".main." + view, closeStream, nil
}

// prepareLoad attaches the in-memory catalog loadStream registers its views in; it runs before the
// file's transaction begins, as DuckDB attaches no database inside one.
func prepareLoad(ctx context.Context, conn *sql.Conn) error {
	if _, err := conn.ExecContext(ctx, "ATTACH IF NOT EXISTS ':memory:' AS "+arrowCatalog); err != nil {
		return fmt.Errorf("arrow view: %w", err)
	}
	return nil
}

// asideStreams is true: the quarantined rows and flags of a file reach DuckDB through views too.
const asideStreams = true

// arrowCatalog is the in-memory catalog Arrow views are registered in.
const arrowCatalog = "ingest_arrow"

// quoteIdent writes name as an SQL identifier.
func quoteIdent(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

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
