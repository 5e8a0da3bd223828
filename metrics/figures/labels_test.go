package figures

import (
	"context"
	"testing"

	"bulletin/metrics"
	"bulletin/metrics/campaign"
)

// TestCampaignLabelsRenameCodesAndFieldsEverywhere gives the fixture campaign its own names for a
// category and the district field (as a fire and EMS center would) and checks that the report
// uses them wherever the code or field is labelled, in the language given only. The fixture's period
// has 7 emergency-help calls (testdata/calls.csv: C1-C5, C9, C12; C10 and C11 fall outside it).
func TestCampaignLabelsRenameCodesAndFieldsEverywhere(t *testing.T) {
	w, c := fixtureWarehouse(t)
	c.Labels = metrics.Labels{
		Codes:  map[string]map[string]metrics.Text{"category": {"emergency_help": {En: "Medical and rescue"}}},
		Fields: map[string]metrics.Text{"district": {En: "Battalion"}},
	}
	c.Breakdowns = append(c.Breakdowns, campaign.BreakdownDef{Measure: campaign.Measure{ID: "by_category",
		Label: metrics.Text{Zh: "类别", En: "By category"}, Source: "calls", Aggregate: "count"}, By: []string{"category", "district"}})
	r, err := Compute(context.Background(), w, c)
	if err != nil {
		t.Fatal(err)
	}
	renamed := metrics.Text{Zh: "紧急求助", En: "Medical and rescue"}
	found := false
	for _, g := range r.Categories {
		if g.Key == "emergency_help" {
			found = true
			if g.Label != renamed || g.Count != 7 {
				t.Errorf("category %+v, want label %v and 7 calls", g, renamed)
			}
		}
	}
	if !found {
		t.Fatal("no emergency-help category in the report")
	}
	b := r.Declared[len(r.Declared)-1]
	if b.ByLabels[1] != (metrics.Text{Zh: "地区", En: "Battalion"}) {
		t.Errorf("dimension labels %v, want the campaign's Battalion with the model's 地区", b.ByLabels)
	}
	for _, row := range b.Rows {
		if row.Keys[0] == "emergency_help" && row.Labels[0] != renamed {
			t.Errorf("row %v: label %v, want %v", row.Keys, row.Labels[0], renamed)
		}
	}
	for _, fb := range r.Breakdowns.ByField {
		if fb.Field == "district" && fb.Label.En != "Battalion" {
			t.Errorf("by-field breakdown of districts labelled %v", fb.Label)
		}
	}
	if got := r.Campaign.CodeLabel("category", "emergency_help"); got != renamed {
		t.Errorf("CampaignInfo.CodeLabel = %v, want %v", got, renamed)
	}
	if got := r.Campaign.CodeLabel("category", "traffic"); got != (metrics.Text{Zh: "交通", En: "Traffic"}) {
		t.Errorf("a code the campaign does not rename: %v", got)
	}
}
