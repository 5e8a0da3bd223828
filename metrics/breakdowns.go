package metrics

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"bulletin/schema"
)

// Breakdowns breaks the calls received and the activities started in the campaign period down by
// field, by time, by agency and by unit. Nothing outside the period is counted.
type Breakdowns struct {
	// ByField holds one breakdown of the calls per field: every single-valued dimension of the
	// data model's calls, in the model's order.
	ByField []FieldBreakdown `json:"by_field"`
	// Weekly counts the calls per ISO week (Monday to Sunday), in order, weeks without calls
	// included. A week the period cuts counts only its days inside the period.
	Weekly []PeriodCount `json:"weekly"`
	// Monthly counts the calls per calendar month, in order, months without calls included. A month
	// the period cuts counts only its days inside the period.
	Monthly []PeriodCount `json:"monthly"`
	// HourWeekday counts the calls by the ISO weekday they were received on (0 Monday .. 6 Sunday)
	// and the hour of the day (0..23), in the campaign's local time.
	HourWeekday [7][24]int64 `json:"hour_weekday"`
	// Weekdays names the rows of HourWeekday.
	Weekdays [7]Text `json:"weekdays"`
	// LinkagePairs counts the calls on which both agencies of a pair were linked in, for every pair
	// linked in together at least once, most frequent first. Report.Linkage counts single agencies.
	LinkagePairs []PairCount `json:"linkage_pairs"`
	// ActivitiesByDistrict counts the activities per kind and district: by kind, then districts in
	// the campaign's order, unlisted districts after them by name, an empty district last.
	ActivitiesByDistrict []ActivityCount `json:"activities_by_district"`
	// ActivitiesByUnit counts the activities per kind and unit for the units with the most
	// activities of each kind: up to TopUnitsPerKind units per kind, most frequent first, ties by
	// unit. The other units are left out; ActivitiesByDistrict adds up to every activity.
	ActivitiesByUnit []ActivityCount `json:"activities_by_unit"`
	// ActivitiesWeekly counts the activities per kind and ISO week: one series per kind with at
	// least one activity in the period, in the order of Report.Activities (by kind), each with
	// exactly the weeks of Weekly (same keys and starts), weeks without activities of the kind as 0.
	ActivitiesWeekly []ActivitySeries `json:"activities_weekly"`
	// Results holds, per kind of activity that recorded a result (passed or failed) or a response
	// time, the results and response times, in total and per district; kinds in vocabulary order.
	Results []KindResults `json:"results"`
	// Participation counts, per kind of activity that recorded participants, the activities and
	// their participants, in total and per district; kinds in vocabulary order.
	Participation []KindParticipation `json:"participation"`
}

// TopUnitsPerKind is how many units of each kind of activity Breakdowns.ActivitiesByUnit lists.
const TopUnitsPerKind = 10

// FieldBreakdown counts the calls of the period per value of one field.
type FieldBreakdown struct {
	// Field is the field's name in the calls table, such as "district"; Label names it for readers.
	Field string `json:"field"`
	Label Text   `json:"label"`
	// Rows hold one count per value; the calls whose field is empty form one row with the key "".
	// Districts come in the campaign's order (unlisted ones after, by name), priorities by key with
	// the empty key last, every other field most frequent first, then by key.
	Rows []FieldCount `json:"rows"`
}

// FieldCount is the number of calls with one value of a field.
type FieldCount struct {
	// Key is the value as stored: a code for coded fields, the name for districts and stations, ""
	// when not recorded.
	Key   string `json:"key"`
	Label Text   `json:"label"`
	Calls int64  `json:"calls"`
	// Share is Calls divided by all the calls of the period.
	Share float64 `json:"share"`
}

// PeriodCount is the number of calls received in one ISO week or calendar month of the period.
type PeriodCount struct {
	// Key names the bucket: "2022-W18" (ISO year and week) or "2022-05".
	Key string `json:"key"`
	// Start is the first day of the bucket inside the period, YYYY-MM-DD: the first day of the
	// period for a bucket the period's start cuts.
	Start string `json:"start"`
	Calls int64  `json:"calls"`
}

