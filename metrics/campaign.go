package metrics

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"math"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"bulletin/internal/yamlpos"
	"bulletin/schema"
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
	// Publication sets how public outputs show small counts of sensitive codes; Rules gives it
	// with the defaults for what the file leaves out.
	Publication PublicationDef `yaml:"publication"`
	// Languages are the languages the campaign publishes in, "zh", "en" or both (the default);
	// every label of the file needs a text in each of them.
	Languages []string `yaml:"languages"`
	// Bulletin names the bulletin text template, templates/bulletin.NAME.LANG.md.tmpl; the
	// default, "default", reads well for any campaign from what the file declares.
	Bulletin string `yaml:"bulletin"`
	// Breakdowns are the campaign's own breakdowns of its figures, shown where each says.
	Breakdowns []BreakdownDef `yaml:"breakdowns"`
	// Labels rename codes and fields of the data model for this campaign's outputs.
	Labels Labels `yaml:"labels"`
}

// BreakdownDef declares a breakdown: a measure (count, sum of Field, or count_distinct of Field)
// over the calls or activities of the period that match Where and WhereNot, by one or two
// dimensions (By): a dimension field of the data model, or a time bucket of the record's time
// (day, week, month, hour, weekday).
type BreakdownDef struct {
	ID        string              `yaml:"id"`
	Label     Text                `yaml:"label"`
	Unit      Text                `yaml:"unit"`
	Source    string              `yaml:"source"`
	Aggregate string              `yaml:"aggregate"`
	Field     string              `yaml:"field"`
	Where     map[string][]string `yaml:"where"`
	WhereNot  map[string][]string `yaml:"where_not"`
	By        []string            `yaml:"by"`
	Show      Show                `yaml:"show"`
}

// TimeBuckets are the dimensions of a breakdown that bucket the record's time, in local time.
var TimeBuckets = []string{"day", "week", "month", "hour", "weekday"}

// Chart kinds a declared breakdown can be drawn as (Show.Chart), and built-in charts it can be
// drawn on (Show.On).
var (
	ChartKinds = []string{"bar", "stacked", "line"}
	ChartsOn   = []string{"daily", "weekly", "districts"}
)

// PublicationDef is the publication block of a campaign file as written: a nil field was left out
// and takes its default.
type PublicationDef struct {
	MinCount *int `yaml:"min_count"`
	// Sensitive lists sensitive codes by field, replacing the data model's defaults.
	Sensitive map[string][]string `yaml:"sensitive"`
}

// DefaultMinCount is the smallest count of a sensitive code that public outputs show at district
// level when the campaign file does not say.
const DefaultMinCount = 5

// DefaultSensitive returns the codes the data model marks sensitive, by field: those whose small
// counts public outputs hide when the campaign file does not say.
func DefaultSensitive() map[string][]string {
	sensitive := map[string][]string{}
	for _, t := range model().Tables {
		for i := range t.Fields {
			if codes := t.Fields[i].CodesWhere(func(c schema.Code) bool { return c.Sensitive }); len(codes) > 0 {
				sensitive[t.Fields[i].Name] = codes
			}
		}
	}
	return sensitive
}

