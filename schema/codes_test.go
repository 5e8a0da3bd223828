package schema_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"bulletin/schema"
)

// TestNoCodeOfTheSampleInGoOrSQL enforces the rule that what a campaign shows is declared in its
// file: no Go or SQL file other than tests names, as a quoted literal, a category, subcategory or
// activity kind of the data model, or a headline or breakdown id of a campaign under sample-data/.
// Codes belong in schema/model.yaml, campaign files, profiles, templates and data files.
func TestNoCodeOfTheSampleInGoOrSQL(t *testing.T) {
	m := schema.Default()
	var codes []string
	for _, f := range []struct{ table, field string }{{"calls", "category"}, {"calls", "subcategory"}, {"activities", "kind"}} {
		codes = append(codes, m.Vocabulary(f.table, f.field)...)
	}
	campaigns, _ := filepath.Glob(filepath.Join("..", "sample-data", "*.yaml"))
	more, _ := filepath.Glob(filepath.Join("..", "sample-data", "*", "*.yaml"))
	for _, path := range append(campaigns, more...) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var c struct {
			Headline   []struct{ ID string } `yaml:"headline"`
			Breakdowns []struct{ ID string } `yaml:"breakdowns"`
		}
		if yaml.Unmarshal(data, &c) != nil {
			continue // not a campaign file
		}
		for _, h := range append(c.Headline, c.Breakdowns...) {
			codes = append(codes, h.ID)
		}
	}
	slices.Sort(codes)
	codes = slices.Compact(codes)
	if len(codes) < 20 {
		t.Fatalf("only %d codes to look for: %v", len(codes), codes)
	}
	quoted := make([]string, len(codes))
	for i, c := range codes {
		quoted[i] = regexp.QuoteMeta(c)
	}
	literal := regexp.MustCompile(`["'` + "`" + `](` + strings.Join(quoted, "|") + `)["'` + "`" + `]`)
	scanned := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != ".." && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(path, "_test.go") || !(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".sql")) {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		scanned++
		for i, line := range strings.Split(string(data), "\n") {
			if match := literal.FindString(line); match != "" {
				t.Errorf("%s:%d names %s: declare it in a campaign file or the data model instead", path, i+1, match)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if scanned < 50 {
		t.Fatalf("scanned only %d Go and SQL files", scanned)
	}
}
