package browsertest

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// drawingPage draws a red 100x50 rectangle at (20, 20) on a transparent 200x100 canvas, leaves a
// second canvas blank, downloads the drawing as drawing.png from a button, asks for an image on a
// remote host and writes one console error.
const drawingPage = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>drawing</title></head>
<body>
<canvas id="drawing" width="200" height="100"></canvas>
<canvas id="blank" width="200" height="100"></canvas>
<button id="save" type="button">Save PNG</button>
<img id="remote" src="https://example.com/x.png" alt="">
<script>
const canvas = document.getElementById("drawing");
const g = canvas.getContext("2d");
g.fillStyle = "#ff0000";
g.fillRect(20, 20, 100, 50);
document.getElementById("save").addEventListener("click", () => {
	const a = document.createElement("a");
	a.href = canvas.toDataURL("image/png");
	a.download = "drawing.png";
	document.body.appendChild(a);
	a.click();
	a.remove();
});
console.error("deliberate error", 42);
</script>
</body></html>`

// servePage serves html at / on a test server.
func servePage(t *testing.T, html string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, html)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestCanvasDrawnByThePageIsMeasured(t *testing.T) {
	srv := servePage(t, drawingPage)
	b := New(t, srv.URL)
	b.Navigate(srv.URL)
	for _, tc := range []struct {
		selector string
		want     float64
	}{
		{"#drawing", 100.0 * 50 / (200 * 100)},
		{"#blank", 0},
		{"body", 100.0 * 50 / (200 * 100)}, // the largest canvas inside; both are 200x100, the first wins
	} {
		if got := b.InkShare(tc.selector); got != tc.want {
			t.Errorf("InkShare(%s) = %v, want %v", tc.selector, got, tc.want)
		}
	}
}

func TestDownloadArrivesAsTheCanvasPNG(t *testing.T) {
	srv := servePage(t, drawingPage)
	b := New(t, srv.URL)
	dir := t.TempDir()
	b.SetDownloadDir(dir)
	b.Navigate(srv.URL)
	d := b.ClickDownload("#save")
	if d.SuggestedName != "drawing.png" || !strings.HasPrefix(d.URL, "data:image/png") {
		t.Errorf("download %q from %.30q; want drawing.png from a data:image/png URL", d.SuggestedName, d.URL)
	}
	if filepath.Dir(d.Path) != dir {
		t.Errorf("download saved at %s, want in %s", d.Path, dir)
	}
	data, err := os.ReadFile(d.Path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the download is not a PNG: %v", err)
	}
	if size := img.Bounds().Size(); size != image.Pt(200, 100) {
		t.Errorf("PNG is %v, want 200x100", size)
	}
	for _, tc := range []struct {
		x, y int
		want color.NRGBA
	}{
		{20, 20, color.NRGBA{255, 0, 0, 255}},
		{119, 69, color.NRGBA{255, 0, 0, 255}},
		{120, 70, color.NRGBA{}},
		{5, 5, color.NRGBA{}},
	} {
		if got := color.NRGBAModel.Convert(img.At(tc.x, tc.y)).(color.NRGBA); got != tc.want {
			t.Errorf("pixel (%d, %d) = %v, want %v", tc.x, tc.y, got, tc.want)
		}
	}
}

func TestRemoteRequestIsBlockedAndConsoleErrorsRecorded(t *testing.T) {
	srv := servePage(t, drawingPage)
	b := New(t, srv.URL)
	b.Navigate(srv.URL)
	if got := b.Blocked(); !slices.Equal(got, []string{"https://example.com/x.png"}) {
		t.Errorf("Blocked() = %q, want the remote image only", got)
	}
	// The image failed in the page too: it has no pixels.
	if w := Eval[int](b, `document.getElementById("remote").naturalWidth`); w != 0 {
		t.Errorf("the remote image has width %d; it should have failed", w)
	}
	errs := b.Errors()
	if !slices.ContainsFunc(errs, func(e string) bool { return strings.HasPrefix(e, "console.error: deliberate error 42") }) {
		t.Errorf("Errors() = %q, want the page's console.error", errs)
	}
	if !slices.ContainsFunc(errs, func(e string) bool { return strings.Contains(e, "https://example.com/x.png") }) {
		t.Errorf("Errors() = %q, want the failed load of the remote image", errs)
	}

	// An uncaught exception after the load is recorded too, and Reset forgets everything.
	b.Reset()
	Eval[bool](b, `setTimeout(() => { window.thrown = true; throw new Error("deliberate exception"); }, 10), true`)
	b.WaitFor(`window.thrown === true`, 5*time.Second)
	if errs := b.Errors(); len(errs) != 1 || !strings.Contains(errs[0], "uncaught exception") || !strings.Contains(errs[0], "deliberate exception") {
		t.Errorf("Errors() = %q, want the one uncaught exception", errs)
	}
	if got := b.Blocked(); len(got) != 0 {
		t.Errorf("Blocked() after Reset = %q, want none", got)
	}
}

func TestAPageWithoutProblemsIsClean(t *testing.T) {
	srv := servePage(t, `<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body><p id="p">中文 text</p><script>console.log("fine"); console.warn("not an error");</script></body></html>`)
	b := New(t, srv.URL)
	b.Navigate(srv.URL)
	if got := Eval[string](b, `document.getElementById("p").textContent`); got != "中文 text" {
		t.Errorf("text = %q", got)
	}
	if errs, blocked := b.Errors(), b.Blocked(); len(errs) != 0 || len(blocked) != 0 {
		t.Errorf("a clean page recorded errors %q and blocked %q", errs, blocked)
	}
	shot := filepath.Join(t.TempDir(), "page.png")
	b.Screenshot(shot)
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width != ViewportWidth {
		t.Errorf("screenshot: %v, %dx%d; want a PNG %d wide", err, cfg.Width, cfg.Height, ViewportWidth)
	}
}

// fatalRecorder is a testing.TB whose Fatalf records the message and ends the goroutine, as
// testing.T's does.
type fatalRecorder struct {
	testing.TB
	mu      sync.Mutex
	message string
}

func (r *fatalRecorder) Helper() {}

func (r *fatalRecorder) Fatalf(format string, args ...any) {
	r.mu.Lock()
	r.message = fmt.Sprintf(format, args...)
	r.mu.Unlock()
	runtime.Goexit()
}

func TestWaitForInkWaitsForALateDrawingAndFailsOnABlankCanvas(t *testing.T) {
	srv := servePage(t, `<!DOCTYPE html><html><body>
