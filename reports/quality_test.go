package reports

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"bulletin/metrics"
)

func TestWriteQualityCSVMatchesGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteQualityCSV(&buf, fixtureQuality()); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "quality.csv.golden")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -run QualityCSV -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("quality.csv differs from %s (rerun with -update and review the diff):\n%s", golden, buf.String())
	}
}

// readQualityCSV writes q as CSV, checks the byte-order mark and header, and returns the records.
func readQualityCSV(t *testing.T, q metrics.Quality) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteQualityCSV(&buf, q); err != nil {
		t.Fatal(err)
	}
	content, ok := bytes.CutPrefix(buf.Bytes(), []byte("\xEF\xBB\xBF"))
	if !ok {
		t.Fatalf("quality.csv does not start with the UTF-8 byte-order mark: %q", buf.Bytes()[:min(8, buf.Len())])
	}
	if !bytes.HasSuffix(content, []byte("\r\n")) {
		t.Errorf("quality.csv lines do not end in CRLF")
	}
	records, err := csv.NewReader(bytes.NewReader(content)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := []string{"section", "check", "action", "file", "district", "count",
		"example_file", "example_line", "example_column", "example_value", "example_reason"}
	if !slices.Equal(records[0], wantHeader) {
		t.Fatalf("header = %q, want %q", records[0], wantHeader)
	}
	return records[1:]
}

func TestWriteQualityCSVCountsEveryFault(t *testing.T) {
	records := readQualityCSV(t, fixtureQuality())
	// 2 totals, 5 checks, 6 examples (2 of unparsable_time, 1 of each other check), 5 file tallies,
	// district tallies 4 (Yuhu) + 2 (Yuetang) + 2 (unknown).
	sections := map[string]int{}
	for _, r := range records {
		sections[r[0]]++
	}
	want := map[string]int{"total": 2, "check": 5, "example": 6, "file": 5, "district": 8}
	for section, n := range want {
		if sections[section] != n {
			t.Errorf("%d %s rows, want %d", sections[section], section, n)
		}
	}
	rows := []struct {
		at   int
		want string
	}{
		{0, "total,,quarantine,,,25,,,,,"}, // 18 + 5 + 2
		{1, "total,,flag,,,34,,,,,"},       // 30 + 4
		{2, "check,unparsable_time,quarantine,,,18,,,,,"},
		{6, "check,unknown_value,flag,,,4,,,,,"},
		{7, "example,unparsable_time,quarantine,,,,calls-2022-05.csv,12,received_at,2022/05/03 25:61,not a time of the form YYYY-MM-DD HH:MM:SS"},
		// The value -1 would be a formula in a spreadsheet; it is written as text.
		{8, "example,unparsable_time,quarantine,,,,calls-2022-05.csv,40,received_at,'-1,not a time of the form YYYY-MM-DD HH:MM:SS"},
		{13, "file,unparsable_time,quarantine,calls-2022-05.csv,,18,,,,,"},
		{18, "district,unparsable_time,quarantine,,雨湖区,10,,,,,"},
		// The unknown district has an empty district.
		{24, "district,field_count,quarantine,,,5,,,,,"},
	}
	for _, r := range rows {
		if got := strings.Join(records[r.at], ","); got != r.want {
			t.Errorf("row %d = %s\n          want %s", r.at+1, got, r.want)
		}
	}
}

func TestWriteQualityCSVDefusesFormulaLikeCells(t *testing.T) {
	q := fixtureQuality()
	q.Checks[0].Examples[0].Value = `=HYPERLINK("http://x","y")`
	q.Checks[0].Examples[0].Reason = "@SUM(A1)"
	q.Checks[0].Examples[0].Column = "\tcol"
	q.Checks[0].Examples[0].File = "+calls.csv"
	q.Files[0].Name = "-calls.csv"
	q.Districts[0].District = "=雨湖区"
	records := readQualityCSV(t, q)
	example := records[7]
	wantExample := []string{"example", "unparsable_time", "quarantine", "", "", "", "'+calls.csv", "12", "'\tcol", `'=HYPERLINK("http://x","y")`, "'@SUM(A1)"}
	if !slices.Equal(example, wantExample) {
		t.Errorf("example = %q, want %q", example, wantExample)
	}
	if got := records[13][3]; got != "'-calls.csv" {
		t.Errorf("file = %q, want '-calls.csv", got)
	}
	if got := records[18][4]; got != "'=雨湖区" {
		t.Errorf("district = %q, want '=雨湖区", got)
	}
}

func TestWriteQualityTextMatchesGolden(t *testing.T) {
	q := fixtureQuality()
	q.Checks[1].Examples[0].Reason = "wrong number of fields\x1b[31m: got 5" // a control character from the data
	q.Districts[0].Label.En = ""                                             // shown by its name as read, two columns a character
	var buf bytes.Buffer
	if err := WriteQualityText(&buf, q); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "quality.txt.golden")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -run QualityText -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("quality table differs from %s (rerun with -update and review the diff):\n%s", golden, buf.String())
	}
	if bytes.ContainsRune(buf.Bytes(), '\x1b') {
		t.Errorf("a control character from the data reached the terminal")
	}
}
