package reports

import (
	"context"
	"os"
	"path/filepath"
	"strings"
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

// TestEnglishOnlyOutputsLinkTheirGalleryAsIndex writes the outputs of a campaign published in
// English only: its gallery is index.html, no Chinese file is written, and every chart page links
// back to index.html, with no link to another language.
func TestEnglishOnlyOutputsLinkTheirGalleryAsIndex(t *testing.T) {
	r := fixtureReport()
	r.Campaign.Languages, r.Campaign.Bulletin = []string{"en"}, "default"
	dir := filepath.Join(t.TempDir(), "out")
	names, err := Write(context.Background(), dir, r, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if strings.Contains(name, ".zh.") {
			t.Errorf("wrote %s for an English-only campaign", name)
		}
	}
	index, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil || !strings.Contains(string(index), `<html lang="en"`) || strings.Contains(string(index), `class="lang"`) {
		t.Errorf("index.html is not the English gallery without a language link (%v)", err)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "charts", "*.en.html"))
	if len(pages) == 0 {
		t.Fatal("no chart pages")
	}
	for _, page := range pages {
		data, _ := os.ReadFile(page)
		if !strings.Contains(string(data), `href="../index.html"`) || strings.Contains(string(data), "index.en.html") {
			t.Errorf("%s does not link back to ../index.html only", filepath.Base(page))
		}
	}
}
