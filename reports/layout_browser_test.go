package reports

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bulletin/internal/browsertest"
	"bulletin/metrics"
	"bulletin/serve"
)

// textBoxesScript lists, for every chart of the page, the boxes of the texts ECharts drew and
// the problems among them: two boxes that overlap by more than the tolerance, or a box that reaches
// beyond the chart's container. A box is the text element's bounding rectangle transformed to the
// chart's coordinates, taken from ECharts' own display list, so it is what the reader sees.
//
// The texts inside a series (a bar's value label, a mark line's number, a heat map cell) are left
// out: they are drawn on the plot, where ECharts places them against the data, not against the
// layout this test checks, and they may sit on a bar or a line by design.
const textBoxesScript = `((tolerance) => {
	const report = [];
	for (const dom of document.querySelectorAll("[data-chart-id]")) {
		const chart = echarts.getInstanceByDom(dom);
		const id = dom.dataset.chartId;
		if (!chart) { report.push({chart: id, problem: "no ECharts instance"}); continue; }
		const width = chart.getWidth(), height = chart.getHeight();
		const owners = new Map();
		chart.getModel().eachComponent((mainType, model) => {
			const view = mainType === "series" ? chart.getViewOfSeriesModel(model) : chart.getViewOfComponentModel(model);
			if (view && view.group) owners.set(view.group, mainType);
		});
		const ownerOf = (el) => {
			for (let p = el; p; p = p.parent || p.__hostTarget) {
				if (owners.has(p)) return owners.get(p);
			}
			return "";
		};
		const boxes = [];
		for (const el of chart.getZr().storage.getDisplayList(true)) {
			if (el.invisible || el.ignore || !el.style || typeof el.style.text !== "string" || el.style.text.trim() === "") continue;
			let hidden = false;
			for (let p = el; p; p = p.parent || p.__hostTarget) { if (p.invisible || p.ignore) { hidden = true; break; } }
			if (hidden) continue;
			const owner = ownerOf(el);
			if (owner === "series") continue;
			const rect = el.getBoundingRect().clone();
			if (el.transform) rect.applyTransform(el.transform);
			if (rect.width <= 0 || rect.height <= 0) continue;
			boxes.push({owner: owner, text: el.style.text, x: rect.x, y: rect.y, w: rect.width, h: rect.height, type: el.type});
		}
		// A chart whose title the walk above did not find would pass for want of texts.
		if (!boxes.some((b) => b.owner === "title")) report.push({chart: id, problem: "no title text found"});
		for (const b of boxes) {
			if (b.x < -tolerance || b.y < -tolerance || b.x + b.w > width + tolerance || b.y + b.h > height + tolerance) {
				report.push({chart: id, problem: "cut off", a: b, width: width, height: height});
			}
		}
		for (let i = 0; i < boxes.length; i++) {
			for (let j = i + 1; j < boxes.length; j++) {
				const a = boxes[i], b = boxes[j];
				const dx = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
				const dy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
				if (dx > tolerance && dy > tolerance) report.push({chart: id, problem: "overlap", a: a, b: b});
			}
		}
	}
	return report;
})`

// textProblem is one entry of textBoxesScript's report.
type textProblem struct {
	Chart   string  `json:"chart"`
	Problem string  `json:"problem"`
	A       textBox `json:"a"`
	B       textBox `json:"b"`
	Width   float64 `json:"width"`
	Height  float64 `json:"height"`
}

// textBox is a text ECharts drew, in the chart's pixels.
type textBox struct {
	Owner string  `json:"owner"`
	Text  string  `json:"text"`
	X     float64 `json:"x"`
	Y     float64 `json:"y"`
	W     float64 `json:"w"`
	H     float64 `json:"h"`
}

func (b textBox) String() string {
	return fmt.Sprintf("%s %q at (%.0f,%.0f) %.0fx%.0f", b.Owner, b.Text, b.X, b.Y, b.W, b.H)
}

