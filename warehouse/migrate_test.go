package warehouse

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	_ "github.com/duckdb/duckdb-go/v2"
)

var writeV1 = flag.Bool("write-v1", false, "rewrite testdata/v1.duckdb.gz from testdata/schema-v1.sql and testdata/rows-v1.sql")

// v1Warehouse is a warehouse file written by the first schema (commit b369358), with the rows of
// testdata/rows-v1.sql, gzipped: a DuckDB file is mostly empty blocks.
const v1Warehouse = "testdata/v1.duckdb.gz"

// TestWriteV1Warehouse rewrites testdata/v1.duckdb.gz when run with -write-v1; it runs the first
// schema and the rows with bare DuckDB, not with this package, which knows only the current schema.
func TestWriteV1Warehouse(t *testing.T) {
	if !*writeV1 {
		return
	}
	var script []string
	for _, name := range []string{"testdata/schema-v1.sql", "testdata/rows-v1.sql"} {
		text, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		script = append(script, string(text))
	}
	path := filepath.Join(t.TempDir(), "v1.duckdb")
	// The smallest block size DuckDB allows keeps the file small.
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, statement := range []string{
		"ATTACH '" + path + "' AS v1 (BLOCK_SIZE 16384)",
		"USE v1",
		strings.Join(script, "\n"),
		"USE memory",
		"DETACH v1",
	} {
		if _, err := db.Exec(statement); err != nil {
			t.Fatalf("%.60s: %v", statement, err)
		}
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var packed bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&packed, gzip.BestCompression)
	zw.Write(raw)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(v1Warehouse, packed.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// copyV1Warehouse unpacks testdata/v1.duckdb.gz into a temporary folder, since opening it migrates it.
func copyV1Warehouse(t *testing.T) string {
	t.Helper()
	packed, err := os.Open(v1Warehouse)
	if err != nil {
		t.Fatal(err)
	}
	defer packed.Close()
	src, err := gzip.NewReader(packed)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "v1.duckdb")
	dst, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestOpenMigratesAVersion1WarehouseKeepingItsRows(t *testing.T) {
	ctx := context.Background()
	path := copyV1Warehouse(t)
	w, err := Open(ctx, path, "Asia/Shanghai")
	if err != nil {
		t.Fatalf("open a version 1 warehouse: %v", err)
	}
	defer w.Close()

	var version int
	if err := w.DB.QueryRowContext(ctx, "SELECT max(version) FROM schema_version").Scan(&version); err != nil {
		t.Fatal(err)
	}
	if version != SchemaVersion {
		t.Errorf("schema version %d after opening, want %d", version, SchemaVersion)
	}
	// The rows of testdata/rows-v1.sql, as written there; the columns added since are NULL.
	for _, tc := range []struct {
		query, want string
	}{
		{"SELECT string_agg(call_id || ' ' || district || ' ' || received_at::DATE || ' ' || people_helped || ' ' || len(linked_agencies), '; ' ORDER BY call_id) FROM calls",
			"C-0001 yuhu 2022-06-01 1 1; C-0002 yuetang 2022-06-01 0 0; C-0003 xiangtan-county 2022-06-30 2 2"},
		{"SELECT count(*) || ' ' || count(incident_id) || ' ' || count(dispatch_orders) FROM calls", "3 0 0"},
		{"SELECT name || ' ' || rows_read || ' ' || loaded || ' ' || quarantined || ' ' || coalesce(profile, 'null') || ' ' || coalesce(replaced_by::VARCHAR, 'null') FROM ingest_files",
			"calls-2022-06.csv 4 3 1 null null"},
		{"SELECT activity_id || ' ' || kind || ' ' || participants || ' ' || passed FROM activities", "A-0001 drill 12 true"},
		{"SELECT line || ' ' || check_name || ' ' || coalesce(record_key, 'null') FROM quarantine", "4 required null"},
		{"SELECT count(*)::VARCHAR FROM flags", "0"},
		{"SELECT nextval('file_id_seq')::VARCHAR", "2"},
	} {
		var got string
		if err := w.DB.QueryRowContext(ctx, tc.query).Scan(&got); err != nil {
			t.Errorf("%s: %v", tc.query, err)
			continue
		}
		if got != tc.want {
			t.Errorf("%s\n got %q\nwant %q", tc.query, got, tc.want)
		}
	}
}

func TestOpenRefusesAWarehouseOfANewerSchema(t *testing.T) {
	ctx := context.Background()
	path := copyV1Warehouse(t)
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("INSERT INTO schema_version VALUES (?)", SchemaVersion+1); err != nil {
		t.Fatal(err)
	}
	db.Close()

	w, err := Open(ctx, path, "")
	if err == nil {
		w.Close()
		t.Fatal("a warehouse of a newer schema opened")
	}
	if !errors.Is(err, ErrNewerSchema) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "use a newer bulletin") || !strings.Contains(err.Error(), fmt.Sprintf("schema version is %d", SchemaVersion+1)) {
		t.Errorf("err = %q, want ErrNewerSchema naming %s and saying to use a newer bulletin", err, path)
	}
	t.Logf("%v", err)

	// The refused warehouse is as it was: nothing of the current schema was applied to it.
	db, err = sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var flagsTables int
	if err := db.QueryRow("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'flags'").Scan(&flagsTables); err != nil {
		t.Fatal(err)
	}
	if flagsTables != 0 {
		t.Error("opening a newer warehouse applied the current schema to it")
	}
}

func TestMigrationsAreNumberedOneToNWithoutGaps(t *testing.T) {
	if migrationsErr != nil {
		t.Fatal(migrationsErr)
	}
	// The files on disk, not the embedded list: a file the embed pattern missed is caught too.
	entries, err := os.ReadDir("migrations")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("no migrations")
	}
	for i, entry := range entries {
		prefix := fmt.Sprintf("%04d_", i+1)
		if name := entry.Name(); !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, ".sql") {
			t.Errorf("migration %d is %s, want %s....sql", i+1, name, prefix)
		}
	}
	if SchemaVersion != len(entries) || len(migrations) != len(entries) {
		t.Errorf("SchemaVersion %d and %d embedded migrations, want %d as in migrations/", SchemaVersion, len(migrations), len(entries))
	}
	for i, m := range migrations {
		if m.version != i+1 || m.name != entries[i].Name() {
			t.Errorf("migration %d is version %d from %s, want %s", i+1, m.version, m.name, entries[i].Name())
		}
	}
}

