package metrics

import (
	"context"
	"strings"
	"testing"
)

// TestCampaignLabelsRenameCodesAndFieldsEverywhere gives the fixture campaign its own names for a
// category and the district field (as a fire and EMS center would) and checks that the report
// uses them wherever the code or field is labelled, in the language given only. The fixture's period
// has 7 emergency-help calls (testdata/calls.csv: C1-C5, C9, C12; C10 and C11 fall outside it).
func TestCampaignLabelsRenameCodesAndFieldsEverywhere(t *testing.T) {
	w, c := fixtureWarehouse(t)
	c.Labels = Labels{
		Codes:  map[string]map[string]Text{"category": {"emergency_help": {En: "Medical and rescue"}}},
		Fields: map[string]Text{"district": {En: "Battalion"}},
	}
	c.Breakdowns = append(c.Breakdowns, BreakdownDef{ID: "by_category", Label: Text{Zh: "类别", En: "By category"},
		Source: "calls", Aggregate: "count", By: []string{"category", "district"}})
	r, err := Compute(context.Background(), w, c)
	if err != nil {
		t.Fatal(err)
	}
	renamed := Text{Zh: "紧急求助", En: "Medical and rescue"}
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
	if b.ByLabels[1] != (Text{Zh: "地区", En: "Battalion"}) {
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
	if got := r.Campaign.CodeLabel("category", "traffic"); got != (Text{Zh: "交通", En: "Traffic"}) {
		t.Errorf("a code the campaign does not rename: %v", got)
	}
}

func TestParseCampaignRefusesLabelsOfUnknownFieldsAndCodes(t *testing.T) {
	base := "id: x\nname: {zh: 甲, en: X}\nperiod: {start: 2022-05-01, end: 2022-05-31}\nheadline:\n  - {id: a, label: {zh: 甲, en: A}, source: calls, aggregate: count}\n"
	for _, tc := range []struct{ labels, want string }{
		{"labels:\n  fields: {weather: {en: Weather}}\n", `campaign c.yaml:7: labels: "weather" is not a field`},
		{"labels:\n  codes: {district: {x: {en: X}}}\n", `campaign c.yaml:7: labels: "district" is not a coded field`},
		{"labels:\n  codes:\n    category:\n      medical: {en: Medical}\n", `campaign c.yaml:9: labels: "medical" is not a code of category`},
		{"labels:\n  names: {}\n", "field names not found"},
	} {
		_, err := ParseCampaign("c.yaml", []byte(base+tc.labels))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("labels %q: error %v, want %q", tc.labels, err, tc.want)
		}
	}
}
