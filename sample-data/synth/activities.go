package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
)

// activityPlan is the number of each kind of activity on a day, and the activities the bulletin names.
type activityPlan struct {
	drills, inspections, rollcalls int
	fixed                          []fixedActivity
}

// fixedActivity is a training or a liaison visit held on a known date.
type fixedActivity struct {
	kind         string
	secondOfDay  int64
	district     string
	unit         string
	participants int
	note         string
}

// planActivities decides how many drills, video inspections and video roll calls each day has. In the
// campaign the totals are exact: 32 drills on distinct days, and 660 inspections and 412 roll calls
// divided among the days by largest remainder. Before the campaign these activities were rarer.
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
		if k == CampaignDrills {
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
	for k, n := range allocate(CampaignVideoInspections, jitter()) {
		days[campaignDays[k]].acts.inspections = n
	}
	for k, n := range allocate(CampaignVideoRollcalls, jitter()) {
		days[campaignDays[k]].acts.rollcalls = n
	}

	fixed := fixedActivities()
	for i := range days {
		date := days[i].date.Format("2006-01-02")
		for _, f := range fixed {
			if f.date == date {
				days[i].acts.fixed = append(days[i].acts.fixed, f.fixedActivity)
			}
		}
	}
}

type datedActivity struct {
	date string
	fixedActivity
}

// fixedActivities returns the trainings and liaison visits of the data set. The two campaign trainings
// and the campaign visits are those the bulletin reports.
func fixedActivities() []datedActivity {
	at := func(h, m int) int64 { return int64(h*3600 + m*60) }
	return []datedActivity{
		{"2021-06-17", fixedActivity{"training", at(9, 30), CitywideDistrict, "市局指挥中心", 124, "接处警规范化业务培训（视频会议）"}},
		{"2021-07-08", fixedActivity{"liaison_visit", at(15, 0), CitywideDistrict, "市医疗急救中心", 6, "走访市医疗急救中心，座谈120与110联动"}},
		{"2021-09-16", fixedActivity{"training", at(14, 30), "湘潭县", "湘潭县公安局", 31, "接处警业务培训"}},
		{"2021-11-25", fixedActivity{"training", at(9, 30), CitywideDistrict, "市局指挥中心", 152, "指挥调度系统操作培训（视频会议）"}},
		{"2021-12-09", fixedActivity{"liaison_visit", at(10, 0), CitywideDistrict, "市应急管理局", 5, "走访市应急管理局，交流冬季应急联动"}},
		{"2022-01-13", fixedActivity{"training", at(14, 30), "湘乡市", "湘乡市公安局", 28, "接处警业务培训"}},
		{"2022-03-10", fixedActivity{"liaison_visit", at(15, 0), CitywideDistrict, "市消防救援支队", 7, "走访市消防救援支队，交流联合处置流程"}},
		{"2022-03-24", fixedActivity{"training", at(9, 30), CitywideDistrict, "市局指挥中心", 161, "警情分类与研判标准培训（视频会议）"}},
		{"2022-04-21", fixedActivity{"training", at(14, 30), "雨湖区", "雨湖分局", 32, "接处警业务培训"}},

		{"2022-05-18", fixedActivity{"liaison_visit", at(15, 0), CitywideDistrict, "市应急管理局", 6, "“心贴心、面对面解难题”走访市应急管理局，座谈应急联动调度"}},
		{"2022-05-26", fixedActivity{"training", at(9, 30), CitywideDistrict, "市局指挥中心", 186, "110接处警及警情评价业务培训（视频会议），全市承担接处警任务的民辅警参训"}},
		{"2022-06-08", fixedActivity{"liaison_visit", at(15, 0), CitywideDistrict, "市消防救援支队", 8, "走访市消防救援支队，交流联合处置溺水、坠楼警情"}},
		{"2022-06-16", fixedActivity{"liaison_visit", at(10, 0), CitywideDistrict, "市医疗急救中心", 7, "走访市医疗急救中心，完善120与110联动流程"}},
		{"2022-06-29", fixedActivity{"liaison_visit", at(15, 0), CitywideDistrict, "市城市管理和综合执法局", 5, "走访市城市管理和综合执法局，商定非警务警情分流"}},
		{"2022-07-06", fixedActivity{"liaison_visit", at(10, 0), CitywideDistrict, "12345政务服务热线办公室", 6, "走访12345政务服务热线办公室，规范双向转接"}},
		{"2022-07-19", fixedActivity{"training", at(9, 0), "岳塘区", "岳塘分局", 25, "市局指挥中心赴岳塘分局开展接处警及警情评价业务交流指导"}},
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
	for range a.drills {
		d := &g.districts[pick(rng, g.districtCum)]
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
			kind:         "simulated_alarm_drill",
			district:     d.name,
			unit:         d.stations[rng.IntN(len(d.stations))],
			participants: 2 + rng.IntN(7),
			response:     int(seconds(lognormal(rng, median, 0.4), 30, 1800)),
			note: "模拟警情拉动：" + choose(rng,
				[]string{"群众报警称有人落水", "商铺报警称遭盗窃", "路人报警称有人持刀滋事", "家属报警称老人走失", "群众报警称有人欲跳楼"},
				[]float64{1, 1, 1, 1, 1}),
		})
	}
	for range a.inspections {
		d := &g.districts[pick(rng, g.districtCum)]
		note := "视频巡查" + d.places[rng.IntN(len(d.places))] + "，秩序正常"
		if rng.Float64() < 0.05 {
			note = "视频巡查" + d.places[rng.IntN(len(d.places))] + "，发现隐患已通报属地整改"
		}
		acts = append(acts, activity{
			started:      dp.dayStart + int64(8*3600+rng.IntN(15*3600+1800)),
			kind:         "video_inspection",
			district:     d.name,
			unit:         d.stations[rng.IntN(len(d.stations))],
			participants: 1 + rng.IntN(2),
			note:         note,
		})
	}
	for range a.rollcalls {
		d := &g.districts[rng.IntN(len(g.districts))]
		note := "视频点名：值班人员在岗在位"
		if rng.Float64() < 0.08 {
			note = "视频点名：值班人员未及时应答，已通报"
		}
		slot := []int64{9, 15, 21}[rng.IntN(3)]
		acts = append(acts, activity{
			started:      dp.dayStart + slot*3600 + int64(rng.IntN(1800)),
			kind:         "video_rollcall",
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
			fmt.Sprintf("HD%s%03d", dp.date.Format("20060102"), i+1),
			act.kind, g.formatTime(act.started), act.district, act.unit, strconv.Itoa(act.participants), "", "", act.note,
		}
		if act.kind == "simulated_alarm_drill" {
			// A drill passes when the first patrol arrives within five minutes ("1, 3, 5" response).
			rec[6] = strconv.Itoa(act.response)
			rec[7] = strconv.FormatBool(act.response <= 300)
		}
		recs[i] = rec
	}
	return recs
}
