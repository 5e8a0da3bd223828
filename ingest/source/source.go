// Package source opens an export file of any supported format and yields its header and rows as
// text.
//
// A command center exports its call log as CSV, tab-separated "Unicode text", plain text with some
// delimiter, an Excel workbook, JSON lines or Parquet, in UTF-8, GB18030 or UTF-16, sometimes
// gzip-compressed, sometimes with title rows above the header or a header of two rows with merged
// cells. This package hides all of that: Open detects what it can, Header returns the column names
// and Next returns one row at a time as a slice of strings. Mapping columns to fields and parsing
// values is the caller's business; this package knows nothing about calls.
//
// A row that cannot be split into fields (malformed CSV quoting, a line that is not a JSON object)
// is returned by Next as a *RowError, and reading can go on with the next row. Every other error is
// fatal. Every error names the file, and the line and column where there is one.
package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Formats that Open reads; Options.Format and Info.Format take these values.
const (
	FormatCSV     = "csv"
	FormatTSV     = "tsv"
	FormatTXT     = "txt"
	FormatXLSX    = "xlsx"
	FormatJSONL   = "jsonl"
	FormatParquet = "parquet"
)

// Options says how to read a file; the zero value detects everything.
type Options struct {
	// Format is one of the Format constants. "" detects it from the file name, after stripping a
	// .gz suffix: .csv, .tsv, .txt (delimiter sniffed), .xlsx, .jsonl/.ndjson/.json and .parquet.
	Format string
	// Encoding is the text encoding of csv, tsv, txt and jsonl files: utf-8, gb18030, gbk,
	// utf-16le, utf-16be or utf-16 (the byte order mark decides; little-endian without one).
	// "" or "auto" detects it from the first 64 KiB. It is ignored for xlsx and parquet.
	Encoding string
	// Delimiter separates fields in csv, tsv and txt files. 0 means ',' for csv, '\t' for tsv,
	// and for txt the most frequent of tab, comma and semicolon on the header line.
	Delimiter rune
	// Headerless reads a csv, tsv, txt or xlsx file that has no header row: its columns are named
	// by their positions, "1", "2", ..., and its first row is data.
	Headerless bool
	// Sheet names the worksheet of an xlsx file; "" reads the first visible sheet.
	Sheet string
	// HeaderRow is the 1-based line (csv, tsv, txt) or row (xlsx) of the header's first row; 0
	// detects it: among the first 30 rows, the first that names at least two of HeaderHint
	// (one, if only one is hinted); else the first non-empty row that is not a title (in xlsx, a
	// single value in cells merged across columns). Rows above the header are skipped.
	HeaderRow int
	// HeaderRows is the number of rows the header spans: 1, or 2 for a two-level header whose
	// top row has cells merged over the columns below. 0 detects it for xlsx (a merged range
	// starting in the header row) and means 1 otherwise. For csv, tsv and txt, which keep a
	// merged value in its first cell only, an empty top cell continues the one on its left when
	// both columns are named in the bottom row.
	HeaderRows int
	// HeaderHint lists column names the caller expects ("top/bottom" for a column under a
	// two-level header). It is used to find the header below title rows of csv, tsv, txt and
	// xlsx files.
	HeaderHint []string
}

// Info describes the file that Open found.
type Info struct {
	// Format is the format read, one of the Format constants.
	Format string
	// Encoding is the text encoding read (utf-8, gb18030, gbk, utf-16le, utf-16be); "" for xlsx
	// and parquet.
	Encoding string
	// Compressed reports whether the file is gzip-compressed.
	Compressed bool
	// Sheet is the worksheet read from an xlsx file.
	Sheet string
	// Size is the size of the file on disk, in bytes.
	Size int64
}

// Record is one row of a file.
type Record struct {
	// Line is the line where the row starts (csv, tsv, txt, jsonl), its row number in the sheet
	// (xlsx) or its ordinal starting at 1 (parquet).
	Line int64
	// Fields are the row's values as text. The slice and its contents are valid until the next
	// call to Next.
	Fields []string
}

