package figures

import (
	"cmp"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"bulletin/metrics"
	"bulletin/metrics/campaign"
	"bulletin/schema"
)

// breakdownFields returns the fields of the calls that metrics.Breakdowns.ByField breaks the calls
// down by, in the order they appear there: the single-valued dimensions of the data model.
func breakdownFields() []string {
	return model().Table("calls").Names(func(f *schema.Field) bool { return f.Dimension && f.Type != schema.TypeList })
}

func computeCampaignBreakdowns(q *querier, c *campaign.Campaign, r *metrics.Report) error {
	b := &r.Breakdowns
	b.Weekdays = weekdayLabels
	steps := []func(*querier, *campaign.Campaign, *metrics.Breakdowns) error{
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

func fieldBreakdowns(q *querier, c *campaign.Campaign, b *metrics.Breakdowns) error {
	fields := breakdownFields()
	b.ByField = make([]metrics.FieldBreakdown, len(fields))
	// One grouping set per field: in the rows of a field's set the other fields are NULL, and the
	// field itself never is (its empty value is the key '').
	keyed, which, sets := make([]string, len(fields)), make([]string, len(fields)), make([]string, len(fields))
	for i, field := range fields {
		b.ByField[i] = metrics.FieldBreakdown{Field: field, Label: c.Labels.Field(field), Rows: []metrics.FieldCount{}}
		keyed[i] = fmt.Sprintf("coalesce(%s::VARCHAR, '') AS %s", ident(field), ident(field))
		which[i] = fmt.Sprintf("WHEN grouping(%s) = 0 THEN %s", ident(field), quoteText(field))
		sets[i] = "(" + ident(field) + ")"
	}
	splice := map[string]string{"keyed": strings.Join(keyed, ", "), "fields": identList(fields),
		"which": strings.Join(which, " "), "sets": strings.Join(sets, ", ")}
	err := q.querySpliced("breakdown_call_fields.sql", splice, func(s *sql.Rows) error {
		var field string
		var fc metrics.FieldCount
		if err := s.Scan(&field, &fc.Key, &fc.Calls, &fc.Share); err != nil {
			return err
		}
		i := slices.Index(fields, field)
		if i < 0 {
			return fmt.Errorf("unexpected field %q", field)
		}
		fc.Label = keyLabel(c, "calls", field, fc.Key)
		b.ByField[i].Rows = append(b.ByField[i].Rows, fc)
		return nil
	})
	if err != nil {
		return err
	}
	if i := slices.Index(fields, districtField); i >= 0 {
		slices.SortStableFunc(b.ByField[i].Rows, func(x, y metrics.FieldCount) int { return c.DistrictOrder(x.Key) - c.DistrictOrder(y.Key) })
	}
	return nil
}

func periodBreakdowns(q *querier, _ *campaign.Campaign, b *metrics.Breakdowns) error {
	for _, p := range []struct {
		bucket string
		into   *[]metrics.PeriodCount
	}{
		{"week", &b.Weekly},
		{"month", &b.Monthly},
	} {
		err := q.query("breakdown_calendar.sql", func(s *sql.Rows) error {
			var pc metrics.PeriodCount
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

func hourWeekday(q *querier, _ *campaign.Campaign, b *metrics.Breakdowns) error {
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

func linkagePairs(q *querier, c *campaign.Campaign, b *metrics.Breakdowns) error {
	b.LinkagePairs = []metrics.PairCount{}
	return q.query("breakdown_linkage_pairs.sql", func(s *sql.Rows) error {
		var p metrics.PairCount
		if err := s.Scan(&p.A, &p.B, &p.Calls); err != nil {
			return err
		}
		p.LabelA, p.LabelB = c.Labels.Code("linked_agencies", p.A), c.Labels.Code("linked_agencies", p.B)
		b.LinkagePairs = append(b.LinkagePairs, p)
		return nil
	})
}

func activityBreakdowns(q *querier, c *campaign.Campaign, b *metrics.Breakdowns) error {
	b.ActivitiesByDistrict, b.ActivitiesByUnit = []metrics.ActivityCount{}, []metrics.ActivityCount{}
	scan := func(into *[]metrics.ActivityCount, label func(string) metrics.Text) func(*sql.Rows) error {
		return func(s *sql.Rows) error {
			var a metrics.ActivityCount
			if err := s.Scan(&a.Kind, &a.Key, &a.Count); err != nil {
				return err
			}
			a.KindLabel, a.Label = c.Labels.Code("kind", a.Kind), label(a.Key)
			*into = append(*into, a)
			return nil
		}
	}
	if err := q.query("breakdown_activities_by_district.sql", scan(&b.ActivitiesByDistrict, c.DistrictLabel)); err != nil {
		return err
	}
	// Kinds in the data model's order, each kind's districts in the campaign's order.
	slices.SortStableFunc(b.ActivitiesByDistrict, func(x, y metrics.ActivityCount) int {
		if k := kindRank(x.Kind) - kindRank(y.Kind); k != 0 {
			return k
		}
		return c.DistrictOrder(x.Key) - c.DistrictOrder(y.Key)
	})
	if err := q.query("breakdown_activities_by_unit.sql", scan(&b.ActivitiesByUnit, func(unit string) metrics.Text { return freeTextLabel(c, "unit", unit) }), sql.Named("top", metrics.TopUnitsPerKind)); err != nil {
		return err
	}
	sortKinds(b.ActivitiesByUnit, func(a metrics.ActivityCount) string { return a.Kind })
	return nil
}

// activitiesWeekly counts the activities per kind and week. It runs after periodBreakdowns: every
// series must have the weeks of b.Weekly.
func activitiesWeekly(q *querier, c *campaign.Campaign, b *metrics.Breakdowns) error {
	b.ActivitiesWeekly = []metrics.ActivitySeries{}
	err := q.query("breakdown_activities_weekly.sql", func(s *sql.Rows) error {
		var kind string
		var w metrics.WeekCount
		if err := s.Scan(&kind, &w.Key, &w.Start, &w.Count); err != nil {
			return err
		}
		if n := len(b.ActivitiesWeekly); n == 0 || b.ActivitiesWeekly[n-1].Kind != kind {
			b.ActivitiesWeekly = append(b.ActivitiesWeekly, metrics.ActivitySeries{Kind: kind, Label: c.Labels.Code("kind", kind), Weeks: []metrics.WeekCount{}})
		}
		series := &b.ActivitiesWeekly[len(b.ActivitiesWeekly)-1]
		series.Weeks = append(series.Weeks, w)
		return nil
	})
	if err != nil {
		return err
	}
	sortKinds(b.ActivitiesWeekly, func(a metrics.ActivitySeries) string { return a.Kind })
	// The charts draw these series on the axis of Weekly: a mismatch is a bug in the SQL.
	for _, series := range b.ActivitiesWeekly {
		same := slices.EqualFunc(series.Weeks, b.Weekly, func(w metrics.WeekCount, p metrics.PeriodCount) bool { return w.Key == p.Key && w.Start == p.Start })
		if !same {
			return fmt.Errorf("breakdown_activities_weekly.sql: the weeks of %s differ from the weekly calls", series.Kind)
		}
	}
	return nil
}

func resultStats(q *querier, c *campaign.Campaign, b *metrics.Breakdowns) error {
	b.Results = []metrics.KindResults{}
	err := q.query("breakdown_results.sql", func(s *sql.Rows) error {
		var all bool
		var kind string
		var g metrics.ResultGroup
		if err := s.Scan(&kind, &all, &g.District, &g.Count, &g.Passed, &g.Failed, &g.Unknown, &g.PassRateN, &g.PassRate,
			&g.Response.N, &g.Response.Mean, &g.Response.P50, &g.Response.P90, &g.Response.Max); err != nil {
			return err
		}
		if n := len(b.Results); n == 0 || b.Results[n-1].Kind != kind {
			b.Results = append(b.Results, metrics.KindResults{Kind: kind, Label: c.Labels.Code("kind", kind), ByDistrict: []metrics.ResultGroup{}})
		}
		k := &b.Results[len(b.Results)-1]
		if all {
			g.Label = allDistricts
			k.Total = g
			return nil
		}
		g.Label = c.DistrictLabel(g.District)
		k.ByDistrict = append(k.ByDistrict, g)
		return nil
	})
	if err != nil {
		return err
	}
	sortKinds(b.Results, func(k metrics.KindResults) string { return k.Kind })
	for i := range b.Results {
		slices.SortStableFunc(b.Results[i].ByDistrict, func(x, y metrics.ResultGroup) int { return c.DistrictOrder(x.District) - c.DistrictOrder(y.District) })
	}
	return nil
}

func participationStats(q *querier, c *campaign.Campaign, b *metrics.Breakdowns) error {
	b.Participation = []metrics.KindParticipation{}
	err := q.query("breakdown_participation.sql", func(s *sql.Rows) error {
		var all bool
		var kind string
		var d metrics.ParticipationDistrict
		if err := s.Scan(&kind, &all, &d.District, &d.Activities, &d.Participants); err != nil {
			return err
		}
		if n := len(b.Participation); n == 0 || b.Participation[n-1].Kind != kind {
			b.Participation = append(b.Participation, metrics.KindParticipation{Kind: kind, Label: c.Labels.Code("kind", kind), ByDistrict: []metrics.ParticipationDistrict{}})
		}
		k := &b.Participation[len(b.Participation)-1]
		if all {
			k.Activities, k.Participants = d.Activities, d.Participants
			return nil
		}
		d.Label = c.DistrictLabel(d.District)
		k.ByDistrict = append(k.ByDistrict, d)
		return nil
	})
	if err != nil {
		return err
	}
	sortKinds(b.Participation, func(k metrics.KindParticipation) string { return k.Kind })
	for i := range b.Participation {
		slices.SortStableFunc(b.Participation[i].ByDistrict, func(x, y metrics.ParticipationDistrict) int {
			return c.DistrictOrder(x.District) - c.DistrictOrder(y.District)
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

// districtName names a district as metrics.Report.Districts does: by its name, in English by the campaign
// file's English name when it gives one, cut as metrics.ShortName cuts a long name.
func districtName(c *campaign.Campaign, name string) metrics.Text {
	label := metrics.Text{Zh: name, En: name}
	if i := c.DistrictIndex(name); i >= 0 && c.Districts[i].En != "" {
		label.En = c.Districts[i].En
	}
	return metrics.ShortText(label)
}

// freeTextLabel labels a value of the free-text field (a station, a unit) with the campaign's
// name for it (labels.codes), else the text itself, in both languages, cut as metrics.ShortName
// cuts a long name; "" is not recorded.
func freeTextLabel(c *campaign.Campaign, field, value string) metrics.Text {
	if value == "" {
		return metrics.NotRecorded
	}
	label := metrics.Text{Zh: value, En: value}
	if named, ok := c.Labels.Codes[field][value]; ok {
		label.Zh, label.En = cmp.Or(named.Zh, label.Zh), cmp.Or(named.En, label.En)
	}
	return metrics.ShortText(label)
}
