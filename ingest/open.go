package ingest

import (
	"context"
	"os"
)

// rowsCloser is a source of rows that holds a file open.
type rowsCloser interface {
	sourceRows
	close() error
}

// sourceInfo describes how a file was read.
type sourceInfo struct {
	format, encoding string
	headerLine       int64
}

type csvFile struct {
	*csvRows
	f *os.File
}

func (c csvFile) close() error { return c.f.Close() }

// openRows opens path for reading rows.
func openRows(ctx context.Context, path string, opts Options) (rowsCloser, sourceInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, sourceInfo{}, err
	}
	rows, err := newCSVRows(f)
	if err != nil {
		f.Close()
		return nil, sourceInfo{}, err
	}
	return csvFile{rows, f}, sourceInfo{format: "csv", encoding: "utf-8", headerLine: 1}, nil
}
