package reports

import (
	"context"
	"fmt"
	"net/http/httptest"
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

// TestChartTextsNeitherOverlapNorAreCutOffOnPhoneAndDesktop opens the gallery and every chart page
// of each layout campaign, in Chinese and English, at each width of layoutWidths, and checks that
// no title, subtitle, legend entry, axis name, axis label or note of any chart overlaps another text
// or reaches beyond its chart, and that the page scrolls no wider than the viewport.
func TestChartTextsNeitherOverlapNorAreCutOffOnPhoneAndDesktop(t *testing.T) {
	for name, r := range layoutCampaigns() {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			if _, err := Write(context.Background(), out, r, Options{}); err != nil {
				t.Fatal(err)
			}
			handler, err := serve.Handler(out)
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(handler)
			defer srv.Close()
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
					b.WaitFor(`document.body.dataset.chartsReady !== undefined && document.body.dataset.chartsReady === String(document.querySelectorAll("[data-chart-id]").length)`, chartsReadyTimeout)
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

// galleryPage is the gallery's file in lang: index.html for the campaign's first language.
func galleryPage(r *metrics.Report, lang string) string {
	if len(r.Campaign.Languages) > 0 && r.Campaign.Languages[0] == lang {
		return "index.html"
	}
	return "index." + lang + ".html"
}
