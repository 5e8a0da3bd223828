package ingest

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"bulletin/internal/yamlpos"
	"bulletin/schema"
)

//go:embed profiles/*.yaml
var builtinProfiles embed.FS

// Profile maps the columns of one kind of export onto a canonical table (calls or activities): where
// each canonical field comes from, how its values are written, how rows of one call combine, and what
// happens to a row that fails a check. Profiles are YAML files; docs/ingest.md describes every key
// and the built-in profiles (ingest/profiles/*.yaml) are commented examples.
type Profile struct {
	// Name identifies the profile in the ingest log.
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	// Table is the canonical table the rows load into: calls or activities.
	Table string `yaml:"table"`
	// Source says how to read the file; every key may be left out to detect it.
	Source SourceSpec `yaml:"source"`
	// TimeZone is the zone of times written without an offset; empty means the warehouse's.
	TimeZone string `yaml:"time_zone"`
	// TimeLayouts are tried in order on every time field that names no layouts of its own: Go
	// reference layouts ("2006/1/2 15:04"), "canonical" (2006-01-02 15:04:05), "rfc3339" or "excel"
	// (serial day numbers as Excel stores dates).
	TimeLayouts []string `yaml:"time_layouts"`
	// Fields maps canonical field names to where their values come from.
	Fields map[string]*FieldMap `yaml:"fields"`
	// MissingValues are texts this export writes for a value not recorded, read as empty cells,
	// besides DefaultMissingValues (letters in any case).
	MissingValues []string `yaml:"missing_values"`
	// SameNames reads every canonical field that Fields leaves out from the column of its own name:
	// the canonical profiles map the data model's fields this way, so that a field added to the
	// model (schema/model.yaml) is read with no change to them.
	SameNames bool `yaml:"same_names"`
	// Units, when set, says that the export has one row per responding unit, several rows per call,
	// and how those rows combine into one.
	Units *UnitsSpec `yaml:"units"`
	// Checks sets the rule of each configurable check; see CheckNames.
	Checks map[string]*Check `yaml:"checks"`

	// Path is the file the profile was read from, or "builtin:NAME".
	Path string `yaml:"-"`

	root *yaml.Node
}

// SourceSpec says how to read a file. The zero value detects format, encoding and header row.
type SourceSpec struct {
	// Format is csv, tsv, txt, xlsx, jsonl or parquet; empty means from the file name.
	Format string `yaml:"format"`
	// Encoding is utf-8, gb18030, gbk, utf-16le, utf-16be or utf-16; empty or auto detects it.
	Encoding string `yaml:"encoding"`
	// Sheet names the worksheet of an XLSX file; empty means the first.
	Sheet string `yaml:"sheet"`
	// Delimiter is the field separator of a text file; empty means by format or sniffed.
	Delimiter string `yaml:"delimiter"`
	// HeaderRow is the 1-based row of the header; 0 finds it below any title rows.
	HeaderRow int `yaml:"header_row"`
	// HeaderRows is the number of rows a two-level header spans; 0 detects it.
	HeaderRows int `yaml:"header_rows"`
	// Headerless says the file has no header row: fields map columns by position, "1" the first.
	Headerless bool `yaml:"headerless"`
}

