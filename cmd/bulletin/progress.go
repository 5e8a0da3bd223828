package main

import (
	"fmt"
	"io"
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
