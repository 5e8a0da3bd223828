// Package browsertest drives a headless Chromium from Go tests, so that a test sees a page as a
// reader's browser shows it: scripts run, canvases are drawn, downloads arrive as files.
//
// The browser has no network. Every request whose origin was not allowed (normally only the test's
// httptest server) is failed through the DevTools Fetch domain and recorded, and the host resolver
// maps every name to NOTFOUND, so that neither the page nor the browser itself reaches outside the
// machine. Console errors, uncaught exceptions and error entries of the browser log are recorded
// too; CheckClean turns each recorded problem into a test error.
//
// A test that needs the browser fails when Chromium is missing; it never skips. scripts/test.sh
// installs Debian's chromium and fonts-noto-cjk (for Chinese text) where they are missing.
package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// DefaultChromium is where Debian's chromium package installs the browser.
const DefaultChromium = "/usr/bin/chromium"

// Timeout bounds every wait of a Browser: a navigation, a condition, a download.
const Timeout = 20 * time.Second

// ViewportWidth and ViewportHeight are the size of the browser window, in CSS pixels.
const (
	ViewportWidth  = 1280
	ViewportHeight = 900
)

// Browser is one headless Chromium with one tab, for one test. Its methods report failures to the
// test that made it; they are meant for the test's goroutine.
type Browser struct {
	t   testing.TB
	ctx context.Context

	mu          sync.Mutex
	allowed     map[string]bool
	blocked     []string
	errors      []string
	downloadDir string
}

// Download is a file the page downloaded.
type Download struct {
	// Path is where the browser saved the file.
	Path string
	// SuggestedName is the name the page gave the file (the download attribute of a link).
	SuggestedName string
	// URL is the URL the file came from; for a file a script made, a data: or blob: URL.
	URL string
}

// New starts headless Chromium for the test t, with a fresh profile and the network closed: only
// the origins of the URLs in allow (and of those given to Allow later) can be reached. Downloads go
// to a temporary folder until SetDownloadDir names another. The browser stops when t ends.
//
// New fails the test, with a message saying how to install it, when Chromium is not at
// DefaultChromium nor on the PATH as chromium.
func New(t testing.TB, allow ...string) *Browser {
	t.Helper()
	return start(t, findChromium(), allow)
}

// findChromium returns the path of the Chromium binary, or "" when there is none.
func findChromium() string {
	if _, err := os.Stat(DefaultChromium); err == nil {
		return DefaultChromium
	}
	if path, err := exec.LookPath("chromium"); err == nil {
		return path
	}
	return ""
}

// start starts the Chromium at execPath; see New.
func start(t testing.TB, execPath string, allow []string) *Browser {
	t.Helper()
	if execPath == "" {
		t.Fatalf("browsertest: Chromium not found at %s nor as chromium on the PATH; this test needs it: run scripts/test.sh as root, or apt-get install chromium fonts-noto-cjk", DefaultChromium)
	}
	if info, err := os.Stat(execPath); err != nil || info.IsDir() || info.Mode()&0o111 == 0 {
		t.Fatalf("browsertest: Chromium not found at %s (%v); this test needs it: run scripts/test.sh as root, or apt-get install chromium fonts-noto-cjk", execPath, err)
	}
	profile := t.TempDir()
	downloads := t.TempDir()
	var output strings.Builder
	var outputMu sync.Mutex
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(execPath),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(ViewportWidth, ViewportHeight),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-domain-reliability", true),
		// Every host name fails to resolve; the test server is reached by its IP address.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"),
		chromedp.CombinedOutput(writerFunc(func(p []byte) (int, error) {
			outputMu.Lock()
			defer outputMu.Unlock()
			if output.Len() < 64<<10 {
				output.Write(p)
			}
			return len(p), nil
		})),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	b := &Browser{t: t, allowed: map[string]bool{}, downloadDir: downloads}
	ctx, cancelTab := chromedp.NewContext(allocCtx, chromedp.WithListener(b.record))
	b.ctx = ctx
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	for _, u := range allow {
		b.Allow(u)
	}

	// The first action starts the browser and opens the tab; the subscription to paused requests
	// starts before Fetch is enabled, so that no request is missed.
	if err := chromedp.Do(ctx); err != nil {
		outputMu.Lock()
		defer outputMu.Unlock()
		t.Fatalf("browsertest: start %s: %v\nbrowser output:\n%s", execPath, err, output.String())
	}
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	go b.filterRequests(paused)
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}}); err != nil {
		t.Fatalf("browsertest: close the network (Fetch.enable): %v", err)
	}
	b.SetDownloadDir(downloads)
	return b
}

