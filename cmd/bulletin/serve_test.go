package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer that the command and the test may use at the same time.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var loggedURL = regexp.MustCompile(`url=http://[^ ]*:(\d+)/`)

func TestServeAnswersUntilInterruptedAndExitsZero(t *testing.T) {
	root := t.TempDir()
	campaign := filepath.Join(root, "2022-08")
	if err := os.MkdirAll(campaign, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{
		"index.html":   "<p>gallery</p>",
		"metrics.json": `{"campaign": {"name": {"zh": "夏季行动", "en": "Summer Campaign"}, "start": "2022-06-01", "end": "2022-08-31"}}`,
	} {
		if err := os.WriteFile(filepath.Join(campaign, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		addr string
		warn bool
	}{
		{"127.0.0.1:0", false},
		{"localhost:0", false},
		{"0.0.0.0:0", true},
	} {
		t.Run(tc.addr, func(t *testing.T) {
			ctx, interrupt := context.WithCancel(context.Background())
			defer interrupt()
			var stdout, stderr lockedBuffer
			exited := make(chan int, 1)
			go func() { exited <- run(ctx, []string{"serve", "--root", root, "--addr", tc.addr}, &stdout, &stderr) }()

			var port string
			for deadline := time.Now().Add(10 * time.Second); port == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
				if m := loggedURL.FindStringSubmatch(stderr.String()); m != nil {
					port = m[1]
				}
			}
			if port == "" {
				interrupt()
				t.Fatalf("serve logged no URL; exit %d, stderr:\n%s", <-exited, stderr.String())
			}
			// Requests go to loopback whatever the address, so the test stays on this machine.
			resp, err := http.Get("http://" + net.JoinHostPort("127.0.0.1", port) + "/")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Summer Campaign") {
				t.Errorf("GET /: %d, want 200 listing Summer Campaign:\n%s", resp.StatusCode, body)
			}
			if warned := strings.Contains(stderr.String(), "level=WARN"); warned != tc.warn {
				t.Errorf("--addr %s: warned %v, want %v:\n%s", tc.addr, warned, tc.warn, stderr.String())
			}

			interrupt()
			select {
			case code := <-exited:
				if code != exitOK {
					t.Errorf("serve exited %d after the interrupt; want %d:\n%s", code, exitOK, stderr.String())
				}
			case <-time.After(10 * time.Second):
				t.Fatal("serve did not stop within 10 s of the interrupt")
			}
			if !strings.Contains(stderr.String(), "stopped serving") {
				t.Errorf("serve did not log its stop:\n%s", stderr.String())
			}
		})
	}
}

func TestServeRefusesAMissingRootAndArguments(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-such-folder")
	for _, tc := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"serve", "--root", missing, "--addr", "127.0.0.1:0"}, exitFailure, "no-such-folder"},
		{[]string{"serve", "extra"}, exitUsage, "serve takes no arguments"},
		{[]string{"serve", "--root", t.TempDir(), "--addr", "127.0.0.1:notaport"}, exitFailure, "notaport"},
	} {
		code, _, stderr := runCLI(t, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.says) {
			t.Errorf("bulletin %v: exit %d, want %d saying %q:\n%s", tc.args, code, tc.code, tc.says, stderr)
		}
	}
}
