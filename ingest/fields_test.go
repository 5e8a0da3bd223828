package ingest

import (
	"hash/fnv"
	"testing"
	"time"
)

func TestParseLocalTime(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		in      string
		wantUTC string // "" means the input must be rejected
	}{
		{"2022-05-01 08:00:00", "2022-05-01T00:00:00Z"},
		{"2022-05-01 00:00:00", "2022-04-30T16:00:00Z"},
		{"2024-02-29 23:59:59", "2024-02-29T15:59:59Z"},
		{"2022-02-29 10:00:00", ""}, // not a leap year
		{"2022-13-01 10:00:00", ""},
		{"2022-05-01 24:00:00", ""},
		{"2022-05-01 10:60:00", ""},
		{"2022-05-01T08:00:00", ""}, // not the canonical layout
		{"2022/05/01 08:00:00", ""},
		{"2022-05-01 08:00", ""},
		{"2022-05-01 8:00:00", ""},
		{"２０２２-05-01 08:00:00", ""},
	}
	for _, c := range cases {
		got, err := parseLocalTime(c.in, shanghai)
		if c.wantUTC == "" {
			if err == nil {
				t.Errorf("parseLocalTime(%q) = %v, want an error", c.in, got)
			}
			continue
		}
		if err != nil || got.UTC().Format(time.RFC3339) != c.wantUTC {
			t.Errorf("parseLocalTime(%q) = %v, %v; want %s", c.in, got.UTC(), err, c.wantUTC)
		}
	}
}

// FuzzParseLocalTime checks the hand-written parser against time.ParseInLocation with the same
// layout, in a zone without daylight saving time, one with it and UTC: what it accepts the other
// reads as the same instant, it accepts every text that is the rendering of what the other reads,
// and what it accepts is the canonical rendering of the wall clock it denotes, except for a clock
// time that daylight saving time skips, which both move by the gap as time.Date does (02:30 on the
// day clocks spring forward in Los Angeles reads as 01:30 PST).
func FuzzParseLocalTime(f *testing.F) {
	for _, seed := range []string{
		"2022-05-01 08:00:00", "2022-02-29 10:00:00", "2024-02-29 23:59:59", "", "9999-99-99 99:99:99",
		"2022-05-01T08:00:00", "0000-01-01 00:00:00", "2022-03-13 02:30:00", "2022-11-06 01:30:00",
		"2022-05-01 08:00:00.5", "+022-05-01 08:00:00", "2022-05-01 08:00:0\x00",
	} {
		f.Add(seed)
	}
	const layout = "2006-01-02 15:04:05"
	var zones []*time.Location
	for _, name := range []string{"UTC", "Asia/Shanghai", "America/Los_Angeles"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			f.Fatal(err)
		}
		zones = append(zones, loc)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, loc := range zones {
			got, err := parseLocalTime(s, loc)
			want, wantErr := time.ParseInLocation(layout, s, loc)
			if err != nil {
				// ParseInLocation is laxer (fractional seconds, one-digit hours, runs of spaces), so
				// only a text that it reads and that is the rendering of what it read must be taken.
				if wantErr == nil && want.Format(layout) == s {
					t.Fatalf("parseLocalTime(%q, %s): %v; ParseInLocation: %v", s, loc, err, want)
				}
				continue
			}
			if wantErr != nil || !got.Equal(want) || got.Location() != loc {
				t.Fatalf("parseLocalTime(%q, %s) = %v; ParseInLocation: %v, %v", s, loc, got, want, wantErr)
			}
			if back := got.Format(layout); back != s && !skippedWallClock(s, got, loc) {
				t.Fatalf("parseLocalTime(%q, %s) accepted a time that formats as %q", s, loc, back)
			}
		}
	})
}

// skippedWallClock reports whether the wall clock s does not exist in loc, being skipped by a change
// of offset next to got, and got is s moved by the change.
func skippedWallClock(s string, got time.Time, loc *time.Location) bool {
	wall, err := time.ParseInLocation("2006-01-02 15:04:05", s, time.UTC)
	if err != nil {
		return false
	}
	_, before := got.Add(-3 * time.Hour).Zone()
	_, after := got.Add(3 * time.Hour).Zone()
	for _, offset := range []int{after, before} {
		if wall.Add(-time.Duration(offset)*time.Second).In(loc).Format("2006-01-02 15:04:05") == s {
			return false // s exists
		}
	}
	// time.Date reads such a clock with the offset before the change, which puts it the gap
	// earlier.
	gap := time.Duration(after-before) * time.Second
	back := got.Format("2006-01-02 15:04:05")
	return gap != 0 && (back == wall.Add(-gap).Format("2006-01-02 15:04:05") || back == wall.Add(gap).Format("2006-01-02 15:04:05"))
}

func TestRowHashIsFNV1aOverSeparatedFields(t *testing.T) {
	record := []string{"XT1", "2022-05-01 08:00:00", ""}
	h := fnv.New64a()
	for _, cell := range record {
		h.Write([]byte(cell))
		h.Write([]byte{0x1f})
	}
	if got, want := rowHash(record), int64(h.Sum64()); got != want {
		t.Errorf("rowHash = %x, want %x", got, want)
	}
	if rowHash([]string{"ab", "c"}) == rowHash([]string{"a", "bc"}) {
		t.Error("moving a character between fields does not change the hash")
	}
}
