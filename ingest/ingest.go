// Package ingest loads the command center's exports into the warehouse and accounts for every row.
//
// A file is read in Go (so that any encoding or layout can be decoded and every row checked), handed
// to DuckDB as Arrow record batches, and sorted there into rows to load, exact duplicates and
// conflicts. Each row of an input file ends in exactly one of three places:
//
//   - loaded into the calls or activities table;
//   - quarantined, with file, line, column, value and reason, when it cannot be used as it is;
//   - counted as a duplicate, when an identical row with the same identifier is already loaded.
//
// A file is loaded in one transaction: either all of its rows are accounted for in the warehouse or
// none are. A file whose content hash is already in the ingest log is skipped, so ingesting the same
// folder twice changes nothing.
//
// The canonical input formats are documented in sample-data/README.md.
package ingest

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strings"
	"text/template"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"bulletin/warehouse"
)

//go:embed sql/*.sql
var sqlFiles embed.FS

// Options tunes an ingest run. The zero value is ready to use.
type Options struct {
	// Logger receives progress; nil discards it.
	Logger *slog.Logger
	// ToolVersion is recorded in the ingest log with every file.
	ToolVersion string
	// BatchRows is the number of rows per Arrow batch; 0 means 65,536.
	BatchRows int
}

// Result is the accounting of one input file. RowsRead = Loaded + Quarantined + Duplicates for
// every file that was read; a skipped file was not read again.
type Result struct {
	Path        string `json:"path"`
	Kind        string `json:"kind"`
	SHA256      string `json:"sha256"`
	RowsRead    int64  `json:"rows_read"`
	Loaded      int64  `json:"loaded"`
	Quarantined int64  `json:"quarantined"`
	Duplicates  int64  `json:"duplicates"`
	// Skipped is true when a file with the same content was ingested before; nothing was read.
	Skipped    bool   `json:"skipped"`
	SkipReason string `json:"skip_reason,omitempty"`
	// IgnoredColumns lists header columns that are not canonical fields.
	IgnoredColumns []string `json:"ignored_columns,omitempty"`
}

// Paths expands the arguments of an ingest command: a file stands for itself, a folder for the
// .csv files directly inside it, in name order.
func Paths(args []string) ([]string, error) {
	var paths []string
	for _, arg := range args {
		info, err := os.Stat(arg)
		if err != nil {
			return nil, fmt.Errorf("ingest %s: %w", arg, err)
		}
		if !info.IsDir() {
			paths = append(paths, arg)
			continue
		}
		entries, err := os.ReadDir(arg)
		if err != nil {
			return nil, fmt.Errorf("ingest %s: %w", arg, err)
		}
		for _, e := range entries {
			if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".csv") {
				paths = append(paths, filepath.Join(arg, e.Name()))
			}
		}
	}
	return paths, nil
}

// Files ingests each file in turn and returns their accounting. It stops at the first file that
// cannot be ingested; the files before it stay loaded, and that file leaves no trace.
func Files(ctx context.Context, w *warehouse.Warehouse, paths []string, opts Options) ([]Result, error) {
	results := make([]Result, 0, len(paths))
	for _, path := range paths {
		res, err := File(ctx, w, path, opts)
		if err != nil {
			return results, err
		}
		results = append(results, res)
	}
	return results, nil
}

// File ingests one canonical CSV file (calls or activities, told apart by the header) in a single
// transaction and returns its accounting.
func File(ctx context.Context, w *warehouse.Warehouse, path string, opts Options) (Result, error) {
	res, err := ingestFile(ctx, w, path, opts)
	if err != nil {
		return res, fmt.Errorf("ingest %s: %w", path, err)
	}
	return res, nil
}