func (p textProblem) String() string {
	if p.Problem == "overlap" {
		return fmt.Sprintf("%s: %s overlaps %s", p.Chart, p.A, p.B)
	}
	if p.Problem == "cut off" {
		return fmt.Sprintf("%s: %s is cut off by the %.0fx%.0f chart", p.Chart, p.A, p.Width, p.Height)
	}
	return p.Chart + ": " + p.Problem
}

// layoutCampaigns are the reports whose pages the layout tests open: the sample campaign's
// fixture, and a campaign with three more declared breakdowns (a line per day, bars of a field,
// bars by district), whose charts have other titles, legends and labels.
func layoutCampaigns() map[string]*metrics.Report {
	other := withDeclaredCharts()
	other.Headline = bulletinReport().Headline
	other.Campaign.Name = metrics.Text{Zh: "夏季治安打击整治“百日行动”", En: "The Hundred-Day Summer Public Order Campaign"}
	return map[string]*metrics.Report{"sample": bulletinReport(), "declared": other}
}

// layoutWidths are the viewport widths the pages must read at: a phone (as WeChat's browser
// shows a page on a 390-px-wide phone) and a desktop.
var layoutWidths = []int{390, 1400}

// TestLayoutChartTextsNeitherOverlapNorAreCutOffOnPhoneAndDesktop opens the gallery and every chart page
// of each layout campaign, in Chinese and English, at each width of layoutWidths, and checks that
// no title, subtitle, legend entry, axis name, axis label or note of any chart overlaps another text
// or reaches beyond its chart, and that the page scrolls no wider than the viewport.
func TestLayoutChartTextsNeitherOverlapNorAreCutOffOnPhoneAndDesktop(t *testing.T) {
	for name, r := range layoutCampaigns() {
		t.Run(name, func(t *testing.T) {
			srv, out := serveOutputs(t, r)
			b := browsertest.New(t, srv.URL)
			var pages []string
			for _, lang := range r.Campaign.Languages {
				pages = append(pages, galleryPage(r, lang))
				standalone, err := filepath.Glob(filepath.Join(out, "charts", "*."+lang+".html"))
				if err != nil {
					t.Fatal(err)
				}
				for _, path := range standalone {
					pages = append(pages, "charts/"+filepath.Base(path))
				}
			}
			for _, width := range layoutWidths {
				b.SetViewport(width, 900)
				problems := 0
				for _, page := range pages {
					b.Navigate(srv.URL + "/" + page)
					b.WaitFor(chartsReady, chartsReadyTimeout)
					for _, p := range browsertest.Eval[[]textProblem](b, textBoxesScript+"(1)") {
						problems++
						t.Errorf("%d px, %s: %s", width, page, p)
					}
					if w := browsertest.Eval[[]float64](b, `[document.scrollingElement.scrollWidth, innerWidth]`); w[0] > w[1] {
						problems++
						t.Errorf("%d px, %s: the page is %.0f px wide, wider than the %.0f-px viewport", width, page, w[0], w[1])
					}
					b.CheckClean(fmt.Sprintf("%s at %d px", page, width))
				}
				t.Logf("%d px: %d problems on %d pages (%s)", width, problems, len(pages), strings.Join(r.Campaign.Languages, ", "))
			}
		})
	}
}

// serveOutputs writes the outputs of r to a temporary folder and serves it as bulletin serve
// does, until the test ends; it returns the server and the folder.
func serveOutputs(t *testing.T, r *metrics.Report) (*httptest.Server, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	if _, err := Write(context.Background(), out, r, Options{}); err != nil {
		t.Fatal(err)
	}
	return serveFolder(t, out), out
}

