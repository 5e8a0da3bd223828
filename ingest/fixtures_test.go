package ingest

import (
	"context"
	"database/sql"
	"maps"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// fixtureCase is the accounting of a fixture, counted by reading it line by line.
type fixtureCase struct {
	file                                  string
	profile                               string
	format, encoding                      string
	read, loaded, quarantined, duplicates int64
	records, flagged                      int64
	byCheck                               map[string]int64
	categories                            map[string]int64 // calls by category, activities by kind
}

func TestBuiltinProfileFixtures(t *testing.T) {
	cases := []fixtureCase{
		{
			// GB18030, a title row above the header (line 2). Data lines 3-14: 110-0001, 0002, 0003
			// (arrival before dispatch: flagged), 0007 (received 30 April: outside the file's
			// month, flagged), 0008, 0010 and 0011 (travel of 3 h, over both the travel and the
			// response ceilings: two flags) load; 0004 (年月日 time), 0005 (category 盗窃),
			// 0006 (管辖单位 外省分局) and 0009 (no 报警时间) are quarantined; the second
			// 110-0001 is an exact duplicate.
			file: "cn110-2022-05.csv", profile: "cn-110", format: "csv", encoding: "gb18030",
			read: 12, loaded: 7, quarantined: 4, duplicates: 1, records: 7, flagged: 3,
			byCheck: map[string]int64{"unparsable_time": 1, "unknown_value": 1, "unknown_district": 1, "required": 1,
				"interval_order (flag)": 1, "outside_period (flag)": 1, "interval_ceiling (flag)": 2},
			categories: map[string]int64{"emergency_help": 3, "traffic": 1, "criminal": 1, "dispute": 1, "consultation": 1},
		},
		{
			// XLSX, title row merged across the columns, times as date serials and as text. Rows
			// 3, 4, 5 (numeric call id) and 7 load; 6 (no time) and 9 (救助人数 两人) are
			// quarantined; row 8 is empty and not a row of data.
			file: "cn110-2022-06.xlsx", profile: "cn-110", format: "xlsx", encoding: "",
			read: 6, loaded: 4, quarantined: 2, duplicates: 0, records: 4, flagged: 0,
			byCheck:    map[string]int64{"required": 1, "invalid_value": 1},
			categories: map[string]int64{"emergency_help": 1, "public_order": 1, "fire": 1, "invalid": 1},
		},
		{
			// See TestSFFireUnitRowsCombineIntoCalls.
			file: "sf-fire-2022-04.csv", profile: "sf-fire-units", format: "csv", encoding: "utf-8",
			read: 12, loaded: 10, quarantined: 1, duplicates: 1, records: 6, flagged: 2,
			byCheck:    map[string]int64{"unknown_value (flag)": 2, "unparsable_time": 1, "unknown_district (flag)": 1},
			categories: map[string]int64{"emergency_help": 2, "fire": 2, "traffic": 1, "other": 1},
		},
		{
			// A1-A3 load; A4 has an unknown kind (drill), A5 an unreadable passed flag (maybe).
			file: "activities.csv", profile: "canonical-activities", format: "csv", encoding: "utf-8",
			read: 5, loaded: 3, quarantined: 2, duplicates: 0, records: 3, flagged: 0,
			byCheck:    map[string]int64{"unknown_value": 1, "invalid_value": 1},
			categories: map[string]int64{"simulated_alarm_drill": 1, "video_inspection": 1, "training": 1},
		},
		{
			// See TestIngestAccountsForEveryRow; XT3's arrival before dispatch is flagged.
			file: "calls_faults.csv", profile: "canonical", format: "csv", encoding: "utf-8",
			read: 14, loaded: 5, quarantined: 8, duplicates: 1, records: 5, flagged: 1,
			byCheck: map[string]int64{"field_count": 1, "unparsable_time": 1, "required": 1, "unknown_value": 2,
				"invalid_value": 1, "malformed_row": 1, "conflicting_duplicate": 1, "interval_order (flag)": 1},
			categories: map[string]int64{"emergency_help": 2, "traffic": 1, "dispute": 1, "consultation": 1},
		},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			ctx := context.Background()
			w := openWarehouse(t)
			res, err := File(ctx, w, filepath.Join("testdata", c.file), Options{}) // the profile is detected
			if err != nil {
				t.Fatal(err)
			}
			if res.Profile != c.profile || res.Format != c.format || res.Encoding != c.encoding {
				t.Errorf("read with %s as %s/%s; want %s %s/%s", res.Profile, res.Format, res.Encoding, c.profile, c.format, c.encoding)
			}
			got := [6]int64{res.RowsRead, res.Loaded, res.Quarantined, res.Duplicates, res.Records, res.Flagged}
			want := [6]int64{c.read, c.loaded, c.quarantined, c.duplicates, c.records, c.flagged}
			if got != want {
				t.Errorf("read, loaded, quarantined, duplicates, records, flagged = %v; want %v", got, want)
			}
			// The ingest log names the worksheet of a workbook (the fixture's only sheet), and none
			// for other files.
			var sheet sql.NullString
			if err := w.DB.QueryRow("SELECT sheet FROM ingest_files").Scan(&sheet); err != nil {
				t.Fatal(err)
			}
			if wantSheet := c.format == "xlsx"; sheet.Valid != wantSheet || sheet.String != res.Sheet {
				t.Errorf("ingest log sheet %v, result %q; want one only for a workbook", sheet, res.Sheet)
			}
			if res.Loaded+res.Quarantined+res.Duplicates != res.RowsRead {
				t.Errorf("loaded + quarantined + duplicates = %d; rows read %d", res.Loaded+res.Quarantined+res.Duplicates, res.RowsRead)
			}
			if !maps.Equal(res.ByCheck, c.byCheck) {
				t.Errorf("by check %v; want %v", res.ByCheck, c.byCheck)
			}
			// Calls by category, or activities by kind.
			categories := map[string]int64{}
			query := "SELECT category, count(*) FROM calls GROUP BY category"
			if res.Kind == "activities" {
				query = "SELECT kind, count(*) FROM activities GROUP BY kind"
			}
			rows, err := w.DB.Query(query)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var category string
				var n int64
				rows.Scan(&category, &n)
				categories[category] = n
			}
			if !maps.Equal(categories, c.categories) {
				t.Errorf("categories %v; want %v", categories, c.categories)
			}
		})
	}
}

