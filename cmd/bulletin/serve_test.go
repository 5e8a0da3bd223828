package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
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
	if err := os.MkdirAll(filepath.Join(campaign, "internal"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{
		"index.html":            "<p>gallery</p>",
		"internal/metrics.json": `{"campaign": {"name": {"zh": "夏季行动", "en": "Summer Campaign"}, "start": "2022-06-01", "end": "2022-08-31"}}`,
	} {
		if err := os.WriteFile(filepath.Join(campaign, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		addr     string
		internal bool
		warn     bool
	}{
		{"127.0.0.1:0", false, false},
		{"localhost:0", false, false},
		{"0.0.0.0:0", false, true},
		{"127.0.0.1:0", true, true}, // publishing the internal outputs is warned about
	} {
		t.Run(fmt.Sprintf("%s internal=%v", tc.addr, tc.internal), func(t *testing.T) {
			ctx, interrupt := context.WithCancel(context.Background())
			defer interrupt()
			var stdout, stderr lockedBuffer
			exited := make(chan int, 1)
			args := []string{"serve", "--root", root, "--addr", tc.addr}
			if tc.internal {
				args = append(args, "--internal")
			}
			go func() { exited <- run(ctx, args, &stdout, &stderr) }()

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
			// The internal outputs are answered only with --internal; every request is logged.
			resp, err = http.Get("http://" + net.JoinHostPort("127.0.0.1", port) + "/2022-08/internal/metrics.json")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if want := map[bool]int{false: http.StatusNotFound, true: http.StatusOK}[tc.internal]; resp.StatusCode != want {
				t.Errorf("GET /2022-08/internal/metrics.json with --internal=%v: %d, want %d", tc.internal, resp.StatusCode, want)
			}
			logged := fmt.Sprintf("msg=request method=GET path=/2022-08/internal/metrics.json status=%d", resp.StatusCode)
			if !strings.Contains(stderr.String(), logged) {
				t.Errorf("the access log lacks %q:\n%s", logged, stderr.String())
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

func TestServeSetsTimeoutsOnEveryConnection(t *testing.T) {
	for name, got := range map[string]time.Duration{
		"ReadHeaderTimeout": defaultTimeouts.readHeader, "ReadTimeout": defaultTimeouts.read,
		"WriteTimeout": defaultTimeouts.write, "IdleTimeout": defaultTimeouts.idle,
	} {
		if got <= 0 {
			t.Errorf("serve's %s is %v: a connection could hold the server for ever", name, got)
		}
	}
	srv := newHTTPServer(http.NotFoundHandler(), slog.New(slog.DiscardHandler), defaultTimeouts)
	if srv.ReadHeaderTimeout != 10*time.Second || srv.ReadTimeout != 30*time.Second || srv.WriteTimeout != 10*time.Minute || srv.IdleTimeout != 2*time.Minute {
		t.Errorf("server timeouts: header %v, read %v, write %v, idle %v", srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout)
	}

	// With short timeouts, a client that stops halfway through its header, and one that keeps
	// its connection idle after a request, are cut off near the timeout.
	const timeout = 200 * time.Millisecond
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	short := newHTTPServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }),
		slog.New(slog.DiscardHandler), serverTimeouts{readHeader: timeout, read: timeout, write: timeout, idle: timeout})
	go short.Serve(listener)
	t.Cleanup(func() { short.Close() })
	for _, tc := range []struct{ name, send string }{
		{"half a header", "GET / HTTP/1.1\r\nHost: x\r\n"},
		{"idle after a request", "GET / HTTP/1.1\r\nHost: x\r\n\r\n"},
	} {
		conn, err := net.Dial("tcp", listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		began := time.Now()
		if _, err := io.WriteString(conn, tc.send); err != nil {
			t.Fatal(err)
		}
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, err = io.ReadAll(conn) // returns when the server closes the connection
		took := time.Since(began)
		conn.Close()
		if err != nil || took < timeout/2 || took > 5*time.Second {
			t.Errorf("%s: the server closed the connection after %v (%v); want about %v", tc.name, took, err, timeout)
		}
	}
}
