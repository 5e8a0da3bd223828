package bench

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"maps"
	"slices"
	"strings"

	"bulletin/metrics"
	"bulletin/metrics/campaign"
	"bulletin/warehouse"
)

//go:embed baseline_load.sql
var baselineLoadSQL string

//go:embed baseline.sql
var baselineSQL string

// Figures are the baseline's results, by figure and key (see baseline.sql).
type Figures map[string]map[string]float64

// baselineStatement is one statement of baseline.sql under its marker.
type baselineStatement struct {
	name   string
	figure bool // a query of (figure, key, value) rows, rather than a statement run for its effect
	text   string
}

// baselineStatements splits baseline.sql at its "-- exec:" and "-- figure:" markers, with what
// depends on the campaign c written in as a person would write it from the file: the categories
// without response times, and at the "-- campaign:" marker one figure per headline figure of the
// calls and per declared breakdown of the calls by one field or by day.
func baselineStatements(c *campaign.Campaign) ([]baselineStatement, error) {
	var statements []baselineStatement
	for line := range strings.Lines(baselineSQL) {
		exec, isExec := strings.CutPrefix(line, "-- exec:")
		figure, isFigure := strings.CutPrefix(line, "-- figure:")
		switch {
		case isExec:
			statements = append(statements, baselineStatement{name: strings.TrimSpace(exec)})
		case isFigure:
			statements = append(statements, baselineStatement{name: strings.TrimSpace(figure), figure: true})
		case strings.HasPrefix(line, "-- campaign:"):
			statements = append(statements, campaignStatements(c)...)
			statements = append(statements, baselineStatement{name: "after the campaign's figures"})
		case len(statements) > 0:
			line = strings.ReplaceAll(line, "/*excluded*/", literalList(c.Response.ExcludeCategories))
			statements[len(statements)-1].text += line
		}
	}
	if len(statements) == 0 {
		return nil, fmt.Errorf("baseline.sql has no marked statement")
	}
	return statements, nil
}

// baseline is a bare DuckDB file holding one table of calls.
type baseline struct {
	db   *sql.DB
	conn *sql.Conn
}

// openBaseline creates the DuckDB file path with the memory limit and spill folder the warehouse
// gets, and nothing else of the warehouse: no schema, no time zone.
func openBaseline(ctx context.Context, path, memoryLimit, tempDir string) (*baseline, error) {
	db, err := warehouse.OpenDB(ctx, path, warehouse.MemorySettings(memoryLimit, tempDir)...)
	if err != nil {
		return nil, fmt.Errorf("open baseline %s: %w", path, err)
	}
	// The aggregates' temporary table lives on one connection.
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open baseline %s: %w", path, err)
	}
	return &baseline{db: db, conn: conn}, nil
}

// load reads the CSV file into the table calls and returns the number of rows.
func (b *baseline) load(ctx context.Context, csvPath string) (int64, error) {
	if _, err := b.conn.ExecContext(ctx, baselineLoadSQL, csvPath); err != nil {
		return 0, fmt.Errorf("baseline load %s: %w", csvPath, err)
	}
	// CREATE TABLE AS reports no rows affected; the count comes from the table's metadata.
	var n int64
	if err := b.conn.QueryRowContext(ctx, "SELECT count(*) FROM calls").Scan(&n); err != nil {
		return 0, fmt.Errorf("baseline load %s: %w", csvPath, err)
	}
	return n, nil
}

// aggregates runs baseline.sql and returns its figures.
func (b *baseline) aggregates(ctx context.Context, c *campaign.Campaign) (Figures, error) {
	statements, err := baselineStatements(c)
	if err != nil {
		return nil, err
	}
	figures := Figures{}
	for _, st := range statements {
		if strings.TrimSpace(st.text) == "" {
			continue
		}
		if !st.figure {
			if _, err := b.conn.ExecContext(ctx, st.text); err != nil {
				return nil, fmt.Errorf("baseline %s: %w", st.name, err)
			}
			continue
		}
		if err := b.collect(ctx, st, figures); err != nil {
			return nil, fmt.Errorf("baseline %s: %w", st.name, err)
		}
	}
	return figures, nil
}

