package campaign

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"bulletin/metrics"
	"bulletin/schema"
)

func TestLoadCampaignSample(t *testing.T) {
	c, err := Load(filepath.Join("..", "..", "sample-data", "campaign.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// Eight districts: the seven of the city and 全市 (Citywide), under which the municipal command
	// centre records its trainings and visits.
	if c.Period.Days() != 92 || len(c.Headline) != 8 || len(c.Districts) != 8 || c.Response.Compliance.Interval != "response" {
		t.Errorf("sample campaign: %d days, %d metrics, %d districts, compliance on %q", c.Period.Days(), len(c.Headline), len(c.Districts), c.Response.Compliance.Interval)
	}
	// The dated events of the seed bulletin, with labels short enough for chart markers.
	wantDates := []string{"2022-05-26", "2022-05-27", "2022-05-28", "2022-07-19", "2022-07-23"}
	var dates []string
	for _, e := range c.Events {
		dates = append(dates, e.Date)
		if n := utf8.RuneCountInString(e.Label.Zh); n > 14 {
			t.Errorf("event %s: zh label %q has %d characters; at most 14", e.Date, e.Label.Zh, n)
		}
		if n := utf8.RuneCountInString(e.Label.En); n > 40 {
			t.Errorf("event %s: en label %q has %d characters; at most 40", e.Date, e.Label.En, n)
		}
	}
	if !slices.Equal(dates, wantDates) {
		t.Errorf("sample events on %v; want %v", dates, wantDates)
	}
	wantSensitive := map[string][]string{"subcategory": {"suicide_attempt", "missing_person"}}
	if p := c.Publication.Rules(); c.Publication.MinCount == nil || c.Publication.Sensitive == nil || p.MinCount != 5 ||
		!maps.EqualFunc(p.Sensitive, wantSensitive, slices.Equal) {
		t.Errorf("sample publication rules %+v; want them explicit, min_count 5, subcategories suicide_attempt and missing_person", p)
	}
	// The emergency-help breakdowns the bulletin of 2022-08-02 shows, and its own template.
	var ids []string
	for _, b := range c.Breakdowns {
		ids = append(ids, b.ID)
	}
	if want := []string{"help_daily", "help_weekly", "help_by_district", "help_by_district_subcategory"}; !slices.Equal(ids, want) || c.Bulletin != "xiangtan" {
		t.Errorf("sample breakdowns %q, bulletin %q; want %q and xiangtan", ids, c.Bulletin, want)
	}
	if i := c.DistrictIndex("全市"); i < 0 || c.Districts[i].En != "Citywide" {
		t.Errorf("sample districts %+v; want 全市 named Citywide", c.Districts)
	}
}

func TestCampaignPublicationRulesDefaultPerKey(t *testing.T) {
	base := "id: c\nname: {zh: 活动, en: Campaign}\nperiod: {start: 2022-05-01, end: 2022-05-31}\n" +
		"headline:\n  - {id: n, label: {zh: 数, en: n}, source: calls, aggregate: count}\n"
	// The codes schema/model.yaml marks sensitive, read off the file by hand.
	defaults := map[string][]string{"subcategory": {"suicide_attempt", "missing_person"}}
	cases := []struct {
		name, block string
		minCount    int
		sensitive   map[string][]string
		minBase     int64
	}{
		{"no block", "", 5, defaults, 20},
		{"empty block", "publication: {}\n", 5, defaults, 20},
		{"min_count only", "publication: {min_count: 10}\n", 10, defaults, 20},
		{"suppression off", "publication: {min_count: 0}\n", 0, defaults, 20},
		{"min_base only", "publication: {min_base: 50}\n", 5, defaults, 50},
		{"per cent on any base", "publication: {min_base: 0}\n", 5, defaults, 0},
		{"sensitive only", "publication: {sensitive: {subcategory: [drowning]}}\n", 5, map[string][]string{"subcategory": {"drowning"}}, 20},
		{"another field", "publication: {sensitive: {disposition: [false_alarm], kind: [training]}}\n", 5,
			map[string][]string{"disposition": {"false_alarm"}, "kind": {"training"}}, 20},
		{"a field with no sensitive code", "publication: {sensitive: {subcategory: []}}\n", 5, map[string][]string{"subcategory": {}}, 20},
		{"nothing sensitive", "publication: {sensitive: {}}\n", 5, map[string][]string{}, 20},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse("c.yaml", []byte(base+tc.block))
			if err != nil {
				t.Fatal(err)
			}
			p := c.Publication.Rules()
			if p.MinCount != tc.minCount || !maps.EqualFunc(p.Sensitive, tc.sensitive, slices.Equal) || p.Sensitive == nil || p.MinBase != tc.minBase {
				t.Errorf("rules %+v; want min_count %d, sensitive %q, min_base %d", p, tc.minCount, tc.sensitive, tc.minBase)
			}
		})
	}
}

