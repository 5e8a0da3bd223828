package ingest

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"
)

// fastCells are cells of every kind that the fast path must either decline or read exactly as the
// general path does: plain values, and the texts each check of the general path exists for.
var fastCells = map[kind][]string{
	kindText: {"XT2022001", "A-1", "雨湖区", "城正街派出所", "中文（测试）", "a b", "中文、测试。", " X1", "X1 ", "X\u200b1", "ＸＴ１", "\ufeffX1",
		"null", "NULL", "N/A", "-", "--", "空", "无", "#N/A", "#UNCOMPUTED", "#1", "x\x00y", "\xff\xfe", "e\u0301", "é", "a\tb", "\uFFFD",
		"\u3000X", "X\u00a0", "a\x7fb", "岳塘区\u200b", "Ⅸ", "ｱ"},
	kindEnum: {"phone", "Phone", "phone ", " phone", "unknown", "null", "other", "emergency_help", "traffic", "resolved", "PHONE", "空"},
	kindInt: {"1", "4", "5", "0", "-1", "+2", "007", "99999999999999999999", "999999999999999999", "1.0", "1e3", "10000", "10001",
		"-0", "none", "１", " 3", "3 ", "0x10", "1_0", "-", "--1"},
	kindFloat: {"27.85", "-90", "90", "90.0000001", "-180", "180.5", "1e1", "+1.5", "inf", "Inf", "NaN", "0x1p-2", "1_000", ".5", "5.",
		"-", "--", "1.2.3", "112.912614", "-0.0", "0", "27.847910", "１.5", "-.5", "5-"},
	kindBool: {"true", "TRUE", "True", "tRuE", "1", "yes", "Yes", "no", "NO", "0", "false", "y", "null", "2", " true"},
	kindList: {"medical", "medical;fire", "fire;fire", "medical; fire", ";medical", "medical;", ";", "none", "unknown", "Medical",
		"fire;none;medical", "fire;;traffic", "null;fire", "空"},
	kindTime: {"2022-07-01 08:00:00", "2022-02-29 08:00:00", "2024-02-29 23:59:59", "2022-04-31 00:00:00", "2022-07-01 24:00:00",
		"2022-07-01 23:60:00", "2022-07-01 23:59:60", "2022-07-01T08:00:00+08:00", "2022-07-01 08:00", "２０２２-07-01 08:00:00",
		" 2022-07-01 08:00:00", "0000-01-01 00:00:00", "9999-12-31 23:59:59", "1900-03-01 12:00:00", "1900-02-29 12:00:00",
		"2000-02-29 12:00:00", "null", "2022-13-01 00:00:00", "2022-00-10 00:00:00", "2022-07-00 00:00:00", "2022/07/01 08:00:00",
		"2022-07-01 8:00:00", "-022-07-01 08:00:00", "2022-07-01 08:00:00.5"},
}

// transitionTimes are wall-clock times in loc around its changes of offset from 1900 to 2040:
// within two days of each, on the hour, the half hour and a few seconds off.
func transitionTimes(loc *time.Location) []string {
	var out []string
	t := time.Date(1900, 1, 1, 0, 0, 0, 0, loc)
	for range 400 {
		_, end := t.ZoneBounds()
		if end.IsZero() || end.Year() > 2040 {
			break
		}
		for _, d := range []time.Duration{-49 * time.Hour, -25 * time.Hour, -3 * time.Hour, -90 * time.Minute, -time.Hour,
			-30 * time.Minute, -time.Second, 0, time.Second, 30 * time.Minute, time.Hour, 90 * time.Minute, 3 * time.Hour,
			25 * time.Hour, 49 * time.Hour} {
			// Both the wall clock of the instant and the instant's UTC clock written as a wall clock.
			out = append(out, end.Add(d).In(loc).Format("2006-01-02 15:04:05"), end.Add(d).UTC().Format("2006-01-02 15:04:05"))
		}
		t = end
	}
	return out
}

