package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"bulletin/warehouse"
)

// validCall writes one valid canonical call received at hour h of 2022-05-01, with station as given.
func validCall(id string, h int, station string) string {
	return fmt.Sprintf("%s,2022-05-01 %02d:00:00,2022-05-01 %02d:00:06,2022-05-01 %02d:01:00,2022-05-01 %02d:05:00,2022-05-01 %02d:40:00,phone,traffic,,3,雨湖区,%s,resolved,0,,,\n",
		id, h, h, h, h, h, station)
}

// badCase is one file of the bad-input corpus (testdata/bad, described in its README.md) and what
// ingesting it into an empty warehouse must give.
type badCase struct {
	file string
	// generate, when set, writes the file into dir instead of reading it from testdata/bad: for
	// files too big to commit or written by a library.
	generate func(t *testing.T, dir string) string
	// errHas, when set, says the file is refused: the error names the file and holds each string,
	// and the warehouse is left untouched.
	errHas []string
	// Otherwise the file loads with this accounting.
	read, loaded, quarantined, duplicates int64
	calls                                 []string          // call_ids loaded, sorted
	quarantine                            map[int64]string  // source line -> check that quarantined it
	flags                                 map[string]int64  // flags by check
	station                               map[string]string // call_id -> station, loaded verbatim
}