func ingestFile(ctx context.Context, w *warehouse.Warehouse, path string, opts Options) (Result, error) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	batchRows := opts.BatchRows
	if batchRows <= 0 {
		batchRows = 1 << 16
	}
	res := Result{Path: path}
	digest, size, err := hashFile(path)
	if err != nil {
		return res, err
	}
	res.SHA256 = digest

	conn, err := w.DB.Conn(ctx)
	if err != nil {
		return res, err
	}
	defer conn.Close()

	var seenName, seenAt string
	err = conn.QueryRowContext(ctx, "SELECT name, strftime(ingested_at, '%Y-%m-%d %H:%M') FROM ingest_files WHERE sha256 = ?", digest).Scan(&seenName, &seenAt)
	switch {
	case err == nil:
		res.Skipped = true
		res.SkipReason = fmt.Sprintf("same content as %s, ingested %s", seenName, seenAt)
		logger.Info("skipped: already ingested", "file", path, "as", seenName, "at", seenAt)
		return res, nil
	case !errors.Is(err, sql.ErrNoRows):
		return res, err
	}

	f, err := os.Open(path)
	if err != nil {
		return res, err
	}
	defer f.Close()

	dec := &decoder{loc: w.Location, batchRows: batchRows, mem: memory.NewGoAllocator()}
	tbl, err := dec.start(f)
	if err != nil {
		return res, err
	}
	res.Kind = tbl.name
	defer conn.ExecContext(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS temp.staged; DROP TABLE IF EXISTS temp.staged_quarantine; DROP TABLE IF EXISTS temp.staged_class")
	for _, ddl := range []string{
		createTempTableSQL("staged", append(slices.Clone(tbl.fields), stagingExtras...)),
		createTempTableSQL("staged_quarantine", quarantineFields),
	} {
		if _, err := conn.ExecContext(ctx, ddl); err != nil {
			return res, err
		}
	}

	started := time.Now()
	stats, err := stage(ctx, conn, dec)
	if err != nil {
		return res, err
	}
	res.RowsRead = stats.rowsRead
	res.IgnoredColumns = stats.ignored
	if len(stats.ignored) > 0 {
		logger.Warn("columns ignored", "file", path, "columns", strings.Join(stats.ignored, ","))
	}

	logger.Debug("staged", "file", path, "rows", stats.rowsRead, "elapsed", time.Since(started).Round(time.Millisecond))
	committing := time.Now()
	if err := commitFile(ctx, conn, tbl, path, digest, size, opts.ToolVersion, &res); err != nil {
		return res, err
	}
	logger.Debug("classified and committed", "file", path, "elapsed", time.Since(committing).Round(time.Millisecond))
	if res.Loaded+res.Quarantined+res.Duplicates != res.RowsRead {
		// The classification is total; a mismatch would mean a bug, and the transaction is already
		// committed, so say it loudly rather than publish figures from a warehouse that lost rows.
		return res, fmt.Errorf("accounting mismatch: %d read but %d loaded + %d quarantined + %d duplicates",
			res.RowsRead, res.Loaded, res.Quarantined, res.Duplicates)
	}
	logger.Info("ingested", "file", path, "kind", res.Kind, "rows", res.RowsRead, "loaded", res.Loaded,
		"quarantined", res.Quarantined, "duplicates", res.Duplicates, "elapsed", time.Since(started).Round(time.Millisecond))
	return res, nil
}

// stage decodes the file in one goroutine while DuckDB loads the parsed rows into the temporary
// table staged as they come; quarantined rows, a small minority, are gathered and loaded into
// staged_quarantine at the end.
func stage(ctx context.Context, conn *sql.Conn, dec *decoder) (decodeStats, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	rows := make(chan arrow.RecordBatch, 2)
	var faults []arrow.RecordBatch
	var stats decodeStats
	decoded := make(chan error, 1)
	go func() {
		defer close(rows)
		var err error
		stats, err = dec.decode(ctx, func(b stagedBatch) error {
			if b.quarantine {
				faults = append(faults, b.rec)
				return nil
			}
			select {
			case rows <- b.rec:
				return nil
			case <-ctx.Done():
				b.rec.Release()
				return ctx.Err()
			}
		})
		decoded <- err
	}()
	loadErr := loadStream(ctx, conn, "staged", dec.rowSchema(), rows)
	if loadErr != nil {
		cancel()
		for rec := range rows {
			rec.Release()
		}
	}
	decodeErr := <-decoded
	if decodeErr == nil && loadErr == nil && len(faults) > 0 {
		return stats, loadBatches(ctx, conn, "staged_quarantine", faults)
	}
	for _, rec := range faults {
		rec.Release()
	}
	return stats, cmp.Or(decodeErr, loadErr)
}