// ActivitySeries is the number of activities of one kind in each ISO week of the period.
type ActivitySeries struct {
	Kind  string      `json:"kind"`
	Label Text        `json:"label"`
	Weeks []WeekCount `json:"weeks"`
}

// WeekCount is a number of activities in one ISO week of the period. Key and Start are those of the
// week in Breakdowns.Weekly.
type WeekCount struct {
	Key   string `json:"key"`
	Start string `json:"start"`
	Count int64  `json:"count"`
}

// PairCount is the number of calls on which two partner agencies were both linked in. A and B are
// agency codes with A < B; a call linked to three agencies counts under each of its three pairs.
type PairCount struct {
	A      string `json:"a"`
	LabelA Text   `json:"label_a"`
	B      string `json:"b"`
	LabelB Text   `json:"label_b"`
	Calls  int64  `json:"calls"`
}

// ActivityCount is the number of activities of one kind in one district or by one unit.
type ActivityCount struct {
	Kind      string `json:"kind"`
	KindLabel Text   `json:"kind_label"`
	// Key is the district or unit as recorded, "" when not recorded.
	Key   string `json:"key"`
	Label Text   `json:"label"`
	Count int64  `json:"count"`
}

// KindResults holds the results and response times of the activities of one kind, in total and per
// district.
type KindResults struct {
	Kind  string `json:"kind"`
	Label Text   `json:"label"`
	// Total covers every activity of the kind; its District is "".
	Total ResultGroup `json:"total"`
	// ByDistrict holds one entry per district in the campaign's order, unlisted districts after
	// them by name, activities without a district ("") last.
	ByDistrict []ResultGroup `json:"by_district"`
}

// ResultGroup is the results and response times of a group of activities of one kind.
type ResultGroup struct {
	District string `json:"district"`
	Label    Text   `json:"label"`
	// Count counts the activities; Passed, Failed and Unknown (no result recorded) add up to it.
	Count   int64 `json:"count"`
	Passed  int64 `json:"passed"`
	Failed  int64 `json:"failed"`
	Unknown int64 `json:"unknown"`
	// PassRate is Passed / PassRateN, where PassRateN = Passed + Failed: activities without a
	// result are left out of the denominator. It is 0 when none has a result.
	PassRate  float64 `json:"pass_rate"`
	PassRateN int64   `json:"pass_rate_n"`
	// Response summarises response_seconds over the activities that recorded it.
	Response SecondsSummary `json:"response_seconds"`
}

// SecondsSummary summarises a number of durations in seconds. Percentiles are computed as
// PercentileMethod says; every figure is 0 when N is 0.
type SecondsSummary struct {
	N    int64   `json:"n"`
	Mean float64 `json:"mean_s"`
	P50  float64 `json:"p50_s"`
	P90  float64 `json:"p90_s"`
	Max  float64 `json:"max_s"`
}

// KindParticipation counts the activities of one kind and their participants, in total and per
// district. An activity without a participant count counts 0 participants.
type KindParticipation struct {
	Kind         string `json:"kind"`
	Label        Text   `json:"label"`
	Activities   int64  `json:"activities"`
	Participants int64  `json:"participants"`
	// ByDistrict holds one entry per district in the campaign's order, unlisted districts after them
	// by name, activities without a district ("") last.
	ByDistrict []ParticipationDistrict `json:"by_district"`
}

// ParticipationDistrict counts the activities of one kind in one district and their participants.
type ParticipationDistrict struct {
	District     string `json:"district"`
	Label        Text   `json:"label"`
	Activities   int64  `json:"activities"`
	Participants int64  `json:"participants"`
}

