package figures

import (
	"path/filepath"
	"testing"

	"bulletin/metrics"
	"bulletin/metrics/campaign"
)

func TestDescribeStatesAFigureInWords(t *testing.T) {
	c, err := campaign.Load(filepath.Join("..", "..", "sample-data", "campaign.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	p := campaign.Period{Start: "2022-05-01", End: "2022-07-31"}
	tests := []struct {
		name   string
		metric campaign.MetricDef
		want   metrics.Text
	}{
		{"count with filters", campaign.MetricDef{Measure: campaign.Measure{Source: "calls", Aggregate: "count",
			Where: map[string][]string{"category": {"emergency_help"}, "district": {"雨湖区", "岳塘区"}}}},
			metrics.Text{
				Zh: "接警时间在2022-05-01至2022-07-31（含）的警情数，其中警情类别为“紧急求助”，地区为“雨湖区”或“岳塘区”。",
				En: "The number of calls received from 2022-05-01 to 2022-07-31 inclusive, where category is Emergency help; district is Yuhu District or Yuetang District.",
			}},
		{"sum of activities in a window", campaign.MetricDef{Measure: campaign.Measure{Source: "activities", Aggregate: "sum", Field: "participants",
			WhereNot: map[string][]string{"kind": {"video_inspection"}}}, Window: &metrics.Window{Hours: []int{22, 6}, Weekdays: []int{6, 7}}},
			metrics.Text{
				Zh: "开始时间在2022-05-01至2022-07-31（含）的工作记录的参训人数之和，其中工作类型不为“视频巡查”，仅当地时间22:00至06:00，仅星期六、星期日。",
				En: "The sum of participants over the activities started from 2022-05-01 to 2022-07-31 inclusive, where kind of activity is not Video inspections; only from 22:00 to 06:00 local time; only on Saturday, Sunday.",
			}},
		{"incidents with an interval condition", campaign.MetricDef{Measure: campaign.Measure{Source: "calls", Aggregate: "count_distinct", Field: "incident"},
			Interval: &metrics.IntervalCondition{ID: "response", MaxSeconds: 300}},
			metrics.Text{
				Zh: "接警时间在2022-05-01至2022-07-31（含）的警情中不同事件的个数，其中仅到场时长有效且不超过300秒。共用一个事件编号的警情计为一个事件，无事件编号的警情各自计为一个事件。",
				En: "The number of distinct incidents among the calls received from 2022-05-01 to 2022-07-31 inclusive, where only calls with a valid response interval of at most 300 s. Calls sharing an incident_id are one incident; a call without one is an incident of its own.",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := describe(c, tt.metric, p); got != tt.want {
				t.Errorf("describe:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
