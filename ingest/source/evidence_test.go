package source

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// TestEncodingIsDecidedOnTheWholeFile opens files whose first 64 KiB mislead: ASCII rows before
// GB18030 ones, and a stray byte early in a UTF-8 file. The encoding is the rest of the file's,
// and the rows read as that encoding says (the stray byte stays in its row, for the mapping to
// quarantine as not valid UTF-8).
func TestEncodingIsDecidedOnTheWholeFile(t *testing.T) {
	ascii := strings.Repeat("A0001,2022-05-01 08:00:00,traffic,B01\n", 2000) // 76,000 bytes
	gbTail := encode(t, simplifiedchinese.GB18030, "A9999,2022-05-01 09:00:00,紧急求助,雨湖区\n")
	utf8Rows := strings.Repeat("A0001,2022-05-01 08:00:00,紧急求助,雨湖区\n", 2000)
	for _, tc := range []struct {
		name, want, lastDistrict string
		content                  []byte
		gzip                     bool
	}{
		{"ascii then gb18030", EncodingGB18030, "雨湖区", append([]byte("id,at,type,area\n"+ascii), gbTail...), false},
		{"ascii then gb18030, gzip", EncodingGB18030, "雨湖区", append([]byte("id,at,type,area\n"+ascii), gbTail...), true},
		{"utf-8 with a stray byte in its first row", EncodingUTF8, "雨湖区", []byte("id,at,type,area\nA0000,2022-05-01 07:00:00,traffic,B\xff01\n" + utf8Rows), false},
		{"ascii only", EncodingUTF8, "B01", []byte("id,at,type,area\n" + ascii), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			content, name := tc.content, "calls.csv"
			if tc.gzip {
				content, name = gzipBytes(t, content), "calls.csv.gz"
			}
			if len(content) <= sampleSize && !tc.gzip {
				t.Fatalf("the file is %d bytes: it must be longer than the sample to test the whole-file decision", len(content))
			}
			r := mustOpen(t, writeFile(t, name, content), Options{})
			defer r.Close()
			if got := r.Info().Encoding; got != tc.want {
				t.Errorf("encoding %s, want %s", got, tc.want)
			}
			rows := readAll(t, r)
			last := rows[len(rows)-1].Fields
			if got := last[len(last)-1]; got != tc.lastDistrict {
				t.Errorf("last row's district %q, want %q", got, tc.lastDistrict)
			}
			if tc.want == EncodingUTF8 && bytes.Contains(content, []byte{0xff}) && rows[0].Fields[3] != "B\xff01" {
				t.Errorf("the stray byte's row reads %q; want its bytes as they are", rows[0].Fields[3])
			}
		})
	}
}

// TestEvidenceIsTheSameChunkByChunk scans files of several chunks whose characters straddle the
// chunk boundaries (each shift moves them by a byte): the counts equal those of weighing the
// whole text at once.
func TestEvidenceIsTheSameChunkByChunk(t *testing.T) {
	text := strings.Repeat("A1,湘潭市雨湖区城正街派出所,紧急求助\n", 12000) // about 600 KB: three chunks
	gb := encode(t, simplifiedchinese.GB18030, text)
	for _, content := range [][]byte{[]byte(text), gb, append([]byte(text[:300000]), gb...)} {
		for shift := range 4 {
			data := append(bytes.Repeat([]byte("x"), shift), content...)
			var want encodingEvidence
			want.feed(data, true)
			got, err := scanEvidence(writeFile(t, "calls.csv", data), false)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("shift %d: chunk by chunk %+v, whole %+v", shift, got, want)
			}
			if want.utf8.chars == 0 || want.gb.chars == 0 {
				t.Errorf("shift %d: no characters counted: %+v", shift, want)
			}
		}
	}
}

// TestEncodingSkipsTheSecondReadingOnlyWhenItCannotWin decides files of several chunks both ways:
// scanEncoding, which reads a file as GB18030 only when its UTF-8 reading is not flawless, names
// the encoding the whole evidence names, for plain UTF-8 Chinese, GB18030, UTF-8 with a stray byte
// or Cyrillic text near the end, and GB18030 after UTF-8.
func TestEncodingSkipsTheSecondReadingOnlyWhenItCannotWin(t *testing.T) {
	text := strings.Repeat("A1,湘潭市雨湖区城正街派出所,紧急求助\n", 12000)
	gb := encode(t, simplifiedchinese.GB18030, text)
	for name, content := range map[string][]byte{
		"utf-8":                 []byte(text),
		"gb18030":               gb,
		"utf-8, a stray byte":   append([]byte(text), []byte("A2,B\xff01,紧急求助\n")...),
		"utf-8, cyrillic":       append([]byte(text), []byte(strings.Repeat("A3,Москва,紧急求助\n", 10))...),
		"utf-8 then gb18030":    append([]byte(text[:300000]), gb...),
		"ascii":                 []byte(strings.Repeat("A1,2022-05-01 09:00:00,help\n", 30000)),
		"gb18030 then utf-8":    append(append([]byte{}, gb[:300000]...), text...),
		"utf-8, cyrillic first": append([]byte(strings.Repeat("A3,Москва\n", 10)), text...),
	} {
		path := writeFile(t, "calls.csv", content)
		whole, err := scanEvidence(path, false)
		if err != nil {
			t.Fatal(err)
		}
		got, err := scanEncoding(path, false)
		if err != nil {
			t.Fatal(err)
		}
		if want := whole.decide(); got != want {
			t.Errorf("%s: %s, want %s (evidence %+v)", name, got, want, whole)
		}
	}
	if got, _ := scanEncoding(writeFile(t, "calls.csv", gb), false); got != EncodingGB18030 {
		t.Errorf("a GB18030 file read as %s", got)
	}
}
