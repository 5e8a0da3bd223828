// Package warehouse opens the DuckDB file that holds every ingested call, activity and quarantined
// row, and keeps its schema current.
//
// The warehouse is a single DuckDB database file (no server). Its schema is in schema.sql. Timestamps
// are stored as instants; every connection is set to the campaign's time zone so that SQL casts to
// DATE give local calendar days.
package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	_ "embed"
	"errors"
	"fmt"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// SchemaVersion is the version of schema.sql. Open records it in the schema_version table.
const SchemaVersion = 2

//go:embed schema.sql
var schemaSQL string

// DefaultTimeZone is the time zone of the command center whose data the sample describes.
const DefaultTimeZone = "Asia/Shanghai"

// Warehouse is an open warehouse file. It is safe for use by many goroutines.
type Warehouse struct {
	DB       *sql.DB
	Path     string
	Location *time.Location
}

// ErrInUse reports that another process holds the warehouse file.
var ErrInUse = errors.New("warehouse in use by another process")

// Open opens (creating if needed) the warehouse file at path, with every connection set to the time
// zone tz, and brings its schema up to date. Path "" opens a private in-memory warehouse, for tests.
func Open(ctx context.Context, path, tz string) (*Warehouse, error) {
	if tz == "" {
		tz = DefaultTimeZone
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, fmt.Errorf("open warehouse: time zone %q: %w", tz, err)
	}
	setZone := "SET TimeZone = '" + strings.ReplaceAll(tz, "'", "''") + "'"
	connector, err := duckdb.NewConnector(path, func(conn driver.ExecerContext) error {
		_, err := conn.ExecContext(ctx, setZone, nil)
		return err
	})
	if err != nil {
		if strings.Contains(err.Error(), "Could not set lock") || strings.Contains(err.Error(), "Conflicting lock") {
			return nil, fmt.Errorf("open warehouse %s: %w (%v)", path, ErrInUse, lockHolder(err))
		}
		return nil, fmt.Errorf("open warehouse %s: %w", path, err)
	}
	db := sql.OpenDB(connector)
	w := &Warehouse{DB: db, Path: path, Location: loc}
	if err := w.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open warehouse %s: %w", path, err)
	}
	return w, nil
}

// lockHolder extracts DuckDB's description of the process holding the lock, if it gave one.
func lockHolder(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, "(PID"); i >= 0 {
		if j := strings.Index(msg[i:], ")"); j > 0 {
			return "held by process " + strings.TrimSpace(msg[i+4:i+j])
		}
	}
	return msg
}

// migrate applies schema.sql and records the schema version, in one transaction.
func (w *Warehouse) migrate(ctx context.Context) error {
	tx, err := w.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, schemaSQL); err != nil {
		return fmt.Errorf("apply schema: %w", err)
	}
	var version sql.NullInt64
	if err := tx.QueryRowContext(ctx, "SELECT max(version) FROM schema_version").Scan(&version); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	switch {
	case !version.Valid:
		if _, err := tx.ExecContext(ctx, "INSERT INTO schema_version VALUES (?)", SchemaVersion); err != nil {
			return fmt.Errorf("record schema version: %w", err)
		}
	case version.Int64 > SchemaVersion:
		return fmt.Errorf("schema version %d is newer than this program's %d: use a newer bulletin", version.Int64, SchemaVersion)
	case version.Int64 < SchemaVersion:
		// schema.sql has just brought the older tables up to date.
		if _, err := tx.ExecContext(ctx, "INSERT INTO schema_version VALUES (?)", SchemaVersion); err != nil {
			return fmt.Errorf("record schema version: %w", err)
		}
	}
	return tx.Commit()
}

// Close closes the warehouse file.
func (w *Warehouse) Close() error {
	return w.DB.Close()
}
