package figures

import (
	"strings"

	"bulletin/metrics"
	"bulletin/metrics/campaign"
	"bulletin/schema"
)

// model returns the data model every figure is defined over (package schema).
func model() *schema.Model { return schema.Default() }

// districtField is the field of calls and activities that names the district: reports order it
// by the campaign's list of districts and label it with the campaign's English names.
const districtField = "district"

// ident quotes a field name of the data model as an SQL identifier. Field names reach SQL text
// only through here, and only after the campaign file's validation against the data model; values
// are always bound as parameters.
func ident(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// quoteList writes texts as an SQL list of string literals.
func quoteList(texts []string) string {
	quoted := make([]string, len(texts))
	for i, t := range texts {
		quoted[i] = quoteText(t)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// quoteText writes s as an SQL string literal.
func quoteText(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// identList quotes and joins field names.
func identList(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = ident(n)
	}
	return strings.Join(quoted, ", ")
}

// keyLabel names a key of a field of table as reports show it: a district by the campaign's
// names, a code by its labels in the data model, free text by itself; "" is not recorded.
func keyLabel(c *campaign.Campaign, table, field, key string) metrics.Text {
	switch {
	case key == "":
		return metrics.NotRecorded
	case field == districtField:
		return c.DistrictLabel(key)
	}
	if f := model().Field(table, field); f != nil && len(f.Codes) > 0 {
		return c.Labels.Code(field, key)
	}
	return metrics.Text{Zh: key, En: key}
}
