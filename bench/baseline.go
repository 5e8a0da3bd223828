package bench

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"strings"

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

// baselineStatements splits baseline.sql at its "-- exec:" and "-- figure:" markers.
func baselineStatements() ([]baselineStatement, error) {
	var statements []baselineStatement
	for line := range strings.Lines(baselineSQL) {
		exec, isExec := strings.CutPrefix(line, "-- exec:")
		figure, isFigure := strings.CutPrefix(line, "-- figure:")
		switch {
		case isExec:
			statements = append(statements, baselineStatement{name: strings.TrimSpace(exec)})
		case isFigure:
			statements = append(statements, baselineStatement{name: strings.TrimSpace(figure), figure: true})
		case len(statements) > 0:
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
func (b *baseline) aggregates(ctx context.Context) (Figures, error) {
	statements, err := baselineStatements()
	if err != nil {
		return nil, err
	}
	figures := Figures{}
	for _, st := range statements {
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
