package figures

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"bulletin/metrics"
	"bulletin/metrics/campaign"
	"bulletin/schema"
)

// detailValuesSQL selects the metrics.DetailFields of the calls aliased c as text.
func detailValuesSQL() string {
	var cols []string
	for _, name := range metrics.DetailFields() {
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
func Calls(ctx context.Context, w Warehouse, c *campaign.Campaign, yield func(*metrics.Call) error) error {
	return calls(ctx, w, c, callsPageSize, yield)
}

// calls is Calls reading pageSize calls per query.
func calls(ctx context.Context, w Warehouse, c *campaign.Campaign, pageSize int, yield func(*metrics.Call) error) error {
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

	var after *metrics.Call
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
func callsPage(q *querier, text string, named []sql.NamedArg, loc *time.Location, yield func(*metrics.Call) error) (int, *metrics.Call, error) {
	rows, err := q.conn.QueryContext(q.ctx, text, q.args(text, named)...)
	if err != nil {
		return 0, nil, fmt.Errorf("metrics: calls: detail_calls.sql: %w", err)
	}
	defer rows.Close()
	n := 0
	var call *metrics.Call
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
func scanCall(rows *sql.Rows, loc *time.Location) (*metrics.Call, error) {
	var (
		c                                       metrics.Call
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
