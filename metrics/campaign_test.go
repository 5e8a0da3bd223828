package metrics

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLoadCampaignSample(t *testing.T) {
	c, err := LoadCampaign(filepath.Join("..", "sample-data", "campaign.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Period.Days() != 92 || len(c.Headline) != 8 || len(c.Districts) != 7 || c.Response.Compliance.Interval != "response" {
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
	if p := c.Publication.Rules(); c.Publication.MinCount == nil || p.MinCount != 5 || !slices.Equal(p.Sensitive, []string{"suicide_attempt", "missing_person"}) {
		t.Errorf("sample publication rules %+v; want them explicit, min_count 5, suicide_attempt and missing_person", p)
	}
}

func TestCampaignPublicationRulesDefaultPerKey(t *testing.T) {
	base := "id: c\nname: {zh: 活动, en: Campaign}\nperiod: {start: 2022-05-01, end: 2022-05-31}\n" +
		"headline:\n  - {id: n, label: {zh: 数, en: n}, source: calls, aggregate: count}\n"
	defaults := []string{"suicide_attempt", "missing_person"}
	cases := []struct {
		name, block string
		minCount    int
		sensitive   []string
	}{
		{"no block", "", 5, defaults},
		{"empty block", "publication: {}\n", 5, defaults},
		{"min_count only", "publication: {min_count: 10}\n", 10, defaults},
		{"suppression off", "publication: {min_count: 0}\n", 0, defaults},
		{"subcategories only", "publication: {sensitive_subcategories: [drowning]}\n", 5, []string{"drowning"}},
		{"no sensitive subcategory", "publication: {sensitive_subcategories: []}\n", 5, []string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ParseCampaign("c.yaml", []byte(base+tc.block))
			if err != nil {
				t.Fatal(err)
			}
			p := c.Publication.Rules()
			if p.MinCount != tc.minCount || !slices.Equal(p.Sensitive, tc.sensitive) || p.Sensitive == nil {
				t.Errorf("rules %+v; want min_count %d, sensitive %q", p, tc.minCount, tc.sensitive)
			}
		})
	}
}

func TestPublicationSuppressed(t *testing.T) {
	rules := Publication{MinCount: 5, Sensitive: []string{"suicide_attempt", "missing_person"}}
	cases := []struct {
		name        string
		p           Publication
		subcategory string
		n           int64
		want        bool
	}{
		{"zero is shown", rules, "suicide_attempt", 0, false},
		{"one", rules, "suicide_attempt", 1, true},
		{"just below min_count", rules, "missing_person", 4, true},
		{"min_count itself is shown", rules, "missing_person", 5, false},
		{"above min_count", rules, "suicide_attempt", 120, false},
		{"not sensitive", rules, "lost_person", 1, false},
		{"empty subcategory", rules, "", 1, false},
		{"suppression off", Publication{MinCount: 0, Sensitive: rules.Sensitive}, "suicide_attempt", 1, false},
		{"no sensitive subcategory", Publication{MinCount: 5, Sensitive: []string{}}, "suicide_attempt", 1, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.p.Suppressed(tc.subcategory, tc.n); got != tc.want {
				t.Errorf("%+v.Suppressed(%q, %d) = %v; want %v", tc.p, tc.subcategory, tc.n, got, tc.want)
			}
		})
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
			_, err := ParseCampaign("campaign.yaml", []byte(text))
			var ce *CampaignError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *CampaignError", err)
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
			"event 1 (2022-05-26): label needs both zh and en"},
		{"two events on one day", "events:\n  - {date: 2022-05-26, label: {zh: 培训, en: Training}}\n  - {date: 2022-05-26, label: {zh: 救援, en: Rescue}}\n", 8,
			"event 2: another event is already on 2022-05-26"},
		{"negative min_count", "publication:\n  min_count: -1\n", 7, "publication: min_count -1 is negative"},
		{"unknown sensitive subcategory", "publication:\n  sensitive_subcategories:\n    - suicide_attempt\n    - suicide\n", 9,
			`publication: "suicide" is not a known subcategory; known: child_assist, drowning,`},
		{"tier thresholds of an unknown district", "response:\n  targets:\n    - {id: t, label: {zh: 目标, en: t}, interval: response, thresholds_seconds: [300], tier_field: district, tier_thresholds: {湘谭县: [600]}}\ndistricts:\n  - {name: 湘潭县, en: Xiangtan County}\n", 8,
			`"湘谭县" is not one of the campaign's districts`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := base + c.extra // a "  - " line adds a second headline metric
			_, err := ParseCampaign("c.yaml", []byte(text))
			var ce *CampaignError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *CampaignError", err)
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
	}{
		{Period{"2022-05-01", "2022-07-31"}, Period{"2022-01-29", "2022-04-30"}, Period{"2021-05-01", "2021-07-31"}},
		{Period{"2024-02-01", "2024-02-29"}, Period{"2024-01-03", "2024-01-31"}, Period{"2023-02-01", "2023-02-28"}},
	}
	for _, c := range cases {
		b := DefaultBaselines(c.period)
		if len(b) != 2 || b[0].Period != c.previous || b[1].Period != c.year || b[0].Days() != c.period.Days() {
			t.Errorf("DefaultBaselines(%v) = %+v; want %v and %v", c.period, b, c.previous, c.year)
		}
	}
}