// TestBadInputCorpus ingests every file of the bad-input corpus into a fresh warehouse. Each must
// either be refused with an error naming the file (and the line where one applies), or be accounted
// for row by row: the faulty rows quarantined by the expected check at the expected line, the valid
// rows around them loaded, hostile text kept as it was written. The counts were made by reading the
// files line by line (line 1 is the header).
func TestBadInputCorpus(t *testing.T) {
	cases := []badCase{
		{file: "empty.csv", errHas: []string{"no header row: the file is empty"}},
		{file: "header-only.csv"},
		{file: "utf8-bom.csv", read: 2, loaded: 2, calls: []string{"B1", "B2"}},
		{file: "crlf.csv", read: 3, loaded: 3, calls: []string{"C1", "C2", "C3"}},
		{file: "cr-only-line-ends.csv", read: 2, loaded: 2, calls: []string{"R1", "R2"}},
		// Q2's station spans lines 3-4; Q3 is line 5.
		{file: "quoted-newline.csv", read: 3, loaded: 3, calls: []string{"Q1", "Q2", "Q3"}, station: map[string]string{"Q2": "城正街\n派出所"}},
		// N2 (line 3) has 4 fields, N3 (line 4) 19.
		{file: "field-count.csv", read: 4, loaded: 2, quarantined: 2, calls: []string{"N1", "N4"},
			quarantine: map[int64]string{3: CheckFieldCount, 4: CheckFieldCount}},
		// Two exports pasted together: the header again at line 4.
		{file: "duplicate-header-line.csv", read: 4, loaded: 3, quarantined: 1, calls: []string{"D1", "D2", "D3"},
			quarantine: map[int64]string{4: CheckMalformedRow}},
		{file: "duplicate-column-name.csv", errHas: []string{"line 1", "a column is named twice: district (columns 11 and 18)"}},
		{file: "missing-required-column.csv", errHas: []string{"line 1", "no built-in profile fits the header", "district"}},
		{file: "gb18030-no-encoding.csv", read: 2, loaded: 2, calls: []string{"G1", "G2"}, station: map[string]string{"G2": "易俗河派出所"}},
		{file: "utf16le-bom.txt", read: 2, loaded: 2, calls: []string{"U1", "U2"}},
		{file: "utf16le-no-bom.txt", read: 2, loaded: 2, calls: []string{"U3", "U4"}},
		{file: "binary-garbage.csv", errHas: []string{"not text: ", "control characters"}},
		{file: "truncated.csv.gz", errHas: []string{"unexpected EOF"}},
		// 1 MB of compressed rows cut short after the first 64 KiB have been decoded.
		{file: "truncated-late.csv.gz", generate: truncatedLateGzip, errHas: []string{"unexpected EOF"}},
		{file: "plain-text-named.csv.gz", read: 2, loaded: 2, calls: []string{"P1", "P2"}},
		{file: "not-a-zip.xlsx", errHas: []string{"zip"}},
		{file: "zero-bytes.xlsx", errHas: []string{"zip"}},
		{file: "empty-sheet.xlsx", generate: emptyWorkbook, errHas: []string{`sheet "Sheet1": no header row: the file is empty`}},
		// J2 (line 2) lacks its closing brace, line 3 is an array.
		{file: "broken-line.jsonl", read: 4, loaded: 2, quarantined: 2, calls: []string{"J1", "J3"},
			quarantine: map[int64]string{2: CheckMalformedRow, 3: CheckMalformedRow}},
		// K2 (line 2) gives district twice, with two values: which one is meant is not known.
		{file: "repeated-key.jsonl", read: 3, loaded: 2, quarantined: 1, calls: []string{"K1", "K3"},
			quarantine: map[int64]string{2: CheckMalformedRow}},
		{file: "json-array.json", errHas: []string{"the file is a JSON array, not JSON lines"}},
		{file: "not-parquet.parquet", errHas: []string{"not a Parquet file"}},
		// T2 is received in 2099, T3 in 1989: kept, flagged outside the file's month.
		{file: "calls-2022-05-future-and-1989.csv", read: 3, loaded: 3, calls: []string{"T1", "T2", "T3"},
			flags: map[string]int64{CheckOutsidePeriod: 2}},
		// UT2 2022/05/03 08:15, UT3 February 30, UT4 "yesterday", UT5 0000-00-00, UT6 24:00:00.
		{file: "unparsable-times.csv", read: 7, loaded: 2, quarantined: 5, calls: []string{"UT1", "UT7"},
			quarantine: map[int64]string{3: CheckUnparsableTime, 4: CheckUnparsableTime, 5: CheckUnparsableTime, 6: CheckUnparsableTime, 7: CheckUnparsableTime}},
		// I2 arrives 30 s before dispatch, I3 three days after it (travel and response over 2h), I4
		// closes before it was received: kept and flagged.
		{file: "intervals.csv", read: 4, loaded: 4, calls: []string{"I1", "I2", "I3", "I4"},
			flags: map[string]int64{CheckIntervalOrder: 2, CheckIntervalCeiling: 2}},
		// 1000000, 2147483648 (over 10000), 99999999999999999999 (over int64), -1.
		{file: "people-helped.csv", read: 5, loaded: 1, quarantined: 4, calls: []string{"PH1"},
			quarantine: map[int64]string{3: CheckInvalidValue, 4: CheckInvalidValue, 5: CheckInvalidValue, 6: CheckInvalidValue}},
		// District 长沙市 is free text the canonical profile keeps (it lists no districts); category
		// theft, channel wechat and agency police are unknown.
		{file: "unknown-values.csv", read: 5, loaded: 2, quarantined: 3, calls: []string{"UV1", "UV2"},
			quarantine: map[int64]string{4: CheckUnknownValue, 5: CheckUnknownValue, 6: CheckUnknownValue}},
		{file: "formulas.csv", read: 7, loaded: 7, calls: []string{"=1+1", "FO1", "FO2", "FO3", "FO4", "FO5", "FO6"},
			station: map[string]string{"FO2": `=HYPERLINK("http://x.example/","click")`, "FO3": "+86 110", "FO4": "-2+3",
				"FO5": "@SUM(A1:A9)", "FO6": "=cmd|' /C calc'!A0"}},
		{file: "html-script.csv", read: 4, loaded: 4, calls: []string{"<b>HT4</b>", "HT1", "HT2", "HT3"},
			station: map[string]string{"HT2": "<script>alert(1)</script>", "HT3": `<img src=x onerror="alert(1)">`, "<b>HT4</b>": "&lt;b&gt;"}},
		// A NUL in NU2's station (line 3) and in NU3's call_id (line 4).
		{file: "nul-bytes.csv", read: 4, loaded: 2, quarantined: 2, calls: []string{"NU1", "NU4"},
			quarantine: map[int64]string{3: CheckInvalidValue, 4: CheckInvalidValue}},
		{file: "duplicate-same.csv", read: 4, loaded: 3, duplicates: 1, calls: []string{"S1", "S2", "S3"}},
		{file: "duplicate-different.csv", read: 4, loaded: 3, quarantined: 1, calls: []string{"DD1", "DD2", "DD3"},
			quarantine: map[int64]string{4: CheckConflict}},
		// Line 3 is empty (not a row); line 4 "   " and 5 a tab are one field each; lines 6 and 7
		// have 17 empty (or blank) fields.
		{file: "whitespace-rows.csv", read: 4 + 2, loaded: 2, quarantined: 4, calls: []string{"W1", "W2"},
			quarantine: map[int64]string{4: CheckFieldCount, 5: CheckFieldCount, 6: CheckRequired, 7: CheckRequired}},
		{file: "unclosed-quote.csv", read: 3, loaded: 2, quarantined: 1, calls: []string{"UQ1", "UQ2"},
			quarantine: map[int64]string{4: CheckMalformedRow}},
		{file: "semicolon-delimited.csv", errHas: []string{"line 1", "no built-in profile fits the header"}},
		// +Inf and 1e400 are not coordinates; NaN is how exports write a number not recorded
		// (DefaultMissingValues): CO2 loads without a latitude.
		{file: "bad-coordinates.csv", read: 4, loaded: 2, quarantined: 2, calls: []string{"CO1", "CO2"},
			quarantine: map[int64]string{4: CheckInvalidValue, 5: CheckInvalidValue}},
		// Missing-value tokens (null, NULL, N/A, NaN, -, 空, 无) are empty cells: MV1 and MV2 load
		// with those fields not recorded; a required field written null (call_id, received_at,
		// category) is a required value missing.
		{file: "missing-values.csv", read: 5, loaded: 2, quarantined: 3, calls: []string{"MV1", "MV2"},
			quarantine: map[int64]string{4: CheckRequired, 5: CheckRequired, 6: CheckRequired}},
		// Invisible characters and other forms of one text: line 3 is line 2 with a BOM before its
		// id (a duplicate once the BOM is gone); IV2's district holds a zero-width space, ＩＶ３ is
		// written in full-width letters and digits, with its district inside bidi controls and a
		// decomposed é in its station, IV4's channel holds a zero-width joiner. All load (flagged
		// normalized_text), as four calls of one district.
		{file: "invisible-characters.csv", read: 5, loaded: 4, duplicates: 1, calls: []string{"IV1", "IV2", "IV3", "IV4"},
			flags: map[string]int64{CheckNormalized: 6}},
		// An LF file with lone CRs ending two of its lines (pasted from a Mac export) and a CR LF.
		{file: "mixed-line-ends.csv", read: 4, loaded: 4, calls: []string{"MX1", "MX2", "MX3", "MX4"}},
		// 70 MiB of one line from a small gzip file: refused at its line before it fills memory.
		{file: "bomb.csv.gz", generate: gzipBomb, errHas: []string{"line 3 is longer than 64 MiB"}},
		// Excel's error values from failed formulas: SE1's answer time, people helped and latitude,
		// SE3's station are not recorded (flagged spreadsheet_error); SE2's category is required.
		{file: "spreadsheet-errors.csv", read: 3, loaded: 2, quarantined: 1, calls: []string{"SE1", "SE3"},
			quarantine: map[int64]string{3: CheckRequired}, flags: map[string]int64{CheckSpreadsheet: 4}},
		// A 10 MB station between two valid rows: loaded as it is.
		{file: "huge-field.csv", generate: hugeField, read: 3, loaded: 3, calls: []string{"HF1", "HF2", "HF3"}},
		// A 1 MB line of 100,000 fields (line 3) between two valid rows.
		{file: "long-line.csv", generate: longLine, read: 3, loaded: 2, quarantined: 1, calls: []string{"LL1", "LL3"},
			quarantine: map[int64]string{3: CheckFieldCount}},
	}
	ctx := context.Background()
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			path := filepath.Join("testdata", "bad", c.file)
			if c.generate != nil {
				path = c.generate(t, t.TempDir())
			}
			w, err := warehouse.Open(ctx, "", "Asia/Shanghai")
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			res, err := ingestWithoutPanic(ctx, w, path)
			if c.errHas != nil {
				t.Logf("refused: %v", err)
				if err == nil {
					t.Fatalf("ingested (%+v); want an error holding %q", res, c.errHas)
				}
				for _, s := range append([]string{path}, c.errHas...) {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q does not hold %q", err, s)
					}
				}
				var files, rows int
				w.DB.QueryRow("SELECT (SELECT count(*) FROM ingest_files), (SELECT count(*) FROM calls) + (SELECT count(*) FROM quarantine)").Scan(&files, &rows)
				if files != 0 || rows != 0 {
					t.Errorf("a refused file left %d log entries and %d rows", files, rows)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.RowsRead != c.read || res.Loaded != c.loaded || res.Quarantined != c.quarantined || res.Duplicates != c.duplicates {
				t.Errorf("read %d loaded %d quarantined %d duplicates %d; want %d %d %d %d",
					res.RowsRead, res.Loaded, res.Quarantined, res.Duplicates, c.read, c.loaded, c.quarantined, c.duplicates)
			}
			if res.Loaded+res.Quarantined+res.Duplicates != res.RowsRead {
				t.Errorf("loaded+quarantined+duplicates = %d, rows read %d", res.Loaded+res.Quarantined+res.Duplicates, res.RowsRead)
			}
			calls := queryStrings(t, w, "SELECT call_id FROM calls ORDER BY call_id")
			if !slices.Equal(calls, c.calls) {
				t.Errorf("loaded calls %q; want %q", calls, c.calls)
			}
			quarantine := map[int64]string{}
			rows, err := w.DB.Query("SELECT line, check_name, reason FROM quarantine")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var line int64
				var check, reason string
				if err := rows.Scan(&line, &check, &reason); err != nil {
					t.Fatal(err)
				}
				quarantine[line] = check
				t.Logf("line %d: %s: %s", line, check, reason)
				if strings.TrimSpace(reason) == "" {
					t.Errorf("line %d quarantined by %s without a reason", line, check)
				}
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if len(quarantine) != len(c.quarantine) || !mapsEqual(quarantine, c.quarantine) {
				t.Errorf("quarantined lines %v; want %v", quarantine, c.quarantine)
			}
			flags := map[string]int64{}
			for check, n := range res.ByCheck {
				if name, ok := strings.CutSuffix(check, " (flag)"); ok {
					flags[name] = n
				}
			}
			if !mapsEqual(flags, c.flags) {
				t.Errorf("flags %v; want %v", flags, c.flags)
			}
			for id, want := range c.station {
				var got string
				if err := w.DB.QueryRow("SELECT station FROM calls WHERE call_id = ?", id).Scan(&got); err != nil {
					t.Errorf("%s: %v", id, err)
				} else if got != want {
					t.Errorf("%s: station %q; want %q as written", id, got, want)
				}
			}
		})
	}
}

