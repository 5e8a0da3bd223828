package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"bulletin/warehouse"
)

// formatRows are four canonical calls; every format below carries the same values.
var formatRows = [][]string{
	{"F1", "2022-05-01 08:00:00", "2022-05-01 08:00:06", "2022-05-01 08:01:00", "2022-05-01 08:05:00", "2022-05-01 08:40:00", "phone", "emergency_help", "lost_person", "2", "雨湖区", "城正街派出所", "person_found", "2", "", "27.86", "112.91"},
	{"F2", "2022-05-01 09:00:00", "2022-05-01 09:00:05", "2022-05-01 09:01:30", "2022-05-01 09:10:00", "2022-05-01 09:50:00", "app", "traffic", "", "3", "岳塘区", "建设路派出所", "resolved", "0", "", "", ""},
	{"F3", "2022-05-02 13:00:00", "2022-05-02 13:00:04", "2022-05-02 13:00:50", "2022-05-02 13:06:00", "2022-05-02 14:00:00", "phone", "emergency_help", "suicide_attempt", "1", "雨湖区", "窑湾派出所", "rescued", "1", "medical;water_police", "27.85", "112.90"},
	{"F4", "2022-05-03 17:00:00", "", "", "", "", "sms", "consultation", "", "", "湘潭经开区", "", "", "0", "", "", ""},
}

