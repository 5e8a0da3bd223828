// Package campaign reads campaign files: what period a bulletin reports on and which figures it
// publishes, written as YAML (docs/metrics.md documents every key). Load reads a file, validates it
// against the data model (package schema) with errors that name the file and line, and fills in the
// defaults: the intervals and categories of the data model, the built-in response profiles under
// profiles/, the baselines of the previous period and the year before.
//
// A Campaign defines figures; package figures computes them, and package metrics holds the result.
package campaign

import (
	"slices"
	"strings"
	"time"

	"bulletin/metrics"
	"bulletin/schema"
)

// Campaign is a campaign file: what period to report on and which figures to publish. It is loaded
// and validated once by Load; docs/metrics.md documents every key.
type Campaign struct {
	ID        string       `yaml:"id"`
	Name      metrics.Text `yaml:"name"`
	Unit      metrics.Text `yaml:"unit"`
	Period    Period       `yaml:"period"`
	TimeZone  string       `yaml:"time_zone"`
	Published string       `yaml:"published"`
	// Baselines are the periods every headline figure and compliance share is compared with. They
	// default to DefaultBaselines: the previous period of equal length (the calendar month before,
	// for a campaign of one calendar month) and the same dates a year earlier.
	Baselines []Baseline  `yaml:"baselines"`
	Headline  []MetricDef `yaml:"headline"`
	Response  ResponseDef `yaml:"response"`
	// Districts lists the districts in the order reports show them, with their English names.
	Districts []District `yaml:"districts"`
	// DistrictMatch sets how much of each file's calls must name a district of Districts: below
	// WarnBelow the report warns, below FailBelow it stops (a wrong campaign file or district map
	// would rank garbage). Unchecked when Districts is empty.
	DistrictMatch DistrictMatch `yaml:"district_match"`
	// Events are dated events of the campaign that charts mark on their time axis. Their dates
	// are unique; those outside the period are left out of the report.
	Events []metrics.Event `yaml:"events"`
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
	Labels metrics.Labels `yaml:"labels"`
}

// BreakdownDef declares a breakdown: a measure (count, sum of Field, or count_distinct of Field)
// over the calls or activities of the period that match Where and WhereNot, by one or two
// dimensions (By): a dimension field of the data model, or a time bucket of the record's time
// (day, week, month, hour, weekday).
type BreakdownDef struct {
	Measure `yaml:",inline"`
	By      []string     `yaml:"by"`
	Show    metrics.Show `yaml:"show"`
}

// Measure is what a headline figure and a breakdown have alike: an id, labels, and an aggregate
// (count, sum or count_distinct of a field) over the calls or activities that match the filters.
type Measure struct {
	ID    string       `yaml:"id"`
	Label metrics.Text `yaml:"label"`
	Unit  metrics.Text `yaml:"unit"`
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
}

// PublicationDef is the publication block of a campaign file as written: a nil field was left out
// and takes its default.
type PublicationDef struct {
	MinCount *int `yaml:"min_count"`
	// MinBase is the smallest baseline value outputs give a per cent change against.
	MinBase *int64 `yaml:"min_base"`
	// Sensitive lists sensitive codes by field, replacing the data model's defaults.
	Sensitive map[string][]string `yaml:"sensitive"`
}

// DefaultMinCount is the smallest count of a sensitive code that public outputs show at district
// level when the campaign file does not say.
const DefaultMinCount = 5

