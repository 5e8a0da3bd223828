//go:build !duckdb_arrow

package ingest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	duckdb "github.com/duckdb/duckdb-go/v2"
)

// ArrowHandoff names how decoded batches reach DuckDB in this build.
const ArrowHandoff = "appender (build without -tags duckdb_arrow)"

// loadStream inserts every batch arriving on batches into the temporary table name through DuckDB's
// Appender, row by row. It is the portable path for builds without the duckdb_arrow tag: correct,
// about twice as slow as the Arrow view (docs/architecture.md). loadStream releases every batch it
// reads.
func loadStream(ctx context.Context, conn *sql.Conn, table string, schema *arrow.Schema, batches <-chan arrow.RecordBatch) error {
	return conn.Raw(func(raw any) error {
		appender, err := duckdb.NewAppender(raw.(driver.Conn), "temp", "main", table)
		if err != nil {
			return err
		}
		row := make([]driver.Value, len(schema.Fields()))
		for rec := range batches {
			err := appendRows(appender, rec, row)
			rec.Release()
			if err != nil {
				appender.Close()
				return err
			}
		}
		return appender.Close()
	})
}

// appendRows appends the rows of rec, using row as scratch space.
func appendRows(appender *duckdb.Appender, rec arrow.RecordBatch, row []driver.Value) error {
	for i := 0; i < int(rec.NumRows()); i++ {
		for j, col := range rec.Columns() {
			row[j] = cellValue(col, i)
		}
		if err := appender.AppendRow(row...); err != nil {
			return err
		}
	}
	return nil
}

// cellValue converts one Arrow cell to the Go value the Appender takes.
func cellValue(col arrow.Array, i int) driver.Value {
	if col.IsNull(i) {
		return nil
	}
	switch c := col.(type) {
	case *array.String:
		return c.Value(i)
	case *array.Int64:
		return c.Value(i)
	case *array.Float64:
		return c.Value(i)
	case *array.Boolean:
		return c.Value(i)
	case *array.Timestamp:
		return time.UnixMicro(int64(c.Value(i))).UTC()
	case *array.List:
		start, end := c.ValueOffsets(i)
		items := c.ListValues().(*array.String)
		list := make([]any, 0, end-start)
		for k := start; k < end; k++ {
			list = append(list, items.Value(int(k)))
		}
		return list
	}
	return nil
}
