package ingest

import (
	"database/sql"
	"database/sql/driver"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	duckdb "github.com/duckdb/duckdb-go/v2"
)

// appendStream appends every batch arriving on batches to the temporary table name, and releases
// every batch, including those left unread after an error.
func appendStream(conn *sql.Conn, table string, batches <-chan arrow.RecordBatch) error {
	err := conn.Raw(func(raw any) error {
		appender, err := duckdb.NewAppender(raw.(driver.Conn), "temp", "main", table)
		if err != nil {
			return err
		}
		var row []driver.Value
		for rec := range batches {
			if row == nil {
				row = make([]driver.Value, rec.NumCols())
			}
			err := appendRows(appender, rec, row)
			rec.Release()
			if err != nil {
				appender.Close()
				return err
			}
		}
		return appender.Close()
	})
	for rec := range batches {
		rec.Release()
	}
	return err
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
