package campaign

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"bulletin/internal/yamlpos"
	"bulletin/metrics"
	"bulletin/schema"
)

// model returns the data model every figure is defined over (package schema).
func model() *schema.Model { return schema.Default() }

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

// distinctFields lists the fields of source a metric may count distinct values of; for calls
// also IncidentField.
func distinctFields(source string) []string {
	fields := fieldsWhere(source, func(f *schema.Field) bool { return f.Distinct })
	if source == "calls" {
		fields = append([]string{IncidentField}, fields...)
	}
	return fields
}

// dimensionFields lists the fields of source a breakdown may be broken down by.
func dimensionFields(source string) []string {
	return fieldsWhere(source, func(f *schema.Field) bool { return f.Dimension })
}

// tierFields are the call fields a response-time target may be tiered by.
func tierFields() []string { return fieldsWhere("calls", func(f *schema.Field) bool { return f.Tier }) }

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
	v.err = &Error{Path: v.path, Line: v.line(keys), Msg: fmt.Sprintf(format, args...)}
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
	if _, err := schema.LoadZone(c.TimeZone); err != nil {
		v.fail([]any{"time_zone"}, "%v", err)
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
		if m.Better != "" && m.Better != metrics.BetterHigher && m.Better != metrics.BetterLower {
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
	if warn, fail := c.DistrictMatch.Shares(); warn < 0 || warn > 1 || fail < 0 || fail > warn {
		v.fail([]any{"district_match"}, "district_match: shares from 0 to 1, fail_below (%g) no higher than warn_below (%g)", fail, warn)
	}
	if c.Bulletin != "" && !validTemplateName(c.Bulletin) {
		v.fail([]any{"bulletin"}, "bulletin template %q: a name of letters, digits, '-' and '_'", c.Bulletin)
	}
}

// checkLabels requires the campaign's labels to name fields and codes of the data model.
func (v *validator) checkLabels(l metrics.Labels) {
	known := func(field string) bool {
		for _, source := range sources() {
			if model().Field(source, field) != nil {
				return true
			}
		}
		return false
	}
	for _, field := range slices.Sorted(maps.Keys(l.Fields)) {
		if !known(field) {
			v.fail([]any{"labels", "fields", field}, "labels: %q is not a field of the data model", field)
		}
	}
	for _, field := range slices.Sorted(maps.Keys(l.Codes)) {
		codes := fieldCodes(field)
		if field == "district" {
			v.fail([]any{"labels", "codes", field}, "labels: districts are named under districts: (name and en), not in labels")
			continue
		}
		if len(codes) == 0 && textField(field) {
			continue // any value of a free-text field (a unit, a station) may be named
		}
		if len(codes) == 0 {
			v.fail([]any{"labels", "codes", field}, "labels: %q is not a coded or free-text field of the data model", field)
			continue
		}
		for _, code := range slices.Sorted(maps.Keys(l.Codes[field])) {
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
func (v *validator) needText(at []any, t metrics.Text, what string) {
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
		for _, name := range slices.Sorted(maps.Keys(filter.values)) {
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
func (v *validator) checkEntry(at []any, what string, i int, id string, label metrics.Text, source string, ids map[string]bool) bool {
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
// textField reports whether field is a free-text field of a table of the data model.
func textField(field string) bool {
	for _, source := range sources() {
		if f := model().Field(source, field); f != nil && f.Type == schema.TypeText {
			return true
		}
	}
	return false
}

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
		dims := append(dimensionFields(b.Source), metrics.TimeBuckets...)
		for j, d := range b.By {
			if !slices.Contains(dims, d) {
				v.fail(append(at, "by", j), "%s: %q is not a dimension of %s; dimensions: %s", what, d, b.Source, strings.Join(dims, ", "))
			}
			if slices.Index(b.By, d) != j {
				v.fail(append(at, "by", j), "%s: dimension %q is named twice", what, d)
			}
		}
		if b.Show.Chart != "" && !slices.Contains(metrics.ChartKinds, b.Show.Chart) {
			v.fail(append(at, "show", "chart"), "%s: chart %q is not one of %s", what, b.Show.Chart, strings.Join(metrics.ChartKinds, ", "))
		}
		if b.Show.Chart == "stacked" && len(b.By) != 2 {
			v.fail(append(at, "show", "chart"), "%s: a stacked chart needs two dimensions (by: [bars, stacks])", what)
		}
		if b.Show.On != "" {
			want := map[string]string{"daily": "day", "weekly": "week", "districts": "district"}[b.Show.On]
			switch {
			case !slices.Contains(metrics.ChartsOn, b.Show.On):
				v.fail(append(at, "show", "on"), "%s: on %q is not one of %s", what, b.Show.On, strings.Join(metrics.ChartsOn, ", "))
			case b.Source != "calls" || len(b.By) != 1 || b.By[0] != want:
				v.fail(append(at, "show", "on"), "%s: to be drawn on the %s chart, a breakdown of calls needs by: [%s]", what, b.Show.On, want)
			}
		}
	}
}

// checkPublication requires a min_count of at least 0 and sensitive codes that are known codes of
// coded fields.
func (v *validator) checkPublication(d PublicationDef) {
	if d.MinBase != nil && *d.MinBase < 0 {
		v.fail([]any{"publication", "min_base"}, "publication: min_base %d is negative; 0 gives every change in per cent", *d.MinBase)
	}
	if d.MinCount != nil && *d.MinCount < 0 {
		v.fail([]any{"publication", "min_count"}, "publication: min_count %d is negative; 0 turns suppression off", *d.MinCount)
	}
	for _, field := range slices.Sorted(maps.Keys(d.Sensitive)) {
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
func (v *validator) checkEvents(events []metrics.Event) {
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
		for _, tier := range slices.Sorted(maps.Keys(t.TierThresholds)) {
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
