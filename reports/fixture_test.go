package reports

import "bulletin/metrics"

// fixtureReport is a small hand-written report whose figures the tests of this package assert against.
func fixtureReport() *metrics.Report {
	r := &metrics.Report{
		Schema: metrics.SchemaVersion,
		Campaign: metrics.CampaignInfo{
			ID:        "test-campaign",
			Name:      metrics.Text{Zh: "“一项活动”“一项行动”", En: "One Activity, One Action"},
			Unit:      metrics.Text{Zh: "湘潭市公安局指挥中心", En: "Command Center, Xiangtan Public Security Bureau"},
			Start:     "2022-05-01",
			End:       "2022-05-03",
			Days:      3,
			TimeZone:  "Asia/Shanghai",
			Published: "2022-08-02",
			Events: []metrics.Event{
				{Date: "2022-05-02", Label: metrics.Text{Zh: "视频培训", En: "Video training"}},
				{Date: "2022-05-03", Label: metrics.Text{Zh: "联合救援", En: "Joint rescue"}},
			},
			Publication: metrics.Publication{MinCount: 5, MinBase: 20, Sensitive: map[string][]string{"subcategory": {"suicide_attempt", "missing_person"}}},
			Languages:   []string{"zh", "en"},
			Bulletin:    "xiangtan",
		},
		Headline: []metrics.Figure{
			{ID: "emergency_help", Label: metrics.Text{Zh: "紧急求助警情", En: "emergency-help incidents"}, Unit: metrics.Text{Zh: "起", En: "incidents"}, Value: 21746, Source: "calls", Aggregate: "count", Definition: "category = emergency_help", Query: "headline_calls.sql",
				Description: metrics.Text{Zh: "紧急求助类警情数。", En: "The number of emergency-help calls."},
				Compare:     []metrics.Change{change("previous", 20463), change("year_earlier", 19620)}},
			{ID: "suicide_rescued", Label: metrics.Text{Zh: "成功救下轻生警情", En: "suicide-attempt rescues"}, Unit: metrics.Text{Zh: "起", En: "incidents"}, Value: 81, Source: "calls", Aggregate: "count", Definition: "subcategory = suicide_attempt and disposition = rescued", Query: "headline_calls.sql",
				Better: metrics.BetterHigher, Compare: []metrics.Change{change("previous", 82), change("year_earlier", 0)}},
			{ID: "lost_people_found", Label: metrics.Text{Zh: "帮助找回走失人员", En: "lost people found"}, Unit: metrics.Text{Zh: "人", En: "people"}, Value: 455, Source: "calls", Aggregate: "sum", Definition: "sum of people_helped where subcategory = lost_person and disposition = person_found", Query: "headline_calls.sql",
				Better: metrics.BetterLower, Compare: []metrics.Change{change("previous", 413), change("year_earlier", 455)}},
			{ID: "drills", Label: metrics.Text{Zh: "拉动演练", En: "simulated-alarm drills"}, Unit: metrics.Text{Zh: "次", En: "drills"}, Value: 32, Source: "activities", Aggregate: "count", Definition: "kind = simulated_alarm_drill", Query: "headline_activities.sql",
				Better: metrics.BetterHigher, Compare: []metrics.Change{change("previous", 12), {Baseline: "year_earlier"}}},
		},
		Response: metrics.ResponseTimes{
			Method:  "quantile_cont (linear interpolation) over interval seconds as DOUBLE",
			Profile: metrics.ProfileRef{Name: "rapid-response-1-3-5", Version: "1"},
			MinN:    30,
			Intervals: []metrics.IntervalStat{
				{ID: "answer", Label: metrics.Text{Zh: "接警时长", En: "answer"}, From: "received_at", To: "answered_at", Valid: 100, Reliable: true, Missing: 2, Mean: 9.5, P50: 8, P90: 15, P95: 18, Max: 40},
				{ID: "dispatch", Label: metrics.Text{Zh: "派警时长", En: "dispatch"}, From: "received_at", To: "dispatched_at", Valid: 98, Reliable: true, Missing: 4, Mean: 75, P50: 62, P90: 130, P95: 160, Max: 400},
				{ID: "response", Label: metrics.Text{Zh: "到场时长", En: "response"}, From: "received_at", To: "arrived_at", Valid: 90, Reliable: true, Missing: 8, Flagged: 2, OutOfOrder: 3, Mean: 420, P50: 380, P90: 760, P95: 900, Max: 2400},
			},
			Compliance: metrics.Compliance{Interval: "response", Label: metrics.Text{Zh: "到场时长", En: "response"}, Thresholds: []metrics.Threshold{
				{Seconds: 60, Within: 2, Of: 90, Share: 2.0 / 90, Reliable: true, Compare: []metrics.ShareChange{shareChange("previous", 1, 80, 2.0/90), shareChange("year_earlier", 0, 70, 2.0/90)}},
				{Seconds: 180, Within: 18, Of: 90, Share: 18.0 / 90, Reliable: true, Compare: []metrics.ShareChange{shareChange("previous", 20, 80, 18.0/90), {Baseline: "year_earlier"}}},
				{Seconds: 300, Within: 36, Of: 90, Share: 36.0 / 90, Reliable: true, Compare: []metrics.ShareChange{shareChange("previous", 32, 80, 36.0/90), shareChange("year_earlier", 35, 70, 36.0/90)}},
			}},
			Targets: []metrics.TargetResult{
				{ID: "staged_arrival", Label: metrics.Text{Zh: "城区5分钟、县市10分钟到场", En: "On scene within 5 minutes (urban), 10 (counties)"}, Interval: "response", TierField: "district",
					Tiers: []metrics.TierResult{
						{Tier: "", Label: metrics.Text{Zh: "全部", En: "all"}, N: 90, Reliable: true, P90: 760, Thresholds: []metrics.Threshold{{Seconds: 300, Within: 36, Of: 90, Share: 36.0 / 90, Reliable: true}}},
						{Tier: "雨湖区", Label: metrics.Text{Zh: "雨湖区", En: "Yuhu District"}, N: 40, Reliable: true, P90: 600, Thresholds: []metrics.Threshold{{Seconds: 300, Within: 20, Of: 40, Share: 0.5, Reliable: true}}},
						{Tier: "岳塘区", Label: metrics.Text{Zh: "岳塘区", En: "Yuetang District"}, N: 30, Reliable: true, P90: 700, Thresholds: []metrics.Threshold{{Seconds: 300, Within: 12, Of: 30, Share: 0.4, Reliable: true}}},
						// 20 valid intervals, fewer than min_n: not reliable.
						{Tier: "湘潭县", Label: metrics.Text{Zh: "湘潭县", En: "Xiangtan County"}, N: 20, P90: 1100, Thresholds: []metrics.Threshold{{Seconds: 600, Within: 11, Of: 20, Share: 0.55}}},
					}},
				{ID: "nena_answer", Label: metrics.Text{Zh: "接警时效（NENA标准）", En: "Call answering (NENA)"}, Interval: "answer",
					Tiers: []metrics.TierResult{{Tier: "", N: 100, Reliable: true, P90: 15, Goals: []metrics.GoalResult{
						{WithinSeconds: 15, Share: 0.9, Achieved: 0.91, Within: 91, Of: 100, Quantile: 15, Met: true},
						{WithinSeconds: 20, Share: 0.95, Achieved: 0.93, Within: 93, Of: 100, Quantile: 21, Met: false},
					}}}},
			},
			Histogram: metrics.Histogram{Interval: "response", Edges: []int{0, 60, 180, 300, 600, 900}, Counts: []int64{2, 16, 18, 30, 14, 10}},
		},
		Daily: []metrics.DailyCount{
			{Date: "2022-05-01", Calls: 700},
			{Date: "2022-05-02", Calls: 650},
			{Date: "2022-05-03", Calls: 720},
		},
		Categories: []metrics.GroupCount{
			{Key: "emergency_help", Label: metrics.Text{Zh: "紧急求助", En: "Emergency help"}, Count: 721},
			{Key: "public_order", Label: metrics.Text{Zh: "治安", En: "Public order"}, Count: 500},
			{Key: "traffic", Label: metrics.Text{Zh: "交通", En: "Traffic"}, Count: 420},
		},
		Districts: []metrics.DistrictStat{
			{District: "雨湖区", Label: metrics.Text{Zh: "雨湖区", En: "Yuhu District"}, Calls: 600, ResponseN: 40, ResponseP10: 120, ResponseP25: 200, ResponseP50: 300, ResponseP75: 450, ResponseP90: 600, Within: []float64{0.05, 0.3, 0.5}},
			{District: "岳塘区", Label: metrics.Text{Zh: "岳塘区", En: "Yuetang District"}, Calls: 500, ResponseN: 30, ResponseP10: 150, ResponseP25: 240, ResponseP50: 360, ResponseP75: 500, ResponseP90: 700, Within: []float64{0.02, 0.2, 0.4}},
			{District: "湘潭县", Label: metrics.Text{Zh: "湘潭县", En: "Xiangtan County"}, Calls: 300, ResponseN: 20, ResponseP10: 300, ResponseP25: 420, ResponseP50: 540, ResponseP75: 800, ResponseP90: 1100, Within: []float64{0, 0.1, 0.25}},
		},
		Linkage: []metrics.GroupCount{
			{Key: "medical", Label: metrics.Text{Zh: "医疗急救", En: "Medical first aid"}, Count: 120},
			{Key: "fire", Label: metrics.Text{Zh: "消防救援", En: "Fire and rescue"}, Count: 40},
		},
		LinkedCalls: 150,
		Activities: []metrics.GroupCount{
			{Key: "simulated_alarm_drill", Label: metrics.Text{Zh: "模拟警情拉动演练", En: "Simulated-alarm drills"}, Count: 32},
			{Key: "video_inspection", Label: metrics.Text{Zh: "视频巡查", En: "Video inspections"}, Count: 660},
			{Key: "video_rollcall", Label: metrics.Text{Zh: "视频点名", En: "Video roll-calls"}, Count: 412},
		},
		Sessions: []metrics.Session{{Date: "2022-05-26", Kind: "training", KindLabel: metrics.Text{Zh: "业务培训", En: "Training sessions"},
			District: "全市", DistrictLabel: metrics.Text{Zh: "全市", En: "Citywide"}, Unit: "指挥中心", UnitLabel: metrics.Text{Zh: "指挥中心", En: "指挥中心"}, Participants: 186}},
		Baselines: []metrics.BaselineInfo{
			{ID: "previous", Label: metrics.Text{Zh: "上一周期", En: "previous period"}, Start: "2022-04-28", End: "2022-04-30", Days: 3, Calls: 1900, Activities: 900},
			{ID: "year_earlier", Label: metrics.Text{Zh: "去年同期", En: "same period last year"}, Start: "2021-05-01", End: "2021-05-03", Days: 3, Calls: 1800, Activities: 0},
		},
		Units:      metrics.Units{Calls: 2070, Incidents: 2070, LinkingRule: metrics.IncidentRule, PeopleHelped: 470},
		Exclusions: []metrics.Exclusion{{Figure: "response", Reason: "arrived_at missing", N: 8, Unit: "calls"}},
		Breakdowns: metrics.Breakdowns{
			ByField: []metrics.FieldBreakdown{{Field: "station", Label: metrics.Text{Zh: "派出所", En: "Police station"}, Rows: []metrics.FieldCount{
				{Key: "城正街派出所", Label: metrics.Text{Zh: "城正街派出所", En: "城正街派出所"}, Calls: 1200, Share: 1200.0 / 2070},
				{Key: "", Label: metrics.Text{Zh: "未填", En: "(not recorded)"}, Calls: 870, Share: 870.0 / 2070},
			}}},
			Weekly: []metrics.PeriodCount{
				{Key: "2022-W17", Start: "2022-05-01", Calls: 700},
				{Key: "2022-W18", Start: "2022-05-02", Calls: 1370},
			},
			HourWeekday: fixtureHourWeekday(),
			ActivitiesWeekly: []metrics.ActivitySeries{
				{Kind: "simulated_alarm_drill", Label: metrics.Text{Zh: "模拟警情拉动演练", En: "Simulated-alarm drills"},
					Weeks: []metrics.WeekCount{{Key: "2022-W17", Start: "2022-05-01", Count: 2}, {Key: "2022-W18", Start: "2022-05-02", Count: 30}}},
				{Kind: "video_inspection", Label: metrics.Text{Zh: "视频巡查", En: "Video inspections"},
					Weeks: []metrics.WeekCount{{Key: "2022-W17", Start: "2022-05-01", Count: 60}, {Key: "2022-W18", Start: "2022-05-02", Count: 600}}},
			},
			Weekdays: [7]metrics.Text{{Zh: "星期一", En: "Monday"}, {Zh: "星期二", En: "Tuesday"}, {Zh: "星期三", En: "Wednesday"},
				{Zh: "星期四", En: "Thursday"}, {Zh: "星期五", En: "Friday"}, {Zh: "星期六", En: "Saturday"}, {Zh: "星期日", En: "Sunday"}},
			LinkagePairs: []metrics.PairCount{{A: "fire", LabelA: metrics.Text{Zh: "消防救援", En: "Fire and rescue"}, B: "medical", LabelB: metrics.Text{Zh: "医疗急救", En: "Medical first aid"}, Calls: 10}},
			ActivitiesByDistrict: []metrics.ActivityCount{
				{Kind: "simulated_alarm_drill", KindLabel: metrics.Text{Zh: "模拟警情拉动演练", En: "Simulated-alarm drills"}, Key: "雨湖区", Label: metrics.Text{Zh: "雨湖区", En: "Yuhu District"}, Count: 20},
				{Kind: "simulated_alarm_drill", KindLabel: metrics.Text{Zh: "模拟警情拉动演练", En: "Simulated-alarm drills"}, Key: "岳塘区", Label: metrics.Text{Zh: "岳塘区", En: "Yuetang District"}, Count: 12},
				{Kind: "video_inspection", KindLabel: metrics.Text{Zh: "视频巡查", En: "Video inspections"}, Key: "雨湖区", Label: metrics.Text{Zh: "雨湖区", En: "Yuhu District"}, Count: 660},
			},
			ActivitiesByUnit: []metrics.ActivityCount{
				{Kind: "video_inspection", KindLabel: metrics.Text{Zh: "视频巡查", En: "Video inspections"}, Key: "城正街派出所", Label: metrics.Text{Zh: "城正街派出所", En: "城正街派出所"}, Count: 660},
			},
			Results: []metrics.KindResults{{Kind: "simulated_alarm_drill", Label: metrics.Text{Zh: "模拟警情拉动演练", En: "Simulated-alarm drills"},
				Total: metrics.ResultGroup{Count: 32, Passed: 29, Failed: 2, Unknown: 1, PassRate: 29.0 / 31, PassRateN: 31,
					Response: metrics.SecondsSummary{N: 30, Mean: 200, P50: 180, P90: 300, Max: 420}},
				ByDistrict: []metrics.ResultGroup{
					{District: "雨湖区", Label: metrics.Text{Zh: "雨湖区", En: "Yuhu District"}, Count: 20, Passed: 19, Failed: 1, PassRate: 0.95, PassRateN: 20,
						Response: metrics.SecondsSummary{N: 20, Mean: 190, P50: 170, P90: 280, Max: 400}},
					{District: "岳塘区", Label: metrics.Text{Zh: "岳塘区", En: "Yuetang District"}, Count: 12, Passed: 10, Failed: 1, Unknown: 1, PassRate: 10.0 / 11, PassRateN: 11,
						Response: metrics.SecondsSummary{N: 10, Mean: 220, P50: 200, P90: 320, Max: 420}},
				},
			}},
			Participation: []metrics.KindParticipation{{Kind: "training", Label: metrics.Text{Zh: "业务培训", En: "Training sessions"}, Activities: 1, Participants: 186,
				ByDistrict: []metrics.ParticipationDistrict{{District: "全市", Label: metrics.Text{Zh: "全市", En: "Citywide"}, Activities: 1, Participants: 186}}}},
		},
		Declared: fixtureDeclared(),
		Quality:  fixtureQuality(),
		Inputs:   []metrics.InputFile{{Name: "calls-2022-05.csv", Kind: "calls", SHA256: "00ff", RowsRead: 1000, Loaded: 960, Quarantined: 25, Duplicates: 15}},
	}
	// The changes of the headline figures from their baseline values.
	for i, fig := range r.Headline {
		for j, c := range fig.Compare {
			if c.Value == nil {
				continue
			}
			abs := fig.Value - *c.Value
			r.Headline[i].Compare[j].Abs = &abs
			if *c.Value != 0 {
				rel := float64(fig.Value)/float64(*c.Value) - 1
				r.Headline[i].Compare[j].Rel = &rel
			}
		}
	}
	return r
}

