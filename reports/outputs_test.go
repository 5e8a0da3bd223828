package reports

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"bulletin/metrics"
)

func TestWriteProducesEveryOutputAndReplacesTheFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, "stale.txt")
	if err := os.WriteFile(stale, []byte("from an older run"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := bulletinReport()
	names, err := Write(context.Background(), dir, r, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"assets", "bulletin.en.md", "bulletin.zh.md", "charts", "index.en.html", "index.html", "internal"}
	wantInternal := []string{"README.txt", "metrics.json", "quality.csv", "summary.en.xlsx", "summary.zh.xlsx"}
	for _, folder := range []struct {
		path string
		want []string
	}{{dir, want}, {filepath.Join(dir, "internal"), wantInternal}} {
		entries, err := os.ReadDir(folder.path)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range entries {
			got = append(got, e.Name())
		}
		if !slices.Equal(got, folder.want) {
			t.Errorf("%s holds %v, want %v", folder.path, got, folder.want)
		}
	}
	wantNames := slices.DeleteFunc(slices.Clone(want), func(name string) bool { return name == "internal" })
	for _, name := range wantInternal {
		wantNames = append(wantNames, "internal/"+name)
	}
	slices.Sort(wantNames)
	slices.Sort(names)
	if !slices.Equal(names, wantNames) {
		t.Errorf("Write returned %v, want %v", names, wantNames)
	}
	data, err := os.ReadFile(filepath.Join(dir, "internal", "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	var back metrics.Report
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if back.Schema != metrics.SchemaVersion || back.Headline[0].Value != 21746 || back.Response.Compliance.Thresholds[2].Within != 36 {
		t.Errorf("metrics.json round trip: schema %s, first figure %d, within 5 min %d", back.Schema, back.Headline[0].Value, back.Response.Compliance.Thresholds[2].Within)
	}
}

func TestWriteFailureKeepsPreviousOutputs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if _, err := Write(context.Background(), dir, bulletinReport(), Options{}); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(filepath.Join(dir, "bulletin.zh.md"))
	if err != nil {
		t.Fatal(err)
	}
	// The plain fixture lacks figures the built-in templates name, so rendering the bulletin fails.
	if _, err := Write(context.Background(), dir, fixtureReport(), Options{}); err == nil {
		t.Fatal("Write with a template naming a missing figure succeeded")
	}
	after, err := os.ReadFile(filepath.Join(dir, "bulletin.zh.md"))
	if err != nil || string(after) != string(before) {
		t.Errorf("previous bulletin changed or vanished after a failed run (err %v)", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Errorf("a failed run left %d entries beside the output folder, want only the folder", len(entries))
	}
}

// TestWriteMarksTheInternalOutputs checks the marks: metrics.json's top-level classification and
// generator, the workbooks' document properties and printed header, the README beside quality.csv.
func TestWriteMarksTheInternalOutputs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	mustEChartsScript(t)
	at := time.Date(2023, time.March, 4, 5, 6, 7, 0, time.FixedZone("CST", 8*3600))
	if _, err := Write(context.Background(), dir, bulletinReport(), Options{Version: "v1.4.0", GeneratedAt: at}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "internal", "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	var top struct {
		Classification string `json:"classification"`
		Generator      struct {
			Version     string `json:"version"`
			GeneratedAt string `json:"generated_at"`
		} `json:"generator"`
	}
	if err := json.Unmarshal(data, &top); err != nil {
		t.Fatal(err)
	}
	if top.Classification != "internal" || top.Generator.Version != "v1.4.0" || top.Generator.GeneratedAt != "2023-03-03T21:06:07Z" {
		t.Errorf("metrics.json classification %q, generator %+v; want internal, v1.4.0 at 2023-03-03T21:06:07Z", top.Classification, top.Generator)
	}
	for _, tc := range []struct{ lang, mark string }{{"zh", "内部资料"}, {"en", "Internal"}} {
		f, err := excelize.OpenFile(filepath.Join(dir, "internal", "summary."+tc.lang+".xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		props, err := f.GetDocProps()
		if err != nil {
			t.Fatal(err)
		}
		if props.Category != tc.mark || props.ContentStatus != tc.mark || props.Version != "v1.4.0" ||
			props.Created != "2023-03-03T21:06:07Z" || props.Modified != "2023-03-03T21:06:07Z" {
			t.Errorf("%s workbook properties: category %q, status %q, version %q, created %q, modified %q",
				tc.lang, props.Category, props.ContentStatus, props.Version, props.Created, props.Modified)
		}
		for _, sheet := range f.GetSheetList() {
			hf, err := f.GetHeaderFooter(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(hf.OddHeader, "&C&B"+tc.mark+"&B") {
				t.Errorf("%s %s: header %q does not carry %q in its centre", tc.lang, sheet, hf.OddHeader, tc.mark)
			}
		}
		f.Close()
	}
	readme, err := os.ReadFile(filepath.Join(dir, "internal", "README.txt"))
	if err != nil || !strings.HasPrefix(string(readme), "内部资料 — Internal") {
		t.Errorf("internal/README.txt: %q, %v; want it to begin with the mark", readme[:min(len(readme), 40)], err)
	}
	gallery, err := os.ReadFile(filepath.Join(dir, "index.en.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(gallery), "Made by bulletin v1.4.0 at 2023-03-03T21:06:07Z") {
		t.Error("the English gallery's footer lacks the version and generation time")
	}
}

// TestWriteIsByteDeterministic writes the same report twice, with no generation time given, into
// two folders and compares every file; the stamp falls back to the publication date.
func TestWriteIsByteDeterministic(t *testing.T) {
	mustEChartsScript(t)
	var folders [2]map[string][]byte
	for i := range folders {
		dir := filepath.Join(t.TempDir(), "out")
		if _, err := Write(context.Background(), dir, bulletinReport(), Options{Version: "(devel)"}); err != nil {
			t.Fatal(err)
		}
		folders[i] = map[string][]byte{}
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(dir, path)
			folders[i][rel], err = os.ReadFile(path)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(folders[0]) != len(folders[1]) {
		t.Fatalf("the runs wrote %d and %d files", len(folders[0]), len(folders[1]))
	}
	for name, content := range folders[0] {
		if string(folders[1][name]) != string(content) {
			t.Errorf("%s differs between two runs on the same report", name)
		}
	}
	var top struct {
		Generator Stamp `json:"generator"`
	}
	if err := json.Unmarshal(folders[0][filepath.Join("internal", "metrics.json")], &top); err != nil {
		t.Fatal(err)
	}
	// bulletinReport is published on 2022-08-02.
	if top.Generator != (Stamp{Version: "(devel)", GeneratedAt: "2022-08-02T00:00:00Z"}) {
		t.Errorf("generator %+v, want (devel) at the publication date 2022-08-02T00:00:00Z", top.Generator)
	}
}

// TestWriteRemovesStaleStagingFolders leaves staging folders as killed runs would, beside ones of
// runs still going, and checks that Write removes exactly the abandoned ones.
func TestWriteRemovesStaleStagingFolders(t *testing.T) {
	mustEChartsScript(t)
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	// A process that has exited: its id is free until the system hands it out again, which this
	// test does in no time.
	gone := exitedPID(t)
	old := time.Now().Add(-7 * time.Hour)
	for _, tc := range []struct {
		name    string
		old     bool
		removed bool
	}{
		{".out.new-" + strconv.Itoa(gone) + "-123", false, true},     // killed: owner gone
		{".out.new-" + strconv.Itoa(gone) + "-124.old", false, true}, // killed during the swap
		{".out.new-1-125", false, false},                             // owner alive (init)
		{".out.new-1-126", true, false},                              // owner alive, however old
		{".out.new-8437291", true, true},                             // an older version's, old
		{".out.new-8437292", false, false},                           // an older version's, recent
		{".other.new-" + strconv.Itoa(gone) + "-1", false, false},    // another output folder's
		{"out.new-" + strconv.Itoa(gone) + "-1", false, false},       // not hidden: not ours
	} {
		path := filepath.Join(parent, tc.name)
		if err := os.MkdirAll(filepath.Join(path, "internal"), 0o755); err != nil {
			t.Fatal(err)
		}
		if tc.old {
			if err := os.Chtimes(path, old, old); err != nil {
				t.Fatal(err)
			}
		}
		t.Cleanup(func() {
			_, err := os.Stat(path)
			if removed := os.IsNotExist(err); removed != tc.removed {
				t.Errorf("%s: removed %v, want %v", tc.name, removed, tc.removed)
			}
		})
	}
	if _, err := Write(context.Background(), dir, bulletinReport(), Options{}); err != nil {
		t.Fatal(err)
	}
}

// exitedPID starts a process, waits for it to end and returns its id.
func exitedPID(t *testing.T) int {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	p, err := os.StartProcess(self, []string{self, "-test.run=^$"}, &os.ProcAttr{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Wait(); err != nil {
		t.Fatal(err)
	}
	return p.Pid
}
