package ingest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

func TestNormalizeText(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		changed  bool
	}{
		{"XT20220501000123", "XT20220501000123", false},
		{"雨湖区", "雨湖区", false},
		{"\ufeffXT1", "XT1", true},
		{"雨湖\u200b区", "雨湖区", true},
		{"\u202e雨湖区\u202c", "雨湖区", true},
		{"ＸＴ２０２２ｘ", "XT2022x", true},
		{"城正街派出所（东）", "城正街派出所（东）", false}, // Chinese full-width punctuation stays
		{"Cafe\u0301", "Caf\u00e9", true},
		{"soft\u00adhyphen", "softhyphen", true},
	} {
		got, changed := normalizeText(tc.in)
		if got != tc.want || changed != tc.changed {
			t.Errorf("normalizeText(%q) = %q, %v; want %q, %v", tc.in, got, changed, tc.want, tc.changed)
		}
	}
}

// TestInvisibleCharactersAreRemovedBeforeLoading loads the corpus file of invisible characters and
// checks what was loaded: one district, ids and codes as typed without them (testdata/bad/README.md).
func TestInvisibleCharactersAreRemovedBeforeLoading(t *testing.T) {
	w := openWarehouse(t)
	if _, err := File(context.Background(), w, filepath.Join("testdata", "bad", "invisible-characters.csv"), Options{}); err != nil {
		t.Fatal(err)
	}
	var got string
	err := w.DB.QueryRow(`SELECT string_agg(concat_ws('|', call_id, channel, priority, district, station), ' / ' ORDER BY call_id) FROM calls`).Scan(&got)
	if err != nil {
		t.Fatal(err)
	}
	want := "IV1|phone|3|雨湖区|城正街派出所 / IV2|phone|3|雨湖区|城正街派出所 / IV3|phone|3|雨湖区|Caf\u00e9 Station / IV4|phone|3|雨湖区|城正街派出所"
	if got != want {
		t.Errorf("loaded\n%q\nwant\n%q", got, want)
	}
}

// BenchmarkNormalizeRow measures what normalising costs a typical canonical row (two Chinese cells,
// the rest ASCII): the price every row pays for removing invisible characters.
func BenchmarkNormalizeRow(b *testing.B) {
	m, record := benchCanonicalRow(b)
	var flags []cellFault
	b.ReportAllocs()
	for b.Loop() {
		_, flags = m.normalizeRow(record, flags[:0])
	}
}

// benchCanonicalRow is the canonical profile's mapping and a typical row of it, for the row
// benchmarks.
func benchCanonicalRow(b *testing.B) (*mapping, []string) {
	b.Helper()
	p, err := LoadProfile("canonical")
	if err != nil {
		b.Fatal(err)
	}
	header := []string{"call_id", "received_at", "answered_at", "dispatched_at", "arrived_at", "closed_at", "channel", "category", "subcategory",
		"priority", "district", "station", "disposition", "people_helped", "linked_agencies", "lat", "lon"}
	m, err := newMapping(p, header, time.UTC)
	if err != nil {
		b.Fatal(err)
	}
	return m, []string{"XT000000123", "2022-05-01 08:00:00", "2022-05-01 08:00:06", "2022-05-01 08:01:10", "2022-05-01 08:05:00",
		"2022-05-01 08:40:00", "phone", "traffic", "", "2", "雨湖区", "城正街派出所", "resolved", "1", "medical", "27.86", "112.91"}
}

// TestNFCStableCharactersNeedNoNormalisation checks nfcStable against norm.NFC itself over every
// character it calls stable, alone and after a base letter.
func TestNFCStableCharactersNeedNoNormalisation(t *testing.T) {
	for r := rune(0x20); r <= 0xFFEF; r++ {
		if !nfcStable(r) || (r >= 0xD800 && r <= 0xDFFF) {
			continue
		}
		for _, s := range []string{string(r), "a" + string(r), string(r) + "b", "雨" + string(r)} {
			if !norm.NFC.IsNormalString(s) {
				t.Errorf("%q (U+%04X) is called stable but is not in NFC", s, r)
			}
		}
	}
}

// TestNormalizedTextRules runs the corpus file of invisible characters under each rule of
// normalized_text: flag (the default) loads and flags; quarantine keeps the four rows with such
// text out; off reads the text as it is, the harm the check prevents: the BOM-prefixed id loads as
// a call of its own (IV1 counted twice), IV2's district is a district of its own, and the
// full-width priority and the joined channel are quarantined as invalid and unknown.
func TestNormalizedTextRules(t *testing.T) {
	for _, tc := range []struct {
		rule                            string
		loaded, quarantined, duplicates int64
	}{
		{"flag", 4, 0, 1},
		{"quarantine", 1, 4, 0},
		{"off", 3, 2, 0},
	} {
		profile, err := ParseProfile("p.yaml", []byte("name: p\ntable: calls\ntime_layouts: [canonical]\nsame_names: true\nchecks:\n  normalized_text: "+tc.rule+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		res, err := File(context.Background(), openWarehouse(t), filepath.Join("testdata", "bad", "invisible-characters.csv"), Options{Profile: profile})
		if err != nil {
			t.Fatal(err)
		}
		if res.Loaded != tc.loaded || res.Quarantined != tc.quarantined || res.Duplicates != tc.duplicates {
			t.Errorf("%s: loaded %d, quarantined %d, duplicates %d; want %d, %d, %d", tc.rule, res.Loaded, res.Quarantined, res.Duplicates, tc.loaded, tc.quarantined, tc.duplicates)
		}
	}
}

// BenchmarkMapRow measures mapping a typical canonical row to its values (mapCleanRow: normalising,
// reading, parsing and checking every field), the decoders' work per row.
func BenchmarkMapRow(b *testing.B) {
	m, record := benchCanonicalRow(b)
	vals := make([]value, len(m.plans))
	var flags []cellFault
	b.ReportAllocs()
	for b.Loop() {
		var q *cellFault
		q, flags, _ = m.mapCleanRow(record, vals, flags[:0])
		if q != nil {
			b.Fatalf("row quarantined: %+v", q)
		}
	}
}
