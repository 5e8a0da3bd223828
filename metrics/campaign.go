package metrics

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"bulletin/internal/yamlpos"
	"bulletin/warehouse"
)

// Campaign is a campaign file: what period to report on and which figures to publish. It is loaded
// and validated once by LoadCampaign; docs/metrics.md documents every key.
type Campaign struct {
	ID        string `yaml:"id"`
	Name      Text   `yaml:"name"`
	Unit      Text   `yaml:"unit"`
	Period    Period `yaml:"period"`
	TimeZone  string `yaml:"time_zone"`
	Published string `yaml:"published"`
	// Baselines are the periods every headline figure and compliance share is compared with. They
	// default to DefaultBaselines: the previous period of equal length and the same dates a year
	// earlier.
	Baselines []Baseline  `yaml:"baselines"`
	Headline  []MetricDef `yaml:"headline"`
	Response  ResponseDef `yaml:"response"`
	// Districts lists the districts in the order reports show them, with their English names.
	Districts []District `yaml:"districts"`
	// Events are dated events of the campaign that charts mark on their time axis. Their dates
	// are unique; those outside the period are left out of the report.
	Events []Event `yaml:"events"`
	// Publication sets how public outputs show small counts of sensitive subcategories; Rules
	// gives it with the defaults for what the file leaves out.
	Publication PublicationDef `yaml:"publication"`
}

// PublicationDef is the publication block of a campaign file as written: a nil field was left out
// and takes its default.
type PublicationDef struct {
	MinCount  *int     `yaml:"min_count"`
	Sensitive []string `yaml:"sensitive_subcategories"`
}

// DefaultMinCount is the smallest count of a sensitive subcategory that public outputs show at
// district level when the campaign file does not say.
const DefaultMinCount = 5

// DefaultSensitiveSubcategories returns the subcategories whose small district counts public
// outputs hide when the campaign file does not say: suicide attempts and missing persons.
func DefaultSensitiveSubcategories() []string {
	return []string{"suicide_attempt", "missing_person"}
}

// Rules returns the publication rules, with DefaultMinCount and DefaultSensitiveSubcategories
// where the block leaves a key out. An empty list of subcategories stays empty.
func (d PublicationDef) Rules() Publication {
	p := Publication{MinCount: DefaultMinCount, Sensitive: DefaultSensitiveSubcategories()}
	if d.MinCount != nil {
		p.MinCount = *d.MinCount
	}
	if d.Sensitive != nil {
		p.Sensitive = slices.Clone(d.Sensitive)
	}
	return p
}

// District is a district as named in the data, with its English name.
type District struct {
	Name string `yaml:"name"`
	En   string `yaml:"en"`
}

// Event is a dated event of a campaign (a training, a notable rescue), labelled for a chart
// marker. Date is a calendar day, YYYY-MM-DD.
type Event struct {
	Date  string `yaml:"date" json:"date"`
	Label Text   `yaml:"label" json:"label"`
}

// Period is a range of calendar days, both ends included, written YYYY-MM-DD.
type Period struct {
	Start string `yaml:"start"`
	End   string `yaml:"end"`
}

// Baseline is a period figures are compared with.
type Baseline struct {
	ID     string `yaml:"id"`
	Label  Text   `yaml:"label"`
	Period `yaml:",inline"`
}

// Window narrows a metric to part of the period: a range of days, hours of the day (From up to,
// not including, To; From > To wraps past midnight) and ISO weekdays (1 = Monday .. 7 = Sunday).
type Window struct {
	FromDate string `yaml:"from_date" json:"from_date,omitempty"`
	ToDate   string `yaml:"to_date" json:"to_date,omitempty"`
	Hours    []int  `yaml:"hours" json:"hours,omitempty"`
	Weekdays []int  `yaml:"weekdays" json:"weekdays,omitempty"`
}

// IntervalCondition keeps the calls whose interval (one of the response intervals, by id) is valid
// and lasts at least MinSeconds and at most MaxSeconds; a zero bound is no bound.
type IntervalCondition struct {
	ID         string  `yaml:"id" json:"id"`
	MinSeconds float64 `yaml:"min_seconds" json:"min_seconds,omitempty"`
	MaxSeconds float64 `yaml:"max_seconds" json:"max_seconds,omitempty"`
}

