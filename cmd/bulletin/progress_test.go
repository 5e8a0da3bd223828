package main

import (
	"bytes"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"bulletin/ingest"
)

func TestProgressBarIsQuietWhenNotATerminal(t *testing.T) {
	if newProgressBar(&bytes.Buffer{}) != nil {
		t.Error("a bar for a buffer")
	}
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if newProgressBar(f) != nil {
		t.Error("a bar for a regular file")
	}
}

// TestProgressBarDrawsAfterASecond drives the bar with a fake clock: nothing in the first second,
// then bytes, share, rows and speed, at most every 200 ms, and the line cleared when the file is done.
func TestProgressBarDrawsAfterASecond(t *testing.T) {
	var out bytes.Buffer
	start := time.Date(2022, 5, 1, 8, 0, 0, 0, time.UTC)
	clock := start
	bar := &progressBar{out: &out, now: func() time.Time { return clock }}
	step := func(after time.Duration, p ingest.Progress) {
		clock = start.Add(after)
		bar.update(p)
	}
	p := ingest.Progress{Path: "exports/calls-2022-05.csv", Size: 100_000_000}
	p.Bytes, p.Rows = 10_000_000, 65_536
	step(0, p)
	step(500*time.Millisecond, p)
	if out.Len() != 0 {
		t.Fatalf("drew within the first second: %q", out.String())
	}
	p.Bytes, p.Rows = 25_000_000, 150_000
	step(2*time.Second, p)
	want := "calls-2022-05.csv [######..................]  25%  25.0 / 100.0 MB  150000 rows  12.5 MB/s"
	if !strings.HasSuffix(out.String(), want) {
		t.Errorf("drew %q; want it to end with %q", out.String(), want)
	}
	drawn := out.Len()
	step(2100*time.Millisecond, p)
	if out.Len() != drawn {
		t.Errorf("drew again within 200 ms")
	}
	p.Done = true
	step(3*time.Second, p)
	if !strings.HasSuffix(out.String(), "\r\033[K") {
		t.Errorf("did not clear the line when done: %q", out.String())
	}
}

// TestProgressLogLogsLargeFilesOnly drives the progress log with a fake clock over two files: a line
// every five seconds or every million rows, whichever comes first, and none for a quick file.
func TestProgressLogLogsLargeFilesOnly(t *testing.T) {
	var out bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&out, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}}))
	start := time.Date(2022, 5, 1, 8, 0, 0, 0, time.UTC)
	clock := start
	log := newProgressLog(logger, func() time.Time { return clock })
	const large, quick = "exports/calls-2022-05.csv", "exports/calls-2022-06.csv"
	for _, step := range []struct {
		after      time.Duration
		path       string
		rows, read int64
		done       bool
	}{
		{0, large, 0, 0, false},
		{2 * time.Second, large, 100_000, 10_000_000, false},   // too soon, too few rows
		{5 * time.Second, large, 250_000, 25_000_000, false},   // five seconds: logged
		{6 * time.Second, large, 1_200_000, 60_000_000, false}, // under a million more rows since: not logged
		{7 * time.Second, large, 1_250_000, 63_000_000, false}, // a million more rows: logged
		{8 * time.Second, large, 2_000_000, 100_000_000, true}, // done: not logged
		{8 * time.Second, quick, 0, 0, false},                  // the next file starts its own clock
		{9 * time.Second, quick, 40_000, 2_000_000, true},      // read in a second: nothing
	} {
		clock = start.Add(step.after)
		log.update(ingest.Progress{Path: step.path, Rows: step.rows, Bytes: step.read, Size: 100_000_000, Done: step.done})
	}
	want := "level=INFO msg=reading file=exports/calls-2022-05.csv rows=250000 bytes=25000000 size=100000000 percent=25\n" +
		"level=INFO msg=reading file=exports/calls-2022-05.csv rows=1250000 bytes=63000000 size=100000000 percent=63\n"
	if out.String() != want {
		t.Errorf("progress log:\n%s\nwant:\n%s", out.String(), want)
	}
}