// TestDefaultSensitiveIsWhatTheSchemaFlags reads the sensitive flags of every coded field of the data
// model with a plain loop: the defaults follow the model, whatever field a flag is added to.
func TestDefaultSensitiveIsWhatTheSchemaFlags(t *testing.T) {
	want := map[string][]string{}
	for _, table := range schema.Default().Tables {
		for _, f := range table.Fields {
			for _, code := range f.Codes {
				if code.Sensitive {
					want[f.Name] = append(want[f.Name], code.Code)
				}
			}
		}
	}
	if len(want) == 0 {
		t.Fatal("the data model flags no code sensitive")
	}
	if got := DefaultSensitive(); !maps.EqualFunc(got, want, slices.Equal) {
		t.Errorf("DefaultSensitive() = %q; want %q", got, want)
	}
	// The defaults are a copy: changing the rules of one campaign changes no other.
	p := PublicationDef{}.Rules()
	p.Sensitive["subcategory"][0] = "changed"
	if again := (PublicationDef{}).Rules(); again.Sensitive["subcategory"][0] == "changed" {
		t.Errorf("Rules shares its default codes between calls: %q", again.Sensitive)
	}
}

// TestCampaignDefaultsFollowTheDataModel checks what a campaign file without a response block gets
// from schema/model.yaml: its intervals, and the categories marked no_response left out of response
// times, both read off the file by hand.
func TestCampaignDefaultsFollowTheDataModel(t *testing.T) {
	c, err := Parse("c.yaml", []byte(campaignBase))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"consultation", "invalid"}; !slices.Equal(c.Response.ExcludeCategories, want) {
		t.Errorf("exclude_categories %q, want %q", c.Response.ExcludeCategories, want)
	}
	want := []IntervalDef{
		{ID: "answer", Label: metrics.Text{Zh: "接警时长", En: "Answer"}, From: "received_at", To: "answered_at", CeilingSeconds: 600},
		{ID: "dispatch", Label: metrics.Text{Zh: "派警时长", En: "Dispatch"}, From: "received_at", To: "dispatched_at", CeilingSeconds: 3600},
		{ID: "travel", Label: metrics.Text{Zh: "途中时长", En: "Travel"}, From: "dispatched_at", To: "arrived_at", CeilingSeconds: 7200},
		{ID: "response", Label: metrics.Text{Zh: "到场时长", En: "Response"}, From: "received_at", To: "arrived_at", CeilingSeconds: 7200},
		{ID: "handling", Label: metrics.Text{Zh: "处置时长", En: "Handling"}, From: "arrived_at", To: "closed_at", CeilingSeconds: 86400},
	}
	if !slices.Equal(c.Response.Intervals, want) || !slices.Equal(DefaultIntervals(), want) {
		t.Errorf("intervals %+v, want %+v", c.Response.Intervals, want)
	}
	// The category "other" is a code like any other: a filter may name it.
	if _, err := Parse("c.yaml", []byte(campaignBase+"  - {id: o, label: {zh: 其他, en: other}, source: calls, aggregate: count, where: {category: [other]}}\n")); err != nil {
		t.Errorf("a filter on the category other: %v", err)
	}
}

