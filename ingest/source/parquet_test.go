package source

import (
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// parquetCalls is the query that writes the test Parquet file: Chinese column names, one with a
// quote in it, every type that gets its own conversion, and NULLs.
const parquetCalls = `SELECT * FROM (VALUES
	(1, TIMESTAMP '2022-05-27 14:03:21', TIMESTAMPTZ '2022-05-27 14:03:21+08', DATE '2022-05-27',
		['a', 'b'], NULL::VARCHAR, 20220527000123::BIGINT, 1.5::DOUBLE, true),
	(2, NULL, NULL, NULL, NULL, '备注', NULL, NULL, NULL)
) AS t("编号", "接警时间", "到达时间", "日期", "标签", "备""注", "警情编号", "时长", "有效")
ORDER BY 1`

// writeParquet writes the result of a query to a Parquet file with DuckDB and returns its bytes.
func writeParquet(t testing.TB, query string) []byte {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	path := filepath.Join(t.TempDir(), "out.parquet")
	if _, err := db.Exec("COPY (" + query + ") TO '" + path + "' (FORMAT parquet)"); err != nil {
		t.Fatal(err)
	}
	content, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return content
}

func TestParquet(t *testing.T) {
	content := writeParquet(t, parquetCalls)
	r := mustOpen(t, writeFile(t, "calls.parquet", content), Options{})
	wantHeader := []string{"编号", "接警时间", "到达时间", "日期", "标签", `备"注`, "警情编号", "时长", "有效"}
	if !slices.Equal(r.Header(), wantHeader) {
		t.Errorf("Header = %q, want %q", r.Header(), wantHeader)
	}
	if want := (Info{Format: "parquet", Size: int64(len(content))}); r.Info() != want {
		t.Errorf("Info = %+v, want %+v", r.Info(), want)
	}
	checkRows(t, readAll(t, r), []row{
		// 14:03:21 at UTC+8 is 06:03:21 UTC.
		{Line: 1, Fields: []string{"1", "2022-05-27 14:03:21", "2022-05-27T06:03:21Z", "2022-05-27", "a;b", "", "20220527000123", "1.5", "true"}},
		{Line: 2, Fields: []string{"2", "", "", "", "", "备注", "", "", ""}},
	})
	if r.Offset() != int64(len(content)) {
		t.Errorf("Offset = %d, want %d", r.Offset(), len(content))
	}
}

func TestParquetNotParquetIsAnError(t *testing.T) {
	path := writeFile(t, "calls.parquet", []byte("id,name\n1,a\n"))
	_, err := Open(t.Context(), path, Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "open "+path+": read parquet schema: not a Parquet file: ") {
		t.Errorf("Open = %v, want a parquet schema error naming the file", err)
	}
}

func TestTextExpr(t *testing.T) {
	tests := []struct{ name, typ, want string }{
		{`a"b`, "VARCHAR", `COALESCE(CAST("a""b" AS VARCHAR), '')`},
		{"t", "TIMESTAMP_NS", `COALESCE(strftime(CAST("t" AS TIMESTAMP), '%Y-%m-%d %H:%M:%S'), '')`},
		{"l", "INTEGER[]", `COALESCE(array_to_string("l", ';'), '')`},
	}
	for _, tt := range tests {
		if got := textExpr(tt.name, tt.typ); got != tt.want {
			t.Errorf("textExpr(%q, %q) = %s, want %s", tt.name, tt.typ, got, tt.want)
		}
	}
}
