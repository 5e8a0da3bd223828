package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// The SF Fire fixture has 12 unit rows; the comments in testdata/sf-fire-2022-04.csv's generator
// are repeated here. Call 221020001: three units (earliest arrival 21:20:45 on the second row,
// earliest dispatch 21:16:30, last unit available 22:30:00). Call 221020002: two units and an exact
// repeat of the second. Call 221020003: one unit. Call 221020004: a call type the profile does not
// map (Elevator / Escalator Rescue), counted as other and flagged on both rows (earliest dispatch
// 23:01:00, earliest arrival 23:09:00, last unit available 23:40:00). Call 221020005: the second unit's arrival is unreadable, that row is
// quarantined and the call forms from the first. Call 221020006: battalion B99, kept and flagged.
func TestSFFireUnitRowsCombineIntoCalls(t *testing.T) {
	ctx := context.Background()
	w := openWarehouse(t)
	p, err := LoadProfile("sf-fire-units")
	if err != nil {
		t.Fatal(err)
	}
	res, err := File(ctx, w, filepath.Join("testdata", "sf-fire-2022-04.csv"), Options{Profile: p})
	if err != nil {
		t.Fatal(err)
	}
	want := Result{RowsRead: 12, Loaded: 10, Quarantined: 1, Duplicates: 1, Records: 6, Flagged: 2}
	if res.RowsRead != want.RowsRead || res.Loaded != want.Loaded || res.Quarantined != want.Quarantined ||
		res.Duplicates != want.Duplicates || res.Records != want.Records || res.Flagged != want.Flagged {
		t.Errorf("got read %d loaded %d quarantined %d duplicates %d records %d flagged %d; want %+v",
			res.RowsRead, res.Loaded, res.Quarantined, res.Duplicates, res.Records, res.Flagged, want)
	}
	if res.ByCheck["unknown_value (flag)"] != 2 || res.ByCheck[CheckUnparsableTime] != 1 || res.ByCheck["unknown_district (flag)"] != 1 {
		t.Errorf("by check: %v", res.ByCheck)
	}

	la, _ := time.LoadLocation("America/Los_Angeles")
	at := func(clock string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04:05", "2022-04-12 "+clock, la)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	type call struct {
		dispatched, arrived, closed time.Time
		category, district          string
		line                        int64
	}
	wantCalls := map[string]call{
		"221020001": {at("21:16:30"), at("21:20:45"), at("22:30:00"), "emergency_help", "B02", 2},
		"221020002": {at("22:01:10"), at("22:05:00"), at("23:20:00"), "fire", "B03", 5},
		"221020003": {at("22:31:00"), at("22:38:00"), at("23:00:00"), "traffic", "B01", 8},
		"221020004": {at("23:01:00"), at("23:09:00"), at("23:40:00"), "other", "B04", 9},
		"221020005": {at("23:21:00"), at("23:29:00"), at("23:55:00"), "emergency_help", "B06", 11},
		"221020006": {at("23:46:00"), at("23:52:00"), at("23:58:00"), "fire", "B99", 13},
	}
	rows, err := w.DB.Query("SELECT call_id, dispatched_at, arrived_at, closed_at, category, district, line FROM calls ORDER BY call_id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id string
		var c call
		if err := rows.Scan(&id, &c.dispatched, &c.arrived, &c.closed, &c.category, &c.district, &c.line); err != nil {
			t.Fatal(err)
		}
		n++
		wc, ok := wantCalls[id]
		if !ok {
			t.Errorf("unexpected call %s", id)
			continue
		}
		if !c.dispatched.Equal(wc.dispatched) || !c.arrived.Equal(wc.arrived) || !c.closed.Equal(wc.closed) ||
			c.category != wc.category || c.district != wc.district || c.line != wc.line {
			t.Errorf("call %s: got %+v; want %+v", id, c, wc)
		}
	}
	if n != len(wantCalls) {
		t.Errorf("%d calls loaded; want %d", n, len(wantCalls))
	}
	// The unmapped call type is named in the flags of both unit rows of 221020004.
	var flagged string
	err = w.DB.QueryRow(`SELECT string_agg(line || ':' || value || ':' || (reason LIKE '%counted as other%'), ' ' ORDER BY line)
		FROM flags WHERE check_name = 'unknown_value' AND record_key = '221020004'`).Scan(&flagged)
	if err != nil || flagged != "9:Elevator / Escalator Rescue:true 10:Elevator / Escalator Rescue:true" {
		t.Errorf("flags of the unmapped call type: %q (%v)", flagged, err)
	}

	// The same unit rows in another order, delivered again under another name: every row that
	// formed a loaded call is a duplicate, the faulty rows are quarantined again.
	data, err := os.ReadFile(filepath.Join("testdata", "sf-fire-2022-04.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(strings.TrimSuffix(string(data), "\n"), "\n")
	body := slices.Clone(lines[1:])
	slices.Reverse(body)
	for i := range body {
		body[i] = strings.TrimSuffix(body[i], "\n") + "\n"
	}
	again := filepath.Join(t.TempDir(), "sf-fire-2022-04-resent.csv")
	if err := os.WriteFile(again, []byte(lines[0]+strings.Join(body, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err = File(ctx, w, again, Options{Profile: p})
	if err != nil {
		t.Fatal(err)
	}
	if res.RowsRead != 12 || res.Loaded != 0 || res.Duplicates != 11 || res.Quarantined != 1 {
		t.Errorf("re-delivery in another order: read %d loaded %d duplicates %d quarantined %d; want 12 0 11 1",
			res.RowsRead, res.Loaded, res.Duplicates, res.Quarantined)
	}
}

func TestParseTimeLayouts(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	want := time.Date(2022, 5, 27, 14, 3, 0, 0, shanghai)
	cases := []struct {
		cell    string
		layouts []string
		want    time.Time
	}{
		{"2022/5/27 14:03", []string{"2006/1/2 15:04"}, want},
		{"2022/05/27 14:03", []string{"canonical", "2006/1/2 15:04"}, want},
		{"2022-05-27 14:03:00", []string{"2006/1/2 15:04", "canonical"}, want},
		{"2022-05-27T06:03:00Z", []string{"rfc3339"}, want},
		{"2022-05-27T14:03:21+08:00", []string{"2006-01-02T15:04:05Z07:00"}, want.Add(21 * time.Second)},
		// 2022-05-27 is day 44708 after 1899-12-30; 14:03 is 843/1440 of a day.
		{"44708.585416666667", []string{"excel"}, want},
		{"44708", []string{"excel"}, time.Date(2022, 5, 27, 0, 0, 0, 0, shanghai)},
	}
	for _, c := range cases {
		got, err := parseTime(c.cell, compileLayouts(c.layouts), shanghai)
		if err != nil || !got.Equal(c.want) {
			t.Errorf("parseTime(%q, %v) = %v, %v; want %v", c.cell, c.layouts, got, err, c.want)
		}
	}
	for _, bad := range []string{"2022年5月27日", "27/05/2022 14:03", "0", "yesterday"} {
		if got, err := parseTime(bad, compileLayouts([]string{"2006/1/2 15:04", "canonical", "excel"}), shanghai); err == nil {
			t.Errorf("parseTime(%q) = %v; want an error", bad, got)
		}
	}
}

func TestMappingReadsDateAndTimeColumnsAndEarliestOfSeveral(t *testing.T) {
	profile := `
name: split
table: calls
time_layouts: ["2006/1/2 15:04:05", excel]
fields:
  call_id: 编号
  received_at: {date: 日期, time: 时间}
  arrived_at: {columns: [第一车到达, 第二车到达], pick: earliest}
  channel: {value: phone}
  category: {column: 类别, map: {求助: emergency_help}}
  district: 辖区
`
	p, err := ParseProfile("split.yaml", []byte(profile))
	if err != nil {
		t.Fatal(err)
	}
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	m, err := newMapping(p, []string{"编号", "日期", "时间", "第一车到达", "第二车到达", "类别", "辖区", "备注"}, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.ignored, []string{"备注"}) {
		t.Errorf("ignored %v; want [备注]", m.ignored)
	}
	vals := make([]value, len(m.plans))
	field := func(name string) value {
		return vals[slices.IndexFunc(m.plans, func(p fieldPlan) bool { return p.field.name == name })]
	}
	// Text date and time; the second unit arrived first.
	q, _ := m.mapRow([]string{"A1", "2022/5/27", "14:03:00", "2022/5/27 14:20:00", "2022/5/27 14:12:30", "求助", "雨湖区", ""}, vals, nil)
	if q != nil {
		t.Fatal(q.reason())
	}
	if got := time.UnixMicro(field("received_at").num).In(shanghai); !got.Equal(time.Date(2022, 5, 27, 14, 3, 0, 0, shanghai)) {
		t.Errorf("received_at = %v", got)
	}
	if got := time.UnixMicro(field("arrived_at").num).In(shanghai); !got.Equal(time.Date(2022, 5, 27, 14, 12, 30, 0, shanghai)) {
		t.Errorf("arrived_at = %v; want the earlier 14:12:30", got)
	}
	if field("channel").text != "phone" || field("category").text != "emergency_help" {
		t.Errorf("channel %q category %q", field("channel").text, field("category").text)
	}
	// Excel serials in two cells: day 44708 and 0.5 (noon); one arrival empty.
	q, _ = m.mapRow([]string{"A2", "44708", "0.5", "", "44708.5125", "求助", "雨湖区", ""}, vals, nil)
	if q != nil {
		t.Fatal(q.reason())
	}
	if got := time.UnixMicro(field("received_at").num).In(shanghai); !got.Equal(time.Date(2022, 5, 27, 12, 0, 0, 0, shanghai)) {
		t.Errorf("received_at from serials = %v", got)
	}
	if got := time.UnixMicro(field("arrived_at").num).In(shanghai); !got.Equal(time.Date(2022, 5, 27, 12, 18, 0, 0, shanghai)) {
		t.Errorf("arrived_at from serial = %v", got)
	}
	// An unmapped category is reported, not guessed.
	q, _ = m.mapRow([]string{"A3", "2022/5/27", "14:03:00", "", "", "盗窃", "雨湖区", ""}, vals, nil)
	if q == nil || q.check != CheckUnknownValue || q.cell != "盗窃" || q.colNum != 6 {
		t.Errorf("unmapped category: got %+v", q)
	}
}

func TestProfileErrorsNameFileAndLine(t *testing.T) {
	base := "name: p\ntable: calls\nfields:\n  call_id: id\n  received_at: t\n  channel: c\n  category: k\n  district: d\n"
	cases := []struct {
		name, yaml string
		line       int
		msg        string
	}{
		{"unknown field", base + "  colour: x\n", 9, `calls has no field "colour"`},
		{"unknown key in field", base + "  station: {column: s, colum: t}\n", 9, `unknown key "colum"`},
		{"map to non-canonical value", base + "  subcategory: {column: s, map: {自杀: suicide}}\n", 9, `"suicide" is not a canonical value`},
		{"bad rule", base + "checks:\n  interval_order: drop\n", 10, `rule "drop" is not quarantine, flag or off`},
		{"unknown check", base + "checks:\n  spelling: flag\n", 10, `no configurable check "spelling"`},
		{"required field unmapped", "name: p\ntable: calls\nfields:\n  call_id: id\n", 3, "required field received_at is not mapped"},
		{"bad table", "name: p\ntable: incidents\nfields:\n  call_id: id\n", 2, `table "incidents"`},
		{"units on a non-time field", base + "units:\n  combine:\n    category: earliest\n", 11, "category combines by first"},
		{"layout without a year", base + "time_layouts: [\"15:04\"]\n", 9, "has no year"},
		{"unknown top-level key", base + "colums: {}\n", 9, "field colums not found"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseProfile("p.yaml", []byte(c.yaml))
			var pe *ProfileError
			if !errors.As(err, &pe) {
				t.Fatalf("got %v; want a ProfileError", err)
			}
			if pe.Path != "p.yaml" || pe.Line != c.line || !strings.Contains(pe.Msg, c.msg) {
				t.Errorf("got %v (line %d); want line %d and %q", err, pe.Line, c.line, c.msg)
			}
		})
	}
}

func TestBuiltinProfilesAreValid(t *testing.T) {
	names := BuiltinProfileNames()
	for _, want := range []string{"canonical", "canonical-activities", "cn-110", "sf-fire-units"} {
		if !slices.Contains(names, want) {
			t.Errorf("built-in profiles %v lack %s", names, want)
		}
	}
	for _, name := range names {
		if _, err := LoadProfile(name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestDocumentedProfileExamplesParse keeps docs/ingest.md honest: its profile examples are valid.
func TestDocumentedProfileExamplesParse(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "ingest.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(string(doc), "```yaml\n")[1:]
	if len(blocks) < 2 {
		t.Fatalf("found %d yaml examples in docs/ingest.md; want the key reference and the checks example", len(blocks))
	}
	keys, _, _ := strings.Cut(blocks[0], "```")
	if _, err := ParseProfile("docs/ingest.md (keys)", []byte(keys)); err != nil {
		t.Errorf("the key reference does not parse: %v", err)
	}
	checks, _, _ := strings.Cut(blocks[1], "```")
	profile := "name: p\ntable: calls\nfields:\n  call_id: id\n  received_at: t\n  channel: c\n  category: k\n  district: d\n" + checks
	if _, err := ParseProfile("docs/ingest.md (checks)", []byte(profile)); err != nil {
		t.Errorf("the checks example does not parse: %v", err)
	}
}

// FuzzParseProfile feeds arbitrary YAML to the profile parser: it must return a profile or an
// error that names the file, never panic; a profile it accepts validates again and maps any header
// without panicking.
func FuzzParseProfile(f *testing.F) {
	for _, name := range BuiltinProfileNames() {
		data, err := BuiltinProfile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("name: p\ntable: calls\nfields:\n  call_id:\n  received_at: {}\n"))
	f.Add([]byte("name: p\ntable: calls\nfields: {call_id: [a]}\nchecks: {interval_ceiling: {intervals: [{}]}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseProfile("fuzz.yaml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "profile fuzz.yaml") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		if err := p.validate(); err != nil {
			t.Fatalf("an accepted profile does not validate again: %v", err)
		}
		m, err := newMapping(p, []string{"call_id", "received_at", "接警编号", "Call Number"}, time.UTC)
		if err != nil {
			return
		}
		vals := make([]value, len(m.plans))
		m.mapRow([]string{"1", "2022-05-01 08:00:00", "x", "y"}, vals, nil)
	})
}

// FuzzMapRow maps arbitrary cells through every built-in profile: a row is mapped or faulted,
// never a panic, and a mapped time is always within Go's representable range.
func FuzzMapRow(f *testing.F) {
	f.Add("110-0001", "2022/5/27 14:03", "44708.5854", "紧急求助", "120、消防", "一级")
	f.Add("", "2022-05-27T14:03:21+08:00", "-1e308", "刑事", "、、", "9")
	f.Add("x", "04/12/2022 09:15:22 PM", "2958465.99999", "Medical Incident", ";;", "3")
	var mappings []*mapping
	for _, name := range BuiltinProfileNames() {
		p, err := LoadProfile(name)
		if err != nil {
			f.Fatal(err)
		}
		header := p.columnNames()
		m, err := newMapping(p, header, time.UTC)
		if err != nil {
			f.Fatalf("%s: %v", name, err)
		}
		mappings = append(mappings, m)
	}
	f.Fuzz(func(t *testing.T, a, b, c, d, e, g string) {
		cells := []string{a, b, c, d, e, g}
		for _, m := range mappings {
			record := make([]string, len(m.profile.columnNames()))
			for i := range record {
				record[i] = cells[i%len(cells)]
			}
			vals := make([]value, len(m.plans))
			if q, _ := m.mapRow(record, vals, nil); q != nil {
				_ = q.reason()
			}
		}
	})
}

// TestSFFireCallsKeepIncidentAndDispatchOrders: a call's dispatch orders are its unit rows that
// loaded (221020002's exact repeat and 221020005's quarantined row do not count), and its incident
// is the export's Incident Number.
func TestSFFireCallsKeepIncidentAndDispatchOrders(t *testing.T) {
	w := openWarehouse(t)
	p, err := LoadProfile("sf-fire-units")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := File(context.Background(), w, filepath.Join("testdata", "sf-fire-2022-04.csv"), Options{Profile: p}); err != nil {
		t.Fatal(err)
	}
	var got string
	err = w.DB.QueryRow("SELECT string_agg(call_id || ':' || incident_id || ':' || dispatch_orders, ' ' ORDER BY call_id) FROM calls").Scan(&got)
	if err != nil {
		t.Fatal(err)
	}
	want := "221020001:22047001:3 221020002:22047002:2 221020003:22047003:1 221020004:22047004:2 221020005:22047005:1 221020006:22047006:1"
	if got != want {
		t.Errorf("calls %q; want %q", got, want)
	}
}
