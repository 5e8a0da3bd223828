package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"bulletin/metrics"
	"bulletin/templates"
)

// fixtureChartIDs are the charts the fixture fills, in gallery order, with the stems of their pages.
var fixtureChartIDs = []struct{ id, file string }{
	{"daily_trend", "daily-trend"}, {"weekly_trend", "weekly-trend"}, {"categories", "categories"},
	{"district_calls", "district-calls"}, {"breakdown_help_by_district_subcategory", "breakdown-help-by-district-subcategory"},
	{"response_histogram", "response-histogram"},
	{"district_response", "district-response"}, {"district_compliance", "district-compliance"},
	{"hour_weekday", "hour-weekday"}, {"linkage", "linkage"}, {"activities_weekly", "activities-weekly"},
}

// mustEChartsScript returns the embedded ECharts build or fails the test with what to do about it.
func mustEChartsScript(t *testing.T) []byte {
	t.Helper()
	script, err := echartsScript()
	if err != nil {
		t.Fatalf("%v (the chart tests need the pinned ECharts build in reports/assets/)", err)
	}
	return script
}

// writeGalleryForTest writes the gallery of r in both languages, with the assets, into a temporary
// folder and returns it.
func writeGalleryForTest(t *testing.T, r *metrics.Report, tmpl fs.FS) string {
	t.Helper()
	mustEChartsScript(t)
	dir := t.TempDir()
	if err := writeAssets(dir); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"zh", "en"} {
		bulletin, err := renderBulletin(r, lang, templates.FS())
		if err != nil {
			t.Fatal(err)
		}
		if err := writeGallery(context.Background(), dir, r, lang, tmpl, bulletin, Stamp{Version: "v1.2.3", GeneratedAt: "2022-08-02T00:00:00Z"}); err != nil {
			t.Fatalf("writeGallery(%s): %v", lang, err)
		}
	}
	return dir
}

