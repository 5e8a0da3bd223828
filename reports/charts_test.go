package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"bulletin/metrics"
)

// chartIDs are the charts the fixture fills, in page order.
var fixtureChartIDs = []string{"daily_trend", "categories", "response_histogram", "district_compliance", "activities", "linkage"}

// mustEChartsScript returns the embedded ECharts build or fails the test with what to do about it.
func mustEChartsScript(t *testing.T) []byte {
	t.Helper()
	script, err := echartsScript()
	if err != nil {
		t.Fatalf("%v (the chart tests need the pinned ECharts build in reports/assets/)", err)
	}
	return script
}

// writeChartsForTest writes the chart page of r in lang to a temporary file and returns its bytes.
func writeChartsForTest(t *testing.T, r *metrics.Report, lang string) []byte {
	t.Helper()
	mustEChartsScript(t)
	path := filepath.Join(t.TempDir(), "charts."+lang+".html")
	if err := WriteCharts(context.Background(), path, r, lang); err != nil {
		t.Fatalf("WriteCharts(%s): %v", lang, err)
	}
	page, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return page
}

// withoutScript returns the page with the inlined ECharts build cut out, leaving what we generate.
func withoutScript(t *testing.T, page []byte) string {
	t.Helper()
	script := mustEChartsScript(t)
	if n := bytes.Count(page, script); n != 1 {
		t.Fatalf("page inlines the ECharts script %d times, want once", n)
	}
	return string(bytes.Replace(page, script, nil, 1))
}

// chartOptions extracts and decodes the options object the page passes to setOption for chart id.
func chartOptions(t *testing.T, page, id string) map[string]any {
	t.Helper()
	re := regexp.MustCompile(`let option_` + regexp.QuoteMeta(id) + ` = (.*)\n`)
	m := re.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no options for chart %s in page", id)
	}
	var options map[string]any
	if err := json.Unmarshal([]byte(m[1]), &options); err != nil {
		t.Fatalf("options of chart %s are not JSON: %v\n%s", id, err, m[1])
	}
	return options
}

func TestWriteChartsInlinesEChartsScript(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		page := writeChartsForTest(t, fixtureReport(), lang)
		script := mustEChartsScript(t)
		if !bytes.Contains(page, append(append([]byte("<script>"), script...), "</script>"...)) {
			t.Errorf("%s: page does not inline the ECharts script in a <script> element", lang)
		}
	}
}

func TestWriteChartsReferencesNothingRemote(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		own := withoutScript(t, writeChartsForTest(t, fixtureReport(), lang))
		for _, remote := range []string{"http://", "https://", "//cdn", "src=", "<link", "@import", "url("} {
			if strings.Contains(own, remote) {
				t.Errorf("%s: page contains %q outside the inlined script", lang, remote)
			}
		}
	}
}

func TestWriteChartsWritesOneChartPerSection(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		own := withoutScript(t, writeChartsForTest(t, fixtureReport(), lang))
		if n := strings.Count(own, "echarts.init("); n != len(fixtureChartIDs) {
			t.Errorf("%s: %d charts, want %d", lang, n, len(fixtureChartIDs))
		}
		last := -1
		for _, id := range fixtureChartIDs {
			at := strings.Index(own, `id="`+id+`"`)
			if at < 0 {
				t.Errorf("%s: no chart %s", lang, id)
				continue
			}
			if at < last {
				t.Errorf("%s: chart %s out of order", lang, id)
			}
			last = at
		}
	}
}

func TestWriteChartsOmitsChartsWithoutData(t *testing.T) {
	r := fixtureReport()
	r.Linkage = nil
	r.Response.Histogram = metrics.Histogram{}
	own := withoutScript(t, writeChartsForTest(t, r, "en"))
	if n := strings.Count(own, "echarts.init("); n != len(fixtureChartIDs)-2 {
		t.Errorf("%d charts, want %d", n, len(fixtureChartIDs)-2)
	}
	for _, id := range []string{"linkage", "response_histogram"} {
		if strings.Contains(own, `id="`+id+`"`) {
			t.Errorf("chart %s drawn without data", id)
		}
	}
}

