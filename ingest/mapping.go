package ingest

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"bulletin/ingest/source"
)

// mapping is a profile applied to one file's header: for every canonical field, the source
// columns it reads and how it turns their text into a value.
type mapping struct {
	profile *Profile
	table   *table
	header  []string    // the file's column names
	plans   []fieldPlan // one per canonical field, in table order
	loc     *time.Location
	// keyColumn and districtColumn locate the record key and the district in a source row, for
	// quarantine rows; -1 when absent.
	keyColumn, districtColumn int
	// districtMap is the profile's map of district values, to name the district of a quarantined row.
	districtMap map[string]string
	// ignored lists header columns no field reads; missing lists mapped columns absent from the
	// header (of optional fields), those the profile names in missingNamed and those only SameNames
	// maps in missingImplicit.
	ignored, missing, missingNamed, missingImplicit []string
	rules                                           map[string]string
	// absent holds the texts that stand for a missing value (DefaultMissingValues and the
	// profile's missing_values), lower-cased.
	absent map[string]bool
	// absentRunes is the most characters of a text in absent: a longer cell (a call ID, a time) is
	// not lowered and looked up, which would cost every cell of the file.
	absentRunes int
	// absentBytes is the longest text in absent, in bytes.
	absentBytes int
	// keepText is true when normalized_text is off, keepErrors when spreadsheet_error is: cells are
	// then read as they are.
	keepText, keepErrors bool
	// dstYears tells which years of loc have daylight-saving changes (daylightSavingYears).
	dstYears []bool
	// fast is the fast path of every field (compileFast), nil when a field has none.
	fast []fastPlan
}

// DefaultMissingValues are the texts that exports write for a value that was not recorded, read
// as an empty cell (letters in any case): a time written "null" is a missing time, not an
// unreadable one. A profile adds its own with missing_values; a value map that maps one of them
// takes precedence.
var DefaultMissingValues = []string{"null", "n/a", "na", "nan", "none", "-", "--", "空", "无"}

// isAbsent reports whether cell stands for a missing value.
func (m *mapping) isAbsent(cell string) bool {
	if cell == "" || len(cell) > utf8.UTFMax*m.absentRunes || utf8.RuneCountInString(cell) > m.absentRunes {
		return false // strings.ToLower maps rune to rune: a lowered text has as many runes
	}
	return m.absent[strings.ToLower(cell)]
}

// planKind is where a field's value comes from.
type planKind int

const (
	planAbsent   planKind = iota // not mapped, or its column is missing: empty
	planColumn                   // one column
	planPick                     // the earliest, latest or first of several time columns
	planDateTime                 // a date column and a time column
	planConstant                 // the same value for every row
	planJoin                     // several columns joined with "-"
	planGenerate                 // a fingerprint of the row
	planDuration                 // an earlier clock point plus a duration column
)

// fieldPlan reads one canonical field from a source row.
type fieldPlan struct {
	field    *field
	how      planKind
	cols     []int    // source column indexes
	names    []string // their header names
	pick     string
	constant string
	layouts  []timeLayout
	valueMap map[string]string
	mapping  *FieldMap // the profile's mapping of the field: Map, Prefixes, Patterns
	duration *DurationSpec
	after    int     // planDuration: the index of the clock point the duration runs from
	fallback *string // the mapping's default
	sep      string
}

// translateItem translates one item of a list cell by the field's mapping.
func (p *fieldPlan) translateItem(item string) (string, bool) {
	if p.mapping == nil {
		return "", false
	}
	return p.mapping.translate(item)
}

// timeLayout is one way a time may be written.
type timeLayout struct {
	name   string // as written in the profile
	layout string // Go reference layout; empty for the named forms
	zoned  bool   // the layout carries an offset or zone
}

func compileLayouts(names []string) []timeLayout {
	if len(names) == 0 {
		names = []string{"canonical"}
	}
	layouts := make([]timeLayout, len(names))
	for i, n := range names {
		l := timeLayout{name: n}
		switch n {
		case "canonical", "excel":
		case "rfc3339":
			l.layout, l.zoned = time.RFC3339Nano, true
		default:
			l.layout = n
			l.zoned = strings.Contains(n, "Z07") || strings.Contains(n, "-07") || strings.Contains(n, "MST")
		}
		layouts[i] = l
	}
	return layouts
}