// fixtureHourWeekday counts the fixture's calls by weekday and hour: a few busy hours, the rest empty.
func fixtureHourWeekday() [7][24]int64 {
	var cells [7][24]int64
	cells[0][9] = 7  // Monday 09:00-09:59
	cells[1][23] = 3 // Tuesday 23:00-23:59
	cells[6][8] = 5  // Sunday 08:00-08:59
	return cells
}

// fixtureQuality is the data quality of the fixture: one file whose 25 quarantined rows and 34 flags
// (on 30 rows) add up the same by check, by file and by district.
func fixtureQuality() metrics.Quality {
	const file, badTime = "calls-2022-05.csv", "not a time of the form YYYY-MM-DD HH:MM:SS"
	quarantine := func(check string, n int64) metrics.CheckTally {
		return metrics.CheckTally{Check: check, Action: metrics.ActionQuarantine, Count: n}
	}
	flag := func(check string, n int64) metrics.CheckTally {
		return metrics.CheckTally{Check: check, Action: metrics.ActionFlag, Count: n}
	}
	check := func(check, action string, n int64, examples ...metrics.FaultExample) metrics.CheckCount {
		return metrics.CheckCount{Check: check, Label: metrics.CheckLabel(check), Action: action, Count: n, Examples: examples}
	}
	return metrics.Quality{
		RowsRead: 1000, Loaded: 960, Quarantined: 25, Duplicates: 15, Flagged: 30, Records: 950, Flags: 34,
		QuarantineReasons: []metrics.ReasonCount{{Reason: "unparsable_time: received_at", Rows: 18}, {Reason: "field_count", Rows: 5}, {Reason: "unknown_value: category", Rows: 2}},
		Checks: []metrics.CheckCount{
			check("unparsable_time", metrics.ActionQuarantine, 18,
				metrics.FaultExample{File: file, Line: 12, Column: "received_at", Value: "2022/05/03 25:61", Reason: badTime},
				metrics.FaultExample{File: file, Line: 40, Column: "received_at", Value: "-1", Reason: badTime}),
			check("field_count", metrics.ActionQuarantine, 5,
				metrics.FaultExample{File: file, Line: 7, Reason: "wrong number of fields: got 5, want 17"}),
			check("unknown_value", metrics.ActionQuarantine, 2,
				metrics.FaultExample{File: file, Line: 1203, Column: "category", Value: "unknown", Reason: `unknown value "unknown"`}),
			check("interval_order", metrics.ActionFlag, 30,
				metrics.FaultExample{File: file, Line: 4, Column: "arrived_at", Value: "2022-05-01 08:04:00", Reason: "arrival before dispatch"}),
			check("unknown_value", metrics.ActionFlag, 4,
				metrics.FaultExample{File: file, Line: 88, Column: "station", Value: "城正街所", Reason: `unknown value "城正街所"`}),
		},
		Files: []metrics.FileQuality{{
			Name: file, Kind: "calls", Profile: "canonical", Format: "csv", Encoding: "utf-8",
			RowsRead: 1000, Loaded: 960, Quarantined: 25, Duplicates: 15, Flagged: 30, Records: 950,
			Checks: []metrics.CheckTally{quarantine("unparsable_time", 18), quarantine("field_count", 5), quarantine("unknown_value", 2), flag("interval_order", 30), flag("unknown_value", 4)},
		}},
		Districts: []metrics.DistrictQuality{
			{District: "雨湖区", Label: metrics.Text{Zh: "雨湖区", En: "Yuhu District"}, Quarantined: 12, Flags: 22,
				Checks: []metrics.CheckTally{quarantine("unparsable_time", 10), quarantine("unknown_value", 2), flag("interval_order", 18), flag("unknown_value", 4)}},
			{District: "岳塘区", Label: metrics.Text{Zh: "岳塘区", En: "Yuetang District"}, Quarantined: 6, Flags: 12,
				Checks: []metrics.CheckTally{quarantine("unparsable_time", 6), flag("interval_order", 12)}},
			{District: "", Label: metrics.Text{Zh: "（不详）", En: "(unknown)"}, Quarantined: 7,
				Checks: []metrics.CheckTally{quarantine("field_count", 5), quarantine("unparsable_time", 2)}},
		},
	}
}

