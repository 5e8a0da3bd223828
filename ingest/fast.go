package ingest

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The fast path maps the rows of an export whose cells are plain: each cell of a field that is read
// from one column, with no value to translate by prefix or pattern, holds ASCII without control
// characters or CJK ideographs and punctuation, no space at either end, no '#' first, and is no
// missing-value token. Such a cell needs no normalising, cannot be a spreadsheet's error value, and
// converts the one way the general path (mapping.convert) would convert it; the fast path does it
// in one pass and declines any cell it is not sure of, and the row is then mapped by the general
// path, which reports every fault. Values a field can only take from a few texts (vocabularies,
// true/false, a profile's map) are converted by the general path once, when the mapping is made.
// TestFastPathAgreesWithTheGeneralPath checks the two on every kind of cell.

// fastKind is how the fast path reads one field.
type fastKind uint8

const (
	fastFixed  fastKind = iota // the same value for every row (a constant, a field not in the export)
	fastText                   // the cell's text, unless the profile's map translates it
	fastLookup                 // one of the texts converted when the mapping was made
	fastTime                   // YYYY-MM-DD HH:MM:SS, the first of the field's layouts
	fastInt
	fastFloat
	fastList
)

// fastPlan reads one canonical field on the fast path.
type fastPlan struct {
	kind  fastKind
	col   int
	field *field
	// fixed is the value of fastFixed; empty that of an empty cell, when emptyOK.
	fixed, empty value
	emptyOK      bool
	// lookup holds the cells converted when the mapping was made: the profile's map and the
	// field's vocabulary. A cell whose conversion faults has ok false, and goes the general way.
	lookup map[string]fastValue
	// items is the vocabulary of a list, less the missing-value tokens; sep separates its items.
	items map[string]bool
	sep   string
}

type fastValue struct {
	v  value
	ok bool
}

// compileFast returns the fast plan of every field, or nil when a field's plan has no fast path
// (several columns, prefixes or patterns to translate, another first time layout), in which case
// every row takes the general path.
func (m *mapping) compileFast() []fastPlan {
	fast := make([]fastPlan, len(m.plans))
	for i := range m.plans {
		p := &m.plans[i]
		f := p.field
		fp := fastPlan{field: f}
		switch p.how {
		case planAbsent, planConstant:
			cell, column := "", ""
			if p.how == planConstant {
				cell, column = p.constant, "(constant)"
			}
			v, fault := m.convert(p, cell, column, 0)
			if fault != nil {
				return nil
			}
			fp.kind, fp.fixed = fastFixed, v
			fast[i] = fp
			continue
		case planColumn:
		default:
			return nil
		}
		fm := p.mapping
		if fm != nil && (len(fm.Prefixes) > 0 || len(fm.Patterns) > 0) {
			return nil
		}
		translates := fm != nil && fm.translates()
		fp.col = p.cols[0]
		column, colNum := p.names[0], p.cols[0]+1
		if v, fault := m.convert(p, "", column, colNum); fault == nil {
			fp.empty, fp.emptyOK = v, true
		}
		// convertAll converts the plain cells of texts once, as the general path would.
		convertAll := func(texts []string) {
			if fp.lookup == nil {
				fp.lookup = map[string]fastValue{}
			}
			for _, cell := range texts {
				if cell == "" || !plainCell(cell) || m.isAbsent(cell) {
					continue
				}
				v, fault := m.convert(p, cell, column, colNum)
				fp.lookup[cell] = fastValue{v: v, ok: fault == nil}
			}
		}
		var mapped []string
		if translates {
			for cell := range fm.Map {
				mapped = append(mapped, cell)
			}
		}
		switch f.kind {
		case kindText:
			if translates && p.fallback != nil {
				return nil // a cell the map leaves out becomes the fallback: not worth a fast path
			}
			fp.kind = fastText
			if translates {
				convertAll(mapped)
			}
		case kindEnum:
			fp.kind = fastLookup
			convertAll(mapped)
			convertAll(f.values)
		case kindBool:
			fp.kind = fastLookup
			convertAll(mapped)
			for _, b := range []string{"true", "1", "yes", "false", "0", "no"} {
				convertAll([]string{b, strings.ToUpper(b), strings.ToUpper(b[:1]) + b[1:]})
			}
		case kindTime:
			if translates || len(p.layouts) == 0 || p.layouts[0].name != "canonical" {
				return nil
			}
			fp.kind = fastTime
		case kindInt, kindFloat:
			if translates {
				return nil
			}
			fp.kind = fastInt
			if f.kind == kindFloat {
				fp.kind = fastFloat
			}
		case kindList:
			if translates || p.sep == "" {
				return nil
			}
			fp.kind, fp.sep, fp.items = fastList, p.sep, map[string]bool{}
			for _, item := range f.values {
				if plainCell(item) && !m.isAbsent(item) && !strings.Contains(item, p.sep) {
					fp.items[item] = true
				}
			}
		default:
			return nil
		}
		fast[i] = fp
	}
	return fast
}

