// Package warehouse opens the DuckDB file that holds every ingested call, activity and quarantined
// row, and keeps its schema current.
//
// The warehouse is a single DuckDB database file (no server). Its schema is built by the numbered
// migrations in migrations/ (0001_init.sql, 0002_profiles_flags.sql, ...), applied in order; their
// comments document every column, and the folder holds nothing else. The schema_version table
// records each migration applied, and Open applies those above the recorded version. A schema change
// is a new numbered file; a released migration is never edited, since warehouses already carry it.
// Timestamps are stored as instants; every connection is set to the campaign's time zone so that SQL
// casts to DATE give local calendar days.
package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"bulletin/schema"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrations are the embedded migrations in order; migrationsErr says why they could not be read.
var migrations, migrationsErr = readMigrations(migrationFiles, "migrations")

// SchemaVersion is the version of the schema Open brings a warehouse to: the number of the last
// migration. It is derived from the embedded migrations and must not be changed.
var SchemaVersion = len(migrations)

// DefaultTimeZone is the time zone connections are set to when Options.TimeZone is empty
// (schema.DefaultTimeZone).
const DefaultTimeZone = schema.DefaultTimeZone

// Warehouse is an open warehouse file. It is safe for use by many goroutines.
type Warehouse struct {
	DB       *sql.DB
	Path     string
	Location *time.Location
}

// ErrInUse reports that another process holds the warehouse file.
var ErrInUse = errors.New("warehouse in use by another process")

// Options configures OpenWith. The zero value is the default of Open.
type Options struct {
	// TimeZone is the time zone every connection is set to; "" means DefaultTimeZone.
	TimeZone string
	// MemoryLimit caps the memory DuckDB uses for data (its memory_limit, such as "1GB" or "500MB");
	// past it, large operations spill to TempDir rather than fail. "" means DefaultMemoryLimit().
	MemoryLimit string
	// TempDir is where DuckDB spills (its temp_directory); "" means the warehouse file's path with
	// ".tmp" appended, which DuckDB creates when it first spills and removes on close.
	TempDir string
	// Wait is how long to keep trying while another process holds the file; zero fails at once
	// with ErrInUse.
	Wait time.Duration
}

// Open opens (creating if needed) the warehouse file at path, with every connection set to the time
// zone tz, and brings its schema up to date. Path "" opens a private in-memory warehouse, for tests.
// It uses the default memory limit and temporary folder; OpenWith sets them.
func Open(ctx context.Context, path, tz string) (*Warehouse, error) {
	return OpenWith(ctx, path, Options{TimeZone: tz})
}

// OpenWith opens the warehouse file at path as Open does, configured by o. While another process
// holds the file it retries for up to o.Wait, then returns an error that wraps ErrInUse and names the
// holder.
func OpenWith(ctx context.Context, path string, o Options) (*Warehouse, error) {
	deadline := time.Now().Add(o.Wait)
	pause := 50 * time.Millisecond
	for {
		w, err := openOnce(ctx, path, o)
		if err == nil || !errors.Is(err, ErrInUse) || o.Wait <= 0 {
			return w, err
		}
		left := time.Until(deadline)
		if left <= 0 {
			return nil, fmt.Errorf("%w, still after waiting %v", err, o.Wait)
		}
		timer := time.NewTimer(min(pause, left))
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, fmt.Errorf("%w; stopped waiting: %w", err, ctx.Err())
		case <-timer.C:
		}
		pause = min(2*pause, time.Second)
	}
}

// openOnce is one attempt of OpenWith.
func openOnce(ctx context.Context, path string, o Options) (*Warehouse, error) {
	if migrationsErr != nil {
		return nil, fmt.Errorf("open warehouse: %w", migrationsErr)
	}
	tz := o.TimeZone
	if tz == "" {
		tz = DefaultTimeZone
	}
	loc, err := schema.LoadZone(tz)
	if err != nil {
		return nil, fmt.Errorf("open warehouse: %w", err)
	}
	limit := o.MemoryLimit
	if limit == "" {
		limit = DefaultMemoryLimit()
	}
	temp := o.TempDir
	if temp == "" && path != "" {
		temp = path + ".tmp"
	}
	settings := append([]string{"SET TimeZone = " + quote(tz)}, MemorySettings(limit, temp)...)
	connector, err := newConnector(path, settings)
	if err != nil {
		if strings.Contains(err.Error(), "Could not set lock") || strings.Contains(err.Error(), "Conflicting lock") {
			return nil, fmt.Errorf("open warehouse %s: %w (%v)", path, ErrInUse, lockHolder(err))
		}
		return nil, fmt.Errorf("open warehouse %s: %w", path, err)
	}
	db := sql.OpenDB(connector)
	w := &Warehouse{DB: db, Path: path, Location: loc}
	if err := w.migrate(ctx, migrations); err != nil {
		db.Close()
		return nil, fmt.Errorf("open warehouse %s: %w", path, err)
	}
	return w, nil
}

// MemorySettings returns the SET statements that cap DuckDB's memory at limit and let it spill to
// tempDir ("" for DuckDB's default), as OpenWith applies them.
func MemorySettings(limit, tempDir string) []string {
	settings := []string{"SET memory_limit = " + quote(limit)}
	if tempDir != "" {
		settings = append(settings, "SET temp_directory = "+quote(tempDir))
	}
	return settings
}