func TestReadMigrationsRefusesMisnumberedFiles(t *testing.T) {
	file := &fstest.MapFile{Data: []byte("SELECT 1;")}
	for _, tc := range []struct {
		name  string
		files []string
	}{
		{"gap", []string{"0001_init.sql", "0003_later.sql"}},
		{"repeat", []string{"0001_init.sql", "0002_a.sql", "0002_b.sql"}},
		{"not from 1", []string{"0002_init.sql"}},
		{"three digits", []string{"001_init.sql"}},
		{"sign", []string{"+001_init.sql"}},
		{"no description", []string{"0001.sql"}},
		{"not sql", []string{"0001_init.sql", "0002_notes.txt"}},
		{"none", nil},
	} {
		fsys := fstest.MapFS{"migrations": &fstest.MapFile{Mode: fs.ModeDir}}
		for _, name := range tc.files {
			fsys["migrations/"+name] = file
		}
		if list, err := readMigrations(fsys, "migrations"); err == nil {
			t.Errorf("%s: %v read as %d migrations, want an error", tc.name, tc.files, len(list))
		}
	}
	fsys := fstest.MapFS{"migrations/0001_init.sql": file, "migrations/0002_next.sql": file}
	if list, err := readMigrations(fsys, "migrations"); err != nil || len(list) != 2 || list[1].version != 2 || list[1].name != "0002_next.sql" {
		t.Errorf("two well-numbered migrations read as %+v, %v", list, err)
	}
}

// recorded returns the versions in db's schema_version table, in order, as "1 2 ...".
func recorded(t *testing.T, db *sql.DB) string {
	t.Helper()
	var versions sql.NullString
	if err := db.QueryRow("SELECT string_agg(version::VARCHAR, ' ' ORDER BY version) FROM schema_version").Scan(&versions); err != nil {
		t.Fatal(err)
	}
	return versions.String
}

func TestOpeningTwiceAppliesNothingTheSecondTime(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	var versions []string
	for v := 1; v <= SchemaVersion; v++ {
		versions = append(versions, strconv.Itoa(v))
	}
	var first []string
	for open := 1; open <= 2; open++ {
		w, err := Open(ctx, path, "")
		if err != nil {
			t.Fatal(err)
		}
		if got, want := recorded(t, w.DB), strings.Join(versions, " "); got != want {
			t.Errorf("opening %d: schema_version %q, want %q, each migration once", open, got, want)
		}
		if open == 1 {
			first = columns(t, w.DB)
		} else if got := columns(t, w.DB); !slices.Equal(got, first) {
			t.Errorf("opening again changed the columns:\n%s\nwere:\n%s", strings.Join(got, "\n"), strings.Join(first, "\n"))
		}
		w.Close()
	}
}

