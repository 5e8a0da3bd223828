package ingest

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// csvRows reads a UTF-8 CSV file with a header row.
type csvRows struct {
	r       *csv.Reader
	cols    []string
	counter *countingReader
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func newCSVRows(src io.Reader) (*csvRows, error) {
	counter := &countingReader{r: src}
	r := csv.NewReader(counter)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	header, err := r.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("line 1: %w: the file is empty", ErrHeader)
	}
	if err != nil {
		return nil, err
	}
	header = slices.Clone(header)
	header[0] = strings.TrimPrefix(header[0], "\ufeff")
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	return &csvRows{r: r, cols: header, counter: counter}, nil
}

func (c *csvRows) header() []string { return c.cols }
func (c *csvRows) offset() int64    { return c.counter.n }

func (c *csvRows) next() (int64, []string, *badRow, error) {
	record, err := c.r.Read()
	var parseErr *csv.ParseError
	if errors.As(err, &parseErr) {
		return int64(parseErr.StartLine), nil, &badRow{line: int64(parseErr.StartLine),
			msg: fmt.Sprintf("malformed CSV at line %d, column %d: %v", parseErr.Line, parseErr.Column, parseErr.Err)}, nil
	}
	if err != nil {
		return 0, nil, nil, err
	}
	line, _ := c.r.FieldPos(0)
	return int64(line), record, nil, nil
}
