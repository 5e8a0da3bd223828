package figures

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"bulletin/metrics"
	"bulletin/metrics/campaign"
	"bulletin/schema"
)

// computeDeclared computes the breakdowns the campaign file declares. It runs after the daily
// counts and the calendar breakdowns, whose buckets a breakdown by day, week or month is filled out
// to.
func computeDeclared(q *querier, c *campaign.Campaign, r *metrics.Report) error {
	r.Declared = []metrics.DeclaredBreakdown{}
	for _, def := range c.Breakdowns {
		b, err := declaredBreakdown(q, c, r, def)
		if err != nil {
			return fmt.Errorf("breakdown %s: %w", def.ID, err)
		}
		r.Declared = append(r.Declared, b)
	}
	return nil
}

// dimensionSQL returns the text expression of a dimension of source's rows aliased r, and for a
// list field the join that lists its codes (aliased under the dimension's position).
func dimensionSQL(source, dim string, position int) (expr, join string) {
	t := "local_time(" + timeSQL(source) + ")"
	switch dim {
	case "day":
		return "strftime(" + t + ", '%Y-%m-%d')", ""
	case "week":
		return "printf('%04d-W%02d', isoyear(" + t + "), week(" + t + "))", ""
	case "month":
		return "strftime(" + t + ", '%Y-%m')", ""
	case "hour":
		return "lpad(hour(" + t + ")::VARCHAR, 2, '0')", ""
	case "weekday":
		return "isodow(" + t + ")::VARCHAR", ""
	}
	if f := model().Field(source, dim); f != nil && f.Type == schema.TypeList {
		alias := fmt.Sprintf("u%d", position)
		return alias + ".code", fmt.Sprintf(", unnest(r.%s) AS %s(code)", ident(dim), alias)
	}
	return "coalesce(r." + ident(dim) + "::VARCHAR, '')", ""
}

func declaredBreakdown(q *querier, c *campaign.Campaign, r *metrics.Report, def campaign.BreakdownDef) (metrics.DeclaredBreakdown, error) {
	b := metrics.DeclaredBreakdown{ID: def.ID, Label: def.Label, Unit: def.Unit, Source: def.Source, Aggregate: def.Aggregate,
		Field: def.Field, Filters: metrics.Filters{Where: def.Where, WhereNot: def.WhereNot}, By: def.By, Show: def.Show,
		Rows: []metrics.BreakdownRow{}, Query: "declared_breakdown.sql"}
	for _, dim := range def.By {
		b.ByLabels = append(b.ByLabels, dimensionLabel(c, def.Source, dim))
	}
	b.Description = describe(c, campaign.MetricDef{Measure: def.Measure}, c.Period)
	filters, named := filterSQL(def.Source, def.Where, def.WhereNot, "f")
	var keys, columns, none, joins []string
	for i, dim := range def.By {
		expr, join := dimensionSQL(def.Source, dim, i+1)
		keys = append(keys, fmt.Sprintf("%s AS k%d", expr, i+1))
		columns = append(columns, fmt.Sprintf("k%d", i+1))
		none = append(none, "''")
		if join != "" {
			joins = append(joins, join)
		}
	}
	fragments := map[string]string{
		"source": sourceSQL(def.Source), "filters": filters, "measure": measureSQL(def.Aggregate, def.Field),
		"keys": strings.Join(keys, ", "), "key_columns": strings.Join(columns, ", "), "no_keys": strings.Join(none, ", "),
		"unnest": strings.Join(joins, " "),
	}
	found := map[string]int64{}
	var order [][]string
	err := q.querySpliced("declared_breakdown.sql", fragments, func(s *sql.Rows) error {
		var all bool
		keys := make([]string, len(def.By))
		dest := []any{&all}
		for i := range keys {
			dest = append(dest, &keys[i])
		}
		var value int64
		if err := s.Scan(append(dest, &value)...); err != nil {
			return err
		}
		if all {
			b.Total = value
			return nil
		}
		found[strings.Join(keys, "\x00")] = value
		order = append(order, keys)
		return nil
	}, named...)
	if err != nil {
		return b, err
	}
	// A breakdown by day, week or month alone lists every bucket of the period, as the daily,
	// weekly and monthly counts do, so that it draws on their axis.
	if len(def.By) == 1 {
		var buckets []string
		switch def.By[0] {
		case "day":
			for _, d := range r.Daily {
				buckets = append(buckets, d.Date)
			}
		case "week":
			for _, w := range r.Breakdowns.Weekly {
				buckets = append(buckets, w.Key)
			}
		case "month":
			for _, m := range r.Breakdowns.Monthly {
				buckets = append(buckets, m.Key)
			}
		}
		if buckets != nil {
			order = order[:0]
			for _, b := range buckets {
				order = append(order, []string{b})
			}
		}
	}
	for _, keys := range order {
		row := metrics.BreakdownRow{Keys: keys, Value: found[strings.Join(keys, "\x00")]}
		for i, k := range keys {
			row.Labels = append(row.Labels, dimensionKeyLabel(c, def.Source, def.By[i], k))
		}
		b.Rows = append(b.Rows, row)
	}
	slices.SortStableFunc(b.Rows, func(x, y metrics.BreakdownRow) int {
		for i, dim := range def.By {
			if d := compareKeys(c, def.Source, dim, x.Keys[i], y.Keys[i], x.Value, y.Value, len(def.By) == 1); d != 0 {
				return d
			}
		}
		return 0
	})
	return b, nil
}