// readPage returns a file of the gallery folder as a string.
func readPage(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// htmlFiles lists the HTML files under dir, relative to it, in order.
func htmlFiles(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".html") {
			rel, _ := filepath.Rel(dir, path)
			names = append(names, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	return names
}

// publicFiles returns every file under dir outside its InternalDir, as slash-separated paths.
func publicFiles(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		switch {
		case d.IsDir() && rel == InternalDir:
			return filepath.SkipDir
		case !d.IsDir():
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	return names
}

var optionsElement = regexp.MustCompile(`<script type="application/json" id="options-([a-z_]+)">(.*?)</script>`)

// chartOptions decodes the options the page holds for chart id.
func chartOptions(t *testing.T, page, id string) map[string]any {
	t.Helper()
	for _, m := range optionsElement.FindAllStringSubmatch(page, -1) {
		if m[1] != id {
			continue
		}
		var options map[string]any
		if err := json.Unmarshal([]byte(m[2]), &options); err != nil {
			t.Fatalf("options of chart %s are not JSON: %v\n%s", id, err, m[2])
		}
		return options
	}
	t.Fatalf("no options for chart %s in the page", id)
	return nil
}

// chartIDsOf lists the charts of a page in order, by their data-chart-id.
func chartIDsOf(page string) []string {
	var ids []string
	for _, m := range regexp.MustCompile(`<div class="chart" data-chart-id="([a-z_]+)"`).FindAllStringSubmatch(page, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// seriesValues returns the "value" of each data item of a series (nil for an empty item).
func seriesValues(t *testing.T, options map[string]any, series int) []any {
	t.Helper()
	all := options["series"].([]any)
	var values []any
	for _, item := range all[series].(map[string]any)["data"].([]any) {
		values = append(values, item.(map[string]any)["value"])
	}
	return values
}

func TestGalleryWritesEveryChartInOrderAndAPageForEach(t *testing.T) {
	dir := writeGalleryForTest(t, bulletinReport(), templates.FS())
	var want []string
	for _, c := range fixtureChartIDs {
		want = append(want, c.id)
	}
	for _, lang := range []string{"zh", "en"} {
		page := readPage(t, dir, GalleryPageName(lang))
		if got := chartIDsOf(page); !slices.Equal(got, want) {
			t.Errorf("%s gallery: charts %q, want %q", lang, got, want)
		}
		for _, c := range fixtureChartIDs {
			name := "charts/" + c.file + "." + lang + ".html"
			one := readPage(t, dir, name)
			if got := chartIDsOf(one); !slices.Equal(got, []string{c.id}) {
				t.Errorf("%s: charts %q, want only %s", name, got, c.id)
			}
			if !strings.Contains(page, `href="`+name+`"`) {
				t.Errorf("%s gallery does not link %s", lang, name)
			}
			// The chart's page draws the same chart as the gallery.
			if a, b := chartOptions(t, page, c.id), chartOptions(t, one, c.id); !jsonEqual(a, b) {
				t.Errorf("%s: options differ from the gallery's", name)
			}
			for _, kind := range []string{"png", "svg"} {
				button := `data-download="` + kind + `" data-for="` + c.id + `" data-name="` + c.file + "-" + lang + `"`
				if !strings.Contains(one, button) || !strings.Contains(page, button) {
					t.Errorf("%s %s: no %s download button", lang, c.id, kind)
				}
			}
		}
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func TestGalleryReferencesNothingRemote(t *testing.T) {
	dir := writeGalleryForTest(t, bulletinReport(), templates.FS())
	script := regexp.MustCompile(`<script src="([^"]*)"`)
	names := append(htmlFiles(t, dir), "assets/gallery.js")
	if len(names) != 2+2*len(fixtureChartIDs)+1 {
		t.Fatalf("files %q: want two galleries, %d chart pages and gallery.js", names, 2*len(fixtureChartIDs))
	}
	for _, name := range names {
		// The one <link> is an empty icon, so that browsers do not ask for /favicon.ico.
		page := strings.Replace(readPage(t, dir, name), `<link rel="icon" href="data:,">`, "", 1)
		for _, remote := range []string{"http://", "https://", "//cdn", "<link", "@import", "url(", "<iframe"} {
			if strings.Contains(page, remote) {
				t.Errorf("%s contains %q", name, remote)
			}
		}
		// Every script a page loads is a file of the output folder.
		for _, m := range script.FindAllStringSubmatch(page, -1) {
			path := filepath.Join(dir, filepath.Dir(filepath.FromSlash(name)), filepath.FromSlash(m[1]))
			if _, err := os.Stat(path); err != nil {
				t.Errorf("%s loads %s: %v", name, m[1], err)
			}
		}
	}
	if got := readPage(t, dir, "assets/echarts.min.js"); got != string(mustEChartsScript(t)) {
		t.Error("assets/echarts.min.js is not the pinned build")
	}
}

func TestChartsTitleEveryChartWithSourceAndPeriod(t *testing.T) {
	dir := writeGalleryForTest(t, bulletinReport(), templates.FS())
	for _, tc := range []struct{ lang, subtitle, rules string }{
		{"zh", "来源：湘潭市公安局指挥中心　统计时段：2022年5月1日至3日", "　规则：rapid-response-1-3-5（第1版）"},
		{"en", "Source: Command Center, Xiangtan Public Security Bureau · Period: 1–3 May 2022", " · Rules: rapid-response-1-3-5 v1"},
	} {
		page := readPage(t, dir, GalleryPageName(tc.lang))
		for _, c := range fixtureChartIDs {
			options := chartOptions(t, page, c.id)
			title, _ := options["title"].(map[string]any)
			if text, _ := title["text"].(string); text == "" {
				t.Errorf("%s %s: no title", tc.lang, c.id)
			}
			want := tc.subtitle
			if c.id == "response_histogram" || c.id == "district_compliance" || c.id == "district_response" { // response-time charts name their rules
				want += tc.rules
			}
			if got, _ := title["subtext"].(string); got != want {
				t.Errorf("%s %s: subtitle %q, want %q", tc.lang, c.id, got, want)
			}
			if options["animation"] != false {
				t.Errorf("%s %s: animation %v, want false", tc.lang, c.id, options["animation"])
			}
			if options["backgroundColor"] != "#ffffff" {
				t.Errorf("%s %s: background %v, want white so saved pictures are not transparent", tc.lang, c.id, options["backgroundColor"])
			}
		}
	}
}

func TestChartsPlotTheReportsFigures(t *testing.T) {
	dir := writeGalleryForTest(t, bulletinReport(), templates.FS())
	page := readPage(t, dir, "index.en.html")

	// Compliance: overall 36/90 = 40% within 5 minutes, then 雨湖区 50%, 岳塘区 40%, 湘潭县 25%; the
	// diamonds are each district's share within its own limit from the staged_arrival target.
	compliance := chartOptions(t, page, "district_compliance")
	if got, want := seriesValues(t, compliance, 2), []any{40.0, 50.0, 40.0, 25.0}; !slices.Equal(got, want) {
		t.Errorf("5-minute shares %v, want %v", got, want)
	}
	if got, want := seriesValues(t, compliance, 3), []any{nil, 50.0, 40.0, 55.0}; !slices.Equal(got, want) {
		t.Errorf("shares within the district's limit %v, want %v", got, want)
	}
	label := compliance["series"].([]any)[0].(map[string]any)["data"].([]any)[1].(map[string]any)["label"].(map[string]any)["formatter"]
	if label != "5.0%" {
		t.Errorf("1-minute share of Yuhu labelled %v, want 5.0%%", label)
	}

	// Weekly: the fixture's two weeks.
	weekly := chartOptions(t, page, "weekly_trend")
	if got, want := seriesValues(t, weekly, 0), []any{700.0, 1370.0}; !slices.Equal(got, want) {
		t.Errorf("calls per week %v, want %v", got, want)
	}
	// 1 May 2022 is a Sunday: the first week holds one day of the period, the second two (2-3 May).
	if got := weekly["xAxis"].([]any)[0].(map[string]any)["data"]; !jsonEqual(got, []string{"1 May", "2 May–3 May"}) {
		t.Errorf("weeks labelled %v, want the days they count", got)
	}

	// Districts: calls and emergency help in the campaign's order.
	districts := chartOptions(t, page, "district_calls")
	if got, want := seriesValues(t, districts, 1), []any{200.0, 180.0, 100.0}; !slices.Equal(got, want) {
		t.Errorf("emergency help by district %v, want %v", got, want)
	}

	// Heat map: [hour, row, calls] with Monday on the top row (6) and Sunday at the bottom (0).
	heat := chartOptions(t, page, "hour_weekday")
	cells := map[[2]float64]float64{}
	for _, item := range heat["series"].([]any)[0].(map[string]any)["data"].([]any) {
		v := item.(map[string]any)["value"].([]any)
		if v[2] == nil {
			continue // a weekday the period does not hold
		}
		cells[[2]float64{v[0].(float64), v[1].(float64)}] = v[2].(float64)
	}
	// 1-3 May 2022 holds one Sunday, Monday and Tuesday and no other weekday.
	if len(cells) != 3*24 {
		t.Errorf("%d heat-map cells with a value, want %d", len(cells), 3*24)
	}
	for _, c := range []struct{ hour, row, calls float64 }{{9, 6, 7}, {23, 5, 3}, {8, 0, 5}, {8, 6, 0}} {
		if got := cells[[2]float64{c.hour, c.row}]; got != c.calls {
			t.Errorf("heat map at hour %v row %v = %v, want %v", c.hour, c.row, got, c.calls)
		}
	}
	days := heat["yAxis"].([]any)[0].(map[string]any)["data"].([]any)
	if days[0] != "Sunday (1)" || days[6] != "Monday (1)" {
		t.Errorf("weekday rows %v, want Sunday at the bottom and Monday on top", days)
	}
	if max := heat["visualMap"].([]any)[0].(map[string]any)["max"]; max != 7.0 {
		t.Errorf("heat-map scale up to %v, want the busiest hour, 7", max)
	}
}

func TestChartsMarkEventsPlotBoxesAndActivities(t *testing.T) {
	dir := writeGalleryForTest(t, bulletinReport(), templates.FS())
	page := readPage(t, dir, "index.en.html")

	// Events: a numbered line on each event's day and their list in the picture.
	daily := chartOptions(t, page, "daily_trend")
	marks := daily["series"].([]any)[0].(map[string]any)["markLine"].(map[string]any)["data"].([]any)
	if len(marks) != 2 || marks[0].(map[string]any)["xAxis"] != "2 May" || marks[1].(map[string]any)["xAxis"] != "3 May" {
		t.Errorf("event lines %v, want on 2 May and 3 May", marks)
	}
	text := daily["graphic"].([]any)[0].(map[string]any)["style"].(map[string]any)["text"]
	if text != "Events: ① 2 May Video training   ② 3 May Joint rescue" {
		t.Errorf("events listed as %q", text)
	}

	// Box plot in minutes: P10, P25, P50, P75, P90 of each district; the time limit from the target.
	box := chartOptions(t, page, "district_response")
	if got, want := seriesValues(t, box, 0), []any{
		[]any{2.0, 3.3, 5.0, 7.5, 10.0}, []any{2.5, 4.0, 6.0, 8.3, 11.7}, []any{5.0, 7.0, 9.0, 13.3, 18.3},
	}; !jsonEqual(got, want) {
		t.Errorf("boxes %v, want %v", got, want)
	}
	limits := box["series"].([]any)[1].(map[string]any)["data"]
	if !jsonEqual(limits, []any{5.0, 5.0, 10.0}) {
		t.Errorf("time limits %v, want 5, 5 and 10 minutes", limits)
	}

	// Activities per week, the most frequent kind first, its total in its name.
	activities := chartOptions(t, page, "activities_weekly")
	series := activities["series"].([]any)
	if name := series[0].(map[string]any)["name"]; name != "Video inspections (660)" {
		t.Errorf("first activity series %q, want Video inspections (660)", name)
	}
	if got, want := seriesValues(t, activities, 1), []any{2.0, 30.0}; !slices.Equal(got, want) {
		t.Errorf("drills per week %v, want %v", got, want)
	}
}

func TestChartsShowSmallSensitiveCountsAsLessThan(t *testing.T) {
	dir := writeGalleryForTest(t, bulletinReport(), templates.FS())
	for _, lang := range []string{"zh", "en"} {
		page := readPage(t, dir, GalleryPageName(lang))
		help := chartOptions(t, page, "breakdown_help_by_district_subcategory")
		if title := help["title"].(map[string]any)["text"]; title != map[string]string{"zh": "各地区紧急求助警情（按细类）", "en": "Emergency help by district and kind"}[lang] {
			t.Errorf("%s: title %q, want the breakdown's label", lang, title)
		}
		series := help["series"].([]any)
		// One stacked series per subcategory with calls: the others in the data model's order, the
		// sensitive ones (suicide attempt, missing person) on top.
		var names []any
		for _, s := range series {
			names = append(names, s.(map[string]any)["name"])
			if stack := s.(map[string]any)["stack"]; stack != "total" {
				t.Errorf("%s: series %v stacked as %v, want total", lang, s.(map[string]any)["name"], stack)
			}
		}
		want := map[string][]any{"zh": {"走失", "其他", "轻生", "失踪"}, "en": {"Lost person", "Other", "Suicide attempt", "Missing person"}}[lang]
		if !slices.Equal(names, want) {
			t.Fatalf("%s: series %v, want %v", lang, names, want)
		}
		item := func(s, d int) map[string]any {
			return series[s].(map[string]any)["data"].([]any)[d].(map[string]any)
		}
		// 雨湖区 (bar 0): 3 lost people, 188 others, 9 suicide attempts (not below 5: shown), no
		// missing person (0: nothing to hide). 岳塘区 (bar 1): 3 suicide attempts (below 5: "< 5"), 5
		// missing people (shown).
		for _, c := range []struct {
			s, d       int
			value      float64
			suppressed bool
		}{{0, 0, 3, false}, {1, 0, 188, false}, {2, 0, 9, false}, {3, 0, 0, false}, {2, 1, 0, true}, {3, 1, 5, false}, {1, 2, 100, false}} {
			it := item(c.s, c.d)
			if it["value"] != c.value {
				t.Errorf("%s series %d bar %d = %v, want %v", lang, c.s, c.d, it["value"], c.value)
			}
			label, _ := it["label"].(map[string]any)
			formatter, _ := label["formatter"].(string)
			if got := strings.HasSuffix(formatter, "< 5"); got != c.suppressed {
				t.Errorf("%s series %d bar %d: label %v, suppressed want %v", lang, c.s, c.d, label, c.suppressed)
			}
		}
		// The suppressed count appears nowhere in its item: not as its value, label or tooltip.
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(item(2, 1)); err != nil {
			t.Fatal(err)
		}
		if suppressed := buf.String(); strings.Contains(suppressed, "3") {
			t.Errorf("%s: the suppressed item carries a 3: %s", lang, suppressed)
		}
	}
}

func TestChartsLeaveOutChartsWithoutData(t *testing.T) {
	r := bulletinReport()
	r.Linkage = nil
	r.Response.Histogram = metrics.Histogram{}
	r.Breakdowns.HourWeekday = [7][24]int64{}
	dir := writeGalleryForTest(t, r, templates.FS())
	got := chartIDsOf(readPage(t, dir, "index.en.html"))
	for _, id := range []string{"linkage", "response_histogram", "hour_weekday"} {
		if slices.Contains(got, id) {
			t.Errorf("chart %s drawn without data", id)
		}
	}
	if len(got) != len(fixtureChartIDs)-3 {
		t.Errorf("charts %q, want %d", got, len(fixtureChartIDs)-3)
	}
}

func TestGalleryEscapesTextFromTheData(t *testing.T) {
	const hostile = `<script>alert(1)</script>`
	r := bulletinReport()
	r.Districts[0].District = hostile
	r.Districts[0].Label = metrics.Text{Zh: hostile, En: hostile}
	r.Categories[0].Label = metrics.Text{Zh: `"};alert(2);//`, En: `"};alert(2);//`}
	r.Campaign.Name = metrics.Text{Zh: "</title><script>alert(3)</script>", En: "</title><script>alert(3)</script>"}
	r.Headline[0].Label = metrics.Text{Zh: `<img src=x onerror=alert(4)>`, En: `<img src=x onerror=alert(4)>`}
	dir := writeGalleryForTest(t, r, templates.FS())
	for _, name := range htmlFiles(t, dir) {
		page := readPage(t, dir, name)
		for _, raw := range []string{hostile, "<script>alert", "<img src=x"} {
			if strings.Contains(page, raw) {
				t.Errorf("%s contains %q unescaped", name, raw)
			}
		}
	}
	// The texts still reach the reader intact: in the markup as entities, in the charts' options as
	// JSON strings.
	page := readPage(t, dir, "index.en.html")
	if !strings.Contains(page, html.EscapeString("</title><script>alert(3)</script>")) {
		t.Error("the campaign's name is not shown escaped in the gallery")
	}
	districts := chartOptions(t, page, "district_calls")["xAxis"].([]any)[0].(map[string]any)["data"].([]any)
	if districts[0] != hostile {
		t.Errorf("district label decodes to %q, want %q", districts[0], hostile)
	}
}

func TestGalleryShowsTheBulletinAndTheHeadline(t *testing.T) {
	dir := writeGalleryForTest(t, bulletinReport(), templates.FS())
	for _, tc := range []struct{ lang, heading, figure string }{
		{"zh", "<h3>湘潭市公安局指挥中心成功调度处置紧急求助警情2.17万起</h3>", `<span class="value">21746</span><span class="unit">起</span>`},
		{"en", "<h4>01 Standardising the workflow for precise dispatch</h4>", `<span class="value">21,746</span><span class="unit">incidents</span>`},
	} {
		page := readPage(t, dir, GalleryPageName(tc.lang))
		for _, want := range []string{tc.heading, tc.figure, `href="bulletin.` + tc.lang + `.md"`, "v1.2.3", "2022-08-02T00:00:00Z"} {
			if !strings.Contains(page, want) {
				t.Errorf("%s gallery lacks %s", tc.lang, want)
			}
		}
		// The workbook is internal: the public page does not link it.
		if strings.Contains(page, ".xlsx") {
			t.Errorf("%s gallery links a workbook", tc.lang)
		}
		// The copy button copies the bulletin as plain text: no Markdown marks.
		plain := regexp.MustCompile(`(?s)<pre id="bulletin-plain" hidden>(.*?)</pre>`).FindStringSubmatch(page)
		if plain == nil || strings.Contains(plain[1], "## ") || strings.Contains(plain[1], "# ") {
			t.Errorf("%s: plain bulletin text missing or with Markdown marks", tc.lang)
		}
	}
}

func TestBulletinBlocks(t *testing.T) {
	blocks, plain := bulletinBlocks([]byte("# Title\n\nBy us\n\n## 01 Part\n\nOne\nparagraph.\n\n\n<b>x</b>\n"))
	want := []block{{1, "Title"}, {0, "By us"}, {2, "01 Part"}, {0, "One\nparagraph."}, {0, "<b>x</b>"}}
	if !slices.Equal(blocks, want) {
		t.Errorf("blocks %v, want %v", blocks, want)
	}
	if want := "Title\n\nBy us\n\n01 Part\n\nOne\nparagraph.\n\n<b>x</b>\n"; plain != want {
		t.Errorf("plain %q, want %q", plain, want)
	}
}

func TestGalleryTemplatesCanBeReplaced(t *testing.T) {
	layout, err := fs.ReadFile(templates.FS(), LayoutTemplateName)
	if err != nil {
		t.Fatal(err)
	}
	chartPage, err := fs.ReadFile(templates.FS(), ChartTemplateName)
	if err != nil {
		t.Fatal(err)
	}
	custom := fstest.MapFS{
		GalleryTemplateName: {Data: []byte(`<!DOCTYPE html><title>{{.Title}}</title>{{range .Charts}}{{template "card" .}}{{end}}{{template "scripts" .}}`)},
		LayoutTemplateName:  {Data: layout},
		ChartTemplateName:   {Data: chartPage},
	}
	dir := writeGalleryForTest(t, bulletinReport(), custom)
	page := readPage(t, dir, "index.en.html")
	if !strings.HasPrefix(page, "<!DOCTYPE html><title>One Activity, One Action</title>") || len(chartIDsOf(page)) != len(fixtureChartIDs) {
		t.Errorf("custom gallery template not used:\n%.300s", page)
	}

	// A template naming a field the view lacks fails with the template's name and line.
	custom[GalleryTemplateName] = &fstest.MapFile{Data: []byte("<p>\n{{.Title}}\n{{.NoSuchField}}</p>")}
	err = writeGallery(context.Background(), t.TempDir(), fixtureReport(), "en", custom, nil, Stamp{})
	if err == nil || !strings.Contains(err.Error(), "gallery.html.tmpl:3") {
		t.Errorf("writeGallery with a bad template = %v, want an error naming gallery.html.tmpl:3", err)
	}
}

func TestGalleryIsDeterministic(t *testing.T) {
	first := writeGalleryForTest(t, bulletinReport(), templates.FS())
	second := writeGalleryForTest(t, bulletinReport(), templates.FS())
	names := htmlFiles(t, first)
	if !slices.Equal(names, htmlFiles(t, second)) {
		t.Fatal("two renders wrote different files")
	}
	for _, name := range names {
		if readPage(t, first, name) != readPage(t, second, name) {
			t.Errorf("%s differs between two renders of the same report", name)
		}
	}
}

func TestChartsRejectUnknownLanguage(t *testing.T) {
	if _, err := buildCharts(fixtureReport(), "fr"); err == nil {
		t.Fatal("buildCharts(fr) succeeded, want an error")
	}
}

func TestGalleryStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := writeGallery(ctx, t.TempDir(), fixtureReport(), "zh", templates.FS(), nil, Stamp{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("writeGallery with a cancelled context = %v, want context.Canceled", err)
	}
}

func TestPublicOutputsHoldNoCallDetail(t *testing.T) {
	// Call IDs, addresses, coordinates and notes reach the report only through the data-quality
	// examples (the values of faulty cells) and the inputs' file names; the public outputs (gallery,
	// chart pages, bulletin text) must show none of them. The leadership workbook may.
	secrets := []string{"C20220501-000123", "雨湖区韶山中路88号", "27.8297,112.9441", "报警人情绪激动", "calls-secret-export.csv"}
	r := bulletinReport()
	r.Quality.Checks[0].Examples[0].Value = secrets[0]
	r.Quality.Checks[1].Examples[0].Value = secrets[1]
	r.Quality.Checks[2].Examples[0].Value = secrets[2]
	r.Quality.Checks[3].Examples[0].Reason = secrets[3]
	r.Quality.Checks[3].Examples[0].File = secrets[4]
	r.Inputs[0].Name = secrets[4]
	dir := filepath.Join(t.TempDir(), "out")
	mustEChartsScript(t)
	if _, err := Write(context.Background(), dir, r, Options{}); err != nil {
		t.Fatal(err)
	}
	public := publicFiles(t, dir)
	if len(public) < 2*len(fixtureChartIDs)+4 || !slices.Contains(public, "bulletin.zh.md") || !slices.Contains(public, "assets/gallery.js") {
		t.Fatalf("public files %q: want the galleries, the chart pages and the bulletins", public)
	}
	for _, name := range public {
		page := readPage(t, dir, name)
		for _, secret := range secrets {
			if strings.Contains(page, secret) {
				t.Errorf("%s shows %q", name, secret)
			}
		}
	}
	// The internal data-quality table keeps them, so the check above looks where they would be.
	if quality := readPage(t, dir, InternalDir+"/quality.csv"); !strings.Contains(quality, secrets[0]) {
		t.Errorf("quality.csv lacks %q: the fixture does not carry the values this test looks for", secrets[0])
	}
}
