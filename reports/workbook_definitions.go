package reports

import (
	"fmt"
	"strings"

	"bulletin/metrics"
)

// Widths of the text columns of the Definitions sheet, in characters.
const (
	definitionWide   = 56
	definitionMedium = 48
)

// definitions writes the Definitions sheet: every headline figure and interval in words with its
// filters, the compliance rule and targets, the comparison periods, the units counted, the
// exclusion ledger and the method, so that a reader can tell what each number on the other sheets
// counts.
func (b *workbookBuilder) definitions() {
	sheet, t, r := b.text.definitionSheet, b.text, b.r
	b.span(sheet, 1, 4, b.tr("指标说明", "Definitions"), b.style.title)
	b.rowHeight(sheet, 1, 28)
	b.span(sheet, 2, 4, b.periodText(), b.style.subtitle)
	b.freezeRows(sheet, 2)
	b.fit(sheet, 1, 24)
	b.fit(sheet, 2, 14)
	b.fit(sheet, 3, definitionWide-3)
	b.fit(sheet, 4, definitionMedium-3)

	row := 4
	b.section(sheet, row, b.tr("主要数据", "Headline figures"))
	b.header(sheet, row+1, []string{b.tr("指标", "Figure"), t.unit, b.tr("说明", "Definition"), b.tr("筛选条件与查询", "Filters and query")}, 2, 3, 4)
	row += 2
	for _, fig := range r.Headline {
		description := fig.Description.In(b.lang)
		if description == "" {
			description = fig.Definition
		}
		b.str(sheet, 1, row, upperFirst(fig.Label.In(b.lang)), b.style.textWrap)
		b.str(sheet, 2, row, fig.Unit.In(b.lang), b.style.textWrap)
		b.wrapped(sheet, 3, row, description, definitionWide)
		// The filters as the query reads them are English; the Chinese sheet names the query only,
		// its filters being stated in words beside it.
		query := fmt.Sprintf("id %s; %s; metrics/figures/sql/%s", fig.ID, fig.Definition, fig.Query)
		if b.lang == "zh" {
			query = fmt.Sprintf("编号：%s；查询：metrics/figures/sql/%s", fig.ID, fig.Query)
		}
		b.wrapped(sheet, 4, row, query, definitionMedium)
		row++
	}

	row++
	rt := r.Response
	b.section(sheet, row, b.tr("处警时长", "Response intervals"))
	b.header(sheet, row+1, []string{t.interval, b.tr("上限", "Ceiling"), b.tr("说明", "Definition"), b.tr("剔除", "Left out")}, 3, 4)
	row += 2
	for _, iv := range rt.Intervals {
		from, to := metrics.FieldLabel(iv.From).In(b.lang), metrics.FieldLabel(iv.To).In(b.lang)
		b.str(sheet, 1, row, iv.Label.In(b.lang), b.style.textWrap)
		if iv.CeilingSeconds > 0 {
			b.duration(sheet, 2, row, iv.CeilingSeconds)
		} else {
			b.styled(sheet, 2, row, b.style.duration)
		}
		b.wrapped(sheet, 3, row, fmt.Sprintf(b.tr("从%s（%s）到%s（%s）的时长，按秒计。",
			"The time from %s (%s) to %s (%s), in seconds."), from, iv.From, to, iv.To), definitionWide)
		b.wrapped(sheet, 4, row, b.tr("时间点缺失、所跨时段被标记为不可信、先后颠倒或超过上限的警情。",
			"Calls with a clock point missing, a flagged segment spanned, out of order, or over the ceiling."), definitionMedium)
		row++
	}
	cp := rt.Compliance
	var thresholds []string
	for _, th := range cp.Thresholds {
		thresholds = append(thresholds, t.thresholdLabel(th.Seconds))
	}
	rules := [][2]string{
		{b.tr("达标率", "Compliance"), fmt.Sprintf(b.tr("%s有效的警情中，%s不超过各标准（%s）的比例。", "The share of calls with a valid %s interval whose %s interval is within each threshold (%s)."),
			cp.Label.In(b.lang), cp.Label.In(b.lang), strings.Join(thresholds, b.tr("、", ", ")))},
		{b.tr("百分位数", "Percentiles"), methodText(rt.Method, b.lang)},
		{b.tr("规则", "Rules"), fmt.Sprintf(b.tr("%s（第%s版）", "%s, version %s"), rt.Profile.Name, rt.Profile.Version)},
		{b.tr("样本量", "Sample size"), fmt.Sprintf(b.tr("有效时长少于%d个的数字标“*”，样本不足，仅供参考；没有有效时长的显示“无数据”，不是0。",
			"A figure from fewer than %d valid intervals is marked “*”: not reliable. A figure without any valid interval shows “no data”, not 0."), rt.MinN)},
	}
	for _, rule := range rules {
		b.str(sheet, 1, row, rule[0], b.style.textWrap)
		b.styled(sheet, 2, row, b.style.text)
		b.wrapped(sheet, 3, row, rule[1], definitionWide)
		b.styled(sheet, 4, row, b.style.text)
		row++
	}

	if len(rt.Targets) > 0 {
		row++
		b.section(sheet, row, b.tr("目标", "Targets"))
		b.header(sheet, row+1, []string{b.tr("目标", "Target"), t.interval, b.tr("标准", "Thresholds and goals"), b.tr("分层", "Tiers")}, 2, 3, 4)
		row += 2
		for _, target := range rt.Targets {
			b.wrapped(sheet, 1, row, target.Label.In(b.lang), 24)
			b.str(sheet, 2, row, intervalLabel(r, target.Interval).In(b.lang), b.style.textWrap)
			b.wrapped(sheet, 3, row, b.targetRule(target), definitionWide)
			tiers := ""
			if target.TierField != "" {
				var parts []string
				for _, tier := range target.Tiers[1:] {
					if len(tier.Thresholds) > 0 {
						parts = append(parts, fmt.Sprintf("%s %s", tier.Label.In(b.lang), t.thresholdLabel(tier.Thresholds[0].Seconds)))
					}
				}
				tiers = metrics.FieldLabel(target.TierField).In(b.lang) + b.tr("：", ": ") + strings.Join(parts, b.tr("；", "; "))
			}
			b.wrapped(sheet, 4, row, tiers, definitionMedium)
			row++
		}
	}

	row++
	b.section(sheet, row, b.tr("比较基期", "Comparison periods"))
	b.header(sheet, row+1, []string{b.tr("基期", "Period"), b.tr("天数", "Days"), b.tr("起止", "Dates"), b.tr("仓库中的数据", "Data in the warehouse")}, 3, 4)
	row += 2
	for _, bl := range r.Baselines {
		b.label(sheet, 1, row, bl.Label.In(b.lang), b.style.text)
		b.count(sheet, 2, row, int64(bl.Days), b.style.count)
		b.wrapped(sheet, 3, row, fmt.Sprintf(b.tr("%s至%s", "%s to %s"), bl.Start, bl.End), definitionWide)
		b.wrapped(sheet, 4, row, fmt.Sprintf(b.tr("警情%s起，工作记录%s条", "%s calls, %s activities"), groupThousands(bl.Calls), groupThousands(bl.Activities)), definitionMedium)
		row++
	}
	if len(r.Baselines) == 0 {
		b.str(sheet, 1, row, b.tr("未设比较基期。", "No comparison periods."), b.style.note)
		row++
	}

	row++
	u := r.Units
	b.section(sheet, row, b.tr("计数单位", "Units counted"))
	b.header(sheet, row+1, []string{b.tr("单位", "Unit"), b.tr("数量", "Number"), b.tr("说明", "Definition"), ""}, 3)
	row += 2
	for _, line := range []struct {
		label string
		n     int64
		note  string
	}{
		{b.tr("警情", "Calls"), u.Calls, b.tr("统计时段内接报的警情，每条记录一起。", "Calls received in the period, one record each.")},
		{b.tr("事件", "Incidents"), u.Incidents, fmt.Sprintf(b.tr("%s条警情带事件编号；规则：%s", "%s calls carry an incident_id; rule: %s"), groupThousands(u.CallsWithIncident), incidentRuleText(u.LinkingRule, b.lang))},
		{b.tr("派警单位数", "Dispatch orders"), u.DispatchOrders, fmt.Sprintf(b.tr("仅%s条按出警单位逐行导出的警情可知。", "Known only for the %s calls exported one row per unit."), groupThousands(u.CallsWithDispatchOrders))},
		{b.tr("救助人数", "Persons helped"), u.PeopleHelped, b.tr("警情记录的救助人数之和。", "The sum of persons helped recorded with the calls.")},
	} {
		b.label(sheet, 1, row, line.label, b.style.text)
		b.count(sheet, 2, row, line.n, b.style.count)
		b.wrapped(sheet, 3, row, line.note, definitionWide)
		b.styled(sheet, 4, row, b.style.text)
		row++
	}

	if len(r.Exclusions) > 0 {
		row++
		b.section(sheet, row, b.tr("剔除明细", "Exclusion ledger"))
		b.header(sheet, row+1, []string{b.tr("指标", "Figure"), b.tr("数量", "Number"), b.tr("原因", "Reason"), b.tr("单位", "Unit")}, 3, 4)
		row += 2
		for _, ex := range r.Exclusions {
			line := exclusionText(r, ex, b.lang)
			b.wrapped(sheet, 1, row, line.figure, 24)
			b.count(sheet, 2, row, ex.N, b.style.count)
			b.wrapped(sheet, 3, row, line.reason, definitionWide)
			b.wrapped(sheet, 4, row, line.unit, definitionMedium)
			row++
		}
	}
}

