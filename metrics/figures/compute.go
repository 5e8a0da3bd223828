// Package figures computes a campaign's figures from the warehouse.
//
// Every figure is defined in the open: headline metrics and breakdowns in the campaign file (package
// campaign), and every query in a .sql file under sql/, embedded in the program. The SQL does the
// counting; Go binds parameters and maps rows to the typed metrics.Report that the reports package
// renders.
package figures

import (
	"cmp"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"time"

	"bulletin/metrics"
	"bulletin/metrics/campaign"
)

// Warehouse is where figures are computed from: the warehouse (package warehouse), by a connection
// whose time zone is the campaign's. The package needs nothing else of it, so that the report types
// that the reports package renders do not depend on the database.
type Warehouse interface {
	Conn(ctx context.Context) (*sql.Conn, error)
}

//go:embed sql/*.sql
var sqlFiles embed.FS

// Compute runs every query of the campaign against the warehouse and returns the report. The
// warehouse connection's time zone must be the campaign's (warehouse.Open with c.TimeZone).
func Compute(ctx context.Context, w Warehouse, c *campaign.Campaign) (*metrics.Report, error) {
	return ComputeWith(ctx, w, c, Options{})
}

// Options change how Compute works; the zero value is Compute's.
type Options struct {
	// AllowZoneMismatch computes the figures even when files of the period were read in another
	// time zone than the campaign's (ErrZoneMismatch).
	AllowZoneMismatch bool
	// Recompute computes the figures of every baseline period from its calls, ignoring those the
	// warehouse stores from earlier reports (they are stored again). Stored figures are only
	// reused when computed from the same files under the same definitions, so this is needed only
	// to measure or to rule the store out.
	Recompute bool
}

// ErrZoneMismatch reports files of the period whose times were read in another time zone than the
// campaign reports in: their calls would be cut into the wrong days and hours.
var ErrZoneMismatch = errors.New("files of the period were read in another time zone than the campaign's")

// ComputeWith is Compute with options.
func ComputeWith(ctx context.Context, w Warehouse, c *campaign.Campaign, opts Options) (*metrics.Report, error) {
	return compute(ctx, w, c, maxDistinctSpans, opts)
}