// noteMissing records the columns of an optional field's mapping fm that the header lacks.
func (m *mapping) noteMissing(fm *FieldMap, absent []string) {
	m.missing = append(m.missing, absent...)
	if fm != nil && fm.implicit {
		m.missingImplicit = append(m.missingImplicit, absent...)
	} else {
		m.missingNamed = append(m.missingNamed, absent...)
	}
}

// newMapping locates the profile's columns in header. A required field whose column is missing is
// an error naming the columns the header has.
func newMapping(p *Profile, header []string, loc *time.Location) (*mapping, error) {
	if p.TimeZone != "" {
		zone, err := time.LoadLocation(p.TimeZone)
		if err != nil {
			return nil, err
		}
		loc = zone
	}
	t := p.canonicalTable()
	m := &mapping{profile: p, table: t, header: header, loc: loc, keyColumn: -1, districtColumn: -1, rules: map[string]string{},
		absent: map[string]bool{}}
	for _, v := range append(slices.Clone(DefaultMissingValues), p.MissingValues...) {
		token := strings.ToLower(strings.TrimSpace(v))
		m.absent[token] = true
		m.absentRunes = max(m.absentRunes, utf8.RuneCountInString(token))
		m.absentBytes = max(m.absentBytes, len(token))
	}
	for _, c := range CheckNames {
		m.rules[c.Name] = p.rule(c.Name)
	}
	m.keepText, m.keepErrors = m.rules[CheckNormalized] == "off", m.rules[CheckSpreadsheet] == "off"
	m.dstYears = daylightSavingYears(m.loc)
	used := make([]bool, len(header))
	find := func(name string) int {
		if i := slices.Index(header, name); i >= 0 {
			return i
		}
		for i, h := range header {
			if sameColumnName(h, name) {
				return i
			}
		}
		return -1
	}
	var missingRequired, repeated []string
	for i := range t.fields {
		f := &t.fields[i]
		plan := fieldPlan{field: f, sep: ";"}
		fm := p.Fields[f.name]
		if fm != nil {
			plan.valueMap, plan.fallback, plan.mapping = fm.Map, fm.Default, fm
			if fm.Separator != "" {
				plan.sep = fm.Separator
			}
			layouts := fm.Layouts
			if len(layouts) == 0 {
				layouts = p.TimeLayouts
			}
			plan.layouts = compileLayouts(layouts)
			switch {
			case fm.Value != nil:
				plan.how, plan.constant = planConstant, *fm.Value
			case fm.Column != "":
				plan.how, plan.names = planColumn, []string{fm.Column}
			case len(fm.Columns) > 0:
				plan.how, plan.names, plan.pick = planPick, fm.Columns, fm.Pick
			case fm.Date != "":
				plan.how, plan.names = planDateTime, []string{fm.Date, fm.Time}
			case len(fm.Join) > 0:
				plan.how, plan.names = planJoin, fm.Join
			case fm.Generate:
				plan.how = planGenerate
			case fm.Duration != nil:
				plan.how, plan.names, plan.duration = planDuration, []string{fm.Duration.Column}, fm.Duration
				plan.after = slices.Index(t.fieldNames(), fm.After)
			}
			var absent []string
			for _, name := range plan.names {
				j := find(name)
				if j < 0 {
					absent = append(absent, name)
					continue
				}
				for k, h := range header {
					if k != j && sameColumnName(h, header[j]) {
						repeated = append(repeated, fmt.Sprintf("%s (columns %d and %d)", name, min(j, k)+1, max(j, k)+1))
						break
					}
				}
				used[j] = true
				plan.cols = append(plan.cols, j)
			}
			if len(absent) > 0 && (plan.how != planPick || len(plan.cols) == 0) {
				if f.required {
					missingRequired = append(missingRequired, fmt.Sprintf("%s (column %s)", f.name, strings.Join(absent, " + ")))
				} else {
					m.noteMissing(fm, absent)
				}
				plan.how, plan.cols = planAbsent, nil
			} else if len(absent) > 0 {
				m.noteMissing(fm, absent)
			}
		} else {
			plan.layouts = compileLayouts(p.TimeLayouts)
			if f.required {
				missingRequired = append(missingRequired, f.name+" (not mapped)")
			}
		}
		if plan.how == planColumn && f.name == t.key {
			m.keyColumn = plan.cols[0]
		}
		if plan.how == planColumn && f.name == "district" {
			m.districtColumn, m.districtMap = plan.cols[0], plan.valueMap
		}
		m.plans = append(m.plans, plan)
	}
	if len(missingRequired) > 0 {
		return nil, fmt.Errorf("%w: required %s fields missing: %s; the header has: %s", ErrHeader, t.name,
			strings.Join(missingRequired, ", "), strings.Join(header, ", "))
	}
	if len(repeated) > 0 {
		// Which of the two columns holds the value cannot be guessed; the export must be fixed.
		return nil, fmt.Errorf("%w: %s", errRepeatedColumn, strings.Join(repeated, ", "))
	}
	for j, name := range header {
		if !used[j] {
			m.ignored = append(m.ignored, name)
		}
	}
	m.fast = m.compileFast()
	return m, nil
}