// breakdownFields returns the fields of the calls that Breakdowns.ByField breaks the calls down by,
// in the order they appear there: the single-valued dimensions of the data model.
func breakdownFields() []string {
	return model().Table("calls").Names(func(f *schema.Field) bool { return f.Dimension && f.Type != schema.TypeList })
}

func computeCampaignBreakdowns(q *querier, c *Campaign, r *Report) error {
	b := &r.Breakdowns
	b.Weekdays = weekdayLabels
	steps := []func(*querier, *Campaign, *Breakdowns) error{
		fieldBreakdowns, periodBreakdowns, hourWeekday, linkagePairs, activityBreakdowns, activitiesWeekly,
		resultStats, participationStats,
	}
	for _, step := range steps {
		if err := step(q, c, b); err != nil {
			return err
		}
	}
	return nil
}

func fieldBreakdowns(q *querier, c *Campaign, b *Breakdowns) error {
	fields := breakdownFields()
	b.ByField = make([]FieldBreakdown, len(fields))
	for i, field := range fields {
		b.ByField[i] = FieldBreakdown{Field: field, Label: c.Labels.Field(field), Rows: []FieldCount{}}
	}
	keyed := make([]string, len(fields))
	for i, field := range fields {
		keyed[i] = fmt.Sprintf("coalesce(%s::VARCHAR, '') AS %s", ident(field), ident(field))
	}
	splice := map[string]string{"keyed": strings.Join(keyed, ", "), "fields": identList(fields)}
	err := q.querySpliced("breakdown_call_fields.sql", splice, func(s *sql.Rows) error {
		var field string
		var fc FieldCount
		if err := s.Scan(&field, &fc.Key, &fc.Calls, &fc.Share); err != nil {
			return err
		}
		i := slices.Index(fields, field)
		if i < 0 {
			return fmt.Errorf("unexpected field %q", field)
		}
		fc.Label = c.keyLabel("calls", field, fc.Key)
		b.ByField[i].Rows = append(b.ByField[i].Rows, fc)
		return nil
	})
	if err != nil {
		return err
	}
	if i := slices.Index(fields, districtField); i >= 0 {
		slices.SortStableFunc(b.ByField[i].Rows, func(x, y FieldCount) int { return c.districtOrder(x.Key) - c.districtOrder(y.Key) })
	}
	return nil
}

func periodBreakdowns(q *querier, _ *Campaign, b *Breakdowns) error {
	for _, p := range []struct {
		bucket string
		into   *[]PeriodCount
	}{
		{"week", &b.Weekly},
		{"month", &b.Monthly},
	} {
		err := q.query("breakdown_calendar.sql", func(s *sql.Rows) error {
			var pc PeriodCount
			if err := s.Scan(&pc.Key, &pc.Start, &pc.Calls); err != nil {
				return err
			}
			*p.into = append(*p.into, pc)
			return nil
		}, sql.Named("bucket", p.bucket))
		if err != nil {
			return err
		}
	}
	return nil
}

func hourWeekday(q *querier, _ *Campaign, b *Breakdowns) error {
	return q.query("breakdown_hour_weekday.sql", func(s *sql.Rows) error {
		var weekday, hour int
		var calls int64
		if err := s.Scan(&weekday, &hour, &calls); err != nil {
			return err
		}
		if weekday < 0 || weekday > 6 || hour < 0 || hour > 23 {
			return fmt.Errorf("weekday %d, hour %d out of range", weekday, hour)
		}
		b.HourWeekday[weekday][hour] = calls
		return nil
	})
}

func linkagePairs(q *querier, c *Campaign, b *Breakdowns) error {
	b.LinkagePairs = []PairCount{}
	return q.query("breakdown_linkage_pairs.sql", func(s *sql.Rows) error {
		var p PairCount
		if err := s.Scan(&p.A, &p.B, &p.Calls); err != nil {
			return err
		}
		p.LabelA, p.LabelB = c.Labels.Code("linked_agencies", p.A), c.Labels.Code("linked_agencies", p.B)
		b.LinkagePairs = append(b.LinkagePairs, p)
		return nil
	})
}