func TestParseCampaignRejectsMistakesWithTheirLine(t *testing.T) {
	valid, err := os.ReadFile(filepath.Join("testdata", "campaign.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, old, new string
		line           int
		message        string
	}{
		{"typo in a key", "    aggregate: sum\n    field: people_helped", "    aggregate: sum\n    feild: people_helped", 23, "field feild not found"},
		{"no Go type in the message", "published: 2022-05-03", "publishd: 2022-05-03", 6, "field publishd not found"},
		{"unknown filter field", "where: {category: [emergency_help]}", "where: {categroy: [emergency_help]}", 13, `no field "categroy"`},
		{"unknown value", "subcategory: [suicide_attempt]", "subcategory: [suicide]", 18, `subcategory "suicide" is not a known value`},
		{"reversed period", "period: {start: 2022-05-01, end: 2022-05-02}", "period: {start: 2022-05-03, end: 2022-05-02}", 4, "ends (2022-05-02) before it starts (2022-05-03)"},
		{"not a date", "period: {start: 2022-05-01,", "period: {start: 2022-05-32,", 4, `period start "2022-05-32" is not a date`},
		{"empty filter", "where: {kind: [training]}", "where: {kind: []}", 51, "lists no value"},
		{"sum of a text field", "field: participants", "field: unit", 50, `cannot sum "unit"`},
		{"duplicate id", "  - id: failed_drills", "  - id: drills", 41, `"drills" is used twice`},
		{"unknown compliance interval", "compliance: {interval: response,", "compliance: {interval: arrival,", 53, `compliance interval "arrival"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(string(valid), c.old) {
				t.Fatalf("fixture does not contain %q", c.old)
			}
			text := strings.Replace(string(valid), c.old, c.new, 1)
			_, err := Parse("campaign.yaml", []byte(text))
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want an *Error", err)
			}
			if strings.Contains(ce.Msg, "in type") {
				t.Errorf("err = %q names a Go type", err)
			}
			if ce.Line != c.line || !strings.Contains(ce.Msg, c.message) || !strings.HasPrefix(err.Error(), "campaign campaign.yaml:") {
				t.Errorf("err = %q (line %d); want line %d and %q", err, ce.Line, c.line, c.message)
			}
		})
	}
}

func TestParseCampaignRejectsBadComparisonsAndTargets(t *testing.T) {
	base := "id: c\nname: {zh: 活动, en: Campaign}\nperiod: {start: 2022-05-01, end: 2022-05-31}\n" +
		"headline:\n  - {id: n, label: {zh: 数, en: n}, source: calls, aggregate: count}\n"
	cases := []struct {
		name, extra string
		line        int
		message     string
	}{
		{"baseline overlapping the period", "baselines:\n  - {id: b, label: {zh: 对照, en: b}, start: 2022-04-15, end: 2022-05-14}\n", 7,
			"baseline b (2022-04-15 to 2022-05-14) overlaps the campaign period"},
		{"empty baseline", "baselines:\n  - {id: b, label: {zh: 对照, en: b}, start: 2022-04-15, end: 2022-04-01}\n", 7, "baseline b ends (2022-04-01) before it starts"},
		{"count distinct of an unknown field", "  - {id: d, label: {zh: 数, en: n}, source: calls, aggregate: count_distinct, field: caller}\n", 6,
			`cannot count distinct "caller"`},
		{"unknown aggregate", "  - {id: d, label: {zh: 数, en: n}, source: calls, aggregate: median}\n", 6, `aggregate "median" is not count, sum or count_distinct`},
		{"unknown direction of better", "  - {id: d, label: {zh: 数, en: n}, source: calls, aggregate: count, better: up}\n", 6, `better "up" is not higher or lower`},
		{"hours not a pair", "  - {id: d, label: {zh: 数, en: n}, source: calls, aggregate: count, window: {hours: [22]}}\n", 6, "hours is [from, to)"},
		{"weekday 0", "  - {id: d, label: {zh: 数, en: n}, source: calls, aggregate: count, window: {weekdays: [0]}}\n", 6, "weekdays are 1 (Monday) to 7"},
		{"unknown interval condition", "  - {id: d, label: {zh: 数, en: n}, source: calls, aggregate: count, interval: {id: arrival, max_seconds: 300}}\n", 6,
			`interval "arrival" is not one of the response intervals`},
		{"target on an unknown interval", "response:\n  targets:\n    - {id: t, label: {zh: 目标, en: t}, interval: arrival, thresholds_seconds: [60]}\n", 8,
			`target t: interval "arrival"`},
		{"goal share above 1", "response:\n  targets:\n    - id: t\n      label: {zh: 目标, en: t}\n      interval: answer\n      goals: [{within_seconds: 15, share: 90}]\n", 11,
			"share in (0, 1]"},
		{"tier thresholds without a tier field", "response:\n  targets:\n    - id: t\n      label: {zh: 目标, en: t}\n      interval: response\n      thresholds_seconds: [300]\n      tier_thresholds: {湘潭县: [600]}\n", 12,
			"tier_thresholds need a tier_field"},
		{"unknown tier field", "response:\n  targets:\n    - {id: t, label: {zh: 目标, en: t}, interval: response, thresholds_seconds: [300], tier_field: street}\n", 8,
			`tier_field "street"`},
		{"profile without a version", "response:\n  profile: {name: mine}\n", 7, "profile needs a name and a version"},
		{"interval ending before it starts", "response:\n  intervals:\n    - {id: back, label: {zh: 反, en: back}, from: arrived_at, to: dispatched_at, ceiling_seconds: 60}\n  compliance: {interval: back}\n", 8,
			"from (arrived_at) must come before to (dispatched_at)"},
		{"event date not a date", "events:\n  - {date: 2022-5-26, label: {zh: 培训, en: Training}}\n", 7,
			`event 1: date "2022-5-26" is not a date YYYY-MM-DD`},
		{"event without an English label", "events:\n  - date: 2022-05-26\n    label: {zh: 培训}\n", 8,
			"event 1 (2022-05-26): label needs a text in en"},
		{"two events on one day", "events:\n  - {date: 2022-05-26, label: {zh: 培训, en: Training}}\n  - {date: 2022-05-26, label: {zh: 救援, en: Rescue}}\n", 8,
			"event 2: another event is already on 2022-05-26"},
		{"negative min_count", "publication:\n  min_count: -1\n", 7, "publication: min_count -1 is negative"},
		{"negative min_base", "publication:\n  min_base: -5\n", 7, "publication: min_base -5 is negative"},
		{"unknown sensitive subcategory", "publication:\n  sensitive:\n    subcategory:\n      - suicide_attempt\n      - suicide\n", 10,
			`publication: "suicide" is not a known subcategory; known: suicide_attempt, lost_person,`},
		{"sensitive codes of a free-text field", "publication:\n  sensitive:\n    station: [城正街派出所]\n", 8,
			`publication: "station" is not a coded field`},
		{"sensitive codes of an unknown field", "publication:\n  sensitive:\n    street: [x]\n", 8,
			`publication: "street" is not a coded field`},
		{"tier thresholds of an unknown district", "response:\n  targets:\n    - {id: t, label: {zh: 目标, en: t}, interval: response, thresholds_seconds: [300], tier_field: district, tier_thresholds: {湘谭县: [600]}}\ndistricts:\n  - {name: 湘潭县, en: Xiangtan County}\n", 8,
			`"湘谭县" is not one of the campaign's districts`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := base + c.extra // a "  - " line adds a second headline metric
			_, err := Parse("c.yaml", []byte(text))
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want an *Error", err)
			}
			if ce.Line != c.line || !strings.Contains(ce.Msg, c.message) {
				t.Errorf("err = %q (line %d); want line %d and %q", err, ce.Line, c.line, c.message)
			}
		})
	}
}

