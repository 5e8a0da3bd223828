package source

import (
	"bytes"
	"context"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestGzipVariants(t *testing.T) {
	const sheet = "Sheet1"
	tests := []struct {
		name   string
		file   string
		plain  []byte
		format string
		header []string
		rows   []row
	}{
		{
			name:   "csv",
			file:   "calls.csv.gz",
			plain:  []byte("id,name\n1,张三\n"),
			format: "csv",
			header: []string{"id", "name"},
			rows:   []row{{Line: 2, Fields: []string{"1", "张三"}}},
		},
		{
			name:   "csv told by the magic bytes, not the name",
			file:   "calls.csv",
			plain:  []byte("id,name\n1,张三\n"),
			format: "csv",
			header: []string{"id", "name"},
			rows:   []row{{Line: 2, Fields: []string{"1", "张三"}}},
		},
		{
			name:   "jsonl",
			file:   "calls.jsonl.GZ",
			plain:  []byte("{\"id\":1}\n{\"id\":2,\"name\":\"a\"}\n"),
			format: "jsonl",
			header: []string{"id", "name"},
			rows:   []row{{Line: 1, Fields: []string{"1", ""}}, {Line: 2, Fields: []string{"2", "a"}}},
		},
		{
			name:   "xlsx",
			file:   "calls.xlsx.gz",
			plain:  buildWorkbook(t, []string{sheet}, map[string][]cell{sheet: {{"A1", "id"}, {"B1", "name"}, {"A2", "1"}, {"B2", "张三"}}}, nil),
			format: "xlsx",
			header: []string{"id", "name"},
			rows:   []row{{Line: 2, Fields: []string{"1", "张三"}}},
		},
		{
			name:   "parquet",
			file:   "calls.parquet.gz",
			plain:  writeParquet(t, `SELECT 1 AS id, '张三' AS name`),
			format: "parquet",
			header: []string{"id", "name"},
			rows:   []row{{Line: 1, Fields: []string{"1", "张三"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Temporary files go to a folder of the test's own, to check that Close removes them.
			tmp := t.TempDir()
			t.Setenv("TMPDIR", tmp)
			compressed := gzipBytes(t, tt.plain)
			path := writeFile(t, tt.file, compressed)
			r, err := Open(context.Background(), path, Options{})
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			info := r.Info()
			if info.Format != tt.format || !info.Compressed || info.Size != int64(len(compressed)) {
				t.Errorf("Info = %+v, want %s, compressed, size %d", info, tt.format, len(compressed))
			}
			if !slices.Equal(r.Header(), tt.header) {
				t.Errorf("Header = %q, want %q", r.Header(), tt.header)
			}
			checkRows(t, readAll(t, r), tt.rows)
			if r.Offset() != int64(len(compressed)) {
				t.Errorf("Offset at the end = %d, want the compressed size %d", r.Offset(), len(compressed))
			}
			if err := r.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
			if left, _ := os.ReadDir(tmp); len(left) != 0 {
				t.Errorf("temporary files left after Close: %v", left)
			}
		})
	}
}

func TestCorruptGzipIsAnError(t *testing.T) {
	corrupt := func(plain string) []byte {
		compressed := gzipBytes(t, []byte(plain))
		compressed[len(compressed)-5] ^= 0xff // the checksum no longer matches
		return compressed
	}

	// A small file is read whole when its encoding is detected.
	path := writeFile(t, "calls.csv.gz", corrupt("id,name\n1,a\n"))
	_, err := Open(context.Background(), path, Options{})
	if err == nil || err.Error() != "open "+path+": read: gzip: invalid checksum" {
		t.Errorf("Open = %v, want gzip: invalid checksum naming the file", err)
	}

	// A larger one fails while its rows are read.
	path = writeFile(t, "calls.csv.gz", corrupt("id,name\n"+strings.Repeat("1,a\n", 50000)))
	r := mustOpen(t, path, Options{})
	rows := 0
	for err = nil; err == nil; rows++ {
		_, err = r.Next()
	}
	if err.Error() != "read "+path+": gzip: invalid checksum" || rows < 49000 {
		t.Errorf("Next after %d rows = %v, want gzip: invalid checksum naming the file", rows, err)
	}
}

// A gzip stream cut short makes gzip report io.ErrUnexpectedEOF. The read-ahead took that for the
// short last chunk of a whole file, so the rows before the cut loaded as if they were all.
func TestTruncatedGzipIsAnError(t *testing.T) {
	tests := []struct{ file, plain string }{
		{"calls.csv.gz", "id,name\n" + strings.Repeat("1,张三\n", 100000)},
		{"calls.jsonl.gz", strings.Repeat(`{"id":"1","name":"张三"}`+"\n", 50000)},
	}
	for _, tt := range tests {
		compressed := gzipBytes(t, []byte(tt.plain))
		path := writeFile(t, tt.file, compressed[:len(compressed)/2])
		// JSON lines are scanned whole for their keys when opened; CSV fails while its rows are read.
		r, err := Open(context.Background(), path, Options{})
		if err == nil {
			for err == nil {
				_, err = r.Next()
			}
			r.Close()
		}
		if !strings.Contains(err.Error(), path+": gzip: the compressed data ends early, the file is truncated: unexpected EOF") {
			t.Errorf("%s: %v, want the truncation named with the file", tt.file, err)
		}
	}
}

func TestCloseMidwayEndsTheReadAhead(t *testing.T) {
	// Gzip and GB18030 are decoded by a goroutine a few chunks ahead; closing the reader after
	// one row must end it, not leave it blocked.
	plain := "编号,类别\n" + strings.Repeat("1,求助\n", 200000)
	compressed := gzipBytes(t, encode(t, simplifiedchinese.GB18030, plain))
	before := runtime.NumGoroutine()
	r, err := Open(context.Background(), writeFile(t, "calls.csv.gz", compressed), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rec, err := r.Next(); err != nil || rec.Line != 2 {
		t.Fatalf("Next = %v, %v", rec, err)
	}
	if r.Offset() <= 0 || r.Offset() > int64(len(compressed)) {
		t.Errorf("Offset after one row = %d, want within (0, %d]", r.Offset(), len(compressed))
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	for range 100 {
		if runtime.NumGoroutine() <= before {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("%d goroutines after Close, %d before Open", runtime.NumGoroutine(), before)
}

// TestGzipThatExpandsLikeABombIsRefused reads 70 MiB of short rows gzipped to about 200 KiB (350
// times): refused once past 64 MiB, with a message saying how much came from how little; the
// same rows at an export's ratio read. No line is long, so only the ratio catches it.
func TestGzipThatExpandsLikeABombIsRefused(t *testing.T) {
	rows := bytes.Repeat([]byte("1,a\n"), 70<<20/4)
	path := writeFile(t, "rows.csv.gz", gzipBytes(t, append([]byte("id,name\n"), rows...)))
	r := mustOpen(t, path, Options{})
	defer r.Close()
	var err error
	n := 0
	for err == nil {
		_, err = r.Next()
		n++
	}
	if err == io.EOF || !strings.Contains(err.Error(), "more than 100 times") {
		t.Errorf("after %d rows: %v; want the ratio named", n, err)
	}
	if n*4 < 60<<20 {
		t.Errorf("refused after %d rows: the cap lets 64 MiB through first", n)
	}
}

// TestRatioCapPassesWhatExportsCompressTo reads 70 MiB that compress about 3 times through
// ratioCap: nothing is refused.
func TestRatioCapPassesWhatExportsCompressTo(t *testing.T) {
	data := make([]byte, 70<<20)
	for i := range data {
		data[i] = byte(i*7919>>3) ^ byte(i>>11)
	}
	compressed := &countingReader{r: bytes.NewReader(data[:len(data)/3])}
	// A reader of the "compressed" third hands back the whole: a ratio of 3.
	r := &ratioCap{r: io.MultiReader(compressed, bytes.NewReader(data[len(data)/3:])), compressed: compressed}
	if n, err := io.Copy(io.Discard, r); err != nil || n != int64(len(data)) {
		t.Errorf("read %d of %d: %v", n, len(data), err)
	}
}
