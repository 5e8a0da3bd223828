package metrics

// Filters are a metric's filters as the campaign file gives them.
type Filters struct {
	Where    map[string][]string `json:"where,omitempty"`
	WhereNot map[string][]string `json:"where_not,omitempty"`
	Window   *Window             `json:"window,omitempty"`
	Interval *IntervalCondition  `json:"interval,omitempty"`
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

// Show says where a declared breakdown appears. On names a built-in chart it is drawn on as an
// extra series ("daily", "weekly", "districts"); Chart draws it as a chart of its own ("bar",
// "stacked", "line", or "" for none); Sheet lists it in the workbook.
type Show struct {
	On    string `json:"on,omitempty" yaml:"on"`
	Chart string `json:"chart,omitempty" yaml:"chart"`
	Sheet bool   `json:"sheet" yaml:"sheet"`
}

// Event is a dated event of a campaign (a training, a notable rescue), labelled for a chart
// marker. Date is a calendar day, YYYY-MM-DD.
type Event struct {
	Date  string `yaml:"date" json:"date"`
	Label Text   `yaml:"label" json:"label"`
}

// ProfileRef names a version of a set of response-time rules.
type ProfileRef struct {
	Name    string `yaml:"name" json:"name"`
	Version string `yaml:"version" json:"version"`
}

// TimeBuckets are the dimensions of a breakdown that bucket the record's time, in local time.
var TimeBuckets = []string{"day", "week", "month", "hour", "weekday"}

// Chart kinds a declared breakdown can be drawn as (Show.Chart), and built-in charts it can be
// drawn on (Show.On).
var (
	ChartKinds = []string{"bar", "stacked", "line"}
	ChartsOn   = []string{"daily", "weekly", "districts"}
)

// DefaultBulletin names the bulletin template of a campaign file that names none.
const DefaultBulletin = "default"
