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
		b.wrapped(sheet, 4, row, fmt.Sprintf("id %s; %s; metrics/figures/sql/%s", fig.ID, fig.Definition, fig.Query), definitionMedium)
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
		{b.tr("百分位数", "Percentiles"), rt.Method},
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
			b.str(sheet, 2, row, target.Interval, b.style.textWrap)
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
		{b.tr("事件", "Incidents"), u.Incidents, fmt.Sprintf(b.tr("%s条警情带事件编号；规则：%s", "%s calls carry an incident_id; rule: %s"), groupThousands(u.CallsWithIncident), u.LinkingRule)},
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
			b.wrapped(sheet, 1, row, ex.Figure, 24)
			b.count(sheet, 2, row, ex.N, b.style.count)
			b.wrapped(sheet, 3, row, ex.Reason, definitionWide)
			b.wrapped(sheet, 4, row, ex.Unit, definitionMedium)
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
