package source

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"unicode/utf8"
)

// encodingEvidence weighs how a file's non-ASCII bytes read as UTF-8 and as GB18030, over the
// whole file: a character is evidence for an encoding when it is one Chinese or Western text is
// written in (common hanzi, CJK and full-width punctuation, Latin letters with accents), and an
// invalid byte sequence is evidence against. A file whose first 64 KiB are ASCII, or one with a
// single stray byte, is then read as what the rest of it is.
type encodingEvidence struct {
	utf8, gb evidenceCount
}

// evidenceCount is the characters read in one encoding, those of them that are plausible, and
// the byte sequences that do not decode.
type evidenceCount struct {
	chars, plausible, bad int64
}

// score is the share of the non-ASCII text that reads plausibly: 1 when every character does.
func (c evidenceCount) score() float64 {
	if c.chars+c.bad == 0 {
		return 1
	}
	return float64(c.plausible) / float64(c.chars+c.bad)
}

// feed weighs a chunk of text whole (the sample of a file, or all of it).
func (e *encodingEvidence) feed(p []byte, final bool) {
	e.scanUTF8(p, final)
	e.scanGB18030(p, final)
}

// decide names the encoding the evidence favours; a tie, and a file without non-ASCII text, is
// UTF-8.
func (e *encodingEvidence) decide() string {
	if e.gb.score() > e.utf8.score() {
		return EncodingGB18030
	}
	return EncodingUTF8
}

// scanUTF8 counts data's characters as UTF-8 and returns the length of an incomplete character
// at its end (at most 3 bytes), for the next chunk to begin with.
func (e *encodingEvidence) scanUTF8(data []byte, final bool) int {
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i += asciiRun(data[i:])
			continue
		}
		if len(data)-i < utf8.UTFMax && !final && !utf8.FullRune(data[i:]) {
			return len(data) - i
		}
		if b := data[i]; b >= 0xE1 && b <= 0xEC && i+2 < len(data) && data[i+1]&0xC0 == 0x80 && data[i+2]&0xC0 == 0x80 {
			// The three-byte characters of most of CJK (U+1000-U+CFFF), decoded inline: any
			// continuation bytes make a valid character after these leads.
			e.utf8.chars++
			if plausibleRune(rune(b&0x0F)<<12 | rune(data[i+1]&0x3F)<<6 | rune(data[i+2]&0x3F)) {
				e.utf8.plausible++
			}
			i += 3
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			e.utf8.bad++
			i++
			continue
		}
		e.utf8.chars++
		if plausibleRune(r) {
			e.utf8.plausible++
		}
		i += size
	}
	return 0
}

// asciiRun is the length of the run of ASCII bytes data begins with, read eight at a time.
func asciiRun(data []byte) int {
	i := 0
	for ; i+8 <= len(data); i += 8 {
		if binary.LittleEndian.Uint64(data[i:])&0x8080808080808080 != 0 {
			break
		}
	}
	for i < len(data) && data[i] < utf8.RuneSelf {
		i++
	}
	return i
}

// plausibleRune reports whether r is a character call logs are written in: Latin letters with
// accents, general and CJK punctuation, circled and Roman numbers, CJK ideographs, full-width
// forms.
func plausibleRune(r rune) bool {
	switch {
	case r >= 0xA0 && r <= 0x17F, r >= 0x2000 && r <= 0x206F, r >= 0x2100 && r <= 0x218F,
		r >= 0x2460 && r <= 0x24FF, r >= 0x3000 && r <= 0x303F, r >= 0x3400 && r <= 0x4DBF,
		r >= 0x4E00 && r <= 0x9FFF, r >= 0xFF00 && r <= 0xFFEF:
		return true
	}
	return false
}