// MetricDef defines one headline figure as data: an aggregate over the calls or activities of the
// campaign period that match its filters.
type MetricDef struct {
	ID    string `yaml:"id"`
	Label Text   `yaml:"label"`
	Unit  Text   `yaml:"unit"`
	// Source is "calls" or "activities".
	Source string `yaml:"source"`
	// Aggregate is "count" (rows), "sum" (of Field) or "count_distinct" (distinct values of Field;
	// the field "incident" counts incidents: calls sharing an incident_id are one incident, a call
	// without one is an incident of its own).
	Aggregate string `yaml:"aggregate"`
	Field     string `yaml:"field"`
	// Where keeps rows whose field has one of the listed values; WhereNot drops rows whose field has
	// one of them. For linked_agencies a row matches when any of its agencies is listed.
	Where    map[string][]string `yaml:"where"`
	WhereNot map[string][]string `yaml:"where_not"`
	// Window narrows the metric in time; Interval keeps only calls meeting an interval condition.
	Window   *Window            `yaml:"window"`
	Interval *IntervalCondition `yaml:"interval"`
	// Better says which direction of change is an improvement: "higher", "lower", or "" when a
	// change is neither (the workbook then shows its arrow without a colour of good or bad).
	Better string `yaml:"better"`
}

// IntervalDef is an interval between two clock points of a call.
type IntervalDef struct {
	ID    string `yaml:"id"`
	Label Text   `yaml:"label"`
	From  string `yaml:"from"`
	To    string `yaml:"to"`
	// CeilingSeconds excludes longer intervals as implausible.
	CeilingSeconds float64 `yaml:"ceiling_seconds"`
}

// ResponseDef configures the response-time section.
type ResponseDef struct {
	// Use names a built-in response profile (metrics/profiles: rapid-response-1-3-5, nena-nfpa)
	// whose settings apply where this section gives none.
	Use string `yaml:"use"`
	// Intervals default to DefaultIntervals.
	Intervals []IntervalDef `yaml:"intervals"`
	// ExcludeCategories are call categories that are never dispatched and so have no response
	// times (default consultation and invalid).
	ExcludeCategories []string      `yaml:"exclude_categories"`
	Compliance        ComplianceDef `yaml:"compliance"`
	// HistogramEdges are the lower bounds of the histogram bins, in seconds, starting at 0.
	HistogramEdges []int `yaml:"histogram_edges_seconds"`
	// Profile names and versions the interval definitions and targets, so that every output can
	// say which rules its figures follow.
	Profile ProfileRef `yaml:"profile"`
	// Targets are the response-time targets; when none is given, one is made from Compliance.
	Targets []TargetDef `yaml:"targets"`
	// MinN is the smallest number of valid intervals for which a share or percentile is reliable
	// (default 30); figures from fewer are marked not reliable.
	MinN int `yaml:"min_n"`
}

// ProfileRef names a version of a set of response-time rules.
type ProfileRef struct {
	Name    string `yaml:"name" json:"name"`
	Version string `yaml:"version" json:"version"`
}

// TargetDef is a response-time target on one interval: the share of valid intervals within each
// threshold, and for goals the share that must be within (NFPA-1710-style "90% within 240 s";
// NENA-style "90% answered within 15 s, 95% within 20 s"). With TierField, the target is computed
// for each value of that call field, and TierThresholds may give a tier thresholds of its own (the
// "1, 3, 5 minute" rule by type of place or by responding force).
type TargetDef struct {
	ID             string           `yaml:"id"`
	Label          Text             `yaml:"label"`
	Interval       string           `yaml:"interval"`
	Thresholds     []int            `yaml:"thresholds_seconds"`
	Goals          []Goal           `yaml:"goals"`
	TierField      string           `yaml:"tier_field"`
	TierThresholds map[string][]int `yaml:"tier_thresholds"`
}

// Goal is a share of valid intervals that must lie within a number of seconds.
type Goal struct {
	WithinSeconds int     `yaml:"within_seconds"`
	Share         float64 `yaml:"share"`
}

