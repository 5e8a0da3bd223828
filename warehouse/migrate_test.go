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
	"os"
	"path/filepath"
	"strings"
	"testing"

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