func TestCampaignUsesABuiltinResponseProfile(t *testing.T) {
	base := "id: c\nname: {zh: 活动, en: Campaign}\nperiod: {start: 2022-05-01, end: 2022-05-31}\n" +
		"headline:\n  - {id: n, label: {zh: 数, en: n}, source: calls, aggregate: count}\n"
	c, err := ParseCampaign("c.yaml", []byte(base+"response:\n  use: nena-nfpa\n  min_n: 50\n"))
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{}
	for _, target := range c.Response.Targets {
		ids = append(ids, target.ID)
	}
	if c.Response.Profile != (ProfileRef{"nena-nfpa", "1"}) || strings.Join(ids, ",") != "nena_answer,nfpa_alarm_processing,nfpa_travel" ||
		c.Response.MinN != 50 || c.Response.Compliance.Interval != "travel" {
		t.Errorf("profile %+v, targets %v, min_n %d, compliance %+v", c.Response.Profile, ids, c.Response.MinN, c.Response.Compliance)
	}
	// The default is the 1-3-5 rule, the same as naming its built-in profile.
	def, err := ParseCampaign("c.yaml", []byte(base))
	if err != nil {
		t.Fatal(err)
	}
	named, err := ParseCampaign("c.yaml", []byte(base+"response:\n  use: rapid-response-1-3-5\n"))
	if err != nil {
		t.Fatal(err)
	}
	if def.Response.Profile != named.Response.Profile || len(def.Response.Targets) != 1 || def.Response.Targets[0].Label != named.Response.Targets[0].Label {
		t.Errorf("default response %+v differs from the built-in profile %+v", def.Response, named.Response)
	}
	_, err = ParseCampaign("c.yaml", []byte(base+"response:\n  use: nfpa\n"))
	var ce *CampaignError
	if !errors.As(err, &ce) || ce.Line != 7 || !strings.Contains(ce.Msg, `no built-in response profile "nfpa"`) {
		t.Errorf("unknown profile: %v", err)
	}
}

// TestDocumentedCampaignExamplesParse keeps docs/metrics.md honest: its first example is a whole
// campaign file, the headline example is a metric of one, and the target examples are targets.
func TestDocumentedCampaignExamplesParse(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "metrics.md"))
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
		if _, err := ParseCampaign(fmt.Sprintf("docs/metrics.md example %d", i+1), []byte(text)); err != nil {
			t.Errorf("example %d does not parse: %v\n%s", i+1, err, block)
		}
	}
}

func TestDescribeStatesAFigureInWords(t *testing.T) {
	c, err := LoadCampaign(filepath.Join("..", "sample-data", "campaign.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	p := Period{Start: "2022-05-01", End: "2022-07-31"}
	tests := []struct {
		name   string
		metric MetricDef
		want   Text
	}{
		{"count with filters", MetricDef{Source: "calls", Aggregate: "count",
			Where: map[string][]string{"category": {"emergency_help"}, "district": {"雨湖区", "岳塘区"}}},
			Text{
				Zh: "接警时间在2022-05-01至2022-07-31（含）的警情数，其中警情类别为“紧急求助”，地区为“雨湖区”或“岳塘区”。",
				En: "The number of calls received from 2022-05-01 to 2022-07-31 inclusive, where category is Emergency help; district is Yuhu District or Yuetang District.",
			}},
		{"sum of activities in a window", MetricDef{Source: "activities", Aggregate: "sum", Field: "participants",
			WhereNot: map[string][]string{"kind": {"video_inspection"}}, Window: &Window{Hours: []int{22, 6}, Weekdays: []int{6, 7}}},
			Text{
				Zh: "开始时间在2022-05-01至2022-07-31（含）的工作记录的参训人数之和，其中工作类型不为“视频巡查”，仅当地时间22:00至06:00，仅星期六、星期日。",
				En: "The sum of participants over the activities started from 2022-05-01 to 2022-07-31 inclusive, where kind of activity is not Video inspections; only from 22:00 to 06:00 local time; only on Saturday, Sunday.",
			}},
		{"incidents with an interval condition", MetricDef{Source: "calls", Aggregate: "count_distinct", Field: "incident",
			Interval: &IntervalCondition{ID: "response", MaxSeconds: 300}},
			Text{
				Zh: "接警时间在2022-05-01至2022-07-31（含）的警情中不同事件的个数，其中仅到场时长有效且不超过300秒。共用一个事件编号的警情计为一个事件，无事件编号的警情各自计为一个事件。",
				En: "The number of distinct incidents among the calls received from 2022-05-01 to 2022-07-31 inclusive, where only calls with a valid response interval of at most 300 s. Calls sharing an incident_id are one incident; a call without one is an incident of its own.",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.metric.describe(p, c); got != tt.want {
				t.Errorf("describe:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
