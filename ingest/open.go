package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"bulletin/ingest/source"
)

// rowsCloser is a source of rows that holds a file open.
type rowsCloser interface {
	sourceRows
	close() error
}

// sourceInfo describes how a file was read.
type sourceInfo struct {
	format, encoding, sheet string
	headerLine              int64
}

// fileRows adapts a source.Reader to the decoder.
type fileRows struct {
	r *source.Reader
}

func (f fileRows) header() []string { return f.r.Header() }
func (f fileRows) offset() int64    { return f.r.Offset() }
func (f fileRows) close() error     { return f.r.Close() }

// refuseNested makes rows with nested values in the given columns bad rows (source.RefuseNested).
func (f fileRows) refuseNested(columns []int) { f.r.RefuseNested(columns) }

func (f fileRows) next() (int64, []string, *badRow, error) {
	rec, err := f.r.Next()
	var rowErr *source.RowError
	if errors.As(err, &rowErr) {
		msg := fmt.Sprintf("malformed row at line %d: %v", rowErr.Line, rowErr.Err)
		if rowErr.Column > 0 {
			msg = fmt.Sprintf("malformed row at line %d, column %d: %v", rowErr.Line, rowErr.Column, rowErr.Err)
		}
		return rowErr.Line, nil, &badRow{line: rowErr.Line, msg: msg, raw: rowErr.Raw}, nil
	}
	if err != nil {
		return 0, nil, nil, err
	}
	return rec.Line, rec.Fields, nil, nil
}

// openRows opens path for reading rows, with the given profile's source settings overridden by
// those of opts. The header is looked for below title rows by the column names of the candidate
// profiles (candidateProfiles).
func openRows(ctx context.Context, path string, opts Options, candidates []*Profile) (rowsCloser, sourceInfo, error) {
	spec := SourceSpec{}
	if opts.Profile != nil {
		spec = opts.Profile.Source
	}
	var hint []string
	for _, p := range candidates {
		hint = append(hint, p.columnNames()...)
	}
	for _, override := range []struct {
		to   *string
		from string
	}{{&spec.Format, opts.Source.Format}, {&spec.Encoding, opts.Source.Encoding}, {&spec.Sheet, opts.Source.Sheet}, {&spec.Delimiter, opts.Source.Delimiter}} {
		if override.from != "" {
			*override.to = override.from
		}
	}
	if opts.Source.HeaderRow != 0 {
		spec.HeaderRow = opts.Source.HeaderRow
	}
	if opts.Source.HeaderRows != 0 {
		spec.HeaderRows = opts.Source.HeaderRows
	}
	var delimiter rune
	if d := []rune(spec.Delimiter); len(d) == 1 {
		delimiter = d[0]
	}
	r, err := source.Open(ctx, path, source.Options{Format: spec.Format, Encoding: spec.Encoding, Delimiter: delimiter,
		Sheet: spec.Sheet, HeaderRow: spec.HeaderRow, HeaderRows: spec.HeaderRows, HeaderHint: hint, Headerless: spec.Headerless})
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, sourceInfo{}, fmt.Errorf("%w: the file has no header row", ErrHeader)
		}
		return nil, sourceInfo{}, err
	}
	info := r.Info()
	format := info.Format
	if info.Compressed {
		format += "+gzip"
	}
	return fileRows{r}, sourceInfo{format: format, encoding: info.Encoding, sheet: info.Sheet, headerLine: r.HeaderLine()}, nil
}

// columnNames lists the source columns a profile reads.
func (p *Profile) columnNames() []string {
	var names []string
	for _, m := range p.Fields {
		for _, name := range m.columns() {
			if !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
	}
	slices.Sort(names)
	return names
}

// columns lists the source columns a field mapping reads, in the order it names them.
func (m *FieldMap) columns() []string {
	names := append(append([]string{m.Column, m.Date, m.Time}, m.Columns...), m.Join...)
	return slices.DeleteFunc(names, func(c string) bool { return c == "" })
}
