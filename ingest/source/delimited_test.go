package source

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

func TestOpenReadsDelimitedText(t *testing.T) {
	utf16le := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	utf16leNoBOM := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	utf16beNoBOM := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	tests := []struct {
		name       string
		file       string
		content    []byte
		opts       Options
		format     string
		encoding   string
		header     []string
		headerLine int64
		rows       []row
	}{
		{
			name:       "utf-8 csv",
			file:       "calls.csv",
			content:    []byte("id,name\n1,张三\n2,李四\n"),
			format:     "csv",
			encoding:   "utf-8",
			header:     []string{"id", "name"},
			headerLine: 1,
			rows:       []row{{Line: 2, Fields: []string{"1", "张三"}}, {Line: 3, Fields: []string{"2", "李四"}}},
		},
		{
			name:       "utf-8 with BOM, CRLF, quoted line break and padded header",
			file:       "calls.CSV",
			content:    []byte("\xef\xbb\xbfid , name\r\n1,\"a\r\nb\"\r\n2, c \r\n"),
			format:     "csv",
			encoding:   "utf-8",
			header:     []string{"id", "name"},
			headerLine: 1,
			// encoding/csv turns a quoted CRLF into LF; only header names are trimmed.
			rows: []row{{Line: 2, Fields: []string{"1", "a\nb"}}, {Line: 4, Fields: []string{"2", " c "}}},
		},
		{
			name:       "lone CR line ends (classic Mac, Excel's CSV (Macintosh))",
			file:       "calls.csv",
			content:    []byte("id,name\r1,\"a\rb\"\r2,c\r"),
			format:     "csv",
			encoding:   "utf-8",
			header:     []string{"id", "name"},
			headerLine: 1,
			// Every CR is read as a line end, a quoted one as a line break in the field.
			rows: []row{{Line: 2, Fields: []string{"1", "a\nb"}}, {Line: 4, Fields: []string{"2", "c"}}},
		},
		{
			name:       "lone CR line ends in a txt file, delimiter sniffed",
			file:       "calls.txt",
			content:    []byte("id;name\r1;a\r"),
			format:     "txt",
			encoding:   "utf-8",
			header:     []string{"id", "name"},
			headerLine: 1,
			rows:       []row{{Line: 2, Fields: []string{"1", "a"}}},
		},
		{
			name:       "gb18030 with Chinese header",
			file:       "calls.csv",
			content:    encode(t, simplifiedchinese.GB18030, "接警时间,警情类别,地址\n2022-05-27 08:00:00,求助,湘潭市岳塘区\n"),
			format:     "csv",
			encoding:   "gb18030",
			header:     []string{"接警时间", "警情类别", "地址"},
			headerLine: 1,
			rows:       []row{{Line: 2, Fields: []string{"2022-05-27 08:00:00", "求助", "湘潭市岳塘区"}}},
		},
		{
			name:       "gbk named explicitly",
			file:       "calls.csv",
			content:    encode(t, simplifiedchinese.GBK, "类别,数量\n救助,3\n"),
			opts:       Options{Encoding: "GBK"},
			format:     "csv",
			encoding:   "gbk",
			header:     []string{"类别", "数量"},
			headerLine: 1,
			rows:       []row{{Line: 2, Fields: []string{"救助", "3"}}},
		},
		{
			name: "Excel Unicode text: utf-16le with BOM, tabs, quoted field",
			file: "calls.tsv",
			content: encode(t, utf16le, "编号\t地址\t备注\r\n"+
				"1\t\"湘潭市\t岳塘区\"\t\"说\"\"快\"\"\"\r\n"),
			format:     "tsv",
			encoding:   "utf-16le",
			header:     []string{"编号", "地址", "备注"},
			headerLine: 1,
			rows:       []row{{Line: 2, Fields: []string{"1", "湘潭市\t岳塘区", "说\"快\""}}},
		},
		{
			name:       "utf-16le without BOM",
			file:       "calls.tsv",
			content:    encode(t, utf16leNoBOM, "id\tcity\n7\t湘潭\n"),
			format:     "tsv",
			encoding:   "utf-16le",
			header:     []string{"id", "city"},
			headerLine: 1,
			rows:       []row{{Line: 2, Fields: []string{"7", "湘潭"}}},
		},
		{
			name:       "utf-16be without BOM",
			file:       "calls.tsv",
			content:    encode(t, utf16beNoBOM, "id\tcity\n7\t湘潭\n"),
			format:     "tsv",
			encoding:   "utf-16be",
			header:     []string{"id", "city"},
			headerLine: 1,
			rows:       []row{{Line: 2, Fields: []string{"7", "湘潭"}}},
		},
		{
			name:       "txt sniffs semicolons",
			file:       "calls.txt",
			content:    []byte("id;name;note\n1;a;x,y\n"),
			format:     "txt",
			encoding:   "utf-8",
			header:     []string{"id", "name", "note"},
			headerLine: 1,
			rows:       []row{{Line: 2, Fields: []string{"1", "a", "x,y"}}},
		},
		{
			name:       "txt sniffs tabs",
			file:       "calls.txt",
			content:    []byte("id\tname,full\n1\tZhang, San\n"),
			format:     "txt",
			encoding:   "utf-8",
			header:     []string{"id", "name,full"},
			headerLine: 1,
			rows:       []row{{Line: 2, Fields: []string{"1", "Zhang, San"}}},
		},
		{
			name:       "txt sniffs commas below a title line without delimiters",
			file:       "calls.txt",
			content:    []byte("Calls of May\nid,name,time\n1,a,08:00\n"),
			opts:       Options{HeaderHint: []string{"id", "time"}},
			format:     "txt",
			encoding:   "utf-8",
			header:     []string{"id", "name", "time"},
			headerLine: 2,
			rows:       []row{{Line: 3, Fields: []string{"1", "a", "08:00"}}},
		},
		{
			name: "title rows above the header found by the hint",
			file: "calls.csv",
			content: []byte("2022年5月110接警记录,,\n" +
				"单位：湘潭市公安局,,\n" +
				"\n" +
				"警情编号,接警时间,类别\n" +
				"A1,2022-05-27 08:00:00,求助\n"),
			opts:       Options{HeaderHint: []string{"警情编号", "接警时间", "类别", "地址"}},
			format:     "csv",
			encoding:   "utf-8",
			header:     []string{"警情编号", "接警时间", "类别"},
			headerLine: 4,
			rows:       []row{{Line: 5, Fields: []string{"A1", "2022-05-27 08:00:00", "求助"}}},
		},
		{
			name:       "no row matches the hint: the first non-empty row is the header",
			file:       "calls.csv",
			content:    []byte(",,\nid,name\n1,a\n"),
			opts:       Options{HeaderHint: []string{"编号", "姓名"}},
			format:     "csv",
			encoding:   "utf-8",
			header:     []string{"id", "name"},
			headerLine: 2,
			rows:       []row{{Line: 3, Fields: []string{"1", "a"}}},
		},
		{
			name:       "header row given",
			file:       "calls.csv",
			content:    []byte("title\nid,name\n1,a\n"),
			opts:       Options{HeaderRow: 2},
			format:     "csv",
			encoding:   "utf-8",
			header:     []string{"id", "name"},
			headerLine: 2,
			rows:       []row{{Line: 3, Fields: []string{"1", "a"}}},
		},
		{
			name: "two-level header saved from a merged sheet",
			file: "calls.csv",
			content: []byte("编号,处警,,类别\n" +
				",派警时间,到达时间,\n" +
				"1,08:01,08:09,求助\n"),
			opts:       Options{HeaderRows: 2},
			format:     "csv",
			encoding:   "utf-8",
			header:     []string{"编号", "处警/派警时间", "处警/到达时间", "类别"},
			headerLine: 2,
			rows:       []row{{Line: 3, Fields: []string{"1", "08:01", "08:09", "求助"}}},
		},
		{
			name:       "delimiter and format given",
			file:       "export.dat",
			content:    []byte("a|b\n1|2\n"),
			opts:       Options{Format: "csv", Delimiter: '|'},
			format:     "csv",
			encoding:   "utf-8",
			header:     []string{"a", "b"},
			headerLine: 1,
			rows:       []row{{Line: 2, Fields: []string{"1", "2"}}},
		},
		{
			name:       "ragged rows are returned as they are",
			file:       "calls.csv",
			content:    []byte("a,b,c\n1\n1,2,3,4\n"),
			format:     "csv",
			encoding:   "utf-8",
			header:     []string{"a", "b", "c"},
			headerLine: 1,
			rows:       []row{{Line: 2, Fields: []string{"1"}}, {Line: 3, Fields: []string{"1", "2", "3", "4"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.file, tt.content)
			r := mustOpen(t, path, tt.opts)
			info := r.Info()
			if info.Format != tt.format || info.Encoding != tt.encoding || info.Compressed || info.Size != int64(len(tt.content)) {
				t.Errorf("Info = %+v, want format %s, encoding %s, size %d, not compressed", info, tt.format, tt.encoding, len(tt.content))
			}
			if !slices.Equal(r.Header(), tt.header) {
				t.Errorf("Header = %q, want %q", r.Header(), tt.header)
			}
			if r.HeaderLine() != tt.headerLine {
				t.Errorf("HeaderLine = %d, want %d", r.HeaderLine(), tt.headerLine)
			}
			checkRows(t, readAll(t, r), tt.rows)
			if r.Offset() != int64(len(tt.content)) {
				t.Errorf("Offset at the end = %d, want %d", r.Offset(), len(tt.content))
			}
		})
	}
}

func TestMalformedQuoteIsARowErrorAndReadingContinues(t *testing.T) {
	content := "id,name\n" +
		"1,a\"b\n" + // bare quote in an unquoted field, at column 4
		"2,\"c\"x\n" + // text after a closing quote, at column 5
		"3,\"d\n" +
		"e\"f\n" + // the record started on line 4 goes wrong on line 5
		"4,ok\n"
	r := mustOpen(t, writeFile(t, "calls.csv", []byte(content)), Options{})
	rows := readAll(t, r)
	checkRows(t, rows, []row{
		{Line: 2, Err: csv.ErrBareQuote.Error(), Raw: "1,a\"b"},
		{Line: 3, Err: csv.ErrQuote.Error(), Raw: "2,\"c\"x"},
		{Line: 4, Err: "line 5: " + csv.ErrQuote.Error(), Raw: "3,\"d\ne\"f"},
		{Line: 6, Fields: []string{"4", "ok"}},
	})

	// The error itself names the file, line and column, and unwraps to encoding/csv's.
	r = mustOpen(t, writeFile(t, "calls.csv", []byte(content)), Options{})
	_, err := r.Next()
	var rowErr *RowError
	if !errors.As(err, &rowErr) || !errors.Is(err, csv.ErrBareQuote) {
		t.Fatalf("Next = %v, want a *RowError wrapping csv.ErrBareQuote", err)
	}
	if rowErr.Column != 4 || !strings.HasSuffix(err.Error(), "calls.csv:2:4: "+csv.ErrBareQuote.Error()) {
		t.Errorf("error %q column %d, want calls.csv:2:4 ...", err, rowErr.Column)
	}
}

func TestRowErrorBelowTheHeaderSearchIsReturnedInOrder(t *testing.T) {
	// The header search reads ahead; rows it read after the header come back in order, a bad one
	// among them.
	content := "title\nid,name\n1,a\"b\n2,c\n"
	r := mustOpen(t, writeFile(t, "calls.csv", []byte(content)), Options{HeaderHint: []string{"id", "name"}})
	checkRows(t, readAll(t, r), []row{
		{Line: 3, Err: csv.ErrBareQuote.Error(), Raw: "1,a\"b"},
		{Line: 4, Fields: []string{"2", "c"}},
	})
}

func TestOpenRejects(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		content string
		opts    Options
		want    string
	}{
		{"empty file", "calls.csv", "", Options{}, "no header row: the file is empty"},
		{"blank lines only", "calls.csv", "\n\r\n\n", Options{}, "no header row: the file is empty"},
		{"empty cells only", "calls.csv", ",,\n,\n", Options{}, "no header row: no non-empty row in the first 30 rows"},
		{"header row past the end", "calls.csv", "a,b\n", Options{HeaderRow: 5}, "no header row: the file ends before line 5"},
		{"no second header row", "calls.csv", "a,b\n", Options{HeaderRows: 2}, "no header row: the file ends after the first of two header rows"},
		{"unknown extension", "calls.xls", "a", Options{}, `unknown file extension ".xls"`},
		{"no extension", "calls", "a", Options{}, "no file extension"},
		{"unknown format", "calls.csv", "a", Options{Format: "xml"}, `unknown format "xml"`},
		{"unknown encoding", "calls.csv", "a", Options{Encoding: "latin-9"}, `unknown encoding "latin-9"`},
		{"bad header rows", "calls.csv", "a", Options{HeaderRows: 3}, "header rows 3"},
		{"empty jsonl", "calls.jsonl", "\n\n", Options{}, "no header row: no JSON object in the file"},
		{"json array", "calls.json", "[{\"a\":1}]", Options{}, "a JSON array, not JSON lines"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.file, []byte(tt.content))
			r, err := Open(context.Background(), path, tt.opts)
			if err == nil {
				r.Close()
				t.Fatalf("Open succeeded, want an error containing %q", tt.want)
			}
			if !strings.HasPrefix(err.Error(), "open "+path+": ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open error = %q, want it to name the file and contain %q", err, tt.want)
			}
		})
	}
}