func TestCN110ValuesAreMapped(t *testing.T) {
	ctx := context.Background()
	w := openWarehouse(t)
	for _, file := range []string{"cn110-2022-05.csv", "cn110-2022-06.xlsx"} {
		if _, err := File(ctx, w, filepath.Join("testdata", file), Options{}); err != nil {
			t.Fatal(err)
		}
	}
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	cases := []struct {
		id                     string
		received               time.Time
		category, sub          string
		district, disposition  string
		agencies               []string
		priority, peopleHelped int
	}{
		{"110-0001", time.Date(2022, 5, 27, 14, 3, 0, 0, shanghai), "emergency_help", "suicide_attempt", "雨湖区", "rescued", []string{"medical", "fire"}, 1, 1},
		{"110-0002", time.Date(2022, 5, 27, 15, 20, 10, 0, shanghai), "traffic", "", "岳塘区", "resolved", []string{}, 3, 0},
		{"110-0008", time.Date(2022, 5, 29, 16, 0, 0, 0, shanghai), "emergency_help", "lost_person", "韶山市", "person_found", []string{}, 2, 2},
		{"110-0010", time.Date(2022, 5, 30, 8, 0, 0, 0, shanghai), "consultation", "", "湘潭经开区", "resolved", []string{}, 4, 0},
		{"110-0601", time.Date(2022, 6, 3, 8, 30, 0, 0, shanghai), "emergency_help", "drowning", "湘乡市", "rescued", []string{"water_police", "medical"}, 1, 1},
		{"110-0602", time.Date(2022, 6, 5, 21, 10, 0, 0, shanghai), "public_order", "", "韶山市", "resolved", []string{}, 3, 0},
		{"20220607000001", time.Date(2022, 6, 7, 19, 0, 0, 0, shanghai), "fire", "", "湘潭高新区", "resolved", []string{"fire"}, 1, 0},
	}
	for _, c := range cases {
		var received time.Time
		var category, district string
		var sub, disposition *string
		var agencies []any
		var priority, people int
		err := w.DB.QueryRow(`SELECT received_at, category, subcategory, district, disposition, linked_agencies, priority, people_helped
			FROM calls WHERE call_id = ?`, c.id).Scan(&received, &category, &sub, &district, &disposition, &agencies, &priority, &people)
		if err != nil {
			t.Errorf("%s: %v", c.id, err)
			continue
		}
		var gotAgencies []string
		for _, a := range agencies {
			gotAgencies = append(gotAgencies, a.(string))
		}
		deref := func(s *string) string {
			if s == nil {
				return ""
			}
			return *s
		}
		if !received.Equal(c.received) || category != c.category || deref(sub) != c.sub || district != c.district ||
			deref(disposition) != c.disposition || !slices.Equal(gotAgencies, c.agencies) && len(gotAgencies)+len(c.agencies) > 0 ||
			priority != c.priority || people != c.peopleHelped {
			t.Errorf("%s: got %v %s %s %s %s %v p%d %d; want %+v", c.id, received.In(shanghai), category, deref(sub), district,
				deref(disposition), gotAgencies, priority, people, c)
		}
	}
}