// ingestWithoutPanic ingests path, turning a panic into an error so that one bad file fails its case
// and not the whole run.
func ingestWithoutPanic(ctx context.Context, w *warehouse.Warehouse, path string) (res Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return File(ctx, w, path, Options{})
}

func mapsEqual[K comparable, V comparable](a, b map[K]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if bv, ok := b[k]; !ok || bv != v {
			return false
		}
	}
	return true
}

func queryStrings(t *testing.T, w *warehouse.Warehouse, query string) []string {
	t.Helper()
	rows, err := w.DB.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func emptyWorkbook(t *testing.T, dir string) string {
	path := filepath.Join(dir, "empty-sheet.xlsx")
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func hugeField(t *testing.T, dir string) string {
	station := strings.Repeat("派", 10<<20/len("派"))
	return writeExport(t, dir, "huge-field.csv", canonicalHeader+validCall("HF1", 8, "城正街派出所")+validCall("HF2", 9, station)+validCall("HF3", 10, "城正街派出所"))
}

func longLine(t *testing.T, dir string) string {
	return writeExport(t, dir, "long-line.csv", canonicalHeader+validCall("LL1", 8, "城正街派出所")+
		"LL2"+strings.Repeat(",field", 100000)+"\n"+validCall("LL3", 10, "城正街派出所"))
}

// gzipBomb writes a 70 MiB station on one line, gzipped to under 100 KiB: read whole, encoding/csv
// would hold the line in memory, and a thousand such files the machine's.
func gzipBomb(t *testing.T, dir string) string {
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write([]byte(canonicalHeader + validCall("GB1", 8, "城正街派出所") + "GB2,"))
	chunk := bytes.Repeat([]byte("x"), 1<<20)
	for range 70 {
		zw.Write(chunk)
	}
	zw.Close()
	return writeExport(t, dir, "bomb.csv.gz", gz.String())
}

func truncatedLateGzip(t *testing.T, dir string) string {
	var rows strings.Builder
	rows.WriteString(canonicalHeader)
	for i := range 20000 {
		rows.WriteString(validCall(fmt.Sprintf("TL%05d", i), 8+i%12, "城正街派出所"))
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(rows.String()))
	zw.Close()
	return writeExport(t, dir, "truncated-late.csv.gz", gz.String()[:gz.Len()*6/10])
}