// cellFault is a cell that failed a check.
type cellFault struct {
	plan   int    // index of the field
	field  string // canonical field name
	column string
	colNum int // 1-based source column; 0 when the value has no single column
	cell   string
	check  string
	err    error
	// keep is true for a fault of a value that is still read (an ambiguous local time): the row
	// keeps the value, and the check's rule says whether it is flagged or quarantined.
	keep bool
}

// reason says where the fault is and what it is, e.g. `category (警情类别, column 7, "未知"): ...`.
func (f cellFault) reason() string {
	var at []string
	if f.column != "" && f.column != f.field {
		at = append(at, f.column)
	}
	if f.colNum > 0 {
		at = append(at, fmt.Sprintf("column %d", f.colNum))
	}
	at = append(at, strconv.Quote(f.cell))
	return fmt.Sprintf("%s (%s): %v", f.field, strings.Join(at, ", "), f.err)
}

// mapRow fills vals with the canonical fields of record. It returns the fault that quarantines the
// row, if any, and appends to flags the faults of a kept row (the field is then empty).
func (m *mapping) mapRow(record []string, vals []value, flags []cellFault) (quarantine *cellFault, _ []cellFault) {
	quarantine, flags, _ = m.mapCleanRow(record, vals, flags)
	return quarantine, flags
}

// mapCleanRow is mapRow, also returning the record as its fields were read: normalised
// (normalizeRow), which is what identifies an exact repeat of the row.
func (m *mapping) mapCleanRow(record []string, vals []value, flags []cellFault) (quarantine *cellFault, _ []cellFault, clean []string) {
	before := len(flags)
	record, flags = m.normalizeRow(record, flags)
	for _, fault := range flags[before:] {
		if m.rules[fault.check] == "quarantine" {
			// The profile wants such rows looked at before they count.
			return &fault, flags[:before], record
		}
	}
	quarantine, flags = m.mapNormalRow(record, vals, flags)
	return quarantine, flags, record
}

