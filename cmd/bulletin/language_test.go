package main

// Each output is in one language throughout. The three campaign files of sample-data/ are run end
// to end and every text a reader sees is checked: the workbook's cells and sheet names, the
// gallery's and chart pages' visible text and chart options, and the bulletin text.
//
// A Chinese output holds no English sentence: no run of three or more Latin words (see
// englishRuns for what a word is and the few tokens that are not words). An English output holds
// no Chinese at all: no name the campaign file or the data model gives in both languages appears
// in its Chinese form, and no other CJK character appears either, except inside a name that
// nothing translates (a police station or unit as the data writes it, a label the campaign gives
// only in Chinese). The names are read from the YAML files here, not through the campaign package,
// and the untranslated names from the input files.

import (
	"bulletin/reports"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"
)

// TestEachOutputIsInItsOwnLanguage runs the three sample campaigns and checks every output of
// each language.
func TestEachOutputIsInItsOwnLanguage(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "input")
	sampleWarehouse := filepath.Join(dir, "sample.duckdb")
	if code, _, stderr := runCLI(t, "sample", "--out", input); code != exitOK {
		t.Fatalf("sample exited %d:\n%s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "ingest", "--warehouse", sampleWarehouse, input); code != exitOK {
		t.Fatalf("ingest exited %d:\n%s", code, stderr)
	}
	fixture := filepath.Join("..", "..", "sample-data", "fire-ems")
	fireWarehouse := filepath.Join(dir, "fire.duckdb")
	if code, _, stderr := runCLI(t, "ingest", "--warehouse", fireWarehouse, fixture); code != exitOK {
		t.Fatalf("ingest exited %d:\n%s", code, stderr)
	}
	// The names the data writes and no file translates: stations and the units that held activities.
	sampleNames := inputColumns(t, input, "station", "unit")
	fireNames := inputColumns(t, fixture, "Station Area")

	model := readNames(t, filepath.Join("..", "..", "schema", "model.yaml"))
	for _, c := range []struct {
		name, config, warehouse string
		untranslated            []string
	}{
		{"xiangtan", filepath.Join("..", "..", "sample-data", "campaign.yaml"), sampleWarehouse, sampleNames},
		{"summer-order", filepath.Join("..", "..", "sample-data", "summer-order.yaml"), sampleWarehouse, sampleNames},
		{"fire-ems", filepath.Join(fixture, "campaign.yaml"), fireWarehouse, fireNames},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			if code, _, stderr := runCLI(t, "report", "--config", c.config, "--warehouse", c.warehouse, "--out", out); code != exitOK {
				t.Fatalf("report exited %d:\n%s", code, stderr)
			}
			names := readNames(t, c.config)
			names.pairs = append(names.pairs, model.pairs...)
			names.codes = append(names.codes, model.codes...)
			names.codes = append(names.codes, intervalIDs(t, outputPath(out, "metrics.json"))...)
			names.only = append(names.only, c.untranslated...)
			langs := []string{}
			for _, lang := range []string{"zh", "en"} {
				if _, err := os.Stat(outputPath(out, "bulletin."+lang+".md")); err == nil {
					langs = append(langs, lang)
				}
			}
			total := 0
			for _, lang := range langs {
				for _, text := range outputTexts(t, out, lang) {
					var found []string
					if lang == "zh" {
						found = append(englishRuns(text.text), rawCodes(text.text, names.codes)...)
					} else {
						found = chineseLeft(text.text, names)
					}
					total += len(found)
					for _, f := range found {
						t.Errorf("%s: %s %q", text.where, map[string]string{"zh": "English in the Chinese output:", "en": "Chinese in the English output:"}[lang], f)
					}
				}
			}
			t.Logf("%s: %d texts in the wrong language", c.name, total)
		})
	}
}

// outputPath returns where the report command writes the output named name (a path with
// slashes, relative to the output folder: "bulletin.zh.md", "charts/x.zh.html", "metrics.json").
// Every output this file reads is found through it, so that moving outputs is one edit here: the
// internal ones (the workbooks and metrics.json) are in reports.InternalDir.
func outputPath(out, name string) string {
	if name == "metrics.json" || strings.HasPrefix(name, "summary.") && strings.HasSuffix(name, ".xlsx") {
		return filepath.Join(out, reports.InternalDir, name)
	}
	return filepath.Join(out, filepath.FromSlash(name))
}

// outputText is one text of an output and where it was found.
type outputText struct{ where, text string }