// loadBatches inserts batches already in memory into the temporary table name through loadStream,
// and releases them all, including those left unread after an error.
func loadBatches(ctx context.Context, conn *sql.Conn, table string, recs []arrow.RecordBatch) error {
	batches := make(chan arrow.RecordBatch, len(recs))
	for _, rec := range recs {
		batches <- rec
	}
	close(batches)
	err := loadStream(ctx, conn, table, recs[0].Schema(), batches)
	for rec := range batches {
		rec.Release()
	}
	return err
}

// commitFile classifies the staged rows and moves them into the warehouse with the file's log entry,
// in one transaction.
func commitFile(ctx context.Context, conn *sql.Conn, t *table, path, digest string, size int64, toolVersion string, res *Result) error {
	if t == nil {
		return fmt.Errorf("no header read")
	}
	params := struct{ Table, Key string }{t.name, t.key}
	classify, err := renderSQL("classify.sql", params)
	if err != nil {
		return err
	}
	var loadSteps []string
	for _, name := range []string{"load_rows.sql", "load_quarantine.sql"} {
		step, err := renderSQL(name, params)
		if err != nil {
			return err
		}
		loadSteps = append(loadSteps, step)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var fileID int64
	if err := tx.QueryRowContext(ctx, "SELECT nextval('file_id_seq')").Scan(&fileID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, classify); err != nil {
		return fmt.Errorf("classify rows: %w", err)
	}
	rows, err := tx.QueryContext(ctx, "SELECT class, count(*) FROM staged_class GROUP BY class")
	if err != nil {
		return err
	}
	var conflicts int64
	for rows.Next() {
		var class string
		var n int64
		if err := rows.Scan(&class, &n); err != nil {
			rows.Close()
			return err
		}
		switch class {
		case "load":
			res.Loaded = n
		case "duplicate":
			res.Duplicates = n
		case "conflict":
			conflicts = n
		}
	}
	if err := rows.Close(); err != nil {
		return err
	}
	var faults int64
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM staged_quarantine").Scan(&faults); err != nil {
		return err
	}
	res.Quarantined = faults + conflicts
	for _, step := range loadSteps {
		if _, err := tx.ExecContext(ctx, step, sql.Named("file_id", fileID)); err != nil {
			return fmt.Errorf("load rows: %w", err)
		}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO ingest_files
		(file_id, name, path, kind, sha256, bytes, rows_read, loaded, quarantined, duplicates, ingested_at, ingested_by, tool_version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), ?, ?)`,
		fileID, filepath.Base(path), path, t.name, digest, size, res.RowsRead, res.Loaded, res.Quarantined, res.Duplicates,
		whoAmI(), toolVersion)
	if err != nil {
		return fmt.Errorf("record ingest log: %w", err)
	}
	return tx.Commit()
}

// renderSQL fills the program-chosen identifiers into an embedded SQL file.
func renderSQL(name string, params any) (string, error) {
	text, err := sqlFiles.ReadFile("sql/" + name)
	if err != nil {
		return "", err
	}
	tmpl, err := template.New(name).Option("missingkey=error").Parse(string(text))
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, params); err != nil {
		return "", err
	}
	return b.String(), nil
}

// hashFile returns the SHA-256 of a file's content and its size.
func hashFile(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// whoAmI names the user and host that ran the ingest, for the ingest log.
func whoAmI() string {
	name := "unknown"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	host, err := os.Hostname()
	if err != nil {
		host = "unknown"
	}
	return name + "@" + host
}
