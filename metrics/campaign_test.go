package metrics

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadCampaignSample(t *testing.T) {
	c, err := LoadCampaign(filepath.Join("..", "sample-data", "campaign.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Period.Days() != 92 || len(c.Headline) != 8 || len(c.Districts) != 7 || c.Response.Compliance.Interval != "response" {
		t.Errorf("sample campaign: %d days, %d metrics, %d districts, compliance on %q", c.Period.Days(), len(c.Headline), len(c.Districts), c.Response.Compliance.Interval)
	}
}

func TestParseCampaignRejectsMistakesWithTheirLine(t *testing.T) {
	valid, err := os.ReadFile(filepath.Join("testdata", "campaign.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, old, new string
		line           int
		message        string
	}{
		{"typo in a key", "    aggregate: sum\n    field: people_helped", "    aggregate: sum\n    feild: people_helped", 23, "field feild not found"},
		{"unknown filter field", "where: {category: [emergency_help]}", "where: {categroy: [emergency_help]}", 13, `no field "categroy"`},
		{"unknown value", "subcategory: [suicide_attempt]", "subcategory: [suicide]", 18, `subcategory "suicide" is not a known value`},
		{"reversed period", "period: {start: 2022-05-01, end: 2022-05-02}", "period: {start: 2022-05-03, end: 2022-05-02}", 4, "ends (2022-05-02) before it starts (2022-05-03)"},
		{"not a date", "period: {start: 2022-05-01,", "period: {start: 2022-05-32,", 4, `period start "2022-05-32" is not a date`},
		{"empty filter", "where: {kind: [training]}", "where: {kind: []}", 51, "lists no value"},
		{"sum of a text field", "field: participants", "field: unit", 50, `cannot sum "unit"`},
		{"duplicate id", "  - id: failed_drills", "  - id: drills", 41, `"drills" is used twice`},
		{"unknown compliance interval", "compliance: {interval: response,", "compliance: {interval: arrival,", 53, `compliance interval "arrival"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(string(valid), c.old) {
				t.Fatalf("fixture does not contain %q", c.old)
			}
			text := strings.Replace(string(valid), c.old, c.new, 1)
			_, err := ParseCampaign("campaign.yaml", []byte(text))
			var ce *CampaignError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *CampaignError", err)
			}
			if ce.Line != c.line || !strings.Contains(ce.Msg, c.message) || !strings.HasPrefix(err.Error(), "campaign campaign.yaml:") {
				t.Errorf("err = %q (line %d); want line %d and %q", err, ce.Line, c.line, c.message)
			}
		})
	}
}