// dimensionLabel names a dimension of a breakdown.
func dimensionLabel(c *campaign.Campaign, source, dim string) metrics.Text {
	switch dim {
	case "day":
		return metrics.Text{Zh: "日期", En: "Day"}
	case "week":
		return metrics.Text{Zh: "周", En: "Week"}
	case "month":
		return metrics.Text{Zh: "月份", En: "Month"}
	case "hour":
		return metrics.Text{Zh: "时段", En: "Hour"}
	case "weekday":
		return metrics.Text{Zh: "星期", En: "Weekday"}
	}
	if model().Field(source, dim) != nil {
		return c.Labels.Field(dim)
	}
	return metrics.Text{Zh: dim, En: dim}
}

// dimensionKeyLabel names a key of a dimension: weekdays by name, hours as 08:00, dates and weeks
// as they are, field values as keyLabel does.
func dimensionKeyLabel(c *campaign.Campaign, source, dim, key string) metrics.Text {
	switch dim {
	case "day", "week", "month":
		return metrics.Text{Zh: key, En: key}
	case "hour":
		return metrics.Text{Zh: key + ":00", En: key + ":00"}
	case "weekday":
		if len(key) == 1 && key[0] >= '1' && key[0] <= '7' {
			return weekdayLabels[key[0]-'1']
		}
		return metrics.Text{Zh: key, En: key}
	}
	return keyLabel(c, source, dim, key)
}

// compareKeys orders two keys of a dimension: time buckets in time order, districts in the
// campaign's order, codes in vocabulary order (unknown codes after, ” last); free text by value,
// most first when it is the only dimension, then by key.
func compareKeys(c *campaign.Campaign, source, dim, x, y string, xv, yv int64, single bool) int {
	if slices.Contains(metrics.TimeBuckets, dim) {
		return strings.Compare(x, y)
	}
	if dim == districtField {
		if d := c.DistrictOrder(x) - c.DistrictOrder(y); d != 0 {
			return d
		}
		return strings.Compare(x, y)
	}
	if f := model().Field(source, dim); f != nil && len(f.Codes) > 0 {
		rank := func(k string) int {
			if k == "" {
				return len(f.Codes) + 1
			}
			if i := slices.Index(f.Values(), k); i >= 0 {
				return i
			}
			return len(f.Codes)
		}
		if d := rank(x) - rank(y); d != 0 {
			return d
		}
		return strings.Compare(x, y)
	}
	if single && xv != yv {
		if xv > yv {
			return -1
		}
		return 1
	}
	return strings.Compare(x, y)
}