// FieldMap says where one canonical field's value comes from. In YAML a plain string is short for
// {column: NAME}.
type FieldMap struct {
	// Column is the source column (header name) holding the value.
	Column string `yaml:"column"`
	// implicit is set on the mappings SameNames adds: the profile did not name the column, so an
	// export without it is not worth a warning.
	implicit bool
	// Columns are several source columns of one time field; Pick chooses among their values.
	Columns []string `yaml:"columns"`
	// Pick is earliest, latest or first (the first non-empty, in the order of Columns).
	Pick string `yaml:"pick"`
	// Date and Time name two columns holding a time's date and its time of day.
	Date string `yaml:"date"`
	Time string `yaml:"time"`
	// Value is a constant used for every row (a field the export does not have).
	Value *string `yaml:"value"`
	// Join composes a text field (an id that an export splits, such as a date column and a
	// number of the day) from several columns, joined with "-"; an empty part leaves it empty.
	Join []string `yaml:"join"`
	// Generate makes the record key of an export that has none: "row-" and a fingerprint of the
	// row's cells, so that an exact repeat of a row is the same record.
	Generate bool `yaml:"generate"`
	// After and Duration make a clock point from an earlier one and a duration column, for exports
	// that give an interval instead of its end (响应时长 after received_at gives arrived_at).
	After    string        `yaml:"after"`
	Duration *DurationSpec `yaml:"duration"`
	// Layouts overrides the profile's time layouts for this field.
	Layouts []string `yaml:"layouts"`
	// Map translates source values to canonical ones. For coded fields a value that is neither a key
	// of Map nor a canonical value is reported as unknown, never guessed.
	Map map[string]string `yaml:"map"`
	// Prefixes translate a source value by how it starts, for hierarchical codes (a 110 export's
	// category 0101 under 01 刑事): the longest prefix that fits wins. Map is tried first.
	Prefixes map[string]string `yaml:"prefixes"`
	// Patterns are regular expressions (Go's RE2 syntax) tried in order after Map and Prefixes; the
	// first that matches a source value gives its canonical value.
	Patterns []Pattern `yaml:"patterns"`
	// Default, when set, is used for a value that Map, Prefixes and Patterns do not translate (e.g.
	// "" for a subcategory column that also holds types of other categories). Without it such a
	// value is unknown.
	Default *string `yaml:"default"`
	// Separator splits a list cell (linked agencies) into items; default ";".
	Separator string `yaml:"separator"`

	line int
}

// DurationSpec is a column of durations and how they are written: seconds (the default, a
// number), minutes (a number), clock (h:mm:ss or mm:ss) or excel (a fraction of a day, as Excel
// stores a duration).
type DurationSpec struct {
	Column string `yaml:"column"`
	Unit   string `yaml:"unit"`
}

// parseDuration reads a duration written as d says.
func (d *DurationSpec) parse(cell string) (time.Duration, error) {
	unit := d.Unit
	if unit == "" {
		unit = "seconds"
	}
	switch unit {
	case "clock":
		parts := strings.Split(cell, ":")
		if len(parts) < 2 || len(parts) > 3 {
			return 0, fmt.Errorf("not a duration h:mm:ss or mm:ss")
		}
		var total float64
		for _, part := range parts {
			n, err := strconv.ParseFloat(strings.TrimSpace(part), 64)
			if err != nil || n < 0 {
				return 0, fmt.Errorf("not a duration h:mm:ss or mm:ss")
			}
			total = total*60 + n
		}
		return time.Duration(total * float64(time.Second)), nil
	}
	x, err := strconv.ParseFloat(cell, 64)
	if err != nil || x < 0 || math.IsInf(x, 0) || math.IsNaN(x) {
		return 0, fmt.Errorf("not a duration in %s", unit)
	}
	switch unit {
	case "minutes":
		x *= 60
	case "excel":
		x *= 86400
	}
	return time.Duration(math.Round(x) * float64(time.Second)), nil
}

// Pattern translates the source values a regular expression matches to one canonical value.
type Pattern struct {
	Match string `yaml:"match"`
	To    string `yaml:"to"`

	re *regexp.Regexp
}

// translate returns the canonical value of a source value by Map, then the longest of Prefixes,
// then the first of Patterns that matches, and whether one of them did.
func (m *FieldMap) translate(cell string) (string, bool) {
	if to, ok := m.Map[cell]; ok {
		return to, true
	}
	best, found := "", false
	for prefix := range m.Prefixes {
		if strings.HasPrefix(cell, prefix) && (!found || len(prefix) > len(best)) {
			best, found = prefix, true
		}
	}
	if found {
		return m.Prefixes[best], true
	}
	for _, p := range m.Patterns {
		if p.re != nil && p.re.MatchString(cell) {
			return p.To, true
		}
	}
	return "", false
}