// serveFolder serves the output folder dir as bulletin serve does, until the test ends.
func serveFolder(t *testing.T, dir string) *httptest.Server {
	t.Helper()
	handler, err := serve.Handler(dir, serve.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return srv
}

// galleryPage is the gallery's file in lang: index.html for the campaign's first language.
func galleryPage(r *metrics.Report, lang string) string {
	if len(r.Campaign.Languages) > 0 && r.Campaign.Languages[0] == lang {
		return "index.html"
	}
	return "index." + lang + ".html"
}

// wechatMinFont is the smallest font, in image pixels, a picture for a WeChat article may use: a
// 1080-px-wide picture is shown about a third of its size on a phone.
const wechatMinFont = 28

// TestLayoutWeChatPicturesAre1080WideWithLargeText clicks, in the gallery of each language, the WeChat
// button of every chart and the long-image button of the headline figures, and checks that each
// download is a PNG 1080 pixels wide, square or portrait, not blank, and that the ECharts instance
// the picture is drawn from uses no font smaller than wechatMinFont, holds the chart's title, source
// line and note, and has no text overlapping another or cut off by the picture (series labels
// left out, as in TestLayoutChartTextsNeitherOverlapNorAreCutOffOnPhoneAndDesktop).
func TestLayoutWeChatPicturesAre1080WideWithLargeText(t *testing.T) {
	r := bulletinReport()
	srv, _ := serveOutputs(t, r)
	b := browsertest.New(t, srv.URL)
	b.SetViewport(390, 900)
	for _, lang := range r.Campaign.Languages {
		page := galleryPage(r, lang)
		b.Navigate(srv.URL + "/" + page)
		b.WaitFor(chartsReady, chartsReadyTimeout)
		ids := browsertest.Eval[[]string](b, `Array.from(document.querySelectorAll("[data-chart-id]"), el => el.dataset.chartId)`)
		if len(ids) < 8 {
			t.Fatalf("%s has %d charts, want at least 8", page, len(ids))
		}
		for _, id := range ids {
			file := b.ClickDownload(`button[data-download="wechat"][data-for=` + cssString(id) + `]`)
			if want := strings.ReplaceAll(id, "_", "-") + "-" + lang + "-wechat.png"; file.SuggestedName != want {
				t.Errorf("%s %s: WeChat picture named %q, want %q", page, id, file.SuggestedName, want)
			}
			checkWeChatPNG(t, page+" "+id, file.Path)
			got := browsertest.Eval[wechatTexts](b, `((id) => {
				const chart = bulletinGallery.wechatChart(id);
				const boxes = bulletinGallery.textBoxes(chart);
				const result = {width: chart.getWidth(), height: chart.getHeight(), texts: boxes.map(b => b.text), fonts: boxes.map(b => b.font), problems: []};
				const layout = boxes.filter(b => b.owner !== "series");
				for (const a of layout) {
					if (a.x < -1 || a.y < -1 || a.x + a.w > result.width + 1 || a.y + a.h > result.height + 1) result.problems.push("cut off: " + a.text);
				}
				for (let i = 0; i < layout.length; i++) for (let j = i + 1; j < layout.length; j++) {
					const a = layout[i], c = layout[j];
					if (Math.min(a.x + a.w, c.x + c.w) - Math.max(a.x, c.x) > 1 && Math.min(a.y + a.h, c.y + c.h) - Math.max(a.y, c.y) > 1) result.problems.push(a.text + " overlaps " + c.text);
				}
				chart.dispose();
				return result;
			})(`+jsQuote(id)+`)`)
			checkWeChatTexts(t, page+" "+id, got)
			c := chartByID(t, r, lang, id)
			joined := strings.Join(got.Texts, "")
			for _, want := range []string{c.Title, c.Note} {
				// Wrapped lines are drawn one by one; spaces at the breaks are dropped.
				if !strings.Contains(strings.ReplaceAll(joined, " ", ""), strings.ReplaceAll(want, " ", "")) {
					t.Errorf("%s %s: the WeChat picture lacks %q", page, id, want)
				}
			}
			if !strings.Contains(joined, r.Campaign.Unit.In(lang)) && !strings.Contains(strings.ReplaceAll(joined, " ", ""), strings.ReplaceAll(r.Campaign.Unit.In(lang), " ", "")) {
				t.Errorf("%s %s: the WeChat picture lacks the source %q", page, id, r.Campaign.Unit.In(lang))
			}
		}

		file := b.ClickDownload(`button[data-download="tiles"]`)
		if want := "headline-" + lang + "-wechat.png"; file.SuggestedName != want {
			t.Errorf("%s: headline picture named %q, want %q", page, file.SuggestedName, want)
		}
		checkWeChatPNG(t, page+" headline", file.Path)
		got := browsertest.Eval[wechatTexts](b, `(() => {
			const chart = bulletinGallery.tilesChart();
			const boxes = bulletinGallery.textBoxes(chart);
			const result = {width: chart.getWidth(), height: chart.getHeight(), texts: boxes.map(b => b.text), fonts: boxes.map(b => b.font), problems: []};
			for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
				const a = boxes[i], c = boxes[j];
				if (Math.min(a.x + a.w, c.x + c.w) - Math.max(a.x, c.x) > 1 && Math.min(a.y + a.h, c.y + c.h) - Math.max(a.y, c.y) > 1) result.problems.push(a.text + " overlaps " + c.text);
			}
			for (const a of boxes) {
				if (a.x < -1 || a.y < -1 || a.x + a.w > result.width + 1 || a.y + a.h > result.height + 1) result.problems.push("cut off: " + a.text);
			}
			chart.dispose();
			return result;
		})()`)
		checkWeChatTexts(t, page+" headline", got)
		joined := strings.Join(got.Texts, "")
		for _, f := range r.Headline {
			if !strings.Contains(strings.ReplaceAll(joined, " ", ""), strings.ReplaceAll(f.Label.In(lang), " ", "")) {
				t.Errorf("%s: the headline picture lacks %q", page, f.Label.In(lang))
			}
		}
		b.CheckClean(page + " after the WeChat downloads")
	}
}

// wechatTexts are the texts of a WeChat picture's ECharts instance.
type wechatTexts struct {
	Width    float64   `json:"width"`
	Height   float64   `json:"height"`
	Texts    []string  `json:"texts"`
	Fonts    []float64 `json:"fonts"`
	Problems []string  `json:"problems"`
}

// checkWeChatTexts checks the size, fonts and layout of a WeChat picture's instance.
func checkWeChatTexts(t *testing.T, what string, got wechatTexts) {
	t.Helper()
	if got.Width != 1080 || got.Height < got.Width {
		t.Errorf("%s: drawn %vx%v, want 1080 wide, square or portrait", what, got.Width, got.Height)
	}
	if len(got.Fonts) == 0 {
		t.Errorf("%s: no text drawn", what)
	}
	for i, size := range got.Fonts {
		if size < wechatMinFont {
			t.Errorf("%s: %q drawn at %v px, want at least %d", what, got.Texts[i], size, wechatMinFont)
		}
	}
	for _, p := range got.Problems {
		t.Errorf("%s: %s", what, p)
	}
}

// checkWeChatPNG checks that path is a PNG 1080 pixels wide, square or portrait, and not blank.
func checkWeChatPNG(t *testing.T, what, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Errorf("%s: WeChat download: %v", what, err)
		return
	}
	if w, h := img.Bounds().Dx(), img.Bounds().Dy(); w != 1080 || h < w {
		t.Errorf("%s: WeChat picture is %dx%d, want 1080 wide, square or portrait", what, w, h)
	}
	if ink := imageInk(img); ink <= minInk {
		t.Errorf("%s: WeChat picture: %.2f%% of its pixels drawn, want more than %.0f%%", what, ink*100, minInk*100)
	}
}

// chartByID builds the charts of r in lang and returns the one with id.
func chartByID(t *testing.T, r *metrics.Report, lang, id string) chart {
	t.Helper()
	built, err := buildCharts(r, lang)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range built {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no chart %s in %s", id, lang)
	return chart{}
}