// RowError is a row that could not be split into fields: malformed CSV quoting, or a line that is
// not a JSON object. Next returns it, and reading can continue with the next row.
type RowError struct {
	// Path is the file the row is in.
	Path string
	// Line is the line where the row starts.
	Line int64
	// Column is the 1-based byte position of the fault in its line (for Parquet, the position of
	// the column), or 0 if unknown.
	Column int
	// Err is the fault.
	Err error
	// Raw is the row's text (UTF-8, without its line ending), up to 64 KiB of it.
	Raw string
}

// Error names the file, the line and the column of the fault.
func (e *RowError) Error() string {
	if e.Column > 0 {
		return fmt.Sprintf("%s:%d:%d: %v", e.Path, e.Line, e.Column, e.Err)
	}
	return fmt.Sprintf("%s:%d: %v", e.Path, e.Line, e.Err)
}

// Unwrap returns the fault.
func (e *RowError) Unwrap() error { return e.Err }

// rowSource is one format's reader of rows after the header.
type rowSource interface {
	// next returns the next row, a *RowError, io.EOF or a fatal error. Errors need not name the
	// file: Reader.Next adds it.
	next() (Record, error)
	// offset returns the bytes of the file on disk consumed so far.
	offset() int64
	close() error
}

// Reader reads the header and rows of one file. It is not safe for use by several goroutines.
type Reader struct {
	ctx        context.Context
	path       string
	info       Info
	header     []string
	headerLine int64
	// pending are rows read ahead while looking for the header, returned before the source's.
	pending []pendingRow
	src     rowSource
	// cleanup runs on Close after the source is closed (it removes temporary files).
	cleanup []func() error
	calls   int
	closed  bool
}

// pendingRow is a row read ahead: a record or a *RowError.
type pendingRow struct {
	rec Record
	err error
}

// RefuseNested makes Next return a *RowError for a row whose value in one of the given columns
// (0-based, in Header order) is nested: an object, or an array holding objects or arrays (JSON
// lines), a STRUCT, MAP, UNION or a list of lists (Parquet). A caller whose columns feed fields of
// one value, or of a list of values, calls it before the first Next; without it a nested value
// is read as compact text. Other formats have no nested values.
func (r *Reader) RefuseNested(columns []int) {
	if n, ok := r.src.(nestedRefuser); ok {
		refuse := make([]bool, len(r.header))
		for _, c := range columns {
			if c >= 0 && c < len(refuse) {
				refuse[c] = true
			}
		}
		n.refuseNested(refuse)
	}
}

// nestedRefuser is a source whose values may be nested.
type nestedRefuser interface {
	refuseNested(columns []bool)
}

// Open opens the file at path and reads its header. The context bounds the whole reading: when it
// is done, Next returns its error.
func Open(ctx context.Context, path string, opts Options) (*Reader, error) {
	r, err := open(ctx, path, opts)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return r, nil
}