func TestDefaultBaselines(t *testing.T) {
	cases := []struct {
		period         Period
		previous, year Period
		label          string
	}{
		// Days of equal length before a period that is not one calendar month.
		{Period{"2022-05-01", "2022-07-31"}, Period{"2022-01-29", "2022-04-30"}, Period{"2021-05-01", "2021-07-31"}, "previous period"},
		{Period{"2024-02-02", "2024-03-01"}, Period{"2024-01-04", "2024-02-01"}, Period{"2023-02-02", "2023-03-01"}, "previous period"},
		{Period{"2022-07-01", "2022-07-30"}, Period{"2022-06-01", "2022-06-30"}, Period{"2021-07-01", "2021-07-30"}, "previous period"},
		// A calendar month: the calendar month before, whatever its length.
		{Period{"2024-02-01", "2024-02-29"}, Period{"2024-01-01", "2024-01-31"}, Period{"2023-02-01", "2023-02-28"}, "previous month"},
		{Period{"2022-07-01", "2022-07-31"}, Period{"2022-06-01", "2022-06-30"}, Period{"2021-07-01", "2021-07-31"}, "previous month"},
		{Period{"2022-03-01", "2022-03-31"}, Period{"2022-02-01", "2022-02-28"}, Period{"2021-03-01", "2021-03-31"}, "previous month"},
		{Period{"2023-01-01", "2023-01-31"}, Period{"2022-12-01", "2022-12-31"}, Period{"2022-01-01", "2022-01-31"}, "previous month"},
	}
	for _, c := range cases {
		b := DefaultBaselines(c.period)
		if len(b) != 2 || b[0].Period != c.previous || b[1].Period != c.year || b[0].Label.En != c.label {
			t.Errorf("DefaultBaselines(%v) = %+v; want %v (%s) and %v", c.period, b, c.previous, c.label, c.year)
		}
		if c.label == "previous period" && b[0].Days() != c.period.Days() {
			t.Errorf("DefaultBaselines(%v): previous period of %d days; want %d", c.period, b[0].Days(), c.period.Days())
		}
	}
}

func TestCampaignUsesABuiltinResponseProfile(t *testing.T) {
	base := "id: c\nname: {zh: 活动, en: Campaign}\nperiod: {start: 2022-05-01, end: 2022-05-31}\n" +
		"headline:\n  - {id: n, label: {zh: 数, en: n}, source: calls, aggregate: count}\n"
	c, err := Parse("c.yaml", []byte(base+"response:\n  use: nena-nfpa\n  min_n: 50\n"))
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{}
	for _, target := range c.Response.Targets {
		ids = append(ids, target.ID)
	}
	if c.Response.Profile != (metrics.ProfileRef{Name: "nena-nfpa", Version: "1"}) || strings.Join(ids, ",") != "nena_answer,nfpa_alarm_processing,nfpa_travel" ||
		c.Response.MinN != 50 || c.Response.Compliance.Interval != "travel" {
		t.Errorf("profile %+v, targets %v, min_n %d, compliance %+v", c.Response.Profile, ids, c.Response.MinN, c.Response.Compliance)
	}
	// The default is the 1-3-5 rule, the same as naming its built-in profile.
	def, err := Parse("c.yaml", []byte(base))
	if err != nil {
		t.Fatal(err)
	}
	named, err := Parse("c.yaml", []byte(base+"response:\n  use: rapid-response-1-3-5\n"))
	if err != nil {
		t.Fatal(err)
	}
	if def.Response.Profile != named.Response.Profile || len(def.Response.Targets) != 1 || def.Response.Targets[0].Label != named.Response.Targets[0].Label {
		t.Errorf("default response %+v differs from the built-in profile %+v", def.Response, named.Response)
	}
	_, err = Parse("c.yaml", []byte(base+"response:\n  use: nfpa\n"))
	var ce *Error
	if !errors.As(err, &ce) || ce.Line != 7 || !strings.Contains(ce.Msg, `no built-in response profile "nfpa"`) {
		t.Errorf("unknown profile: %v", err)
	}
}

