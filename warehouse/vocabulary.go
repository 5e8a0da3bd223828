package warehouse

import "bulletin/schema"

// Vocabulary returns the allowed values of a coded field of the calls or activities table, in their
// documented order, or nil when the field is free text or unknown. The vocabularies are those of the
// data model (package schema).
func Vocabulary(table, field string) []string {
	return schema.Default().Vocabulary(table, field)
}