// translates reports whether the mapping translates values at all.
func (m *FieldMap) translates() bool {
	return m.Map != nil || len(m.Prefixes) > 0 || len(m.Patterns) > 0
}

// UnmarshalYAML accepts a plain column name as well as the full mapping, and rejects unknown keys.
func (m *FieldMap) UnmarshalYAML(node *yaml.Node) error {
	m.line = node.Line
	if node.Kind == yaml.ScalarNode {
		m.Column = node.Value
		return nil
	}
	if node.Kind == yaml.MappingNode {
		allowed := []string{"column", "columns", "pick", "date", "time", "value", "join", "generate", "after", "duration", "layouts", "map", "prefixes", "patterns", "default", "separator"}
		for i := 0; i < len(node.Content); i += 2 {
			if key := node.Content[i]; !slices.Contains(allowed, key.Value) {
				return fmt.Errorf("line %d: unknown key %q in a field mapping; keys: %s", key.Line, key.Value, strings.Join(allowed, ", "))
			}
		}
	}
	type plain FieldMap
	return node.Decode((*plain)(m))
}

// UnitsSpec describes exports with one row per responding unit. Rows with the same key (call_id)
// combine into one call: each field listed in Combine by its rule, every other field from the
// call's first row.
type UnitsSpec struct {
	// Combine maps a field to earliest, latest (times), first, max, sum (numbers) or union (lists).
	Combine map[string]string `yaml:"combine"`
}

// Check is the configuration of one check. In YAML a plain word is short for {rule: WORD}.
type Check struct {
	// Rule is quarantine (the row is set aside), flag (the row is kept and marked) or off.
	Rule string `yaml:"rule"`
	// Intervals are the spans whose length interval_ceiling bounds.
	Intervals []CeilingSpec `yaml:"intervals"`
	// Districts lists the known districts for unknown_district.
	Districts []string `yaml:"districts"`
	// FromName is a regular expression with groups named year and month that finds a file's
	// declared month in its name, for outside_period.
	FromName string `yaml:"from_name"`

	line int
}

// UnmarshalYAML accepts a plain rule word as well as the full mapping.
func (c *Check) UnmarshalYAML(node *yaml.Node) error {
	c.line = node.Line
	if node.Kind == yaml.ScalarNode {
		c.Rule = node.Value
		return nil
	}
	type plain Check
	return node.Decode((*plain)(c))
}

// CeilingSpec bounds the length of the span between two clock points of a call.
type CeilingSpec struct {
	Name string `yaml:"name"`
	From string `yaml:"from"`
	To   string `yaml:"to"`
	// Max is the longest plausible span, as a Go duration ("10m", "2h").
	Max string `yaml:"max"`

	max time.Duration
}

// Check names. Those in CheckNames are configurable in a profile; the others always quarantine.
const (
	CheckMalformedRow    = "malformed_row"     // the row cannot be split into fields
	CheckFieldCount      = "field_count"       // more or fewer fields than the header
	CheckRequired        = "required"          // a required field is empty
	CheckInvalidValue    = "invalid_value"     // a number, flag or list that cannot be read
	CheckUnparsableTime  = "unparsable_time"   // a time that matches none of the layouts
	CheckUnknownValue    = "unknown_value"     // a coded value neither mapped nor canonical
	CheckIntervalOrder   = "interval_order"    // clock points out of order
	CheckIntervalCeiling = "interval_ceiling"  // a span longer than its ceiling
	CheckOutsidePeriod   = "outside_period"    // a time outside the file's declared month
	CheckUnknownDistrict = "unknown_district"  // a district not in the profile's list
	CheckNormalized      = "normalized_text"   // invisible characters removed, or the text normalised
	CheckSpreadsheet     = "spreadsheet_error" // a cell holding a spreadsheet's error value (#DIV/0!, #N/A, ...)
	CheckAmbiguousTime   = "ambiguous_time"    // a local time that happened twice (the clocks went back)
	CheckConflict        = "conflicting_duplicate"
)

