// Package schema states bulletin's data model once: the tables of the warehouse that hold input
// records (calls and activities), their fields with types, labels in Chinese and English, the
// vocabularies of coded fields, the clock points of a call's timeline and the default intervals
// between them, and what each field may be used for in a campaign (filtered, summed, counted
// distinct, broken down by, tiered by).
//
// The model is the embedded file model.yaml. Ingest derives its checks of canonical files from it,
// campaign its validation of campaign files, metrics the labels of coded values, reports the Detail
// columns; a test checks the warehouse's tables against it. Adding a coded column to the model is
// an edit of model.yaml and a warehouse migration.
package schema

import (
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.yaml.in/yaml/v3"
)

// DefaultTimeZone is the time zone input times are read in and campaigns are reported in when
// nothing says otherwise: that of the command center whose data the sample describes.
const DefaultTimeZone = "Asia/Shanghai"

// LoadZone returns the IANA time zone name, refusing "Local" and "": a command center's times are
// in its own zone, and the zone of whatever machine runs a report would silently move every call
// to another day when the machine is not the center's.
func LoadZone(name string) (*time.Location, error) {
	if name == "" || strings.EqualFold(name, "Local") {
		return nil, fmt.Errorf("time zone %q: name the center's zone, such as %s (the machine's own zone is not accepted)", name, DefaultTimeZone)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q", name)
	}
	return loc, nil
}

// Text is a text in the two languages bulletin publishes in.
type Text struct {
	Zh string `json:"zh" yaml:"zh"`
	En string `json:"en" yaml:"en"`
}

// In returns the text in lang ("zh" or "en"); any other value gives the English text. An empty
// text in one language falls back to the other, so that a campaign written in one language only
// still names everything.
func (t Text) In(lang string) string {
	if lang == "zh" {
		if t.Zh == "" {
			return t.En
		}
		return t.Zh
	}
	if t.En == "" {
		return t.Zh
	}
	return t.En
}

// Type is how a field's value is written and stored.
type Type string

// The types of fields.
const (
	TypeText  Type = "text"  // free text
	TypeCode  Type = "code"  // one code of the field's vocabulary
	TypeList  Type = "list"  // ';'-separated codes of the field's vocabulary
	TypeTime  Type = "time"  // a local wall-clock time, stored as an instant
	TypeInt   Type = "int"   // an integer within [Min, Max]
	TypeFloat Type = "float" // a decimal within [Min, Max]
	TypeBool  Type = "bool"  // true or false
)

// Code is one value of a coded field, with its labels.
type Code struct {
	Code string `yaml:"code"`
	Zh   string `yaml:"zh"`
	En   string `yaml:"en"`
	// Sensitive codes have small district-level counts hidden in public outputs by default.
	Sensitive bool `yaml:"sensitive"`
	// NoResponse codes are never dispatched: response times leave them out by default.
	NoResponse bool `yaml:"no_response"`
}

// Label returns the code's labels.
func (c Code) Label() Text { return Text{Zh: c.Zh, En: c.En} }

// Field is one field of a table.
type Field struct {
	Name  string `yaml:"name"`
	Type  Type   `yaml:"type"`
	Label Text   `yaml:"label"`
	// Required fields must have a value in every input row.
	Required bool `yaml:"required"`
	// Input is false for fields the warehouse computes rather than reads from canonical files.
	Input *bool `yaml:"input"`
	// EmptyZero makes an empty int cell 0 rather than not recorded.
	EmptyZero bool     `yaml:"empty_zero"`
	Min       *float64 `yaml:"min"`
	Max       *float64 `yaml:"max"`
	// Codes is the vocabulary of a code or list field (and the labels of a bool or coded int).
	Codes []Code `yaml:"codes"`
	// Fallback is the code under which values that no mapping profile maps are counted.
	Fallback string `yaml:"fallback"`
	// SQLType overrides the DuckDB type derived from Type.
	SQLType string `yaml:"sql_type"`
	// Uses in campaigns and reports.
	Clock     bool `yaml:"clock"`
	Filter    bool `yaml:"filter"`
	Sum       bool `yaml:"sum"`
	Distinct  bool `yaml:"distinct"`
	Dimension bool `yaml:"dimension"`
	Tier      bool `yaml:"tier"`
	Detail    bool `yaml:"detail"`
}