// change is a headline figure's comparison with a baseline whose value was base; a base of 0 has no
// relative change.
func change(baseline string, base int64) metrics.Change {
	return metrics.Change{Baseline: baseline, Available: true, Value: &base}
}

// shareChange is a share's comparison with a baseline share within/of, the current share being now.
func shareChange(baseline string, within, of int64, now float64) metrics.ShareChange {
	share := float64(within) / float64(of)
	points := (now - share) * 100
	c := metrics.ShareChange{Baseline: baseline, Available: true, Share: &share, Of: of, Points: &points}
	if share > 0 {
		rel := now/share - 1
		c.Rel = &rel
	}
	return c
}

// fixtureDeclared are the breakdowns the fixture's campaign declares, as the sample campaign does:
// its 721 emergency-help calls by day (230, 241, 250), by week, by district and by district and
// subcategory. The districts the fixture lists hold 480 of them; the other 241 are in districts it
// leaves out, so the breakdowns by district list rows adding up to less than their totals. By subcategory, 雨湖区 has 9 suicide attempts (shown: not below min_count 5), 3 lost people
// (not sensitive) and 188 others; 岳塘区 3 suicide attempts (below 5: suppressed in public outputs),
// 5 missing people and 172 others.
func fixtureDeclared() []metrics.DeclaredBreakdown {
	help := metrics.Filters{Where: map[string][]string{"category": {"emergency_help"}}}
	label := metrics.Text{Zh: "紧急求助警情", En: "Emergency help"}
	unit := metrics.Text{Zh: "起", En: "calls"}
	description := metrics.Text{Zh: "警情类别为紧急求助的警情数。", En: "The number of calls of category Emergency help."}
	row := func(value int64, keys ...string) metrics.BreakdownRow {
		r := metrics.BreakdownRow{Keys: keys, Value: value}
		for _, k := range keys {
			r.Labels = append(r.Labels, fixtureKeyLabel(k))
		}
		return r
	}
	return []metrics.DeclaredBreakdown{
		{ID: "help_daily", Label: label, Unit: unit, Source: "calls", Aggregate: "count", Filters: help,
			By: []string{"day"}, ByLabels: []metrics.Text{{Zh: "日期", En: "Day"}}, Show: metrics.Show{On: "daily", Sheet: true},
			Rows:  []metrics.BreakdownRow{row(230, "2022-05-01"), row(241, "2022-05-02"), row(250, "2022-05-03")},
			Total: 721, Description: description, Query: "declared_breakdown.sql"},
		{ID: "help_weekly", Label: label, Unit: unit, Source: "calls", Aggregate: "count", Filters: help,
			By: []string{"week"}, ByLabels: []metrics.Text{{Zh: "周", En: "Week"}}, Show: metrics.Show{On: "weekly"},
			Rows:  []metrics.BreakdownRow{row(230, "2022-W17"), row(491, "2022-W18")},
			Total: 721, Description: description, Query: "declared_breakdown.sql"},
		{ID: "help_by_district", Label: label, Unit: unit, Source: "calls", Aggregate: "count", Filters: help,
			By: []string{"district"}, ByLabels: []metrics.Text{{Zh: "地区", En: "District"}}, Show: metrics.Show{On: "districts"},
			Rows:  []metrics.BreakdownRow{row(200, "雨湖区"), row(180, "岳塘区"), row(100, "湘潭县")},
			Total: 721, Description: description, Query: "declared_breakdown.sql"},
		{ID: "help_by_district_subcategory", Label: metrics.Text{Zh: "各地区紧急求助警情（按细类）", En: "Emergency help by district and kind"},
			Unit: unit, Source: "calls", Aggregate: "count", Filters: help,
			By: []string{"district", "subcategory"}, ByLabels: []metrics.Text{{Zh: "地区", En: "District"}, {Zh: "警情细类", En: "Subcategory"}},
			Show: metrics.Show{Chart: "stacked", Sheet: true},
			Rows: []metrics.BreakdownRow{
				row(9, "雨湖区", "suicide_attempt"), row(3, "雨湖区", "lost_person"), row(188, "雨湖区", "other"),
				row(3, "岳塘区", "suicide_attempt"), row(5, "岳塘区", "missing_person"), row(172, "岳塘区", "other"),
				row(100, "湘潭县", "other"),
			},
			Total: 721, Description: description, Query: "declared_breakdown.sql"},
	}
}

// fixtureKeyLabel labels a key of the fixture's breakdowns as package figures would: districts by
// their names, subcategories by the data model's labels, dates and weeks as they are.
func fixtureKeyLabel(key string) metrics.Text {
	switch key {
	case "雨湖区":
		return metrics.Text{Zh: "雨湖区", En: "Yuhu District"}
	case "岳塘区":
		return metrics.Text{Zh: "岳塘区", En: "Yuetang District"}
	case "湘潭县":
		return metrics.Text{Zh: "湘潭县", En: "Xiangtan County"}
	case "suicide_attempt":
		return metrics.Text{Zh: "轻生", En: "Suicide attempt"}
	case "lost_person":
		return metrics.Text{Zh: "走失", En: "Lost person"}
	case "missing_person":
		return metrics.Text{Zh: "失踪", En: "Missing person"}
	case "other":
		return metrics.Text{Zh: "其他", En: "Other"}
	}
	return metrics.Text{Zh: key, En: key}
}