// fastRow maps record into vals on the fast path and reports whether it could: false leaves vals
// to be filled by the general path. zone caches the offset of the times read, for one goroutine.
func (m *mapping) fastRow(record []string, vals []value, zone *zoneCache) bool {
	for i := range m.fast {
		fp := &m.fast[i]
		if fp.kind == fastFixed {
			vals[i] = fp.fixed
			continue
		}
		cell := record[fp.col]
		if cell == "" {
			if !fp.emptyOK {
				return false
			}
			vals[i] = fp.empty
			continue
		}
		if fp.kind == fastLookup {
			fv, ok := fp.lookup[cell]
			if !ok || !fv.ok {
				return false
			}
			vals[i] = fv.v
			continue
		}
		f := fp.field
		switch fp.kind {
		case fastText, fastList:
			if !plainCell(cell) || m.isAbsent(cell) {
				return false
			}
		default:
			// Times and numbers are checked character by character below, and have no letters
			// for a missing-value token to be written in another case with.
			if len(cell) <= m.absentBytes && m.absent[cell] {
				return false
			}
		}
		switch fp.kind {
		case fastText:
			if fv, ok := fp.lookup[cell]; ok {
				if !fv.ok {
					return false
				}
				vals[i] = fv.v
				continue
			}
			vals[i] = value{text: cell}
		case fastTime:
			us, ok := zone.micros(cell, m.loc)
			if !ok {
				return false
			}
			vals[i] = value{num: us}
		case fastInt:
			n, ok := plainInt(cell)
			if !ok || float64(n) < f.min || float64(n) > f.max {
				return false
			}
			vals[i] = value{num: n}
		case fastFloat:
			if !plainDecimal(cell) {
				return false
			}
			x, err := strconv.ParseFloat(cell, 64)
			if err != nil || !(x >= f.min && x <= f.max) {
				return false
			}
			vals[i] = value{real: x}
		case fastList:
			list, ok := fp.listOf(cell)
			if !ok {
				return false
			}
			vals[i] = value{list: list}
		default:
			return false
		}
	}
	return true
}

// listOf reads the items of a list cell as the general path does (items left empty or repeated
// are dropped), or declines an item outside the vocabulary.
func (fp *fastPlan) listOf(cell string) ([]string, bool) {
	list := make([]string, 0, strings.Count(cell, fp.sep)+1)
	for item := range strings.SplitSeq(cell, fp.sep) {
		if item == "" {
			continue
		}
		if !fp.items[item] {
			return nil, false
		}
		repeated := false
		for _, seen := range list {
			repeated = repeated || seen == item
		}
		if !repeated {
			list = append(list, item)
		}
	}
	return list, true
}

// plainCell reports whether a non-empty cell is plain: ASCII without control characters, CJK
// unified ideographs (U+4E00..U+9FFF) and CJK punctuation (U+3001..U+303F), no space at either end
// and no '#' first. Every such text is in NFC and holds nothing normalizeText removes or changes.
func plainCell(s string) bool {
	if s[0] == ' ' || s[0] == '#' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b < 0x20 || b == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r < 0x4E00 || r > 0x9FFF) && (r < 0x3001 || r > 0x303F) {
			return false // U+FFFD, the mark of a byte that does not decode, included
		}
		i += size
	}
	return true
}

// plainInt reads an optional minus sign and 1 to 18 digits.
func plainInt(s string) (int64, bool) {
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	if len(s) == 0 || len(s) > 18 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// plainDecimal reports whether s has only digits, points and minus signs: no exponent, infinity,
// hexadecimal or underscore, which strconv.ParseFloat would also read.
func plainDecimal(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && c != '.' && c != '-' {
			return false
		}
	}
	return true
}