// CheckNames lists the configurable checks with their default rules.
var CheckNames = []struct{ Name, Default string }{
	{CheckUnparsableTime, "quarantine"},
	{CheckUnknownValue, "quarantine"},
	{CheckIntervalOrder, "flag"},
	{CheckIntervalCeiling, "flag"},
	{CheckOutsidePeriod, "flag"},
	{CheckUnknownDistrict, "quarantine"},
	{CheckNormalized, "flag"},
	{CheckSpreadsheet, "flag"},
	{CheckAmbiguousTime, "flag"},
}

// DefaultCeilings are the spans interval_ceiling bounds when a profile names none.
func DefaultCeilings() []CeilingSpec {
	return []CeilingSpec{
		{Name: "answer", From: "received_at", To: "answered_at", Max: "10m", max: 10 * time.Minute},
		{Name: "dispatch", From: "received_at", To: "dispatched_at", Max: "1h", max: time.Hour},
		{Name: "travel", From: "dispatched_at", To: "arrived_at", Max: "2h", max: 2 * time.Hour},
		{Name: "response", From: "received_at", To: "arrived_at", Max: "2h", max: 2 * time.Hour},
		{Name: "handling", From: "arrived_at", To: "closed_at", Max: "24h", max: 24 * time.Hour},
	}
}

// defaultMonthPattern finds a month such as 2022-05 or 202205 in a file name.
const defaultMonthPattern = `(?P<year>(?:19|20)\d\d)[-_.]?(?P<month>0[1-9]|1[0-2])(?:\D|$)`

// clockPoints are the time fields of a call in the order they should happen (the data model's).
func clockPoints() []string { return schema.Default().ClockPoints() }

// ProfileError is an invalid profile file, pointing at the line of the offending key.
type ProfileError struct {
	Path string
	Line int
	Msg  string
}

func (e *ProfileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("profile %s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("profile %s: %s", e.Path, e.Msg)
}

// BuiltinProfileNames lists the profiles that ship with the program.
func BuiltinProfileNames() []string {
	entries, _ := fs.ReadDir(builtinProfiles, "profiles")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	return names
}

// BuiltinProfile returns the text of a built-in profile, for users to copy and adapt.
func BuiltinProfile(name string) ([]byte, error) {
	data, err := builtinProfiles.ReadFile("profiles/" + name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("no built-in profile %q; built-in: %s", name, strings.Join(BuiltinProfileNames(), ", "))
	}
	return data, nil
}

// LoadProfile returns the built-in profile called nameOrPath, or reads the profile file at that
// path. An empty name gives the canonical profile.
func LoadProfile(nameOrPath string) (*Profile, error) {
	if nameOrPath == "" {
		nameOrPath = "canonical"
	}
	if data, err := builtinProfiles.ReadFile("profiles/" + nameOrPath + ".yaml"); err == nil {
		return ParseProfile("builtin:"+nameOrPath, data)
	}
	data, err := os.ReadFile(nameOrPath)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && !strings.ContainsAny(nameOrPath, `/\.`) {
			return nil, fmt.Errorf("profile %q: neither a built-in profile (%s) nor a file", nameOrPath, strings.Join(BuiltinProfileNames(), ", "))
		}
		return nil, fmt.Errorf("profile: %w", err)
	}
	return ParseProfile(nameOrPath, data)
}

