package warehouse

import (
	"context"
	"path/filepath"
	"testing"
)

func TestOpenCreatesSchemaAndGroupsByLocalDay(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	w, err := Open(ctx, path, "Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	// 2022-04-30 16:30 UTC is 2022-05-01 00:30 in Shanghai: it belongs to May 1st locally.
	var day string
	if err := w.DB.QueryRowContext(ctx, "SELECT (TIMESTAMPTZ '2022-04-30 16:30:00+00')::DATE::VARCHAR").Scan(&day); err != nil {
		t.Fatal(err)
	}
	if day != "2022-05-01" {
		t.Errorf("local day = %s, want 2022-05-01", day)
	}
	w.Close()

	// Reopening keeps one schema_version row.
	w, err = Open(ctx, path, "")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var n, version int
	if err := w.DB.QueryRowContext(ctx, "SELECT count(*), max(version) FROM schema_version").Scan(&n, &version); err != nil {
		t.Fatal(err)
	}
	if n != 1 || version != SchemaVersion {
		t.Errorf("schema_version rows = %d, version %d; want 1 row of %d", n, version, SchemaVersion)
	}
}

func TestOpenRejectsUnknownTimeZone(t *testing.T) {
	if _, err := Open(context.Background(), "", "Mars/Olympus"); err == nil {
		t.Fatal("Open with an unknown time zone succeeded")
	}
}