// zoneMargin is how far from a change of offset the fast path converts times by arithmetic: more
// than any zone has changed its offset by at once (a day, where a Pacific zone crossed the date line).
const zoneMargin = 2 * 86400

// zoneCache converts wall-clock times to instants by the offset of the stretch of time, in one
// zone, that the last time converted fell in: its bounds less zoneMargin at either end, so that a time
// near a change of offset, which may be skipped or repeated, is converted by time.Date (and then
// declined: the general path says what is wrong with it).
type zoneCache struct {
	lo, hi, off int64 // Unix seconds: the stretch [lo, hi) and its offset
	ok          bool
	// date is the date of the last time converted, YYYY-MM-DD, and days its days since 1970.
	date string
	days int64
}

// micros converts s, a canonical wall-clock time in loc, to Unix microseconds.
func (z *zoneCache) micros(s string, loc *time.Location) (int64, bool) {
	if len(s) == 19 && z.date != "" && s[:10] == z.date {
		// The date of the time before, as the clock points of one call mostly are.
		hour, minute, second, ok := clockOfDay(s)
		if !ok {
			return 0, false
		}
		wall := z.days*86400 + int64(hour*3600+minute*60+second)
		if u := wall - z.off; z.ok && u >= z.lo && u < z.hi {
			return u * 1e6, true
		}
	}
	year, month, day, hour, minute, second, ok := canonicalClock(s)
	if !ok {
		return 0, false
	}
	z.date, z.days = s[:10], daysFromCivil(year, month, day)
	wall := z.days*86400 + int64(hour*3600+minute*60+second)
	if u := wall - z.off; z.ok && u >= z.lo && u < z.hi {
		return u * 1e6, true
	}
	t := time.Date(year, time.Month(month), day, hour, minute, second, 0, loc)
	_, off := t.Zone()
	start, end := t.ZoneBounds()
	z.lo, z.hi, z.off, z.ok = math.MinInt64, math.MaxInt64, int64(off), true
	if !start.IsZero() {
		z.lo = start.Unix() + zoneMargin
	}
	if !end.IsZero() {
		z.hi = end.Unix() - zoneMargin
	}
	if u := wall - z.off; u >= z.lo && u < z.hi {
		return u * 1e6, true
	}
	return 0, false
}

// canonicalClock reads YYYY-MM-DD HH:MM:SS, a date that exists and a time of day.
func canonicalClock(s string) (year, month, day, hour, minute, second int, ok bool) {
	if len(s) != 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' {
		return
	}
	bad := false
	num := func(from, to int) int {
		n := 0
		for i := from; i < to; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				bad = true
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	year, month, day = num(0, 4), num(5, 7), num(8, 10)
	hour, minute, second = num(11, 13), num(14, 16), num(17, 19)
	if bad || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59 {
		return 0, 0, 0, 0, 0, 0, false
	}
	return year, month, day, hour, minute, second, true
}

// clockOfDay reads the HH:MM:SS of YYYY-MM-DD HH:MM:SS.
func clockOfDay(s string) (hour, minute, second int, ok bool) {
	if s[13] != ':' || s[16] != ':' || s[10] != ' ' {
		return 0, 0, 0, false
	}
	for _, i := range [6]int{11, 12, 14, 15, 17, 18} {
		if s[i] < '0' || s[i] > '9' {
			return 0, 0, 0, false
		}
	}
	hour = int(s[11]-'0')*10 + int(s[12]-'0')
	minute = int(s[14]-'0')*10 + int(s[15]-'0')
	second = int(s[17]-'0')*10 + int(s[18]-'0')
	return hour, minute, second, hour <= 23 && minute <= 59 && second <= 59
}

// daysIn is the number of days of a month of the proleptic Gregorian calendar.
func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil is the number of days from 1970-01-01 to a date of the proleptic Gregorian
// calendar (Howard Hinnant's days_from_civil).
func daysFromCivil(year, month, day int) int64 {
	y := int64(year)
	if month <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	m := int64(month)
	var mp int64
	if m > 2 {
		mp = m - 3
	} else {
		mp = m + 9
	}
	doy := (153*mp+2)/5 + int64(day) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}