// TestDocumentedCampaignExamplesParse keeps docs/metrics.md honest: its first example is a whole
// campaign file, the headline example is a metric of one, and the target examples are targets.
func TestDocumentedCampaignExamplesParse(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "metrics.md"))
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string
	for _, part := range strings.Split(string(doc), "```yaml\n")[1:] {
		block, _, _ := strings.Cut(part, "```")
		blocks = append(blocks, block)
	}
	if len(blocks) < 3 {
		t.Fatalf("%d yaml examples in docs/metrics.md; want a campaign, a metric and targets", len(blocks))
	}
	campaign := blocks[0]
	districts := "districts:\n  - {name: 湘潭县, en: Xiangtan County}\n  - {name: 湘乡市, en: Xiangxiang City}\n  - {name: 韶山市, en: Shaoshan City}\n"
	for i, block := range blocks {
		var text string
		switch {
		case i == 0:
			text = block
		case strings.HasPrefix(block, "  - "):
			text = campaign + block
		case strings.HasPrefix(block, "    - "):
			text = campaign + "response:\n  targets:\n" + block + districts
		default:
			text = campaign + block
		}
		if _, err := Parse(fmt.Sprintf("docs/metrics.md example %d", i+1), []byte(text)); err != nil {
			t.Errorf("example %d does not parse: %v\n%s", i+1, err, block)
		}
	}
}

// campaignBase is a valid campaign file of five lines, to which the tests below add a block.
const campaignBase = "id: c\nname: {zh: 活动, en: Campaign}\nperiod: {start: 2022-05-01, end: 2022-05-31}\n" +
	"headline:\n  - {id: n, label: {zh: 数, en: n}, source: calls, aggregate: count}\n"

// checkCampaignError requires err to be an *Error at the line, naming the file, with message
// in its text.
func checkCampaignError(t *testing.T, err error, path string, line int, message string) {
	t.Helper()
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want an *Error", err)
	}
	prefix := fmt.Sprintf("campaign %s:%d: ", path, line)
	if ce.Path != path || ce.Line != line || !strings.Contains(ce.Msg, message) || !strings.HasPrefix(err.Error(), prefix) {
		t.Errorf("err = %q (line %d); want %q and %q", err, ce.Line, prefix, message)
	}
}