// writerFunc turns a func into an io.Writer.
type writerFunc func(p []byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// Allow lets the page reach the origin (scheme, host and port) of rawURL.
func (b *Browser) Allow(rawURL string) {
	b.t.Helper()
	origin, err := originOf(rawURL)
	if err != nil {
		b.t.Fatalf("browsertest: allow %q: %v", rawURL, err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.allowed[origin] = true
}

// originOf returns scheme://host[:port] of rawURL, "file://" for any file URL (pages opened from a
// folder, which Allow("file:///") lets through), or an error for another URL that has no host.
func originOf(rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", err
	}
	if strings.EqualFold(u.Scheme, "file") {
		return "file://", nil
	}
	if u.Host == "" {
		return "", fmt.Errorf("%q has no host", rawURL)
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), nil
}

// filterRequests continues each paused request to an allowed origin and fails every other one,
// recording it first: a page that saw a request fail finds it already in Blocked.
func (b *Browser) filterRequests(paused iter.Seq2[fetch.EventRequestPaused, error]) {
	for ev, err := range paused {
		if err != nil {
			return
		}
		origin, originErr := originOf(ev.Request.URL)
		b.mu.Lock()
		allowed := originErr == nil && b.allowed[origin]
		if !allowed {
			b.blocked = append(b.blocked, ev.Request.URL)
		}
		b.mu.Unlock()
		if allowed {
			_, err = chromedp.Call(b.ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
		} else {
			_, err = chromedp.Call(b.ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
		}
		if err != nil && b.ctx.Err() != nil {
			return
		}
	}
}

// record keeps the console errors, uncaught exceptions and browser log errors of the tab. It runs in
// the tab's event loop, in the order the events arrive, so that what happened before a command's
// reply is recorded when the command returns.
func (b *Browser) record(ev any) {
	var problem string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		args := make([]string, len(ev.Args))
		for i, arg := range ev.Args {
			args[i] = remoteText(arg)
		}
		problem = "console." + string(ev.Type) + ": " + strings.Join(args, " ")
		if st := ev.StackTrace; st != nil && len(st.CallFrames) > 0 {
			f := st.CallFrames[0]
			problem += fmt.Sprintf(" (%s:%d)", f.URL, f.LineNumber+1)
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		problem = "uncaught exception: " + d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			problem += " " + d.Exception.Description
		}
		if d.URL != "" {
			problem += fmt.Sprintf(" (%s:%d)", d.URL, d.LineNumber+1)
		}
	case *log.EventEntryAdded:
		if ev.Entry == nil || ev.Entry.Level != log.EntryLevelError {
			return
		}
		problem = "browser log (" + string(ev.Entry.Source) + "): " + ev.Entry.Text
		if ev.Entry.URL != "" {
			problem += " " + ev.Entry.URL
		}
	default:
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.errors = append(b.errors, problem)
}

// remoteText is how the DevTools console shows a console argument.
func remoteText(o *runtime.RemoteObject) string {
	if o == nil {
		return ""
	}
	if len(o.Value) > 0 {
		var s string
		if err := json.Unmarshal(o.Value, &s); err == nil {
			return s
		}
		return string(o.Value)
	}
	if o.UnserializableValue != "" {
		return string(o.UnserializableValue)
	}
	return o.Description
}

// Blocked returns the URLs of the requests failed because their origin was not allowed, in the
// order they were made.
func (b *Browser) Blocked() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.blocked...)
}

// Errors returns the console errors (and failed console.assert calls), uncaught exceptions and
// error entries of the browser log, such as a failed resource load, in the order they happened.
func (b *Browser) Errors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.errors...)
}

// Reset forgets the blocked requests and errors recorded so far.
func (b *Browser) Reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.blocked, b.errors = nil, nil
}

// CheckClean reports a test error for every request blocked and every error recorded since the last
// Reset, naming what (page, for example) was being checked; then it resets.
func (b *Browser) CheckClean(what string) {
	b.t.Helper()
	for _, u := range b.Blocked() {
		b.t.Errorf("%s: request to a blocked origin: %s", what, u)
	}
	for _, e := range b.Errors() {
		b.t.Errorf("%s: %s", what, e)
	}
	b.Reset()
}

