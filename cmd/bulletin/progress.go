package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"bulletin/ingest"
)

// progressBar draws one line on a terminal for a file that takes more than a second to read: bytes,
// share, rows and speed. It draws nothing when stderr is not a terminal.
type progressBar struct {
	out     io.Writer
	now     func() time.Time
	path    string
	started time.Time
	drawn   time.Time
	shown   bool
}

// newProgressBar returns a bar drawing on out, or nil when out is not a terminal.
func newProgressBar(out io.Writer) *progressBar {
	f, ok := out.(*os.File)
	if !ok {
		return nil
	}
	info, err := f.Stat()
	if err != nil || info.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return &progressBar{out: out, now: time.Now}
}

func (b *progressBar) update(p ingest.Progress) {
	now := b.now()
	if p.Path != b.path {
		b.path, b.started, b.shown = p.Path, now, false
	}
	if p.Done {
		if b.shown {
			fmt.Fprint(b.out, "\r\033[K")
		}
		return
	}
	if now.Sub(b.started) < time.Second || now.Sub(b.drawn) < 200*time.Millisecond {
		return
	}
	b.drawn, b.shown = now, true
	share := 0.0
	if p.Size > 0 {
		share = float64(p.Bytes) / float64(p.Size)
	}
	const width = 24
	filled := int(share * width)
	bar := make([]rune, width)
	for i := range bar {
		bar[i] = '.'
		if i < filled {
			bar[i] = '#'
		}
	}
	seconds := now.Sub(b.started).Seconds()
	fmt.Fprintf(b.out, "\r\033[K%s [%s] %3.0f%%  %.1f / %.1f MB  %d rows  %.1f MB/s",
		filepath.Base(p.Path), string(bar), share*100, float64(p.Bytes)/1e6, float64(p.Size)/1e6, p.Rows, float64(p.Bytes)/1e6/seconds)
}

// Progress log intervals: a line every progressLogEvery, or sooner once progressLogRows more rows
// have been read. A file read within the first interval logs nothing.
const (
	progressLogEvery = 5 * time.Second
	progressLogRows  = 1_000_000
)

// progressLog logs how far the reading of a large file has come (file, rows, bytes, share) for a
// stderr that is not a terminal, such as a log file or a scheduler's capture, where progressBar
// draws nothing.
type progressLog struct {
	logger     *slog.Logger
	now        func() time.Time
	path       string
	loggedAt   time.Time // when the last line was logged, or the file started
	loggedRows int64     // the rows read at the last line
}

// newProgressLog returns a progress log writing to logger, reading the time from now.
func newProgressLog(logger *slog.Logger, now func() time.Time) *progressLog {
	return &progressLog{logger: logger, now: now}
}

func (l *progressLog) update(p ingest.Progress) {
	now := l.now()
	if p.Path != l.path {
		l.path, l.loggedAt, l.loggedRows = p.Path, now, 0
	}
	if p.Done || now.Sub(l.loggedAt) < progressLogEvery && p.Rows-l.loggedRows < progressLogRows {
		return
	}
	l.loggedAt, l.loggedRows = now, p.Rows
	percent := 0.0
	if p.Size > 0 {
		percent = float64(p.Bytes) * 100 / float64(p.Size)
	}
	l.logger.Info("reading", "file", p.Path, "rows", p.Rows, "bytes", p.Bytes, "size", p.Size, "percent", fmt.Sprintf("%.0f", percent))
}