// OpenDB opens the DuckDB file at path, every connection running settings first, and nothing else
// of the warehouse: no schema, no migration. The benchmark's bare-DuckDB baseline uses it with
// MemorySettings, so that it runs under the same limits as the warehouse. Like Open, it does not
// keep ctx: connections opened later do not depend on it.
func OpenDB(ctx context.Context, path string, settings ...string) (*sql.DB, error) {
	connector, err := newConnector(path, settings)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(connector), nil
}

// newConnector makes a DuckDB connector whose connections run settings when they open.
func newConnector(path string, settings []string) (*duckdb.Connector, error) {
	return duckdb.NewConnector(path, func(conn driver.ExecerContext) error {
		for _, set := range settings {
			// The pool opens connections whenever a query needs one, long after Open returned, and
			// the init function is given no context of that query. A caller's context here would
			// fail every connection opened after it is cancelled; the settings are quick SETs.
			if _, err := conn.ExecContext(context.Background(), set, nil); err != nil {
				return fmt.Errorf("%s: %w", set, err)
			}
		}
		return nil
	})
}

// quote writes s as an SQL string literal.
func quote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// lockHolder extracts DuckDB's description of the process holding the lock ("Conflicting lock is
// held in PROGRAM (PID N)"), if it gave one.
func lockHolder(err error) string {
	msg := err.Error()
	i := strings.Index(msg, "(PID")
	if i < 0 {
		return msg
	}
	j := strings.Index(msg[i:], ")")
	if j < 0 {
		return msg
	}
	holder := "held by process " + strings.TrimSpace(msg[i+4:i+j])
	const heldIn = "held in "
	if k := strings.Index(msg[:i], heldIn); k >= 0 {
		if program := strings.TrimSpace(msg[k+len(heldIn) : i]); program != "" {
			holder += ", " + program
		}
	}
	return holder
}

// ErrNewerSchema reports a warehouse written by a newer bulletin, whose schema this program does not
// know.
var ErrNewerSchema = errors.New("warehouse written by a newer bulletin")

// migrate applies the migrations above the warehouse's recorded schema version, in order, and
// records each version applied, in one transaction: a failed migration leaves the warehouse as it
// was. A warehouse of a newer schema is refused before anything is applied to it.
func (w *Warehouse) migrate(ctx context.Context, migrations []migration) error {
	latest := len(migrations)
	tx, err := w.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var version sql.NullInt64 // NULL for a new warehouse: no table or no row yet
	var known bool
	if err := tx.QueryRowContext(ctx, "SELECT count(*) > 0 FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'schema_version'").Scan(&known); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if known {
		if err := tx.QueryRowContext(ctx, "SELECT max(version) FROM schema_version").Scan(&version); err != nil {
			return fmt.Errorf("read schema version: %w", err)
		}
	}
	if version.Int64 < 0 {
		return fmt.Errorf("read schema version: %d is no version", version.Int64)
	}
	if version.Int64 > int64(latest) {
		return fmt.Errorf("%w: its schema version is %d, this bulletin knows versions up to %d; use a newer bulletin", ErrNewerSchema, version.Int64, latest)
	}
	for _, m := range migrations[version.Int64:] {
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("apply migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO schema_version VALUES (?)", m.version); err != nil {
			return fmt.Errorf("record schema version %d: %w", m.version, err)
		}
	}
	return tx.Commit()
}

// A migration is one numbered file of migrations/: the statements that bring a warehouse of the
// version before to its version.
type migration struct {
	version int
	name    string // file name, such as 0002_profiles_flags.sql
	sql     string
}

// readMigrations reads the migration files in dir of fsys, named NNNN_description.sql, and returns
// them in order of their numbers, which must run from 1 without gaps: migrate takes the i-th
// migration as version i+1.
func readMigrations(fsys fs.FS, dir string) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var list []migration
	for _, entry := range entries { // ReadDir sorts by name, and the numbers have four digits
		name := entry.Name()
		number, _, ok := strings.Cut(name, "_")
		version, err := strconv.Atoi(number)
		if !ok || err != nil || len(number) != 4 || strings.Trim(number, "0123456789") != "" || !strings.HasSuffix(name, ".sql") || entry.IsDir() {
			return nil, fmt.Errorf("migration %s: want a file named NNNN_description.sql", name)
		}
		if want := len(list) + 1; version != want {
			return nil, fmt.Errorf("migration %s: numbered %d, want %d: migrations are numbered from 1 without gaps or repeats", name, version, want)
		}
		text, err := fs.ReadFile(fsys, dir+"/"+name)
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", name, err)
		}
		list = append(list, migration{version: version, name: name, sql: string(text)})
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("read migrations: no migration in %s", dir)
	}
	return list, nil
}

// Conn returns a connection of the warehouse, set to its time zone; the caller closes it.
func (w *Warehouse) Conn(ctx context.Context) (*sql.Conn, error) {
	return w.DB.Conn(ctx)
}

// Close closes the warehouse file.
func (w *Warehouse) Close() error {
	return w.DB.Close()
}