// targetRule states a target's thresholds and goals in words.
func (b *workbookBuilder) targetRule(target metrics.TargetResult) string {
	t := b.text
	if len(target.Tiers) == 0 {
		return ""
	}
	all := target.Tiers[0]
	var parts []string
	for _, th := range all.Thresholds {
		parts = append(parts, fmt.Sprintf(b.tr("%s的比例", "share %s"), t.thresholdLabel(th.Seconds)))
	}
	for _, g := range all.Goals {
		parts = append(parts, fmt.Sprintf(b.tr("%.0f%%在%s内", "%.0f%% %s"), g.Share*100, t.thresholdLabel(g.WithinSeconds)))
	}
	return strings.Join(parts, b.tr("；", "; "))
}

// methodText states the percentile method in lang: the report's own words when they are not
// metrics.PercentileMethod, which has a text in each language.
func methodText(method, lang string) string {
	if method == metrics.PercentileMethod {
		return metrics.PercentileMethodText.In(lang)
	}
	return method
}

// incidentRuleText states the rule linking calls into incidents in lang, as methodText does.
func incidentRuleText(rule, lang string) string {
	if rule == metrics.IncidentRule {
		return metrics.IncidentRuleText.In(lang)
	}
	return rule
}

// exclusionLine is one line of the exclusion ledger as the Definitions sheet writes it.
type exclusionLine struct{ figure, reason, unit string }

