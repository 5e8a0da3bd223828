package metrics

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
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

// detailValuesSQL selects the DetailFields of the calls aliased c as text.
func detailValuesSQL() string {
	var cols []string
	for _, name := range DetailFields() {
		if f := model().Field("calls", name); f.Type == schema.TypeList {
			cols = append(cols, fmt.Sprintf("array_to_string(c.%s, ';')", ident(name)))
		} else {
			cols = append(cols, fmt.Sprintf("coalesce(c.%s::VARCHAR, '')", ident(name)))
		}
	}
	if len(cols) == 0 {
		return "[]::VARCHAR[]"
	}
	return "[" + strings.Join(cols, ", ") + "]"
}

// callsPageSize is how many calls one query of Calls reads.
const callsPageSize = 100_000

// Calls calls yield with every call received in the campaign's period, in the order received, calls
// received at the same instant by call_id. It reads the calls in pages, so that neither Go nor DuckDB
// holds more than a page of them, and stops at the first error, returning it: an error of yield is
// returned as it is, an error of the warehouse (or of ctx) wrapped. The warehouse connection's time
// zone must be the campaign's (warehouse.Open with c.TimeZone).
func Calls(ctx context.Context, w Warehouse, c *Campaign, yield func(*Call) error) error {
	return calls(ctx, w, c, callsPageSize, yield)
}

// calls is Calls reading pageSize calls per query.
func calls(ctx context.Context, w Warehouse, c *Campaign, pageSize int, yield func(*Call) error) error {
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		return fmt.Errorf("metrics: calls: time zone: %w", err)
	}
	conn, err := w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("metrics: calls: %w", err)
	}
	defer conn.Close()
	q := &querier{ctx: ctx, conn: conn, start: c.Period.Start, end: c.Period.End}
	if err := q.exec("period.sql"); err != nil {
		return fmt.Errorf("metrics: calls: %w", err)
	}
	text, err := q.text("detail_calls.sql")
	if err != nil {
		return fmt.Errorf("metrics: calls: %w", err)
	}
	text = splice(text, map[string]string{"values": detailValuesSQL()})

	var after *Call
	for {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("metrics: calls: %w", err)
		}
		first, afterUS, afterID := after == nil, int64(0), ""
		if after != nil {
			afterUS, afterID = after.Received.UnixMicro(), after.CallID
		}
		named := []sql.NamedArg{sql.Named("first", first), sql.Named("after_us", afterUS),
			sql.Named("after_id", afterID), sql.Named("page_size", pageSize)}
		n, last, err := callsPage(q, text, named, loc, yield)
		if err != nil {
			return err
		}
		if n < pageSize {
			return nil
		}
		after = last
	}
}

// callsPage runs one page of detail_calls.sql, yields its calls and returns how many it read and the
// last of them.
func callsPage(q *querier, text string, named []sql.NamedArg, loc *time.Location, yield func(*Call) error) (int, *Call, error) {
	rows, err := q.conn.QueryContext(q.ctx, text, q.args(text, named)...)
	if err != nil {
		return 0, nil, fmt.Errorf("metrics: calls: detail_calls.sql: %w", err)
	}
	defer rows.Close()
	n := 0
	var call *Call
	for rows.Next() {
		if err := q.ctx.Err(); err != nil {
			return n, nil, fmt.Errorf("metrics: calls: %w", err)
		}
		call, err = scanCall(rows, loc)
		if err != nil {
			return n, nil, fmt.Errorf("metrics: calls: detail_calls.sql: %w", err)
		}
		n++
		if err := yield(call); err != nil {
			return n, nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return n, nil, fmt.Errorf("metrics: calls: detail_calls.sql: %w", err)
	}
	return n, call, nil
}

// scanCall reads one row of detail_calls.sql.
func scanCall(rows *sql.Rows, loc *time.Location) (*Call, error) {
	var (
		c                                       Call
		incident, subcategory, station, dispose sql.NullString
		received                                int64
		answered, dispatched, arrived, closed   sql.NullInt64
		priority                                sql.NullInt64
		people                                  int64
		agencies, values                        any
	)
	err := rows.Scan(&c.CallID, &incident, &received, &answered, &dispatched, &arrived, &closed,
		&c.Channel, &c.Category, &subcategory, &priority, &c.District, &station, &dispose,
		&people, &agencies, &values, &c.File, &c.Line)
	if err != nil {
		return nil, err
	}
	texts, ok := values.([]any)
	if !ok {
		return nil, fmt.Errorf("call %s: detail values are %T, want a list", c.CallID, values)
	}
	c.Values = make([]string, len(texts))
	for i, v := range texts {
		c.Values[i], _ = v.(string)
	}
	c.IncidentID, c.Subcategory, c.Station, c.Disposition = incident.String, subcategory.String, station.String, dispose.String
	c.Priority, c.PeopleHelped = int(priority.Int64), int(people)
	c.Received = time.UnixMicro(received).In(loc)
	for _, point := range []struct {
		us   sql.NullInt64
		into *time.Time
	}{{answered, &c.Answered}, {dispatched, &c.Dispatched}, {arrived, &c.Arrived}, {closed, &c.Closed}} {
		if point.us.Valid {
			*point.into = time.UnixMicro(point.us.Int64).In(loc)
		}
	}
	list, ok := agencies.([]any)
	if !ok && agencies != nil {
		return nil, fmt.Errorf("call %s: linked_agencies is %T, want a list", c.CallID, agencies)
	}
	for _, a := range list {
		s, ok := a.(string)
		if !ok {
			return nil, fmt.Errorf("call %s: linked agency is %T, want text", c.CallID, a)
		}
		c.LinkedAgencies = append(c.LinkedAgencies, s)
	}
	return &c, nil
}