// TestFastPathAgreesWithTheGeneralPath maps random rows of the cells above, and times around the
// changes of offset of several zones, both ways: wherever the fast path reads a row, the general
// path must read the same values with no fault and no flag. The fast path must also read the plain
// rows, or it would agree by never running.
func TestFastPathAgreesWithTheGeneralPath(t *testing.T) {
	mapped, err := ParseProfile("mapped.yaml", []byte(`name: mapped
table: calls
same_names: true
fields:
  channel: {column: channel, map: {电话: phone, 短信: sms, 'null': app, phone: sms}}
  district: {column: district, map: {雨湖: 雨湖区, 岳塘: '', 'x': "a\u200bb"}}
  subcategory: {column: subcategory, map: {自杀: suicide_attempt, 其他: other}}
`))
	if err != nil {
		t.Fatal(err)
	}
	canonical, err := LoadProfile("canonical")
	if err != nil {
		t.Fatal(err)
	}
	activities, err := LoadProfile("canonical-activities")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		profile *Profile
		zone    string
	}{
		{canonical, "Asia/Shanghai"}, {canonical, "America/New_York"}, {canonical, "Australia/Lord_Howe"},
		{canonical, "Pacific/Apia"}, {canonical, "Europe/Dublin"}, {canonical, "UTC"},
		{mapped, "Asia/Shanghai"}, {activities, "Europe/London"},
	} {
		t.Run(c.profile.Name+"/"+c.zone, func(t *testing.T) {
			loc, err := time.LoadLocation(c.zone)
			if err != nil {
				t.Fatal(err)
			}
			tb := c.profile.canonicalTable()
			header := tb.fieldNames()
			m, err := newMapping(c.profile, header, loc)
			if err != nil {
				t.Fatal(err)
			}
			if m.fast == nil {
				t.Fatal("no fast path for the profile")
			}
			times := append(slices.Clone(fastCells[kindTime]), transitionTimes(loc)...)
			rng := rand.New(rand.NewPCG(1, uint64(len(c.zone))))
			// plain is a row the fast path must read: the general path loads it without a flag.
			plain := func() []string {
				row := make([]string, len(header))
				for i := range tb.fields {
					f := &tb.fields[i]
					switch f.kind {
					case kindText:
						row[i] = fmt.Sprintf("ID%06d", rng.IntN(1e6))
					case kindEnum:
						row[i] = f.values[rng.IntN(len(f.values))]
					case kindTime:
						row[i] = time.Date(2022, 7, 1+rng.IntN(30), rng.IntN(24), rng.IntN(60), rng.IntN(60), 0, time.UTC).Format("2006-01-02 15:04:05")
					case kindInt:
						row[i] = fmt.Sprint(int(f.min) + rng.IntN(int(min(f.max-f.min, 1000))+1))
					case kindFloat:
						row[i] = fmt.Sprintf("%.6f", f.min+rng.Float64()*(f.max-f.min))
					case kindBool:
						row[i] = []string{"true", "false"}[rng.IntN(2)]
					case kindList:
						row[i] = f.values[rng.IntN(len(f.values))]
					}
				}
				return row
			}
			vals := make([]value, len(m.plans))
			want := make([]value, len(m.plans))
			var zone zoneCache
			agree := func(row []string) bool {
				t.Helper()
				if !m.fastRow(row, vals, &zone) {
					return false
				}
				q, flags, clean := m.mapCleanRow(row, want, nil)
				if q != nil || len(flags) > 0 {
					t.Fatalf("row %q: the fast path read it, the general path finds %+v and flags %+v", row, q, flags)
				}
				if !slices.Equal(clean, row) {
					t.Fatalf("row %q: the fast path read it as it is, the general path normalises it to %q", row, clean)
				}
				for i := range vals {
					if !reflect.DeepEqual(vals[i], want[i]) {
						t.Fatalf("row %q, field %s (%q): fast %+v, general %+v", row, tb.fields[i].name, row[i], vals[i], want[i])
					}
				}
				return true
			}
			// Every cell of every pool in every column of a plain row, the times in the order written
			// (the zone cache follows them) and shuffled.
			shuffled := slices.Clone(times)
			rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			for i := range tb.fields {
				for k := kindText; k <= kindList; k++ {
					pool := fastCells[k]
					if k == kindTime && tb.fields[i].kind == kindTime {
						pool = append(slices.Clone(times), shuffled...)
					}
					for _, cell := range append(pool, "") {
						row := plain()
						row[i] = cell
						agree(row)
					}
				}
			}
			fastRead, plainRead, plainRows := 0, 0, 0
			for n := range 60000 {
				row := plain()
				isPlain := n%4 == 0
				if isPlain {
					plainRows++
				} else {
					// Replace one to three cells by cells of their kind, or of another kind.
					for range 1 + rng.IntN(3) {
						i := rng.IntN(len(row))
						k := tb.fields[i].kind
						if rng.IntN(5) == 0 {
							k = kind(rng.IntN(int(kindList) + 1))
						}
						pool := fastCells[k]
						if k == kindTime {
							pool = times
						}
						row[i] = pool[rng.IntN(len(pool))]
						if rng.IntN(8) == 0 {
							row[i] = ""
						}
					}
				}
				if !agree(row) {
					continue
				}
				fastRead++
				if isPlain {
					plainRead++
				}
			}
			if plainRead < plainRows*9/10 {
				t.Errorf("the fast path read %d of %d plain rows", plainRead, plainRows)
			}
			t.Logf("the fast path read %d rows, %d of %d plain", fastRead, plainRead, plainRows)
		})
	}
}

