package source

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/text/encoding"
)

// writeFile writes content to a file of the given name in a fresh temporary directory and returns
// its path.
func writeFile(t testing.TB, name string, content []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// gzipBytes compresses content.
func gzipBytes(t testing.TB, content []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(content); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// encode converts UTF-8 text to another encoding.
func encode(t testing.TB, enc encoding.Encoding, text string) []byte {
	t.Helper()
	out, err := enc.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// row is what a test expects of one call of Next: a record, or a row error at a line.
type row struct {
	Line   int64
	Fields []string
	// Err is the text of a *RowError's cause; "" for a record.
	Err string
	Raw string
}

// readAll reads every row of r, copying the fields, and fails on a fatal error.
func readAll(t testing.TB, r *Reader) []row {
	t.Helper()
	var rows []row
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		var rowErr *RowError
		switch {
		case errors.As(err, &rowErr):
			if rowErr.Line != rec.Line {
				t.Errorf("row error at line %d returned with record line %d", rowErr.Line, rec.Line)
			}
			rows = append(rows, row{Line: rowErr.Line, Err: rowErr.Err.Error(), Raw: rowErr.Raw})
		case err != nil:
			t.Fatalf("Next: %v", err)
		default:
			rows = append(rows, row{Line: rec.Line, Fields: slices.Clone(rec.Fields)})
		}
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("Next after the end = %v, want io.EOF", err)
	}
	return rows
}

// mustOpen opens path and registers its closing.
func mustOpen(t testing.TB, path string, opts Options) *Reader {
	t.Helper()
	r, err := Open(context.Background(), path, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := r.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return r
}

// checkRows compares rows with what a test expects.
func checkRows(t testing.TB, got, want []row) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d rows, want %d:\n got %+v\nwant %+v", len(got), len(want), got, want)
		return
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Line != w.Line || !slices.Equal(g.Fields, w.Fields) || g.Err != w.Err || g.Raw != w.Raw {
			t.Errorf("row %d = %#v, want %#v", i, g, w)
		}
	}
}