// TestEveryFormatLoadsTheSameCalls writes the same four calls as CSV, CSV with a BOM and CRLF,
// GB18030 CSV, UTF-16 TSV (Excel's "Unicode text"), JSON lines and Parquet, each also gzipped,
// and checks that each loads exactly the calls the plain CSV loads.
func TestEveryFormatLoadsTheSameCalls(t *testing.T) {
	ctx := context.Background()
	header := strings.Split(strings.TrimSpace(canonicalHeader), ",")
	dir := t.TempDir()
	delimited := func(sep, eol string) string {
		var b strings.Builder
		for _, row := range append([][]string{header}, formatRows...) {
			b.WriteString(strings.Join(row, sep) + eol)
		}
		return b.String()
	}
	plain := delimited(",", "\n")
	gb18030, err := simplifiedchinese.GB18030.NewEncoder().String(plain)
	if err != nil {
		t.Fatal(err)
	}
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(delimited("\t", "\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	var jsonl strings.Builder
	for _, row := range formatRows {
		obj := map[string]any{}
		for i, name := range header {
			if row[i] != "" {
				obj[name] = row[i]
			}
		}
		// Numbers as JSON numbers, lists as arrays, as exporters write them.
		obj["people_helped"] = json.Number(row[13])
		if row[14] != "" {
			obj["linked_agencies"] = strings.Split(row[14], ";")
		}
		line, _ := json.Marshal(obj)
		jsonl.Write(line)
		jsonl.WriteString("\n")
	}
	files := map[string]string{
		"calls-2022-05.csv":          plain,
		"calls-2022-05-bom-crlf.csv": "\ufeff" + delimited(",", "\r\n"),
		"calls-2022-05-gb18030.csv":  gb18030,
		"calls-2022-05-utf16.txt":    utf16,
		"calls-2022-05.jsonl":        jsonl.String(),
	}
	for name, content := range files {
		writeExport(t, dir, name, content)
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		zw.Write([]byte(content))
		zw.Close()
		writeExport(t, dir, name+".gz", gz.String())
	}
	// Parquet, written by DuckDB from the plain CSV with typed columns.
	parquet := filepath.Join(dir, "calls-2022-05.parquet")
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = db.Exec(`COPY (SELECT call_id, received_at::TIMESTAMP AS received_at, answered_at::TIMESTAMP AS answered_at,
			dispatched_at::TIMESTAMP AS dispatched_at, arrived_at::TIMESTAMP AS arrived_at, closed_at::TIMESTAMP AS closed_at,
			channel, category, subcategory, priority::INTEGER AS priority, district, station, disposition,
			people_helped::INTEGER AS people_helped, string_split(linked_agencies, ';') AS linked_agencies, lat, lon
		FROM read_csv(?, all_varchar = true)) TO '`+parquet+`' (FORMAT parquet)`, filepath.Join(dir, "calls-2022-05.csv"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(parquet)
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(data)
	zw.Close()
	writeExport(t, dir, "calls-2022-05.parquet.gz", gz.String())

	calls := func(w *warehouse.Warehouse) string {
		var s string
		err := w.DB.QueryRow(`SELECT string_agg(concat_ws('|', call_id, received_at, answered_at, dispatched_at, arrived_at, closed_at,
			channel, category, subcategory, priority, district, station, disposition, people_helped, linked_agencies, lat, lon), E'\n' ORDER BY call_id)
			FROM calls`).Scan(&s)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	var want string
	paths, err := Paths([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 12 {
		t.Fatalf("Paths found %d files; want 12: %v", len(paths), paths)
	}
	for _, path := range append([]string{filepath.Join(dir, "calls-2022-05.csv")}, paths...) {
		w := openWarehouse(t)
		res, err := File(ctx, w, path, Options{})
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(path), err)
			continue
		}
		if res.RowsRead != 4 || res.Loaded != 4 || res.Profile != "canonical" {
			t.Errorf("%s: read %d loaded %d with %s; want 4 4 canonical", filepath.Base(path), res.RowsRead, res.Loaded, res.Profile)
		}
		got := calls(w)
		if want == "" {
			want = got
			continue
		}
		if got != want {
			t.Errorf("%s (%s, %s) loaded\n%s\nwant\n%s", filepath.Base(path), res.Format, res.Encoding, got, want)
		}
	}
}

// TestGB18030AfterAnASCIIStartLoadsAsGB18030: a GB18030 file that starts with 1,000 rows of
// ASCII (more than the 64 KiB sample) is read as GB18030, on the evidence of the whole file, and
// its Chinese district loads as itself. (Once the sample alone decided: the row was quarantined.)
func TestGB18030AfterAnASCIIStartLoadsAsGB18030(t *testing.T) {
	var b strings.Builder
	b.WriteString(canonicalHeader)
	for i := range 1000 {
		fmt.Fprintf(&b, "A%04d,2022-05-01 08:00:00,,,,,phone,traffic,,3,Yuhu District,Chengzhengjie Police Station,resolved,0,,,\n", i)
	}
	b.WriteString("A9999,2022-05-01 09:00:00,,,,,phone,traffic,,3,雨湖区,,resolved,0,,,\n")
	encoded, err := simplifiedchinese.GB18030.NewEncoder().String(b.String())
	if err != nil {
		t.Fatal(err)
	}
	if len(encoded) <= 64<<10 {
		t.Fatalf("the file is %d bytes; it must outgrow the 64 KiB sample", len(encoded))
	}
	path := writeExport(t, t.TempDir(), "calls-2022-05.csv", encoded)
	w := openWarehouse(t)
	res, err := File(context.Background(), w, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Encoding != "gb18030" || res.Loaded != 1001 || res.Quarantined != 0 {
		t.Fatalf("%+v; want gb18030 detected, 1001 loaded, none quarantined", res)
	}
	var district string
	if err := w.DB.QueryRow("SELECT district FROM calls WHERE call_id = 'A9999'").Scan(&district); err != nil || district != "雨湖区" {
		t.Errorf("A9999's district %q (%v), want 雨湖区", district, err)
	}
}

// TestPathsPicksEveryExtensionSourceReads checks that a folder yields every file the readers
// accept, by the readers' own list of extensions (.tab and .xlsm were once refused in folders),
// gzipped or not, and nothing else.
func TestPathsPicksEveryExtensionSourceReads(t *testing.T) {
	dir := t.TempDir()
	want := 0
	for _, name := range []string{"a.csv", "b.tab", "c.xlsm", "d.ndjson.gz", "e.TSV", "f.parquet", "g.txt", "h.json", "i.jsonl", "j.xlsx", "k.tsv"} {
		writeExport(t, dir, name, "x")
		want++
	}
	for _, name := range []string{"notes.md", "calls.csv.bak", ".hidden.csv", "archive.zip"} {
		writeExport(t, dir, name, "x")
	}
	paths, err := Paths([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != want {
		t.Errorf("Paths found %d files, want %d: %v", len(paths), want, paths)
	}
}

// TestUncomputedFormulaIsFlaggedNotRecorded ingests a workbook whose station cell of the second
// call is a formula never calculated: the call loads with its station not recorded and one
// spreadsheet_error flag; the first call's station is loaded. Read 2 = 2 loaded.
func TestUncomputedFormulaIsFlaggedNotRecorded(t *testing.T) {
	book := excelize.NewFile()
	defer book.Close()
	rows := [][]any{
		{"call_id", "received_at", "channel", "category", "district", "station"},
		{"UF1", "2022-05-01 08:00:00", "phone", "traffic", "雨湖区", "城正街派出所"},
		{"UF2", "2022-05-01 09:00:00", "phone", "traffic", "雨湖区"},
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := book.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	if err := book.SetCellFormula("Sheet1", "F3", "F2&\"所\""); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "calls-2022-05.xlsx")
	if err := book.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	profile, err := ParseProfile("p.yaml", []byte("name: p\ntable: calls\ntime_layouts: [canonical]\nsame_names: true\n"))
	if err != nil {
		t.Fatal(err)
	}
	w := openWarehouse(t)
	res, err := File(context.Background(), w, path, Options{Profile: profile})
	if err != nil {
		t.Fatal(err)
	}
	if res.RowsRead != 2 || res.Loaded != 2 || res.ByCheck["spreadsheet_error (flag)"] != 1 {
		t.Errorf("read %d, loaded %d, by check %v; want 2, 2, one spreadsheet_error flag", res.RowsRead, res.Loaded, res.ByCheck)
	}
	var got string
	if err := w.DB.QueryRow("SELECT string_agg(call_id || '=' || coalesce(station, '-'), ' ' ORDER BY call_id) FROM calls").Scan(&got); err != nil || got != "UF1=城正街派出所 UF2=-" {
		t.Errorf("stations %q (%v), want UF1=城正街派出所 UF2=-", got, err)
	}
}
