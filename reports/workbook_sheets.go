package reports

import (
	"fmt"
	"math"
	"strings"

	"github.com/xuri/excelize/v2"

	"bulletin/metrics"
)

// This file writes the detail sheets behind the Summary: Districts, Response times, Linkage and
// Activities. Their headings are given in both languages where they are used.

// tr picks the heading in the workbook's language.
func (b *workbookBuilder) tr(zh, en string) string {
	if b.lang == "zh" {
		return zh
	}
	return en
}

// autoFilter puts filter buttons on the header row of the table from..to.
func (b *workbookBuilder) autoFilter(sheet, from, to string) {
	if b.err != nil {
		return
	}
	b.check(b.f.AutoFilter(sheet, from+":"+to, nil))
	// excelize's AutoFilter replaces the sheet properties, and with them the fit to page set up
	// for printing: set it again.
	yes := true
	b.check(b.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}))
}

// wrapped writes a long text that wraps within a column of the given width, and makes its row
// tall enough for the lines it takes.
func (b *workbookBuilder) wrapped(sheet string, col, row int, s string, width float64) {
	b.str(sheet, col, row, s, b.style.textWrap)
	b.fit(sheet, col, width-3)
	// Latin text is narrower than a digit, the unit of column widths; wide characters take two.
	var need float64
	for _, r := range s {
		if isWide(r) {
			need += 2
		} else {
			need += 0.9
		}
	}
	lines := math.Ceil(need / (width - 2))
	height := max(bodyRowHeight, lines*13+4)
	if b.rows[sheet][row] < height {
		b.rows[sheet][row] = height
	}
}

// districtSheet writes every district in the campaign's order with its calls, responses, time
// limit and compliance, and then the calls per police station.
func (b *workbookBuilder) districtSheet() {
	sheet, t := b.text.districtSheet, b.text
	cp := b.r.Response.Compliance
	target := tierTarget(b.r)
	labels := []string{t.district, t.calls, t.portion, t.emergency, t.responses, t.p50, t.p90}
	if target != nil {
		labels = append(labels, t.limit, t.inLimit)
	}
	for _, th := range cp.Thresholds {
		labels = append(labels, t.thresholdLabel(th.Seconds))
	}
	b.header(sheet, 1, labels)
	b.freezeHeader(sheet)
	var total int64
	for _, d := range b.r.Daily {
		total += d.Calls
	}
	row := 2
	for _, d := range b.r.Districts {
		b.label(sheet, 1, row, d.Name(b.lang), b.style.text)
		b.count(sheet, 2, row, d.Calls, b.style.count)
		if total > 0 {
			b.share(sheet, 3, row, float64(d.Calls)/float64(total), b.style.share)
		} else {
			b.styled(sheet, 3, row, b.style.share)
		}
		b.count(sheet, 4, row, d.EmergencyHelp, b.style.count)
		b.count(sheet, 5, row, d.ResponseN, b.style.count)
		col := 6
		for _, seconds := range []float64{d.ResponseP50, d.ResponseP90} {
			if d.ResponseN > 0 {
				b.duration(sheet, col, row, seconds)
			} else {
				b.styled(sheet, col, row, b.style.duration)
			}
			col++
		}
		if target != nil {
			if seconds, within, ok := districtLimit(target, d.District); ok {
				b.duration(sheet, col, row, float64(seconds))
				b.share(sheet, col+1, row, within, b.style.share)
			} else {
				b.styled(sheet, col, row, b.style.duration)
				b.styled(sheet, col+1, row, b.style.share)
			}
			col += 2
		}
		for i := range cp.Thresholds {
			if d.ResponseN > 0 && i < len(d.Within) {
				b.share(sheet, col+i, row, d.Within[i], b.style.share)
			} else {
				b.styled(sheet, col+i, row, b.style.share)
			}
		}
		row++
	}
	if len(b.r.Districts) > 0 {
		b.autoFilter(sheet, "A1", b.cell(len(labels), row-1))
	}
	row++
	for _, fb := range b.r.Breakdowns.ByField {
		if fb.Field != "station" || len(fb.Rows) == 0 {
			continue
		}
		b.section(sheet, row, b.tr("各派出所警情", "Calls by police station"))
		b.header(sheet, row+1, []string{fb.Label.In(b.lang), t.calls, t.portion, t.emergency})
		row += 2
		for _, fc := range fb.Rows {
			b.label(sheet, 1, row, fc.Label.In(b.lang), b.style.text)
			b.count(sheet, 2, row, fc.Calls, b.style.count)
			b.share(sheet, 3, row, fc.Share, b.style.share)
			b.count(sheet, 4, row, fc.EmergencyHelp, b.style.count)
			row++
		}
	}
}