func (b *baseline) collect(ctx context.Context, st baselineStatement, figures Figures) error {
	rows, err := b.conn.QueryContext(ctx, st.text)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var figure, key string
		var value sql.NullFloat64
		if err := rows.Scan(&figure, &key, &value); err != nil {
			return err
		}
		if figures[figure] == nil {
			figures[figure] = map[string]float64{}
		}
		figures[figure][key] = value.Float64
	}
	return rows.Err()
}

// version returns DuckDB's version, such as v1.5.6.
func (b *baseline) version(ctx context.Context) (string, error) {
	var v string
	err := b.conn.QueryRowContext(ctx, "SELECT library_version FROM pragma_version()").Scan(&v)
	return v, err
}

// Close closes the file; DuckDB writes its last checkpoint here.
func (b *baseline) Close() error {
	err := b.conn.Close()
	if cerr := b.db.Close(); err == nil {
		err = cerr
	}
	return err
}

// campaignStatements writes the baseline's queries of the campaign's headline figures of the calls
// (those without a time window or interval condition) and of its declared breakdowns of the calls
// by one field or by day, each as figure "headline" or "breakdown_ID".
func campaignStatements(c *campaign.Campaign) []baselineStatement {
	var out []baselineStatement
	for _, m := range c.Headline {
		if m.Source != "calls" || m.Window != nil || m.Interval != nil {
			continue
		}
		out = append(out, baselineStatement{name: "headline " + m.ID, figure: true,
			text: fmt.Sprintf("SELECT 'headline', %s, %s::DOUBLE FROM calls WHERE %s;\n",
				literal(m.ID), aggregateSQL(m.Aggregate, m.Field), conditions(m.Where, m.WhereNot))})
	}
	for _, d := range c.Breakdowns {
		if d.Source != "calls" || len(d.By) != 1 || d.By[0] == "linked_agencies" || (slices.Contains(metrics.TimeBuckets, d.By[0]) && d.By[0] != "day") {
			continue
		}
		key := "coalesce(" + ident(d.By[0]) + "::VARCHAR, '')"
		if d.By[0] == "day" {
			key = "strftime(received_at, '%Y-%m-%d')"
		}
		out = append(out, baselineStatement{name: "breakdown " + d.ID, figure: true,
			text: fmt.Sprintf("SELECT %s, %s, %s::DOUBLE FROM calls WHERE %s GROUP BY ALL;\n",
				literal("breakdown_"+d.ID), key, aggregateSQL(d.Aggregate, d.Field), conditions(d.Where, d.WhereNot))})
	}
	return out
}

// conditions writes a campaign's where and where_not filters over the baseline's table, whose
// linked agencies are the file's ';'-separated text.
func conditions(where, whereNot map[string][]string) string {
	conds := []string{"true"}
	add := func(field string, values []string, negate bool) {
		var cond string
		if field == "linked_agencies" {
			cond = fmt.Sprintf("list_has_any(string_split(linked_agencies, ';'), [%s])", literalList(values))
		} else {
			cond = fmt.Sprintf("list_contains([%s]::VARCHAR[], coalesce(%s::VARCHAR, ''))", literalList(values), ident(field))
		}
		// A call with no value of the field (no linked agency) is in a where_not, as metrics has it:
		// the condition is false, not NULL, for it.
		cond = "coalesce(" + cond + ", false)"
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
	return strings.Join(conds, " AND ")
}

func aggregateSQL(aggregate, field string) string {
	switch aggregate {
	case "sum":
		return "coalesce(sum(" + ident(field) + "), 0)"
	case "count_distinct":
		return "count(DISTINCT " + ident(field) + ")"
	}
	return "count(*)"
}

func literal(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func literalList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = literal(v)
	}
	return strings.Join(quoted, ", ")
}

func ident(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }
