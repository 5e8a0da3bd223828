package ingest

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"time"
)

// sqlPlan holds what the SQL steps of one file are rendered with. Every value is set by the program
// or is a validated profile setting; the quote functions make literals of the latter.
type sqlPlan struct {
	Table, Key string
	// Units is true when unit rows combine into calls, by the Combine expressions.
	Units   bool
	Combine []combineExpr
	// OrderRule, CeilingRule, PeriodRule and DistrictRule are the rules of the record checks; ""
	// leaves a check out.
	OrderRule    string
	CeilingRule  string
	Ceilings     []ceilingSQL
	PeriodRule   string
	TimeField    string
	PeriodName   string
	PeriodStart  string
	PeriodEnd    string
	DistrictRule string
	Districts    []string
	// Clocks are the clock points of the calls, in timeline order (the data model's).
	Clocks []string
	// Zone is the time zone the file was read in: times in reasons are written in it.
	Zone string
	// FileID is the file's id in the ingest log, drawn in its transaction before its rows are read.
	FileID int64
	// Screened is true when the record checks read only the records the decoder's screen kept
	// back (recordScreen), loaded into staged_suspects.
	Screened bool
}

type combineExpr struct{ Name, Expr string }

type ceilingSQL struct {
	Name, From, To, Max string
	Micros              int64
}

var sqlFuncs = template.FuncMap{
	"quote": sqlQuote,
	"quoteList": func(items []string) string {
		quoted := make([]string, len(items))
		for i, item := range items {
			quoted[i] = sqlQuote(item)
		}
		return "[" + strings.Join(quoted, ", ") + "]::VARCHAR[]"
	},
}

// sqlQuote writes s as an SQL string literal.
func sqlQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// Checked is the relation the record checks read (checks.sql): the records the screen kept back,
// or every record.
func (p *sqlPlan) Checked() string {
	if p.Screened {
		return "suspect_records"
	}
	return "staged_records"
}

// periodLayout writes the bounds of a declared period as TIMESTAMPTZ literals.
const periodLayout = "2006-01-02 15:04:05-07:00"

// newSQLPlan prepares the SQL steps for a file read with m.
func newSQLPlan(p *Profile, m *mapping, path, period string, loc *time.Location) (*sqlPlan, error) {
	t := m.table
	plan := &sqlPlan{Table: t.name, Key: t.key, TimeField: "received_at", Clocks: clockPoints(), Zone: m.loc.String()}
	if t.name == "activities" {
		plan.TimeField = "started_at"
	}
	if p.Units != nil {
		plan.Units = true
		for _, f := range t.fields {
			if f.name == t.key {
				continue
			}
			expr := fmt.Sprintf("(list(%s ORDER BY line))[1]", f.name)
			switch p.Units.Combine[f.name] {
			case "earliest":
				expr = fmt.Sprintf("min(%s)", f.name)
			case "latest", "max":
				expr = fmt.Sprintf("max(%s)", f.name)
			case "sum":
				expr = fmt.Sprintf("sum(%s)", f.name)
			case "union":
				expr = fmt.Sprintf("list_sort(list_distinct(flatten(list(%s))))", f.name)
			}
			plan.Combine = append(plan.Combine, combineExpr{Name: f.name, Expr: expr})
		}
	}
	rule := func(check string) string {
		if r := m.rules[check]; r != "off" {
			return r
		}
		return ""
	}
	if t.name == "calls" {
		plan.OrderRule = rule(CheckIntervalOrder)
		if plan.CeilingRule = rule(CheckIntervalCeiling); plan.CeilingRule != "" {
			for _, c := range p.Checks[CheckIntervalCeiling].Intervals {
				plan.Ceilings = append(plan.Ceilings, ceilingSQL{Name: c.Name, From: c.From, To: c.To, Max: c.Max, Micros: c.max.Microseconds()})
			}
		}
	}
	if c := p.Checks[CheckUnknownDistrict]; c != nil && len(c.Districts) > 0 {
		plan.DistrictRule, plan.Districts = rule(CheckUnknownDistrict), slices.Clone(c.Districts)
	}
	if plan.PeriodRule = rule(CheckOutsidePeriod); plan.PeriodRule != "" {
		pattern := defaultMonthPattern
		if c := p.Checks[CheckOutsidePeriod]; c != nil && c.FromName != "" {
			pattern = c.FromName
		}
		name, start, end, err := declaredPeriod(period, pattern, filepath.Base(path), loc)
		if err != nil {
			return nil, err
		}
		if name == "" {
			plan.PeriodRule = ""
		} else {
			plan.PeriodName, plan.PeriodStart, plan.PeriodEnd = name, start.Format(periodLayout), end.Format(periodLayout)
		}
	}
	return plan, nil
}

// declaredPeriod returns a file's declared period [start, end): the one given ("2022-05" or
// "2022-05-01..2022-05-31"), else the month the pattern finds in the file name, else nothing.
func declaredPeriod(given, pattern, name string, loc *time.Location) (string, time.Time, time.Time, error) {
	if given != "" {
		if from, to, ok := strings.Cut(given, ".."); ok {
			start, err1 := time.ParseInLocation(time.DateOnly, from, loc)
			last, err2 := time.ParseInLocation(time.DateOnly, to, loc)
			if err1 != nil || err2 != nil || last.Before(start) {
				return "", time.Time{}, time.Time{}, fmt.Errorf("period %q is not YYYY-MM-DD..YYYY-MM-DD", given)
			}
			return given, start, last.AddDate(0, 0, 1), nil
		}
		start, err := time.ParseInLocation("2006-01", given, loc)
		if err != nil {
			return "", time.Time{}, time.Time{}, fmt.Errorf("period %q is not YYYY-MM or YYYY-MM-DD..YYYY-MM-DD", given)
		}
		return given, start, start.AddDate(0, 1, 0), nil
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return "", time.Time{}, time.Time{}, err
	}
	match := re.FindStringSubmatch(name)
	if match == nil {
		return "", time.Time{}, time.Time{}, nil
	}
	year, _ := strconv.Atoi(match[re.SubexpIndex("year")])
	month, _ := strconv.Atoi(match[re.SubexpIndex("month")])
	if month < 1 || month > 12 {
		return "", time.Time{}, time.Time{}, nil
	}
	start := time.Date(year, time.Month(month), 1, 0, 0, 0, 0, loc)
	return start.Format("2006-01"), start, start.AddDate(0, 1, 0), nil
}

// CheckPeriod reports whether period is a declared period that Options.Period accepts ("2022-05" or
// "2022-05-01..2022-05-31"), so that a command line can refuse a bad one before it opens anything.
func CheckPeriod(period string) error {
	_, _, _, err := declaredPeriod(period, "", "", time.UTC)
	return err
}
