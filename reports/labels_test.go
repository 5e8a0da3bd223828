package reports

import (
	"testing"

	"bulletin/metrics"
)

// TestWorkbookHeadsDistrictsAsTheCampaignNamesThem gives the fixture campaign its own name for the
// district field in English only: the English Districts sheet heads its first column so, the
// Chinese one keeps the model's 地区.
func TestWorkbookHeadsDistrictsAsTheCampaignNamesThem(t *testing.T) {
	for lang, want := range map[string]string{"en": "Battalion", "zh": "地区"} {
		r := fixtureReport()
		r.Campaign.Labels = metrics.Labels{Fields: map[string]metrics.Text{"district": {En: "Battalion"}}}
		f := openWorkbookForTest(t, r, lang)
		sheet := workbookTexts[lang].districtSheet
		if got, _ := f.GetCellValue(sheet, "A1"); got != want {
			t.Errorf("%s: %s!A1 = %q, want %q", lang, sheet, got, want)
		}
	}
}
