package campaign

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"math"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"bulletin/metrics"
	"bulletin/schema"
)

// applyDefaults gives every setting the campaign file leaves out its default.
func (c *Campaign) applyDefaults() {
	if c.TimeZone == "" {
		c.TimeZone = schema.DefaultTimeZone
	}
	if len(c.Response.Intervals) == 0 {
		c.Response.Intervals = DefaultIntervals()
	}
	if c.Response.ExcludeCategories == nil {
		c.Response.ExcludeCategories = model().Field("calls", "category").CodesWhere(func(code schema.Code) bool { return code.NoResponse })
	}
	if c.Response.Compliance.Interval == "" {
		c.Response.Compliance.Interval = "response"
	}
	if len(c.Response.Compliance.Thresholds) == 0 {
		c.Response.Compliance.Thresholds = []int{60, 180, 300}
	}
	if len(c.Response.HistogramEdges) == 0 {
		c.Response.HistogramEdges = []int{0, 60, 120, 180, 300, 600, 900, 1200, 1800}
	}
	if c.Published == "" {
		c.Published = c.Period.End
	}
	if c.Baselines == nil {
		c.Baselines = DefaultBaselines(c.Period)
	}
	if c.Response.Profile == (metrics.ProfileRef{}) {
		c.Response.Profile = DefaultProfile
	}
	if c.Response.MinN == 0 {
		c.Response.MinN = 30
	}
	if len(c.Response.Targets) == 0 {
		c.Response.Targets = []TargetDef{{ID: "rapid_response", Label: RapidResponseLabel(c.Response.Compliance.Thresholds),
			Interval: c.Response.Compliance.Interval, Thresholds: c.Response.Compliance.Thresholds}}
	}
	for i := range c.Response.Targets {
		if t := &c.Response.Targets[i]; t.Label == (metrics.Text{}) {
			t.Label = c.targetLabel(*t)
		}
	}
	if len(c.Languages) == 0 {
		c.Languages = []string{"zh", "en"}
	}
	if c.Bulletin == "" {
		c.Bulletin = metrics.DefaultBulletin
	}
}

// DefaultIntervals are the intervals reported when a campaign file names none: those of the data
// model.
func DefaultIntervals() []IntervalDef {
	var out []IntervalDef
	for _, iv := range model().Intervals {
		out = append(out, IntervalDef{ID: iv.ID, Label: iv.Label, From: iv.From, To: iv.To, CeilingSeconds: iv.CeilingSeconds})
	}
	return out
}

// DefaultProfile names the response-time rules a campaign file gets when it names none: the
// intervals of DefaultIntervals and the "1, 3, 5 minute" rule on the response interval.
var DefaultProfile = metrics.ProfileRef{Name: "rapid-response-1-3-5", Version: "1"}

// DefaultBaselines returns the previous period of equal length, ending the day before p starts (for
// a period that is one calendar month, the calendar month before), and the same dates one year
// earlier (29 February becomes 28 February).
func DefaultBaselines(p Period) []Baseline {
	start, err1 := time.Parse(time.DateOnly, p.Start)
	end, err2 := time.Parse(time.DateOnly, p.End)
	if err1 != nil || err2 != nil {
		return nil
	}
	days := p.Days()
	yearEarlier := func(t time.Time) time.Time {
		y := t.AddDate(-1, 0, 0)
		if y.Day() != t.Day() { // 29 February
			y = time.Date(t.Year()-1, t.Month(), 28, 0, 0, 0, 0, time.UTC)
		}
		return y
	}
	previous := Baseline{ID: "previous", Label: metrics.Text{Zh: "上一周期", En: "previous period"},
		Period: Period{Start: start.AddDate(0, 0, -days).Format(time.DateOnly), End: start.AddDate(0, 0, -1).Format(time.DateOnly)}}
	if start.Day() == 1 && end.AddDate(0, 0, 1).Day() == 1 && start.Year() == end.Year() && start.Month() == end.Month() {
		// A calendar month compares with the calendar month before (环比), whatever their lengths:
		// July with June, March with February. It is then also the period of last month's own
		// report, whose stored figures the comparison reads.
		previous = Baseline{ID: "previous", Label: metrics.Text{Zh: "上月", En: "previous month"},
			Period: Period{Start: start.AddDate(0, -1, 0).Format(time.DateOnly), End: start.AddDate(0, 0, -1).Format(time.DateOnly)}}
	}
	return []Baseline{
		previous,
		{ID: "year_earlier", Label: metrics.Text{Zh: "去年同期", En: "same period last year"},
			Period: Period{Start: yearEarlier(start).Format(time.DateOnly), End: yearEarlier(end).Format(time.DateOnly)}},
	}
}