func TestMigrateAppliesOnlyTheMigrationsAboveTheRecordedVersion(t *testing.T) {
	// Unlike the real migrations, which are idempotent, these leave a trace each time they run.
	marked := []migration{
		{1, "0001_init.sql", "CREATE TABLE schema_version (version INTEGER NOT NULL); CREATE TABLE applied (version INTEGER NOT NULL); INSERT INTO applied VALUES (1);"},
		{2, "0002_two.sql", "INSERT INTO applied VALUES (2);"},
		{3, "0003_three.sql", "INSERT INTO applied VALUES (3);"},
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	w := &Warehouse{DB: db}
	for _, step := range []struct {
		name       string
		migrations []migration
		want       string // the versions applied so far, and recorded
	}{
		{"new warehouse", marked[:2], "1 2"},
		{"again", marked[:2], "1 2"},
		{"a third migration added", marked, "1 2 3"},
		{"again with three", marked, "1 2 3"},
	} {
		if err := w.migrate(context.Background(), step.migrations); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		var applied string
		if err := db.QueryRow("SELECT string_agg(version::VARCHAR, ' ' ORDER BY rowid) FROM applied").Scan(&applied); err != nil {
			t.Fatal(err)
		}
		if versions := recorded(t, db); applied != step.want || versions != step.want {
			t.Errorf("%s: applied %q, recorded %q; want %q", step.name, applied, versions, step.want)
		}
	}
}

func TestAFailingMigrationLeavesTheWarehouseAsItWas(t *testing.T) {
	ctx := context.Background()
	// Bare DuckDB, since Open would migrate the version 1 warehouse at once.
	db, err := sql.Open("duckdb", copyV1Warehouse(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	broken := append(slices.Clip(migrations), migration{version: SchemaVersion + 1, name: "broken.sql", sql: "ALTER TABLE no_such_table ADD COLUMN x INTEGER;"})
	err = (&Warehouse{DB: db}).migrate(ctx, broken)
	if err == nil || !strings.Contains(err.Error(), "broken.sql") {
		t.Fatalf("migrate with a broken last migration: %v, want an error naming broken.sql", err)
	}
	var flagsTables int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'flags'").Scan(&flagsTables); err != nil {
		t.Fatal(err)
	}
	if versions := recorded(t, db); versions != "1" || flagsTables != 0 {
		t.Errorf("after the failed migration: schema_version %q, %d flags tables; want \"1\" and no flags table", versions, flagsTables)
	}
}

// columns lists the columns of db's main schema as "table.column type NULL|NOT NULL", in order.
func columns(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query(`SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || CASE is_nullable WHEN 'YES' THEN 'NULL' ELSE 'NOT NULL' END
		FROM information_schema.columns
		WHERE table_catalog = current_database() AND table_schema = 'main'
		ORDER BY table_name, ordinal_position`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var list []string
	for rows.Next() {
		var column string
		if err := rows.Scan(&column); err != nil {
			t.Fatal(err)
		}
		list = append(list, column)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return list
}

func TestANewWarehouseHasTheSchemaOfAMigratedVersion1Warehouse(t *testing.T) {
	ctx := context.Background()
	migrated, err := Open(ctx, copyV1Warehouse(t), "")
	if err != nil {
		t.Fatal(err)
	}
	defer migrated.Close()
	fresh, err := Open(ctx, filepath.Join(t.TempDir(), "new.duckdb"), "")
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	got, want := columns(t, fresh.DB), columns(t, migrated.DB)
	if !slices.Equal(got, want) {
		t.Errorf("columns of a new warehouse:\n%s\nof a migrated version 1 warehouse:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// A sanity check that the comparison saw the tables of both migrations.
	if !slices.Contains(got, "calls.incident_id VARCHAR NULL") || !slices.Contains(got, "flags.record_key VARCHAR NOT NULL") {
		t.Errorf("columns of a new warehouse lack those of migration 2:\n%s", strings.Join(got, "\n"))
	}
}

func TestTheInitMigrationIsTheVersion1Schema(t *testing.T) {
	v1, err := os.ReadFile("testdata/schema-v1.sql")
	if err != nil {
		t.Fatal(err)
	}
	var schemas [2][]string
	for i, script := range []string{string(v1), migrations[0].sql} {
		db, err := sql.Open("duckdb", "")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec(script); err != nil {
			t.Fatal(err)
		}
		schemas[i] = columns(t, db)
	}
	if !slices.Equal(schemas[1], schemas[0]) {
		t.Errorf("columns of %s:\n%s\nof testdata/schema-v1.sql:\n%s", migrations[0].name, strings.Join(schemas[1], "\n"), strings.Join(schemas[0], "\n"))
	}
}