// ParseProfile validates a profile's content; path is used in error messages.
func ParseProfile(path string, data []byte) (*Profile, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, profileYAMLError(path, err)
	}
	p := &Profile{Path: path, root: &root}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(p); err != nil {
		return nil, profileYAMLError(path, err)
	}
	if err := p.validate(); err != nil {
		return nil, err
	}
	return p, nil
}

func profileYAMLError(path string, err error) error {
	line, msg := yamlpos.SplitError(err)
	return &ProfileError{Path: path, Line: line, Msg: msg}
}

func (p *Profile) fail(keys []string, format string, args ...any) error {
	path := make([]any, len(keys))
	for i, k := range keys {
		path[i] = k
	}
	return &ProfileError{Path: p.Path, Line: yamlpos.Line(p.root, path...), Msg: fmt.Sprintf(format, args...)}
}

// canonicalTable returns the table a profile loads into.
func (p *Profile) canonicalTable() *table {
	if p.Table == "activities" {
		return activitiesTable()
	}
	return callsTable()
}

// rule returns the rule of a configurable check.
func (p *Profile) rule(check string) string {
	if c := p.Checks[check]; c != nil && c.Rule != "" {
		return c.Rule
	}
	if check == CheckUnknownDistrict {
		return "off" // until districts are listed; validate sets the default then
	}
	for _, c := range CheckNames {
		if c.Name == check {
			return c.Default
		}
	}
	return "quarantine"
}

func (p *Profile) validate() error {
	if p.Name == "" {
		return p.fail([]string{"name"}, "name is required")
	}
	switch p.Table {
	case "calls", "activities":
	case "":
		return p.fail([]string{"table"}, "table is required: calls or activities")
	default:
		return p.fail([]string{"table"}, "table %q is not calls or activities", p.Table)
	}
	if p.SameNames {
		if p.Fields == nil {
			p.Fields = map[string]*FieldMap{}
		}
		for _, f := range p.canonicalTable().fields {
			if p.Fields[f.name] == nil {
				p.Fields[f.name] = &FieldMap{Column: f.name, implicit: true}
			}
		}
	}
	if p.TimeZone != "" {
		if _, err := schema.LoadZone(p.TimeZone); err != nil {
			return p.fail([]string{"time_zone"}, "%v", err)
		}
	}
	if err := validLayouts(p.TimeLayouts); err != nil {
		return p.fail([]string{"time_layouts"}, "%v", err)
	}
	if s := p.Source; s.Format != "" && !slices.Contains([]string{"csv", "tsv", "txt", "xlsx", "jsonl", "parquet"}, s.Format) {
		return p.fail([]string{"source", "format"}, "format %q is not csv, tsv, txt, xlsx, jsonl or parquet", s.Format)
	}
	if len([]rune(p.Source.Delimiter)) > 1 {
		return p.fail([]string{"source", "delimiter"}, "delimiter %q is more than one character", p.Source.Delimiter)
	}
	t := p.canonicalTable()
	if len(p.Fields) == 0 {
		return p.fail([]string{"fields"}, "fields maps no canonical field")
	}
	for name, m := range p.Fields {
		f := t.field(name)
		if f == nil {
			return p.fail([]string{"fields", name}, "%s has no field %q; fields: %s", p.Table, name, strings.Join(t.fieldNames(), ", "))
		}
		if m == nil {
			return p.fail([]string{"fields", name}, "field %s maps to nothing: give a column name", name)
		}
		if err := m.validate(f); err != nil {
			return p.fail([]string{"fields", name}, "field %s: %v", name, err)
		}
	}
	for _, f := range t.fields {
		if f.required && p.Fields[f.name] == nil {
			return p.fail([]string{"fields"}, "required field %s is not mapped", f.name)
		}
	}
	if p.Units != nil {
		if p.Table != "calls" {
			return p.fail([]string{"units"}, "units combine rows of calls; this profile loads %s", p.Table)
		}
		for name, how := range p.Units.Combine {
			f := t.field(name)
			if f == nil || name == t.key {
				return p.fail([]string{"units", "combine", name}, "cannot combine %q: not a field of calls other than %s", name, t.key)
			}
			if !slices.Contains(combineRules(f.kind), how) {
				return p.fail([]string{"units", "combine", name}, "%s combines by %s, not %q", name, strings.Join(combineRules(f.kind), ", "), how)
			}
		}
	}
	for name, c := range p.Checks {
		if !slices.ContainsFunc(CheckNames, func(n struct{ Name, Default string }) bool { return n.Name == name }) {
			var names []string
			for _, n := range CheckNames {
				names = append(names, n.Name)
			}
			return p.fail([]string{"checks", name}, "no configurable check %q; checks: %s", name, strings.Join(names, ", "))
		}
		if c == nil {
			return p.fail([]string{"checks", name}, "check %s has no rule: quarantine, flag or off", name)
		}
		if err := c.validate(name, p.Table); err != nil {
			return p.fail([]string{"checks", name}, "check %s: %v", name, err)
		}
	}
	if c := p.Checks[CheckUnknownDistrict]; c != nil && len(c.Districts) > 0 && c.Rule == "" {
		c.Rule = "quarantine"
	}
	if c := p.Checks[CheckIntervalCeiling]; c == nil || len(c.Intervals) == 0 {
		if c == nil {
			c = &Check{}
			if p.Checks == nil {
				p.Checks = map[string]*Check{}
			}
			p.Checks[CheckIntervalCeiling] = c
		}
		c.Intervals = DefaultCeilings()
	}
	return nil
}

