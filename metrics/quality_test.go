package metrics

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// computeQualityFixture computes the data quality of testdata/quality.sql, whose four files are
// described at its top. Every expected value below was counted by hand from that file.
func computeQualityFixture(t *testing.T) Quality {
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
	want := []CheckCount{
		// Quarantine first, most frequent first, then by name.
		{"unparsable_time", CheckLabel("unparsable_time"), ActionQuarantine, 2, []FaultExample{
			// File 1 comes before file 3 although its line is later.
			{"calls-a.csv", 5, "received_at", "2022/05/03", badTime},
			{"calls-b.csv", 3, "received_at", "-1", badTime},
		}},
		{"field_count", CheckLabel("field_count"), ActionQuarantine, 1, []FaultExample{{"calls-a.csv", 3, "", "", "wrong number of fields: got 5, want 17"}}},
		{"invalid_value", CheckLabel("invalid_value"), ActionQuarantine, 1, []FaultExample{{"activities.csv", 3, "passed", "maybe", "not true or false"}}},
		{"unknown_district", CheckLabel("unknown_district"), ActionQuarantine, 1, []FaultExample{{"calls-b.csv", 4, "district", "湘潭高新区", `unknown district "湘潭高新区"`}}},
		{"unknown_value", CheckLabel("unknown_value"), ActionQuarantine, 1, []FaultExample{{"calls-a.csv", 8, "category", "unknown", `unknown value "unknown"`}}},
		// Four interval_order flags (the replaced file's is left out); the first three are examples.
		{"interval_order", CheckLabel("interval_order"), ActionFlag, 4, []FaultExample{
			{"calls-a.csv", 2, "arrived_at", "2022-05-01 08:04:00", "arrival before dispatch"},
			{"calls-a.csv", 6, "closed_at", "2022-05-01 09:00:00", "closed before arrival"},
			{"calls-a.csv", 9, "answered_at", "2022-05-01 07:59:00", "answered before received"},
		}},
		{"outside_period", CheckLabel("outside_period"), ActionFlag, 1, []FaultExample{{"calls-a.csv", 2, "received_at", "2022-04-30 23:59:59", "before the period"}}},
		{"unknown_value", CheckLabel("unknown_value"), ActionFlag, 1, []FaultExample{{"calls-b.csv", 2, "station", `=HYPERLINK("http://x","y")`, "unknown station"}}},
	}
	if !reflect.DeepEqual(q.Checks, want) {
		t.Errorf("checks = %s\nwant %s", showJSON(q.Checks), showJSON(want))
	}
	if got := CheckLabel("interval_order"); got != (Text{Zh: "时间顺序颠倒", En: "times out of order"}) {
		t.Errorf("interval_order label = %+v", got)
	}
	wantReasons := []ReasonCount{{"unparsable_time: received_at", 2}, {"field_count", 1}, {"invalid_value: passed", 1},
		{"unknown_district: district", 1}, {"unknown_value: category", 1}}
	if !slices.Equal(q.QuarantineReasons, wantReasons) {
		t.Errorf("quarantine reasons = %v, want %v", q.QuarantineReasons, wantReasons)
	}
}

func TestComputeQualityAccountsForEveryFileInIngestOrder(t *testing.T) {
	q := computeQualityFixture(t)
	quarantine := func(check string, n int64) CheckTally { return CheckTally{check, ActionQuarantine, n} }
	flag := func(check string, n int64) CheckTally { return CheckTally{check, ActionFlag, n} }
	want := []FileQuality{
		{"calls-a.csv", "calls", "canonical", "csv", "utf-8", 10, 6, 3, 1, 3, 6, []CheckTally{
			quarantine("field_count", 1), quarantine("unknown_value", 1), quarantine("unparsable_time", 1),
			flag("interval_order", 3), flag("outside_period", 1),
		}},
		// File 2 was replaced by this re-delivery of the same name.
		{"calls-b.csv", "calls", "xt-units", "csv+gzip", "gb18030", 5, 3, 2, 0, 2, 2, []CheckTally{
			quarantine("unknown_district", 1), quarantine("unparsable_time", 1),
			flag("interval_order", 1), flag("unknown_value", 1),
		}},
		// Ingested before schema version 2: no profile, format or encoding; no flags; each loaded
		// row is a record.
		{"activities.csv", "activities", "", "", "", 3, 2, 1, 0, 0, 2, []CheckTally{quarantine("invalid_value", 1)}},
	}
	if !reflect.DeepEqual(q.Files, want) {
		t.Errorf("files = %s\nwant %s", showJSON(q.Files), showJSON(want))
	}
}

func TestComputeQualityCountsFaultsByDistrict(t *testing.T) {
	q := computeQualityFixture(t)
	quarantine := func(check string, n int64) CheckTally { return CheckTally{check, ActionQuarantine, n} }
	flag := func(check string, n int64) CheckTally { return CheckTally{check, ActionFlag, n} }
	// By name (岳 U+5CB3 < 湘 U+6E58 < 雨 U+96E8), then the unknown district: file 1's malformed
	// line and file 4's empty district.
	want := []DistrictQuality{
		{"岳塘区", Text{Zh: "岳塘区", En: "岳塘区"}, 1, 3, []CheckTally{quarantine("unparsable_time", 1), flag("interval_order", 2), flag("unknown_value", 1)}},
		{"湘潭高新区", Text{Zh: "湘潭高新区", En: "湘潭高新区"}, 1, 0, []CheckTally{quarantine("unknown_district", 1)}},
		{"雨湖区", Text{Zh: "雨湖区", En: "雨湖区"}, 2, 3, []CheckTally{quarantine("unknown_value", 1), quarantine("unparsable_time", 1), flag("interval_order", 2), flag("outside_period", 1)}},
		{"", Text{Zh: "（不详）", En: "(unknown)"}, 2, 0, []CheckTally{quarantine("field_count", 1), quarantine("invalid_value", 1)}},
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
	c, err := LoadCampaign(filepath.Join("testdata", "campaign.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Compute(context.Background(), memoryWarehouse(t, string(fixture)), c)
	if err != nil {
		t.Fatal(err)
	}
	// The campaign lists 雨湖区 and 岳塘区 (with English names); 湘潭高新区 is not listed.
	var got []Text
	for _, d := range r.Quality.Districts {
		got = append(got, d.Label)
	}
	want := []Text{{Zh: "雨湖区", En: "Yuhu District"}, {Zh: "岳塘区", En: "Yuetang District"}, {Zh: "湘潭高新区", En: "湘潭高新区"}, {Zh: "（不详）", En: "(unknown)"}}
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
