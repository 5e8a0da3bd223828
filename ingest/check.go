package ingest

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ProfileCheck is what a profile makes of an export, found without touching the warehouse: which
// column feeds which field, the first rows as they would load, and what the profile does not cover.
type ProfileCheck struct {
	Profile  string
	Path     string
	Format   string
	Encoding string
	// HeaderLine is the line (or row) of the header; rows above it were taken as title rows.
	HeaderLine int64
	Header     []string
	// Fields says, for every canonical field, where its value comes from ("" when unmapped).
	Fields []FieldSource
	// Ignored lists header columns no field reads; Missing lists mapped columns the header lacks.
	Ignored, Missing []string
	// Preview holds the first rows as canonical values, or the reason each would be quarantined.
	Preview []PreviewRow
	// Unmapped lists the values of mapped columns that the profile's maps do not list, most
	// frequent first.
	Unmapped []UnmappedValue
	// Rows counts the rows read; Faults counts rows by the check that would quarantine or flag
	// them while decoding (record checks such as interval order run only at ingest).
	Rows   int64
	Faults map[string]int64
}

// FieldSource says where one canonical field comes from.
type FieldSource struct {
	Field, Source string
}

// PreviewRow is one source row as it would load.
type PreviewRow struct {
	Line   int64
	Values []string // canonical fields in table order
	Fault  string   // why the row would be quarantined, if it would
}

// UnmappedValue is a value of a mapped column that the profile's map does not list.
type UnmappedValue struct {
	Field, Column, Value string
	Count                int64
	FirstLine            int64
	// Outcome is what ingest does with it: kept as is (a canonical value or free text), the map's
	// default, or the rule of unknown_value.
	Outcome string
}

// CheckProfile reads the export at path through the profile p (nil picks a built-in one as ingest
// does) and reports how it maps, with the first previewRows rows.
func CheckProfile(ctx context.Context, p *Profile, path string, opts Options, previewRows int, loc *time.Location) (*ProfileCheck, error) {
	candidates, err := candidateProfiles(p)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", path, err)
	}
	src, info, err := openRows(ctx, path, opts, candidates)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", path, err)
	}
	defer src.close()
	if p == nil {
		if p, err = detectProfile(src.header(), candidates); err != nil {
			return nil, fmt.Errorf("check %s: line %d: %w", path, info.headerLine, err)
		}
	}
	m, err := newMapping(p, src.header(), loc)
	if err != nil {
		return nil, fmt.Errorf("check %s: line %d: %w", path, info.headerLine, err)
	}
	c := &ProfileCheck{Profile: p.Name, Path: path, Format: info.format, Encoding: info.encoding, HeaderLine: info.headerLine,
		Header: src.header(), Ignored: m.ignored, Missing: m.missing, Faults: map[string]int64{}}
	for _, plan := range m.plans {
		c.Fields = append(c.Fields, FieldSource{Field: plan.field.name, Source: plan.describe()})
	}
	var districts []string
	if dc := p.Checks[CheckUnknownDistrict]; dc != nil && m.rules[CheckUnknownDistrict] != "off" {
		districts = dc.Districts
	}
	type key struct{ field, value string }
	unmapped := map[key]*UnmappedValue{}
	vals := make([]value, len(m.plans))
	var flags []cellFault
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		line, record, bad, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("check %s: %w", path, err)
		}
		c.Rows++
		row := PreviewRow{Line: line}
		switch {
		case bad != nil:
			row.Line, row.Fault = bad.line, bad.msg
			c.Faults[CheckMalformedRow]++
		case len(record) != len(c.Header):
			row.Fault = fmt.Sprintf("wrong number of fields: got %d, want %d", len(record), len(c.Header))
			c.Faults[CheckFieldCount]++
		case m.isHeader(record):
			row.Fault = repeatedHeader
			c.Faults[CheckMalformedRow]++
		default:
			for _, plan := range m.plans {
				if plan.how != planColumn || plan.mapping == nil || !plan.mapping.translates() {
					continue
				}
				cell := strings.TrimSpace(record[plan.cols[0]])
				items := []string{cell}
				if plan.field.kind == kindList {
					items = strings.Split(cell, plan.sep)
				}
				for _, item := range items {
					item = strings.TrimSpace(item)
					if _, ok := plan.translateItem(item); ok || item == "" {
						continue
					}
					k := key{plan.field.name, item}
					if unmapped[k] == nil {
						outcome := "kept as is"
						switch {
						case plan.field.name == "district" && districts != nil && !slices.Contains(districts, item):
							outcome = "not among the profile's districts: unknown_district: " + m.rules[CheckUnknownDistrict]
						case plan.fallback != nil:
							outcome = fmt.Sprintf("default %q", *plan.fallback)
						case (plan.field.kind == kindEnum || plan.field.kind == kindList) && !slices.Contains(plan.field.values, item):
							outcome = "unknown_value: " + m.rules[CheckUnknownValue]
							if plan.field.required {
								outcome = "unknown_value: quarantine (required field)"
							}
						}
						unmapped[k] = &UnmappedValue{Field: plan.field.name, Column: plan.names[0], Value: item, FirstLine: line, Outcome: outcome}
					}
					unmapped[k].Count++
				}
			}
			var q *cellFault
			q, flags = m.mapRow(record, vals, flags[:0])
			for _, f := range flags {
				c.Faults[f.check+" (flag)"]++
			}
			if q != nil {
				row.Fault = q.reason()
				c.Faults[q.check]++
				break
			}
			row.Values = make([]string, len(m.plans))
			for i, plan := range m.plans {
				row.Values[i] = formatValue(plan.field, vals[i], m.loc)
			}
		}
		if len(c.Preview) < previewRows {
			c.Preview = append(c.Preview, row)
		}
	}
	for _, u := range unmapped {
		c.Unmapped = append(c.Unmapped, *u)
	}
	slices.SortFunc(c.Unmapped, func(a, b UnmappedValue) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Field, b.Field), cmp.Compare(a.Value, b.Value))
	})
	return c, nil
}

// describe says in words where a field's value comes from.
func (p *fieldPlan) describe() string {
	switch p.how {
	case planConstant:
		return fmt.Sprintf("constant %q", p.constant)
	case planColumn:
		s := p.names[0]
		if p.mapping != nil && p.mapping.translates() {
			var parts []string
			for _, n := range []struct {
				n    int
				what string
			}{{len(p.mapping.Map), "values"}, {len(p.mapping.Prefixes), "prefixes"}, {len(p.mapping.Patterns), "patterns"}} {
				if n.n > 0 {
					parts = append(parts, fmt.Sprintf("%d %s", n.n, n.what))
				}
			}
			s += " (map of " + strings.Join(parts, ", ") + ")"
		}
		return s
	case planPick:
		return p.pick + " of " + strings.Join(p.names, ", ")
	case planDateTime:
		return p.names[0] + " + " + p.names[1]
	}
	return ""
}

// formatValue writes a parsed value the way the canonical format would.
func formatValue(f *field, v value, loc *time.Location) string {
	if v.null {
		return ""
	}
	switch f.kind {
	case kindTime:
		return time.UnixMicro(v.num).In(loc).Format(time.DateTime)
	case kindInt:
		return strconv.FormatInt(v.num, 10)
	case kindFloat:
		return strconv.FormatFloat(v.real, 'f', -1, 64)
	case kindBool:
		return strconv.FormatBool(v.flag)
	case kindList:
		return strings.Join(v.list, ";")
	}
	return v.text
}