// responseSheet writes every interval's statistics, the compliance with its comparisons, every
// target by tier and the histogram of the compliance interval, which histogramChart charts.
func (b *workbookBuilder) responseSheet() {
	sheet, t, rt := b.text.responseSheet, b.text, b.r.Response
	p := rt.Profile
	b.span(sheet, 1, 14, b.tr("处警时长", "Response times"), b.style.title)
	b.rowHeight(sheet, 1, 28)
	b.span(sheet, 2, 14, fmt.Sprintf(t.methodNote, p.Name, p.Version), b.style.subtitle)
	b.span(sheet, 3, 14, t.responseNote, b.style.subtitle)
	b.freezeRows(sheet, 3)

	row := 5
	b.section(sheet, row, b.tr("各时段统计", "Intervals"))
	b.header(sheet, row+1, []string{t.interval, b.tr("起点", "From"), b.tr("终点", "To"), t.valid,
		b.tr("时间点缺失", "Missing"), b.tr("跨标记时段", "Flagged"), b.tr("先后颠倒", "Out of order"),
		b.tr("超过上限", "Over ceiling"), t.mean, t.p50, t.p90, t.p95, b.tr("最长", "Longest"),
		b.tr("样本充足", "Reliable")}, 2, 3, 14)
	row += 2
	for _, iv := range rt.Intervals {
		b.label(sheet, 1, row, iv.Label.In(b.lang), b.style.text)
		b.indented(sheet, 2, row, metrics.FieldLabel(iv.From).In(b.lang))
		b.indented(sheet, 3, row, metrics.FieldLabel(iv.To).In(b.lang))
		for i, n := range []int64{iv.Valid, iv.Missing, iv.Flagged, iv.OutOfOrder, iv.OverCeiling} {
			b.count(sheet, 4+i, row, n, b.style.count)
		}
		for i, seconds := range []float64{iv.Mean, iv.P50, iv.P90, iv.P95, iv.Max} {
			if iv.Valid > 0 {
				b.duration(sheet, 9+i, row, seconds)
			} else {
				b.styled(sheet, 9+i, row, b.style.duration)
			}
		}
		b.indented(sheet, 14, row, b.yesNo(iv.Reliable))
		row++
	}

	row++
	cp := rt.Compliance
	b.section(sheet, row, fmt.Sprintf(t.compliance, cp.Label.In(b.lang)))
	labels := []string{t.threshold, t.within, t.of, t.share}
	for _, bl := range b.r.Baselines {
		labels = append(labels, bl.Label.In(b.lang), b.tr("变化（百分点）", "Change (points)"))
	}
	b.header(sheet, row+1, labels)
	row += 2
	for _, th := range cp.Thresholds {
		b.label(sheet, 1, row, t.thresholdLabel(th.Seconds), b.style.text)
		b.count(sheet, 2, row, th.Within, b.style.count)
		b.count(sheet, 3, row, th.Of, b.style.count)
		b.share(sheet, 4, row, th.Share, b.style.share)
		for i := range b.r.Baselines {
			col := 5 + 2*i
			if i < len(th.Compare) && th.Compare[i].Available && th.Compare[i].Share != nil {
				b.share(sheet, col, row, *th.Compare[i].Share, b.style.share)
				b.float(sheet, col+1, row, *th.Compare[i].Points, b.style.decimal, 6)
			} else {
				b.str(sheet, col, row, t.notAvailable, b.style.text)
				b.styled(sheet, col+1, row, b.style.decimal)
			}
		}
		row++
	}

	row++
	row = b.targetTable(sheet, row)
	b.histogramTable(sheet, row+1)
}

func (b *workbookBuilder) yesNo(v bool) string {
	if v {
		return b.tr("是", "yes")
	}
	return b.tr("否", "no")
}

