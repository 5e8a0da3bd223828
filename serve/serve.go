// Package serve publishes output folders to a browser: the chart gallery, the bulletin texts and the
// workbooks that `bulletin report` writes, read-only, from one root folder.
//
// The root holds either one output folder (it has an index.html, served at /) or several, one per
// period or campaign, each in a direct subfolder; then / is a generated page listing them, newest
// period first. Files are opened through an os.Root, so neither a ".." in a path nor a symbolic link
// can reach a file outside the root. Only GET and HEAD are answered; folders are never listed, and
// names starting with "." (such as the staging folders of a report being written) are not served.
//
// Only the public outputs are published unless Options.Internal asks for the internal ones too: a
// path with a segment named "internal" (the folder reports.InternalDir, holding the workbooks,
// metrics.json and quality.csv) is answered 404 Not Found, and so are the files an output folder
// written before that folder existed held at its top (metrics.json, quality.csv, summary.*.xlsx).
package serve

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// securityHeaders are the headers of every response. The gallery's pages inline their scripts and
// styles and draw PNG downloads from data: and blob: URLs; nothing may load from another origin.
var securityHeaders = [...][2]string{
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "no-referrer"},
	{"Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'"},
}

// contentTypes maps the extensions of the outputs to their media types. The table is fixed, rather
// than read from the system's mime.types, so that the same file gets the same type on every machine;
// with nosniff, anything else is served as application/octet-stream.
var contentTypes = map[string]string{
	".html":  "text/html; charset=utf-8",
	".htm":   "text/html; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".md":    "text/markdown; charset=utf-8",
	".txt":   "text/plain; charset=utf-8",
	".csv":   "text/csv; charset=utf-8",
	".json":  "application/json",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".jpeg":  "image/jpeg",
	".ico":   "image/x-icon",
	".woff2": "font/woff2",
	".pdf":   "application/pdf",
	".xlsx":  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

// contentType returns the media type Handler sends for a file named name.
func contentType(name string) string {
	if t, ok := contentTypes[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return "application/octet-stream"
}

// indexFile is the page served for a folder; a folder without one is not shown.
const indexFile = "index.html"

// maxMetricsBytes bounds how much of a metrics.json the listing reads.
const maxMetricsBytes = 64 << 20

// internalDir is the subfolder of an output folder holding its internal files (reports.InternalDir).
const internalDir = "internal"

// Options configures Handler. The zero value publishes the public outputs only, without an access log.
type Options struct {
	// Internal publishes the internal outputs too (the folder internal/ of each output folder).
	Internal bool
	// Logger, when not nil, gets one line per request at info level: method, path, status, bytes
	// sent and duration.
	Logger *slog.Logger
}

// handler serves the files under dir.
type handler struct {
	dir      string
	internal bool
}

// Handler returns an http.Handler that serves the files under the folder root read-only. root must
// be a folder that can be opened.
//
// The folder is opened afresh for every request, so that outputs written while serving (a report
// replaces its folder as a whole) are served at once. A path with a "." or ".." segment, an empty
// segment, a backslash or a NUL byte is refused with 400 Bad Request, however it was encoded; a
// symbolic link that leads out of root is answered 404 Not Found.
func Handler(root string, opts Options) (http.Handler, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	info, err := r.Stat(".")
	r.Close()
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("serve: %s is not a folder", root)
	}
	var h http.Handler = &handler{dir: root, internal: opts.Internal}
	if opts.Logger != nil {
		h = accessLog(h, opts.Logger)
	}
	return h, nil
}

// isInternal reports whether the file name (slash-separated, inside the root) is an internal output.
func isInternal(name string) bool {
	for segment := range strings.SplitSeq(name, "/") {
		if segment == internalDir {
			return true
		}
	}
	base := path.Base(name)
	return base == "metrics.json" || base == "quality.csv" ||
		strings.HasPrefix(base, "summary.") && strings.HasSuffix(strings.ToLower(base), ".xlsx")
}

// accessLog logs each request next serves, when it is answered.
func accessLog(next http.Handler, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		began := time.Now()
		counted := &countingWriter{ResponseWriter: w}
		next.ServeHTTP(counted, r)
		if counted.status == 0 {
			counted.status = http.StatusOK
		}
		logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Int("status", counted.status),
			slog.Int64("bytes", counted.bytes), slog.Duration("duration", time.Since(began)))
	})
}

// countingWriter records the status and the number of body bytes of a response.
type countingWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

