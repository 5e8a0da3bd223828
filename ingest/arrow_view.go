//go:build duckdb_arrow

package ingest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	duckdb "github.com/duckdb/duckdb-go/v2"
)

// ArrowHandoff names how decoded batches reach DuckDB in this build.
const ArrowHandoff = "arrow view"

// appendBatch inserts the rows of rec into the temporary table name on conn, by registering rec as an
// Arrow view that DuckDB scans in place (no row-by-row copy). The view is dropped before its memory is
// released: a view used after release crashes the process.
func appendBatch(ctx context.Context, conn *sql.Conn, table string, rec arrow.RecordBatch) error {
	reader, err := array.NewRecordReader(rec.Schema(), []arrow.RecordBatch{rec})
	if err != nil {
		return err
	}
	defer reader.Release()
	return conn.Raw(func(raw any) error {
		arrowConn, err := duckdb.NewArrowFromConn(raw.(driver.Conn))
		if err != nil {
			return fmt.Errorf("arrow connection: %w", err)
		}
		release, err := arrowConn.RegisterView(reader, "ingest_batch")
		if err != nil {
			return fmt.Errorf("register arrow view: %w", err)
		}
		defer release()
		execer := raw.(driver.ExecerContext)
		_, insertErr := execer.ExecContext(ctx, "INSERT INTO "+table+" SELECT * FROM ingest_batch", nil)
		_, dropErr := execer.ExecContext(context.WithoutCancel(ctx), "DROP VIEW ingest_batch", nil)
		return errors.Join(insertErr, dropErr)
	})
}