// exclusionTexts names, in both languages, the figures, reasons and units that
// metrics/figures/sql/exclusions.sql writes into the ledger (metrics.json keeps them as written).
var exclusionTexts = map[string]metrics.Text{
	"all figures":      {Zh: "全部指标", En: "all figures"},
	"call figures":     {Zh: "警情指标", En: "call figures"},
	"activity figures": {Zh: "工作记录指标", En: "activity figures"},
	"response times":   {Zh: "处警时长", En: "response times"},
	"district figures": {Zh: "地区指标", En: "district figures"},
	"none (kept)":      {Zh: "无（保留）", En: "none (kept)"},

	"quarantined at ingest, not loaded (whole warehouse, any date; see data_quality)": {Zh: "导入时隔离，未入库（全部数据，不限日期；见“数据质量”表）", En: "quarantined at ingest, not loaded (whole warehouse, any date; see the Data quality sheet)"},
	"duplicates of rows already loaded, counted once (whole warehouse, any date)":     {Zh: "与已入库的行完全相同，只计一次（全部数据，不限日期）"},
	"received outside the period":                                  {Zh: "接警时间不在统计时段内"},
	"started outside the period":                                   {Zh: "开始时间不在统计时段内"},
	"a clock point is not recorded":                                {Zh: "时间点缺失"},
	"ingest flagged a segment of the timeline within the interval": {Zh: "该时段内有导入时被标记为不可信的环节"},
	"the end is before the start":                                  {Zh: "结束早于开始"},
	"longer than the interval's ceiling":                           {Zh: "超过该时长的上限"},
	"district not in the campaign's list (counted, listed after the campaign's districts)":               {Zh: "地区不在活动方案的地区列表中（照常统计，排在列表中的地区之后）"},
	"flagged at ingest (any check) but counted; intervals spanning a flagged segment are left out above": {Zh: "导入时被标记（任一检查项）但照常统计；跨越被标记环节的时长已在上面剔除"},

	"source rows": {Zh: "源数据行", En: "source rows"},
	"calls":       {Zh: "起警情", En: "calls"},
	"activities":  {Zh: "条工作记录", En: "activities"},
}

// Prefixes of the ledger lines that carry a value: an interval's ID, the excluded category codes.
const (
	exclusionIntervalPrefix = "response times: "
	exclusionCategoryPrefix = "category has no response times ("
)

// exclusionText writes a line of the exclusion ledger in lang: the fixed texts from
// exclusionTexts, an interval by its label and category codes by their names. A text the catalog
// lacks is written as the ledger has it.
func exclusionText(r *metrics.Report, ex metrics.Exclusion, lang string) exclusionLine {
	text := func(s string) string {
		if t, ok := exclusionTexts[s]; ok {
			if t.En == "" {
				t.En = s
			}
			return t.In(lang)
		}
		return s
	}
	line := exclusionLine{figure: text(ex.Figure), reason: text(ex.Reason), unit: text(ex.Unit)}
	if id, ok := strings.CutPrefix(ex.Figure, exclusionIntervalPrefix); ok {
		line.figure = text("response times") + map[string]string{"zh": "：", "en": ": "}[lang] + intervalLabel(r, id).In(lang)
	}
	if codes, ok := strings.CutPrefix(ex.Reason, exclusionCategoryPrefix); ok {
		var names []string
		for _, code := range strings.Split(strings.TrimSuffix(codes, ")"), ", ") {
			if code != "" {
				names = append(names, r.Campaign.CodeLabel("category", code).In(lang))
			}
		}
		if lang == "zh" {
			line.reason = "该类别不计处警时长（" + strings.Join(names, "、") + "）"
		} else {
			line.reason = "category has no response times (" + strings.Join(names, ", ") + ")"
		}
	}
	return line
}

// intervalLabel names the response interval id by its label, or by the ID when the report has no
// such interval.
func intervalLabel(r *metrics.Report, id string) metrics.Text {
	for _, iv := range r.Response.Intervals {
		if iv.ID == id {
			return iv.Label
		}
	}
	return metrics.Text{Zh: id, En: id}
}