func open(ctx context.Context, path string, opts Options) (*Reader, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if opts.HeaderRow < 0 {
		return nil, fmt.Errorf("header row %d: must be 0 (detect) or a 1-based row number", opts.HeaderRow)
	}
	if opts.HeaderRows < 0 || opts.HeaderRows > 2 {
		return nil, fmt.Errorf("header rows %d: must be 0 (detect), 1 or 2", opts.HeaderRows)
	}
	stat, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if stat.IsDir() {
		return nil, errors.New("is a directory")
	}
	compressed, err := isGzip(path)
	if err != nil {
		return nil, err
	}
	format, err := detectFormat(path, opts.Format)
	if err != nil {
		return nil, err
	}
	r := &Reader{
		ctx:  ctx,
		path: path,
		info: Info{Format: format, Compressed: compressed, Size: stat.Size()},
	}
	switch format {
	case FormatCSV, FormatTSV, FormatTXT:
		err = r.openDelimited(opts)
	case FormatJSONL:
		err = r.openJSONL(opts)
	case FormatXLSX:
		err = r.openXLSX(opts)
	case FormatParquet:
		err = r.openParquet(opts)
	}
	if err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// Extensions maps each file name extension Open reads (also with .gz appended) to its format: the
// one list of what can be read, which ingest uses to pick files out of a folder.
var Extensions = map[string]string{
	".csv": FormatCSV, ".tsv": FormatTSV, ".tab": FormatTSV, ".txt": FormatTXT,
	".xlsx": FormatXLSX, ".xlsm": FormatXLSX,
	".jsonl": FormatJSONL, ".ndjson": FormatJSONL, ".json": FormatJSONL,
	".parquet": FormatParquet,
}

// FormatOf returns the format of a file by its name's extension (after a .gz suffix is stripped),
// or "" when Open cannot read it.
func FormatOf(name string) string {
	name = strings.TrimSuffix(strings.ToLower(filepath.Base(name)), ".gz")
	return Extensions[filepath.Ext(name)]
}

// ExtensionList lists the extensions of Extensions in order, for messages.
func ExtensionList() []string {
	exts := make([]string, 0, len(Extensions))
	for ext := range Extensions {
		exts = append(exts, ext)
	}
	slices.Sort(exts)
	return exts
}

// detectFormat returns the format named by the option or, if it is "", by the file's extension.
func detectFormat(path, format string) (string, error) {
	if format != "" {
		switch f := strings.ToLower(format); f {
		case FormatCSV, FormatTSV, FormatTXT, FormatXLSX, FormatJSONL, FormatParquet:
			return f, nil
		case "ndjson", "json":
			return FormatJSONL, nil
		}
		return "", fmt.Errorf("unknown format %q (want csv, tsv, txt, xlsx, jsonl or parquet)", format)
	}
	if f := FormatOf(path); f != "" {
		return f, nil
	}
	ext := filepath.Ext(strings.TrimSuffix(strings.ToLower(filepath.Base(path)), ".gz"))
	if ext == "" {
		return "", errors.New("no file extension to tell the format from; set the format")
	}
	return "", fmt.Errorf("unknown file extension %q (want %s, optionally .gz)", ext, strings.Join(ExtensionList(), ", "))
}

// Header returns the column names: trimmed, byte order mark removed, merged header cells filled in,
// and the two rows of a two-level header joined as "top/bottom" (just "top" when the two are equal
// or the bottom cell is empty). The caller must not modify the slice.
func (r *Reader) Header() []string { return r.header }

// HeaderLine returns the line (or sheet row) of the header's last row; 0 for jsonl and parquet,
// whose column names are not on a line of their own.
func (r *Reader) HeaderLine() int64 { return r.headerLine }

// Info describes the file.
func (r *Reader) Info() Info { return r.info }

// ctxCheckEvery is how many calls of Next pass between two looks at the context.
const ctxCheckEvery = 1024

// Next returns the next row. At the end of the file it returns io.EOF. A row that cannot be split
// into fields is returned as a *RowError, after which reading can continue; any other error is
// fatal.
func (r *Reader) Next() (Record, error) {
	if r.closed {
		return Record{}, fmt.Errorf("read %s: reader closed", r.path)
	}
	r.calls++
	if r.calls%ctxCheckEvery == 0 {
		if err := r.ctx.Err(); err != nil {
			return Record{}, fmt.Errorf("read %s: %w", r.path, err)
		}
	}
	if len(r.pending) > 0 {
		p := r.pending[0]
		r.pending = r.pending[1:]
		return p.rec, p.err
	}
	rec, err := r.src.next()
	if err == nil || err == io.EOF {
		return rec, err
	}
	var rowErr *RowError
	if errors.As(err, &rowErr) {
		return rec, err
	}
	return rec, fmt.Errorf("read %s: %w", r.path, err)
}

// Offset returns the bytes of the file on disk consumed so far (compressed bytes for a gzip file),
// for a progress bar. It runs a little ahead of the rows returned, by what is buffered. For xlsx
// and parquet it is the file's size once Open has loaded it.
func (r *Reader) Offset() int64 {
	if r.src == nil {
		return 0
	}
	return r.src.offset()
}

// Close releases the file, stops the goroutine that decodes gzip and non-UTF-8 text ahead of Next,
// and removes any temporary file. It must be called; it may be called more than once.
func (r *Reader) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	var errs []error
	if r.src != nil {
		errs = append(errs, r.src.close())
	}
	for i := len(r.cleanup) - 1; i >= 0; i-- {
		errs = append(errs, r.cleanup[i]())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close %s: %w", r.path, err)
	}
	return nil
}
