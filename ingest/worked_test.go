package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// workedExample returns the export (```csv) and the profile (```yaml) that follow a heading of
// docs/ingest.md.
func workedExample(t *testing.T, heading string) (export, profile string) {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join("..", "docs", "ingest.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(doc), "\n"+heading+"\n")
	if !ok {
		t.Fatalf("docs/ingest.md has no heading %q", heading)
	}
	block := func(lang string) string {
		_, rest, ok := strings.Cut(section, "```"+lang+"\n")
		if !ok {
			t.Fatalf("%s: no %s block", heading, lang)
		}
		text, _, _ := strings.Cut(rest, "```")
		return text
	}
	return block("csv"), block("yaml")
}

// callRow is what a test expects of a loaded call: its category, subcategory, district and the
// seconds from the call to dispatch, to arrival, and from arrival to close ("-" when not recorded).
type callRow struct{ id, category, subcategory, district, dispatch, arrival, onScene, extra string }

// TestWorkedProfiles ingests the two worked examples of docs/ingest.md with their profiles and
// checks what the document says they load; the figures were worked out by hand from the rows.
func TestWorkedProfiles(t *testing.T) {
	ctx := context.Background()
	query := `SELECT call_id, category, coalesce(subcategory, ''), district,
		coalesce(CAST(epoch(dispatched_at) - epoch(received_at) AS BIGINT)::VARCHAR, '-'),
		coalesce(CAST(epoch(arrived_at) - epoch(received_at) AS BIGINT)::VARCHAR, '-'),
		coalesce(CAST(epoch(closed_at) - epoch(arrived_at) AS BIGINT)::VARCHAR, '-'),
		%s FROM calls ORDER BY call_id`
	for _, tc := range []struct {
		heading, file, extra string
		gb18030              bool
		loaded, quarantined  int64
		check                string
		calls                []callRow
		reason               string
		flag                 string // a check that flags one kept row
	}{
		{
			heading: "### Worked profile: a Chinese 110 export", file: "cn110-202205.csv", gb18030: true,
			extra:  "array_to_string(linked_agencies, ';')",
			loaded: 3, quarantined: 1, check: "required",
			calls: []callRow{
				{"20220501-1", "emergency_help", "", "雨湖区", "70", "390", "4500", ""},
				{"20220501-2", "criminal", "", "岳塘区", "55", "545", "-", ""},
				{"20220502-1", "emergency_help", "lost_person", "湘潭县", "120", "-", "-", "medical"},
			},
			reason: "报警时间",
		},
		{
			heading: "### Worked profile: a US CAD export", file: "cad-2024-03.csv",
			// Before 02:00 on 10 March Chicago is at UTC-6, after it at UTC-5.
			extra:  "coalesce(disposition, '') || ' ' || coalesce(CAST(priority AS VARCHAR), '') || ' ' || strftime(timezone('UTC', received_at), '%Y-%m-%d %H:%M:%S')",
			loaded: 4, quarantined: 1, check: "unparsable_time",
			calls: []callRow{
				{"24-001817", "emergency_help", "", "B3", "-", "412", "-", "resolved 1 2024-03-10 05:52:07"},
				{"24-001818", "traffic", "", "B1", "-", "-", "-", "resolved 1 2024-03-10 07:15:40"},
				{"24-001820", "criminal", "", "B1", "-", "-", "-", "false_alarm 2 2024-03-10 13:04:51"},
				{"24-001821", "other", "", "B1", "-", "298", "-", " 2 2024-03-10 14:12:13"},
			},
			reason: "no such local time",
			flag:   "unknown_value (flag)",
		},
	} {
		t.Run(tc.file, func(t *testing.T) {
			export, profileText := workedExample(t, tc.heading)
			profile, err := ParseProfile(tc.file+".yaml", []byte(profileText))
			if err != nil {
				t.Fatal(err)
			}
			if tc.gb18030 {
				if export, err = simplifiedchinese.GB18030.NewEncoder().String(export); err != nil {
					t.Fatal(err)
				}
			}
			path := writeExport(t, t.TempDir(), tc.file, export)
			w := openWarehouse(t)
			res, err := File(ctx, w, path, Options{Profile: profile})
			if err != nil {
				t.Fatal(err)
			}
			if res.RowsRead != res.Loaded+res.Quarantined+res.Duplicates || res.Loaded != tc.loaded || res.Quarantined != tc.quarantined || res.ByCheck[tc.check] != tc.quarantined {
				t.Errorf("read %d, loaded %d, quarantined %d, duplicates %d, by check %v; want %d loaded, %d %s",
					res.RowsRead, res.Loaded, res.Quarantined, res.Duplicates, res.ByCheck, tc.loaded, tc.quarantined, tc.check)
			}
			if tc.flag != "" && res.ByCheck[tc.flag] != 1 {
				t.Errorf("by check %v; want one %s", res.ByCheck, tc.flag)
			}
			rows, err := w.DB.Query(strings.Replace(query, "%s", tc.extra, 1))
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var got []callRow
			for rows.Next() {
				var c callRow
				if err := rows.Scan(&c.id, &c.category, &c.subcategory, &c.district, &c.dispatch, &c.arrival, &c.onScene, &c.extra); err != nil {
					t.Fatal(err)
				}
				got = append(got, c)
			}
			if len(got) != len(tc.calls) {
				t.Fatalf("calls %v\nwant %v", got, tc.calls)
			}
			for i := range got {
				if got[i] != tc.calls[i] {
					t.Errorf("call %d: %+v\n          want %+v", i, got[i], tc.calls[i])
				}
			}
			var reason string
			if err := w.DB.QueryRow("SELECT reason FROM quarantine").Scan(&reason); err != nil || !strings.Contains(reason, tc.reason) {
				t.Errorf("quarantine reason %q (%v); want it to mention %q", reason, err, tc.reason)
			}
		})
	}
}