// scanGB18030 counts data's characters as GB18030 and returns the length of an incomplete
// character at its end (at most 3 bytes). A two-byte character in the GB2312 rows of hanzi (lead B0-F7) or symbols (A1-A9) is
// plausible; other two- and four-byte characters are valid but rare in Chinese text.
func (e *encodingEvidence) scanGB18030(data []byte, final bool) int {
	for i := 0; i < len(data); {
		b := data[i]
		if b < 0x80 {
			i += asciiRun(data[i:])
			continue
		}
		if b == 0x80 || b == 0xFF {
			e.gb.bad++
			i++
			continue
		}
		if i+1 >= len(data) {
			if !final {
				return len(data) - i
			}
			e.gb.bad++
			i++
			continue
		}
		b2 := data[i+1]
		switch {
		case b2 >= 0x40 && b2 <= 0xFE && b2 != 0x7F:
			e.gb.chars++
			if (b >= 0xB0 && b <= 0xF7 || b >= 0xA1 && b <= 0xA9) && b2 >= 0xA1 {
				e.gb.plausible++
			}
			i += 2
		case b2 >= 0x30 && b2 <= 0x39:
			if i+3 >= len(data) {
				if !final {
					return len(data) - i
				}
				e.gb.bad++
				i++
				continue
			}
			if b3, b4 := data[i+2], data[i+3]; b3 >= 0x81 && b3 <= 0xFE && b4 >= 0x30 && b4 <= 0x39 {
				e.gb.chars++
				i += 4
			} else {
				e.gb.bad++
				i++
			}
		default:
			e.gb.bad++
			i++
		}
	}
	return 0
}

// scanEncoding reads the whole of path (decompressed) and weighs its encoding, UTF-8 or GB18030. It stops at a line
// longer than maxLine, which the reading refuses anyway, so that a decompression bomb is not
// read to its end twice.
func scanEncoding(path string, compressed bool) (string, error) {
	// Most files read as UTF-8 in every character. When the UTF-8 reading finds nothing invalid or
	// implausible its score is 1, which no reading as GB18030 can beat: the second reading is
	// saved. The first reading stops at the first character that is not so.
	e, err := scanEvidenceOf(path, compressed, false)
	if err != nil {
		return "", err
	}
	if e.utf8.score() == 1 {
		return EncodingUTF8, nil
	}
	if e, err = scanEvidence(path, compressed); err != nil {
		return "", err
	}
	return e.decide(), nil
}

// scanEvidence weighs the whole of path, chunk by chunk.
func scanEvidence(path string, compressed bool) (encodingEvidence, error) {
	return scanEvidenceOf(path, compressed, true)
}

// scanEvidenceOf weighs path as UTF-8 and, with asGB18030, as GB18030. Weighing UTF-8 alone, it
// stops at the first chunk with a character that is invalid or implausible.
func scanEvidenceOf(path string, compressed, asGB18030 bool) (encodingEvidence, error) {
	var e encodingEvidence
	f, err := os.Open(path)
	if err != nil {
		return e, err
	}
	defer f.Close()
	var in io.Reader = f
	if compressed {
		counter := &countingReader{r: f}
		gz, err := gzip.NewReader(counter)
		if err != nil {
			return e, fmt.Errorf("gzip: %w", err)
		}
		defer gz.Close()
		in = &ratioCap{r: truncatedGzip{gz}, compressed: counter}
	}
	// Each chunk is read after the last 3 bytes of the one before, where a character cut at the
	// chunk's end begins: a scanner that left rest bytes unread starts rest bytes before the chunk.
	const keep = 3
	buf := make([]byte, keep+readAheadChunk)
	restU, restG, sinceNewline := 0, 0, 0
	for {
		n, err := io.ReadFull(in, buf[keep:])
		chunk := buf[keep : keep+n]
		if last := bytes.LastIndexByte(chunk, '\n'); last >= 0 {
			sinceNewline = n - last - 1
		} else {
			sinceNewline += n
		}
		// A read error (a truncated gzip stream) ends the evidence; the reading reports it.
		final := err != nil
		// The two readings of the chunk take about as long each, and touch their own counts: on
		// two processors, side by side.
		var gb chan int
		if asGB18030 {
			gb = make(chan int, 1)
			go func(data []byte) { gb <- e.scanGB18030(data, final) }(buf[keep-restG : keep+n])
		}
		restU = e.scanUTF8(buf[keep-restU:keep+n], final)
		if gb != nil {
			restG = <-gb
		}
		if final || sinceNewline > maxLine || !asGB18030 && e.utf8.score() < 1 {
			return e, nil
		}
		copy(buf[:keep], buf[len(buf)-keep:])
	}
}