func TestWriteChartsTitlesEveryChartWithSourceAndPeriod(t *testing.T) {
	for _, tc := range []struct{ lang, subtitle, rules string }{
		{"zh", "来源：湘潭市公安局指挥中心　统计时段：2022年5月1日至5月3日", "　规则：rapid-response-1-3-5（第1版）"},
		{"en", "Source: Command Center, Xiangtan Public Security Bureau · Period: 1 May to 3 May 2022", " · Rules: rapid-response-1-3-5 v1"},
	} {
		own := withoutScript(t, writeChartsForTest(t, fixtureReport(), tc.lang))
		for _, id := range fixtureChartIDs {
			options := chartOptions(t, own, id)
			title, _ := options["title"].(map[string]any)
			if text, _ := title["text"].(string); text == "" {
				t.Errorf("%s %s: no title", tc.lang, id)
			}
			want := tc.subtitle
			if id == "response_histogram" || id == "district_compliance" { // response-time charts name their rules
				want += tc.rules
			}
			if got, _ := title["subtext"].(string); got != want {
				t.Errorf("%s %s: subtitle %q, want %q", tc.lang, id, got, want)
			}
			if options["animation"] != false {
				t.Errorf("%s %s: animation %v, want false", tc.lang, id, options["animation"])
			}
			save, _ := options["toolbox"].(map[string]any)["feature"].(map[string]any)["saveAsImage"].(map[string]any)
			if save["pixelRatio"] != 2.0 {
				t.Errorf("%s %s: saveAsImage %v, want pixelRatio 2", tc.lang, id, save)
			}
		}
	}
}

func TestWriteChartsPlotsComplianceByDistrict(t *testing.T) {
	own := withoutScript(t, writeChartsForTest(t, fixtureReport(), "en"))
	options := chartOptions(t, own, "district_compliance")
	series := options["series"].([]any)
	if len(series) != 3 {
		t.Fatalf("%d series, want one per threshold (3)", len(series))
	}
	// The 5-minute series: overall 36/90 = 40%, then 雨湖区 50%, 岳塘区 40%, 湘潭县 25%.
	want := []float64{40, 50, 40, 25}
	data := series[2].(map[string]any)["data"].([]any)
	for i, w := range want {
		if got := data[i].(map[string]any)["value"]; got != w {
			t.Errorf("5-minute share of group %d = %v, want %v", i, got, w)
		}
	}
}

func TestWriteChartsEscapesLabelsFromData(t *testing.T) {
	const hostile = `<script>alert(1)</script>`
	// go-echarts strips "__f__" (its marker for inline functions) from the whole page; at the end of a
	// label it would take the closing quote with it.
	const marker = `"};alert(2);//__f__`
	r := fixtureReport()
	r.Districts[0].District = hostile
	r.Districts[0].Label = metrics.Text{Zh: hostile, En: hostile}
	r.Categories[0].Label = metrics.Text{Zh: marker, En: marker}
	r.Campaign.Name = metrics.Text{Zh: "</title><script>alert(3)</script>", En: "</title><script>alert(3)</script>"}
	for _, lang := range []string{"zh", "en"} {
		own := withoutScript(t, writeChartsForTest(t, r, lang))
		for _, raw := range []string{hostile, "alert(1)</script>", "<script>alert(3)"} {
			if strings.Contains(own, raw) {
				t.Errorf("%s: page contains %q unescaped", lang, raw)
			}
		}
		// The labels still reach ECharts intact.
		districts := chartOptions(t, own, "district_compliance")["xAxis"].([]any)[0].(map[string]any)["data"].([]any)
		if districts[1] != hostile {
			t.Errorf("%s: district label decodes to %q, want %q", lang, districts[1], hostile)
		}
		categories := chartOptions(t, own, "categories")["yAxis"].([]any)[0].(map[string]any)["data"].([]any)
		if last := categories[len(categories)-1]; last != marker {
			t.Errorf("%s: category label decodes to %q, want %q", lang, last, marker)
		}
	}
}

func TestWriteChartsIsDeterministic(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		first := writeChartsForTest(t, fixtureReport(), lang)
		second := writeChartsForTest(t, fixtureReport(), lang)
		if !bytes.Equal(first, second) {
			t.Errorf("%s: two renders of the same report differ", lang)
		}
	}
}

func TestWriteChartsRejectsUnknownLanguage(t *testing.T) {
	mustEChartsScript(t)
	path := filepath.Join(t.TempDir(), "charts.html")
	if err := WriteCharts(context.Background(), path, fixtureReport(), "fr"); err == nil {
		t.Fatal("WriteCharts(fr) succeeded, want an error")
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("failed WriteCharts left %s behind (stat: %v)", path, err)
	}
}

func TestWriteChartsStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := WriteCharts(ctx, filepath.Join(t.TempDir(), "charts.html"), fixtureReport(), "zh")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("WriteCharts with a cancelled context = %v, want context.Canceled", err)
	}
}
