package figures

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"bulletin/metrics"
	"bulletin/metrics/campaign"
)

// computeQualityFixture computes the data quality of testdata/quality.sql, whose four files are
// described at its top. Every expected value below was counted by hand from that file.
func computeQualityFixture(t *testing.T) metrics.Quality {
	t.Helper()
	fixture, err := os.ReadFile(filepath.Join("testdata", "quality.sql"))
	if err != nil {
		t.Fatal(err)
	}
	q, err := ComputeQuality(context.Background(), memoryWarehouse(t, string(fixture)))
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// showJSON renders v for a failure message.
func showJSON(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

func TestComputeQualityTotalsLeaveOutReplacedFiles(t *testing.T) {
	q := computeQualityFixture(t)
	// Files 1, 3 and 4 (file 2 was replaced by 3): rows read 10 + 5 + 3, loaded 6 + 3 + 2,
	// quarantined 3 + 2 + 1, duplicates 1 + 0 + 0, flagged 3 + 2 + 0 (file 4 predates flags),
	// records 6 + 2 + 2 (file 4's loaded rows), flags 4 of file 1 + 2 of file 3.
	got := [7]int64{q.RowsRead, q.Loaded, q.Quarantined, q.Duplicates, q.Flagged, q.Records, q.Flags}
	if want := [7]int64{18, 11, 6, 1, 5, 10, 6}; got != want {
		t.Errorf("rows read, loaded, quarantined, duplicates, flagged, records, flags = %v, want %v", got, want)
	}
}

func TestComputeQualityCountsChecksWithFirstExamples(t *testing.T) {
	q := computeQualityFixture(t)
	const badTime = "not a time of the form YYYY-MM-DD HH:MM:SS"
	want := []metrics.CheckCount{
		// Quarantine first, most frequent first, then by name.
		{Check: "unparsable_time", Label: metrics.CheckLabel("unparsable_time"), Action: metrics.ActionQuarantine, Count: 2, Examples: []metrics.FaultExample{
			// File 1 comes before file 3 although its line is later.
			{File: "calls-a.csv", Line: 5, Column: "received_at", Value: "2022/05/03", Reason: badTime},
			{File: "calls-b.csv", Line: 3, Column: "received_at", Value: "-1", Reason: badTime},
		}},
		{Check: "field_count", Label: metrics.CheckLabel("field_count"), Action: metrics.ActionQuarantine, Count: 1, Examples: []metrics.FaultExample{{File: "calls-a.csv", Line: 3, Column: "", Value: "", Reason: "wrong number of fields: got 5, want 17"}}},
		{Check: "invalid_value", Label: metrics.CheckLabel("invalid_value"), Action: metrics.ActionQuarantine, Count: 1, Examples: []metrics.FaultExample{{File: "activities.csv", Line: 3, Column: "passed", Value: "maybe", Reason: "not true or false"}}},
		{Check: "unknown_district", Label: metrics.CheckLabel("unknown_district"), Action: metrics.ActionQuarantine, Count: 1, Examples: []metrics.FaultExample{{File: "calls-b.csv", Line: 4, Column: "district", Value: "湘潭高新区", Reason: `unknown district "湘潭高新区"`}}},
		{Check: "unknown_value", Label: metrics.CheckLabel("unknown_value"), Action: metrics.ActionQuarantine, Count: 1, Examples: []metrics.FaultExample{{File: "calls-a.csv", Line: 8, Column: "category", Value: "unknown", Reason: `unknown value "unknown"`}}},
		// Four interval_order flags (the replaced file's is left out); the first three are examples.
		{Check: "interval_order", Label: metrics.CheckLabel("interval_order"), Action: metrics.ActionFlag, Count: 4, Examples: []metrics.FaultExample{
			{File: "calls-a.csv", Line: 2, Column: "arrived_at", Value: "2022-05-01 08:04:00", Reason: "arrival before dispatch"},
			{File: "calls-a.csv", Line: 6, Column: "closed_at", Value: "2022-05-01 09:00:00", Reason: "closed before arrival"},
			{File: "calls-a.csv", Line: 9, Column: "answered_at", Value: "2022-05-01 07:59:00", Reason: "answered before received"},
		}},
		{Check: "outside_period", Label: metrics.CheckLabel("outside_period"), Action: metrics.ActionFlag, Count: 1, Examples: []metrics.FaultExample{{File: "calls-a.csv", Line: 2, Column: "received_at", Value: "2022-04-30 23:59:59", Reason: "before the period"}}},
		{Check: "unknown_value", Label: metrics.CheckLabel("unknown_value"), Action: metrics.ActionFlag, Count: 1, Examples: []metrics.FaultExample{{File: "calls-b.csv", Line: 2, Column: "station", Value: `=HYPERLINK("http://x","y")`, Reason: "unknown station"}}},
	}
	if !reflect.DeepEqual(q.Checks, want) {
		t.Errorf("checks = %s\nwant %s", showJSON(q.Checks), showJSON(want))
	}
	if got := metrics.CheckLabel("interval_order"); got != (metrics.Text{Zh: "时间顺序颠倒", En: "times out of order"}) {
		t.Errorf("interval_order label = %+v", got)
	}
	wantReasons := []metrics.ReasonCount{{Reason: "unparsable_time: received_at", Rows: 2}, {Reason: "field_count", Rows: 1}, {Reason: "invalid_value: passed", Rows: 1},
		{Reason: "unknown_district: district", Rows: 1}, {Reason: "unknown_value: category", Rows: 1}}
	if !slices.Equal(q.QuarantineReasons, wantReasons) {
		t.Errorf("quarantine reasons = %v, want %v", q.QuarantineReasons, wantReasons)
	}
}

func TestComputeQualityAccountsForEveryFileInIngestOrder(t *testing.T) {
	q := computeQualityFixture(t)
	quarantine := func(check string, n int64) metrics.CheckTally {
		return metrics.CheckTally{Check: check, Action: metrics.ActionQuarantine, Count: n}
	}
	flag := func(check string, n int64) metrics.CheckTally {
		return metrics.CheckTally{Check: check, Action: metrics.ActionFlag, Count: n}
	}
	want := []metrics.FileQuality{
		{Name: "calls-a.csv", Kind: "calls", Profile: "canonical", Format: "csv", Encoding: "utf-8", RowsRead: 10, Loaded: 6, Quarantined: 3, Duplicates: 1, Flagged: 3, Records: 6, Checks: []metrics.CheckTally{
			quarantine("field_count", 1), quarantine("unknown_value", 1), quarantine("unparsable_time", 1),
			flag("interval_order", 3), flag("outside_period", 1),
		}},
		// File 2 was replaced by this re-delivery of the same name.
		{Name: "calls-b.csv", Kind: "calls", Profile: "xt-units", Format: "csv+gzip", Encoding: "gb18030", RowsRead: 5, Loaded: 3, Quarantined: 2, Duplicates: 0, Flagged: 2, Records: 2, Checks: []metrics.CheckTally{
			quarantine("unknown_district", 1), quarantine("unparsable_time", 1),
			flag("interval_order", 1), flag("unknown_value", 1),
		}},
		// Ingested before schema version 2: no profile, format or encoding; no flags; each loaded
		// row is a record.
		{Name: "activities.csv", Kind: "activities", Profile: "", Format: "", Encoding: "", RowsRead: 3, Loaded: 2, Quarantined: 1, Duplicates: 0, Flagged: 0, Records: 2, Checks: []metrics.CheckTally{quarantine("invalid_value", 1)}},
	}
	if !reflect.DeepEqual(q.Files, want) {
		t.Errorf("files = %s\nwant %s", showJSON(q.Files), showJSON(want))
	}
}

func TestComputeQualityCountsFaultsByDistrict(t *testing.T) {
	q := computeQualityFixture(t)
	quarantine := func(check string, n int64) metrics.CheckTally {
		return metrics.CheckTally{Check: check, Action: metrics.ActionQuarantine, Count: n}
	}
	flag := func(check string, n int64) metrics.CheckTally {
		return metrics.CheckTally{Check: check, Action: metrics.ActionFlag, Count: n}
	}
	// By name (岳 U+5CB3 < 湘 U+6E58 < 雨 U+96E8), then the unknown district: file 1's malformed
	// line and file 4's empty district.
	want := []metrics.DistrictQuality{
		{District: "岳塘区", Label: metrics.Text{Zh: "岳塘区", En: "岳塘区"}, Quarantined: 1, Flags: 3, Checks: []metrics.CheckTally{quarantine("unparsable_time", 1), flag("interval_order", 2), flag("unknown_value", 1)}},
		{District: "湘潭高新区", Label: metrics.Text{Zh: "湘潭高新区", En: "湘潭高新区"}, Quarantined: 1, Flags: 0, Checks: []metrics.CheckTally{quarantine("unknown_district", 1)}},
		{District: "雨湖区", Label: metrics.Text{Zh: "雨湖区", En: "雨湖区"}, Quarantined: 2, Flags: 3, Checks: []metrics.CheckTally{quarantine("unknown_value", 1), quarantine("unparsable_time", 1), flag("interval_order", 2), flag("outside_period", 1)}},
		{District: "", Label: metrics.Text{Zh: "（不详）", En: "(unknown)"}, Quarantined: 2, Flags: 0, Checks: []metrics.CheckTally{quarantine("field_count", 1), quarantine("invalid_value", 1)}},
	}
	if !reflect.DeepEqual(q.Districts, want) {
		t.Errorf("districts = %s\nwant %s", showJSON(q.Districts), showJSON(want))
	}
}

func TestComputeReportsQualityInCampaignOrderAndInputsWithoutReplacedFiles(t *testing.T) {
	fixture, err := os.ReadFile(filepath.Join("testdata", "quality.sql"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := campaign.Load(filepath.Join("testdata", "campaign.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Compute(context.Background(), memoryWarehouse(t, string(fixture)), c)
	if err != nil {
		t.Fatal(err)
	}
	// The campaign lists 雨湖区 and 岳塘区 (with English names); 湘潭高新区 is not listed.
	var got []metrics.Text
	for _, d := range r.Quality.Districts {
		got = append(got, d.Label)
	}
	want := []metrics.Text{{Zh: "雨湖区", En: "Yuhu District"}, {Zh: "岳塘区", En: "Yuetang District"}, {Zh: "湘潭高新区", En: "湘潭高新区"}, {Zh: "（不详）", En: "(unknown)"}}
	if !slices.Equal(got, want) {
		t.Errorf("district labels = %v, want %v", got, want)
	}
	var inputs []string
	for _, in := range r.Inputs {
		inputs = append(inputs, in.SHA256)
	}
	if want := []string{"aa", "cc", "dd"}; !slices.Equal(inputs, want) {
		t.Errorf("inputs = %v, want %v (file bb was replaced)", inputs, want)
	}
	if r.Quality.RowsRead != 18 || len(r.Quality.Checks) != 8 {
		t.Errorf("quality: %d rows read, %d checks; want 18, 8", r.Quality.RowsRead, len(r.Quality.Checks))
	}
}
