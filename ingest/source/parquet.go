package source

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	// The DuckDB driver reads Parquet; it registers itself as "duckdb".
	_ "github.com/duckdb/duckdb-go/v2"
)

// openParquet reads a Parquet file with an in-memory DuckDB database, which converts every value
// to text in SQL.
func (r *Reader) openParquet(opts Options) error {
	file := r.path
	if r.info.Compressed {
		var err error
		if file, err = r.decompressToTemp("*.parquet"); err != nil {
			return err
		}
	}
	if err := checkParquetMagic(file); err != nil {
		return fmt.Errorf("read parquet schema: %w", err)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return fmt.Errorf("duckdb: %w", err)
	}
	r.cleanup = append(r.cleanup, db.Close)

	columns, err := describeParquet(r, db, file)
	if err != nil {
		return err
	}
	if len(columns) == 0 {
		return fmt.Errorf("%w: no columns", errNoHeader)
	}
	exprs := make([]string, len(columns))
	r.header = make([]string, len(columns))
	for i, c := range columns {
		exprs[i] = textExpr(c.name, c.typ)
		r.header[i] = cleanName(c.name)
	}
	rows, err := db.QueryContext(r.ctx, "SELECT "+strings.Join(exprs, ", ")+" FROM read_parquet(?)", file)
	if err != nil {
		return fmt.Errorf("read parquet: %w", err)
	}
	src := &parquetSource{path: r.path, columns: columns, rows: rows, size: r.info.Size, fields: make([]string, len(columns)), dest: make([]any, len(columns))}
	for i := range src.fields {
		src.dest[i] = &src.fields[i]
	}
	r.src = src
	return nil
}

// parquetColumn is a column of a Parquet file as DuckDB sees it.
type parquetColumn struct {
	name, typ string
}

// describeParquet returns the names and DuckDB types of a Parquet file's columns.
func describeParquet(r *Reader, db *sql.DB, file string) ([]parquetColumn, error) {
	rows, err := db.QueryContext(r.ctx, "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))", file)
	if err != nil {
		return nil, fmt.Errorf("read parquet schema: %w", err)
	}
	defer rows.Close()
	var columns []parquetColumn
	for rows.Next() {
		var c parquetColumn
		if err := rows.Scan(&c.name, &c.typ); err != nil {
			return nil, fmt.Errorf("read parquet schema: %w", err)
		}
		columns = append(columns, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read parquet schema: %w", err)
	}
	return columns, nil
}

// textExpr returns the SQL expression that reads a column as text: timestamps as
// "2006-01-02 15:04:05", timestamps with time zone in RFC 3339 in UTC, dates as "2006-01-02",
// lists joined with ';', anything else cast to VARCHAR, and NULL as "".
func textExpr(name, typ string) string {
	col := quoteIdent(name)
	var expr string
	switch {
	case typ == "TIMESTAMP WITH TIME ZONE" || typ == "TIMESTAMPTZ":
		// epoch_us counts from the UTC epoch, so this needs no time zone setting.
		expr = "strftime(make_timestamp(epoch_us(" + col + ")), '%Y-%m-%dT%H:%M:%SZ')"
	case strings.HasPrefix(typ, "TIMESTAMP"):
		expr = "strftime(CAST(" + col + " AS TIMESTAMP), '%Y-%m-%d %H:%M:%S')"
	case typ == "DATE":
		expr = "strftime(" + col + ", '%Y-%m-%d')"
	case strings.HasSuffix(typ, "]"):
		expr = "array_to_string(" + col + ", ';')"
	default:
		expr = "CAST(" + col + " AS VARCHAR)"
	}
	return "COALESCE(" + expr + ", '')"
}

// quoteIdent quotes a column name for SQL.
func quoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// parquetSource reads the rows of the query over a Parquet file.
type parquetSource struct {
	path    string
	columns []parquetColumn
	refuse  []bool // the columns whose nested values make the row a RowError (RefuseNested)
	rows    *sql.Rows
	line    int64
	size    int64
	fields  []string
	dest    []any
}

func (s *parquetSource) next() (Record, error) {
	if !s.rows.Next() {
		if err := s.rows.Err(); err != nil {
			return Record{}, fmt.Errorf("row %d: %w", s.line+1, err)
		}
		return Record{}, io.EOF
	}
	s.line++
	if err := s.rows.Scan(s.dest...); err != nil {
		return Record{}, fmt.Errorf("row %d: %w", s.line, err)
	}
	for i, refuse := range s.refuse {
		if refuse && s.fields[i] != "" && nestedParquet(s.columns[i].typ) {
			return Record{Line: s.line}, &RowError{Path: s.path, Line: s.line, Column: i + 1,
				Err: fmt.Errorf("column %q holds a nested value (%s), where one value or a list of values is read", s.columns[i].name, s.columns[i].typ),
				Raw: s.fields[i][:min(len(s.fields[i]), maxRaw)]}
		}
	}
	return Record{Line: s.line, Fields: s.fields}, nil
}

func (s *parquetSource) refuseNested(columns []bool) { s.refuse = columns }

// nestedParquet reports whether a DuckDB type read from Parquet nests values: a STRUCT, MAP or
// UNION (or a list of them), or a list of lists.
func nestedParquet(typ string) bool {
	for _, prefix := range []string{"STRUCT", "MAP", "UNION"} {
		if strings.HasPrefix(typ, prefix) {
			return true
		}
	}
	return strings.HasSuffix(typ, "][]")
}

func (s *parquetSource) offset() int64 { return s.size }

func (s *parquetSource) close() error { return s.rows.Close() }

// checkParquetMagic tells a file that is not Parquet before DuckDB does, in a sentence rather than
// a database error quoting its own SQL.
func checkParquetMagic(file string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	magic := []byte("PAR1")
	head, tail := make([]byte, 4), make([]byte, 4)
	if info.Size() >= 12 {
		if _, err := f.ReadAt(head, 0); err != nil {
			return err
		}
		if _, err := f.ReadAt(tail, info.Size()-4); err != nil {
			return err
		}
	}
	if !bytes.Equal(head, magic) || !bytes.Equal(tail, magic) {
		return errors.New("not a Parquet file: it does not begin and end with the bytes PAR1 (name the format with --format if it is another)")
	}
	return nil
}