// mapNormalRow maps a record whose cells are normalised.
func (m *mapping) mapNormalRow(record []string, vals []value, flags []cellFault) (quarantine *cellFault, _ []cellFault) {
	for i := range m.plans {
		p := &m.plans[i]
		v, fault := m.readField(p, record, vals)
		if fault != nil && fault.keep {
			fault.plan, fault.field = i, p.field.name
			switch m.rules[fault.check] {
			case "quarantine":
				return fault, flags
			case "flag":
				flags = append(flags, *fault)
			}
			vals[i] = v
			continue
		}
		if fault != nil {
			fault.plan, fault.field = i, p.field.name
			if fault.check == CheckUnknownValue && p.field.fallback != "" && m.rules[fault.check] == "flag" {
				// A type the profile does not map is counted under the field's honest fallback
				// (other), required or not, and flagged with the value, rather than lost.
				fault.err = fmt.Errorf("%w; counted as %s", fault.err, p.field.fallback)
				flags = append(flags, *fault)
				vals[i] = value{text: p.field.fallback}
				continue
			}
			if !p.field.required && (fault.check == CheckUnparsableTime || fault.check == CheckUnknownValue) && m.rules[fault.check] == "flag" {
				flags = append(flags, *fault)
				vals[i] = emptyValue(p.field)
				continue
			}
			if (fault.check == CheckUnparsableTime || fault.check == CheckUnknownValue) && !p.field.required && m.rules[fault.check] == "off" {
				vals[i] = emptyValue(p.field)
				continue
			}
			return fault, flags
		}
		vals[i] = v
	}
	return nil, flags
}

// normalizeRow returns record with every cell a field reads normalised (normalizeText), a copy when
// any changed, and unless normalized_text is off appends a flag for each field whose text changed,
// naming what it was read as. The mapping is shared by the decoding workers: nothing of it changes.
func (m *mapping) normalizeRow(record []string, flags []cellFault) ([]string, []cellFault) {
	if m.keepText && m.keepErrors {
		return record, flags
	}
	var cleaned []string
	for i := range m.plans {
		p := &m.plans[i]
		for k, j := range p.cols {
			if j >= len(record) {
				continue
			}
			clean, changed := record[j], false
			check, reason := CheckNormalized, error(nil)
			if !m.keepText {
				if clean, changed = normalizeText(record[j]); changed {
					reason = fmt.Errorf("invisible characters removed or text normalised (NFC; full-width digits and letters as ASCII): read as %q", clean)
				}
			}
			if !m.keepErrors && clean == source.UncomputedFormula {
				// The workbook holds the formula but was never calculated: the value is not known.
				clean, changed = "", true
				check, reason = CheckSpreadsheet, errors.New("a formula with no computed value (the workbook was saved without calculating it): read as not recorded")
			} else if !m.keepErrors && clean != "" && (clean[0] == '#' || clean[0] == ' ') && isSpreadsheetError(strings.TrimSpace(clean)) {
				// The formula that filled the cell failed: the value is not known.
				clean, changed = "", true
				check, reason = CheckSpreadsheet, errors.New("a spreadsheet's error value, not a value: read as not recorded")
			}
			if !changed {
				continue
			}
			if cleaned == nil {
				cleaned = slices.Clone(record)
			}
			cleaned[j] = clean
			flags = append(flags, cellFault{plan: i, field: p.field.name, column: p.names[k], colNum: j + 1, cell: record[j],
				check: check, err: reason})
		}
	}
	if cleaned == nil {
		return record, flags
	}
	return cleaned, flags
}

// emptyValue is the value of a field whose cell is empty and allowed to be.
func emptyValue(f *field) value {
	switch {
	case f.kind == kindList:
		return value{list: []string{}}
	case f.zeroWhenEmpty:
		return value{}
	}
	return value{null: true}
}

// readColumns are the source columns the mapping reads, 0-based.
func (m *mapping) readColumns() []int {
	var cols []int
	for _, p := range m.plans {
		cols = append(cols, p.cols...)
	}
	return cols
}

// readDuration reads a clock point given as a duration after an earlier one (already in vals): not
// recorded when either is not.
func (m *mapping) readDuration(p *fieldPlan, record []string, vals []value) (value, *cellFault) {
	cell := strings.TrimSpace(record[p.cols[0]])
	from := vals[p.after]
	if cell == "" || m.isAbsent(cell) || from.null {
		return m.convert(p, "", p.names[0], p.cols[0]+1)
	}
	d, err := p.duration.parse(cell)
	if err != nil {
		return value{}, &cellFault{column: p.names[0], colNum: p.cols[0] + 1, cell: cell, check: CheckInvalidValue, err: err}
	}
	return value{num: from.num + d.Microseconds()}, nil
}

