package ingest

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Text from exports carries what no reader sees: a byte order mark pasted into a cell, zero-width
// spaces and joiners from a web form, bidirectional controls from a copied name. Left in, they make
// one call id two (a BOM-prefixed duplicate counts one call twice) and one district four. The same
// goes for the forms Unicode allows of one text (a decomposed 区) and for full-width digits and
// Latin letters typed with a Chinese input method (ＸＴ２０２２...).

// invisible reports whether r is a character with no appearance that exports carry by accident:
// the byte order mark, zero-width spaces and joiners, word joiners and invisible operators,
// bidirectional marks, embeddings, overrides and isolates, and the soft hyphen.
func invisible(r rune) bool {
	switch {
	case r == '\uFEFF', r == '\u00AD', r == '\u061C':
		return true
	case r >= '\u200B' && r <= '\u200F':
		return true
	case r >= '\u202A' && r <= '\u202E':
		return true
	case r >= '\u2060' && r <= '\u2064':
		return true
	case r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}

// fullWidthASCII maps a full-width digit or Latin letter (U+FF10..U+FF5A) to its ASCII form; other
// full-width characters (the punctuation of Chinese text, （ and ）) stay as they are.
func fullWidthASCII(r rune) (rune, bool) {
	switch {
	case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
		return r - '０' + '0', true
	}
	return r, false
}

// nfcStable reports whether r is a character that is in NFC in any text without combining marks:
// Latin-1 and the Latin extensions before the combining diacritics (U+0300), CJK symbols and
// punctuation, the CJK unified ideographs and the half- and full-width forms. A text of these alone
// is in NFC, which saves the check of norm.NFC on the Chinese names of every row.
func nfcStable(r rune) bool {
	return r < 0x0300 || (r >= 0x3000 && r <= 0x303F) || (r >= 0x4E00 && r <= 0x9FFF) || (r >= 0xFF00 && r <= 0xFFEF)
}

// normalizeText returns cell without invisible characters, in Unicode NFC, with full-width digits
// and Latin letters as ASCII, and whether that changed it. ASCII text, the common case, is returned
// at once.
func normalizeText(cell string) (string, bool) {
	ascii := true
	for i := 0; i < len(cell); i++ {
		if cell[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return cell, false
	}
	// Most non-ASCII cells (Chinese names) need nothing: find out without allocating.
	clean, stable := true, true
	for _, r := range cell {
		if _, wide := fullWidthASCII(r); wide || invisible(r) {
			clean = false
			break
		}
		stable = stable && nfcStable(r)
	}
	if clean {
		if stable || norm.NFC.IsNormalString(cell) {
			return cell, false
		}
		return norm.NFC.String(cell), true
	}
	changed := false
	var b strings.Builder
	b.Grow(len(cell))
	for _, r := range cell {
		if invisible(r) {
			changed = true
			continue
		}
		if a, ok := fullWidthASCII(r); ok {
			r, changed = a, true
		}
		b.WriteRune(r)
	}
	out := b.String()
	if !norm.NFC.IsNormalString(out) {
		out, changed = norm.NFC.String(out), true
	}
	return out, changed
}

// spreadsheetErrors are the error values Excel writes into a cell whose formula failed; an export
// made from a workbook carries them as text. They are no value of the field.
var spreadsheetErrors = []string{"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA", "#SPILL!", "#CALC!"}

// isSpreadsheetError reports whether cell is one of spreadsheetErrors.
func isSpreadsheetError(cell string) bool {
	if len(cell) < 3 || cell[0] != '#' {
		return false
	}
	for _, e := range spreadsheetErrors {
		if strings.EqualFold(cell, e) {
			return true
		}
	}
	return false
}