func TestOpenMissingFile(t *testing.T) {
	path := t.TempDir() + "/missing.csv"
	_, err := Open(context.Background(), path, Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "open "+path+": ") {
		t.Errorf("Open = %v, want an error naming the file", err)
	}
}

func TestOpenHonoursCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Open(ctx, writeFile(t, "calls.csv", []byte("a\n1\n")), Options{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Open = %v, want context.Canceled", err)
	}
}

func TestDetectEncoding(t *testing.T) {
	// "湘潭" in UTF-8 is e6 b9 98 e6 bd ad; in GB18030 it is cf e6 cc b6.
	tests := []struct {
		name      string
		sample    []byte
		truncated bool
		want      string
	}{
		{"ascii", []byte("id,name\n1,a\n"), false, "utf-8"},
		{"utf-8 BOM", []byte("\xef\xbb\xbfid"), false, "utf-8"},
		{"utf-16le BOM", []byte("\xff\xfei\x00d\x00"), false, "utf-16le"},
		{"utf-16be BOM", []byte("\xfe\xff\x00i\x00d"), false, "utf-16be"},
		{"utf-16le NULs at odd positions", []byte("i\x00d\x00,\x00n\x00"), false, "utf-16le"},
		{"utf-16be NULs at even positions", []byte("\x00i\x00d\x00,\x00n"), false, "utf-16be"},
		{"utf-8 Chinese", []byte("\xe6\xb9\x98\xe6\xbd\xad"), false, "utf-8"},
		{"utf-8 cut in the middle of a character at the end of the sample", []byte("a\xe6\xb9\x98\xe6\xbd"), true, "utf-8"},
		// 湘 reads as UTF-8; the two bytes cut at the end do not decode in either encoding: a tie,
		// which is UTF-8 (the cut row is then quarantined as not valid UTF-8).
		{"utf-8 cut at the end of the file stays utf-8", []byte("a\xe6\xb9\x98\xe6\xbd"), false, "utf-8"},
		// 帧某小 in GB18030 is d6a1 c4b3 d0a1, which is valid UTF-8 too: ֡ĳС, a Hebrew accent, a Latin
		// ligature and a Cyrillic letter; as GB18030 every character is a common hanzi.
		{"gb18030 whose bytes are valid utf-8", []byte("\xd6\xa1\xc4\xb3\xd0\xa1,1\n"), false, "gb18030"},
		// One stray byte among Chinese UTF-8 text does not make the file GB18030.
		{"utf-8 with a stray byte", []byte("湘潭市,雨湖区\n\xff岳塘区,湘潭县\n"), false, "utf-8"},
		{"gb18030", []byte("\xcf\xe6\xcc\xb6,1\n"), false, "gb18030"},
		{"empty", nil, false, "utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detectEncoding(tt.sample, tt.truncated); got != tt.want {
				t.Errorf("detectEncoding(%q, %v) = %s, want %s", tt.sample, tt.truncated, got, tt.want)
			}
		})
	}
}