// Rules returns the publication rules, with DefaultMinCount and DefaultSensitive where the block
// leaves a key out. An empty map of sensitive codes stays empty.
func (d PublicationDef) Rules() Publication {
	p := Publication{MinCount: DefaultMinCount, Sensitive: DefaultSensitive()}
	if d.MinCount != nil {
		p.MinCount = *d.MinCount
	}
	if d.Sensitive != nil {
		p.Sensitive = map[string][]string{}
		for field, codes := range d.Sensitive {
			p.Sensitive[field] = slices.Clone(codes)
		}
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
	// times (default: the categories the data model marks no_response).
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

// DefaultIntervals are the intervals reported when a campaign file names none: those of the data
// model.
func DefaultIntervals() []IntervalDef {
	var out []IntervalDef
	for _, iv := range model().Intervals {
		out = append(out, IntervalDef{ID: iv.ID, Label: iv.Label, From: iv.From, To: iv.To, CeilingSeconds: iv.CeilingSeconds})
	}
	return out
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

// sources are the tables a figure can be computed over.
func sources() []string { return model().TableNames() }

// fieldsWhere lists the fields of source that satisfy keep, in the data model's order.
func fieldsWhere(source string, keep func(*schema.Field) bool) []string {
	if t := model().Table(source); t != nil {
		return t.Names(keep)
	}
	return nil
}

// filterFields lists the fields of source a metric may filter on.
func filterFields(source string) []string {
	return fieldsWhere(source, func(f *schema.Field) bool { return f.Filter })
}

// sumFields lists the fields of source a metric may sum.
func sumFields(source string) []string {
	return fieldsWhere(source, func(f *schema.Field) bool { return f.Sum })
}

// incidentField is the pseudo-field a metric counts distinct incidents by: the incident a call
// belongs to (its incident_id, or the call itself when it has none).
const incidentField = "incident"

// distinctFields lists the fields of source a metric may count distinct values of; for calls
// also incidentField.
func distinctFields(source string) []string {
	fields := fieldsWhere(source, func(f *schema.Field) bool { return f.Distinct })
	if source == "calls" {
		fields = append([]string{incidentField}, fields...)
	}
	return fields
}

// dimensionFields lists the fields of source a breakdown may be broken down by.
func dimensionFields(source string) []string {
	return fieldsWhere(source, func(f *schema.Field) bool { return f.Dimension })
}

// tierFields are the call fields a response-time target may be tiered by.
func tierFields() []string { return fieldsWhere("calls", func(f *schema.Field) bool { return f.Tier }) }

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
	if c.Response.Profile == (ProfileRef{}) {
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
		if t := &c.Response.Targets[i]; t.Label == (Text{}) {
			t.Label = c.targetLabel(*t)
		}
	}
	if len(c.Languages) == 0 {
		c.Languages = []string{"zh", "en"}
	}
	if c.Bulletin == "" {
		c.Bulletin = DefaultBulletin
	}
}

// DefaultBulletin names the bulletin template of a campaign file that names none.
const DefaultBulletin = "default"

// RapidResponseLabel labels the default target on thresholds: "Rapid response (1, 3, 5 minutes)"
// for 60, 180 and 300 seconds, in both languages, from the thresholds themselves.
func RapidResponseLabel(thresholds []int) Text {
	d := durationList(thresholds)
	return Text{Zh: "快速反应（" + d.Zh + "）", En: "Rapid response (" + d.En + ")"}
}

// targetLabel labels a target the campaign file leaves unlabelled, from its interval and its
// thresholds or goals.
func (c *Campaign) targetLabel(t TargetDef) Text {
	interval := Text{Zh: t.Interval, En: t.Interval}
	for _, iv := range c.Response.Intervals {
		if iv.ID == t.Interval {
			interval = iv.Label
		}
	}
	if len(t.Thresholds) > 0 {
		d := durationList(t.Thresholds)
		return Text{Zh: interval.Zh + d.Zh + "以内", En: interval.En + " within " + d.En}
	}
	var zh, en []string
	for _, g := range t.Goals {
		d := durationList([]int{g.WithinSeconds})
		pct := strconv.FormatFloat(math.Round(g.Share*10000)/100, 'f', -1, 64) + "%"
		zh = append(zh, d.Zh+"内"+pct)
		en = append(en, pct+" within "+d.En)
	}
	return Text{Zh: interval.Zh + "（" + strings.Join(zh, "，") + "）", En: interval.En + " (" + strings.Join(en, ", ") + ")"}
}

// durationList writes thresholds in seconds as a list in the largest unit that divides them all:
// "1, 3, 5 minutes" / "1、3、5分钟", or "15, 20 s" / "15、20秒".
func durationList(seconds []int) Text {
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
	return Text{Zh: strings.Join(parts, "、") + unitZh, En: strings.Join(parts, ", ") + unitEn}
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
	languages []string // the campaign's languages, which every label needs a text in
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
	v.languages = c.Languages
	for i, lang := range c.Languages {
		if lang != "zh" && lang != "en" {
			v.fail([]any{"languages", i}, "language %q is not zh or en", lang)
		}
		if slices.Index(c.Languages, lang) != i {
			v.fail([]any{"languages", i}, "language %q is listed twice", lang)
		}
	}
	v.needText([]any{"name"}, c.Name, "name")
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
		if !v.checkEntry(at, "headline metric", i, m.ID, m.Label, m.Source, seen) {
			continue
		}
		v.checkMeasure(at, "metric "+m.ID, m.Source, m.Aggregate, m.Field)
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
		v.checkFilters(at, "metric "+m.ID, m.Source, m.Where, m.WhereNot)
	}
	for _, d := range c.Districts {
		v.districts = append(v.districts, d.Name)
	}
	v.checkResponse(&c.Response)
	v.checkBaselines(c)
	v.checkEvents(c.Events)
	v.checkPublication(c.Publication)
	v.checkBreakdowns(c, seen)
	v.checkLabels(c.Labels)
	if c.Bulletin != "" && !validTemplateName(c.Bulletin) {
		v.fail([]any{"bulletin"}, "bulletin template %q: a name of letters, digits, '-' and '_'", c.Bulletin)
	}
}

// checkLabels requires the campaign's labels to name fields and codes of the data model.
func (v *validator) checkLabels(l Labels) {
	known := func(field string) bool {
		for _, source := range sources() {
			if model().Field(source, field) != nil {
				return true
			}
		}
		return false
	}
	for _, field := range sortedKeys(l.Fields) {
		if !known(field) {
			v.fail([]any{"labels", "fields", field}, "labels: %q is not a field of the data model", field)
		}
	}
	for _, field := range sortedKeys(l.Codes) {
		codes := fieldCodes(field)
		if len(codes) == 0 {
			v.fail([]any{"labels", "codes", field}, "labels: %q is not a coded field of the data model", field)
			continue
		}
		for _, code := range sortedKeys(l.Codes[field]) {
			if !slices.Contains(codes, code) {
				v.fail([]any{"labels", "codes", field, code}, "labels: %q is not a code of %s; codes: %s", code, field, strings.Join(codes, ", "))
			}
		}
	}
}

// validTemplateName reports whether name can name a template file: letters, digits, '-' and '_'.
func validTemplateName(name string) bool {
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return name != ""
}

// needText requires a text in every language the campaign publishes in.
func (v *validator) needText(at []any, t Text, what string) {
	for _, lang := range v.languages {
		if (lang == "zh" && t.Zh == "") || (lang == "en" && t.En == "") {
			v.fail(at, "%s needs a text in %s (languages: %s)", what, lang, strings.Join(v.languages, ", "))
			return
		}
	}
}

// checkMeasure requires an aggregate the data model allows over field of source.
func (v *validator) checkMeasure(at []any, what, source, aggregate, field string) {
	switch aggregate {
	case "count":
		if field != "" {
			v.fail(append(at, "field"), "%s: a count takes no field", what)
		}
	case "sum":
		if !slices.Contains(sumFields(source), field) {
			v.fail(append(at, "field"), "%s: cannot sum %q of %s; summable: %s", what, field, source, strings.Join(sumFields(source), ", "))
		}
	case "count_distinct":
		if !slices.Contains(distinctFields(source), field) {
			v.fail(append(at, "field"), "%s: cannot count distinct %q of %s; fields: %s", what, field, source, strings.Join(distinctFields(source), ", "))
		}
	default:
		v.fail(append(at, "aggregate"), "%s: aggregate %q is not count, sum or count_distinct", what, aggregate)
	}
}

// checkFilters requires where and where_not to name filter fields of source and known codes.
func (v *validator) checkFilters(at []any, what, source string, where, whereNot map[string][]string) {
	fields := filterFields(source)
	for _, filter := range []struct {
		key    string
		values map[string][]string
	}{{"where", where}, {"where_not", whereNot}} {
		for _, name := range sortedKeys(filter.values) {
			if !slices.Contains(fields, name) {
				v.fail(append(at, filter.key, name), "%s: %s has no field %q to filter on; fields: %s", what, source, name, strings.Join(fields, ", "))
				continue
			}
			vocab := model().Vocabulary(source, name)
			for _, value := range filter.values[name] {
				if vocab != nil && !slices.Contains(vocab, value) {
					v.fail(append(at, filter.key, name), "%s: %s %q is not a known value; known: %s", what, name, value, strings.Join(vocab, ", "))
				}
			}
			if len(filter.values[name]) == 0 {
				v.fail(append(at, filter.key, name), "%s: %s.%s lists no value", what, filter.key, name)
			}
		}
	}
}

// checkEntry requires a headline metric or breakdown (what, the i-th of its list) to have an id
// unused in ids (headline and breakdown ids share one name space), a label in the campaign's
// languages and a known source; it reports whether the source is known.
func (v *validator) checkEntry(at []any, what string, i int, id string, label Text, source string, ids map[string]bool) bool {
	switch {
	case id == "":
		v.fail(at, "%s %d has no id", what, i+1)
	case ids[id]:
		v.fail(append(at, "id"), "%s id %q is used twice (headline and breakdown ids share one name space)", what, id)
	}
	ids[id] = true
	v.needText(append(at, "label"), label, what+" "+id+": label")
	if !slices.Contains(sources(), source) {
		v.fail(append(at, "source"), "%s %s: source %q is not one of %s", what, id, source, strings.Join(sources(), ", "))
		return false
	}
	return true
}

// fieldCodes returns the codes of a coded field of any source, or nil for a field that is not
// coded or not a field of the data model.
func fieldCodes(field string) []string {
	var codes []string
	for _, source := range sources() {
		codes = append(codes, model().Vocabulary(source, field)...)
	}
	return codes
}

// checkBreakdowns validates the declared breakdowns; their ids must differ from each other and
// from the headline ids.
func (v *validator) checkBreakdowns(c *Campaign, ids map[string]bool) {
	for i, b := range c.Breakdowns {
		at := []any{"breakdowns", i}
		what := "breakdown " + b.ID
		if !v.checkEntry(at, "breakdown", i, b.ID, b.Label, b.Source, ids) {
			continue
		}
		v.checkMeasure(at, what, b.Source, b.Aggregate, b.Field)
		v.checkFilters(at, what, b.Source, b.Where, b.WhereNot)
		if len(b.By) < 1 || len(b.By) > 2 {
			v.fail(append(at, "by"), "%s: by names one or two dimensions", what)
		}
		dims := append(dimensionFields(b.Source), TimeBuckets...)
		for j, d := range b.By {
			if !slices.Contains(dims, d) {
				v.fail(append(at, "by", j), "%s: %q is not a dimension of %s; dimensions: %s", what, d, b.Source, strings.Join(dims, ", "))
			}
			if slices.Index(b.By, d) != j {
				v.fail(append(at, "by", j), "%s: dimension %q is named twice", what, d)
			}
		}
		if b.Show.Chart != "" && !slices.Contains(ChartKinds, b.Show.Chart) {
			v.fail(append(at, "show", "chart"), "%s: chart %q is not one of %s", what, b.Show.Chart, strings.Join(ChartKinds, ", "))
		}
		if b.Show.Chart == "stacked" && len(b.By) != 2 {
			v.fail(append(at, "show", "chart"), "%s: a stacked chart needs two dimensions (by: [bars, stacks])", what)
		}
		if b.Show.On != "" {
			want := map[string]string{"daily": "day", "weekly": "week", "districts": districtField}[b.Show.On]
			switch {
			case !slices.Contains(ChartsOn, b.Show.On):
				v.fail(append(at, "show", "on"), "%s: on %q is not one of %s", what, b.Show.On, strings.Join(ChartsOn, ", "))
			case b.Source != "calls" || len(b.By) != 1 || b.By[0] != want:
				v.fail(append(at, "show", "on"), "%s: to be drawn on the %s chart, a breakdown of calls needs by: [%s]", what, b.Show.On, want)
			}
		}
	}
}

// checkPublication requires a min_count of at least 0 and sensitive codes that are known codes of
// coded fields.
func (v *validator) checkPublication(d PublicationDef) {
	if d.MinCount != nil && *d.MinCount < 0 {
		v.fail([]any{"publication", "min_count"}, "publication: min_count %d is negative; 0 turns suppression off", *d.MinCount)
	}
	for _, field := range sortedKeys(d.Sensitive) {
		known := fieldCodes(field)
		if len(known) == 0 {
			v.fail([]any{"publication", "sensitive", field}, "publication: %q is not a coded field", field)
			continue
		}
		for i, code := range d.Sensitive[field] {
			if !slices.Contains(known, code) {
				v.fail([]any{"publication", "sensitive", field, i}, "publication: %q is not a known %s; known: %s", code, field, strings.Join(known, ", "))
			}
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
		v.needText(append(at, "label"), e.Label, fmt.Sprintf("event %d (%s): label", i+1, e.Date))
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
		clockPoints := model().ClockPoints()
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
		if !slices.Contains(model().Vocabulary("calls", "category"), cat) {
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
		v.needText(append(at, "label"), t.Label, "target "+t.ID+": label")
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
		if t.TierField != "" && !slices.Contains(tierFields(), t.TierField) {
			v.fail(append(at, "tier_field"), "target %s: tier_field %q is not one of %s", t.ID, t.TierField, strings.Join(tierFields(), ", "))
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
