package figures

import (
	"cmp"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"bulletin/ingest"
	"bulletin/metrics"
	"bulletin/metrics/campaign"
	"bulletin/schema"
	"bulletin/warehouse"
)

// record is a generated call or activity as the tests below read it, field by field: the values of
// each field as text (a list field's codes, none when it has none; any other field one value, ""
// when not recorded), its numbers (an empty number is absent), and its local time.
type record struct {
	id      string
	at      time.Time
	values  map[string][]string
	numbers map[string]int64
}

// callRecord and activityRecord name every field of the generated rows that a filter, a sum, a
// count of distinct values or a breakdown can use. A field of the data model missing here fails the
// tests that read it, so that a new field is covered when it is added.
func callRecord(c generatedCall) record {
	return record{id: c.id, at: c.received,
		values: map[string][]string{
			"channel": {c.channel}, "category": {c.category}, "subcategory": {c.subcategory}, "priority": {c.priority},
			"district": {c.district}, "station": {c.station}, "disposition": {c.disposition}, "linked_agencies": c.agencies,
			// Generated calls carry no incident_id: each is an incident of its own.
			"incident": {"call:" + c.id},
		},
		numbers: map[string]int64{"people_helped": int64(c.people)},
	}
}

func activityRecord(a generatedActivity) record {
	r := record{id: a.id, at: a.started,
		values:  map[string][]string{"kind": {a.kind}, "district": {a.district}, "unit": {a.unit}, "passed": {a.passed}},
		numbers: map[string]int64{},
	}
	for field, text := range map[string]string{"participants": a.participants, "response_seconds": a.responseSeconds} {
		if text != "" {
			n, _ := strconv.Atoi(text)
			r.numbers[field] = int64(n)
		}
	}
	return r
}

// records returns the period's records of a source of the generated fixture.
func (g generated) records(source string) []record {
	var out []record
	switch source {
	case "calls":
		for _, c := range g.periodCalls {
			out = append(out, callRecord(c))
		}
	case "activities":
		for _, a := range g.periodActivities {
			out = append(out, activityRecord(a))
		}
	}
	return out
}

// field returns the values of a field of the record, failing the test when the record does not
// carry the field.
func (r record) field(t *testing.T, name string) []string {
	t.Helper()
	values, ok := r.values[name]
	if !ok {
		t.Fatalf("the generated records carry no field %q: add it to callRecord or activityRecord", name)
	}
	return values
}

// matches reports whether the record passes where and where_not: a field matches a list when one of
// its values is listed (an empty single-valued field as "", a list field without codes never).
func (r record) matches(t *testing.T, where, whereNot map[string][]string) bool {
	t.Helper()
	listed := func(field string, values []string) bool {
		for _, v := range r.field(t, field) {
			if slices.Contains(values, v) {
				return true
			}
		}
		return false
	}
	for field, values := range where {
		if !listed(field, values) {
			return false
		}
	}
	for field, values := range whereNot {
		if listed(field, values) {
			return false
		}
	}
	return true
}

// measure computes an aggregate over records by a plain loop: a count, a sum of a number (absent is
// 0), or the number of distinct recorded values of a field.
func measure(t *testing.T, records []record, aggregate, field string) int64 {
	t.Helper()
	switch aggregate {
	case "sum":
		var sum int64
		for _, r := range records {
			sum += r.numbers[field]
		}
		return sum
	case "count_distinct":
		distinct := map[string]bool{}
		for _, r := range records {
			for _, v := range r.field(t, field) {
				if v != "" {
					distinct[v] = true
				}
			}
		}
		return int64(len(distinct))
	}
	return int64(len(records))
}

// bucketKeys returns the keys of a record under one dimension: a bucket of its local time, the
// codes of a list field, or the value of any other field.
func bucketKeys(t *testing.T, r record, dim string) []string {
	t.Helper()
	switch dim {
	case "day":
		return []string{r.at.Format(time.DateOnly)}
	case "week":
		return []string{isoWeekKey(r.at)}
	case "month":
		return []string{r.at.Format("2006-01")}
	case "hour":
		return []string{fmt.Sprintf("%02d", r.at.Hour())}
	case "weekday":
		return []string{strconv.Itoa((int(r.at.Weekday())+6)%7 + 1)} // ISO: Monday 1 .. Sunday 7
	}
	return r.field(t, dim)
}

func isoWeekKey(at time.Time) string {
	year, week := at.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", year, week)
}