// WriteHeader records the status and sends the header.
func (c *countingWriter) WriteHeader(status int) {
	if c.status == 0 {
		c.status = status
	}
	c.ResponseWriter.WriteHeader(status)
}

// Write counts the bytes of the body it sends.
func (c *countingWriter) Write(p []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	n, err := c.ResponseWriter.Write(p)
	c.bytes += int64(n)
	return n, err
}

// Unwrap gives http.ResponseController the writer underneath.
func (c *countingWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for _, header := range securityHeaders {
		w.Header().Set(header[0], header[1])
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, ok := cleanPath(r.URL.Path)
	if !ok {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	root, err := os.OpenRoot(h.dir)
	if err != nil {
		// Also the moment a report swaps its new folder in for the old one.
		http.Error(w, "outputs not available", http.StatusServiceUnavailable)
		return
	}
	defer root.Close()

	if name == "." {
		if _, err := root.Stat(indexFile); errors.Is(err, fs.ErrNotExist) {
			serveListing(w, r, root, h.internal)
			return
		}
	}
	if strings.HasSuffix(r.URL.Path, "/") {
		name = path.Join(name, indexFile)
	}
	if !h.internal && isInternal(name) {
		http.NotFound(w, r)
		return
	}
	serveFile(w, r, root, name)
}

// cleanPath turns the URL path p into a name inside the root ("." for the root itself) and reports
// whether p is acceptable. p is the decoded path, so "%2e%2e" and "..%2f" arrive here as "..".
func cleanPath(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	trimmed := strings.TrimSuffix(p[1:], "/")
	if trimmed == "" {
		return ".", p == "/"
	}
	for segment := range strings.SplitSeq(trimmed, "/") {
		if segment == "" || segment == "." || segment == ".." {
			return "", false
		}
	}
	return trimmed, true
}

// serveFile answers with the regular file name; a folder is redirected to its URL with a trailing
// slash, and anything else, hidden names included, is 404.
func serveFile(w http.ResponseWriter, r *http.Request, root *os.Root, name string) {
	for segment := range strings.SplitSeq(name, "/") {
		if strings.HasPrefix(segment, ".") {
			http.NotFound(w, r)
			return
		}
	}
	// Stat first, so that a FIFO or a device is never opened (opening a FIFO blocks).
	info, err := root.Stat(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if info.IsDir() {
		if strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		// A relative target: the folder's index.html links its files relative to the folder.
		w.Header().Set("Location", path.Base(r.URL.Path)+"/")
		w.WriteHeader(http.StatusMovedPermanently)
		return
	}
	if !info.Mode().IsRegular() {
		http.NotFound(w, r)
		return
	}
	f, err := root.Open(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	info, err = f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", contentType(name))
	// Outputs are replaced in place by the next report: ask the browser to revalidate every time.
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, name, info.ModTime(), f)
}

// listingEntry is one output folder on the generated root page.
type listingEntry struct {
	Folder string
	// NameZh, NameEn, Start and End come from the folder's metrics.json; they are empty when it is
	// missing or unreadable, and then MetricsNote says why.
	NameZh, NameEn string
	Start, End     string
	// Languages are the campaign's, from metrics.json: the first one's gallery is index.html.
	Languages   []string
	MetricsNote string
	Pages       []link
	Downloads   []link
}

// link is a file of an output folder.
type link struct {
	Label string
	Href  string
}

// listedPages and listedDownloads are the files the listing links, when present.
var (
	listedPages = []struct{ file, label string }{
		{"index.html", "图表 (中文)"},
		{"index.en.html", "Charts (English)"},
	}
	listedDownloads = []struct{ file, label string }{
		{"bulletin.zh.md", "通报 bulletin.zh.md"},
		{"bulletin.en.md", "Bulletin bulletin.en.md"},
	}
	// listedInternal are listed only when the internal outputs are published.
	listedInternal = []struct{ file, label string }{
		{internalDir + "/summary.zh.xlsx", "汇总表（内部资料）summary.zh.xlsx"},
		{internalDir + "/summary.en.xlsx", "Summary workbook (internal) summary.en.xlsx"},
	}
)

//go:embed listing.html
var listingSource string

var listingPage = template.Must(template.New("listing").Parse(listingSource))

// serveListing answers with the page listing root's output folders; it links the internal workbooks
// only when internal is set.
func serveListing(w http.ResponseWriter, r *http.Request, root *os.Root, internal bool) {
	entries, err := listOutputs(root, internal)
	if err != nil {
		http.Error(w, "cannot list the outputs", http.StatusInternalServerError)
		return
	}
	var page bytes.Buffer
	if err := listingPage.Execute(&page, entries); err != nil {
		http.Error(w, "cannot render the list of outputs", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", contentTypes[".html"])
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Content-Length", strconv.Itoa(page.Len()))
	w.Write(page.Bytes())
}

// listOutputs returns the direct subfolders of root that have an index.html, newest period end
// first, then by folder name; folders without a period come last. The internal workbooks are among
// the downloads only when internal is set.
func listOutputs(root *os.Root, internal bool) ([]listingEntry, error) {
	dir, err := root.Open(".")
	if err != nil {
		return nil, err
	}
	dirEntries, err := dir.ReadDir(-1)
	dir.Close()
	if err != nil {
		return nil, err
	}
	var entries []listingEntry
	for _, d := range dirEntries {
		folder := d.Name()
		if strings.HasPrefix(folder, ".") || strings.ContainsAny(folder, "\\\x00") {
			continue
		}
		// Stat follows a symbolic link that stays inside the root, and fails for one that leaves it.
		if info, err := root.Stat(folder); err != nil || !info.IsDir() {
			continue
		}
		if info, err := root.Stat(folder + "/" + indexFile); err != nil || !info.Mode().IsRegular() {
			continue
		}
		entry := listingEntry{Folder: folder}
		// metrics.json is internal, but the campaign's name and period it gives are on the public
		// gallery too. An output folder written before internal/ existed has it at its top.
		metricsFile := folder + "/" + internalDir + "/metrics.json"
		if !isFile(root, metricsFile) && isFile(root, folder+"/metrics.json") {
			metricsFile = folder + "/metrics.json"
		}
		if err := readCampaign(root, metricsFile, &entry); err != nil {
			entry.MetricsNote = err.Error()
		}
		base := url.PathEscape(folder) + "/"
		for _, p := range listedPages {
			label := p.label
			if p.file == indexFile && len(entry.Languages) > 0 && entry.Languages[0] == "en" {
				// A campaign published in English first (or only) has its English gallery there.
				label = "Charts (English)"
			}
			if isFile(root, folder+"/"+p.file) {
				entry.Pages = append(entry.Pages, link{Label: label, Href: base + p.file})
			}
		}
		downloads := listedDownloads
		if internal {
			downloads = append(slices.Clone(listedInternal), downloads...)
		}
		for _, d := range downloads {
			if isFile(root, folder+"/"+d.file) {
				entry.Downloads = append(entry.Downloads, link{Label: d.label, Href: base + d.file})
			}
		}
		entries = append(entries, entry)
	}
	slices.SortFunc(entries, func(a, b listingEntry) int {
		switch {
		case a.End == b.End:
			return strings.Compare(a.Folder, b.Folder)
		case a.End == "":
			return 1
		case b.End == "":
			return -1
		}
		return strings.Compare(b.End, a.End)
	})
	return entries, nil
}

// isFile reports whether name is a regular file inside root.
func isFile(root *os.Root, name string) bool {
	info, err := root.Stat(name)
	return err == nil && info.Mode().IsRegular()
}

// metricsCampaign is the part of metrics.json (docs/metrics.md) that the listing shows.
type metricsCampaign struct {
	Campaign struct {
		Name struct {
			Zh string `json:"zh"`
			En string `json:"en"`
		} `json:"name"`
		Start     string   `json:"start"`
		End       string   `json:"end"`
		Languages []string `json:"languages"`
	} `json:"campaign"`
}

// readCampaign fills entry's campaign name and period from the metrics.json at name.
func readCampaign(root *os.Root, name string, entry *listingEntry) error {
	f, err := root.Open(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return errors.New("no metrics.json")
		}
		return errors.New("metrics.json cannot be opened")
	}
	defer f.Close()
	var m metricsCampaign
	if err := json.NewDecoder(io.LimitReader(f, maxMetricsBytes)).Decode(&m); err != nil {
		return errors.New("metrics.json cannot be read")
	}
	entry.NameZh, entry.NameEn = m.Campaign.Name.Zh, m.Campaign.Name.En
	entry.Start, entry.End = m.Campaign.Start, m.Campaign.End
	entry.Languages = m.Campaign.Languages
	return nil
}