// IsInput reports whether the field is a column of canonical input files.
func (f *Field) IsInput() bool { return f.Input == nil || *f.Input }

// Coded reports whether the field's values come from a vocabulary.
func (f *Field) Coded() bool { return f.Type == TypeCode || f.Type == TypeList }

// Values returns the codes of the field's vocabulary in their documented order, or nil for a field
// without one.
func (f *Field) Values() []string {
	if len(f.Codes) == 0 {
		return nil
	}
	values := make([]string, len(f.Codes))
	for i, c := range f.Codes {
		values[i] = c.Code
	}
	return values
}

// Code returns the vocabulary entry of code, or false.
func (f *Field) Code(code string) (Code, bool) {
	for _, c := range f.Codes {
		if c.Code == code {
			return c, true
		}
	}
	return Code{}, false
}

// CodesWhere returns the codes whose entry satisfies keep, in vocabulary order.
func (f *Field) CodesWhere(keep func(Code) bool) []string {
	var codes []string
	for _, c := range f.Codes {
		if keep(c) {
			codes = append(codes, c.Code)
		}
	}
	return codes
}

// NotNull reports whether the warehouse column never holds NULL: required fields, lists (empty
// when not recorded) and ints whose empty cell means 0.
func (f *Field) NotNull() bool { return f.Required || f.Type == TypeList || f.EmptyZero }

// DuckDBType returns the column type of the field in the warehouse.
func (f *Field) DuckDBType() string {
	if f.SQLType != "" {
		return f.SQLType
	}
	switch f.Type {
	case TypeTime:
		return "TIMESTAMP WITH TIME ZONE"
	case TypeInt:
		return "INTEGER"
	case TypeFloat:
		return "DOUBLE"
	case TypeBool:
		return "BOOLEAN"
	case TypeList:
		return "VARCHAR[]"
	}
	return "VARCHAR"
}

// Table is a warehouse table of input records.
type Table struct {
	Name  string `yaml:"name"`
	Label Text   `yaml:"label"`
	// Key is the field that identifies a record.
	Key string `yaml:"key"`
	// Time is the field that places a record in a period.
	Time   string  `yaml:"time"`
	Fields []Field `yaml:"fields"`
}

// Field returns the table's field called name, or nil.
func (t *Table) Field(name string) *Field {
	for i := range t.Fields {
		if t.Fields[i].Name == name {
			return &t.Fields[i]
		}
	}
	return nil
}

// Names returns the names of the fields that satisfy keep, in table order.
func (t *Table) Names(keep func(*Field) bool) []string {
	var names []string
	for i := range t.Fields {
		if keep(&t.Fields[i]) {
			names = append(names, t.Fields[i].Name)
		}
	}
	return names
}

// Inputs returns the names of the fields of canonical input files, in file order.
func (t *Table) Inputs() []string { return t.Names((*Field).IsInput) }

// Interval is a default interval between two clock points of a call.
type Interval struct {
	ID             string  `yaml:"id"`
	Label          Text    `yaml:"label"`
	From           string  `yaml:"from"`
	To             string  `yaml:"to"`
	CeilingSeconds float64 `yaml:"ceiling_seconds"`
}

// Model is the whole data model.
type Model struct {
	Tables    []Table    `yaml:"tables"`
	Intervals []Interval `yaml:"intervals"`
}

// Table returns the table called name, or nil.
func (m *Model) Table(name string) *Table {
	for i := range m.Tables {
		if m.Tables[i].Name == name {
			return &m.Tables[i]
		}
	}
	return nil
}

// TableNames returns the names of the tables of input records.
func (m *Model) TableNames() []string {
	names := make([]string, len(m.Tables))
	for i, t := range m.Tables {
		names[i] = t.Name
	}
	return names
}

// Field returns the field of table called name, or nil.
func (m *Model) Field(table, name string) *Field {
	if t := m.Table(table); t != nil {
		return t.Field(name)
	}
	return nil
}

// ClockPoints returns the clock points of the calls table in timeline order.
func (m *Model) ClockPoints() []string {
	t := m.Table("calls")
	if t == nil {
		return nil
	}
	return t.Names(func(f *Field) bool { return f.Clock })
}

// Vocabulary returns the codes of a coded field of table, in their documented order, or nil when
// the field is free text or unknown.
func (m *Model) Vocabulary(table, field string) []string {
	if f := m.Field(table, field); f != nil {
		return f.Values()
	}
	return nil
}