// expectDeclared computes a declared breakdown by plain loops over the records: the measure of each
// combination of keys that has records, every day or week of the period for a breakdown by day or
// week alone, and the measure over all matching records, each counted once.
func expectDeclared(t *testing.T, g generated, c *campaign.Campaign, def campaign.BreakdownDef) (rows []metrics.BreakdownRow, total int64) {
	t.Helper()
	var matched []record
	for _, r := range g.records(def.Source) {
		if r.matches(t, def.Where, def.WhereNot) {
			matched = append(matched, r)
		}
	}
	groups := map[string][]record{}
	var combos [][]string
	add := func(keys []string, r *record) {
		id := strings.Join(keys, "\x00")
		if _, ok := groups[id]; !ok {
			groups[id] = nil
			combos = append(combos, keys)
		}
		if r != nil {
			groups[id] = append(groups[id], *r)
		}
	}
	for i := range matched {
		combos := [][]string{{}}
		for _, dim := range def.By {
			var next [][]string
			for _, prefix := range combos {
				for _, key := range bucketKeys(t, matched[i], dim) {
					next = append(next, append(slices.Clone(prefix), key))
				}
			}
			combos = next
		}
		for _, keys := range combos {
			add(keys, &matched[i])
		}
	}
	if len(def.By) == 1 && (def.By[0] == "day" || def.By[0] == "week") {
		for day := g.first; day.Before(g.afterLast); day = day.AddDate(0, 0, 1) {
			add([]string{bucketKeys(t, record{at: day}, def.By[0])[0]}, nil)
		}
	}
	for _, keys := range combos {
		row := metrics.BreakdownRow{Keys: keys, Value: measure(t, groups[strings.Join(keys, "\x00")], def.Aggregate, def.Field)}
		for i, key := range keys {
			row.Labels = append(row.Labels, expectedKeyLabel(c, def.Source, def.By[i], key))
		}
		rows = append(rows, row)
	}
	slices.SortFunc(rows, func(x, y metrics.BreakdownRow) int {
		for i, dim := range def.By {
			if d := compareExpected(c, def.Source, dim, x, y, i, len(def.By) == 1); d != 0 {
				return d
			}
		}
		return 0
	})
	return rows, measure(t, matched, def.Aggregate, def.Field)
}

// compareExpected orders rows by their i-th key as DeclaredBreakdown documents: time buckets in time
// order, districts in the campaign's order (others after by name, not recorded last), codes in the
// vocabulary's order (not recorded last), free text by value, most first, when it is the only
// dimension, then by key.
func compareExpected(c *campaign.Campaign, source, dim string, x, y metrics.BreakdownRow, i int, single bool) int {
	kx, ky := x.Keys[i], y.Keys[i]
	rank := func(order []string, key string) int {
		switch {
		case key == "":
			return len(order) + 1
		case slices.Contains(order, key):
			return slices.Index(order, key)
		}
		return len(order)
	}
	switch f := schema.Default().Field(source, dim); {
	case slices.Contains([]string{"day", "week", "month", "hour", "weekday"}, dim):
	case dim == "district":
		var names []string
		for _, d := range c.Districts {
			names = append(names, d.Name)
		}
		return cmp.Or(rank(names, kx)-rank(names, ky), strings.Compare(kx, ky))
	case len(f.Codes) > 0:
		return cmp.Or(rank(f.Values(), kx)-rank(f.Values(), ky), strings.Compare(kx, ky))
	case single:
		return cmp.Or(cmp.Compare(y.Value, x.Value), strings.Compare(kx, ky))
	}
	return strings.Compare(kx, ky)
}