// readField reads one field from record; vals holds the fields of the row read before it.
func (m *mapping) readField(p *fieldPlan, record []string, vals []value) (value, *cellFault) {
	switch p.how {
	case planDuration:
		return m.readDuration(p, record, vals)
	case planAbsent:
		return m.convert(p, "", "", 0)
	case planConstant:
		return m.convert(p, p.constant, "(constant)", 0)
	case planJoin:
		parts := make([]string, len(p.cols))
		for k, j := range p.cols {
			if parts[k] = strings.TrimSpace(record[j]); parts[k] == "" || m.isAbsent(parts[k]) {
				return m.convert(p, "", strings.Join(p.names, " + "), 0)
			}
		}
		return m.convert(p, strings.Join(parts, "-"), strings.Join(p.names, " + "), 0)
	case planGenerate:
		return m.convert(p, fmt.Sprintf("row-%016x", uint64(rowHash(record))), "(generated)", 0)
	case planColumn:
		return m.convert(p, record[p.cols[0]], p.names[0], p.cols[0]+1)
	case planDateTime:
		date, clock := strings.TrimSpace(record[p.cols[0]]), strings.TrimSpace(record[p.cols[1]])
		column := p.names[0] + " + " + p.names[1]
		// A date without its time of day (or a time without its date) is a time not recorded, as
		// when an export fills the date of every clock point but only the times that happened.
		if date == "" || clock == "" || m.isAbsent(date) || m.isAbsent(clock) {
			return m.convert(p, "", column, 0)
		}
		if d, err1 := strconv.ParseFloat(date, 64); err1 == nil && slices.ContainsFunc(p.layouts, func(l timeLayout) bool { return l.name == "excel" }) {
			if c, err2 := strconv.ParseFloat(clock, 64); err2 == nil && c < 1 {
				return m.convert(p, strconv.FormatFloat(math.Floor(d)+c, 'f', -1, 64), column, 0)
			}
		}
		return m.convert(p, date+" "+clock, column, 0)
	case planPick:
		var best value
		found := false
	columns:
		for k, j := range p.cols {
			cell := strings.TrimSpace(record[j])
			if cell == "" || m.isAbsent(cell) {
				continue
			}
			v, fault := m.convert(p, cell, p.names[k], j+1)
			if fault != nil {
				return v, fault
			}
			switch {
			case !found:
				best, found = v, true
			case p.pick == "earliest" && v.num < best.num, p.pick == "latest" && v.num > best.num:
				best = v
			}
			if p.pick == "first" {
				break columns
			}
		}
		if !found {
			return m.convert(p, "", strings.Join(p.names, " | "), 0)
		}
		return best, nil
	}
	return value{}, &cellFault{check: CheckInvalidValue, err: fmt.Errorf("field plan %d not handled", p.how)}
}

// repeatedHeader is the reason a row that repeats the header is quarantined (malformed_row).
const repeatedHeader = "the header again: were two exports pasted into one file?"

// isHeader tells whether a row repeats the header, as where two exports were pasted into one file.
// It allocates nothing: it runs on every row.
func (m *mapping) isHeader(record []string) bool {
	if len(record) != len(m.header) {
		return false
	}
	for i, cell := range record {
		if !strings.EqualFold(strings.TrimSpace(cell), m.header[i]) {
			return false
		}
	}
	return true
}