// ComplianceDef is a rapid-response rule: the share of an interval within each threshold.
type ComplianceDef struct {
	Interval   string `yaml:"interval"`
	Thresholds []int  `yaml:"thresholds_seconds"`
}

// DefaultIntervals are the intervals reported when a campaign file names none.
func DefaultIntervals() []IntervalDef {
	return []IntervalDef{
		{ID: "answer", Label: Text{Zh: "接警时长", En: "Answer"}, From: "received_at", To: "answered_at", CeilingSeconds: 600},
		{ID: "dispatch", Label: Text{Zh: "派警时长", En: "Dispatch"}, From: "received_at", To: "dispatched_at", CeilingSeconds: 3600},
		{ID: "travel", Label: Text{Zh: "途中时长", En: "Travel"}, From: "dispatched_at", To: "arrived_at", CeilingSeconds: 7200},
		{ID: "response", Label: Text{Zh: "到场时长", En: "Response"}, From: "received_at", To: "arrived_at", CeilingSeconds: 7200},
		{ID: "handling", Label: Text{Zh: "处置时长", En: "Handling"}, From: "arrived_at", To: "closed_at", CeilingSeconds: 86400},
	}
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
	if r.Profile == (ProfileRef{}) {
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

// DefaultProfile names the response-time rules a campaign file gets when it names none: the
// intervals of DefaultIntervals and the "1, 3, 5 minute" rule on the response interval.
var DefaultProfile = ProfileRef{Name: "rapid-response-1-3-5", Version: "1"}

// DefaultBaselines returns the previous period of equal length, ending the day before p starts, and
// the same dates one year earlier (29 February becomes 28 February).
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
	return []Baseline{
		{ID: "previous", Label: Text{Zh: "上一周期", En: "previous period"},
			Period: Period{Start: start.AddDate(0, 0, -days).Format(time.DateOnly), End: start.AddDate(0, 0, -1).Format(time.DateOnly)}},
		{ID: "year_earlier", Label: Text{Zh: "去年同期", En: "same period last year"},
			Period: Period{Start: yearEarlier(start).Format(time.DateOnly), End: yearEarlier(end).Format(time.DateOnly)}},
	}
}

// clockPoints are the timestamps of a call that intervals can start or end at.
var clockPoints = []string{"received_at", "answered_at", "dispatched_at", "arrived_at", "closed_at"}

// filterFields lists, per source, the fields a metric may filter on.
var filterFields = map[string][]string{
	"calls":      {"channel", "category", "subcategory", "priority", "district", "station", "disposition", "linked_agencies"},
	"activities": {"kind", "district", "unit", "passed"},
}

// sumFields lists, per source, the fields a metric may sum.
var sumFields = map[string][]string{
	"calls":      {"people_helped", "dispatch_orders"},
	"activities": {"participants", "response_seconds"},
}

// distinctFields lists, per source, the fields a metric may count distinct values of. "incident" is
// the incident a call belongs to (its incident_id, or the call itself when it has none).
var distinctFields = map[string][]string{
	"calls":      {"incident", "district", "station", "category", "subcategory", "channel"},
	"activities": {"district", "unit", "kind"},
}

// tierFields are the call fields a response-time target may be tiered by.
var tierFields = []string{"district", "station", "category", "subcategory", "channel", "priority"}

// CampaignError is an invalid campaign file, pointing at the line of the offending key.
type CampaignError struct {
	Path string
	Line int
	Msg  string
}

func (e *CampaignError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("campaign %s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("campaign %s: %s", e.Path, e.Msg)
}

// LoadCampaign reads and validates a campaign file. Unknown keys, unknown fields or values in
// filters, and empty or reversed periods are errors naming the file and line.
func LoadCampaign(path string) (*Campaign, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("campaign: %w", err)
	}
	return ParseCampaign(path, data)
}

// ParseCampaign validates a campaign file's content; path is used in error messages only.
func ParseCampaign(path string, data []byte) (*Campaign, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(path, err)
	}
	var c Campaign
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, yamlError(path, err)
	}
	v := validator{path: path, root: &root}
	if c.Response.Use != "" {
		if err := c.Response.useBuiltin(); err != nil {
			v.fail([]any{"response", "use"}, "%v", err)
			return nil, v.err
		}
	}
	c.applyDefaults()
	v.check(&c)
	if v.err != nil {
		return nil, v.err
	}
	return &c, nil
}