// expectedKeyLabel names a key as reports show it, written out here rather than asked of the code:
// not recorded, a district by the campaign's English name, a code by the data model's labels, an
// hour as 08:00, an ISO weekday by name, anything else by itself.
func expectedKeyLabel(c *campaign.Campaign, source, dim, key string) metrics.Text {
	weekdays := []metrics.Text{{Zh: "星期一", En: "Monday"}, {Zh: "星期二", En: "Tuesday"}, {Zh: "星期三", En: "Wednesday"},
		{Zh: "星期四", En: "Thursday"}, {Zh: "星期五", En: "Friday"}, {Zh: "星期六", En: "Saturday"}, {Zh: "星期日", En: "Sunday"}}
	switch {
	case dim == "hour":
		return metrics.Text{Zh: key + ":00", En: key + ":00"}
	case dim == "weekday":
		n, _ := strconv.Atoi(key)
		return weekdays[n-1]
	case slices.Contains([]string{"day", "week", "month"}, dim):
		return metrics.Text{Zh: key, En: key}
	case key == "":
		return metrics.Text{Zh: "未填", En: "(not recorded)"}
	case dim == "district":
		for _, d := range c.Districts {
			if d.Name == key {
				return metrics.Text{Zh: key, En: d.En}
			}
		}
		return metrics.Text{Zh: key, En: key}
	}
	if f := schema.Default().Field(source, dim); f != nil {
		if code, ok := f.Code(key); ok {
			return metrics.Text{Zh: code.Zh, En: code.En}
		}
	}
	return metrics.Text{Zh: key, En: key}
}

// declaredCampaignYAML is the campaign of TestComputeDeclaredBreakdownsOnGeneratedRows, without its
// generated breakdowns of emergency help and activities by every dimension.
const declaredCampaignYAML = `id: declared
name: {zh: 分解, en: Declared}
period: {start: 2022-05-27, end: 2022-06-08}
time_zone: Asia/Shanghai
headline:
  - {id: calls, label: {zh: 警情, en: calls}, source: calls, aggregate: count}
districts:
  - {name: 湘潭县, en: Xiangtan County}
  - {name: 雨湖区, en: Yuhu}
  - {name: 岳塘区, en: Yuetang}
  - {name: 全市, en: Citywide}
breakdowns:
  - {id: help_by_district_subcategory, label: {zh: 求助, en: help}, source: calls, aggregate: count, where: {category: [emergency_help]}, by: [district, subcategory], show: {chart: stacked, sheet: true}}
  - {id: help_daily, label: {zh: 求助, en: help}, source: calls, aggregate: count, where: {category: [emergency_help]}, by: [day], show: {on: daily}}
  - {id: help_weekly, label: {zh: 求助, en: help}, source: calls, aggregate: count, where: {category: [emergency_help]}, by: [week], show: {on: weekly}}
  - {id: rare_daily, label: {zh: 少见, en: rare}, source: calls, aggregate: count, where: {category: [fire], channel: [sms]}, by: [day], show: {chart: line}}
  - {id: rare_weekly, label: {zh: 少见, en: rare}, source: calls, aggregate: count, where: {category: [fire], channel: [sms], district: [韶山市]}, by: [week]}
  - {id: by_month, label: {zh: 月, en: month}, source: calls, aggregate: count, by: [month]}
  - {id: by_hour, label: {zh: 时, en: hour}, source: calls, aggregate: count, by: [hour], show: {chart: bar}}
  - {id: by_weekday, label: {zh: 星期, en: weekday}, source: calls, aggregate: count, by: [weekday]}
  - {id: weekday_by_hour, label: {zh: 星期时段, en: weekday and hour}, source: calls, aggregate: count, by: [weekday, hour]}
  - {id: daily_by_district, label: {zh: 日地区, en: day and district}, source: calls, aggregate: count, by: [day, district]}
  - {id: agencies, label: {zh: 联动, en: agencies}, source: calls, aggregate: count, by: [linked_agencies]}
  - {id: agencies_by_district, label: {zh: 联动, en: agencies}, source: calls, aggregate: count, by: [district, linked_agencies]}
  - {id: with_fire_or_medical, label: {zh: 联动, en: agencies}, source: calls, aggregate: count, where: {linked_agencies: [fire, medical]}, by: [linked_agencies]}
  - {id: people_by_district, label: {zh: 人数, en: people}, source: calls, aggregate: sum, field: people_helped, by: [district]}
  - {id: people_by_agency, label: {zh: 人数, en: people}, source: calls, aggregate: sum, field: people_helped, by: [linked_agencies]}
  - {id: stations_by_district, label: {zh: 派出所, en: stations}, source: calls, aggregate: count_distinct, field: station, by: [district]}
  - {id: districts_by_day, label: {zh: 地区, en: districts}, source: calls, aggregate: count_distinct, field: district, by: [day]}
  - {id: incidents_by_channel, label: {zh: 事件, en: incidents}, source: calls, aggregate: count_distinct, field: incident, by: [channel]}
  - id: filtered
    label: {zh: 筛选, en: filtered}
    source: calls
    aggregate: count
    where: {district: [雨湖区, 岳塘区], channel: [phone, app]}
    where_not: {category: [consultation, invalid], subcategory: [other]}
    by: [category]
  - {id: no_station, label: {zh: 无派出所, en: no station}, source: calls, aggregate: count, where: {station: [""]}, by: [district]}
  - {id: not_linked_to_fire, label: {zh: 非消防, en: not fire}, source: calls, aggregate: count, where_not: {linked_agencies: [fire]}, by: [subcategory]}
  - {id: kind_by_district, label: {zh: 类型地区, en: kind and district}, source: activities, aggregate: count, by: [kind, district]}
  - {id: participants_by_kind, label: {zh: 参加, en: participants}, source: activities, aggregate: sum, field: participants, by: [kind]}
  - {id: drill_seconds_by_district, label: {zh: 响应, en: seconds}, source: activities, aggregate: sum, field: response_seconds, where: {kind: [simulated_alarm_drill]}, by: [district]}
  - {id: units_by_kind, label: {zh: 单位, en: units}, source: activities, aggregate: count_distinct, field: unit, by: [kind]}
  - {id: passed_drills_by_district, label: {zh: 通过, en: passed}, source: activities, aggregate: count, where: {kind: [simulated_alarm_drill], passed: ["true"]}, by: [district]}
  - {id: not_passed_by_kind, label: {zh: 未通过, en: not passed}, source: activities, aggregate: count, where_not: {passed: ["true"]}, by: [kind]}
  - {id: trainings_daily, label: {zh: 培训, en: trainings}, source: activities, aggregate: count, where: {kind: [training]}, by: [day]}
  - {id: activities_weekly, label: {zh: 工作, en: activities}, source: activities, aggregate: count, by: [week]}
  - {id: activities_by_weekday_hour, label: {zh: 工作, en: activities}, source: activities, aggregate: count, by: [weekday, hour]}
`

