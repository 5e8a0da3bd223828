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

func FuzzParseLocalTime(f *testing.F) {
	for _, seed := range []string{"2022-05-01 08:00:00", "2022-02-29 10:00:00", "", "9999-99-99 99:99:99", "2022-05-01T08:00:00"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseLocalTime(s, time.UTC)
		if err != nil {
			return
		}
		// Whatever is accepted must be the canonical rendering of the time it denotes.
		if back := got.Format("2006-01-02 15:04:05"); back != s {
			t.Errorf("parseLocalTime(%q) accepted a time that formats as %q", s, back)
		}
	})
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