func (c *Check) validate(name, table string) error {
	rules := []string{"quarantine", "flag", "off"}
	if c.Rule != "" && !slices.Contains(rules, c.Rule) {
		return fmt.Errorf("rule %q is not quarantine, flag or off", c.Rule)
	}
	if len(c.Intervals) > 0 && name != CheckIntervalCeiling {
		return fmt.Errorf("intervals belong to interval_ceiling")
	}
	if len(c.Districts) > 0 && name != CheckUnknownDistrict {
		return fmt.Errorf("districts belong to unknown_district")
	}
	if c.FromName != "" {
		if name != CheckOutsidePeriod {
			return fmt.Errorf("from_name belongs to outside_period")
		}
		re, err := regexp.Compile(c.FromName)
		if err != nil {
			return fmt.Errorf("from_name: %v", err)
		}
		if re.SubexpIndex("year") < 0 || re.SubexpIndex("month") < 0 {
			return fmt.Errorf("from_name needs groups named year and month: (?P<year>...)(?P<month>...)")
		}
	}
	if name == CheckUnknownDistrict && c.Rule != "" && c.Rule != "off" && len(c.Districts) == 0 {
		return fmt.Errorf("lists no districts")
	}
	for i := range c.Intervals {
		iv := &c.Intervals[i]
		if iv.Name == "" {
			return fmt.Errorf("interval %d has no name", i+1)
		}
		from, to := slices.Index(clockPoints(), iv.From), slices.Index(clockPoints(), iv.To)
		if from < 0 || to < 0 || from >= to {
			return fmt.Errorf("interval %s: from and to must be clock points in order (%s)", iv.Name, strings.Join(clockPoints(), ", "))
		}
		d, err := time.ParseDuration(iv.Max)
		if err != nil || d <= 0 {
			return fmt.Errorf("interval %s: max %q is not a positive duration such as 10m or 2h", iv.Name, iv.Max)
		}
		iv.max = d
	}
	return nil
}

