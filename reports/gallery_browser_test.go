package reports

import (
	"bytes"
	"context"
	"html"
	"image"
	"image/png"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"bulletin/internal/browsertest"
)

// chartsReadyTimeout is how long the gallery may take to render every chart.
const chartsReadyTimeout = 20 * time.Second

// chartsReady holds in the browser once every chart of the page has rendered (gallery.js).
const chartsReady = `document.body.dataset.chartsReady !== undefined && document.body.dataset.chartsReady === String(document.querySelectorAll("[data-chart-id]").length)`

// minInk is the share of a chart's pixels that must differ from its background: a chart with
// axes, labels and bars covers far more, an empty or failed one nothing.
const minInk = 0.01

// TestGalleryInChromium opens the chart gallery of the fixture's outputs in headless Chromium, served
// as `bulletin serve` serves them, with the network closed. In both languages every chart must be
// drawn, the page must log no error and ask for nothing outside the server, and the first chart's
// PNG and SVG buttons must download a PNG at twice its width and an SVG file. Each standalone chart
// page must draw its chart too. With GALLERY_SCREENSHOTS set, a full-page screenshot of each
// gallery is saved in that folder as gallery-<lang>.png.
//
// The gallery's contract: each chart is a <div class="chart" data-chart-id="ID"> in which ECharts
// draws on a canvas, with <button data-download="png" data-for="ID"> and data-download="svg"
// buttons; when every chart has rendered, the page sets document.body.dataset.chartsReady to the
// number of charts. charts/ID.LANG.html is the standalone page of chart ID.
func TestGalleryInChromium(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	// bulletinReport is fixtureReport with the figures the built-in bulletin templates name, which
	// Write needs since it renders the bulletin text too.
	if _, err := Write(context.Background(), out, bulletinReport(), Options{}); err != nil {
		t.Fatal(err)
	}
	checkGallery(t, out)
	t.Run("file", func(t *testing.T) { checkGalleryFromFolder(t, out) })
}

// checkGalleryFromFolder opens the galleries straight from the folder, as a file:// page, with
// every other request refused: the charts draw, and nothing is logged or asked for.
func checkGalleryFromFolder(t *testing.T, out string) {
	b := browsertest.New(t)
	b.Allow("file:///")
	for _, page := range []string{"index.html", "index.en.html", "charts/daily-trend.zh.html"} {
		b.Navigate((&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(out, page))}).String())
		b.WaitFor(chartsReady, chartsReadyTimeout)
		if n := browsertest.Eval[int](b, `document.querySelectorAll("[data-chart-id]").length`); n == 0 {
			t.Errorf("file://%s: no chart", page)
		}
		b.WaitForInk("body", minInk, chartsReadyTimeout)
		b.CheckClean("file://" + page)
	}
}