// outputTexts returns every text a reader of the outputs in lang sees: the bulletin, each cell
// and sheet name of the workbook, the visible text and the string values of the chart options of
// the gallery and of each chart page.
func outputTexts(t *testing.T, out, lang string) []outputText {
	t.Helper()
	var texts []outputText
	bulletin := "bulletin." + lang + ".md"
	for i, line := range strings.Split(string(mustReadFile(t, outputPath(out, bulletin))), "\n") {
		texts = append(texts, outputText{fmt.Sprintf("%s:%d", bulletin, i+1), line})
	}

	texts = append(texts, workbookTexts(t, outputPath(out, "summary."+lang+".xlsx"))...)

	gallery := "index.html"
	if lang == "en" {
		if _, err := os.Stat(outputPath(out, "index.en.html")); err == nil {
			gallery = "index.en.html"
		}
	}
	pages := []string{gallery}
	charts, _ := filepath.Glob(outputPath(out, "charts/*."+lang+".html"))
	for _, path := range charts {
		pages = append(pages, "charts/"+filepath.Base(path))
	}
	for _, page := range pages {
		texts = append(texts, pageTexts(page, string(mustReadFile(t, outputPath(out, page))))...)
	}
	return texts
}

// workbookTexts returns each sheet name and each cell's text of the workbook at path.
func workbookTexts(t *testing.T, path string) []outputText {
	t.Helper()
	workbook := filepath.Base(path)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var texts []outputText
	for _, sheet := range f.GetSheetList() {
		texts = append(texts, outputText{workbook + " sheet name", sheet})
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, cell := range row {
				name, _ := excelize.CoordinatesToCellName(c+1, r+1)
				texts = append(texts, outputText{workbook + " " + sheet + "!" + name, cell})
			}
		}
	}
	return texts
}

var (
	optionScript = regexp.MustCompile(`(?s)<script type="application/json"[^>]*>(.*?)</script>`)
	hiddenBlock  = regexp.MustCompile(`(?s)<(script|style)[^>]*>.*?</(script|style)>`)
	// The link to the other language names that language in itself ("中文", "English"), as
	// bilingual sites do: the one text of a page not in the page's language.
	languageSwitch = regexp.MustCompile(`(?s)<a class="lang"[^>]*>[^<]*</a>`)
	tag            = regexp.MustCompile(`(?s)<[^>]*>`)
	// Attributes a reader sees or hears: tooltips, image and accessibility labels.
	shownAttribute = regexp.MustCompile(`\b(?:title|alt|aria-label|placeholder)="([^"]*)"`)
)

// pageTexts returns the visible text of an HTML page, line by line, the shown attributes and
// every string of its chart options.
func pageTexts(page, content string) []outputText {
	var texts []outputText
	for _, m := range optionScript.FindAllStringSubmatch(content, -1) {
		var option any
		if err := json.Unmarshal([]byte(m[1]), &option); err != nil {
			texts = append(texts, outputText{page + " chart option", "unreadable: " + err.Error()})
			continue
		}
		for _, s := range jsonStrings(option) {
			texts = append(texts, outputText{page + " chart option", s})
		}
	}
	for _, m := range shownAttribute.FindAllStringSubmatch(content, -1) {
		texts = append(texts, outputText{page + " attribute", html.UnescapeString(m[1])})
	}
	content = languageSwitch.ReplaceAllString(content, "")
	visible := tag.ReplaceAllString(hiddenBlock.ReplaceAllString(content, ""), "\n")
	for _, line := range strings.Split(html.UnescapeString(visible), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			texts = append(texts, outputText{page, line})
		}
	}
	return texts
}

// jsonStrings returns every string value in a decoded JSON value but font names, in document order
// of the arrays and in key order of the objects.
func jsonStrings(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, jsonStrings(e)...)
		}
		return out
	case map[string]any:
		var out []string
		for _, k := range slices.Sorted(maps.Keys(v)) {
			// A font stack names fonts, in no language of the reader's.
			if k != "fontFamily" {
				out = append(out, jsonStrings(v[k])...)
			}
		}
		return out
	}
	return nil
}

// notWords are the Latin tokens a Chinese text uses as they are, each for a reason:
// "ID" (编号 is used, but identifiers keep their Latin name), and proper names that have no
// Chinese form: the DuckDB engine, and the NENA and NFPA standards.
var notWords = []string{"ID", "DuckDB", "NENA", "NFPA"}

// latinWord is a word of an English sentence: letters, possibly joined by an apostrophe or
// hyphen ("call-takers", "don't"). Tokens with digits (P90, 12345, 2022.1), underscores
// (quantile_cont), a dot inside (gallery.js), slashes (URLs, paths) are not words.
var latinWord = regexp.MustCompile(`^[A-Za-z]+(?:['’-][A-Za-z]+)*$`)

// englishRuns returns the English sentences in a Chinese text: each run of three or more Latin
// words with only spaces and ASCII punctuation between them. A run ends at any other character
// (a Chinese character, full-width punctuation, a digit-bearing token).
func englishRuns(text string) []string {
	var runs []string
	var run []string
	flush := func() {
		if len(run) >= 3 {
			runs = append(runs, strings.Join(run, " "))
		}
		run = nil
	}
	// Walk the text: a run continues over ASCII spaces and punctuation, and stops at anything else.
	for _, chunk := range splitAtNonASCII(text) {
		for _, field := range strings.Fields(chunk) {
			word := strings.Trim(field, `.,;:!?()[]{}"'`)
			switch {
			case word == "":
			case slices.Contains(notWords, word):
				flush()
			case latinWord.MatchString(word):
				run = append(run, word)
			default:
				flush()
			}
		}
		flush()
	}
	return runs
}

