package reports

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"bulletin/metrics"
	"bulletin/templates"
)

// bulletinReport is the fixture with every headline figure the bulletin templates name. The fixture
// leaves some out; they are added here, with the values of the 2022-08-02 bulletin, rather than in
// fixture_test.go, which other tests assert against.
func bulletinReport() *metrics.Report {
	r := fixtureReport()
	r.Headline = append(r.Headline,
		metrics.Figure{ID: "missing_resolved", Label: metrics.Text{Zh: "妥善处置失踪警情", En: "missing-person cases resolved"}, Unit: metrics.Text{Zh: "起", En: "cases"}, Value: 11, Source: "calls", Aggregate: "count"},
		metrics.Figure{ID: "video_inspections", Label: metrics.Text{Zh: "视频巡查", En: "video inspections"}, Unit: metrics.Text{Zh: "次", En: "inspections"}, Value: 660, Source: "activities", Aggregate: "count"},
		metrics.Figure{ID: "video_rollcalls", Label: metrics.Text{Zh: "视频点名", En: "video roll-calls"}, Unit: metrics.Text{Zh: "次", En: "roll-calls"}, Value: 412, Source: "activities", Aggregate: "count"},
		metrics.Figure{ID: "training_participants", Label: metrics.Text{Zh: "参训民辅警", En: "training attendances"}, Unit: metrics.Text{Zh: "人次", En: "attendances"}, Value: 186, Source: "activities", Aggregate: "sum"},
	)
	return r
}

func TestWriteBulletinMatchesGolden(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "bulletin."+lang+".md")
			if err := WriteBulletin(context.Background(), path, bulletinReport(), lang, templates.FS()); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "text", "bulletin."+lang+".md.golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./reports -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("bulletin differs from %s (go test ./reports -update rewrites it)\n--- got ---\n%s", golden, got)
			}
		})
	}
}

func TestWriteBulletinStatesTheHeadlineFigures(t *testing.T) {
	// The seed bulletin's figures, written as each language's press writes them.
	for _, tc := range []struct {
		lang  string
		wants []string
	}{
		{"zh", []string{"紧急求助警情2.17万起", "处置紧急求助类警情21746起", "轻生警情81起", "走失人员455名", "失踪类警情11起",
			"5月26日", "民辅警180余人", "拉动演练32次", "视频巡查660次", "视频点名412次", "“1、3、5分钟”",
			"到场时长中位数为6分20秒", "1分钟以内的占2.2%、3分钟以内的占20.0%、5分钟以内的占40.0%",
			"处置警情150起，其中联动医疗急救120起、消防救援40起（一起警情可能联动多个部门，各部门起数之和多于总数）。", "2022年8月2日", "统计时段：2022年5月1日至3日"}},
		{"en", []string{"21,746 emergency-help incidents", "handled 21,746 emergency-help incidents, recorded 81 suicide-attempt rescues", "find 455 lost people", "handled 11 missing-person",
			"On 26 May", "more than 180 police", "32 simulated-alarm drills", "660 video inspections", "412 video roll-calls",
			"“1-3-5-minute”", "median response time across the city was 6 minutes 20 seconds", "2.2% of response times were within 1 minute, 20.0% within 3 minutes and 40.0% within 5 minutes.",
			"handled 150 incidents together with partner agencies: 120 with medical first aid and 40 with fire and rescue (an incident may involve several agencies, so these counts add up to more than the total).",
			"held 1 training session,", "2 August 2022", "Period: 1–3 May 2022"}},
	} {
		text, err := renderBulletin(bulletinReport(), tc.lang, templates.FS())
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range tc.wants {
			if !strings.Contains(string(text), want) {
				t.Errorf("%s bulletin lacks %q", tc.lang, want)
			}
		}
		for _, stray := range []string{"<no value>", "%!", "map[", "{{"} {
			if strings.Contains(string(text), stray) {
				t.Errorf("%s bulletin contains %q", tc.lang, stray)
			}
		}
	}
}

