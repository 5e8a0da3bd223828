package ingest

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"bulletin/schema"
)

// kind is how a canonical field's text is parsed and stored.
type kind int

const (
	kindText  kind = iota // any text; empty is NULL
	kindEnum              // one of a fixed vocabulary; empty is NULL
	kindTime              // local time YYYY-MM-DD HH:MM:SS; empty is NULL
	kindInt               // integer within [min, max]; empty is NULL (or zero where zeroWhenEmpty)
	kindFloat             // decimal within [min, max]; empty is NULL
	kindBool              // true or false; empty is NULL
	kindList              // ';'-separated values of a fixed vocabulary; empty is an empty list
)

// field describes one column of a canonical input file.
type field struct {
	name          string
	kind          kind
	required      bool
	values        []string // vocabulary of kindEnum and kindList
	min, max      float64  // bounds of kindInt and kindFloat
	zeroWhenEmpty bool     // kindInt: an empty cell means 0 rather than NULL
	fallback      string   // kindEnum: the code an unknown value is counted under when unknown_value flags
}

// table describes a canonical input: its fields in file order and the field that identifies a row.
type table struct {
	name   string // warehouse table the rows load into
	key    string // unique row identifier
	fields []field
}

// callsTable is the canonical calls file, one row per call.
func callsTable() *table { return canonicalTable("calls") }

// activitiesTable is the canonical activities file, one row per drill, inspection, roll-call,
// training or liaison visit.
func activitiesTable() *table { return canonicalTable("activities") }

// canonicalTable derives a canonical input file from the data model (package schema): the table's
// input fields in model order, each parsed and checked as its type says.
func canonicalTable(name string) *table {
	st := schema.Default().Table(name)
	t := &table{name: st.Name, key: st.Key}
	for i := range st.Fields {
		sf := &st.Fields[i]
		if !sf.IsInput() {
			continue
		}
		f := field{name: sf.Name, required: sf.Required, zeroWhenEmpty: sf.EmptyZero, fallback: sf.Fallback}
		switch sf.Type {
		case schema.TypeCode:
			f.kind, f.values = kindEnum, sf.Values()
		case schema.TypeList:
			f.kind, f.values = kindList, sf.Values()
		case schema.TypeTime:
			f.kind = kindTime
		case schema.TypeInt:
			f.kind = kindInt
		case schema.TypeFloat:
			f.kind = kindFloat
		case schema.TypeBool:
			f.kind = kindBool
		default:
			f.kind = kindText
		}
		if sf.Min != nil && sf.Max != nil {
			f.min, f.max = *sf.Min, *sf.Max
		}
		t.fields = append(t.fields, f)
	}
	return t
}

// errRequired reports an empty cell in a required field.
var errRequired = errors.New("required value is empty")

// value is one parsed cell. Which member holds the value depends on the field's kind.
type value struct {
	null bool
	text string
	num  int64 // kindInt; kindTime as Unix microseconds
	real float64
	flag bool
	list []string
}

// parse converts a cell's text according to f, or says why it cannot.
func (f *field) parse(cell string, loc *time.Location) (value, error) {
	cell = strings.TrimSpace(cell)
	if cell == "" {
		switch {
		case f.required:
			return value{}, errRequired
		case f.kind == kindList:
			return value{list: []string{}}, nil
		case f.zeroWhenEmpty:
			return value{}, nil
		}
		return value{null: true}, nil
	}
	switch f.kind {
	case kindText:
		return value{text: cell}, nil
	case kindEnum:
		if !slices.Contains(f.values, cell) {
			return value{}, fmt.Errorf("unknown value; expected one of %s", strings.Join(f.values, "|"))
		}
		return value{text: cell}, nil
	case kindTime:
		t, err := parseLocalTime(cell, loc)
		if err != nil {
			return value{}, err
		}
		return value{num: t.UnixMicro()}, nil
	case kindInt:
		n, err := strconv.ParseInt(cell, 10, 64)
		if err != nil {
			return value{}, fmt.Errorf("not an integer")
		}
		if float64(n) < f.min || float64(n) > f.max {
			return value{}, fmt.Errorf("out of range %g..%g", f.min, f.max)
		}
		return value{num: n}, nil
	case kindFloat:
		x, err := strconv.ParseFloat(cell, 64)
		if err != nil {
			return value{}, fmt.Errorf("not a number")
		}
		if !(x >= f.min && x <= f.max) {
			return value{}, fmt.Errorf("out of range %g..%g", f.min, f.max)
		}
		return value{real: x}, nil
	case kindBool:
		switch strings.ToLower(cell) {
		case "true", "1", "yes":
			return value{flag: true}, nil
		case "false", "0", "no":
			return value{flag: false}, nil
		}
		return value{}, fmt.Errorf("not true or false")
	case kindList:
		items := strings.Split(cell, ";")
		list := make([]string, 0, len(items))
		for _, item := range items {
			item = strings.TrimSpace(item)
			if item == "" {
				continue
			}
			if !slices.Contains(f.values, item) {
				return value{}, fmt.Errorf("unknown value %q; expected ';'-separated values of %s", item, strings.Join(f.values, "|"))
			}
			list = append(list, item)
		}
		return value{list: list}, nil
	}
	return value{}, fmt.Errorf("field kind %d not handled", f.kind)
}

// parseLocalTime reads a wall-clock time "YYYY-MM-DD HH:MM:SS" in loc, the one layout of the canonical
// files (other layouts are the business of mapping profiles). It is hand-written because it runs for
// every time cell of every row.
func parseLocalTime(s string, loc *time.Location) (time.Time, error) {
	if len(s) != 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, fmt.Errorf("not a time of the form YYYY-MM-DD HH:MM:SS")
	}
	num := func(from, to int) int {
		n := 0
		for i := from; i < to; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	year, month, day := num(0, 4), num(5, 7), num(8, 10)
	hour, minute, second := num(11, 13), num(14, 16), num(17, 19)
	if year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 {
		return time.Time{}, fmt.Errorf("not a valid date and time")
	}
	t := time.Date(year, time.Month(month), day, hour, minute, second, 0, loc)
	if t.Day() != day {
		return time.Time{}, fmt.Errorf("not a valid date and time")
	}
	return t, nil
}

// field returns the field called name, or nil.
func (t *table) field(name string) *field {
	for i := range t.fields {
		if t.fields[i].name == name {
			return &t.fields[i]
		}
	}
	return nil
}

// fieldNames lists the table's fields in file order.
func (t *table) fieldNames() []string {
	names := make([]string, len(t.fields))
	for i, f := range t.fields {
		names[i] = f.name
	}
	return names
}