func (m *FieldMap) validate(f *field) error {
	if (m.After == "") != (m.Duration == nil) {
		return fmt.Errorf("after and duration go together")
	}
	sources := 0
	for _, set := range []bool{m.Column != "", len(m.Columns) > 0, m.Date != "" || m.Time != "", m.Value != nil, len(m.Join) > 0, m.Generate, m.Duration != nil} {
		if set {
			sources++
		}
	}
	if sources != 1 {
		return fmt.Errorf("give exactly one of column, columns, date+time, value, join, generate or after+duration")
	}
	if (len(m.Join) > 0 || m.Generate) && f.kind != kindText {
		return fmt.Errorf("join and generate make text fields (ids)")
	}
	if len(m.Join) == 1 {
		return fmt.Errorf("join names two columns or more")
	}
	if m.Duration != nil {
		clock := clockPoints()
		at, from := slices.Index(clock, f.name), slices.Index(clock, m.After)
		if at < 0 || from < 0 || from >= at {
			return fmt.Errorf("after names a clock point before %s (%s)", f.name, strings.Join(clock, ", "))
		}
		if m.Duration.Column == "" || !slices.Contains([]string{"", "seconds", "minutes", "clock", "excel"}, m.Duration.Unit) {
			return fmt.Errorf("duration needs a column and a unit: seconds, minutes, clock (h:mm:ss) or excel")
		}
	}
	if (m.Date == "") != (m.Time == "") {
		return fmt.Errorf("date and time go together")
	}
	if (len(m.Columns) > 0 || m.Date != "" || len(m.Layouts) > 0) && f.kind != kindTime {
		return fmt.Errorf("columns, date+time and layouts are for time fields")
	}
	if len(m.Columns) > 0 && !slices.Contains([]string{"earliest", "latest", "first"}, m.Pick) {
		return fmt.Errorf("columns need pick: earliest, latest or first")
	}
	if len(m.Columns) == 0 && m.Pick != "" {
		return fmt.Errorf("pick goes with columns")
	}
	if m.Separator != "" && f.kind != kindList {
		return fmt.Errorf("separator is for list fields")
	}
	if m.Default != nil && !m.translates() {
		return fmt.Errorf("default goes with map, prefixes or patterns")
	}
	for i := range m.Patterns {
		p := &m.Patterns[i]
		re, err := regexp.Compile(p.Match)
		if err != nil || p.Match == "" {
			return fmt.Errorf("patterns: %q is not a regular expression: %v", p.Match, err)
		}
		p.re = re
	}
	if f.kind == kindEnum || f.kind == kindList {
		check := func(what, from, to string) error {
			if to != "" && !slices.Contains(f.values, to) {
				return fmt.Errorf("%s: %q -> %q is not a canonical value; values: %s", what, from, to, strings.Join(f.values, ", "))
			}
			return nil
		}
		if m.Default != nil {
			if err := check("default", "", *m.Default); err != nil {
				return err
			}
		}
		for _, from := range slices.Sorted(maps.Keys(m.Map)) {
			if err := check("map", from, m.Map[from]); err != nil {
				return err
			}
		}
		for _, from := range slices.Sorted(maps.Keys(m.Prefixes)) {
			if err := check("prefixes", from, m.Prefixes[from]); err != nil {
				return err
			}
		}
		for _, p := range m.Patterns {
			if err := check("patterns", p.Match, p.To); err != nil {
				return err
			}
		}
	}
	return validLayouts(m.Layouts)
}

func validLayouts(layouts []string) error {
	for _, l := range layouts {
		if l == "" {
			return fmt.Errorf("an empty time layout")
		}
		if l != "excel" && l != "canonical" && l != "rfc3339" && !strings.Contains(l, "2006") && !strings.Contains(l, "06") {
			return fmt.Errorf("time layout %q has no year: write Go reference layouts such as 2006/1/2 15:04, or excel, canonical, rfc3339", l)
		}
	}
	return nil
}

// combineRules lists how unit rows may combine a field of the given kind.
func combineRules(k kind) []string {
	switch k {
	case kindTime:
		return []string{"first", "earliest", "latest"}
	case kindInt, kindFloat:
		return []string{"first", "max", "sum"}
	case kindList:
		return []string{"first", "union"}
	}
	return []string{"first"}
}