func activityBreakdowns(q *querier, c *Campaign, b *Breakdowns) error {
	b.ActivitiesByDistrict, b.ActivitiesByUnit = []ActivityCount{}, []ActivityCount{}
	scan := func(into *[]ActivityCount, label func(string) Text) func(*sql.Rows) error {
		return func(s *sql.Rows) error {
			var a ActivityCount
			if err := s.Scan(&a.Kind, &a.Key, &a.Count); err != nil {
				return err
			}
			a.KindLabel, a.Label = c.Labels.Code("kind", a.Kind), label(a.Key)
			*into = append(*into, a)
			return nil
		}
	}
	if err := q.query("breakdown_activities_by_district.sql", scan(&b.ActivitiesByDistrict, c.districtLabel)); err != nil {
		return err
	}
	// Kinds in the data model's order, each kind's districts in the campaign's order.
	slices.SortStableFunc(b.ActivitiesByDistrict, func(x, y ActivityCount) int {
		if k := kindRank(x.Kind) - kindRank(y.Kind); k != 0 {
			return k
		}
		return c.districtOrder(x.Key) - c.districtOrder(y.Key)
	})
	if err := q.query("breakdown_activities_by_unit.sql", scan(&b.ActivitiesByUnit, freeTextLabel), sql.Named("top", TopUnitsPerKind)); err != nil {
		return err
	}
	sortKinds(b.ActivitiesByUnit, func(a ActivityCount) string { return a.Kind })
	return nil
}

// activitiesWeekly counts the activities per kind and week. It runs after periodBreakdowns: every
// series must have the weeks of b.Weekly.
func activitiesWeekly(q *querier, c *Campaign, b *Breakdowns) error {
	b.ActivitiesWeekly = []ActivitySeries{}
	err := q.query("breakdown_activities_weekly.sql", func(s *sql.Rows) error {
		var kind string
		var w WeekCount
		if err := s.Scan(&kind, &w.Key, &w.Start, &w.Count); err != nil {
			return err
		}
		if n := len(b.ActivitiesWeekly); n == 0 || b.ActivitiesWeekly[n-1].Kind != kind {
			b.ActivitiesWeekly = append(b.ActivitiesWeekly, ActivitySeries{Kind: kind, Label: c.Labels.Code("kind", kind), Weeks: []WeekCount{}})
		}
		series := &b.ActivitiesWeekly[len(b.ActivitiesWeekly)-1]
		series.Weeks = append(series.Weeks, w)
		return nil
	})
	if err != nil {
		return err
	}
	sortKinds(b.ActivitiesWeekly, func(a ActivitySeries) string { return a.Kind })
	// The charts draw these series on the axis of Weekly: a mismatch is a bug in the SQL.
	for _, series := range b.ActivitiesWeekly {
		same := slices.EqualFunc(series.Weeks, b.Weekly, func(w WeekCount, p PeriodCount) bool { return w.Key == p.Key && w.Start == p.Start })
		if !same {
			return fmt.Errorf("breakdown_activities_weekly.sql: the weeks of %s differ from the weekly calls", series.Kind)
		}
	}
	return nil
}

func resultStats(q *querier, c *Campaign, b *Breakdowns) error {
	b.Results = []KindResults{}
	err := q.query("breakdown_results.sql", func(s *sql.Rows) error {
		var all bool
		var kind string
		var g ResultGroup
		if err := s.Scan(&kind, &all, &g.District, &g.Count, &g.Passed, &g.Failed, &g.Unknown, &g.PassRateN, &g.PassRate,
			&g.Response.N, &g.Response.Mean, &g.Response.P50, &g.Response.P90, &g.Response.Max); err != nil {
			return err
		}
		if n := len(b.Results); n == 0 || b.Results[n-1].Kind != kind {
			b.Results = append(b.Results, KindResults{Kind: kind, Label: c.Labels.Code("kind", kind), ByDistrict: []ResultGroup{}})
		}
		k := &b.Results[len(b.Results)-1]
		if all {
			g.Label = allDistricts
			k.Total = g
			return nil
		}
		g.Label = c.districtLabel(g.District)
		k.ByDistrict = append(k.ByDistrict, g)
		return nil
	})
	if err != nil {
		return err
	}
	sortKinds(b.Results, func(k KindResults) string { return k.Kind })
	for i := range b.Results {
		slices.SortStableFunc(b.Results[i].ByDistrict, func(x, y ResultGroup) int { return c.districtOrder(x.District) - c.districtOrder(y.District) })
	}
	return nil
}