// targetTable writes every target of the response profile, one row per tier and threshold or goal,
// and returns the next free row.
func (b *workbookBuilder) targetTable(sheet string, row int) int {
	t, rt := b.text, b.r.Response
	if len(rt.Targets) == 0 {
		return row
	}
	b.section(sheet, row, b.tr("目标", "Targets"))
	b.header(sheet, row+1, []string{b.tr("目标", "Target"), b.tr("分层", "Tier"), t.valid, t.threshold,
		t.within, t.share, b.tr("目标占比", "Goal"), b.tr("目标分位时长", "At goal share"), b.tr("是否达到", "Met")}, 2, 4, 9)
	row += 2
	for _, target := range rt.Targets {
		for _, tier := range target.Tiers {
			tierName := b.tr("全部", "all")
			if tier.Tier != "" {
				tierName = tier.Label.In(b.lang)
				if tierName == "" {
					tierName = tier.Tier
				}
			}
			line := func() {
				b.label(sheet, 1, row, target.Label.In(b.lang), b.style.text)
				b.indented(sheet, 2, row, tierName)
				b.count(sheet, 3, row, tier.N, b.style.count)
			}
			for _, th := range tier.Thresholds {
				line()
				b.indented(sheet, 4, row, t.thresholdLabel(th.Seconds))
				b.count(sheet, 5, row, th.Within, b.style.count)
				if th.Of > 0 {
					b.share(sheet, 6, row, th.Share, b.style.share)
				} else {
					b.styled(sheet, 6, row, b.style.share)
				}
				for col := 7; col <= 9; col++ {
					b.styled(sheet, col, row, b.style.text)
				}
				row++
			}
			for _, g := range tier.Goals {
				line()
				b.indented(sheet, 4, row, t.thresholdLabel(g.WithinSeconds))
				b.count(sheet, 5, row, g.Within, b.style.count)
				if g.Of > 0 {
					b.share(sheet, 6, row, g.Achieved, b.style.share)
					b.duration(sheet, 8, row, g.Quantile)
				} else {
					b.styled(sheet, 6, row, b.style.share)
					b.styled(sheet, 8, row, b.style.duration)
				}
				b.share(sheet, 7, row, g.Share, b.style.share)
				b.indented(sheet, 9, row, b.yesNo(g.Met))
				row++
			}
		}
	}
	return row + 1
}

// histogramAt is where the histogram table of the Response times sheet is, for its chart.
type histogramAt struct {
	header, first, last int
}

// histogramTable writes the distribution of the compliance interval: one row per bin with its
// calls, their share and the cumulative share.
func (b *workbookBuilder) histogramTable(sheet string, row int) {
	t, h := b.text, b.r.Response.Histogram
	if len(h.Counts) == 0 {
		return
	}
	// The distribution and its chart start a page of their own, so that the chart is not cut.
	b.check(b.f.InsertPageBreak(sheet, b.cell(1, row)))
	label := b.r.Response.Compliance.Label
	b.section(sheet, row, b.tr(label.Zh+"分布", "Distribution of the "+strings.ToLower(label.En)+" interval"))
	b.header(sheet, row+1, []string{b.tr("区间", "Bin"), t.calls, t.portion, b.tr("累计占比", "Cumulative")})
	row += 2
	var total int64
	for _, n := range h.Counts {
		total += n
	}
	b.histogram = &histogramAt{header: row - 1, first: row}
	var cumulative int64
	for i, n := range h.Counts {
		b.label(sheet, 1, row, b.binLabel(h.Edges, i), b.style.text)
		b.count(sheet, 2, row, n, b.style.count)
		cumulative += n
		if total > 0 {
			b.share(sheet, 3, row, float64(n)/float64(total), b.style.share)
			b.share(sheet, 4, row, float64(cumulative)/float64(total), b.style.share)
		} else {
			b.styled(sheet, 3, row, b.style.share)
			b.styled(sheet, 4, row, b.style.share)
		}
		row++
	}
	b.histogram.last = row - 1
	b.label(sheet, 1, row, t.total, b.style.totalText)
	b.count(sheet, 2, row, total, b.style.totalCount)
	b.styled(sheet, 3, row, b.style.totalShare)
	b.styled(sheet, 4, row, b.style.totalShare)
}

// binLabel names bin i of a histogram in minutes:seconds; the last bin is open-ended.
func (b *workbookBuilder) binLabel(edges []int, i int) string {
	ms := func(s int) string { return fmt.Sprintf("%d:%02d", s/60, s%60) }
	if i+1 >= len(edges) {
		return b.tr(ms(edges[i])+" 及以上", ms(edges[i])+" and over")
	}
	return ms(edges[i]) + "–" + ms(edges[i+1])
}