// splitAtNonASCII cuts text at every non-ASCII character (other than a typographic apostrophe
// or a no-break space): a Latin run never crosses one.
func splitAtNonASCII(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool {
		return r > unicode.MaxASCII && r != '’' && r != '\u00a0'
	})
}

// cjk reports whether r is a Chinese character or CJK punctuation (full-width forms included).
func cjk(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
}

// chineseLeft returns the Chinese in an English text: the Chinese form of each name given in both
// languages, then any other run of CJK characters, once names that nothing translates are taken
// out.
func chineseLeft(text string, names campaignNames) []string {
	only := slices.Clone(names.only)
	// Longest first, so that a name inside a longer one does not cut it.
	slices.SortFunc(only, func(a, b string) int { return len(b) - len(a) })
	for _, name := range only {
		if !slices.ContainsFunc(names.pairs, func(p namePair) bool { return p.zh == name }) {
			text = strings.ReplaceAll(text, name, " ")
		}
	}
	var found []string
	for _, p := range names.pairs {
		if strings.Contains(text, p.zh) {
			found = append(found, p.zh+" (given as "+p.en+")")
			text = strings.ReplaceAll(text, p.zh, " ")
		}
	}
	for _, run := range strings.FieldsFunc(text, func(r rune) bool { return !cjk(r) }) {
		found = append(found, run)
	}
	return found
}

// namePair is a name given in Chinese and in English.
type namePair struct{ zh, en string }

// campaignNames are the names a file gives: in both languages, and in Chinese only; and the codes
// it names (a code is shown by its name, never as itself).
type campaignNames struct {
	pairs []namePair
	only  []string
	codes []string
}

// readNames reads every name a YAML file gives: each mapping with zh and en keys ({zh, en}
// labels, {code, zh, en} codes), each {name, en} district, and each mapping with a zh key alone.
func readNames(t *testing.T, path string) campaignNames {
	t.Helper()
	var doc any
	if err := yaml.Unmarshal(mustReadFile(t, path), &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var names campaignNames
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			zh, hasZh := v["zh"].(string)
			en, hasEn := v["en"].(string)
			if name, ok := v["name"].(string); ok && hasEn && !hasZh {
				zh, hasZh = name, true
			}
			if code, ok := v["code"].(string); ok && regexp.MustCompile(`^[a-z_]{3,}$`).MatchString(code) {
				names.codes = append(names.codes, code)
			}
			switch {
			case hasZh && hasEn && zh != "" && en != "":
				names.pairs = append(names.pairs, namePair{zh, en})
			case hasZh && zh != "":
				names.only = append(names.only, zh)
			}
			for _, e := range v {
				walk(e)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(doc)
	return names
}

// inputColumns returns the distinct values of the named columns in the CSV files of dir.
func inputColumns(t *testing.T, dir string, columns ...string) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no CSV file in %s (%v)", dir, err)
	}
	var values []string
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(f)
		r.FieldsPerRecord = -1
		header, err := r.Read()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		var at []int
		for i, name := range header {
			if slices.Contains(columns, strings.TrimPrefix(name, "\ufeff")) {
				at = append(at, i)
			}
		}
		for {
			rec, err := r.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				continue // a malformed row of the sample: quarantined, never shown
			}
			for _, i := range at {
				if i < len(rec) && rec[i] != "" && !slices.Contains(values, rec[i]) {
					values = append(values, rec[i])
				}
			}
		}
		f.Close()
	}
	return values
}

// figureID is a headline figure's ID as the Definitions sheet states it, for a reader of
// metrics.json: an identifier, shown as one, even when it is spelt as a code.
var figureID = regexp.MustCompile(`编号：[A-Za-z0-9_]+`)

// rawCodes returns the codes written as themselves in a Chinese text: a token of Latin letters and
// underscores equal to a code of the data model or to an interval's ID.
func rawCodes(text string, codes []string) []string {
	var found []string
	for _, chunk := range splitAtNonASCII(figureID.ReplaceAllString(text, "")) {
		for _, field := range strings.Fields(chunk) {
			word := strings.Trim(field, `.,;:!?()[]{}"'`)
			if slices.Contains(codes, word) {
				found = append(found, "code "+word)
			}
		}
	}
	return found
}

// intervalIDs returns the IDs of the response intervals in a metrics.json: the campaign defines
// them, and the outputs name each by its label.
func intervalIDs(t *testing.T, path string) []string {
	t.Helper()
	var m struct {
		ResponseTimes struct {
			Intervals []struct{ ID string }
		} `json:"response_times"`
	}
	if err := json.Unmarshal(mustReadFile(t, path), &m); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, iv := range m.ResponseTimes.Intervals {
		ids = append(ids, iv.ID)
	}
	return ids
}