// TestComputeDeclaredBreakdownsOnGeneratedRows declares breakdowns of every kind a campaign file can
// (by each dimension field of the data model, by two dimensions, by every time bucket, by the list
// field linked_agencies; counts, sums and counts of distinct values; where and where_not; calls and
// activities) and compares each, row by row, with the same breakdown computed by plain loops over
// the generated rows.
func TestComputeDeclaredBreakdownsOnGeneratedRows(t *testing.T) {
	g := loadGenerated(t)
	text := declaredCampaignYAML
	// Emergency help by every dimension of the calls, and the activities by every dimension of
	// theirs, from the data model: a dimension added to it is broken down here too.
	for _, source := range []string{"calls", "activities"} {
		for _, f := range schema.Default().Table(source).Fields {
			if !f.Dimension {
				continue
			}
			id, where := "activities_by_"+f.Name, ""
			if source == "calls" {
				id, where = "help_by_"+f.Name, "where: {category: [emergency_help]}, "
			}
			text += fmt.Sprintf("  - {id: %s, label: {zh: 维度, en: dimension}, source: %s, aggregate: count, %sby: [%s]}\n",
				id, source, where, f.Name)
		}
	}
	c, err := campaign.Parse("declared.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Compute(context.Background(), g.w, c)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Declared) != len(c.Breakdowns) {
		t.Fatalf("%d declared breakdowns, want the campaign's %d", len(r.Declared), len(c.Breakdowns))
	}
	timeLabels := map[string]metrics.Text{"day": {Zh: "日期", En: "Day"}, "week": {Zh: "周", En: "Week"}, "month": {Zh: "月份", En: "Month"},
		"hour": {Zh: "时段", En: "Hour"}, "weekday": {Zh: "星期", En: "Weekday"}}
	got := map[string]metrics.DeclaredBreakdown{}
	for i, def := range c.Breakdowns {
		b := r.Declared[i]
		got[def.ID] = b
		t.Run(def.ID, func(t *testing.T) {
			if b.ID != def.ID || b.Source != def.Source || b.Aggregate != def.Aggregate || b.Field != def.Field || !slices.Equal(b.By, def.By) {
				t.Fatalf("breakdown %d = %s (%s %s %s by %q), want %+v", i, b.ID, b.Source, b.Aggregate, b.Field, b.By, def)
			}
			for j, dim := range def.By {
				want, ok := timeLabels[dim]
				if !ok {
					want = schema.Default().Field(def.Source, dim).Label
				}
				if j >= len(b.ByLabels) || b.ByLabels[j] != want {
					t.Errorf("dimension labels %+v; want %+v for %s", b.ByLabels, want, dim)
				}
			}
			if b.Description.Zh == "" || b.Description.En == "" || b.Show != def.Show {
				t.Errorf("description %+v, show %+v; want a description and show %+v", b.Description, b.Show, def.Show)
			}
			rows, total := expectDeclared(t, g, c, def)
			if b.Total != total {
				t.Errorf("total %d, want %d", b.Total, total)
			}
			if len(b.Rows) != len(rows) || len(rows) == 0 {
				t.Fatalf("%d rows, want %d:\n got %+v\nwant %+v", len(b.Rows), len(rows), b.Rows, rows)
			}
			for j, row := range b.Rows {
				if w := rows[j]; !slices.Equal(row.Keys, w.Keys) || !slices.Equal(row.Labels, w.Labels) || row.Value != w.Value {
					t.Errorf("row %d = %+v, want %+v", j, row, w)
				}
			}
		})
	}

	// The loops above agree with the code; these make sure the generated rows exercise what the
	// breakdowns are declared to test.
	t.Run("the fixture exercises every case", func(t *testing.T) {
		zero := func(id string) bool {
			return slices.ContainsFunc(got[id].Rows, func(row metrics.BreakdownRow) bool { return row.Value == 0 })
		}
		sum := func(id string) int64 {
			var n int64
			for _, row := range got[id].Rows {
				n += row.Value
			}
			return n
		}
		// 13 days of 2022-05-27..06-08, and the ISO weeks 21 (from Friday 27), 22 and 23.
		for id, n := range map[string]int{"help_daily": 13, "rare_daily": 13, "trainings_daily": 13, "districts_by_day": 13,
			"help_weekly": 3, "rare_weekly": 3, "activities_weekly": 3} {
			if len(got[id].Rows) != n {
				t.Errorf("%s has %d rows, want every one of the %d buckets of the period", id, len(got[id].Rows), n)
			}
		}
		for _, id := range []string{"rare_daily", "rare_weekly", "trainings_daily"} {
			if !zero(id) {
				t.Errorf("%s has no empty bucket: the listing of empty buckets is not tested", id)
			}
		}
		// A call linked to two agencies counts under each in the rows, once in the total; calls
		// linked to none are in the total only.
		linked := 0
		for _, c := range g.periodCalls {
			if len(c.agencies) > 0 {
				linked++
			}
		}
		if sum("agencies") <= int64(linked) || linked == len(g.periodCalls) || got["agencies"].Total != int64(len(g.periodCalls)) {
			t.Errorf("agencies: rows add up to %d over %d linked calls, total %d of %d calls; want more in the rows than calls linked, every call in the total",
				sum("agencies"), linked, got["agencies"].Total, len(g.periodCalls))
		}
		if got["people_by_district"].Total == 0 || got["stations_by_district"].Total < 5 || sum("stations_by_district") <= got["stations_by_district"].Total {
			t.Errorf("people %d, stations %d (rows %d): the sums and distinct counts are not exercised",
				got["people_by_district"].Total, got["stations_by_district"].Total, sum("stations_by_district"))
		}
		// Subcategories recorded on calls of other categories are left out by the filter.
		otherCategories := 0
		for _, c := range g.periodCalls {
			if c.subcategory != "" && c.category != "emergency_help" {
				otherCategories++
			}
		}
		if n := len(got["help_by_district_subcategory"].Rows); otherCategories == 0 || n < 10 {
			t.Errorf("%d pairs, %d calls of other categories with a subcategory; the fixture should have both", n, otherCategories)
		}
		// Districts the campaign leaves out (韶山市) and activities without a district ("").
		keys := func(id string, i int) []string {
			var out []string
			for _, row := range got[id].Rows {
				out = append(out, row.Keys[i])
			}
			return out
		}
		if k := keys("activities_by_district", 0); !slices.Contains(k, "韶山市") || k[len(k)-1] != "" || !slices.Contains(k, "全市") {
			t.Errorf("activities by district %q; want 全市, 韶山市 and not recorded last", k)
		}
		if got["no_station"].Total == 0 || got["not_passed_by_kind"].Total <= got["passed_drills_by_district"].Total {
			t.Errorf("no station %d, not passed %d: the empty value of a filter is not exercised", got["no_station"].Total, got["not_passed_by_kind"].Total)
		}
	})
}

