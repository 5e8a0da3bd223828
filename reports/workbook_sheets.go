package reports

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"bulletin/metrics"
	"bulletin/schema"
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
	labels, cols := b.newDistrictColumns([]string{t.district, t.calls, t.portion})
	focus := b.districtFocus()
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
		if focus != nil {
			b.count(sheet, cols.focus, row, focus.value(d.District), b.style.count)
		}
		b.districtFigureCells(sheet, row, cols, b.figuresOf(d), b.style.count, b.style.duration, b.style.share)
		row++
	}
	if len(b.r.Districts) > 0 {
		b.autoFilter(sheet, "A1", b.cell(len(labels), row-1))
	}
	row++
	if notes := b.figureNotes(sheet); len(notes) > 0 {
		for _, note := range notes {
			b.str(sheet, 1, row, note, b.style.note)
			row++
		}
		row++
	}
	for _, fb := range b.r.Breakdowns.ByField {
		if fb.Field != "station" || len(fb.Rows) == 0 {
			continue
		}
		b.section(sheet, row, b.tr("各派出所警情", "Calls by police station"))
		b.header(sheet, row+1, []string{fb.Label.In(b.lang), t.calls, t.portion})
		row += 2
		for _, fc := range fb.Rows {
			b.label(sheet, 1, row, fc.Label.In(b.lang), b.style.text)
			b.count(sheet, 2, row, fc.Calls, b.style.count)
			b.share(sheet, 3, row, fc.Share, b.style.share)
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
			b.durationOver(sheet, 9+i, row, seconds, iv.Valid, iv.Reliable, b.style.duration)
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
		b.shareOver(sheet, 4, row, th.Share, th.Of, th.Reliable, b.style.share)
		for i := range b.r.Baselines {
			col := 5 + 2*i
			if i < len(th.Compare) && th.Compare[i].Available && th.Compare[i].Share != nil {
				b.share(sheet, col, row, *th.Compare[i].Share, b.style.share)
				// A change needs a share of the period too.
				if th.Of > 0 && th.Compare[i].Points != nil {
					b.float(sheet, col+1, row, *th.Compare[i].Points, b.style.decimal, 6)
				} else {
					b.noData(sheet, col+1, row, b.style.decimal)
				}
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
	// The notes on marks and gaps go in the empty row under the sheet's own notes, once every
	// figure is written.
	if notes := b.figureNotes(sheet); len(notes) > 0 {
		b.span(sheet, 4, 14, strings.Join(notes, " "), b.style.subtitle)
	}
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
				b.shareOver(sheet, 6, row, th.Share, th.Of, tier.Reliable && th.Reliable, b.style.share)
				for col := 7; col <= 9; col++ {
					b.styled(sheet, col, row, b.style.text)
				}
				row++
			}
			for _, g := range tier.Goals {
				line()
				b.indented(sheet, 4, row, t.thresholdLabel(g.WithinSeconds))
				b.count(sheet, 5, row, g.Within, b.style.count)
				b.shareOver(sheet, 6, row, g.Achieved, g.Of, tier.Reliable, b.style.share)
				b.durationOver(sheet, 8, row, g.Quantile, g.Of, tier.Reliable, b.style.duration)
				b.share(sheet, 7, row, g.Share, b.style.share)
				if g.Of > 0 {
					b.indented(sheet, 9, row, b.yesNo(g.Met))
				} else {
					// Without a valid interval a goal is neither met nor missed.
					b.noData(sheet, 9, row, b.style.textIndent)
				}
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
	at := &histogramAt{header: row - 1, first: row}
	var cumulative int64
	reliable := b.reliable(total)
	for i, n := range h.Counts {
		b.label(sheet, 1, row, b.binLabel(h.Edges, i), b.style.text)
		b.count(sheet, 2, row, n, b.style.count)
		cumulative += n
		var share, upTo float64
		if total > 0 {
			share, upTo = float64(n)/float64(total), float64(cumulative)/float64(total)
		}
		b.shareOver(sheet, 3, row, share, total, reliable, b.style.share)
		b.shareOver(sheet, 4, row, upTo, total, reliable, b.style.share)
		row++
	}
	at.last = row - 1
	// Without a valid interval the chart would draw empty bins as if none were in any.
	if total > 0 {
		b.histogram = at
	}
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

// activitySheet writes the center's own work: activities by kind and by district, the results and
// response times of each kind that records them, the participants of each kind that records them
// (activity by activity, or by district for a frequent kind), and the busiest units of each kind.
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

	// Results and response times, for each kind of activity that records them.
	for _, kr := range bd.Results {
		b.section(sheet, row, kr.Label.In(b.lang))
		b.header(sheet, row+1, []string{t.district, times, b.tr("通过", "Passed"),
			b.tr("未通过", "Failed"), b.tr("未记录结果", "No result"), b.tr("通过率", "Pass rate"),
			b.tr("记录响应时间", "Timed"), t.mean, t.p50, t.p90, b.tr("最长", "Longest")})
		row += 2
		groups := append([]metrics.ResultGroup{}, kr.ByDistrict...)
		for i, g := range append(groups, kr.Total) {
			name, countStyle, shareStyle, durationStyle, textStyle := g.Label.In(b.lang), b.style.count, b.style.share, b.style.duration, b.style.text
			if i == len(groups) {
				name, countStyle, shareStyle, durationStyle, textStyle = t.total, b.style.totalCount, b.style.totalShare, b.style.totalDuration, b.style.totalText
			}
			b.label(sheet, 1, row, name, textStyle)
			for j, n := range []int64{g.Count, g.Passed, g.Failed, g.Unknown} {
				b.count(sheet, 2+j, row, n, countStyle)
			}
			// Without a recorded result (or time) there is no rate (or time), which is not 0.
			if g.PassRateN > 0 {
				b.share(sheet, 6, row, g.PassRate, shareStyle)
			} else {
				b.noData(sheet, 6, row, shareStyle)
			}
			b.count(sheet, 7, row, g.Response.N, countStyle)
			for j, s := range []float64{g.Response.Mean, g.Response.P50, g.Response.P90, g.Response.Max} {
				if g.Response.N > 0 {
					b.durationStyled(sheet, 8+j, row, s, durationStyle)
				} else {
					b.noData(sheet, 8+j, row, durationStyle)
				}
			}
			row++
		}
		row++
	}
	if b.empty[sheet] {
		b.str(sheet, 1, row, t.noResultNote, b.style.note)
		row += 2
	}

	// The participants of each kind of activity that records them: each activity, or for a kind held
	// more than maxListedSessions times, by district.
	for _, kp := range bd.Participation {
		var sessions []metrics.Session
		for _, s := range b.r.Sessions {
			if s.Kind == kp.Kind {
				sessions = append(sessions, s)
			}
		}
		if len(sessions) > 0 && len(sessions) <= maxListedSessions {
			b.section(sheet, row, fmt.Sprintf(b.tr("%s：参加人员", "%s: participants"), kp.Label.In(b.lang)))
			b.header(sheet, row+1, []string{t.date, t.district, b.tr("承办单位", "Unit"), b.tr("参加人数", "Participants")}, 2, 3)
			row += 2
			for _, s := range sessions {
				b.dateCell(sheet, 1, row, s.Date)
				b.indented(sheet, 2, row, s.DistrictLabel.In(b.lang))
				b.indented(sheet, 3, row, s.UnitLabel.In(b.lang))
				b.count(sheet, 4, row, s.Participants, b.style.count)
				row++
			}
			b.label(sheet, 1, row, t.total, b.style.totalText)
			b.styled(sheet, 2, row, b.style.totalText)
			b.styled(sheet, 3, row, b.style.totalText)
			b.count(sheet, 4, row, kp.Participants, b.style.totalCount)
			row += 2
			continue
		}
		b.section(sheet, row, fmt.Sprintf(b.tr("%s：各地区参加人数", "%s: participants by district"), kp.Label.In(b.lang)))
		b.header(sheet, row+1, []string{t.district, times, b.tr("参加人数", "Participants")})
		row += 2
		for _, d := range kp.ByDistrict {
			b.label(sheet, 1, row, d.Label.In(b.lang), b.style.text)
			b.count(sheet, 2, row, d.Activities, b.style.count)
			b.count(sheet, 3, row, d.Participants, b.style.count)
			row++
		}
		b.label(sheet, 1, row, t.total, b.style.totalText)
		b.count(sheet, 2, row, kp.Activities, b.style.totalCount)
		b.count(sheet, 3, row, kp.Participants, b.style.totalCount)
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

// maxListedSessions is the most activities of one kind the Activities sheet lists one by one with
// their participants; a kind held more often (daily inspections, say) is summed by district.
const maxListedSessions = 20

// dateCell writes a YYYY-MM-DD date as a spreadsheet date, or as text when it is not one.
func (b *workbookBuilder) dateCell(sheet string, col, row int, date string) {
	day, err := parseDay(date)
	if err != nil {
		b.label(sheet, col, row, date, b.style.text)
		return
	}
	b.float(sheet, col, row, excelDate(day), b.style.date, float64(len(dateFormat)))
}

// breakdownSheet lists the declared breakdowns the campaign shows in the workbook, one table each:
// a list for a breakdown by one dimension, a cross table for one by two (the first down, the
// second across).
func (b *workbookBuilder) breakdownSheet() {
	sheet := b.text.breakdownSheet
	row := 1
	for _, d := range b.r.Declared {
		if !d.Show.Sheet {
			continue
		}
		b.section(sheet, row, d.Label.In(b.lang))
		b.str(sheet, 1, row+1, d.Description.In(b.lang), b.style.note)
		if len(d.By) == 2 {
			row = b.crossTable(sheet, row+2, d)
		} else {
			row = b.breakdownList(sheet, row+2, d)
		}
		row += 2
	}
}

// breakdownList writes a breakdown by one dimension from row on, with its total, and returns the
// row of the total.
func (b *workbookBuilder) breakdownList(sheet string, row int, d metrics.DeclaredBreakdown) int {
	t := b.text
	b.header(sheet, row, []string{d.ByLabels[0].In(b.lang), b.measureHeading(d)})
	row++
	for _, r := range d.Rows {
		if d.By[0] == "day" {
			b.dateCell(sheet, 1, row, r.Keys[0])
		} else {
			b.label(sheet, 1, row, r.Labels[0].In(b.lang), b.style.text)
		}
		b.count(sheet, 2, row, r.Value, b.style.count)
		row++
	}
	b.label(sheet, 1, row, t.total, b.style.totalText)
	b.count(sheet, 2, row, d.Total, b.style.totalCount)
	return row
}

// crossTable writes a breakdown by two dimensions from row on, the keys of the first down and of
// the second across, each row and column with its total, and returns the row of the totals. A
// record with several codes of a list dimension counts under each, so that the rows or columns of
// such a breakdown add up to more than its records: they get no totals, only the breakdown's own.
func (b *workbookBuilder) crossTable(sheet string, row int, d metrics.DeclaredBreakdown) int {
	t := b.text
	g := newBreakdownGrid(d, b.lang, func(_, _ string, label metrics.Text) string { return label.In(b.lang) })
	single := !slices.ContainsFunc(d.By, func(dim string) bool {
		f := schema.Default().Field(d.Source, dim)
		return f != nil && f.Type == schema.TypeList
	})
	labels := []string{d.ByLabels[0].In(b.lang) + " / " + d.ByLabels[1].In(b.lang)}
	for _, of := range g.series {
		labels = append(labels, g.seriesName[of])
	}
	b.header(sheet, row, append(labels, t.total))
	row++
	columns := make([]int64, len(g.series))
	for _, along := range g.axis {
		b.label(sheet, 1, row, g.axisName[along], b.style.text)
		var total int64
		for i, of := range g.series {
			n := g.row(along, of).Value
			b.count(sheet, 2+i, row, n, b.style.count)
			total += n
			columns[i] += n
		}
		if single {
			b.count(sheet, 2+len(g.series), row, total, b.style.count)
		} else {
			b.styled(sheet, 2+len(g.series), row, b.style.totalCount)
		}
		row++
	}
	b.label(sheet, 1, row, t.total, b.style.totalText)
	for i, n := range columns {
		if single {
			b.count(sheet, 2+i, row, n, b.style.totalCount)
		} else {
			b.styled(sheet, 2+i, row, b.style.totalCount)
		}
	}
	b.count(sheet, 2+len(g.series), row, d.Total, b.style.totalCount)
	return row
}

// measureHeading heads the column of a declared breakdown's values: the calls, or the measure by
// its unit.
func (b *workbookBuilder) measureHeading(d metrics.DeclaredBreakdown) string {
	unit := d.Unit.In(b.lang)
	switch {
	case d.Source == "calls" && d.Aggregate == "count" || unit == "":
		return b.text.calls
	case b.lang == "zh":
		return "数量（" + unit + "）"
	}
	return upperFirst(unit)
}

// textColumns are the columns 2..n, which hold text after the first: headings aligned with them.
func textColumns(n int) []int {
	var cols []int
	for col := 2; col <= n; col++ {
		cols = append(cols, col)
	}
	return cols
}

// focusBreakdown is a declared breakdown by one field, with its values by key.
type focusBreakdown struct {
	metrics.DeclaredBreakdown
	values map[string]int64
}

// value returns the breakdown's value for key (0 when it has none).
func (f *focusBreakdown) value(key string) int64 { return f.values[key] }

// districtFocus returns the first declared breakdown drawn on the district chart, shown as a
// column beside the calls of each district, or nil.
func (b *workbookBuilder) districtFocus() *focusBreakdown {
	for _, d := range b.r.Declared {
		if d.Show.On == "districts" && len(d.By) == 1 {
			f := &focusBreakdown{DeclaredBreakdown: d, values: map[string]int64{}}
			for _, r := range d.Rows {
				f.values[r.Keys[0]] = r.Value
			}
			return f
		}
	}
	return nil
}

// dailyFocus returns the declared breakdowns drawn on the daily chart: columns of the Daily sheet.
func (b *workbookBuilder) dailyFocus() []metrics.DeclaredBreakdown {
	var out []metrics.DeclaredBreakdown
	for _, d := range b.r.Declared {
		if d.Show.On == "daily" && len(d.Rows) == len(b.r.Daily) {
			out = append(out, d)
		}
	}
	return out
}