// Label returns the labels of a code of a field, looked up in every table; a code without labels
// is labelled with itself.
func (m *Model) Label(field, code string) Text {
	for i := range m.Tables {
		if f := m.Tables[i].Field(field); f != nil {
			if c, ok := f.Code(code); ok {
				return c.Label()
			}
		}
	}
	return Text{Zh: code, En: code}
}

// FieldLabel returns the labels of a field, looked up in every table; an unknown field is labelled
// with its name.
func (m *Model) FieldLabel(field string) Text {
	for i := range m.Tables {
		if f := m.Tables[i].Field(field); f != nil {
			return f.Label
		}
	}
	return Text{Zh: field, En: field}
}

//go:embed model.yaml
var modelYAML []byte

var (
	loadOnce sync.Once
	loaded   *Model
	loadErr  error
	// replaced is the model Use put in place of model.yaml's, or nil.
	replaced atomic.Pointer[Model]
)

// Default returns the data model every package works with: model.yaml's, parsed once, unless Use
// replaced it. Callers must not modify it. model.yaml is checked by tests, so an error in it is a
// broken build and panics.
func Default() *Model {
	if m := replaced.Load(); m != nil {
		return m
	}
	loadOnce.Do(func() { loaded, loadErr = Parse(modelYAML) })
	if loadErr != nil {
		panic(fmt.Sprintf("schema: model.yaml: %v", loadErr))
	}
	return loaded
}

// Use makes m the model Default returns, until the returned function restores the previous one.
// It exists for tests that extend the model (a field added to model.yaml, as a user would add it)
// and run ingest, figures and reports over it; it must not be called while another goroutine works
// with the model.
func Use(m *Model) (restore func()) {
	previous := replaced.Swap(m)
	return func() { replaced.Store(previous) }
}

// Parse reads and checks a data model written as model.yaml is.
func Parse(data []byte) (*Model, error) {
	var m Model
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	return &m, m.check()
}

func (m *Model) check() error {
	var problems []string
	fail := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	types := []Type{TypeText, TypeCode, TypeList, TypeTime, TypeInt, TypeFloat, TypeBool}
	for _, t := range m.Tables {
		if t.Field(t.Key) == nil || t.Field(t.Time) == nil {
			fail("table %s: key %q and time %q must be fields", t.Name, t.Key, t.Time)
		}
		seen := map[string]bool{}
		for _, f := range t.Fields {
			if seen[f.Name] {
				fail("table %s: field %s twice", t.Name, f.Name)
			}
			seen[f.Name] = true
			if !slices.Contains(types, f.Type) {
				fail("%s.%s: type %q is not one of %v", t.Name, f.Name, f.Type, types)
			}
			if f.Label.Zh == "" || f.Label.En == "" {
				fail("%s.%s: label needs zh and en", t.Name, f.Name)
			}
			if f.Coded() && len(f.Codes) == 0 {
				fail("%s.%s: a %s field needs codes", t.Name, f.Name, f.Type)
			}
			codes := map[string]bool{}
			for _, c := range f.Codes {
				if c.Code == "" || codes[c.Code] || c.Zh == "" || c.En == "" {
					fail("%s.%s: code %q must be unique and labelled in zh and en", t.Name, f.Name, c.Code)
				}
				codes[c.Code] = true
			}
			if f.Fallback != "" && !codes[f.Fallback] {
				fail("%s.%s: fallback %q is not one of its codes", t.Name, f.Name, f.Fallback)
			}
			if (f.Type == TypeInt || f.Type == TypeFloat) && (f.Min == nil) != (f.Max == nil) {
				fail("%s.%s: give both min and max or neither", t.Name, f.Name)
			}
			if f.Clock && f.Type != TypeTime {
				fail("%s.%s: a clock point must be a time", t.Name, f.Name)
			}
		}
	}
	clock := m.ClockPoints()
	for _, iv := range m.Intervals {
		from, to := slices.Index(clock, iv.From), slices.Index(clock, iv.To)
		if from < 0 || to < 0 || from >= to || iv.CeilingSeconds <= 0 {
			fail("interval %s: from and to must be clock points in order (%s), with a positive ceiling", iv.ID, strings.Join(clock, ", "))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}