// histogramChart charts the histogram table beside it, as columns.
func (b *workbookBuilder) histogramChart() {
	at := b.histogram
	if b.err != nil || at == nil {
		return
	}
	sheet := b.text.responseSheet
	label := b.r.Response.Compliance.Label
	chart := b.chartBase(excelize.Col, b.tr(label.Zh+"分布（警情数）", label.En+" interval: calls per bin"), 560, 300)
	chart.Series = []excelize.ChartSeries{{
		Name:       sheetRange(sheet, b.cell(2, at.header), ""),
		Categories: sheetRange(sheet, b.cell(1, at.first), b.cell(1, at.last)),
		Values:     sheetRange(sheet, b.cell(2, at.first), b.cell(2, at.last)),
		Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"2E75B6"}},
	}}
	chart.Legend = excelize.ChartLegend{Position: "none"}
	chart.YAxis.NumFmt = excelize.ChartNumFmt{CustomNumFmt: countFormat}
	gap := uint(20)
	chart.GapWidth = &gap
	b.check(b.f.AddChart(sheet, b.cell(6, at.header-1), chart))
}

// linkageSheet writes the calls each partner agency was linked in on, and the pairs of agencies
// linked in together.
func (b *workbookBuilder) linkageSheet() {
	sheet, t := b.text.linkageSheet, b.text
	b.header(sheet, 1, []string{b.tr("联动单位", "Partner agency"), t.calls, b.tr("占联动警情", "Share of linked calls")})
	b.freezeHeader(sheet)
	row := 2
	for _, g := range b.r.Linkage {
		b.label(sheet, 1, row, g.Label.In(b.lang), b.style.text)
		b.count(sheet, 2, row, g.Count, b.style.count)
		if b.r.LinkedCalls > 0 {
			b.share(sheet, 3, row, float64(g.Count)/float64(b.r.LinkedCalls), b.style.share)
		} else {
			b.styled(sheet, 3, row, b.style.share)
		}
		row++
	}
	if len(b.r.Linkage) > 0 {
		b.autoFilter(sheet, "A1", b.cell(3, row-1))
	}
	b.label(sheet, 1, row, b.tr("联动警情（每起只计一次）", "Linked calls (each counted once)"), b.style.totalText)
	b.count(sheet, 2, row, b.r.LinkedCalls, b.style.totalCount)
	b.styled(sheet, 3, row, b.style.totalShare)
	row += 2
	b.str(sheet, 1, row, b.tr("一起警情可联动多个单位，各单位分别计数，故各单位之和可大于联动警情数。",
		"A call may link in several agencies and counts under each, so the agencies add up to more than the linked calls."), b.style.note)
	row += 2
	pairs := b.r.Breakdowns.LinkagePairs
	if len(pairs) == 0 {
		return
	}
	b.section(sheet, row, b.tr("共同联动的单位", "Agencies linked in together"))
	b.header(sheet, row+1, []string{b.tr("单位甲", "Agency"), b.tr("单位乙", "With"), t.calls}, 2)
	row += 2
	for _, p := range pairs {
		b.label(sheet, 1, row, p.LabelA.In(b.lang), b.style.text)
		b.indented(sheet, 2, row, p.LabelB.In(b.lang))
		b.count(sheet, 3, row, p.Calls, b.style.count)
		row++
	}
}

