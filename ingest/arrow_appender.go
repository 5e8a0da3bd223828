//go:build !duckdb_arrow

package ingest

import (
	"context"
	"database/sql"

	"github.com/apache/arrow-go/v18/arrow"
)

// ArrowHandoff names how decoded batches reach DuckDB in this build.
const ArrowHandoff = "appender (build without -tags duckdb_arrow)"

// openStream appends every batch arriving on batches to the temporary table table through DuckDB's
// Appender, row by row, and returns table as the relation that holds them. It is the portable
// path for builds without the duckdb_arrow tag: correct, slower than the Arrow view
// (docs/performance.md), and a copy more when the rows go on to a warehouse table. Every batch is
// released; the returned function has nothing to free.
func openStream(_ context.Context, conn *sql.Conn, table string, _ *arrow.Schema, batches <-chan arrow.RecordBatch) (string, func(), error) {
	return table, func() {}, appendStream(conn, table, batches)
}

// asideStreams is false: openStream appends at once, so the quarantined rows and flags, known only
// once the decoding has ended, are appended then (asideStore.feed).
const asideStreams = false

// prepareLoad has nothing to prepare for the Appender.
func prepareLoad(context.Context, *sql.Conn) error { return nil }