func participationStats(q *querier, c *Campaign, b *Breakdowns) error {
	b.Participation = []KindParticipation{}
	err := q.query("breakdown_participation.sql", func(s *sql.Rows) error {
		var all bool
		var kind string
		var d ParticipationDistrict
		if err := s.Scan(&kind, &all, &d.District, &d.Activities, &d.Participants); err != nil {
			return err
		}
		if n := len(b.Participation); n == 0 || b.Participation[n-1].Kind != kind {
			b.Participation = append(b.Participation, KindParticipation{Kind: kind, Label: c.Labels.Code("kind", kind), ByDistrict: []ParticipationDistrict{}})
		}
		k := &b.Participation[len(b.Participation)-1]
		if all {
			k.Activities, k.Participants = d.Activities, d.Participants
			return nil
		}
		d.Label = c.districtLabel(d.District)
		k.ByDistrict = append(k.ByDistrict, d)
		return nil
	})
	if err != nil {
		return err
	}
	sortKinds(b.Participation, func(k KindParticipation) string { return k.Kind })
	for i := range b.Participation {
		slices.SortStableFunc(b.Participation[i].ByDistrict, func(x, y ParticipationDistrict) int {
			return c.districtOrder(x.District) - c.districtOrder(y.District)
		})
	}
	return nil
}

// kindRank is the place of a kind of activity in the data model's vocabulary; unknown kinds come
// after every known one.
func kindRank(kind string) int {
	vocab := model().Vocabulary("activities", "kind")
	if i := slices.Index(vocab, kind); i >= 0 {
		return i
	}
	return len(vocab)
}

// sortKinds puts a list by kind of activity in the order of the vocabulary (stably: the order
// within a kind stays), unknown kinds last.
func sortKinds[T any](xs []T, kind func(T) string) {
	slices.SortStableFunc(xs, func(x, y T) int { return kindRank(kind(x)) - kindRank(kind(y)) })
}

// districtName names a district as Report.Districts does: by its name, in English by the campaign
// file's English name when it gives one.
func (c *Campaign) districtName(name string) Text {
	label := Text{Zh: name, En: name}
	if i := c.districtIndex(name); i >= 0 && c.Districts[i].En != "" {
		label.En = c.Districts[i].En
	}
	return label
}

// districtLabel names a district as recorded: its English name from the campaign file, else its
// name itself in both languages; "" is not recorded.
func (c *Campaign) districtLabel(name string) Text {
	if name == "" {
		return notRecorded
	}
	label := c.Labels.Code("district", name)
	if i := c.districtIndex(name); i >= 0 && c.Districts[i].En != "" {
		label.En = c.Districts[i].En
	}
	return label
}

// districtOrder ranks a district for sorting: the districts of the campaign file in its order, then
// the others, then "" (not recorded). Sort stably on a list already sorted by name.
func (c *Campaign) districtOrder(name string) int {
	switch i := c.districtIndex(name); {
	case i >= 0:
		return i
	case name != "":
		return len(c.Districts)
	}
	return len(c.Districts) + 1
}

// freeTextLabel labels a free-text value (a station, a unit) with the text itself in both
// languages; "" is not recorded.
func freeTextLabel(value string) Text {
	if value == "" {
		return notRecorded
	}
	return Text{Zh: value, En: value}
}
