package source

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

// fuzzRead opens data as a file of the given name and reads it to the end, checking what must hold
// for any input: Open fails naming the file or succeeds; rows come in order of their lines; the
// reading ends with io.EOF, not a fatal error.
func fuzzRead(t *testing.T, name string, data []byte, opts Options) {
	path := writeFile(t, name, data)
	r, err := Open(context.Background(), path, opts)
	if err != nil {
		if !strings.HasPrefix(err.Error(), "open "+path+": ") {
			t.Fatalf("Open error %q does not name the file", err)
		}
		return
	}
	defer r.Close()
	last := r.HeaderLine()
	for range len(data) + 2 {
		rec, err := r.Next()
		if err == io.EOF {
			return
		}
		var rowErr *RowError
		switch {
		case errors.As(err, &rowErr):
			if rowErr.Line != rec.Line || len(rowErr.Raw) > maxRaw {
				t.Fatalf("row error %v with record line %d, raw of %d bytes", err, rec.Line, len(rowErr.Raw))
			}
		case err != nil:
			t.Fatalf("Next: %v", err)
		}
		if rec.Line <= last {
			t.Fatalf("row at line %d after line %d", rec.Line, last)
		}
		last = rec.Line
	}
	t.Fatalf("more rows than bytes in a %d-byte file", len(data))
}

func FuzzCSV(f *testing.F) {
	seeds := []string{
		"id,name\n1,a\n",
		"\xef\xbb\xbfid,name\r\n1,\"a\r\nb\"\r\n",
		"title,,\n\nid,time\n1,\"a\"b\n2,\"c\n",
		"\xff\xfei\x00d\x00\t\x00n\x00\n\x001\x00\t\x00a\x00\n\x00",
		"\xcf\xe6\xcc\xb6,1\n2,3",
		"a;b;c\n1;2;3\n",
		"\"",
		"",
	}
	for i, s := range seeds {
		f.Add([]byte(s), uint8(i))
	}
	names := []string{"f.csv", "f.tsv", "f.txt"}
	f.Fuzz(func(t *testing.T, data []byte, mode uint8) {
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
		"\xff\xfe{\x00}\x00",
		"[",
		"",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, "f.jsonl", data, Options{})
	})
}