// TestComputeHeadlineFiltersOnEveryFilterField makes, for every field of the data model that a
// metric may filter on, metrics with where and where_not on that field, and compares each with a
// plain loop over the generated rows. The cases come from schema.Default(), so that a new filter
// field is tested as soon as it is declared (and fails until the generated rows carry it).
func TestComputeHeadlineFiltersOnEveryFilterField(t *testing.T) {
	g := loadGenerated(t)
	type metric struct {
		id, source, aggregate, field string
		where, whereNot              map[string][]string
	}
	var filtered []metric
	quote := func(values []string) string {
		quoted := make([]string, len(values))
		for i, v := range values {
			quoted[i] = strconv.Quote(v)
		}
		return "[" + strings.Join(quoted, ", ") + "]"
	}
	var yaml strings.Builder
	yaml.WriteString("id: filters\nname: {zh: 筛选, en: Filters}\nperiod: {start: 2022-05-27, end: 2022-06-08}\ntime_zone: Asia/Shanghai\nheadline:\n")
	for _, table := range schema.Default().Tables {
		records := g.records(table.Name)
		if len(records) == 0 {
			t.Fatalf("the generated fixture has no %s", table.Name)
		}
		summed := table.Names(func(f *schema.Field) bool { return f.Sum })[0]
		for _, f := range table.Fields {
			if !f.Filter {
				continue
			}
			// A coded field: its first and last codes. Free text: the value most of the records
			// have, and "" (not recorded).
			values := []string{}
			if codes := f.Values(); len(codes) > 0 {
				values = append(values, codes[0], codes[len(codes)-1])
			} else {
				n := map[string]int{}
				for _, r := range records {
					for _, v := range r.field(t, f.Name) {
						n[v]++
					}
				}
				common := ""
				for v, k := range n {
					if v != "" && (common == "" || k > n[common] || k == n[common] && v < common) {
						common = v
					}
				}
				values = append(values, common, "")
			}
			for _, m := range []metric{
				{id: "where", aggregate: "count", where: map[string][]string{f.Name: values}},
				{id: "where_first", aggregate: "count", where: map[string][]string{f.Name: values[:1]}},
				{id: "where_not", aggregate: "count", whereNot: map[string][]string{f.Name: values[:1]}},
				{id: "sum_where", aggregate: "sum", field: summed, where: map[string][]string{f.Name: values[:1]}},
			} {
				m.id, m.source = table.Name+"_"+f.Name+"_"+m.id, table.Name
				filtered = append(filtered, m)
				fmt.Fprintf(&yaml, "  - {id: %s, label: {zh: 数, en: n}, source: %s, aggregate: %s", m.id, m.source, m.aggregate)
				if m.field != "" {
					fmt.Fprintf(&yaml, ", field: %s", m.field)
				}
				for key, filter := range map[string]map[string][]string{"where": m.where, "where_not": m.whereNot} {
					if filter != nil {
						fmt.Fprintf(&yaml, ", %s: {%s: %s}", key, f.Name, quote(filter[f.Name]))
					}
				}
				yaml.WriteString("}\n")
			}
		}
	}
	c, err := campaign.Parse("filters.yaml", []byte(yaml.String()))
	if err != nil {
		t.Fatalf("%v\n%s", err, yaml.String())
	}
	r, err := Compute(context.Background(), g.w, c)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Headline) != len(filtered) {
		t.Fatalf("%d figures, want %d", len(r.Headline), len(filtered))
	}
	for i, m := range filtered {
		var matched []record
		for _, rec := range g.records(m.source) {
			if rec.matches(t, m.where, m.whereNot) {
				matched = append(matched, rec)
			}
		}
		want := measure(t, matched, m.aggregate, m.field)
		all := measure(t, g.records(m.source), m.aggregate, m.field)
		if f := r.Headline[i]; f.ID != m.id || f.Value != want {
			t.Errorf("%s = %d (figure %s), want %d", m.id, f.Value, f.ID, want)
		}
		// Every filter keeps some records and drops others, or it proves little.
		if want == 0 || want == all {
			t.Errorf("%s: %d of %d; the generated rows do not exercise this filter", m.id, want, all)
		}
	}
}

