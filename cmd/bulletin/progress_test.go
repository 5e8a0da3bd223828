package main

import (
	"bytes"
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