// DefaultMinBase is the smallest baseline value outputs give a per cent change against when the
// campaign file does not say.
const DefaultMinBase = 20

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
func (d PublicationDef) Rules() metrics.Publication {
	p := metrics.Publication{MinCount: DefaultMinCount, MinBase: DefaultMinBase, Sensitive: DefaultSensitive()}
	if d.MinCount != nil {
		p.MinCount = *d.MinCount
	}
	if d.MinBase != nil {
		p.MinBase = *d.MinBase
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
// DistrictMatch holds the shares of a file's calls in the period that must name a listed district.
type DistrictMatch struct {
	WarnBelow *float64 `yaml:"warn_below"`
	FailBelow *float64 `yaml:"fail_below"`
}

// Defaults for DistrictMatch.
const (
	DefaultDistrictWarnBelow = 0.95
	DefaultDistrictFailBelow = 0.5
)

// Shares returns the warn and fail shares, with the defaults where the file gives none.
func (d DistrictMatch) Shares() (warn, fail float64) {
	warn, fail = DefaultDistrictWarnBelow, DefaultDistrictFailBelow
	if d.WarnBelow != nil {
		warn = *d.WarnBelow
	}
	if d.FailBelow != nil {
		fail = *d.FailBelow
	}
	return warn, fail
}

type District struct {
	Name string `yaml:"name"`
	En   string `yaml:"en"`
}

// DistrictIndex returns the position of a district in the campaign file, or -1.
func (c *Campaign) DistrictIndex(name string) int {
	return slices.IndexFunc(c.Districts, func(d District) bool { return d.Name == name })
}

// DistrictOrder ranks a district for sorting: the districts of the campaign file in its order, then
// the others, then "" (not recorded). Sort stably on a list already sorted by name.
func (c *Campaign) DistrictOrder(name string) int {
	switch i := c.DistrictIndex(name); {
	case i >= 0:
		return i
	case name != "":
		return len(c.Districts)
	}
	return len(c.Districts) + 1
}

// DistrictLabel names a district as recorded: its English name from the campaign file, else its
// name itself in both languages; "" is metrics.NotRecorded. A name longer than metrics.NameLimit
// is cut (metrics.ShortName).
func (c *Campaign) DistrictLabel(name string) metrics.Text {
	if name == "" {
		return metrics.NotRecorded
	}
	label := c.Labels.Code("district", name)
	if i := c.DistrictIndex(name); i >= 0 && c.Districts[i].En != "" {
		label.En = c.Districts[i].En
	}
	return metrics.ShortText(label)
}

// EventsInPeriod returns the campaign's events that fall within its period, by date.
func (c *Campaign) EventsInPeriod() []metrics.Event {
	events := []metrics.Event{}
	for _, e := range c.Events {
		if c.Period.Start <= e.Date && e.Date <= c.Period.End {
			events = append(events, e)
		}
	}
	slices.SortFunc(events, func(a, b metrics.Event) int { return strings.Compare(a.Date, b.Date) })
	return events
}

// Period is a range of calendar days, both ends included, written YYYY-MM-DD.
type Period struct {
	Start string `yaml:"start"`
	End   string `yaml:"end"`
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

// Baseline is a period figures are compared with.
type Baseline struct {
	ID     string       `yaml:"id"`
	Label  metrics.Text `yaml:"label"`
	Period `yaml:",inline"`
}

// MetricDef defines one headline figure as data: an aggregate over the calls or activities of the
// campaign period that match its filters.
type MetricDef struct {
	Measure `yaml:",inline"`
	// Window narrows the metric in time; Interval keeps only calls meeting an interval condition.
	Window   *metrics.Window            `yaml:"window"`
	Interval *metrics.IntervalCondition `yaml:"interval"`
	// Better says which direction of change is an improvement: "higher", "lower", or "" when a
	// change is neither (the workbook then shows its arrow without a colour of good or bad).
	Better string `yaml:"better"`
}

// Filters returns the metric's filters as the report states them.
func (m MetricDef) Filters() metrics.Filters {
	return metrics.Filters{Where: m.Where, WhereNot: m.WhereNot, Window: m.Window, Interval: m.Interval}
}

// IncidentField is the pseudo-field a metric counts distinct incidents by: the incident a call
// belongs to (its incident_id, or the call itself when it has none).
const IncidentField = "incident"

// IntervalDef is an interval between two clock points of a call.
type IntervalDef struct {
	ID    string       `yaml:"id"`
	Label metrics.Text `yaml:"label"`
	From  string       `yaml:"from"`
	To    string       `yaml:"to"`
	// CeilingSeconds excludes longer intervals as implausible.
	CeilingSeconds float64 `yaml:"ceiling_seconds"`
}

// ResponseDef configures the response-time section.
type ResponseDef struct {
	// Use names a built-in response profile (campaign/profiles: rapid-response-1-3-5, nena-nfpa)
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
	Profile metrics.ProfileRef `yaml:"profile"`
	// Targets are the response-time targets; when none is given, one is made from Compliance.
	Targets []TargetDef `yaml:"targets"`
	// MinN is the smallest number of valid intervals for which a share or percentile is reliable
	// (default 30); figures from fewer are marked not reliable.
	MinN int `yaml:"min_n"`
}

// TargetDef is a response-time target on one interval: the share of valid intervals within each
// threshold, and for goals the share that must be within (NFPA-1710-style "90% within 240 s";
// NENA-style "90% answered within 15 s, 95% within 20 s"). With TierField, the target is computed
// for each value of that call field, and TierThresholds may give a tier thresholds of its own (the
// "1, 3, 5 minute" rule by type of place or by responding force).
type TargetDef struct {
	ID             string           `yaml:"id"`
	Label          metrics.Text     `yaml:"label"`
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