// sameColumnName tells whether two header names name the same column: equal but for case and
// the spaces around and between words.
func sameColumnName(a, b string) bool {
	return a == b || strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// convert maps and parses one cell of a field.
func (m *mapping) convert(p *fieldPlan, cell, column string, colNum int) (value, *cellFault) {
	f := p.field
	cell = strings.TrimSpace(cell)
	fault := func(check string, err error) *cellFault {
		return &cellFault{column: column, colNum: colNum, cell: cell, check: check, err: err}
	}
	if strings.ContainsRune(cell, utf8.RuneError) {
		// U+FFFD is what a decoder writes for bytes that are not of the file's encoding: the row
		// is quarantined rather than counted with a mangled value (or the file read again in
		// another encoding).
		return value{}, fault(CheckInvalidValue, fmt.Errorf("holds bytes that do not decode in the file's encoding (U+FFFD): is the file in another encoding? name it with --encoding"))
	}
	if _, mapped := p.valueMap[cell]; m.isAbsent(cell) && !mapped {
		cell = ""
	}
	if p.mapping != nil && p.mapping.translates() && f.kind != kindList {
		if to, ok := p.mapping.translate(cell); ok {
			cell = to
		} else if cell != "" && p.fallback != nil {
			cell = *p.fallback
		} else if cell != "" && f.kind == kindEnum && !slices.Contains(f.values, cell) {
			return value{}, fault(CheckUnknownValue, fmt.Errorf("value not in the profile's map nor a canonical value (%s)", strings.Join(f.values, "|")))
		}
	}
	if cell == "" {
		switch {
		case f.required:
			return value{}, fault(CheckRequired, errRequired)
		}
		return emptyValue(f), nil
	}
	switch f.kind {
	case kindTime:
		t, err := parseTime(cell, p.layouts, m.loc)
		if err != nil {
			return value{}, fault(CheckUnparsableTime, err)
		}
		v := value{num: t.UnixMicro()}
		switch m.dstProblem(t, cell, p.layouts) {
		case dstSkipped:
			return value{}, fault(CheckUnparsableTime, fmt.Errorf("no such local time in %s: the clocks jumped over it (daylight saving)", m.loc))
		case dstRepeated:
			f := fault(CheckAmbiguousTime, fmt.Errorf("happened twice in %s (the clocks went back): read as the first, %s", m.loc, t.Format("2006-01-02 15:04:05 MST")))
			f.keep = true
			return v, f
		}
		return v, nil
	case kindEnum:
		if !slices.Contains(f.values, cell) {
			return value{}, fault(CheckUnknownValue, fmt.Errorf("unknown value; expected one of %s", strings.Join(f.values, "|")))
		}
		return value{text: cell}, nil
	case kindList:
		items := strings.Split(cell, p.sep)
		list := make([]string, 0, len(items))
		for _, item := range items {
			item = strings.TrimSpace(item)
			if to, ok := p.translateItem(item); ok {
				item = to
			} else if m.isAbsent(item) {
				item = ""
			}
			if item == "" || slices.Contains(list, item) {
				continue
			}
			if !slices.Contains(f.values, item) {
				return value{}, fault(CheckUnknownValue, fmt.Errorf("unknown value %q; expected %q-separated values of %s", item, p.sep, strings.Join(f.values, "|")))
			}
			list = append(list, item)
		}
		return value{list: list}, nil
	}
	if f.kind == kindText && strings.IndexByte(cell, 0) >= 0 {
		// A NUL is invisible in every output and ends the text for C-string consumers; a UTF-16
		// file read as UTF-8 is full of them.
		return value{}, fault(CheckInvalidValue, fmt.Errorf("holds a NUL byte (\\x00): is the file UTF-16 or binary? name the encoding with --encoding"))
	}
	if f.kind == kindText && !utf8.ValidString(cell) {
		// A stray byte in a file that is UTF-8 on the evidence of the whole of it (a cell cut, a
		// byte of another encoding pasted in).
		return value{}, fault(CheckInvalidValue, fmt.Errorf("not valid UTF-8 text: is the file in another encoding? name it with --encoding (e.g. gb18030)"))
	}
	v, err := f.parse(cell, m.loc)
	if err != nil {
		return value{}, fault(CheckInvalidValue, err)
	}
	return v, nil
}

// parseTime reads s with the first layout that fits. Times without an offset are wall-clock times
// in loc.
func parseTime(s string, layouts []timeLayout, loc *time.Location) (time.Time, error) {
	for _, l := range layouts {
		switch l.name {
		case "canonical":
			if t, err := parseLocalTime(s, loc); err == nil {
				return t, nil
			}
		case "excel":
			if t, ok := excelSerialTime(s, loc); ok {
				return t, nil
			}
		default:
			var t time.Time
			var err error
			if l.zoned {
				t, err = time.Parse(l.layout, s)
			} else {
				t, err = time.ParseInLocation(l.layout, s, loc)
			}
			if err == nil {
				return t, nil
			}
		}
	}
	names := make([]string, len(layouts))
	for i, l := range layouts {
		names[i] = l.name
		if l.name == "canonical" {
			names[i] = "YYYY-MM-DD HH:MM:SS"
		}
	}
	return time.Time{}, fmt.Errorf("not a time in the layout %s", strings.Join(names, " or "))
}

// The problems a daylight-saving change makes for a local time.
const (
	dstNone     = iota
	dstSkipped  // the clocks jumped over it: no instant has this wall clock
	dstRepeated // the clocks went back over it: two instants have this wall clock
)

// dstProblem tells whether the wall clock written s, read as t in loc, does not exist there or
// exists twice. A time written with an offset has neither problem.
func (m *mapping) dstProblem(t time.Time, s string, layouts []timeLayout) int {
	loc := m.loc
	// Only in a year with daylight saving, and near a change of offset, can a wall clock be
	// skipped or repeated: most zones and most times pay one look-up.
	if y := t.Year(); y < dstFirstYear || y > dstLastYear || !m.dstYears[y-dstFirstYear] {
		return dstNone
	}
	if _, before := t.Add(-2 * time.Hour).In(loc).Zone(); true {
		if _, after := t.Add(2 * time.Hour).In(loc).Zone(); before == after {
			return dstNone
		}
	}
	wall, ok := wallClock(s, layouts)
	if !ok {
		return dstNone
	}
	local := t.In(loc)
	if !sameWall(local, wall) {
		return dstSkipped
	}
	for _, d := range []time.Duration{time.Hour, 30 * time.Minute, -time.Hour, -30 * time.Minute} {
		if sameWall(t.Add(d).In(loc), wall) {
			return dstRepeated
		}
	}
	return dstNone
}

// The years whose daylight-saving changes are checked (mapping.dstYears).
const dstFirstYear, dstLastYear = 1970, 2100

// daylightSavingYears tells, for each year from dstFirstYear to dstLastYear, whether loc's offset
// in January differs from its offset in July: whether the year has changes of offset to check.
func daylightSavingYears(loc *time.Location) []bool {
	years := make([]bool, dstLastYear-dstFirstYear+1)
	if loc == nil {
		return years
	}
	for i := range years {
		_, jan := time.Date(dstFirstYear+i, time.January, 1, 0, 0, 0, 0, loc).Zone()
		_, jul := time.Date(dstFirstYear+i, time.July, 1, 0, 0, 0, 0, loc).Zone()
		years[i] = jan != jul
	}
	return years
}

// wallClock reads s as a wall clock (in UTC, which has no daylight saving) with the first layout
// that fits and carries no offset of its own.
func wallClock(s string, layouts []timeLayout) (time.Time, bool) {
	for _, l := range layouts {
		switch {
		case l.zoned:
			continue
		case l.name == "canonical":
			if t, err := parseLocalTime(s, time.UTC); err == nil {
				return t, true
			}
		case l.name == "excel":
			if t, ok := excelSerialTime(s, time.UTC); ok {
				return t, true
			}
		default:
			if t, err := time.ParseInLocation(l.layout, s, time.UTC); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// sameWall reports whether a and b show the same date and time of day.
func sameWall(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd && a.Hour() == b.Hour() && a.Minute() == b.Minute() && a.Second() == b.Second()
}

// excelSerialTime reads an Excel serial date (days since 1899-12-30, the fraction being the time
// of day) as a wall-clock time in loc, to the nearest second.
func excelSerialTime(s string, loc *time.Location) (time.Time, bool) {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || !(x >= 1 && x < 2958466) { // 1900-01-01 .. 9999-12-31
		return time.Time{}, false
	}
	days := math.Floor(x)
	seconds := int(math.Round((x - days) * 86400))
	return time.Date(1899, 12, 30+int(days), 0, 0, seconds, 0, loc), true
}