// yamlError turns a YAML error ("yaml: line 5: ...") into a CampaignError.
func yamlError(path string, err error) error {
	line, msg := yamlpos.SplitError(err)
	return &CampaignError{Path: path, Line: line, Msg: msg}
}

func (c *Campaign) applyDefaults() {
	if c.TimeZone == "" {
		c.TimeZone = warehouse.DefaultTimeZone
	}
	if len(c.Response.Intervals) == 0 {
		c.Response.Intervals = DefaultIntervals()
	}
	if c.Response.ExcludeCategories == nil {
		c.Response.ExcludeCategories = []string{"consultation", "invalid"}
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
	if c.Response.Profile == (ProfileRef{}) {
		c.Response.Profile = DefaultProfile
	}
	if c.Response.MinN == 0 {
		c.Response.MinN = 30
	}
	if len(c.Response.Targets) == 0 {
		c.Response.Targets = []TargetDef{{ID: "rapid_response", Label: Text{Zh: "快速反应（1、3、5分钟）", En: "Rapid response (1, 3, 5 minutes)"},
			Interval: c.Response.Compliance.Interval, Thresholds: c.Response.Compliance.Thresholds}}
	}
}

// Days returns the number of calendar days in the period.
func (p Period) Days() int {
	start, err1 := time.Parse(time.DateOnly, p.Start)
	end, err2 := time.Parse(time.DateOnly, p.End)
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(end.Sub(start).Hours()/24) + 1
}

// validator collects the first error found in a campaign, with the line of the key at fault.
type validator struct {
	path      string
	root      *yaml.Node
	err       error
	districts []string // the campaign's districts, for tier thresholds by district
}

// fail records an error at the line of the node reached by the key path (mapping keys and sequence
// indexes), or the nearest ancestor that exists.
func (v *validator) fail(keys []any, format string, args ...any) {
	if v.err != nil {
		return
	}
	v.err = &CampaignError{Path: v.path, Line: v.line(keys), Msg: fmt.Sprintf(format, args...)}
}

func (v *validator) line(keys []any) int {
	return yamlpos.Line(v.root, keys...)
}

func (v *validator) check(c *Campaign) {
	if c.ID == "" {
		v.fail([]any{"id"}, "id is required")
	}
	if c.Name.Zh == "" || c.Name.En == "" {
		v.fail([]any{"name"}, "name needs both zh and en")
	}
	if _, err := time.LoadLocation(c.TimeZone); err != nil {
		v.fail([]any{"time_zone"}, "unknown time zone %q", c.TimeZone)
	}
	start, errStart := time.Parse(time.DateOnly, c.Period.Start)
	end, errEnd := time.Parse(time.DateOnly, c.Period.End)
	switch {
	case errStart != nil:
		v.fail([]any{"period", "start"}, "period start %q is not a date YYYY-MM-DD", c.Period.Start)
	case errEnd != nil:
		v.fail([]any{"period", "end"}, "period end %q is not a date YYYY-MM-DD", c.Period.End)
	case end.Before(start):
		v.fail([]any{"period", "end"}, "period ends (%s) before it starts (%s)", c.Period.End, c.Period.Start)
	}
	if _, err := time.Parse(time.DateOnly, c.Published); err != nil {
		v.fail([]any{"published"}, "published %q is not a date YYYY-MM-DD", c.Published)
	}
	if len(c.Headline) == 0 {
		v.fail([]any{"headline"}, "headline lists no metric")
	}
	seen := map[string]bool{}
	for i, m := range c.Headline {
		at := []any{"headline", i}
		switch {
		case m.ID == "":
			v.fail(at, "headline metric %d has no id", i+1)
		case seen[m.ID]:
			v.fail(append(at, "id"), "headline metric id %q is used twice", m.ID)
		}
		seen[m.ID] = true
		if m.Label.Zh == "" || m.Label.En == "" {
			v.fail(append(at, "label"), "metric %s: label needs both zh and en", m.ID)
		}
		fields, ok := filterFields[m.Source]
		if !ok {
			v.fail(append(at, "source"), "metric %s: source %q is not calls or activities", m.ID, m.Source)
			continue
		}
		switch m.Aggregate {
		case "count":
			if m.Field != "" {
				v.fail(append(at, "field"), "metric %s: a count takes no field", m.ID)
			}
		case "sum":
			if !slices.Contains(sumFields[m.Source], m.Field) {
				v.fail(append(at, "field"), "metric %s: cannot sum %q of %s; summable: %s", m.ID, m.Field, m.Source, strings.Join(sumFields[m.Source], ", "))
			}
		case "count_distinct":
			if !slices.Contains(distinctFields[m.Source], m.Field) {
				v.fail(append(at, "field"), "metric %s: cannot count distinct %q of %s; fields: %s", m.ID, m.Field, m.Source, strings.Join(distinctFields[m.Source], ", "))
			}
		default:
			v.fail(append(at, "aggregate"), "metric %s: aggregate %q is not count, sum or count_distinct", m.ID, m.Aggregate)
		}
		if m.Better != "" && m.Better != BetterHigher && m.Better != BetterLower {
			v.fail(append(at, "better"), "metric %s: better %q is not higher or lower", m.ID, m.Better)
		}
		v.checkWindow(append(at, "window"), m, c.Period)
		if m.Interval != nil {
			iat := append(at, "interval")
			if m.Source != "calls" {
				v.fail(iat, "metric %s: interval conditions apply to calls", m.ID)
			}
			if !slices.ContainsFunc(c.Response.Intervals, func(iv IntervalDef) bool { return iv.ID == m.Interval.ID }) {
				v.fail(iat, "metric %s: interval %q is not one of the response intervals", m.ID, m.Interval.ID)
			}
			if m.Interval.MinSeconds < 0 || m.Interval.MaxSeconds < 0 || (m.Interval.MaxSeconds > 0 && m.Interval.MaxSeconds < m.Interval.MinSeconds) {
				v.fail(iat, "metric %s: interval bounds must be positive, max above min", m.ID)
			}
		}
		for _, filter := range []struct {
			key    string
			values map[string][]string
		}{{"where", m.Where}, {"where_not", m.WhereNot}} {
			for _, name := range sortedKeys(filter.values) {
				if !slices.Contains(fields, name) {
					v.fail(append(at, filter.key, name), "metric %s: %s has no field %q; fields: %s", m.ID, m.Source, name, strings.Join(fields, ", "))
					continue
				}
				vocab := warehouse.Vocabulary(m.Source, name)
				for _, value := range filter.values[name] {
					if vocab != nil && !slices.Contains(vocab, value) {
						v.fail(append(at, filter.key, name), "metric %s: %s %q is not a known value; known: %s", m.ID, name, value, strings.Join(vocab, ", "))
					}
				}
				if len(filter.values[name]) == 0 {
					v.fail(append(at, filter.key, name), "metric %s: %s.%s lists no value", m.ID, filter.key, name)
				}
			}
		}
	}
	for _, d := range c.Districts {
		v.districts = append(v.districts, d.Name)
	}
	v.checkResponse(&c.Response)
	v.checkBaselines(c)
	v.checkEvents(c.Events)
	v.checkPublication(c.Publication)
}

// checkPublication requires a min_count of at least 0 and sensitive subcategories that are known
// subcategory codes.
func (v *validator) checkPublication(d PublicationDef) {
	if d.MinCount != nil && *d.MinCount < 0 {
		v.fail([]any{"publication", "min_count"}, "publication: min_count %d is negative; 0 turns suppression off", *d.MinCount)
	}
	known := sortedKeys(codeLabels["subcategory"])
	for i, code := range d.Sensitive {
		if !slices.Contains(known, code) {
			v.fail([]any{"publication", "sensitive_subcategories", i}, "publication: %q is not a known subcategory; known: %s", code, strings.Join(known, ", "))
		}
	}
}

// checkEvents requires each event to have a date and a label in both languages, no two on one day.
func (v *validator) checkEvents(events []Event) {
	dates := map[string]bool{}
	for i, e := range events {
		at := []any{"events", i}
		if _, err := time.Parse(time.DateOnly, e.Date); err != nil {
			v.fail(append(at, "date"), "event %d: date %q is not a date YYYY-MM-DD", i+1, e.Date)
		} else if dates[e.Date] {
			v.fail(append(at, "date"), "event %d: another event is already on %s", i+1, e.Date)
		}
		dates[e.Date] = true
		if e.Label.Zh == "" || e.Label.En == "" {
			v.fail(append(at, "label"), "event %d (%s): label needs both zh and en", i+1, e.Date)
		}
	}
}

// eventsInPeriod returns the campaign's events that fall within its period, by date.
func (c *Campaign) eventsInPeriod() []Event {
	events := []Event{}
	for _, e := range c.Events {
		if c.Period.Start <= e.Date && e.Date <= c.Period.End {
			events = append(events, e)
		}
	}
	slices.SortFunc(events, func(a, b Event) int { return strings.Compare(a.Date, b.Date) })
	return events
}

func (v *validator) checkWindow(at []any, m MetricDef, p Period) {
	w := m.Window
	if w == nil {
		return
	}
	for _, d := range []struct{ key, value string }{{"from_date", w.FromDate}, {"to_date", w.ToDate}} {
		if d.value == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, d.value); err != nil {
			v.fail(append(at, d.key), "metric %s: %s %q is not a date YYYY-MM-DD", m.ID, d.key, d.value)
		}
	}
	if w.FromDate != "" && w.ToDate != "" && w.ToDate < w.FromDate {
		v.fail(append(at, "to_date"), "metric %s: window ends (%s) before it starts (%s)", m.ID, w.ToDate, w.FromDate)
	}
	if len(w.Hours) > 0 && (len(w.Hours) != 2 || w.Hours[0] < 0 || w.Hours[0] > 23 || w.Hours[1] < 0 || w.Hours[1] > 24 || w.Hours[0] == w.Hours[1]) {
		v.fail(append(at, "hours"), "metric %s: hours is [from, to): two different hours 0-24, e.g. [22, 6] for the night", m.ID)
	}
	for _, d := range w.Weekdays {
		if d < 1 || d > 7 {
			v.fail(append(at, "weekdays"), "metric %s: weekdays are 1 (Monday) to 7 (Sunday)", m.ID)
		}
	}
}

