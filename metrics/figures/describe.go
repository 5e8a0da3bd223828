package figures

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"bulletin/metrics"
	"bulletin/metrics/campaign"
)

// proseFieldLabel names a field inside a sentence: the campaign's label (lower-cased in English)
// when it gives one, else metrics.FieldLabel's.
func proseFieldLabel(c *campaign.Campaign, field string) metrics.Text {
	label := metrics.FieldLabel(field)
	if t, ok := c.Labels.Fields[field]; ok {
		if t.Zh != "" {
			label.Zh = t.Zh
		}
		if t.En != "" {
			label.En = lowerFirst(t.En)
		}
	}
	return label
}

// describe states in words, in both languages, what the figure m counts over the period p: the
// aggregate, the source, the period and every filter, with coded values named by their labels.
func describe(c *campaign.Campaign, m campaign.MetricDef, p campaign.Period) metrics.Text {
	var zh, en strings.Builder
	source := metrics.Text{Zh: "警情", En: "calls"}
	timeField := metrics.Text{Zh: "接警时间", En: "received"}
	if m.Source == "activities" {
		source = metrics.Text{Zh: "工作记录", En: "activities"}
		timeField = metrics.Text{Zh: "开始时间", En: "started"}
	}
	field := proseFieldLabel(c, m.Field)
	switch m.Aggregate {
	case "sum":
		fmt.Fprintf(&zh, "%s在%s至%s（含）的%s的%s之和", timeField.Zh, p.Start, p.End, source.Zh, field.Zh)
		fmt.Fprintf(&en, "The sum of %s over the %s %s from %s to %s inclusive", field.En, source.En, timeField.En, p.Start, p.End)
	case "count_distinct":
		fmt.Fprintf(&zh, "%s在%s至%s（含）的%s中不同%s的个数", timeField.Zh, p.Start, p.End, source.Zh, field.Zh)
		fmt.Fprintf(&en, "The number of distinct %s among the %s %s from %s to %s inclusive", field.En, source.En, timeField.En, p.Start, p.End)
	default:
		fmt.Fprintf(&zh, "%s在%s至%s（含）的%s数", timeField.Zh, p.Start, p.End, source.Zh)
		fmt.Fprintf(&en, "The number of %s %s from %s to %s inclusive", source.En, timeField.En, p.Start, p.End)
	}
	values := func(name string, codes []string) metrics.Text {
		var zhs, ens []string
		for _, code := range codes {
			label := c.Labels.Code(name, code)
			if name == "district" {
				label = c.DistrictLabel(code)
			}
			zhs = append(zhs, "“"+label.Zh+"”")
			ens = append(ens, label.En)
		}
		return metrics.Text{Zh: strings.Join(zhs, "或"), En: strings.Join(ens, " or ")}
	}
	var conditions []metrics.Text
	for _, name := range slices.Sorted(maps.Keys(m.Where)) {
		f, v := proseFieldLabel(c, name), values(name, m.Where[name])
		conditions = append(conditions, metrics.Text{Zh: f.Zh + "为" + v.Zh, En: f.En + " is " + v.En})
	}
	for _, name := range slices.Sorted(maps.Keys(m.WhereNot)) {
		f, v := proseFieldLabel(c, name), values(name, m.WhereNot[name])
		conditions = append(conditions, metrics.Text{Zh: f.Zh + "不为" + v.Zh, En: f.En + " is not " + v.En})
	}
	if w := m.Window; w != nil {
		if w.FromDate != "" || w.ToDate != "" {
			from, to := cmp.Or(w.FromDate, p.Start), cmp.Or(w.ToDate, p.End)
			conditions = append(conditions, metrics.Text{Zh: fmt.Sprintf("仅%s至%s", from, to), En: fmt.Sprintf("only days %s to %s", from, to)})
		}
		if len(w.Hours) == 2 {
			conditions = append(conditions, metrics.Text{
				Zh: fmt.Sprintf("仅当地时间%02d:00至%02d:00", w.Hours[0], w.Hours[1]),
				En: fmt.Sprintf("only from %02d:00 to %02d:00 local time", w.Hours[0], w.Hours[1]),
			})
		}
		if len(w.Weekdays) > 0 {
			var zhs, ens []string
			for _, d := range w.Weekdays {
				if d >= 1 && d <= 7 {
					zhs = append(zhs, weekdayLabels[d-1].Zh)
					ens = append(ens, weekdayLabels[d-1].En)
				}
			}
			conditions = append(conditions, metrics.Text{Zh: "仅" + strings.Join(zhs, "、"), En: "only on " + strings.Join(ens, ", ")})
		}
	}
	if iv := m.Interval; iv != nil {
		label := metrics.Text{Zh: iv.ID, En: iv.ID}
		for _, def := range c.Response.Intervals {
			if def.ID == iv.ID {
				label = def.Label
			}
		}
		cond := metrics.Text{Zh: "仅" + label.Zh + "有效", En: "only calls with a valid " + lowerFirst(label.En) + " interval"}
		if iv.MinSeconds > 0 {
			cond.Zh += fmt.Sprintf("且不少于%g秒", iv.MinSeconds)
			cond.En += fmt.Sprintf(" of at least %g s", iv.MinSeconds)
		}
		if iv.MaxSeconds > 0 {
			cond.Zh += fmt.Sprintf("且不超过%g秒", iv.MaxSeconds)
			cond.En += fmt.Sprintf(" of at most %g s", iv.MaxSeconds)
		}
		conditions = append(conditions, cond)
	}
	for i, cond := range conditions {
		if i == 0 {
			zh.WriteString("，其中")
			en.WriteString(", where ")
		} else {
			zh.WriteString("，")
			en.WriteString("; ")
		}
		zh.WriteString(cond.Zh)
		en.WriteString(cond.En)
	}
	zh.WriteString("。")
	en.WriteString(".")
	if m.Aggregate == "count_distinct" && m.Field == "incident" {
		zh.WriteString("共用一个事件编号的警情计为一个事件，无事件编号的警情各自计为一个事件。")
		en.WriteString(" Calls sharing an incident_id are one incident; a call without one is an incident of its own.")
	}
	return metrics.Text{Zh: zh.String(), En: en.String()}
}

// lowerFirst lowers the first letter of a label used inside a sentence.
func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
