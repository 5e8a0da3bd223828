package figures

import (
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"

	"bulletin/metrics/campaign"
	"bulletin/schema"
)

// splice replaces each /*name*/ marker of an SQL text with its SQL fragment. The fragments are
// built only from field names of the data model (quoted by ident) and fixed SQL; values always go
// as parameters.
func splice(text string, fragments map[string]string) string {
	for name, sqlText := range fragments {
		text = strings.ReplaceAll(text, "/*"+name+"*/", sqlText)
	}
	return text
}

// filterSQL returns the conditions of where and where_not over the fields of source, joined with
// AND ("TRUE" for none), and their values as parameters named prefix0, prefix1, ... A NULL field
// compares as ”; a list field matches when any of its codes is listed.
func filterSQL(source string, where, whereNot map[string][]string, prefix string) (string, []sql.NamedArg) {
	var conds []string
	var args []sql.NamedArg
	add := func(field string, values []string, negate bool) {
		name := fmt.Sprintf("%s%d", prefix, len(args))
		args = append(args, sql.Named(name, nonNil(values)))
		f := model().Field(source, field)
		var cond string
		if f != nil && f.Type == schema.TypeList {
			cond = fmt.Sprintf("list_has_any($%s::VARCHAR[], r.%s)", name, ident(field))
		} else {
			cond = fmt.Sprintf("list_contains($%s::VARCHAR[], coalesce(r.%s::VARCHAR, ''))", name, ident(field))
		}
		if negate {
			cond = "NOT " + cond
		}
		conds = append(conds, cond)
	}
	for _, field := range slices.Sorted(maps.Keys(where)) {
		add(field, where[field], false)
	}
	for _, field := range slices.Sorted(maps.Keys(whereNot)) {
		add(field, whereNot[field], true)
	}
	if len(conds) == 0 {
		return "TRUE", nil
	}
	return strings.Join(conds, "\n  AND "), args
}

// measureSQL returns the aggregate of a figure over rows aliased r: count(*), the sum of field
// (empty is 0) or the number of distinct values of field.
func measureSQL(aggregate, field string) string {
	switch aggregate {
	case "sum":
		return fmt.Sprintf("coalesce(sum(r.%s), 0)::BIGINT", ident(field))
	case "count_distinct":
		if field == campaign.IncidentField {
			// metrics.IncidentRule: the distinct incident ids, and each call without one.
			return "(count(DISTINCT r.incident_id) + count(*) FILTER (WHERE r.incident_id IS NULL))"
		}
		return fmt.Sprintf("count(DISTINCT r.%s)", ident(field))
	}
	return "count(*)"
}

// sourceSQL returns the table macro of source's records in the period (period.sql).
func sourceSQL(source string) string { return "period_" + source }

// timeSQL returns the record time of source's rows aliased r.
func timeSQL(source string) string { return "r." + ident(model().Table(source).Time) }
