package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bulletin/bench"
)

// TestServeDuringAReportShowsTheLastCompleteOutputs serves a folder of outputs while a report
// rewrites one of them: every request for its metrics.json (served with --internal) gets the previous or the new file whole,
// never a part, and the report's staging folder is never listed nor served.
func TestServeDuringAReportShowsTheLastCompleteOutputs(t *testing.T) {
	dir := t.TempDir()
	warehouseFile := filepath.Join(dir, "w.duckdb")
	config := filepath.Join("..", "..", "sample-data", "campaign.yaml")
	root := filepath.Join(dir, "outputs")
	out := filepath.Join(root, "summer")
	ingestMonth := func(month bench.Month) {
		t.Helper()
		path := filepath.Join(dir, month.CallsFileName())
		if _, err := bench.GenerateFile(context.Background(), path, bench.GenerateOptions{Calls: 3000, Month: month}); err != nil {
			t.Fatal(err)
		}
		if code, _, stderr := runCLI(t, "ingest", "--warehouse", warehouseFile, path); code != exitOK {
			t.Fatalf("ingest %s: exit %d:\n%s", path, code, stderr)
		}
	}
	report := func() int {
		code, _, stderr := runCLI(t, "report", "--warehouse", warehouseFile, "--config", config, "--out", out)
		if code != exitOK {
			t.Errorf("report: exit %d:\n%s", code, stderr)
		}
		return code
	}
	ingestMonth(bench.Month{Year: 2022, Month: time.June})
	if report() != exitOK {
		return
	}
	before, err := os.ReadFile(filepath.Join(out, "internal", "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	ingestMonth(bench.Month{Year: 2022, Month: time.July}) // the next report states other figures

	ctx, interrupt := context.WithCancel(context.Background())
	defer interrupt()
	var serveLog lockedBuffer
	exited := make(chan int, 1)
	go func() {
		exited <- run(ctx, []string{"serve", "--root", root, "--addr", "127.0.0.1:0", "--internal"}, io.Discard, &serveLog)
	}()
	defer func() { interrupt(); <-exited }()
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := loggedURL.FindStringSubmatch(serveLog.String()); m != nil {
			base = "http://127.0.0.1:" + m[1]
		}
	}
	if base == "" {
		t.Fatalf("serve logged no URL:\n%s", serveLog.String())
	}
	get := func(path string) (int, []byte) {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, body
	}

	reported := make(chan int, 1)
	go func() { reported <- report() }()
	var sawBefore, sawAfter, sawStaging, requests int
	other := map[string]int{}
	for done := false; !done; {
		select {
		case <-reported:
			done = true
		default:
		}
		requests++
		status, body := get("/summer/internal/metrics.json")
		switch {
		case status == http.StatusOK && bytes.Equal(body, before):
			sawBefore++
		case status == http.StatusOK && json.Valid(body):
			sawAfter++
		default:
			other[fmt.Sprintf("%d %.60q", status, body)]++
		}
		if _, listing := get("/"); strings.Contains(string(listing), ".summer") {
			t.Errorf("the listing shows a staging folder:\n%s", listing)
		}
		entries, _ := os.ReadDir(root)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") {
				sawStaging++
				if status, _ := get("/" + e.Name() + "/internal/metrics.json"); status != http.StatusBadRequest && status != http.StatusNotFound {
					t.Errorf("GET /%s/internal/metrics.json: %d, want 400 or 404", e.Name(), status)
				}
			}
		}
	}
	after, err := os.ReadFile(filepath.Join(out, "internal", "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(after, before) {
		t.Fatal("the second report wrote the same metrics.json; the test cannot tell the outputs apart")
	}
	if status, body := get("/summer/internal/metrics.json"); status != http.StatusOK || !bytes.Equal(body, after) {
		t.Errorf("after the report, GET /summer/internal/metrics.json: %d, not the new file", status)
	}
	t.Logf("%d requests during the report: %d got the previous metrics.json, %d the new one, %d something else %v; staging folder seen %d times",
		requests, sawBefore, sawAfter, len(other), other, sawStaging)
	if len(other) != 0 {
		t.Errorf("requests during the report got neither the previous nor the new metrics.json: %v", other)
	}
	if sawStaging == 0 {
		t.Logf("the report's staging folder was never seen by the polling")
	}
}