func TestParseCampaignRejectsBadBreakdownsWithTheirLine(t *testing.T) {
	// breakdown builds a breakdown from line 7 on (line 6 is "breakdowns:"): id, label, source and
	// aggregate on lines 7-10, then the given lines from 11.
	breakdown := func(id, source string, lines ...string) string {
		b := "breakdowns:\n  - id: " + id + "\n    label: {zh: 分解, en: b}\n    source: " + source + "\n    aggregate: count\n"
		for _, l := range lines {
			b += "    " + l + "\n"
		}
		return b
	}
	cases := []struct {
		name, extra string
		line        int
		message     string
	}{
		{"unknown dimension", breakdown("b", "calls", "by: [street]"), 11, `breakdown b: "street" is not a dimension of calls; dimensions: channel,`},
		{"dimension of the other source", breakdown("b", "calls", "by: [district, kind]"), 11, `"kind" is not a dimension of calls`},
		{"field that is no dimension", breakdown("b", "activities", "by: [participants]"), 11, `"participants" is not a dimension of activities`},
		{"unknown time bucket", breakdown("b", "calls", "by: [year]"), 11, `"year" is not a dimension of calls`},
		{"no dimension", breakdown("b", "calls", "show: {sheet: true}"), 7, "breakdown b: by names one or two dimensions"},
		{"three dimensions", breakdown("b", "calls", "by: [district, category, day]"), 11, "by names one or two dimensions"},
		{"a dimension twice", breakdown("b", "calls", "by:", "  - district", "  - district"), 13, `dimension "district" is named twice`},
		{"bad chart kind", breakdown("b", "calls", "by: [district]", "show: {chart: pie}"), 12, `breakdown b: chart "pie" is not one of bar, stacked, line`},
		{"stacked with one dimension", breakdown("b", "calls", "by: [district]", "show:", "  chart: stacked"), 13,
			"a stacked chart needs two dimensions"},
		{"unknown built-in chart", breakdown("b", "calls", "by: [day]", "show: {on: hourly}"), 12, `on "hourly" is not one of daily, weekly, districts`},
		{"daily chart by week", breakdown("b", "calls", "by: [week]", "show: {on: daily}"), 12,
			"to be drawn on the daily chart, a breakdown of calls needs by: [day]"},
		{"weekly chart by two dimensions", breakdown("b", "calls", "by: [week, district]", "show: {on: weekly}"), 12,
			"to be drawn on the weekly chart, a breakdown of calls needs by: [week]"},
		{"districts chart of activities", breakdown("b", "activities", "by: [district]", "show: {on: districts}"), 12,
			"to be drawn on the districts chart, a breakdown of calls needs by: [district]"},
		{"the id of a headline metric", breakdown("n", "calls", "by: [district]"), 7,
			`breakdown id "n" is used twice (headline and breakdown ids share one name space)`},
		{"two breakdowns with one id", breakdown("b", "calls", "by: [district]") + strings.TrimPrefix(breakdown("b", "calls", "by: [day]"), "breakdowns:\n"), 12,
			`breakdown id "b" is used twice`},
		{"no id", "breakdowns:\n  - label: {zh: 分解, en: b}\n    source: calls\n    aggregate: count\n    by: [day]\n", 7, "breakdown 1 has no id"},
		{"unknown field in where", breakdown("b", "calls", "where: {street: [建设路]}", "by: [district]"), 11,
			`breakdown b: calls has no field "street" to filter on`},
		{"where on a field of the other source", breakdown("b", "activities", "where:", "  category: [fire]", "by: [district]"), 12,
			`activities has no field "category" to filter on`},
		{"unknown code in where", breakdown("b", "calls", "where: {category: [emergency]}", "by: [district]"), 11,
			`breakdown b: category "emergency" is not a known value`},
		{"unknown code in where_not", breakdown("b", "calls", "where_not:", "  linked_agencies: [fire, police]", "by: [district]"), 12,
			`linked_agencies "police" is not a known value`},
		{"empty where", breakdown("b", "calls", "where: {district: []}", "by: [district]"), 11, "where.district lists no value"},
		{"sum of a field that is not summed", "breakdowns:\n  - {id: b, label: {zh: 分解, en: b}, source: calls, aggregate: sum, field: station, by: [district]}\n", 7,
			`breakdown b: cannot sum "station" of calls`},
		{"count distinct of an unknown field", "breakdowns:\n  - id: b\n    label: {zh: 分解, en: b}\n    source: activities\n    aggregate: count_distinct\n    field: note\n    by: [kind]\n", 11,
			`cannot count distinct "note" of activities`},
		{"unknown source", breakdown("b", "alarms", "by: [district]"), 9, `breakdown b: source "alarms" is not one of calls, activities`},
		{"label without English", "breakdowns:\n  - id: b\n    label: {zh: 分解}\n    source: calls\n    aggregate: count\n    by: [day]\n", 8,
			"breakdown b: label needs a text in en"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("c.yaml", []byte(campaignBase+tc.extra))
			checkCampaignError(t, err, "c.yaml", tc.line, tc.message)
		})
	}
	// Each case differs from a valid breakdown only in its mistake.
	valid := campaignBase + breakdown("b", "calls", "where: {category: [emergency_help]}", "by: [district, subcategory]", "show: {chart: stacked, sheet: true}") +
		strings.TrimPrefix(breakdown("d", "calls", "by: [day]", "show: {on: daily}"), "breakdowns:\n")
	c, err := Parse("c.yaml", []byte(valid))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Breakdowns) != 2 || c.Breakdowns[0].Show != (metrics.Show{Chart: "stacked", Sheet: true}) || c.Breakdowns[1].Show != (metrics.Show{On: "daily"}) {
		t.Errorf("breakdowns %+v", c.Breakdowns)
	}
}

