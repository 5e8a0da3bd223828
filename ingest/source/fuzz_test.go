package source

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// fuzzRead opens data as a file of the given name and reads it to the end, checking what must hold
// for any input: Open fails naming the file or succeeds; rows come in order of their lines; a row
// error names the line of its row and keeps at most maxRaw bytes of it; the reading ends with
// io.EOF, not a fatal error. It returns the header and the rows, or ok false if Open failed.
func fuzzRead(t *testing.T, name string, data []byte, opts Options) (header []string, rows []row, ok bool) {
	t.Helper()
	path := writeFile(t, name, data)
	r, err := Open(context.Background(), path, opts)
	if err != nil {
		if !strings.HasPrefix(err.Error(), "open "+path+": ") {
			t.Fatalf("Open error %q does not name the file", err)
		}
		return nil, nil, false
	}
	defer r.Close()
	header = slices.Clone(r.Header())
	last := r.HeaderLine()
	for range len(data) + 2 {
		rec, err := r.Next()
		if err == io.EOF {
			if _, err := r.Next(); err != io.EOF {
				t.Fatalf("Next after the end = %v, want io.EOF", err)
			}
			return header, rows, true
		}
		var rowErr *RowError
		switch {
		case errors.As(err, &rowErr):
			if rowErr.Line != rec.Line || len(rowErr.Raw) > maxRaw || rowErr.Path != path {
				t.Fatalf("row error %v with record line %d, raw of %d bytes", err, rec.Line, len(rowErr.Raw))
			}
			rows = append(rows, row{Line: rowErr.Line, Err: rowErr.Err.Error()})
		case err != nil:
			t.Fatalf("Next: %v", err)
		default:
			rows = append(rows, row{Line: rec.Line, Fields: slices.Clone(rec.Fields)})
		}
		if rec.Line <= last {
			t.Fatalf("row at line %d after line %d", rec.Line, last)
		}
		last = rec.Line
	}
	t.Fatalf("more rows than bytes in a %d-byte file", len(data))
	return nil, nil, false
}

// addFileSeeds adds the files of ../testdata whose names end in ext as seeds of one []byte.
func addFileSeeds(f *testing.F, ext string, extra ...any) {
	names, err := filepath.Glob(filepath.Join("..", "testdata", "*"+ext))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(append([]any{data}, extra...)...)
	}
}

// csvRecords reads data with encoding/csv as the csv reader is configured, as rows with the line
// each starts on, or a row error at its start line.
func csvRecords(data []byte) []row {
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, utf8BOM)))
	cr.FieldsPerRecord = -1
	var rows []row
	for {
		fields, err := cr.Read()
		if err == io.EOF {
			return rows
		}
		var parseErr *csv.ParseError
		if errors.As(err, &parseErr) {
			rows = append(rows, row{Line: int64(parseErr.StartLine), Err: "?"})
			continue
		}
		if err != nil {
			return append(rows, row{Err: err.Error()})
		}
		line, _ := cr.FieldPos(0)
		rows = append(rows, row{Line: int64(line), Fields: fields})
	}
}

// loneCRsAsLF is the reference of loneCRToLF: every CR not followed by an LF becomes an LF.
func loneCRsAsLF(data []byte) []byte {
	out := slices.Clone(data)
	for i, b := range out {
		if b == '\r' && (i+1 == len(out) || out[i+1] != '\n') {
			out[i] = '\n'
		}
	}
	return out
}

func FuzzCSV(f *testing.F) {
	seeds := []string{
		"id,name\n1,a\n",
		"\xef\xbb\xbfid,name\r\n1,\"a\r\nb\"\r\n",
		"title,,\n\nid,time\n1,\"a\"b\n2,\"c\n",
		"\xff\xfei\x00d\x00\t\x00n\x00\n\x001\x00\t\x00a\x00\n\x00",
		"\xfe\xff\x00i\x00d\x00,\x00n\x00\n\x001\x00,\x00a\x00\n",
		"\xcf\xe6\xcc\xb6,1\n2,3",
		"a;b;c\n1;2;3\n",
		"id,name\n1\n2,a,b\n\n3,\"x\"\"y\"\n",
		"\"",
		"",
	}
	for i, s := range seeds {
		f.Add([]byte(s), uint8(i))
		f.Add([]byte(s), uint8(16))
	}
	addFileSeeds(f, ".csv", uint8(16))
	addFileSeeds(f, ".csv", uint8(4))
	names := []string{"f.csv", "f.tsv", "f.txt"}
	f.Fuzz(func(t *testing.T, data []byte, mode uint8) {
		if mode&16 != 0 {
			// A UTF-8 CSV with its header on line 1: the header and rows are encoding/csv's
			// records, each at its line, and a record it cannot split is a row error at its
			// first line.
			header, rows, ok := fuzzRead(t, "f.csv", data, Options{Encoding: "utf-8", HeaderRow: 1})
			// A lone CR (one not followed by an LF) ends a line as an LF does.
			want := csvRecords(loneCRsAsLF(data))
			if len(want) == 0 || want[0].Err != "" {
				if ok {
					t.Fatalf("header %q read from a file whose first record is %+v", header, want)
				}
				return
			}
			if !ok {
				// Text with control characters (NUL, ...) in its first bytes may be refused as
				// binary; delimited_test.go checks where that line is drawn.
				if controlBytes(data[:min(len(data), sampleSize+3)]) > 0 {
					return
				}
				t.Fatalf("Open failed; encoding/csv reads %+v", want)
			}
			if !slices.Equal(header, cleanHeader(want[0].Fields)) {
				t.Fatalf("header %q; encoding/csv reads %q", header, want[0].Fields)
			}
			want = want[1:]
			if len(rows) != len(want) {
				t.Fatalf("%d rows; encoding/csv reads %d:\n%+v\n%+v", len(rows), len(want), rows, want)
			}
			for i := range want {
				g, w := rows[i], want[i]
				if g.Line != w.Line || !slices.Equal(g.Fields, w.Fields) || (g.Err == "") != (w.Err == "") {
					t.Fatalf("row %d = %+v; encoding/csv reads %+v", i, g, w)
				}
			}
			return
		}
		opts := Options{}
		if mode&4 != 0 {
			opts.HeaderHint = []string{"id", "time", "name"}
		}
		if mode&8 != 0 {
			opts.HeaderRows = 2
		}
		fuzzRead(t, names[int(mode)%len(names)], data, opts)
	})
}