func TestSniffDelimiter(t *testing.T) {
	tests := []struct {
		sample string
		want   rune
	}{
		{"a,b,c\n", ','},
		{"a\tb\tc\n", '\t'},
		{"a;b;c\n", ';'},
		{"a;b;c,d\n", ';'},
		{"a,b\tc\n", '\t'}, // a tie goes to tab
		{"title\n\na,b\n", ','},
		{"one column\n", '\t'},
		{"", '\t'},
	}
	for _, tt := range tests {
		if got := sniffDelimiter([]byte(tt.sample)); got != tt.want {
			t.Errorf("sniffDelimiter(%q) = %q, want %q", tt.sample, got, tt.want)
		}
	}
}

func TestJoinHeader(t *testing.T) {
	tests := []struct {
		name        string
		top, bottom []string
		want        []string
	}{
		{"equal or empty bottom keeps the top", []string{"编号", "时间"}, []string{"编号", ""}, []string{"编号", "时间"}},
		{"top and bottom", []string{"处警", "处警"}, []string{"派警", "到达"}, []string{"处警/派警", "处警/到达"}},
		{"empty top keeps the bottom", []string{"", "a"}, []string{"b", ""}, []string{"b", "a"}},
		{"rows of different lengths", []string{"a"}, []string{"", "c"}, []string{"a", "c"}},
		{"cells are trimmed", []string{" a ", "\ufeffb"}, []string{" x", ""}, []string{"a/x", "b"}},
	}
	for _, tt := range tests {
		if got := joinHeader(tt.top, tt.bottom); !slices.Equal(got, tt.want) {
			t.Errorf("%s: joinHeader(%q, %q) = %q, want %q", tt.name, tt.top, tt.bottom, got, tt.want)
		}
	}
}