func TestParseCampaignNeedsLabelsInItsLanguagesOnly(t *testing.T) {
	// file writes a campaign whose every label is given by label(zh, en): its name, a headline
	// metric, a breakdown, an event and a target.
	file := func(languages string, label func(zh, en string) string) string {
		return "id: c\n" + languages +
			"name: " + label("活动", "Campaign") + "\n" +
			"period: {start: 2022-05-01, end: 2022-05-31}\n" +
			"headline:\n  - {id: n, label: " + label("数", "n") + ", source: calls, aggregate: count}\n" +
			"breakdowns:\n  - {id: b, label: " + label("分解", "b") + ", source: calls, aggregate: count, by: [day]}\n" +
			"events:\n  - {date: 2022-05-02, label: " + label("培训", "Training") + "}\n" +
			"response:\n  targets:\n    - {id: t, label: " + label("目标", "Target") + ", interval: response, thresholds_seconds: [300]}\n"
	}
	both := func(zh, en string) string { return "{zh: " + zh + ", en: " + en + "}" }
	zhOnly := func(zh, _ string) string { return "{zh: " + zh + "}" }
	enOnly := func(_, en string) string { return "{en: " + en + "}" }
	accepted := []struct {
		name, text string
		languages  []string
	}{
		{"both by default", file("", both), []string{"zh", "en"}},
		{"both listed", file("languages: [zh, en]\n", both), []string{"zh", "en"}},
		{"English first", file("languages: [en, zh]\n", both), []string{"en", "zh"}},
		{"English only, English labels", file("languages: [en]\n", enOnly), []string{"en"}},
		{"English only, labels in both", file("languages: [en]\n", both), []string{"en"}},
		{"Chinese only, Chinese labels", file("languages: [zh]\n", zhOnly), []string{"zh"}},
	}
	for _, tc := range accepted {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse("c.yaml", []byte(tc.text))
			if err != nil {
				t.Fatalf("%v\n%s", err, tc.text)
			}
			if !slices.Equal(c.Languages, tc.languages) {
				t.Errorf("languages %q, want %q", c.Languages, tc.languages)
			}
			// A label in one language reads the same in the other.
			if c.Name.In("zh") == "" || c.Name.In("en") == "" || c.Breakdowns[0].Label.In("zh") == "" {
				t.Errorf("name %+v, breakdown label %+v: empty in a language", c.Name, c.Breakdowns[0].Label)
			}
		})
	}
	// missing drops the text of one language from the label on one line of a campaign otherwise
	// written in both.
	missing := func(line int, drop string) string {
		n := 0
		return file("languages: [zh, en]\n", func(zh, en string) string {
			n++
			// The labels come on lines 3 (name), 6, 8, 10 and 13.
			if []int{3, 6, 8, 10, 13}[n-1] != line {
				return both(zh, en)
			}
			if drop == "en" {
				return zhOnly(zh, en)
			}
			return enOnly(zh, en)
		})
	}
	rejected := []struct {
		name, text string
		line       int
		message    string
	}{
		{"English only, a Chinese label", strings.Replace(file("languages: [en]\n", enOnly), "{en: n}", "{zh: 数}", 1), 6,
			"metric n: label needs a text in en (languages: en)"},
		{"Chinese only, an English name", strings.Replace(file("languages: [zh]\n", zhOnly), "{zh: 活动}", "{en: Campaign}", 1), 3,
			"name needs a text in zh (languages: zh)"},
		{"Chinese only, an English breakdown label", strings.Replace(file("languages: [zh]\n", zhOnly), "{zh: 分解}", "{en: b}", 1), 8,
			"breakdown b: label needs a text in zh"},
		{"both, a name without English", missing(3, "en"), 3, "name needs a text in en (languages: zh, en)"},
		{"both, a metric without Chinese", missing(6, "zh"), 6, "metric n: label needs a text in zh"},
		{"both, a breakdown without English", missing(8, "en"), 8, "breakdown b: label needs a text in en"},
		{"both, an event without Chinese", missing(10, "zh"), 10, "event 1 (2022-05-02): label needs a text in zh"},
		{"both, a target without English", missing(13, "en"), 13, "target t: label needs a text in en"},
		{"by default, a label in one language", strings.Replace(file("", both), "{zh: 数, en: n}", "{zh: 数}", 1), 5,
			"metric n: label needs a text in en (languages: zh, en)"},
		{"unknown language", file("languages: [zh, fr]\n", both), 2, `language "fr" is not zh or en`},
		{"a language twice", file("languages:\n  - en\n  - en\n", both), 4, `language "en" is listed twice`},
	}
	for _, tc := range rejected {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("c.yaml", []byte(tc.text))
			checkCampaignError(t, err, "c.yaml", tc.line, tc.message)
		})
	}
}