// TestComputeDeclaredBreakdownsAcrossTheNewYear counts four calls by hand over 2020-12-30 (a
// Wednesday) to 2021-01-05: 2021-01-01 to 03 still belong to ISO week 53 of 2020, and a
// breakdown by week or day lists the weeks and days without calls too.
func TestComputeDeclaredBreakdownsAcrossTheNewYear(t *testing.T) {
	ctx := context.Background()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	call := func(id string, received time.Time, category string) generatedCall {
		return generatedCall{id: id, received: received, channel: "phone", category: category, district: "雨湖区",
			answered: received.Add(5 * time.Second)}
	}
	calls := []generatedCall{
		call("Y1", time.Date(2020, 12, 31, 10, 0, 0, 0, loc), "traffic"),   // Thursday, 2020-W53
		call("Y2", time.Date(2021, 1, 1, 23, 59, 59, 0, loc), "traffic"),   // Friday, 2020-W53
		call("Y3", time.Date(2021, 1, 3, 8, 0, 0, 0, loc), "dispute"),      // Sunday, 2020-W53
		call("Y4", time.Date(2021, 1, 4, 0, 0, 0, 0, loc), "traffic"),      // Monday, 2021-W01
		call("Y5", time.Date(2021, 1, 6, 0, 0, 0, 0, loc), "traffic"),      // after the period
		call("Y6", time.Date(2020, 12, 29, 23, 59, 59, 0, loc), "traffic"), // before it
	}
	callsPath, _ := writeGenerated(t, t.TempDir(), calls, nil)
	w, err := warehouse.Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), "Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	if _, err := ingest.File(ctx, w, callsPath, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	c, err := campaign.Parse("newyear.yaml", []byte(`id: newyear