// checkBaselines requires each baseline to be a valid period that does not overlap the campaign.
func (v *validator) checkBaselines(c *Campaign) {
	ids := map[string]bool{}
	for i, b := range c.Baselines {
		at := []any{"baselines", i}
		if b.ID == "" || ids[b.ID] {
			v.fail(at, "baseline %d needs a unique id", i+1)
		}
		ids[b.ID] = true
		start, err1 := time.Parse(time.DateOnly, b.Start)
		end, err2 := time.Parse(time.DateOnly, b.End)
		switch {
		case err1 != nil || err2 != nil:
			v.fail(at, "baseline %s: start and end must be dates YYYY-MM-DD", b.ID)
		case end.Before(start):
			v.fail(append(at, "end"), "baseline %s ends (%s) before it starts (%s)", b.ID, b.End, b.Start)
		case b.Start <= c.Period.End && c.Period.Start <= b.End:
			v.fail(at, "baseline %s (%s to %s) overlaps the campaign period (%s to %s)", b.ID, b.Start, b.End, c.Period.Start, c.Period.End)
		}
	}
}

func (v *validator) checkResponse(r *ResponseDef) {
	ids := map[string]bool{}
	for i, iv := range r.Intervals {
		at := []any{"response", "intervals", i}
		if iv.ID == "" || ids[iv.ID] {
			v.fail(at, "interval %d needs a unique id", i+1)
		}
		ids[iv.ID] = true
		if !slices.Contains(clockPoints, iv.From) || !slices.Contains(clockPoints, iv.To) {
			v.fail(at, "interval %s: from and to must be clock points (%s)", iv.ID, strings.Join(clockPoints, ", "))
		} else if slices.Index(clockPoints, iv.From) >= slices.Index(clockPoints, iv.To) {
			v.fail(at, "interval %s: from (%s) must come before to (%s) in the order %s", iv.ID, iv.From, iv.To, strings.Join(clockPoints, ", "))
		}
		if iv.CeilingSeconds <= 0 {
			v.fail(at, "interval %s: ceiling_seconds must be positive", iv.ID)
		}
	}
	for _, cat := range r.ExcludeCategories {
		if !slices.Contains(warehouse.Vocabulary("calls", "category"), cat) {
			v.fail([]any{"response", "exclude_categories"}, "exclude_categories: %q is not a known category", cat)
		}
	}
	if !ids[r.Compliance.Interval] {
		v.fail([]any{"response", "compliance", "interval"}, "compliance interval %q is not one of the intervals", r.Compliance.Interval)
	}
	if !increasing(r.Compliance.Thresholds) || r.Compliance.Thresholds[0] <= 0 {
		v.fail([]any{"response", "compliance", "thresholds_seconds"}, "thresholds_seconds must be positive and increasing")
	}
	if !increasing(r.HistogramEdges) || r.HistogramEdges[0] != 0 {
		v.fail([]any{"response", "histogram_edges_seconds"}, "histogram_edges_seconds must start at 0 and increase")
	}
	if r.Profile.Name == "" || r.Profile.Version == "" {
		v.fail([]any{"response", "profile"}, "profile needs a name and a version")
	}
	if r.MinN < 1 {
		v.fail([]any{"response", "min_n"}, "min_n must be at least 1")
	}
	targets := map[string]bool{}
	for i, t := range r.Targets {
		at := []any{"response", "targets", i}
		if t.ID == "" || targets[t.ID] {
			v.fail(at, "target %d needs a unique id", i+1)
		}
		targets[t.ID] = true
		if t.Label.Zh == "" || t.Label.En == "" {
			v.fail(append(at, "label"), "target %s: label needs both zh and en", t.ID)
		}
		if !ids[t.Interval] {
			v.fail(append(at, "interval"), "target %s: interval %q is not one of the intervals", t.ID, t.Interval)
		}
		if len(t.Thresholds) == 0 && len(t.Goals) == 0 {
			v.fail(at, "target %s: give thresholds_seconds, goals or both", t.ID)
		}
		if len(t.Thresholds) > 0 && (!increasing(t.Thresholds) || t.Thresholds[0] <= 0) {
			v.fail(append(at, "thresholds_seconds"), "target %s: thresholds_seconds must be positive and increasing", t.ID)
		}
		for j, g := range t.Goals {
			if g.WithinSeconds <= 0 || !(g.Share > 0 && g.Share <= 1) {
				v.fail(append(at, "goals", j), "target %s: a goal needs within_seconds > 0 and a share in (0, 1], e.g. 0.9", t.ID)
			}
		}
		if t.TierField != "" && !slices.Contains(tierFields, t.TierField) {
			v.fail(append(at, "tier_field"), "target %s: tier_field %q is not one of %s", t.ID, t.TierField, strings.Join(tierFields, ", "))
		}
		if len(t.TierThresholds) > 0 && t.TierField == "" {
			v.fail(append(at, "tier_thresholds"), "target %s: tier_thresholds need a tier_field", t.ID)
		}
		for _, tier := range sortedKeys(t.TierThresholds) {
			if t.TierField == "district" && len(v.districts) > 0 && !slices.Contains(v.districts, tier) {
				v.fail(append(at, "tier_thresholds", tier), "target %s: %q is not one of the campaign's districts", t.ID, tier)
			}
			if th := t.TierThresholds[tier]; len(th) != len(t.Thresholds) || !increasing(th) || th[0] <= 0 {
				v.fail(append(at, "tier_thresholds", tier), "target %s: tier %s needs %d positive, increasing thresholds like thresholds_seconds", t.ID, tier, len(t.Thresholds))
			}
		}
	}
}

func increasing(xs []int) bool {
	for i := 1; i < len(xs); i++ {
		if xs[i] <= xs[i-1] {
			return false
		}
	}
	return len(xs) > 0
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
