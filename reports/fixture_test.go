package reports

import "bulletin/metrics"

// fixtureReport is a small hand-written report whose figures the tests of this package assert against.
func fixtureReport() *metrics.Report {
	return &metrics.Report{
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
		},
		Headline: []metrics.Figure{
			{ID: "emergency_help", Label: metrics.Text{Zh: "紧急求助警情", En: "emergency-help incidents"}, Unit: metrics.Text{Zh: "起", En: "incidents"}, Value: 21746, Source: "calls", Aggregate: "count", Definition: "category = emergency_help", Query: "headline_calls.sql"},
			{ID: "suicide_rescued", Label: metrics.Text{Zh: "成功救下轻生警情", En: "suicide-attempt rescues"}, Unit: metrics.Text{Zh: "起", En: "incidents"}, Value: 81, Source: "calls", Aggregate: "count", Definition: "subcategory = suicide_attempt and disposition = rescued", Query: "headline_calls.sql"},
			{ID: "lost_people_found", Label: metrics.Text{Zh: "帮助找回走失人员", En: "lost people found"}, Unit: metrics.Text{Zh: "人", En: "people"}, Value: 455, Source: "calls", Aggregate: "sum", Definition: "sum of people_helped where subcategory = lost_person and disposition = person_found", Query: "headline_calls.sql"},
			{ID: "drills", Label: metrics.Text{Zh: "拉动演练", En: "simulated-alarm drills"}, Unit: metrics.Text{Zh: "次", En: "drills"}, Value: 32, Source: "activities", Aggregate: "count", Definition: "kind = simulated_alarm_drill", Query: "headline_activities.sql"},
		},
		Response: metrics.ResponseTimes{
			Method:  "quantile_cont (linear interpolation) over interval seconds as DOUBLE",
			Profile: metrics.ProfileRef{Name: "rapid-response-1-3-5", Version: "1"},
			MinN:    30,
			Intervals: []metrics.IntervalStat{
				{ID: "answer", Label: metrics.Text{Zh: "接警时长", En: "answer"}, From: "received_at", To: "answered_at", Valid: 100, Missing: 2, Mean: 9.5, P50: 8, P90: 15, P95: 18, Max: 40},
				{ID: "dispatch", Label: metrics.Text{Zh: "派警时长", En: "dispatch"}, From: "received_at", To: "dispatched_at", Valid: 98, Missing: 4, Mean: 75, P50: 62, P90: 130, P95: 160, Max: 400},
				{ID: "response", Label: metrics.Text{Zh: "到场时长", En: "response"}, From: "received_at", To: "arrived_at", Valid: 90, Missing: 8, Flagged: 2, OutOfOrder: 3, Mean: 420, P50: 380, P90: 760, P95: 900, Max: 2400},
			},
			Compliance: metrics.Compliance{Interval: "response", Label: metrics.Text{Zh: "到场时长", En: "response"}, Thresholds: []metrics.Threshold{
				{Seconds: 60, Within: 2, Of: 90, Share: 2.0 / 90},
				{Seconds: 180, Within: 18, Of: 90, Share: 18.0 / 90},
				{Seconds: 300, Within: 36, Of: 90, Share: 36.0 / 90},
			}},
			Histogram: metrics.Histogram{Interval: "response", Edges: []int{0, 60, 180, 300, 600, 900}, Counts: []int64{2, 16, 18, 30, 14, 10}},
		},
		Daily: []metrics.DailyCount{
			{Date: "2022-05-01", Calls: 700, EmergencyHelp: 230},
			{Date: "2022-05-02", Calls: 650, EmergencyHelp: 241},
			{Date: "2022-05-03", Calls: 720, EmergencyHelp: 250},
		},
		Categories: []metrics.GroupCount{
			{Key: "emergency_help", Label: metrics.Text{Zh: "紧急求助", En: "Emergency help"}, Count: 721},
			{Key: "public_order", Label: metrics.Text{Zh: "治安", En: "Public order"}, Count: 500},
			{Key: "traffic", Label: metrics.Text{Zh: "交通", En: "Traffic"}, Count: 420},
		},
		Districts: []metrics.DistrictStat{
			{District: "雨湖区", Label: metrics.Text{Zh: "雨湖区", En: "Yuhu District"}, Calls: 600, EmergencyHelp: 200, ResponseN: 40, ResponseP50: 300, ResponseP90: 600, Within: []float64{0.05, 0.3, 0.5}},
			{District: "岳塘区", Label: metrics.Text{Zh: "岳塘区", En: "Yuetang District"}, Calls: 500, EmergencyHelp: 180, ResponseN: 30, ResponseP50: 360, ResponseP90: 700, Within: []float64{0.02, 0.2, 0.4}},
			{District: "湘潭县", Label: metrics.Text{Zh: "湘潭县", En: "Xiangtan County"}, Calls: 300, EmergencyHelp: 100, ResponseN: 20, ResponseP50: 540, ResponseP90: 1100, Within: []float64{0, 0.1, 0.25}},
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
		Trainings: []metrics.Training{{Date: "2022-05-26", District: "全市", Unit: "指挥中心", Participants: 186}},
		Quality:   fixtureQuality(),
		Inputs:    []metrics.InputFile{{Name: "calls-2022-05.csv", Kind: "calls", SHA256: "00ff", RowsRead: 1000, Loaded: 960, Quarantined: 25, Duplicates: 15}},
	}
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
