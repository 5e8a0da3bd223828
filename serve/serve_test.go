package serve

import (
	"bufio"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// secretText is the content of a file beside the served root; no response may ever contain it.
const secretText = "TOP-SECRET: this file lies outside the served folder"

// writeFiles writes each file of files (slash-separated names relative to dir) with its content.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// metricsJSON is a metrics.json holding only the campaign fields the listing reads.
func metricsJSON(nameZh, nameEn, start, end string) string {
	return fmt.Sprintf(`{"schema": "x", "campaign": {"id": "c", "name": {"zh": %q, "en": %q}, "start": %q, "end": %q, "days": 3}}`,
		nameZh, nameEn, start, end)
}

// newServer serves root with Handler on a test server, publishing the public outputs only.
func newServer(t *testing.T, root string) *httptest.Server {
	t.Helper()
	return newServerWith(t, root, Options{})
}

// newServerWith serves root with Handler and opts on a test server.
func newServerWith(t *testing.T, root string, opts Options) *httptest.Server {
	t.Helper()
	h, err := Handler(root, opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// rawGet sends target as it is in the request line, which http.Client would have cleaned, and
// returns the response's status and body.
func rawGet(t *testing.T, srv *httptest.Server, method, target string) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", method, target); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: method})
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// get fetches path from srv with the standard client.
func get(t *testing.T, srv *httptest.Server, path string) (*http.Response, string) {
	t.Helper()
	resp, err := srv.Client().Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

// outsideFixture builds a folder holding the served root and, beside it, the file secret; inside the
// root are a subfolder with an index.html and symbolic links to the secret and to a file inside.
func outsideFixture(t *testing.T) string {
	t.Helper()
	parent := t.TempDir()
	root := filepath.Join(parent, "root")
	writeFiles(t, parent, map[string]string{
		"secret":                      secretText,
		"root/sub/index.html":         "<p>sub index</p>",
		"root/sub/charts/a.zh.html":   "<p>chart a</p>",
		"root/inside.txt":             "inside the root",
		"root/sub/..secret-looking.x": "a name that starts with two dots",
	})
	links := map[string]string{
		"root/link-relative":      "../secret",
		"root/link-absolute":      filepath.Join(parent, "secret"),
		"root/sub/link-up-twice":  "../../secret",
		"root/link-parent-folder": "..",
		"root/link-inside":        "inside.txt",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(parent, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestHandlerNeverServesAFileOutsideRoot(t *testing.T) {
	srv := newServer(t, outsideFixture(t))
	for _, target := range []string{
		"/../secret",
		"/%2e%2e/secret",
		"/%2E%2E/secret",
		"/.%2e/secret",
		"/sub/../../secret",
		"/sub/..%2f..%2fsecret",
		"/sub/%2e%2e%2f%2e%2e%2fsecret",
		"/..\\secret",
		"/sub\\..\\..\\secret",
		"/%2e%2e%5csecret",
		"/./../secret",
		"//secret",
		"/secret",
		"/link-relative",
		"/link-absolute",
		"/sub/link-up-twice",
		"/link-parent-folder/secret",
		"/link-parent-folder/root/inside.txt",
	} {
		t.Run(target, func(t *testing.T) {
			status, body := rawGet(t, srv, "GET", target)
			if status != http.StatusBadRequest && status != http.StatusNotFound {
				t.Errorf("GET %s: status %d, want 400 or 404; body %q", target, status, body)
			}
			if strings.Contains(body, "TOP-SECRET") {
				t.Errorf("GET %s returned the file outside the root", target)
			}
		})
	}
}

func TestHandlerServesFilesAndLinksInsideRoot(t *testing.T) {
	srv := newServer(t, outsideFixture(t))
	for _, tc := range []struct{ target, want string }{
		{"/inside.txt", "inside the root"},
		{"/link-inside", "inside the root"},
		{"/sub/", "<p>sub index</p>"},
		{"/sub/index.html", "<p>sub index</p>"},
		{"/sub/charts/a.zh.html", "<p>chart a</p>"},
		{"/sub/charts/%61.zh.html", "<p>chart a</p>"},
		{"/sub/..secret-looking.x", ""}, // a name that starts with "." is hidden, not a traversal
	} {
		status, body := rawGet(t, srv, "GET", tc.target)
		wantStatus := http.StatusOK
		if tc.want == "" {
			wantStatus = http.StatusNotFound
		}
		if status != wantStatus || (tc.want != "" && body != tc.want) {
			t.Errorf("GET %s: %d %q; want %d %q", tc.target, status, body, wantStatus, tc.want)
		}
	}
}

func TestHandlerRedirectsAFolderToItsSlashURL(t *testing.T) {
	srv := newServer(t, outsideFixture(t))
	client := *srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := client.Get(srv.URL + "/sub")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "sub/" {
		t.Errorf("GET /sub: %d Location %q; want 301 to sub/", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestHandlerAnswersOnlyGetAndHead(t *testing.T) {
	srv := newServer(t, outsideFixture(t))
	for _, method := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS"} {
		req, err := http.NewRequest(method, srv.URL+"/inside.txt", strings.NewReader("x"))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: %d, Allow %q; want 405 with Allow GET, HEAD", method, resp.StatusCode, resp.Header.Get("Allow"))
		}
	}
	resp, err := srv.Client().Head(srv.URL + "/inside.txt")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.ContentLength != int64(len("inside the root")) {
		t.Errorf("HEAD: %d, length %d; want 200, %d", resp.StatusCode, resp.ContentLength, len("inside the root"))
	}
}

func TestHandlerListsNoFolderWithoutIndex(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"2022-08/index.html":        "<p>gallery</p>",
		"2022-08/charts/a.zh.html":  "<p>a</p>",
		"drafts/notes-for-later.md": "private notes",
	})
	srv := newServer(t, root)
	for _, target := range []string{"/drafts/", "/2022-08/charts/", "/drafts/index.html"} {
		resp, body := get(t, srv, target)
		if resp.StatusCode != http.StatusNotFound || strings.Contains(body, "notes-for-later") || strings.Contains(body, "a.zh.html") {
			t.Errorf("GET %s: %d %q; want 404 without a listing", target, resp.StatusCode, body)
		}
	}
	// The root listing names only folders with an index.html.
	_, body := get(t, srv, "/")
	if !strings.Contains(body, `data-folder="2022-08"`) || strings.Contains(body, "drafts") {
		t.Errorf("root listing should name 2022-08 and not drafts:\n%s", body)
	}
}

func TestListingEscapesCampaignNames(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"evil/index.html":   "<p>gallery</p>",
		"evil/metrics.json": metricsJSON("<script>alert(1)</script>", `"><img src=x onerror=alert(2)>`, "2022-05-01", "2022-05-03"),
	})
	srv := newServer(t, root)
	resp, body := get(t, srv, "/")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /: %d", resp.StatusCode)
	}
	if strings.Contains(body, "<script>alert(1)") || strings.Contains(body, "<img src=x") {
		t.Errorf("the campaign name reached the page unescaped:\n%s", body)
	}
	if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") || !strings.Contains(body, "&lt;img src=x onerror=alert(2)&gt;") {
		t.Errorf("the campaign names are missing from the page, escaped:\n%s", body)
	}
}

func TestListingOrdersNewestPeriodFirstThenByName(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"may/index.html":                    "x",
		"may/metrics.json":                  metricsJSON("五月", "May", "2022-05-01", "2022-05-31"),
		"august-b/index.html":               "x",
		"august-b/metrics.json":             metricsJSON("八月乙", "August B", "2022-08-01", "2022-08-31"),
		"august-a/index.html":               "x",
		"august-a/index.en.html":            "x",
		"august-a/internal/summary.zh.xlsx": "x",
		"august-a/bulletin.en.md":           "x",
		"august-a/internal/metrics.json":    metricsJSON("八月甲", "August A", "2022-08-01", "2022-08-31"),
		"2021 year#1/index.html":            "x",
		"2021 year#1/metrics.json":          metricsJSON("全年", "Year", "2021-01-01", "2021-12-31"),
		"broken/index.html":                 "x",
		"broken/metrics.json":               `{"campaign": {"name": `,
		"aaa-no-metrics/index.html":         "x",
		"no-index/metrics.json":             metricsJSON("无页面", "No page", "2023-01-01", "2023-01-31"),
		".august-c.new-123/index.html":      "x",
	})
	srv := newServer(t, root)
	_, body := get(t, srv, "/")
	// Published with the internal outputs, the listing links the workbook too.
	_, internalBody := get(t, newServerWith(t, root, Options{Internal: true}), "/")
	if !strings.Contains(internalBody, `href="august-a/internal/summary.zh.xlsx" download`) {
		t.Errorf("listing with the internal outputs lacks the workbook:\n%s", internalBody)
	}
	var order []string
	for _, m := range regexp.MustCompile(`data-folder="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		order = append(order, m[1])
	}
	want := []string{"august-a", "august-b", "may", "2021 year#1", "aaa-no-metrics", "broken"}
	if !slices.Equal(order, want) {
		t.Errorf("listing order %q; want %q", order, want)
	}
	for _, fragment := range []string{
		"八月甲", "August A", "2022-08-01 – 2022-08-31",
		`href="august-a/index.html"`, `href="august-a/index.en.html"`,
		`href="august-a/bulletin.en.md" download`,
		`href="2021%20year%231/index.html"`,
		"no metrics.json", "metrics.json cannot be read",
	} {
		if !strings.Contains(body, fragment) {
			t.Errorf("listing lacks %q:\n%s", fragment, body)
		}
	}
	for _, absent := range []string{`href="august-b/index.en.html"`, "summary.zh.xlsx", "summary.en.xlsx", "无页面"} {
		if strings.Contains(body, absent) {
			t.Errorf("listing has %q, which is not there", absent)
		}
	}
}

func TestRootIndexIsServedWhenPresent(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"index.html":       "<p>the gallery</p>",
		"old/index.html":   "<p>older</p>",
		"old/metrics.json": metricsJSON("旧", "Old", "2022-01-01", "2022-01-31"),
	})
	srv := newServer(t, root)
	if _, body := get(t, srv, "/"); body != "<p>the gallery</p>" {
		t.Errorf("GET / = %q; want the root's index.html", body)
	}
}

func TestHandlerSendsSecurityHeadersAndContentTypes(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"out/index.html":               "<p>x</p>",
		"out/bulletin.zh.md":           "# 通报",
		"out/internal/summary.en.xlsx": "PK",
		"out/internal/metrics.json":    "{}",
		"out/internal/quality.csv":     "a,b",
		"out/chart.svg":                "<svg/>",
		"out/echarts.min.js":           "var x",
		"out/unknown.bin":              "<html>",
	})
	srv := newServerWith(t, root, Options{Internal: true})
	for _, tc := range []struct {
		path        string
		status      int
		contentType string
	}{
		{"/", http.StatusOK, "text/html; charset=utf-8"},
		{"/out/", http.StatusOK, "text/html; charset=utf-8"},
		{"/out/bulletin.zh.md", http.StatusOK, "text/markdown; charset=utf-8"},
		{"/out/internal/summary.en.xlsx", http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"/out/internal/metrics.json", http.StatusOK, "application/json"},
		{"/out/internal/quality.csv", http.StatusOK, "text/csv; charset=utf-8"},
		{"/out/chart.svg", http.StatusOK, "image/svg+xml"},
		{"/out/echarts.min.js", http.StatusOK, "text/javascript; charset=utf-8"},
		{"/out/unknown.bin", http.StatusOK, "application/octet-stream"},
		{"/out/missing.md", http.StatusNotFound, ""},
	} {
		resp, _ := get(t, srv, tc.path)
		if resp.StatusCode != tc.status {
			t.Errorf("GET %s: status %d; want %d", tc.path, resp.StatusCode, tc.status)
		}
		if tc.contentType != "" && resp.Header.Get("Content-Type") != tc.contentType {
			t.Errorf("GET %s: Content-Type %q; want %q", tc.path, resp.Header.Get("Content-Type"), tc.contentType)
		}
		for name, want := range map[string]string{
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "no-referrer",
			"Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'",
		} {
			if got := resp.Header.Get(name); got != want {
				t.Errorf("GET %s: %s %q; want %q", tc.path, name, got, want)
			}
		}
	}
}

func TestHandlerRefusesARootThatIsNotAFolder(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	writeFiles(t, dir, map[string]string{"file": "x"})
	for _, root := range []string{file, filepath.Join(dir, "missing")} {
		if _, err := Handler(root, Options{}); err == nil {
			t.Errorf("Handler(%s) succeeded; want an error", root)
		}
	}
}

// A report replaces its output folder as a whole (reports.Write renames a new folder into place):
// the next request must see the new outputs, not the folder that was moved away.
func TestHandlerServesAFolderReplacedWhileServing(t *testing.T) {
	parent := t.TempDir()
	root := filepath.Join(parent, "out")
	writeFiles(t, parent, map[string]string{"out/index.html": "first run", "next/index.html": "second run"})
	srv := newServer(t, root)
	if _, body := get(t, srv, "/"); body != "first run" {
		t.Fatalf("GET / = %q before the swap", body)
	}
	if err := os.Rename(root, filepath.Join(parent, "old")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(parent, "next"), root); err != nil {
		t.Fatal(err)
	}
	if _, body := get(t, srv, "/"); body != "second run" {
		t.Errorf("GET / = %q after the swap, want the new folder's page", body)
	}
}

// TestListingLabelsAnEnglishOnlyGalleryAsEnglish lists a campaign published in English only, whose
// gallery is index.html (its metrics.json says so), beside a Chinese-first one.
func TestListingLabelsAnEnglishOnlyGalleryAsEnglish(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"fire/index.html":    "x",
		"fire/metrics.json":  `{"campaign": {"name": {"en": "Fire"}, "start": "2022-07-01", "end": "2022-07-31", "languages": ["en"]}}`,
		"order/index.html":   "x",
		"order/metrics.json": `{"campaign": {"name": {"zh": "夏季"}, "start": "2022-06-01", "end": "2022-07-31", "languages": ["zh"]}}`,
	})
	srv := newServer(t, root)
	_, body := get(t, srv, "/")
	for _, want := range []string{`href="fire/index.html">Charts (English)`, `href="order/index.html">图表 (中文)`} {
		if !strings.Contains(body, want) {
			t.Errorf("listing lacks %q:\n%s", want, body)
		}
	}
}

// TestHandlerPublishesInternalOutputsOnlyWhenAsked requests every kind of output of a folder in the
// new layout and of one written before internal/ existed, with and without Options.Internal.
func TestHandlerPublishesInternalOutputsOnlyWhenAsked(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"2022-08/index.html":                   "gallery",
		"2022-08/charts/daily-trend.zh.html":   "chart",
		"2022-08/assets/gallery.js":            "js",
		"2022-08/bulletin.zh.md":               "text",
		"2022-08/internal/README.txt":          "内部资料",
		"2022-08/internal/summary.zh.xlsx":     "PK",
		"2022-08/internal/metrics.json":        "{}",
		"2022-08/internal/quality.csv":         "id",
		"2022-07/index.html":                   "old gallery",
		"2022-07/summary.zh.xlsx":              "PK old",
		"2022-07/metrics.json":                 "{}",
		"2022-07/quality.csv":                  "id",
		"2022-07/charts/internal/anything.txt": "x",
	}
	writeFiles(t, root, files)
	public := newServer(t, root)
	all := newServerWith(t, root, Options{Internal: true})
	for _, tc := range []struct {
		path     string
		internal bool
	}{
		{"/2022-08/index.html", false},
		{"/2022-08/charts/daily-trend.zh.html", false},
		{"/2022-08/assets/gallery.js", false},
		{"/2022-08/bulletin.zh.md", false},
		{"/2022-08/internal/README.txt", true},
		{"/2022-08/internal/summary.zh.xlsx", true},
		{"/2022-08/internal/metrics.json", true},
		{"/2022-08/internal/quality.csv", true},
		{"/2022-07/index.html", false},
		{"/2022-07/summary.zh.xlsx", true},
		{"/2022-07/metrics.json", true},
		{"/2022-07/quality.csv", true},
		{"/2022-07/charts/internal/anything.txt", true},
	} {
		want := files[strings.TrimPrefix(tc.path, "/")]
		resp, body := get(t, public, tc.path)
		if tc.internal && (resp.StatusCode != http.StatusNotFound || strings.Contains(body, want)) {
			t.Errorf("GET %s without --internal: %d; want 404", tc.path, resp.StatusCode)
		}
		if !tc.internal && (resp.StatusCode != http.StatusOK || body != want) {
			t.Errorf("GET %s without --internal: %d %q; want 200 %q", tc.path, resp.StatusCode, body, want)
		}
		if resp, body := get(t, all, tc.path); resp.StatusCode != http.StatusOK || body != want {
			t.Errorf("GET %s with --internal: %d %q; want 200 %q", tc.path, resp.StatusCode, body, want)
		}
	}
	// The folder itself is neither listed nor redirected to.
	for _, target := range []string{"/2022-08/internal", "/2022-08/internal/"} {
		if resp, _ := get(t, public, target); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s without --internal: %d; want 404", target, resp.StatusCode)
		}
	}
}

// TestHandlerLogsEachRequest checks the access log's line per request against what the client got.
func TestHandlerLogsEachRequest(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"index.html": "<p>twelve b</p>", "internal/metrics.json": "{}"})
	var log strings.Builder
	logger := slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	srv := newServerWith(t, root, Options{Logger: logger})
	for _, target := range []string{"/index.html", "/internal/metrics.json"} {
		get(t, srv, target)
	}
	rawGet(t, srv, "POST", "/index.html")
	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	want := []string{
		`level=INFO msg=request method=GET path=/index.html status=200 bytes=15 duration=`,
		`level=INFO msg=request method=GET path=/internal/metrics.json status=404 bytes=19 duration=`,
		`level=INFO msg=request method=POST path=/index.html status=405 bytes=19 duration=`,
	}
	if len(lines) != len(want) {
		t.Fatalf("access log has %d lines, want %d:\n%s", len(lines), len(want), log.String())
	}
	for i, line := range lines {
		if !strings.HasPrefix(line, want[i]) {
			t.Errorf("access log line %d = %q; want it to begin %q", i+1, line, want[i])
		}
	}
}
