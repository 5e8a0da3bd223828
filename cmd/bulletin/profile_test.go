package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bulletin/ingest"
	"bulletin/warehouse"
)

// TestProfileCheckListsUnmappedValuesOfTheCN110Fixture previews the GB18030 fixture: its header is
// on line 2 below a title row, and the values its maps do not list are 盗窃 (警情类别, line 7) and
// 外省分局 (管辖单位, line 8), as annotated in ingest/cn110_test.go.
func TestProfileCheckListsUnmappedValuesOfTheCN110Fixture(t *testing.T) {
	fixture := filepath.Join("..", "..", "ingest", "testdata", "cn110-2022-05.csv")
	code, stdout, stderr := runCLI(t, "profile", "check", "cn-110", fixture, "--rows", "2")
	if code != exitOK {
		t.Fatalf("profile check exited %d:\n%s", code, stderr)
	}
	words := strings.Join(strings.Fields(stdout), " ")
	for _, want := range []string{
		"read with profile cn-110: csv, gb18030, header on line 2, 12 rows",
		"category 警情类别 (map of 13 values)",
		"columns no field reads: 备注",
		"line 3: call_id=110-0001 received_at=2022-05-27 14:03:00",
		`category 警情类别 "盗窃" 1 first on line 7 unknown_value: quarantine (required field)`,
		`district 管辖单位 "外省分局" 1 first on line 8 not among the profile's districts: unknown_district: quarantine`,
	} {
		if !strings.Contains(words, want) {
			t.Errorf("profile check output lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "line 5:") {
		t.Errorf("previewed more than 2 rows:\n%s", stdout)
	}
}

func TestProfileShowPrintsAProfileThatLoads(t *testing.T) {
	code, stdout, _ := runCLI(t, "profile", "show", "sf-fire-units")
	if code != exitOK || !strings.Contains(stdout, "name: sf-fire-units") {
		t.Fatalf("profile show exited %d:\n%s", code, stdout)
	}
	// A copy renamed is a profile of its own: ingest the unit-row fixture with it.
	dir := t.TempDir()
	mine := filepath.Join(dir, "mine.yaml")
	if err := os.WriteFile(mine, []byte(strings.Replace(stdout, "name: sf-fire-units", "name: mine", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	fixture := filepath.Join("..", "..", "ingest", "testdata", "sf-fire-2022-04.csv")
	code, stdout, stderr := runCLI(t, "ingest", "--json", "--profile", mine, "--warehouse", filepath.Join(dir, "w.duckdb"), fixture)
	if code != exitOK {
		t.Fatalf("ingest exited %d:\n%s", code, stderr)
	}
	var results []ingest.Result
	if err := json.Unmarshal([]byte(stdout), &results); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	if len(results) != 1 {
		t.Fatalf("%d results; want 1", len(results))
	}
	r := results[0]
	// As with the built-in profile (ingest's TestSFFireUnitRowsCombineIntoCalls): the unmapped call
	// type's two rows load as a call of category other.
	if r.Profile != "mine" || r.RowsRead != 12 || r.Loaded != 10 || r.Records != 6 || r.Quarantined != 1 || r.Duplicates != 1 {
		t.Errorf("ingest with the copied profile: %+v; want profile mine, 12 read, 10 loaded (6 calls), 1 quarantined, 1 duplicate", r)
	}
}

func TestIngestReplaceFromTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	wh := filepath.Join(dir, "w.duckdb")
	header := "call_id,received_at,answered_at,dispatched_at,arrived_at,closed_at,channel,category,subcategory,priority,district,station,disposition,people_helped,linked_agencies,lat,lon\n"
	first := filepath.Join(dir, "a", "calls-2022-05.csv")
	fixed := filepath.Join(dir, "b", "calls-2022-05.csv")
	for path, body := range map[string]string{
		first: "Z1,2022-05-01 08:00:00,,,,,phone,traffic,,3,雨湖区,,resolved,0,,,\nZ2,2022-05-01 09:00:00,,,,,phone,theft,,3,雨湖区,,resolved,0,,,\n",
		fixed: "Z1,2022-05-01 08:00:00,,,,,phone,traffic,,3,雨湖区,,resolved,0,,,\nZ2,2022-05-01 09:00:00,,,,,phone,criminal,,3,雨湖区,,resolved,0,,,\n",
	} {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(header+body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code, _, stderr := runCLI(t, "ingest", "--warehouse", wh, first); code != exitOK {
		t.Fatalf("ingest exited %d:\n%s", code, stderr)
	}
	code, stdout, stderr := runCLI(t, "ingest", "--warehouse", wh, "--replace", fixed)
	if code != exitOK {
		t.Fatalf("ingest --replace exited %d:\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "replaced the earlier calls-2022-05.csv") {
		t.Errorf("the summary does not say what was replaced:\n%s", stdout)
	}
	// The replaced file's rows and its quarantined Z2 are gone; the corrected rows are loaded.
	w, err := warehouse.Open(context.Background(), wh, "Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	var calls, quarantined int
	err = w.DB.QueryRow("SELECT (SELECT count(*) FROM calls), (SELECT count(*) FROM quarantine)").Scan(&calls, &quarantined)
	w.Close()
	if err != nil || calls != 2 || quarantined != 0 {
		t.Errorf("after --replace: %d calls, %d quarantined (%v); want 2 and 0", calls, quarantined, err)
	}
	if code, _, stderr := runCLI(t, "ingest", "--warehouse", wh, "--replace", fixed, first); code != exitUsage {
		t.Errorf("--replace with another file exited %d; want %d:\n%s", code, exitUsage, stderr)
	}
}
