package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// activityPlan is the number of each daily activity on a day, and the activities held on known dates.
type activityPlan struct {
	drills, inspections, rollcalls int
	fixed                          []*datedActivity
}

// planActivities decides how many drills, video inspections and video roll calls each day has. In the
// campaign the totals are exact (the bulletin's 32, 660 and 412): the drills on distinct days, the
// inspections and roll calls divided among the days by largest remainder. Before the campaign these
// activities were rarer.
func (g *generator) planActivities(rng *rand.Rand, days []dayPlan, campaignDays []int) {
	for i := range days {
		if days[i].campaign {
			continue
		}
		drillRate, inspections, rollcalls := 0.12, 4.0, 2.5
		if days[i].date.Year() == 2021 {
			drillRate, inspections, rollcalls = 0.08, 3.0, 2.0
		}
		a := &days[i].acts
		if rng.Float64() < drillRate {
			a.drills = 1
		}
		a.inspections = int(math.Round(inspections * math.Exp(0.25*rng.NormFloat64())))
		a.rollcalls = int(math.Round(rollcalls * math.Exp(0.25*rng.NormFloat64())))
	}

	for k, j := range rng.Perm(len(campaignDays)) {
		if k == g.m.drill.campaign {
			break
		}
		days[campaignDays[j]].acts.drills = 1
	}
	jitter := func() []float64 {
		w := make([]float64, len(campaignDays))
		for k := range w {
			w[k] = math.Exp(0.15 * rng.NormFloat64())
		}
		return w
	}
	for k, n := range allocate(g.m.inspection.campaign, jitter()) {
		days[campaignDays[k]].acts.inspections = n
	}
	for k, n := range allocate(g.m.rollcall.campaign, jitter()) {
		days[campaignDays[k]].acts.rollcalls = n
	}

	for i := range days {
		date := days[i].date.Format("2006-01-02")
		for k := range g.m.fixed {
			if f := &g.m.fixed[k]; f.date == date {
				days[i].acts.fixed = append(days[i].acts.fixed, f)
			}
		}
	}
}

// activity is one row of an activities file before it is formatted.
type activity struct {
	started      int64
	kind         string
	district     string
	unit         string
	participants int
	response     int // seconds; drills only
	note         string
}

// dayActivities draws the activities of one day in the order they are written.
func (g *generator) dayActivities(rng *rand.Rand, dp *dayPlan) [][]string {
	a := dp.acts
	acts := make([]activity, 0, a.drills+a.inspections+a.rollcalls+len(a.fixed))
	for _, f := range a.fixed {
		acts = append(acts, activity{
			started: dp.dayStart + f.secondOfDay, kind: f.kind, district: f.district, unit: f.unit,
			participants: f.participants, note: f.note,
		})
	}
	m := g.m
	for range a.drills {
		d := &m.districts[pick(rng, m.districtCum)]
		median := 215.0
		switch {
		case dp.campaign:
			median = 165
		case dp.date.Year() == 2022:
			median = 195
		}
		if !d.urban {
			median *= 1.3
		}
		acts = append(acts, activity{
			started:      dp.dayStart + int64(8*3600+rng.IntN(14*3600)),
			kind:         m.drill.kind,
			district:     d.name,
			unit:         d.stations[rng.IntN(len(d.stations))],
			participants: 2 + rng.IntN(7),
			response:     int(seconds(lognormal(rng, median, 0.4), 30, 1800)),
			note:         strings.Replace(m.drill.note, "{scenario}", m.drill.scenarios.draw(rng), 1),
		})
	}
	for range a.inspections {
		d := &m.districts[pick(rng, m.districtCum)]
		note := strings.Replace(m.inspection.note, "{place}", d.places[rng.IntN(len(d.places))], 1)
		if rng.Float64() < 0.05 {
			note = strings.Replace(m.inspection.issueNote, "{place}", d.places[rng.IntN(len(d.places))], 1)
		}
		acts = append(acts, activity{
			started:      dp.dayStart + int64(8*3600+rng.IntN(15*3600+1800)),
			kind:         m.inspection.kind,
			district:     d.name,
			unit:         d.stations[rng.IntN(len(d.stations))],
			participants: 1 + rng.IntN(2),
			note:         note,
		})
	}
	for range a.rollcalls {
		d := &m.districts[rng.IntN(len(m.districts))]
		note := m.rollcall.note
		if rng.Float64() < 0.08 {
			note = m.rollcall.issueNote
		}
		slot := []int64{9, 15, 21}[rng.IntN(3)]
		acts = append(acts, activity{
			started:      dp.dayStart + slot*3600 + int64(rng.IntN(1800)),
			kind:         m.rollcall.kind,
			district:     d.name,
			unit:         d.command,
			participants: 2 + rng.IntN(4),
			note:         note,
		})
	}
	slices.SortStableFunc(acts, func(x, y activity) int { return int(x.started - y.started) })

	recs := make([][]string, len(acts))
	for i, act := range acts {
		rec := []string{
			fmt.Sprintf("%s%s%03d", m.activityPrefix, dp.date.Format("20060102"), i+1),
			act.kind, g.formatTime(act.started), act.district, act.unit, strconv.Itoa(act.participants), "", "", act.note,
		}
		if act.kind == m.drill.kind {
			// A drill passes when the first patrol arrives within five minutes ("1, 3, 5" response).
			rec[6] = strconv.Itoa(act.response)
			rec[7] = strconv.FormatBool(act.response <= 300)
		}
		recs[i] = rec
	}
	return recs
}