name: {zh: 元旦, en: New year}
period: {start: 2020-12-30, end: 2021-01-05}
time_zone: Asia/Shanghai
headline:
  - {id: calls, label: {zh: 警情, en: calls}, source: calls, aggregate: count}
breakdowns:
  - {id: weekly, label: {zh: 交通, en: traffic}, source: calls, aggregate: count, where: {category: [traffic]}, by: [week]}
  - {id: daily, label: {zh: 交通, en: traffic}, source: calls, aggregate: count, where: {category: [traffic]}, by: [day]}
  - {id: monthly, label: {zh: 交通, en: traffic}, source: calls, aggregate: count, where: {category: [traffic]}, by: [month]}
  - {id: by_weekday, label: {zh: 警情, en: calls}, source: calls, aggregate: count, by: [weekday]}
`))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Compute(ctx, w, c)
	if err != nil {
		t.Fatal(err)
	}
	row := func(key string, value int64) metrics.BreakdownRow {
		return metrics.BreakdownRow{Keys: []string{key}, Labels: []metrics.Text{{Zh: key, En: key}}, Value: value}
	}
	// Traffic: Y1, Y2 (both 2020-W53, the second in January), Y4 (2021-W01).
	checkRows(t, declared(t, r, "weekly"), 3, []metrics.BreakdownRow{row("2020-W53", 2), row("2021-W01", 1)})
	checkRows(t, declared(t, r, "daily"), 3, []metrics.BreakdownRow{row("2020-12-30", 0), row("2020-12-31", 1), row("2021-01-01", 1),
		row("2021-01-02", 0), row("2021-01-03", 0), row("2021-01-04", 1), row("2021-01-05", 0)})
	checkRows(t, declared(t, r, "monthly"), 3, []metrics.BreakdownRow{row("2020-12", 1), row("2021-01", 2)})
	// Every call: Monday Y4, Thursday Y1, Friday Y2, Sunday Y3.
	checkRows(t, declared(t, r, "by_weekday"), 4, []metrics.BreakdownRow{
		{Keys: []string{"1"}, Labels: []metrics.Text{{Zh: "星期一", En: "Monday"}}, Value: 1},
		{Keys: []string{"4"}, Labels: []metrics.Text{{Zh: "星期四", En: "Thursday"}}, Value: 1},
		{Keys: []string{"5"}, Labels: []metrics.Text{{Zh: "星期五", En: "Friday"}}, Value: 1},
		{Keys: []string{"7"}, Labels: []metrics.Text{{Zh: "星期日", En: "Sunday"}}, Value: 1},
	})
	// The weeks of the declared breakdown are those of the calls per week.
	if want := []metrics.PeriodCount{{Key: "2020-W53", Start: "2020-12-30", Calls: 3}, {Key: "2021-W01", Start: "2021-01-04", Calls: 1}}; !slices.Equal(r.Breakdowns.Weekly, want) {
		t.Errorf("weekly = %+v, want %+v", r.Breakdowns.Weekly, want)
	}
}