// checkGallery runs the checks of TestGalleryInChromium on the output folder out.
func checkGallery(t *testing.T, out string) {
	srv := serveFolder(t, out)
	screenshots := os.Getenv("GALLERY_SCREENSHOTS")

	for _, tc := range []struct{ lang, page string }{
		{"zh", "index.html"},
		{"en", "index.en.html"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			standalone, err := filepath.Glob(filepath.Join(out, "charts", "*."+tc.lang+".html"))
			if err != nil {
				t.Fatal(err)
			}
			var wantIDs, pages []string
			for _, path := range standalone {
				pages = append(pages, "charts/"+filepath.Base(path))
				// Pages are named by the chart's ID with hyphens: daily_trend is charts/daily-trend.zh.html.
				stem := strings.TrimSuffix(filepath.Base(path), "."+tc.lang+".html")
				wantIDs = append(wantIDs, strings.ReplaceAll(stem, "-", "_"))
			}
			slices.Sort(wantIDs)

			b := browsertest.New(t, srv.URL)
			b.Navigate(srv.URL + "/" + tc.page)
			b.WaitFor(chartsReady, chartsReadyTimeout)
			ids := browsertest.Eval[[]string](b, `Array.from(document.querySelectorAll("[data-chart-id]"), el => el.dataset.chartId)`)
			if len(ids) < 8 {
				t.Errorf("%s has %d charts, want at least 8", tc.page, len(ids))
			}
			if len(ids) != len(standalone) {
				t.Errorf("%s has %d charts, and charts/ has %d pages *.%s.html", tc.page, len(ids), len(standalone), tc.lang)
			}
			if sorted := slices.Sorted(slices.Values(ids)); !slices.Equal(sorted, wantIDs) {
				t.Errorf("%s charts %q; the standalone pages are for %q", tc.page, sorted, wantIDs)
			}
			canvases := browsertest.Eval[map[string]int](b, `Object.fromEntries(Array.from(document.querySelectorAll("[data-chart-id]"), el => [el.dataset.chartId, el.querySelectorAll("canvas").length]))`)
			for _, id := range ids {
				if canvases[id] == 0 {
					t.Errorf("%s chart %s has no canvas", tc.page, id)
					continue
				}
				if ink := b.InkShare(chartSelector(id)); ink <= minInk {
					t.Errorf("%s chart %s: %.2f%% of its canvas drawn, want more than %.0f%%", tc.page, id, ink*100, minInk*100)
				}
			}
			b.CheckClean(tc.page)
			if len(ids) == 0 {
				t.Fatalf("%s has no chart whose downloads could be tried", tc.page)
			}

			first := ids[0]
			cssWidth := browsertest.Eval[float64](b, `document.querySelector(`+jsQuote(chartSelector(first))+`).getBoundingClientRect().width`)
			pngFile := b.ClickDownload(`button[data-download="png"][data-for=` + cssString(first) + `]`)
			checkChartPNG(t, pngFile.Path, 2*cssWidth)
			svgFile := b.ClickDownload(`button[data-download="svg"][data-for=` + cssString(first) + `]`)
			checkChartSVG(t, svgFile.Path)
			// A saved picture carries the chart's note: the bin rule of the histogram, the whiskers of
			// the box plot, as the page writes them under the chart.
			for _, id := range []string{"response_histogram", "district_response"} {
				if !slices.Contains(ids, id) {
					t.Errorf("%s has no chart %s", tc.page, id)
					continue
				}
				note := browsertest.Eval[string](b, `document.getElementById(`+jsQuote(id)+`).querySelector("figcaption").textContent`)
				saved := b.ClickDownload(`button[data-download="svg"][data-for=` + cssString(id) + `]`)
				checkSVGHoldsText(t, saved.Path, note)
			}
			b.CheckClean(tc.page + " after the downloads")

			if screenshots != "" {
				if err := os.MkdirAll(screenshots, 0o755); err != nil {
					t.Fatal(err)
				}
				b.Screenshot(filepath.Join(screenshots, "gallery-"+tc.lang+".png"))
			}

			for _, page := range pages {
				b.Navigate(srv.URL + "/" + page)
				b.WaitFor(`document.body.dataset.chartsReady === "1"`, chartsReadyTimeout)
				b.WaitForInk("body", minInk, chartsReadyTimeout)
				if n := browsertest.Eval[int](b, `document.querySelectorAll("[data-chart-id]").length`); n > 1 {
					t.Errorf("%s has %d charts, want its one chart", page, n)
				}
				b.CheckClean(page)
			}
		})
	}
}

// chartSelector is the CSS selector of the gallery's element for chart id.
func chartSelector(id string) string {
	return `[data-chart-id=` + cssString(id) + `]`
}

// cssString quotes an attribute value for a CSS selector.
func cssString(value string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(value) + `"`
}

// jsQuote quotes s as a JavaScript string literal (a template literal would interpolate).
func jsQuote(s string) string {
	return `'` + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s) + `'`
}

// checkChartPNG checks that path is a PNG wantWidth pixels wide (within rounding) and not blank.
func checkChartPNG(t *testing.T, path string, wantWidth float64) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Errorf("PNG download: %v (starts %q)", err, data[:min(len(data), 16)])
		return
	}
	if w := img.Bounds().Dx(); math.Abs(float64(w)-wantWidth) > 2 {
		t.Errorf("PNG download is %d pixels wide, want twice the chart's %.1f CSS pixels: %.0f", w, wantWidth/2, wantWidth)
	}
	if ink := imageInk(img); ink <= minInk {
		t.Errorf("PNG download: %.2f%% of its pixels drawn, want more than %.0f%%", ink*100, minInk*100)
	}
}

// imageInk is the share of img's pixels that differ from its most frequent pixel, the background.
func imageInk(img image.Image) float64 {
	bounds := img.Bounds()
	counts := map[[4]uint32]int{}
	most := 0
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			r, g, b, a := img.At(x, y).RGBA()
			counts[[4]uint32{r, g, b, a}]++
			most = max(most, counts[[4]uint32{r, g, b, a}])
		}
	}
	total := bounds.Dx() * bounds.Dy()
	if total == 0 {
		return 0
	}
	return float64(total-most) / float64(total)
}

// checkChartSVG checks that path holds an SVG document.
func checkChartSVG(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.TrimSpace(strings.TrimPrefix(string(data), "\uFEFF"))
	if !strings.HasPrefix(text, "<svg") && !strings.HasPrefix(text, "<?xml") {
		t.Errorf("SVG download starts %q, want <svg or <?xml", text[:min(len(text), 40)])
	}
	if !strings.Contains(text, "</svg>") {
		t.Errorf("SVG download has no </svg>: %d bytes", len(data))
	}
}

// checkSVGHoldsText checks that the SVG file at path writes text, perhaps broken into lines: the
// text of its elements, unescaped and without white space, holds text without white space.
func checkSVGHoldsText(t *testing.T, path, text string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	squeeze := func(s string) string {
		return strings.Join(strings.Fields(s), "")
	}
	written := squeeze(html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(string(data), "")))
	if want := squeeze(text); want == "" || !strings.Contains(written, want) {
		t.Errorf("saved SVG %s does not write the note %q", filepath.Base(path), text)
	}
}