// Navigate loads rawURL in the tab and waits for its load event. A page that fails to load, or
// whose HTTP status is not 2xx, fails the test.
func (b *Browser) Navigate(rawURL string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, Timeout)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(rawURL))
	if err != nil {
		b.t.Fatalf("browsertest: load %s: %v%s", rawURL, err, b.problemsNote())
	}
	if resp != nil && (resp.Status < 200 || resp.Status > 299) {
		b.t.Fatalf("browsertest: load %s: HTTP %d %s", rawURL, resp.Status, resp.StatusText)
	}
}

// problemsNote lists what the browser recorded, for a failure message.
func (b *Browser) problemsNote() string {
	var note strings.Builder
	for _, u := range b.Blocked() {
		note.WriteString("\n  blocked: " + u)
	}
	for _, e := range b.Errors() {
		note.WriteString("\n  " + e)
	}
	if note.Len() == 0 {
		return ""
	}
	return "\nrecorded in the browser:" + note.String()
}

// Eval evaluates the JavaScript expression in the page of b, awaiting it if it is a promise, and
// decodes its value into T. An exception fails the test.
func Eval[T any](b *Browser, expression string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, Timeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expression, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("browsertest: evaluate %s: %v", expression, err)
	}
	return v
}

// WaitFor waits until the JavaScript expression is truthy, for at most timeout. On timeout it fails
// the test, listing what the browser recorded (a script error usually says why).
func (b *Browser) WaitFor(expression string, timeout time.Duration) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, timeout+5*time.Second)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expression,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(timeout)))
	if err != nil {
		b.t.Fatalf("browsertest: waited %s for %s: %v%s", timeout, expression, err, b.problemsNote())
	}
}

// Click clicks, with the mouse, the first element matching the CSS selector.
func (b *Browser) Click(selector string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, Timeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(selector))); err != nil {
		b.t.Fatalf("browsertest: click %s: %v", selector, err)
	}
}

// MobileWidth is the widest viewport SetViewport emulates as a phone.
const MobileWidth = 600

// SetViewport makes the tab's viewport width by height CSS pixels at a device scale of 1, as a
// window of that size would show the page, and fires the page's resize event. A width of at most
// MobileWidth is emulated as a phone with a touch screen: the page's viewport meta element applies,
// as in a phone's browser or WeChat's, so a page without one is laid out 980 pixels wide and scaled
// down. The viewport stays until the next call; pages loaded later keep it.
func (b *Browser) SetViewport(width, height int) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, Timeout)
	defer cancel()
	options := []chromedp.EmulateViewportOption{chromedp.EmulateScale(1)}
	if width <= MobileWidth {
		options = append(options, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height), options...)); err != nil {
		b.t.Fatalf("browsertest: set the viewport to %dx%d: %v", width, height, err)
	}
}

// SetDownloadDir makes the browser save downloads in dir, which must exist. Each file is named by
// the browser's id of the download (see Download.SuggestedName for the page's name).
func (b *Browser) SetDownloadDir(dir string) {
	b.t.Helper()
	abs, err := filepath.Abs(dir)
	if err != nil {
		b.t.Fatalf("browsertest: download folder: %v", err)
	}
	_, err = chromedp.CallBrowser(b.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior:      browser.SetDownloadBehaviorBehaviorAllowAndName,
		DownloadPath:  abs,
		EventsEnabled: new(true),
	})
	if err != nil {
		b.t.Fatalf("browsertest: set the download folder: %v", err)
	}
	b.mu.Lock()
	b.downloadDir = abs
	b.mu.Unlock()
}

// ClickDownload clicks the first element matching the CSS selector and waits until the download it
// starts has completed.
func (b *Browser) ClickDownload(selector string) Download {
	b.t.Helper()
	return b.DownloadAfter(func() { b.Click(selector) })
}