// activitySheet writes the center's own work: activities by kind and by district, the drills'
// results and response times, the training sessions, and the busiest units of each kind.
func (b *workbookBuilder) activitySheet() {
	sheet, t, bd := b.text.activitySheet, b.text, b.r.Breakdowns
	kindLabel := b.tr("工作类型", "Activity")
	times := b.tr("次数", "Count")
	b.header(sheet, 1, []string{kindLabel, times})
	b.freezeHeader(sheet)
	row := 2
	var total int64
	for _, g := range b.r.Activities {
		b.label(sheet, 1, row, g.Label.In(b.lang), b.style.text)
		b.count(sheet, 2, row, g.Count, b.style.count)
		total += g.Count
		row++
	}
	b.label(sheet, 1, row, t.total, b.style.totalText)
	b.count(sheet, 2, row, total, b.style.totalCount)
	row += 2

	// Activities by district, one column per kind.
	if len(bd.ActivitiesByDistrict) > 0 {
		var kinds, districts []string
		kindNames, districtNames := map[string]string{}, map[string]string{}
		counts := map[[2]string]int64{}
		for _, a := range bd.ActivitiesByDistrict {
			if _, ok := kindNames[a.Kind]; !ok {
				kinds = append(kinds, a.Kind)
				kindNames[a.Kind] = a.KindLabel.In(b.lang)
			}
			if _, ok := districtNames[a.Key]; !ok {
				districts = append(districts, a.Key)
				districtNames[a.Key] = a.Label.In(b.lang)
			}
			counts[[2]string{a.Key, a.Kind}] += a.Count
		}
		b.section(sheet, row, b.tr("各地区工作开展情况", "Activities by district"))
		labels := []string{t.district}
		for _, k := range kinds {
			labels = append(labels, kindNames[k])
		}
		b.header(sheet, row+1, labels)
		row += 2
		for _, d := range districts {
			b.label(sheet, 1, row, districtNames[d], b.style.text)
			for i, k := range kinds {
				b.count(sheet, 2+i, row, counts[[2]string{d, k}], b.style.count)
			}
			row++
		}
		row++
	}

	// Drills.
	if dr := bd.Drills; dr.Total.Drills > 0 {
		b.section(sheet, row, b.tr("拉动演练", "Simulated-alarm drills"))
		b.header(sheet, row+1, []string{t.district, b.tr("演练次数", "Drills"), b.tr("通过", "Passed"),
			b.tr("未通过", "Failed"), b.tr("未记录结果", "No result"), b.tr("通过率", "Pass rate"),
			b.tr("记录响应时间", "Timed"), t.mean, t.p50, t.p90, b.tr("最长", "Longest")})
		row += 2
		groups := append([]metrics.DrillGroup{}, dr.ByDistrict...)
		for i, g := range append(groups, dr.Total) {
			name, countStyle, shareStyle, textStyle := g.Label.In(b.lang), b.style.count, b.style.share, b.style.text
			if i == len(groups) {
				name, countStyle, shareStyle, textStyle = t.total, b.style.totalCount, b.style.totalShare, b.style.totalText
			}
			b.label(sheet, 1, row, name, textStyle)
			for j, n := range []int64{g.Drills, g.Passed, g.Failed, g.Unknown} {
				b.count(sheet, 2+j, row, n, countStyle)
			}
			if g.PassRateN > 0 {
				b.share(sheet, 6, row, g.PassRate, shareStyle)
			} else {
				b.styled(sheet, 6, row, shareStyle)
			}
			b.count(sheet, 7, row, g.Response.N, countStyle)
			for j, s := range []float64{g.Response.Mean, g.Response.P50, g.Response.P90, g.Response.Max} {
				if g.Response.N > 0 {
					b.duration(sheet, 8+j, row, s)
				} else {
					b.styled(sheet, 8+j, row, b.style.duration)
				}
			}
			row++
		}
		row++
	}

	// Training sessions, one per row.
	if len(b.r.Trainings) > 0 {
		b.section(sheet, row, b.tr("业务培训", "Training sessions"))
		b.header(sheet, row+1, []string{t.date, t.district, b.tr("承办单位", "Unit"), b.tr("参训人数", "Participants")}, 2, 3)
		row += 2
		var people int64
		for _, tr := range b.r.Trainings {
			b.dateCell(sheet, 1, row, tr.Date)
			b.indented(sheet, 2, row, tr.District)
			b.indented(sheet, 3, row, tr.Unit)
			b.count(sheet, 4, row, tr.Participants, b.style.count)
			people += tr.Participants
			row++
		}
		b.label(sheet, 1, row, t.total, b.style.totalText)
		b.styled(sheet, 2, row, b.style.totalText)
		b.styled(sheet, 3, row, b.style.totalText)
		b.count(sheet, 4, row, people, b.style.totalCount)
		row += 2
	}

	// The busiest units of each kind.
	if len(bd.ActivitiesByUnit) > 0 {
		b.section(sheet, row, fmt.Sprintf(b.tr("各类工作开展最多的单位（每类前%d）", "Busiest units of each kind (top %d)"), metrics.TopUnitsPerKind))
		b.header(sheet, row+1, []string{kindLabel, b.tr("单位", "Unit"), times}, 2)
		row += 2
		for _, a := range bd.ActivitiesByUnit {
			b.label(sheet, 1, row, a.KindLabel.In(b.lang), b.style.text)
			b.indented(sheet, 2, row, a.Label.In(b.lang))
			b.count(sheet, 3, row, a.Count, b.style.count)
			row++
		}
	}
}

// dateCell writes a YYYY-MM-DD date as a spreadsheet date, or as text when it is not one.
func (b *workbookBuilder) dateCell(sheet string, col, row int, date string) {
	day, err := parseDay(date)
	if err != nil {
		b.label(sheet, col, row, date, b.style.text)
		return
	}
	b.float(sheet, col, row, excelDate(day), b.style.date, float64(len(dateFormat)))
}