<canvas id="late" width="100" height="100"></canvas><canvas id="blank" width="100" height="100"></canvas>
<script>setTimeout(() => { const g = document.getElementById("late").getContext("2d"); g.fillRect(0, 0, 50, 10); }, 300);</script>
</body></html>`)
	r := &fatalRecorder{TB: t}
	b := New(r, srv.URL)
	b.Navigate(srv.URL)
	b.WaitForInk("#late", 0.01, 5*time.Second)
	if got := b.InkShare("#late"); got != 0.05 {
		t.Errorf("InkShare(#late) = %v, want 0.05", got)
	}

	done := make(chan struct{})
	go func() {
		defer close(done)
		b.WaitForInk("#blank", 0.01, 500*time.Millisecond)
		t.Error("WaitForInk on a blank canvas returned")
	}()
	<-done
	if !strings.Contains(r.message, "#blank") || !strings.Contains(r.message, "last measured 0.0000") {
		t.Errorf("WaitForInk on a blank canvas failed with %q", r.message)
	}
}

func TestNavigateFailsOnAnHTTPError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(srv.Close)
	r := &fatalRecorder{TB: t}
	b := New(r, srv.URL)
	done := make(chan struct{})
	go func() {
		defer close(done)
		b.Navigate(srv.URL + "/index.html")
		t.Error("Navigate to a missing page returned")
	}()
	<-done
	if !strings.Contains(r.message, "/index.html: HTTP 404") {
		t.Errorf("Navigate to a missing page failed with %q", r.message)
	}
}

func TestMissingChromiumFailsTheTest(t *testing.T) {
	for _, path := range []string{"", filepath.Join(t.TempDir(), "chromium")} {
		r := &fatalRecorder{TB: t}
		done := make(chan struct{})
		go func() {
			defer close(done)
			start(r, path, nil)
			t.Errorf("start(%q) returned; it should fail the test", path)
		}()
		<-done
		if !strings.Contains(r.message, "Chromium not found") || !strings.Contains(r.message, "apt-get install chromium") {
			t.Errorf("start(%q) failed with %q; want a message saying Chromium is missing and how to install it", path, r.message)
		}
	}
}

// viewportPage reports its layout viewport: with the viewport meta element it is as wide as the
// device, without it a phone's browser lays the page out 980 pixels wide.
const viewportPage = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>viewport</title></head>
<body><script>addEventListener("resize", () => { document.body.dataset.resized = "yes"; });</script></body></html>`

func TestSetViewportEmulatesAPhoneAndADesktop(t *testing.T) {
	srv := servePage(t, viewportPage)
	bare := servePage(t, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>bare</title></head><body></body></html>`)
	b := New(t, srv.URL, bare.URL)
	b.Navigate(srv.URL)
	for _, tc := range []struct {
		width, height int
		touch         bool
	}{
		{390, 844, true},
		{1400, 900, false},
		{MobileWidth, 800, true},
		{MobileWidth + 1, 800, false},
	} {
		b.SetViewport(tc.width, tc.height)
		got := Eval[[]float64](b, `[innerWidth, innerHeight, document.documentElement.clientWidth, devicePixelRatio, navigator.maxTouchPoints > 0 ? 1 : 0]`)
		want := []float64{float64(tc.width), float64(tc.height), float64(tc.width), 1, 0}
		if tc.touch {
			want[4] = 1
		}
		if !slices.Equal(got, want) {
			t.Errorf("SetViewport(%d, %d): [innerWidth innerHeight clientWidth devicePixelRatio touch] = %v, want %v", tc.width, tc.height, got, want)
		}
	}
	b.WaitFor(`document.body.dataset.resized === "yes"`, 5*time.Second)

	// A page without a viewport meta element is laid out as a desktop page on the phone.
	b.SetViewport(390, 844)
	b.Navigate(bare.URL)
	if w := Eval[float64](b, `document.documentElement.clientWidth`); w != 980 {
		t.Errorf("page without a viewport meta at 390 px: layout viewport %v px wide, want 980 (a phone's default)", w)
	}
	b.CheckClean("viewport pages")
}