// compute is Compute with a bound on the rows of the distribution queries, past which percentiles
// come from quantile_cont (tests lower it to try that path).
func compute(ctx context.Context, w Warehouse, c *campaign.Campaign, maxDistinct int, opts ...Options) (*metrics.Report, error) {
	conn, err := w.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	defer conn.Close()
	defer conn.ExecContext(context.WithoutCancel(ctx), "DROP VIEW IF EXISTS temp.spans; DROP TABLE IF EXISTS temp.span_rows; DROP TABLE IF EXISTS temp.day_counts")
	q := &querier{ctx: ctx, conn: conn, start: c.Period.Start, end: c.Period.End, maxDistinct: maxDistinct}
	if len(opts) > 0 {
		q.recompute = opts[0].Recompute
	}
	r := &metrics.Report{
		Schema: metrics.SchemaVersion,
		Campaign: metrics.CampaignInfo{ID: c.ID, Name: c.Name, Unit: c.Unit, Start: c.Period.Start, End: c.Period.End,
			Days: c.Period.Days(), TimeZone: c.TimeZone, Published: c.Published,
			Events: c.EventsInPeriod(), Publication: c.Publication.Rules(),
			Languages: c.Languages, Bulletin: c.Bulletin, Labels: c.Labels},
	}
	steps := []struct {
		name string
		run  func(*querier, *campaign.Campaign, *metrics.Report) error
	}{
		{"response times", computeResponse},
		{"headline", computeHeadline},
		{"response targets", computeTargets},
		{"daily counts", computeDaily},
		{"breakdowns", computeBreakdowns},
		{"campaign breakdowns", computeCampaignBreakdowns},
		{"declared breakdowns", computeDeclared},
		{"data quality", computeQuality},
		{"units", computeUnits},
		{"exclusion ledger", computeExclusions},
		// Comparisons rebuild the spans table for each baseline: they come after every step
		// that reads the campaign period's spans.
		{"comparisons", computeComparisons},
	}
	if err := q.exec("period.sql"); err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	if err := q.defineLocalTime(); err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	if len(opts) == 0 || !opts[0].AllowZoneMismatch {
		if err := checkZones(q, c); err != nil {
			return nil, fmt.Errorf("metrics: %w", err)
		}
	}
	matches, warnings, err := checkDistricts(q, c)
	if err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	err = q.query("minute_clocks.sql", func(s *sql.Rows) error {
		var name string
		if err := s.Scan(&name); err != nil {
			return err
		}
		warnings = append(warnings, name+" records its times to the minute only: intervals are uncertain by a minute, and shares within a number of minutes are overstated")
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	for _, step := range steps {
		began := time.Now()
		if err := step.run(q, c, r); err != nil {
			return nil, fmt.Errorf("metrics: %s: %w", step.name, err)
		}
		loggerFrom(ctx).DebugContext(ctx, "metrics step", "step", step.name, "took", time.Since(began).Round(time.Millisecond))
	}
	storeCurrent(q, c, r)
	r.Quality.DistrictMatch, r.Quality.Warnings = matches, warnings
	return r, nil
}

// ErrDistrictMismatch reports a file of the period most of whose calls name no district of the
// campaign's list.
var ErrDistrictMismatch = errors.New("a file's districts do not match the campaign's")

// checkDistricts measures, per file of the period, the share of calls naming a district of the
// campaign's list: below the campaign's fail share it refuses (ErrDistrictMismatch), below the
// warn share it returns a warning. Nothing is checked when the campaign lists no district.
func checkDistricts(q *querier, c *campaign.Campaign) ([]metrics.DistrictMatch, []string, error) {
	matches, warnings := []metrics.DistrictMatch{}, []string{}
	if len(c.Districts) == 0 {
		return matches, warnings, nil
	}
	names := make([]string, len(c.Districts))
	for i, d := range c.Districts {
		names[i] = d.Name
	}
	warn, fail := c.DistrictMatch.Shares()
	var failed []string
	err := q.query("district_match.sql", func(s *sql.Rows) error {
		var m metrics.DistrictMatch
		if err := s.Scan(&m.File, &m.Calls, &m.Matched); err != nil {
			return err
		}
		m.Share = share(m.Matched, m.Calls)
		matches = append(matches, m)
		text := fmt.Sprintf("%s: %.1f%% of its %d calls name a district of the campaign (%d)", m.File, 100*m.Share, m.Calls, m.Matched)
		switch {
		case m.Share < fail:
			failed = append(failed, text)
		case m.Share < warn:
			warnings = append(warnings, text+fmt.Sprintf(", below the %.0f%% the campaign expects", 100*warn))
		}
		return nil
	}, sql.Named("districts", names))
	if err != nil {
		return nil, nil, err
	}
	if len(failed) > 0 {
		return nil, nil, fmt.Errorf("%w: %s; below %.0f%% the districts ranked would be the wrong ones: check the campaign's districts and the profile's district map (district_match sets the shares)",
			ErrDistrictMismatch, strings.Join(failed, "; "), 100*fail)
	}
	return matches, warnings, nil
}

// checkZones refuses a period holding files read in another time zone than the campaign's.
func checkZones(q *querier, c *campaign.Campaign) error {
	var files []string
	err := q.query("zone_mismatch.sql", func(s *sql.Rows) error {
		var name, zone string
		if err := s.Scan(&name, &zone); err != nil {
			return err
		}
		files = append(files, name+" ("+zone+")")
		return nil
	}, sql.Named("zone", c.TimeZone))
	if err != nil {
		return err
	}
	if len(files) > 0 {
		return fmt.Errorf("%w: %s; the campaign reports in %s, and would cut their calls into the wrong days. Ingest them read in %s (bulletin ingest --tz %s, or the profile's time_zone) into a new warehouse, or pass --allow-zone-mismatch",
			ErrZoneMismatch, strings.Join(files, ", "), c.TimeZone, c.TimeZone, c.TimeZone)
	}
	return nil
}

// querier runs embedded SQL files on one connection, with the period bound as $start and $end.
type querier struct {
	ctx        context.Context
	conn       *sql.Conn
	start, end string
	// maxDistinct bounds the rows of a distribution query (maxDistinctSpans; tests lower it to try
	// the quantile_cont fallback).
	maxDistinct int
	// recompute ignores stored figures of baseline periods (Options.Recompute).
	recompute bool
	// builtIntervals are the intervals whose spans the spans table holds, and spanGroups the
	// distributions of them read since it was built (spanTiers). They belong to the querier whose
	// period the table was built for; buildSpans sets both.
	builtIntervals []string
	spanGroups     map[spanGroup]spanTiers
	// statusCounts are the spans of each built interval by status other than valid, read with
	// their distributions (intervalCensus).
	statusCounts map[string]map[string]int64
}

func (q *querier) text(name string) (string, error) {
	b, err := sqlFiles.ReadFile("sql/" + name)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// args binds the period and the named parameters the query text uses. Period parameters are bound
// only where the query refers to them, as DuckDB rejects unused named parameters.
func (q *querier) args(query string, named []sql.NamedArg) []any {
	var args []any
	if strings.Contains(query, "$start") {
		args = append(args, sql.Named("start", q.start))
	}
	if strings.Contains(query, "$end") {
		args = append(args, sql.Named("end", q.end))
	}
	for _, n := range named {
		args = append(args, n)
	}
	return args
}

// query runs the SQL file name and calls scan for every row.
func (q *querier) query(name string, scan func(*sql.Rows) error, named ...sql.NamedArg) error {
	return q.querySpliced(name, nil, scan, named...)
}

// querySpliced runs the SQL file name with its /*markers*/ replaced by fragments (splice) and calls
// scan for every row.
func (q *querier) querySpliced(name string, fragments map[string]string, scan func(*sql.Rows) error, named ...sql.NamedArg) error {
	text, err := q.text(name)
	if err != nil {
		return err
	}
	text = splice(text, fragments)
	began := time.Now()
	defer func() {
		loggerFrom(q.ctx).DebugContext(q.ctx, "metrics query", "sql", name, "took", time.Since(began).Round(time.Millisecond))
	}()
	rows, err := q.conn.QueryContext(q.ctx, text, q.args(text, named)...)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// exec runs the SQL file name for its effect.
func (q *querier) exec(name string, named ...sql.NamedArg) error {
	return q.execTemplate(name, nil, named...)
}

// execTemplate is exec of a file that is a text/template, rendered with data first (nil: the file
// as it is).
func (q *querier) execTemplate(name string, data any, named ...sql.NamedArg) error {
	text, err := q.text(name)
	if err != nil {
		return err
	}
	if data != nil {
		tmpl, err := template.New(name).Option("missingkey=error").Parse(text)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		var b strings.Builder
		if err := tmpl.Execute(&b, data); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		text = b.String()
	}
	began := time.Now()
	if _, err := q.conn.ExecContext(q.ctx, text, q.args(text, named)...); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	loggerFrom(q.ctx).DebugContext(q.ctx, "metrics statement", "sql", name, "took", time.Since(began).Round(time.Millisecond))
	return nil
}

func computeHeadline(q *querier, c *campaign.Campaign, r *metrics.Report) error {
	for _, m := range c.Headline {
		value, err := headlineValue(q, m)
		if err != nil {
			return fmt.Errorf("metric %s: %w", m.ID, err)
		}
		r.Headline = append(r.Headline, metrics.Figure{ID: m.ID, Label: m.Label, Unit: m.Unit, Value: value,
			Source: m.Source, Aggregate: m.Aggregate, Field: m.Field, Filters: m.Filters(), Better: m.Better,
			Definition: definition(m, c.Period), Description: describe(c, m, c.Period), Query: "headline.sql"})
	}
	return nil
}

// headlineValue computes one metric over the querier's period; for an interval condition the spans
// table must hold that period's spans.
func headlineValue(q *querier, m campaign.MetricDef) (int64, error) {
	filters, named := filterSQL(m.Source, m.Where, m.WhereNot, "f")
	w := metrics.Window{}
	if m.Window != nil {
		w = *m.Window
	}
	hourFrom, hourTo := -1, -1
	if len(w.Hours) == 2 {
		hourFrom, hourTo = w.Hours[0], w.Hours[1]
	}
	iv := metrics.IntervalCondition{}
	if m.Interval != nil {
		iv = *m.Interval
	}
	named = append(named,
		sql.Named("from_date", w.FromDate), sql.Named("to_date", w.ToDate),
		sql.Named("hour_from", hourFrom), sql.Named("hour_to", hourTo), sql.Named("weekdays", int32s(w.Weekdays)),
		sql.Named("interval", iv.ID), sql.Named("min_seconds", iv.MinSeconds), sql.Named("max_seconds", iv.MaxSeconds))
	fragments := map[string]string{
		"source": sourceSQL(m.Source), "time": timeSQL(m.Source),
		"measure": measureSQL(m.Aggregate, m.Field), "filters": filters,
	}
	var value int64
	if err := q.querySpliced("headline.sql", fragments, func(s *sql.Rows) error { return s.Scan(&value) }, named...); err != nil {
		return 0, err
	}
	return value, nil
}

// definition states a metric's filters in words, for readers of metrics.json and the workbook.
func definition(m campaign.MetricDef, p campaign.Period) string {
	var b strings.Builder
	if m.Aggregate == "sum" {
		fmt.Fprintf(&b, "sum of %s over %s", m.Field, m.Source)
	} else if m.Aggregate == "count_distinct" {
		fmt.Fprintf(&b, "number of distinct %s values over %s", m.Field, m.Source)
	} else {
		fmt.Fprintf(&b, "number of %s", m.Source)
	}
	timeField := "received_at"
	if m.Source == "activities" {
		timeField = "started_at"
	}
	fmt.Fprintf(&b, " with %s from %s to %s inclusive", timeField, p.Start, p.End)
	for _, name := range slices.Sorted(maps.Keys(m.Where)) {
		fmt.Fprintf(&b, ", %s in (%s)", name, strings.Join(m.Where[name], ", "))
	}
	for _, name := range slices.Sorted(maps.Keys(m.WhereNot)) {
		fmt.Fprintf(&b, ", %s not in (%s)", name, strings.Join(m.WhereNot[name], ", "))
	}
	if w := m.Window; w != nil {
		if w.FromDate != "" || w.ToDate != "" {
			fmt.Fprintf(&b, ", only days %s to %s", cmp.Or(w.FromDate, p.Start), cmp.Or(w.ToDate, p.End))
		}
		if len(w.Hours) == 2 {
			fmt.Fprintf(&b, ", only from %02d:00 to %02d:00 local time", w.Hours[0], w.Hours[1])
		}
		if len(w.Weekdays) > 0 {
			fmt.Fprintf(&b, ", only ISO weekdays %v", w.Weekdays)
		}
	}
	if iv := m.Interval; iv != nil {
		fmt.Fprintf(&b, ", only calls whose %s interval is valid", iv.ID)
		if iv.MinSeconds > 0 {
			fmt.Fprintf(&b, " and at least %g s", iv.MinSeconds)
		}
		if iv.MaxSeconds > 0 {
			fmt.Fprintf(&b, " and at most %g s", iv.MaxSeconds)
		}
	}
	if m.Aggregate == "count_distinct" && m.Field == "incident" {
		b.WriteString("; " + metrics.IncidentRule)
	}
	return b.String()
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// defineLocalTime defines the macro local_time (local_time.sql), fast for the instants of the
// querier's period when the campaign's zone keeps one UTC offset over all of it (local_offset.sql).
// Every querier defines it before its queries read local days and hours; the macro of another
// period gives the same times, only slower.
func (q *querier) defineLocalTime() error {
	var from, to, least, greatest int64
	if err := q.query("local_offset.sql", func(s *sql.Rows) error { return s.Scan(&from, &to, &least, &greatest) }); err != nil {
		return err
	}
	if least != greatest {
		from, to = 0, 0 // the offset changes within the period: ICU converts every instant
	}
	return q.execTemplate("local_time.sql", struct{ From, To, Offset int64 }{from, to, least})
}

// buildSpans fills the temporary table behind the view spans with every interval of every call of
// the querier's period (interval_spans.sql); with only, just the intervals it names.
func buildSpans(q *querier, c *campaign.Campaign, only ...string) error {
	var intervals []campaign.IntervalDef
	for _, iv := range c.Response.Intervals {
		if len(only) == 0 || slices.Contains(only, iv.ID) {
			intervals = append(intervals, iv)
		}
	}
	q.builtIntervals, q.spanGroups, q.statusCounts = nil, nil, nil
	if _, err := q.conn.ExecContext(q.ctx, spansTableSQL(c, intervals)); err != nil {
		return err
	}
	// The macro reading spans is defined once the view exists.
	if err := q.exec("tier_spans.sql"); err != nil {
		return err
	}
	if len(intervals) == 0 {
		return nil
	}
	// Clock points are the campaign's, validated against the data model, and reach the SQL text
	// quoted as identifiers; the rest are numbers, and the ceilings are bound.
	clock := model().ClockPoints()
	type spanColumns struct{ N, From, To, First, Last string }
	data := struct {
		Clock, Status string
		Intervals     []spanColumns
	}{Clock: quoteList(clock), Status: spanStatus}
	named := []sql.NamedArg{sql.Named("exclude_categories", nonNil(c.Response.ExcludeCategories))}
	for i, iv := range intervals {
		n := strconv.Itoa(i + 1)
		data.Intervals = append(data.Intervals, spanColumns{N: n, From: ident(iv.From), To: ident(iv.To),
			First: strconv.Itoa(slices.Index(clock, iv.From) + 1), Last: strconv.Itoa(slices.Index(clock, iv.To) + 1)})
		named = append(named, sql.Named("ceiling_"+n, iv.CeilingSeconds))
	}
	if err := q.execTemplate("interval_spans.sql", data, named...); err != nil {
		return err
	}
	for _, iv := range intervals {
		q.builtIntervals = append(q.builtIntervals, iv.ID)
	}
	return nil
}

// spanStatus is the type of a span's status, the first that applies (interval_spans.sql).
const spanStatus = "ENUM('missing', 'flagged', 'out_of_order', 'over_ceiling', 'valid')"

// spansTableSQL declares the temporary table span_rows, a row per call with two columns per
// interval, and the view spans over it, a row per call and interval, which the statistics read.
// The view's interval and status are enumerations (a byte each, where a text took sixteen: at 10M
// calls and five intervals a table of texts held 3.6 GB, the report's peak). Interval ids are the
// campaign's, validated, and quoted here; the statuses are those interval_spans.sql gives.
func spansTableSQL(c *campaign.Campaign, intervals []campaign.IntervalDef) string {
	var ids []string
	for _, iv := range c.Response.Intervals {
		if id := quoteText(iv.ID); !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	interval := "VARCHAR"
	if len(ids) > 0 {
		interval = "ENUM(" + strings.Join(ids, ", ") + ")"
	}
	const status = spanStatus
	columns := []string{"row_ref BIGINT", "district VARCHAR"}
	var rows []string
	for i, iv := range intervals {
		n := strconv.Itoa(i + 1)
		columns = append(columns, "seconds_"+n+" DOUBLE", "status_"+n+" "+status)
		rows = append(rows, "SELECT "+quoteText(iv.ID)+"::"+interval+" AS interval_id, row_ref, district, seconds_"+n+" AS seconds, status_"+n+" AS status FROM span_rows")
	}
	if len(rows) == 0 {
		rows = append(rows, "SELECT NULL::"+interval+" AS interval_id, row_ref, district, NULL::DOUBLE AS seconds, NULL::"+status+" AS status FROM span_rows WHERE false")
	}
	return "CREATE OR REPLACE TEMP TABLE span_rows (" + strings.Join(columns, ", ") + ");\n" +
		"CREATE OR REPLACE TEMP VIEW spans AS\n" + strings.Join(rows, "\nUNION ALL\n")
}

func computeResponse(q *querier, c *campaign.Campaign, r *metrics.Report) error {
	if err := buildSpans(q, c); err != nil {
		return err
	}
	stats, err := q.intervalStats()
	if err != nil {
		return err
	}
	for _, iv := range c.Response.Intervals {
		_, p, err := q.percentiles(iv.ID, "", []float64{0.50, 0.90, 0.95})
		if err != nil {
			return err
		}
		st := stats[iv.ID]
		st.P50, st.P90, st.P95 = p.values[0], p.values[1], p.values[2]
		stats[iv.ID] = st
	}
	r.Response.Method = metrics.PercentileMethod
	r.Response.Profile, r.Response.MinN = c.Response.Profile, c.Response.MinN
	var compliance campaign.IntervalDef
	for _, iv := range c.Response.Intervals {
		st := stats[iv.ID]
		st.ID, st.Label, st.From, st.To = iv.ID, iv.Label, iv.From, iv.To
		st.CeilingSeconds, st.Reliable = iv.CeilingSeconds, st.Valid >= int64(c.Response.MinN)
		r.Response.Intervals = append(r.Response.Intervals, st)
		if iv.ID == c.Response.Compliance.Interval {
			compliance = iv
		}
	}

	thresholds := c.Response.Compliance.Thresholds
	r.Response.Compliance = metrics.Compliance{Interval: compliance.ID, Label: compliance.Label}
	for _, t := range thresholds {
		r.Response.Compliance.Thresholds = append(r.Response.Compliance.Thresholds, metrics.Threshold{Seconds: t})
	}
	counts, _, err := q.within(compliance.ID, "district", thresholds)
	if err != nil {
		return err
	}
	within := map[string][]float64{}
	for k, byThreshold := range counts {
		for i, t := range thresholds {
			n, ok := byThreshold[t]
			switch {
			case !ok:
			case k.overall:
				r.Response.Compliance.Thresholds[i] = metrics.Threshold{Seconds: t, Within: n.within, Of: n.of, Share: share(n.within, n.of),
					Reliable: n.of >= int64(c.Response.MinN)}
			default:
				if within[k.tier] == nil {
					within[k.tier] = make([]float64, len(thresholds))
				}
				within[k.tier][i] = share(n.within, n.of)
			}
		}
	}

	byDistrict, _, err := q.percentiles(compliance.ID, "district", []float64{0.10, 0.25, 0.50, 0.75, 0.90})
	if err != nil {
		return err
	}
	err = q.query("district_response.sql", func(s *sql.Rows) error {
		var d metrics.DistrictStat
		if err := s.Scan(&d.District, &d.Calls); err != nil {
			return err
		}
		if p, ok := byDistrict[d.District]; ok {
			d.ResponseN = p.n
			d.ResponseP10, d.ResponseP25, d.ResponseP50, d.ResponseP75, d.ResponseP90 = p.values[0], p.values[1], p.values[2], p.values[3], p.values[4]
		}
		d.Label = districtName(c, d.District)
		d.Within = within[d.District]
		if d.Within == nil {
			d.Within = make([]float64, len(thresholds))
		}
		r.Districts = append(r.Districts, d)
		return nil
	}, sql.Named("interval", compliance.ID))
	if err != nil {
		return err
	}
	// Districts in the order the campaign file lists them; unlisted ones after, by name (the query
	// returns them sorted by name).
	order := func(name string) int {
		if i := c.DistrictIndex(name); i >= 0 {
			return i
		}
		return len(c.Districts)
	}
	slices.SortStableFunc(r.Districts, func(a, b metrics.DistrictStat) int { return order(a.District) - order(b.District) })

	edges := c.Response.HistogramEdges
	bins, err := q.histogram(compliance.ID, edges)
	if err != nil {
		return err
	}
	r.Response.Histogram = metrics.Histogram{Interval: compliance.ID, Edges: edges, Counts: bins}
	return nil
}

// int32s converts seconds for binding to an INTEGER[] parameter: duckdb-go binds list elements by
// their exact Go type, and a []int would not bind as INTEGER[].
func int32s(xs []int) []int32 {
	out := make([]int32, len(xs))
	for i, x := range xs {
		out[i] = int32(x)
	}
	return out
}

func share(in, of int64) float64 {
	if of == 0 {
		return 0
	}
	return float64(in) / float64(of)
}

func computeDaily(q *querier, c *campaign.Campaign, r *metrics.Report) error {
	// day_counts.sql is read again by the calendar breakdowns, which come after this step.
	if err := q.exec("day_counts.sql"); err != nil {
		return err
	}
	return q.query("daily.sql", func(s *sql.Rows) error {
		var d metrics.DailyCount
		if err := s.Scan(&d.Date, &d.Calls); err != nil {
			return err
		}
		r.Daily = append(r.Daily, d)
		return nil
	})
}

func computeBreakdowns(q *querier, c *campaign.Campaign, r *metrics.Report) error {
	groups := []struct {
		file, field string
		into        *[]metrics.GroupCount
	}{
		{"categories.sql", "category", &r.Categories},
		{"linkage.sql", "linked_agencies", &r.Linkage},
		{"activities_by_kind.sql", "kind", &r.Activities},
	}
	for _, g := range groups {
		err := q.query(g.file, func(s *sql.Rows) error {
			var gc metrics.GroupCount
			if err := s.Scan(&gc.Key, &gc.Count); err != nil {
				return err
			}
			gc.Label = c.Labels.Code(g.field, gc.Key)
			*g.into = append(*g.into, gc)
			return nil
		})
		if err != nil {
			return err
		}
	}
	// Kinds of activity in the data model's order, as every other list by kind.
	sortKinds(r.Activities, func(g metrics.GroupCount) string { return g.Key })
	err := q.query("linked_calls.sql", func(s *sql.Rows) error { return s.Scan(&r.LinkedCalls) })
	if err != nil {
		return err
	}
	r.Sessions = []metrics.Session{}
	return q.query("sessions.sql", func(s *sql.Rows) error {
		var t metrics.Session
		if err := s.Scan(&t.Date, &t.Kind, &t.District, &t.Unit, &t.Participants); err != nil {
			return err
		}
		t.KindLabel = c.Labels.Code("kind", t.Kind)
		t.DistrictLabel = districtName(c, t.District)
		t.UnitLabel = freeTextLabel(c, "unit", t.Unit)
		r.Sessions = append(r.Sessions, t)
		return nil
	})
}