func TestFillMergedTop(t *testing.T) {
	// 编号 spans both rows; 处警 spans two columns named below it; 备注 spans both rows.
	top := []string{"编号", "处警", "", "备注", ""}
	bottom := []string{"", "派警", "到达", "", "x"}
	want := []string{"编号", "处警", "处警", "备注", ""}
	if got := fillMergedTop(top, bottom); !slices.Equal(got, want) {
		t.Errorf("fillMergedTop = %q, want %q", got, want)
	}
}

// Binary content under a text name is refused as not text, rather than read as a header of
// garbage; a few control bytes are a fault of their rows and the file is read.
func TestBinaryUnderATextNameIsNotText(t *testing.T) {
	tests := []struct {
		name    string
		content []byte
		errHas  string // "" when the file must open
	}{
		{"zip bytes", append([]byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00"), make([]byte, 200)...), "not text: "},
		{"one NUL in a row", []byte("id,name\n1,a\x00b\n2,c\n"), ""},
	}
	for _, tt := range tests {
		path := writeFile(t, "calls.csv", tt.content)
		r, err := Open(context.Background(), path, Options{})
		if tt.errHas == "" {
			if err != nil {
				t.Errorf("%s: Open = %v, want it read", tt.name, err)
			} else {
				r.Close()
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), path+": "+tt.errHas) {
			t.Errorf("%s: Open = %v, want %q naming the file", tt.name, err, tt.errHas)
		}
	}
}

// TestLoneCRToLFAtEveryChunking reads texts through loneCRToLF in chunks of every size from one
// byte up, and checks the result against the reference: each CR not before an LF is an LF.
func TestLoneCRToLFAtEveryChunking(t *testing.T) {
	for _, text := range []string{
		"", "\r", "\r\n", "a\rb\nc\r\nd\r", "\r\r\n\r", "id,name\r1,a\n2,b\r\n3,\"x\ry\"\r",
		strings.Repeat("ab\r", 50) + "\r\n",
	} {
		want := string(loneCRsAsLF([]byte(text)))
		for size := 1; size <= len(text)+1; size++ {
			got, err := io.ReadAll(&loneCRToLF{r: &chunked{data: []byte(text), size: size}})
			if err != nil || string(got) != want {
				t.Errorf("%q in chunks of %d: %q, %v; want %q", text, size, got, err, want)
			}
			// The reader's caller may ask for as little as one byte at a time (bufio does when
			// its buffer is all but full): a CR held back must still be decided.
			got, err = readInto(&loneCRToLF{r: &chunked{data: []byte(text), size: size}}, min(size, 3))
			if err != nil || string(got) != want {
				t.Errorf("%q in chunks of %d read %d bytes at a time: %q, %v; want %q", text, size, min(size, 3), got, err, want)
			}
		}
	}
}

// readInto reads r to its end into buffers of size bytes; it gives up after a thousand empty reads.
func readInto(r io.Reader, size int) ([]byte, error) {
	var out []byte
	buf := make([]byte, size)
	for empty := 0; empty < 1000; {
		n, err := r.Read(buf)
		out = append(out, buf[:n]...)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		if n == 0 {
			empty++
		}
	}
	return out, errors.New("no progress")
}

// chunked reads data at most size bytes at a time, and returns (0, nil) once between chunks, as
// a reader may.
type chunked struct {
	data  []byte
	size  int
	empty bool
}

func (c *chunked) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	if c.empty = !c.empty; c.empty {
		return 0, nil
	}
	n := copy(p[:min(len(p), c.size)], c.data)
	c.data = c.data[n:]
	return n, nil
}

// TestALoneCRInsideAnLFFileEndsItsLine reads an LF file two of whose lines end in a lone CR (parts
// pasted from a Mac export): every row is its own, at its own line.
func TestALoneCRInsideAnLFFileEndsItsLine(t *testing.T) {
	path := writeFile(t, "mixed.csv", []byte("id,name\n1,a\r2,b\n3,c\r4,d\n"))
	r := mustOpen(t, path, Options{})
	checkRows(t, readAll(t, r), []row{
		{Line: 2, Fields: []string{"1", "a"}},
		{Line: 3, Fields: []string{"2", "b"}},
		{Line: 4, Fields: []string{"3", "c"}},
		{Line: 5, Fields: []string{"4", "d"}},
	})
}

// TestALineLongerThanTheCapIsRefused reads text with a line past a small cap, through a gzip
// stream as a bomb would come: the error names the line; a file within the cap reads.
func TestALineLongerThanTheCapIsRefused(t *testing.T) {
	long := "id,name\n1,a\n2," + strings.Repeat("x", 2000) + "\n3,c\n"
	_, err := io.ReadAll(&lineCap{r: strings.NewReader(long), max: 1000})
	if err == nil || !strings.Contains(err.Error(), "line 3 is longer than") {
		t.Errorf("a 2,000-byte line under a cap of 1,000: %v, want line 3 named", err)
	}
	if got, err := io.ReadAll(&lineCap{r: strings.NewReader(long), max: 4000}); err != nil || string(got) != long {
		t.Errorf("within the cap: %v", err)
	}
}