// DownloadAfter runs trigger, which must make the page download one file, and waits until the
// download has completed. A download that is cancelled or does not complete within Timeout fails
// the test.
func (b *Browser) DownloadAfter(trigger func()) Download {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, Timeout)
	defer cancel()
	begun := chromedp.BrowserEvents(ctx, browser.DownloadWillBegin)
	progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	trigger()

	var d Download
	var guid string
	for ev, err := range begun {
		if err != nil {
			b.t.Fatalf("browsertest: no download began: %v%s", err, b.problemsNote())
		}
		guid, d.SuggestedName, d.URL = ev.GUID, ev.SuggestedFilename, ev.URL
		break
	}
	for ev, err := range progress {
		if err != nil {
			b.t.Fatalf("browsertest: download %s did not complete: %v", d.SuggestedName, err)
		}
		if ev.GUID != guid {
			continue
		}
		switch ev.State {
		case browser.DownloadProgressStateCanceled:
			b.t.Fatalf("browsertest: download %s was cancelled", d.SuggestedName)
		case browser.DownloadProgressStateCompleted:
			d.Path = ev.FilePath
			if d.Path == "" {
				b.mu.Lock()
				d.Path = filepath.Join(b.downloadDir, guid)
				b.mu.Unlock()
			}
			return d
		}
	}
	b.t.Fatalf("browsertest: download %s did not complete", d.SuggestedName)
	return d
}

// Screenshot saves a PNG of the whole page, beyond the window, to path.
func (b *Browser) Screenshot(path string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, Timeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("browsertest: screenshot: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatalf("browsertest: screenshot: %v", err)
	}
}

// inkScript measures a canvas: the share of its pixels that differ from its most frequent pixel
// (the background). The canvas is the element itself, or the largest canvas inside it; it is copied
// onto a fresh 2D canvas so that any kind of canvas can be read.
const inkScript = `((selector) => {
	const el = document.querySelector(selector);
	if (!el) throw new Error("no element matches " + selector);
	const canvases = el.tagName === "CANVAS" ? [el] : Array.from(el.querySelectorAll("canvas"));
	if (canvases.length === 0) throw new Error("no canvas in " + selector);
	const src = canvases.reduce((a, c) => c.width * c.height > a.width * a.height ? c : a);
	if (src.width === 0 || src.height === 0) return 0;
	const copy = document.createElement("canvas");
	copy.width = src.width; copy.height = src.height;
	const g = copy.getContext("2d");
	g.drawImage(src, 0, 0);
	const px = new Uint32Array(g.getImageData(0, 0, copy.width, copy.height).data.buffer);
	const counts = new Map();
	let background = 0, most = 0;
	for (const p of px) {
		const n = (counts.get(p) || 0) + 1;
		counts.set(p, n);
		if (n > most) { most = n; background = p; }
	}
	return (px.length - most) / px.length;
})`

// InkShare returns the share (0 to 1) of the pixels of a canvas that differ from its background
// (its most frequent pixel value). selector names the canvas, or an element whose largest canvas
// is measured; a missing element or canvas fails the test. A blank canvas gives 0.
func (b *Browser) InkShare(selector string) float64 {
	b.t.Helper()
	share, err := b.measureInk(selector)
	if err != nil {
		b.t.Fatalf("browsertest: measure the canvas of %s: %v", selector, err)
	}
	return share
}

// measureInk runs inkScript on selector.
func (b *Browser) measureInk(selector string) (float64, error) {
	ctx, cancel := context.WithTimeout(b.ctx, Timeout)
	defer cancel()
	share, err := chromedp.Run(ctx, chromedp.Evaluate[float64](inkScript+"("+jsString(selector)+")"))
	var exception *chromedp.ExceptionError
	if errors.As(err, &exception) && exception.Exception != nil {
		// The description's first line is the message; the rest is a stack inside inkScript.
		message, _, _ := strings.Cut(exception.Exception.Description, "\n")
		return 0, errors.New(message)
	}
	return share, err
}

// WaitForInk waits until InkShare(selector) exceeds minShare, for at most timeout: a chart that
// animates in, or is drawn after the load event, has then been drawn. On timeout it fails the test
// with the last share measured (or why nothing could be measured) and what the browser recorded.
func (b *Browser) WaitForInk(selector string, minShare float64, timeout time.Duration) {
	b.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		share, err := b.measureInk(selector)
		if err == nil && share > minShare {
			return
		}
		if time.Now().After(deadline) {
			last := fmt.Sprintf("last measured %.4f", share)
			if err != nil {
				last = err.Error()
			}
			b.t.Fatalf("browsertest: waited %s for %s to have more than %.2f%% ink: %s%s", timeout, selector, minShare*100, last, b.problemsNote())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	quoted, _ := json.Marshal(s) // a string always encodes
	return string(quoted)
}