func TestWriteBulletinFailsOnUnknownFigureNamingTemplateAndLine(t *testing.T) {
	tmpl := fstest.MapFS{BulletinTemplateName("xiangtan", "zh"): {Data: []byte("# 标题\n\n共处置{{fig \"emergency_help\"}}起，\n其中{{fig \"no_such_figure\"}}起。\n")}}
	path := filepath.Join(t.TempDir(), "bulletin.zh.md")
	err := WriteBulletin(context.Background(), path, bulletinReport(), "zh", tmpl)
	if err == nil {
		t.Fatal("WriteBulletin succeeded with an unknown figure")
	}
	for _, want := range []string{"bulletin.xiangtan.zh.md.tmpl:4:", `"no_such_figure"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
	if _, statErr := os.Stat(path); !errors.Is(statErr, os.ErrNotExist) {
		t.Errorf("failed render left %s behind (stat: %v)", path, statErr)
	}
}

func TestWriteBulletinShippedTemplatesFailWithoutTheirFigures(t *testing.T) {
	// The plain fixture lacks missing_resolved, which both headline paragraphs name.
	for _, lang := range []string{"zh", "en"} {
		_, err := renderBulletin(fixtureReport(), lang, templates.FS())
		if err == nil {
			t.Fatalf("%s: rendered without the missing_resolved figure", lang)
		}
		for _, want := range []string{BulletinTemplateName(fixtureReport().Campaign.Bulletin, lang) + ":", `"missing_resolved"`} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %q does not name %s", lang, err, want)
			}
		}
	}
}

func TestWriteBulletinFailsOnMissingKey(t *testing.T) {
	tmpl := fstest.MapFS{BulletinTemplateName("xiangtan", "en"): {Data: []byte("{{.Campaign.Nmae}}\n")}}
	if _, err := renderBulletin(bulletinReport(), "en", tmpl); err == nil {
		t.Fatal("template with a misspelt field rendered")
	}
	tmpl = fstest.MapFS{BulletinTemplateName("xiangtan", "en"): {Data: []byte("{{(interval \"no_such_interval\").P50}}\n")}}
	if _, err := renderBulletin(bulletinReport(), "en", tmpl); err == nil || !strings.Contains(err.Error(), "no_such_interval") {
		t.Fatalf("unknown interval: err = %v", err)
	}
}

func TestWriteBulletinRejectsUnknownLanguage(t *testing.T) {
	if err := WriteBulletin(context.Background(), filepath.Join(t.TempDir(), "b.md"), bulletinReport(), "fr", templates.FS()); err == nil {
		t.Fatal("WriteBulletin(fr) succeeded")
	}
}

func TestFormatInt(t *testing.T) {
	for _, tc := range []struct {
		n      int64
		zh, en string
	}{
		{0, "0", "0"},
		{7, "7", "7"},
		{999, "999", "999"},
		{1000, "1000", "1,000"},
		{21746, "21746", "21,746"},
		{100000, "100000", "100,000"},
		{1234567, "1234567", "1,234,567"},
		{-21746, "-21746", "-21,746"},
	} {
		if got := formatInt("zh", tc.n); got != tc.zh {
			t.Errorf("formatInt(zh, %d) = %q, want %q", tc.n, got, tc.zh)
		}
		if got := formatInt("en", tc.n); got != tc.en {
			t.Errorf("formatInt(en, %d) = %q, want %q", tc.n, got, tc.en)
		}
	}
}

func TestFormatWan(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
	}{
		{9999, "9999"},
		{10000, "1万"},
		{21746, "2.17万"},
		{21000, "2.1万"},
		{21999, "2.2万"},
		{455000, "45.5万"},
		{99_995_000, "9999.5万"},
		{123_456_789, "1.23亿"},
	} {
		if got := formatWan(tc.n); got != tc.want {
			t.Errorf("formatWan(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestFormatOver(t *testing.T) {
	for _, tc := range []struct {
		n      int64
		zh, en string
	}{
		{11, "11", "11"},
		{180, "180", "180"},
		{186, "180余", "more than 180"},
		{45, "40余", "more than 40"},
		{1234, "1200余", "more than 1,200"},
	} {
		if got := formatOver("zh", tc.n); got != tc.zh {
			t.Errorf("formatOver(zh, %d) = %q, want %q", tc.n, got, tc.zh)
		}
		if got := formatOver("en", tc.n); got != tc.en {
			t.Errorf("formatOver(en, %d) = %q, want %q", tc.n, got, tc.en)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	for _, tc := range []struct {
		seconds           float64
		zh, en, enCharted string
	}{
		{0, "0秒", "0 seconds", "0 s"},
		{1, "1秒", "1 second", "1 s"},
		{45, "45秒", "45 seconds", "45 s"},
		{60, "1分钟", "1 minute", "1 min"},
		{300, "5分钟", "5 minutes", "5 min"},
		{380, "6分20秒", "6 minutes 20 seconds", "6 min 20 s"},
		{379.6, "6分20秒", "6 minutes 20 seconds", "6 min 20 s"},
		{3660, "1小时1分", "1 hour 1 minute", "1 h 1 min"},
		{7201, "2小时1秒", "2 hours 1 second", "2 h 1 s"},
	} {
		if got := formatDuration("zh", tc.seconds, false); got != tc.zh {
			t.Errorf("formatDuration(zh, %v) = %q, want %q", tc.seconds, got, tc.zh)
		}
		if got := formatDuration("en", tc.seconds, false); got != tc.en {
			t.Errorf("formatDuration(en, %v) = %q, want %q", tc.seconds, got, tc.en)
		}
		if got := formatDuration("en", tc.seconds, true); got != tc.enCharted {
			t.Errorf("formatDuration(en, %v, abbreviated) = %q, want %q", tc.seconds, got, tc.enCharted)
		}
	}
}

func TestJoinThresholds(t *testing.T) {
	minutes := []metrics.Threshold{{Seconds: 60}, {Seconds: 180}, {Seconds: 300}}
	mixed := []metrics.Threshold{{Seconds: 30}, {Seconds: 180}}
	for _, tc := range []struct {
		lang        string
		thresholds  []metrics.Threshold
		abbreviated bool
		want        string
	}{
		{"zh", minutes, false, "1、3、5分钟"},
		{"en", minutes, false, "1-3-5-minute"},
		{"en", minutes, true, "1/3/5 min"},
		{"zh", mixed, false, "30秒、3分钟"},
		{"en", mixed, true, "30 s/3 min"},
	} {
		if got := joinThresholds(tc.lang, tc.thresholds, tc.abbreviated); got != tc.want {
			t.Errorf("joinThresholds(%s, %v, %v) = %q, want %q", tc.lang, tc.thresholds, tc.abbreviated, got, tc.want)
		}
	}
}

func TestFormatDates(t *testing.T) {
	for _, tc := range []struct {
		lang, start, end    string
		short, long, period string
	}{
		{"zh", "2022-05-26", "2022-08-01", "5月26日", "2022年5月26日", "2022年5月26日至8月1日"},
		{"en", "2022-05-26", "2022-08-01", "26 May", "26 May 2022", "26 May to 1 August 2022"},
		{"zh", "2022-12-01", "2023-01-31", "12月1日", "2022年12月1日", "2022年12月1日至2023年1月31日"},
		{"en", "2022-12-01", "2023-01-31", "1 December", "1 December 2022", "1 December 2022 to 31 January 2023"},
		{"en", "2022-05-26", "2022-05-26", "26 May", "26 May 2022", "26 May 2022"},
		{"zh", "2022-07-01", "2022-07-31", "7月1日", "2022年7月1日", "2022年7月1日至31日"},
		{"en", "2022-07-01", "2022-07-31", "1 July", "1 July 2022", "1–31 July 2022"},
	} {
		short, err := formatShortDate(tc.lang, tc.start)
		if err != nil || short != tc.short {
			t.Errorf("formatShortDate(%s, %s) = %q, %v; want %q", tc.lang, tc.start, short, err, tc.short)
		}
		long, err := formatLongDate(tc.lang, tc.start)
		if err != nil || long != tc.long {
			t.Errorf("formatLongDate(%s, %s) = %q, %v; want %q", tc.lang, tc.start, long, err, tc.long)
		}
		period, err := formatPeriod(tc.lang, tc.start, tc.end)
		if err != nil || period != tc.period {
			t.Errorf("formatPeriod(%s, %s, %s) = %q, %v; want %q", tc.lang, tc.start, tc.end, period, err, tc.period)
		}
	}
	if _, err := formatShortDate("zh", "2022/05/26"); err == nil {
		t.Error("formatShortDate accepted 2022/05/26")
	}
}

func TestListSeparatorAndShare(t *testing.T) {
	var zh, en strings.Builder
	for i, item := range []string{"a", "b", "c"} {
		zh.WriteString(listSeparator("zh", i, 3) + item)
		en.WriteString(listSeparator("en", i, 3) + item)
	}
	if zh.String() != "a、b、c" || en.String() != "a, b and c" {
		t.Errorf("lists: %q, %q", zh.String(), en.String())
	}
	if got := formatShare(2.0 / 90); got != "2.2%" {
		t.Errorf("formatShare(2/90) = %q, want 2.2%%", got)
	}
	if got := lowerFirst("Medical first aid"); got != "medical first aid" {
		t.Errorf("lowerFirst = %q", got)
	}
	if got := lowerFirst("SWAT team"); got != "SWAT team" {
		t.Errorf("lowerFirst(SWAT team) = %q", got)
	}
}

// TestFigureChangesStatesNoPercentOnATinyBase: a baseline of 19 gives the change in units, one of 20
// the percentage as well (6 more than 19 is 31.6%, 5 more than 20 is 25.0%).
func TestFigureChangesStatesNoPercentOnATinyBase(t *testing.T) {
	change := func(base, now int64) metrics.Change {
		abs, rel := now-base, float64(now-base)/float64(base)
		return metrics.Change{Baseline: "year_earlier", Available: true, Value: &base, Abs: &abs, Rel: &rel}
	}
	r := &metrics.Report{Baselines: []metrics.BaselineInfo{{ID: "year_earlier", Label: metrics.Text{Zh: "去年同期", En: "same period last year"}}}}
	r.Campaign.Publication.MinBase = 20
	for _, c := range []struct {
		base, now int64
		zh, en    string
	}{
		{19, 25, "较去年同期增加6起", "up 6 on the same period last year"},
		{20, 25, "较去年同期增加5起（25.0%）", "up 25.0% (5) on the same period last year"},
	} {
		f := metrics.Figure{Unit: metrics.Text{Zh: "起", En: "calls"}, Compare: []metrics.Change{change(c.base, c.now)}}
		if got := figureChanges(r, "zh", f); got != c.zh {
			t.Errorf("base %d: zh %q, want %q", c.base, got, c.zh)
		}
		if got := figureChanges(r, "en", f); got != c.en {
			t.Errorf("base %d: en %q, want %q", c.base, got, c.en)
		}
	}
}