// TestFastPathDeclinesWhatItCannotRead checks the profiles the fast path leaves to the general path.
func TestFastPathDeclinesWhatItCannotRead(t *testing.T) {
	for _, c := range []struct {
		name, yaml string
		fast       bool
	}{
		{"canonical names", "name: a\ntable: calls\nsame_names: true\n", true},
		{"a time layout before canonical", "name: b\ntable: calls\nsame_names: true\ntime_layouts: ['2006/1/2 15:04:05', canonical]\n", false},
		{"prefixes", "name: c\ntable: calls\nsame_names: true\nfields:\n  category: {column: category, prefixes: {交通: traffic}}\n", false},
		{"two columns for one time", "name: d\ntable: calls\nsame_names: true\nfields:\n  received_at: {date: d, time: t}\n", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := ParseProfile(c.name+".yaml", []byte(c.yaml))
			if err != nil {
				t.Fatal(err)
			}
			header := append(p.canonicalTable().fieldNames(), "d", "t")
			m, err := newMapping(p, header, time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			if got := m.fast != nil; got != c.fast {
				t.Errorf("fast path: %v, want %v", got, c.fast)
			}
		})
	}
}

// TestDaysFromCivilCountsAsTimeDoes checks the day count of the fast path against package time
// from year 0 to 9999.
func TestDaysFromCivilCountsAsTimeDoes(t *testing.T) {
	for day := time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() < 10000; day = day.AddDate(0, 0, 7) {
		if got, want := daysFromCivil(day.Year(), int(day.Month()), day.Day()), day.Unix()/86400; got != want {
			t.Fatalf("%s: %d days, want %d", day.Format(time.DateOnly), got, want)
		}
	}
}

// BenchmarkFastRow maps the row of BenchmarkMapRow on the fast path.
func BenchmarkFastRow(b *testing.B) {
	m, record := benchCanonicalRow(b)
	vals := make([]value, len(m.plans))
	var zone zoneCache
	b.ReportAllocs()
	for b.Loop() {
		if !m.fastRow(record, vals, &zone) {
			b.Fatal("declined")
		}
	}
}
