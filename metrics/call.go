package metrics

import (
	"time"

	"bulletin/schema"
)

// Call is one call of the warehouse as the Detail sheet of the workbook lists it: the fields as
// loaded, with the name of the file and the line it came from.
//
// Times are instants in the campaign's time zone. A clock point that was not recorded is the zero
// time.Time (IsZero); Received is always set. Text fields that were not recorded are "", a priority
// that was not recorded is 0 (recorded priorities are 1 to 4).
type Call struct {
	CallID     string
	IncidentID string // "" when the export has no incident numbers
	Received   time.Time
	Answered   time.Time
	Dispatched time.Time
	Arrived    time.Time
	Closed     time.Time
	// Channel, Category and Subcategory are codes of the data model (package schema); District and
	// Station are names as they appear in the data; Disposition is the code or text of the export.
	Channel      string
	Category     string
	Subcategory  string
	Priority     int
	District     string
	Station      string
	Disposition  string
	PeopleHelped int
	// LinkedAgencies are the codes of the partner agencies linked in, in the order recorded; nil when
	// none.
	LinkedAgencies []string
	// Values holds the call's value of each field of DetailFields, in that order, as text: a code as
	// its code, a list's codes joined by ';', a number in digits, "" when not recorded. A field added
	// to the data model with detail: true appears here with no change to Go code.
	Values []string
	// File is the base name of the ingested file and Line the line (or row) of the call in it; for a
	// call combined from several unit rows, its first row.
	File string
	Line int64
}

// DetailFields returns the fields of the calls that the Detail sheet lists besides their clock
// points: the data model's fields marked detail that are not times, in the model's order. They are
// the fields of Call.Values.
func DetailFields() []string {
	return model().Table("calls").Names(func(f *schema.Field) bool { return f.Detail && f.Type != schema.TypeTime })
}