// RapidResponseLabel labels the default target on thresholds: "Rapid response (1, 3, 5 minutes)"
// for 60, 180 and 300 seconds, in both languages, from the thresholds themselves.
func RapidResponseLabel(thresholds []int) metrics.Text {
	d := durationList(thresholds)
	return metrics.Text{Zh: "快速反应（" + d.Zh + "）", En: "Rapid response (" + d.En + ")"}
}

// targetLabel labels a target the campaign file leaves unlabelled, from its interval and its
// thresholds or goals.
func (c *Campaign) targetLabel(t TargetDef) metrics.Text {
	interval := metrics.Text{Zh: t.Interval, En: t.Interval}
	for _, iv := range c.Response.Intervals {
		if iv.ID == t.Interval {
			interval = iv.Label
		}
	}
	if len(t.Thresholds) > 0 {
		d := durationList(t.Thresholds)
		return metrics.Text{Zh: interval.Zh + d.Zh + "以内", En: interval.En + " within " + d.En}
	}
	var zh, en []string
	for _, g := range t.Goals {
		d := durationList([]int{g.WithinSeconds})
		pct := strconv.FormatFloat(math.Round(g.Share*10000)/100, 'f', -1, 64) + "%"
		zh = append(zh, d.Zh+"内"+pct)
		en = append(en, pct+" within "+d.En)
	}
	return metrics.Text{Zh: interval.Zh + "（" + strings.Join(zh, "，") + "）", En: interval.En + " (" + strings.Join(en, ", ") + ")"}
}

// durationList writes thresholds in seconds as a list in the largest unit that divides them all:
// "1, 3, 5 minutes" / "1、3、5分钟", or "15, 20 s" / "15、20秒".
func durationList(seconds []int) metrics.Text {
	unitZh, unitEn, div := "秒", " s", 1
	minutes := len(seconds) > 0
	for _, s := range seconds {
		minutes = minutes && s%60 == 0
	}
	if minutes {
		unitZh, unitEn, div = "分钟", " minutes", 60
		if len(seconds) == 1 && seconds[0] == 60 {
			unitEn = " minute"
		}
	}
	parts := make([]string, len(seconds))
	for i, s := range seconds {
		parts[i] = strconv.Itoa(s / div)
	}
	return metrics.Text{Zh: strings.Join(parts, "、") + unitZh, En: strings.Join(parts, ", ") + unitEn}
}

//go:embed profiles/*.yaml
var responseProfiles embed.FS

// ResponseProfileNames lists the built-in response profiles.
func ResponseProfileNames() []string {
	entries, _ := fs.ReadDir(responseProfiles, "profiles")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	return names
}

// useBuiltin fills the settings r leaves empty from the built-in profile r.Use.
func (r *ResponseDef) useBuiltin() error {
	data, err := responseProfiles.ReadFile("profiles/" + r.Use + ".yaml")
	if err != nil {
		return fmt.Errorf("no built-in response profile %q; built-in: %s", r.Use, strings.Join(ResponseProfileNames(), ", "))
	}
	var base ResponseDef
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&base); err != nil {
		return fmt.Errorf("built-in response profile %s: %w", r.Use, err)
	}
	if len(r.Intervals) == 0 {
		r.Intervals = base.Intervals
	}
	if r.ExcludeCategories == nil {
		r.ExcludeCategories = base.ExcludeCategories
	}
	if r.Compliance.Interval == "" && len(r.Compliance.Thresholds) == 0 {
		r.Compliance = base.Compliance
	}
	if len(r.HistogramEdges) == 0 {
		r.HistogramEdges = base.HistogramEdges
	}
	if r.Profile == (metrics.ProfileRef{}) {
		r.Profile = base.Profile
	}
	if len(r.Targets) == 0 {
		r.Targets = base.Targets
	}
	if r.MinN == 0 {
		r.MinN = base.MinN
	}
	return nil
}
