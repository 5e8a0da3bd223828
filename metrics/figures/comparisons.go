package figures

import (
	"fmt"
	"time"

	"bulletin/metrics"
	"bulletin/metrics/campaign"
)

// comparedIntervals lists the intervals the comparisons with a baseline read.
func comparedIntervals(c *campaign.Campaign) []string {
	ids := []string{c.Response.Compliance.Interval}
	for _, t := range c.Response.Targets {
		ids = append(ids, t.Interval)
	}
	for _, m := range c.Headline {
		if m.Interval != nil {
			ids = append(ids, m.Interval.ID)
		}
	}
	return ids
}

// computeComparisons compares every headline figure, the compliance shares and every target's
// overall shares with each baseline period, and sets their Compare lists. A baseline's figures are
// those stored in the warehouse when they were computed from the files the period holds now
// (period_cache.go), else computed from its calls and stored.
func computeComparisons(q *querier, c *campaign.Campaign, r *metrics.Report) error {
	for _, b := range c.Baselines {
		bq := &querier{ctx: q.ctx, conn: q.conn, start: b.Start, end: b.End, maxDistinct: q.maxDistinct, recompute: q.recompute}
		pf, err := baselineFigures(bq, c, b)
		if err != nil {
			return fmt.Errorf("baseline %s: %w", b.ID, err)
		}
		r.Baselines = append(r.Baselines, metrics.BaselineInfo{ID: b.ID, Label: b.Label, Start: b.Start, End: b.End, Days: b.Days(),
			Calls: pf.Calls, Activities: pf.Activities})
		for i, m := range c.Headline {
			change := metrics.Change{Baseline: b.ID}
			has := pf.Calls > 0
			if m.Source == "activities" {
				has = pf.Activities > 0
			}
			if has {
				change = compareCounts(b.ID, r.Headline[i].Value, pf.Headline[i])
			}
			r.Headline[i].Compare = append(r.Headline[i].Compare, change)
		}
		// A threshold with no valid interval at all in the baseline is n/a (compareShares).
		for i := range r.Response.Compliance.Thresholds {
			t := &r.Response.Compliance.Thresholds[i]
			then := pf.Compliance[i]
			t.Compare = append(t.Compare, compareShares(b.ID, t.Share, t.Of, then.Within, then.Of))
		}
		for i, then := range pf.Targets {
			now := &r.Response.Targets[i].Tiers[0] // the overall tier
			for j := range now.Thresholds {
				before := then.Thresholds[j]
				now.Thresholds[j].Compare = append(now.Thresholds[j].Compare, compareShares(b.ID, now.Thresholds[j].Share, now.Thresholds[j].Of, before.Within, before.Of))
			}
			for j := range now.Goals {
				before := then.Goals[j]
				now.Goals[j].Compare = append(now.Goals[j].Compare, compareShares(b.ID, now.Goals[j].Achieved, now.Goals[j].Of, before.Within, before.Of))
			}
		}
	}
	return nil
}

// compareCounts compares a figure with its baseline value.
func compareCounts(baseline string, now, then int64) metrics.Change {
	abs := now - then
	c := metrics.Change{Baseline: baseline, Available: true, Value: &then, Abs: &abs}
	if then != 0 {
		rel := float64(abs) / float64(then)
		c.Rel = &rel
	}
	return c
}

// compareShares compares a share (of nowOf intervals) with the share in of baseline intervals were
// within. Without intervals in either period the comparison is n/a.
func compareShares(baseline string, now float64, nowOf, in, of int64) metrics.ShareChange {
	c := metrics.ShareChange{Baseline: baseline, Of: of}
	if of == 0 || nowOf == 0 {
		return c
	}
	then := float64(in) / float64(of)
	points := (now - then) * 100
	c.Available, c.Share, c.Points = true, &then, &points
	if then != 0 {
		rel := (now - then) / then
		c.Rel = &rel
	}
	return c
}

// shiftWindow moves the dates of a metric's window by as many days as the baseline starts before
// the campaign, so that "the first ten days" of the campaign compare with the first ten days of
// the baseline rather than with days outside it.
func shiftWindow(m campaign.MetricDef, campaign, baseline campaign.Period) campaign.MetricDef {
	if m.Window == nil || (m.Window.FromDate == "" && m.Window.ToDate == "") {
		return m
	}
	from, err1 := time.Parse(time.DateOnly, campaign.Start)
	to, err2 := time.Parse(time.DateOnly, baseline.Start)
	if err1 != nil || err2 != nil {
		return m
	}
	days := int(to.Sub(from).Hours() / 24)
	w := *m.Window
	for _, d := range []*string{&w.FromDate, &w.ToDate} {
		if t, err := time.Parse(time.DateOnly, *d); err == nil {
			*d = t.AddDate(0, 0, days).Format(time.DateOnly)
		}
	}
	m.Window = &w
	return m
}