func TestCampaignLabelsTargetsFromTheirThresholdsAndGoals(t *testing.T) {
	cases := []struct {
		name, response string
		want           []metrics.Text // the labels of the targets, in order
	}{
		{"default target on the 1, 3, 5 minute rule", "", []metrics.Text{{Zh: "快速反应（1、3、5分钟）", En: "Rapid response (1, 3, 5 minutes)"}}},
		{"default target on other thresholds", "response:\n  compliance: {interval: response, thresholds_seconds: [300, 480, 600]}\n",
			[]metrics.Text{{Zh: "快速反应（5、8、10分钟）", En: "Rapid response (5, 8, 10 minutes)"}}},
		{"default target on one minute", "response:\n  compliance: {interval: response, thresholds_seconds: [60]}\n",
			[]metrics.Text{{Zh: "快速反应（1分钟）", En: "Rapid response (1 minute)"}}},
		{"default target on seconds", "response:\n  compliance: {interval: response, thresholds_seconds: [90, 180]}\n",
			[]metrics.Text{{Zh: "快速反应（90、180秒）", En: "Rapid response (90, 180 s)"}}},
		{"unlabelled targets", "response:\n  targets:\n" +
			"    - {id: a, interval: response, thresholds_seconds: [300, 480, 600]}\n" +
			"    - {id: b, interval: answer, goals: [{within_seconds: 15, share: 0.9}, {within_seconds: 20, share: 0.95}]}\n" +
			"    - {id: c, interval: travel, goals: [{within_seconds: 240, share: 0.9}]}\n" +
			"    - {id: d, interval: dispatch, thresholds_seconds: [60, 90]}\n" +
			"    - {id: e, label: {zh: 自定, en: Own}, interval: response, thresholds_seconds: [300]}\n",
			[]metrics.Text{
				{Zh: "到场时长5、8、10分钟以内", En: "Response within 5, 8, 10 minutes"},
				{Zh: "接警时长（15秒内90%，20秒内95%）", En: "Answer (90% within 15 s, 95% within 20 s)"},
				{Zh: "途中时长（4分钟内90%）", En: "Travel (90% within 4 minutes)"},
				{Zh: "派警时长60、90秒以内", En: "Dispatch within 60, 90 s"},
				{Zh: "自定", En: "Own"},
			}},
		{"a target on an interval of the campaign's own", "response:\n  intervals:\n" +
			"    - {id: onscene, label: {zh: 出警到场, en: On scene}, from: dispatched_at, to: arrived_at, ceiling_seconds: 3600}\n" +
			"  compliance: {interval: onscene, thresholds_seconds: [600]}\n" +
			"  targets:\n    - {id: a, interval: onscene, goals: [{within_seconds: 600, share: 0.8}]}\n",
			[]metrics.Text{{Zh: "出警到场（10分钟内80%）", En: "On scene (80% within 10 minutes)"}}},
		// A share that is not a whole number of per cent in binary floating point: 0.58 x 100 is
		// 57.99999999999999.
		{"a goal of 58%", "response:\n  targets:\n    - {id: a, interval: answer, goals: [{within_seconds: 10, share: 0.58}]}\n",
			[]metrics.Text{{Zh: "接警时长（10秒内58%）", En: "Answer (58% within 10 s)"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse("c.yaml", []byte(campaignBase+tc.response))
			if err != nil {
				t.Fatal(err)
			}
			var got []metrics.Text
			for _, target := range c.Response.Targets {
				got = append(got, target.Label)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("labels %+v, want %+v", got, tc.want)
			}
		})
	}
	for _, tc := range []struct {
		thresholds []int
		want       metrics.Text
	}{
		{[]int{60, 180, 300}, metrics.Text{Zh: "快速反应（1、3、5分钟）", En: "Rapid response (1, 3, 5 minutes)"}},
		{[]int{300, 480, 600}, metrics.Text{Zh: "快速反应（5、8、10分钟）", En: "Rapid response (5, 8, 10 minutes)"}},
		{[]int{120}, metrics.Text{Zh: "快速反应（2分钟）", En: "Rapid response (2 minutes)"}},
		{[]int{60, 150}, metrics.Text{Zh: "快速反应（60、150秒）", En: "Rapid response (60, 150 s)"}},
	} {
		if got := RapidResponseLabel(tc.thresholds); got != tc.want {
			t.Errorf("RapidResponseLabel(%v) = %+v, want %+v", tc.thresholds, got, tc.want)
		}
	}
}

func TestParseCampaignRefusesLabelsOfUnknownFieldsAndCodes(t *testing.T) {
	base := "id: x\nname: {zh: 甲, en: X}\nperiod: {start: 2022-05-01, end: 2022-05-31}\nheadline:\n  - {id: a, label: {zh: 甲, en: A}, source: calls, aggregate: count}\n"
	for _, tc := range []struct{ labels, want string }{
		{"labels:\n  fields: {weather: {en: Weather}}\n", `campaign c.yaml:7: labels: "weather" is not a field`},
		{"labels:\n  codes: {district: {x: {en: X}}}\n", `campaign c.yaml:7: labels: districts are named under districts:`},
		{"labels:\n  codes: {received_at: {x: {en: X}}}\n", `campaign c.yaml:7: labels: "received_at" is not a coded or free-text field`},
		{"labels:\n  codes:\n    category:\n      medical: {en: Medical}\n", `campaign c.yaml:9: labels: "medical" is not a code of category`},
		{"labels:\n  names: {}\n", "field names not found"},
	} {
		_, err := Parse("c.yaml", []byte(base+tc.labels))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("labels %q: error %v, want %q", tc.labels, err, tc.want)
		}
	}
}

func TestParseCampaignTakesNamesOfFreeTextValues(t *testing.T) {
	doc := "id: x\nname: {zh: 甲, en: X}\nperiod: {start: 2022-05-01, end: 2022-05-31}\nheadline:\n  - {id: a, label: {zh: 甲, en: A}, source: calls, aggregate: count}\n" +
		"labels:\n  codes:\n    unit:\n      岳塘分局: {en: Yuetang Branch}\n"
	c, err := Parse("c.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Labels.Codes["unit"]["岳塘分局"]; got.En != "Yuetang Branch" {
		t.Errorf("the unit's name = %+v, want en Yuetang Branch", got)
	}
}

func TestParseRefusesTheMachinesTimeZone(t *testing.T) {
	doc := "id: c\nname: {zh: 活动, en: Campaign}\nperiod: {start: 2022-05-01, end: 2022-05-31}\ntime_zone: Local\n" +
		"headline:\n  - {id: n, label: {zh: 数, en: n}, source: calls, aggregate: count}\n"
	_, err := Parse("c.yaml", []byte(doc))
	if err == nil || !strings.Contains(err.Error(), "c.yaml:4") || !strings.Contains(err.Error(), "Asia/Shanghai") {
		t.Errorf("time_zone Local: %v, want an error at line 4 naming a zone to use", err)
	}
}