func FuzzJSONL(f *testing.F) {
	seeds := []string{
		callsJSONL,
		"{}\n",
		"{\"a\":[1,[2]],\"b\":{\"c\":null}}\r\n\n{\"a\":1} x\n",
		"{\"a\":\"\\ud800\"}\n[1]\n\"s\"\n",
		"{\"a\":1,\"a\":2,\"b\":1e400}\n{\"b\":\"x\",\"c\":true}\n",
		"\xff\xfe{\x00}\x00",
		"[",
		"",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		header, rows, ok := fuzzRead(t, "f.jsonl", data, Options{})
		if !ok {
			return
		}
		// Every object has a value, maybe empty, under every column of the header.
		for _, r := range rows {
			if r.Err == "" && len(r.Fields) != len(header) {
				t.Fatalf("line %d has %d fields under a header of %d", r.Line, len(r.Fields), len(header))
			}
		}
	})
}

// FuzzGzip reads a file compressed with gzip, and arbitrary bytes under a .gz name: the compressed
// file reads exactly as the plain one, and a corrupt one is an error, not a panic or a hang.
func FuzzGzip(f *testing.F) {
	seeds := []string{"id,name\n1,张三\n", "{\"id\":1}\n{\"id\":2,\"name\":\"a\"}\n", "\xff\xfei\x00d\x00\n\x001\x00\n\x00", ""}
	for i, s := range seeds {
		f.Add([]byte(s), uint8(i), false)
		f.Add(gzipBytes(f, []byte(s)), uint8(i), true)
	}
	f.Add(gzipBytes(f, []byte("id\n1\n"))[:12], uint8(0), true)
	names := []string{"f.csv", "f.jsonl", "f.txt"}
	f.Fuzz(func(t *testing.T, data []byte, which uint8, raw bool) {
		name := names[int(which)%len(names)]
		if raw {
			fuzzRead(t, name+".gz", data, Options{})
			return
		}
		if bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
			// The plain file is gzip already, and compressed twice it is not a file Open reads.
			fuzzRead(t, name, data, Options{})
			return
		}
		plainHeader, plainRows, plainOK := fuzzRead(t, name, data, Options{})
		header, rows, ok := fuzzRead(t, name+".gz", gzipBytes(t, data), Options{})
		if ok != plainOK || !slices.Equal(header, plainHeader) || len(rows) != len(plainRows) {
			t.Fatalf("gzip: %v %q, %d rows; plain: %v %q, %d rows", ok, header, len(rows), plainOK, plainHeader, len(plainRows))
		}
		checkRows(t, rows, plainRows)
	})
}

// FuzzXLSX reads arbitrary bytes as a workbook: an error or rows, each at least as wide as the
// header.
func FuzzXLSX(f *testing.F) {
	addFileSeeds(f, ".xlsx")
	f.Add(callsWorkbook(f))
	f.Add(buildWorkbook(f, []string{"S"}, map[string][]cell{"S": {{"A1", "id"}, {"C3", 1.5}, {"B2", "x"}}}, nil))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		header, rows, ok := fuzzRead(t, "f.xlsx", data, Options{HeaderHint: []string{"警情编号", "id"}})
		if !ok {
			return
		}
		for _, r := range rows {
			if r.Err == "" && len(r.Fields) < len(header) {
				t.Fatalf("row %d has %d cells under a header of %d", r.Line, len(r.Fields), len(header))
			}
		}
	})
}

// FuzzParquet reads arbitrary bytes as a Parquet file: an error, or rows numbered from 1, each as
// wide as the header.
func FuzzParquet(f *testing.F) {
	f.Add(writeParquet(f, parquetCalls))
	f.Add(writeParquet(f, "SELECT 1 AS a WHERE false"))
	f.Add([]byte("PAR1PAR1"))
	f.Fuzz(func(t *testing.T, data []byte) {
		header, rows, ok := fuzzRead(t, "f.parquet", data, Options{})
		if !ok {
			return
		}
		for i, r := range rows {
			if r.Line != int64(i+1) || r.Err != "" || len(r.Fields) != len(header) {
				t.Fatalf("row %d = %+v under a header of %d", i+1, r, len(header))
			}
		}
	})
}
