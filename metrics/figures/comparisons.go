package figures

import (
	"database/sql"
	"fmt"
	"slices"
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

// computeComparisons computes every headline figure, the compliance shares and every target's
// overall shares in each baseline period, and sets their Compare lists.
func computeComparisons(q *querier, c *campaign.Campaign, r *metrics.Report) error {
	for _, b := range c.Baselines {
		bq := &querier{ctx: q.ctx, conn: q.conn, start: b.Start, end: b.End, maxDistinct: q.maxDistinct}
		info := metrics.BaselineInfo{ID: b.ID, Label: b.Label, Start: b.Start, End: b.End, Days: b.Days()}
		if err := bq.query("period_has_data.sql", func(s *sql.Rows) error { return s.Scan(&info.Calls, &info.Activities) }); err != nil {
			return fmt.Errorf("baseline %s: %w", b.ID, err)
		}
		r.Baselines = append(r.Baselines, info)
		// A baseline needs only the intervals its comparisons read: the compliance interval, the
		// targets' and those the headline figures filter on. At millions of calls each interval
		// costs a pass over the baseline's calls.
		if err := buildSpans(bq, c, comparedIntervals(c)...); err != nil {
			return fmt.Errorf("baseline %s: %w", b.ID, err)
		}
		for i, m := range c.Headline {
			change := metrics.Change{Baseline: b.ID}
			has := info.Calls > 0
			if m.Source == "activities" {
				has = info.Activities > 0
			}
			if has {
				value, err := headlineValue(bq, shiftWindow(m, c.Period, b.Period))
				if err != nil {
					return fmt.Errorf("baseline %s: metric %s: %w", b.ID, m.ID, err)
				}
				change = compareCounts(b.ID, r.Headline[i].Value, value)
			}
			r.Headline[i].Compare = append(r.Headline[i].Compare, change)
		}

		compliance := r.Response.Compliance
		thresholds := make([]int, len(compliance.Thresholds))
		for i, t := range compliance.Thresholds {
			thresholds[i] = t.Seconds
		}
		err := bq.query("compliance.sql", func(s *sql.Rows) error {
			var district sql.NullString
			var threshold int
			var in, of int64
			if err := s.Scan(&district, &threshold, &in, &of); err != nil {
				return err
			}
			if i := slices.Index(thresholds, threshold); i >= 0 && !district.Valid {
				t := &r.Response.Compliance.Thresholds[i]
				t.Compare = append(t.Compare, compareShares(b.ID, t.Share, t.Of, in, of))
			}
			return nil
		}, sql.Named("interval", compliance.Interval), sql.Named("thresholds", int32s(thresholds)))
		if err != nil {
			return fmt.Errorf("baseline %s: %w", b.ID, err)
		}
		// A threshold with no valid interval at all in the baseline gets no row: n/a.
		for i := range r.Response.Compliance.Thresholds {
			t := &r.Response.Compliance.Thresholds[i]
			if len(t.Compare) < len(r.Baselines) {
				t.Compare = append(t.Compare, metrics.ShareChange{Baseline: b.ID})
			}
		}

		targets, err := evaluateTargets(bq, c)
		if err != nil {
			return fmt.Errorf("baseline %s: %w", b.ID, err)
		}
		for i, t := range targets {
			now, then := &r.Response.Targets[i].Tiers[0], t.Tiers[0] // the overall tier
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
