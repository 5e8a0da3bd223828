// Package ingest loads the command center's exports into the warehouse and accounts for every row.
//
// A file (CSV, TSV, XLSX, JSON lines or Parquet, any encoding, possibly gzipped) is read by package
// source, its columns are mapped onto a canonical table by a Profile and every cell is checked in
// Go; the rows are handed to DuckDB as Arrow record batches, where unit rows combine into calls,
// whole records are checked (sql/checks.sql) and rows are sorted into rows to load, exact
// duplicates and conflicts. Each row of an input file ends in exactly one of three places:
//
//   - loaded into the calls or activities table;
//   - quarantined, with file, line, column, value and reason, when it cannot be used as it is;
//   - counted as a duplicate, when an identical row with the same identifier is already loaded.
//
// A file is loaded in one transaction: either all of its rows are accounted for in the warehouse or
// none are. A file whose content hash is already in the ingest log is skipped, so ingesting the same
// folder twice changes nothing.
//
// A loaded row may carry flags: faults that a profile chose to keep rather than quarantine. The
// canonical formats are documented in sample-data/README.md; profiles and checks in docs/ingest.md.
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

	"bulletin/ingest/source"
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
	// BatchRows is the number of source rows the decoder reads and maps as one chunk, and so the
	// most rows of an Arrow batch; 0 means 16,384.
	BatchRows int
	// Profile maps the file's columns; nil picks the first built-in profile whose columns the
	// header has.
	Profile *Profile
	// Source overrides the profile's settings for reading the file (format, encoding, sheet, ...)
	// where set.
	Source SourceSpec
	// Period is the file's declared period, "2022-05" or "2022-05-01..2022-05-31", for the
	// outside_period check; empty takes the month from the file name where the profile finds one.
	Period string
	// Replace makes the file a corrected re-delivery: the earlier file of the same name is removed
	// (its rows, quarantine and flags) in the same transaction that loads this one.
	Replace bool
	// Progress, if set, is called as the file is read, and once when it is done.
	Progress func(Progress)

	// asideSpillBytes overrides asideSpillBytes, for tests.
	asideSpillBytes int64
	// checkEveryRecord has the record checks read every record rather than those the screen
	// keeps back, for tests.
	checkEveryRecord bool
	// screenLimit overrides maxSuspects, for tests.
	screenLimit int
}

// Progress reports how far the reading of a file has come.
type Progress struct {
	Path  string
	Bytes int64 // bytes of the file consumed
	Size  int64 // bytes of the file
	Rows  int64 // source rows read
	Done  bool
}

// Result is the accounting of one input file. RowsRead = Loaded + Quarantined + Duplicates for
// every file that was read, counted in source rows; a skipped file was not read again.
type Result struct {
	Path     string `json:"path"`
	Kind     string `json:"kind"`
	Profile  string `json:"profile"`
	Format   string `json:"format"`
	Encoding string `json:"encoding"`
	// Sheet is the worksheet of an XLSX file the rows were read from.
	Sheet string `json:"sheet,omitempty"`
	// TimeZone is the zone the file's times without an offset were read in.
	TimeZone string `json:"time_zone,omitempty"`
	// ClockResolution is "minute" when nearly every time a calls file gives is on a whole minute
	// (ResolutionMinute), "second" otherwise; "" for activities.
	ClockResolution string `json:"clock_resolution,omitempty"`
	SHA256          string `json:"sha256"`
	RowsRead        int64  `json:"rows_read"`
	Loaded          int64  `json:"loaded"`
	Quarantined     int64  `json:"quarantined"`
	Duplicates      int64  `json:"duplicates"`
	// Records counts the calls or activities loaded. It is less than Loaded when the profile
	// combines several unit rows into one call.
	Records int64 `json:"records"`
	// Flagged counts the loaded records that carry at least one flag.
	Flagged int64 `json:"flagged"`
	// Replaced names the earlier file this one replaced, if any.
	Replaced string `json:"replaced,omitempty"`
	// FileID is the file's number in the ingest log (0 for a skipped file).
	FileID int64 `json:"file_id,omitempty"`
	// Skipped is true when a file with the same content was ingested before; nothing was read.
	Skipped    bool   `json:"skipped"`
	SkipReason string `json:"skip_reason,omitempty"`
	// IgnoredColumns lists header columns that no field of the profile reads.
	IgnoredColumns []string `json:"ignored_columns,omitempty"`
	// MissingColumns lists columns the profile maps to optional fields that the header lacks.
	MissingColumns []string `json:"missing_columns,omitempty"`
	// ByCheck counts quarantined source rows and flags by check.
	ByCheck map[string]int64 `json:"by_check,omitempty"`
}

// Paths expands the arguments of an ingest command: a file stands for itself, a folder for the
// regular files directly inside it that ingest can read (Formats), in name order. Hidden files are
// left out.
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
			if e.IsDir() || strings.HasPrefix(e.Name(), ".") || !readable(e.Name()) {
				continue
			}
			// A pipe or device under an export's name is no export (and would block); a link to
			// a regular file is followed.
			path := filepath.Join(arg, e.Name())
			if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() {
				paths = append(paths, path)
			}
		}
	}
	return paths, nil
}

// Formats lists the file name extensions ingest reads, each also with .gz appended: those of
// source.Extensions.
func Formats() []string { return source.ExtensionList() }

func readable(name string) bool { return source.FormatOf(name) != "" }

// Files ingests each file in turn and returns their accounting. It stops at the first file that
// cannot be ingested; the files before it stay loaded (Undo takes them out), and that file leaves no
// trace.
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

// File ingests one file in a single transaction and returns its accounting.
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
		batchRows = 1 << 14
	}
	res := Result{Path: path}
	// The file is hashed while it is opened (which weighs its encoding over the whole of it): both
	// read every byte, side by side. A path that is not a regular file is refused first, as opening
	// a pipe would wait for a writer.
	hashed, err := regularFile(path)
	if err != nil {
		return res, err
	}
	type fileHash struct {
		digest string
		err    error
		took   time.Duration
	}
	hashing := make(chan fileHash, 1)
	go func() {
		began := time.Now()
		digest, err := hashFile(path, hashed)
		hashing <- fileHash{digest, err, time.Since(began)}
	}()
	candidates, err := candidateProfiles(opts.Profile)
	if err != nil {
		<-hashing
		return res, err
	}
	opening := time.Now()
	src, info, openErr := openRows(ctx, path, opts, candidates)
	if openErr == nil {
		defer src.close()
		logger.Debug("opened", "file", path, "format", info.format, "encoding", info.encoding, "elapsed", time.Since(opening).Round(time.Millisecond))
	}
	h := <-hashing
	if h.err != nil {
		return res, h.err
	}
	logger.Debug("hashed", "file", path, "elapsed", h.took.Round(time.Millisecond))
	digest := h.digest
	size := hashed.Size()
	res.SHA256 = digest

	conn, err := w.DB.Conn(ctx)
	if err != nil {
		return res, err
	}
	defer conn.Close()

	var seenName, seenAt string
	err = conn.QueryRowContext(ctx, "SELECT name, strftime(ingested_at, '%Y-%m-%d %H:%M') FROM ingest_files WHERE sha256 = ? AND replaced_by IS NULL", digest).Scan(&seenName, &seenAt)
	switch {
	case err == nil:
		res.Skipped = true
		res.SkipReason = fmt.Sprintf("same content as %s, ingested %s", seenName, seenAt)
		logger.Info("skipped: already ingested", "file", path, "as", seenName, "at", seenAt)
		return res, nil
	case !errors.Is(err, sql.ErrNoRows):
		return res, err
	}
	replaced := int64(-1)
	if opts.Replace {
		err := conn.QueryRowContext(ctx, "SELECT file_id FROM ingest_files WHERE name = ? AND replaced_by IS NULL ORDER BY file_id DESC LIMIT 1",
			filepath.Base(path)).Scan(&replaced)
		if errors.Is(err, sql.ErrNoRows) {
			return res, fmt.Errorf("nothing to replace: no file named %s was ingested before (ingest it without --replace)", filepath.Base(path))
		}
		if err != nil {
			return res, err
		}
		res.Replaced = filepath.Base(path)
	}
	if openErr != nil {
		return res, openErr
	}
	res.Format, res.Encoding, res.Sheet = info.format, info.encoding, info.sheet
	if res.Sheet != "" {
		logger.Info("worksheet read", "file", path, "sheet", res.Sheet)
	}
	defer func() {
		if res.ClockResolution == ResolutionMinute {
			logger.Warn("the file records its times to the minute only: shares within a number of minutes will be overstated", "file", path)
		}
	}()
	profile := opts.Profile
	if profile == nil {
		if profile, err = detectProfile(src.header(), candidates); err != nil {
			return res, fmt.Errorf("line %d: %w", info.headerLine, err)
		}
	}
	m, err := newMapping(profile, src.header(), w.Location)
	if err != nil {
		return res, fmt.Errorf("line %d: %w", info.headerLine, err)
	}
	if n, ok := src.(interface{ refuseNested([]int) }); ok {
		// Every canonical field holds one value or a list of values: a nested JSON or Parquet
		// value in a column that feeds one is a malformed row, not text to count.
		n.refuseNested(m.readColumns())
	}
	res.Kind, res.Profile, res.TimeZone = m.table.name, profile.Name, m.loc.String()
	res.IgnoredColumns, res.MissingColumns = m.ignored, m.missing
	if len(m.ignored) > 0 {
		logger.Warn("columns ignored", "file", path, "columns", strings.Join(m.ignored, ","))
	}
	// A column the profile names and the export lacks is worth a warning; an optional field of the
	// data model that a same-names profile reads by its own name is simply not in this export.
	if len(m.missingNamed) > 0 {
		logger.Warn("mapped columns missing; their fields are empty", "file", path, "columns", strings.Join(m.missingNamed, ","))
	}
	if len(m.missingImplicit) > 0 {
		logger.Debug("optional fields not in the export; they are empty", "file", path, "columns", strings.Join(m.missingImplicit, ","))
	}
	// The declared period is cut in the zone the file's times are read in (its profile's, else the
	// warehouse's), not always the warehouse's.
	plan, err := newSQLPlan(profile, m, path, opts.Period, m.loc)
	if err != nil {
		return res, err
	}
	if plan.PeriodRule == "" && m.rules[CheckOutsidePeriod] != "off" {
		logger.Info("no declared period: outside_period not checked", "file", path)
	}

	dec := newDecoder(src, m, batchRows, memory.NewGoAllocator())
	if !opts.checkEveryRecord {
		dec.screen = newRecordScreen(plan, m.table)
		if dec.screen != nil && opts.screenLimit > 0 {
			dec.screen.limit = opts.screenLimit
		}
	}
	if opts.Progress != nil {
		dec.progress = func(bytes, rows int64) {
			opts.Progress(Progress{Path: path, Bytes: bytes, Size: size, Rows: rows})
		}
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "DROP VIEW IF EXISTS temp.staged_records; DROP TABLE IF EXISTS temp.staged_records; DROP TABLE IF EXISTS temp.staged; DROP TABLE IF EXISTS temp.staged_quarantine; DROP TABLE IF EXISTS temp.staged_flags; DROP TABLE IF EXISTS temp.staged_class; DROP TABLE IF EXISTS temp.staged_checks; DROP TABLE IF EXISTS temp.staged_repeats; DROP TABLE IF EXISTS temp.staged_suspects; DROP TABLE IF EXISTS temp.suspect_records")
	for _, ddl := range []string{
		createTempTableSQL("staged", stagedFields(m.table)),
		createTempTableSQL("staged_quarantine", quarantineFields),
		createTempTableSQL("staged_flags", flagFields),
	} {
		if _, err := conn.ExecContext(ctx, ddl); err != nil {
			return res, err
		}
	}

	// The file is one transaction: records that are rows go straight into the warehouse table as
	// they are decoded, and the few a check or a duplicate sets aside leave it before the commit.
	// A failure anywhere rolls all of it back.
	if err := prepareLoad(ctx, conn); err != nil {
		return res, err
	}
	committed := false
	// begin begins the transaction and returns the table the rows go into: the warehouse table,
	// or the staging table when unit rows combine into records first.
	begin := func() (loadTarget, error) {
		if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
			return loadTarget{}, err
		}
		if err := conn.QueryRowContext(ctx, "SELECT nextval('file_id_seq')").Scan(&plan.FileID); err != nil {
			return loadTarget{}, err
		}
		if replaced >= 0 {
			for _, table := range []string{"calls", "activities", "quarantine", "flags"} {
				if _, err := conn.ExecContext(ctx, "DELETE FROM "+table+" WHERE file_id = ?", replaced); err != nil {
					return loadTarget{}, fmt.Errorf("remove the replaced file's rows: %w", err)
				}
			}
			if _, err := conn.ExecContext(ctx, "UPDATE ingest_files SET replaced_by = ? WHERE file_id = ?", plan.FileID, replaced); err != nil {
				return loadTarget{}, fmt.Errorf("mark the replaced file: %w", err)
			}
		}
		if plan.Units {
			return loadTarget{table: "staged"}, nil
		}
		return loadTarget{table: plan.Table, fileID: plan.FileID}, nil
	}

	started := time.Now()
	stats, closeStream, err := stage(ctx, conn, dec, cmp.Or(opts.asideSpillBytes, asideSpillBytes), logger, begin)
	defer closeStream()
	defer func() {
		if !committed {
			conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		}
	}()
	if err != nil {
		return res, interrupted(ctx, err)
	}
	res.RowsRead = stats.rowsRead
	suspects, screened := dec.screen.result()
	plan.Screened = screened

	logger.Debug("staged", "file", path, "rows", stats.rowsRead, "units", plan.Units, "elapsed", time.Since(started).Round(time.Millisecond))
	committing := time.Now()
	if err := commitFile(ctx, conn, plan, suspects, path, digest, hashed, opts.ToolVersion, logger, &res); err != nil {
		return res, interrupted(ctx, err)
	}
	committed = true
	if opts.Progress != nil {
		opts.Progress(Progress{Path: path, Bytes: size, Size: size, Rows: res.RowsRead, Done: true})
	}
	logger.Debug("classified and committed", "file", path, "elapsed", time.Since(committing).Round(time.Millisecond))
	if res.Loaded+res.Quarantined+res.Duplicates != res.RowsRead {
		// The classification is total; a mismatch would mean a bug, and the transaction is already
		// committed, so say it loudly rather than publish figures from a warehouse that lost rows.
		return res, fmt.Errorf("accounting mismatch: %d read but %d loaded + %d quarantined + %d duplicates",
			res.RowsRead, res.Loaded, res.Quarantined, res.Duplicates)
	}
	logger.Info("ingested", "file", path, "kind", res.Kind, "profile", res.Profile, "rows", res.RowsRead, "loaded", res.Loaded,
		"records", res.Records, "quarantined", res.Quarantined, "duplicates", res.Duplicates, "flagged", res.Flagged,
		"elapsed", time.Since(started).Round(time.Millisecond))
	return res, nil
}

// candidateProfiles returns the profile a file is read with, given, or else every built-in profile
// in the order detectProfile tries them: the canonical ones first, as the strictest about names.
func candidateProfiles(given *Profile) ([]*Profile, error) {
	if given != nil {
		return []*Profile{given}, nil
	}
	names := BuiltinProfileNames()
	slices.SortStableFunc(names, func(a, b string) int {
		return cmp.Compare(boolRank(!strings.HasPrefix(a, "canonical")), boolRank(!strings.HasPrefix(b, "canonical")))
	})
	profiles := make([]*Profile, len(names))
	for i, name := range names {
		p, err := LoadProfile(name)
		if err != nil {
			return nil, err
		}
		profiles[i] = p
	}
	return profiles, nil
}

// detectProfile picks the first candidate profile whose required columns the header has.
func detectProfile(header []string, candidates []*Profile) (*Profile, error) {
	var needs []string
	for _, p := range candidates {
		_, err := newMapping(p, header, time.UTC)
		if err == nil {
			return p, nil
		}
		if errors.Is(err, errRepeatedColumn) {
			// The profile fits but for a column named twice: say that, not that nothing fits.
			return nil, fmt.Errorf("profile %s: %w", p.Name, err)
		}
		var required []string
		for _, f := range p.canonicalTable().fields {
			if fm := p.Fields[f.name]; f.required && fm != nil && fm.Value == nil {
				required = append(required, strings.Join(fm.columns(), " + "))
			}
		}
		needs = append(needs, fmt.Sprintf("%s needs %s", p.Name, strings.Join(required, ", ")))
	}
	return nil, fmt.Errorf("%w: no built-in profile fits the header %s (%s); name one with --profile or write one (docs/ingest.md)",
		ErrHeader, strings.Join(header, ","), strings.Join(needs, "; "))
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// stage has the decoder decode the file, on goroutines of its own, while DuckDB loads the parsed rows
// into their table as they come, in the order of the file; quarantined rows and flags, usually a
// small minority, are gathered (in memory up to spill bytes each, then on disk: asideStore) and
// loaded into staged_quarantine and staged_flags at the end.
// The rows become readable by SQL before begin runs (DuckDB registers no Arrow view inside a
// transaction that writes the warehouse), and are loaded after it, inside the transaction it
// begins, into the table it returns. stage returns a function to call once that transaction has
// ended, even after an error.
func stage(ctx context.Context, conn *sql.Conn, dec *decoder, spill int64, logger *slog.Logger, begin func() (loadTarget, error)) (decodeStats, func(), error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	dir, err := spillDir(ctx, conn)
	if err != nil {
		return decodeStats{}, func() {}, err
	}
	aside := map[string]*asideStore{}
	for _, a := range asideTables {
		s := newAsideStore(a.name, arrowSchema(a.fields), spill, dir, logger)
		defer s.release()
		aside[a.name] = s
	}
	rows := make(chan arrow.RecordBatch, 2)
	var stats decodeStats
	decoded := make(chan error, 1)
	go func() {
		defer close(rows)
		var err error
		stats, err = dec.decode(ctx, func(b stagedBatch) error {
			if b.target != "staged" {
				return aside[b.target].add(b.rec)
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
	relation, closeStream, loadErr := openStream(ctx, conn, "staged", dec.rowSchema(), rows)
	closers := []func(){closeStream}
	closeAll := func() {
		for _, c := range closers {
			c()
		}
	}
	// The quarantined rows and flags are known once the decoding has ended, inside the transaction:
	// where views are the hand-off, theirs are registered now, and fed then.
	views := map[string]asideView{}
	for _, a := range asideTables {
		if !asideStreams || loadErr != nil {
			break
		}
		v := asideView{feed: make(chan arrow.RecordBatch)}
		var closeView func()
		v.relation, closeView, loadErr = openStream(ctx, conn, a.name, arrowSchema(a.fields), v.feed)
		views[a.name] = v
		closers = append(closers, closeView)
	}
	var into loadTarget
	if loadErr == nil {
		into, loadErr = begin()
	}
	if loadErr == nil {
		loadErr = into.load(ctx, conn, relation)
	}
	if loadErr != nil {
		cancel()
		for rec := range rows {
			rec.Release()
		}
	}
	// A load that failed cancelled the decoder: its own error says why, not the cancellation.
	decodeErr := <-decoded
	err = cmp.Or(loadErr, decodeErr)
	for _, a := range asideTables {
		s := aside[a.name]
		v, viewed := views[a.name]
		switch {
		case err != nil || s.rows == 0:
			if viewed {
				close(v.feed)
			}
		case viewed:
			err = v.load(ctx, conn, a.name, s)
		default:
			recs, wait := s.feed(nil)
			err = cmp.Or(appendStream(conn, a.name, recs), wait())
		}
	}
	return stats, closeAll, err
}

// asideTables are the temporary tables of a file's quarantined rows and flags, with their columns.
var asideTables = []struct {
	name   string
	fields []field
}{{"staged_quarantine", quarantineFields}, {"staged_flags", flagFields}}

// asideView is the view of quarantined rows or flags, registered before the file's transaction
// began, and the channel that feeds it.
type asideView struct {
	relation string
	feed     chan arrow.RecordBatch
}

// load feeds the batches of s to the view while it is inserted into the temporary table, closes
// the feed, and releases every batch the view did not read.
func (v asideView) load(ctx context.Context, conn *sql.Conn, table string, s *asideStore) error {
	stop := make(chan struct{})
	recs, wait := s.feed(stop)
	fed := make(chan struct{})
	go func() {
		defer close(fed)
		defer close(v.feed)
		for rec := range recs {
			select {
			case v.feed <- rec:
			case <-stop:
				rec.Release()
			}
		}
	}()
	err := loadTarget{table: table}.load(ctx, conn, v.relation)
	close(stop)
	<-fed
	return cmp.Or(err, wait())
}

// interrupted returns ctx's error when ctx is done: the run was interrupted, and that is what to
// say, not how the statement it stopped failed (DuckDB's "INTERRUPT Error"). Otherwise it returns err.
func interrupted(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		return ctxErr
	}
	return err
}

// loadTarget is the table decoded rows are loaded into: a temporary staging table, or, when
// fileID is set, the warehouse table itself, the rows marked as that file's.
type loadTarget struct {
	table  string
	fileID int64
}

// load inserts the rows of relation into the target.
func (t loadTarget) load(ctx context.Context, conn *sql.Conn, relation string) error {
	insert := "INSERT INTO " + t.table + " SELECT * FROM " + relation
	switch {
	case t.fileID != 0:
		insert = fmt.Sprintf("INSERT INTO %s BY NAME SELECT *, %d::INTEGER AS file_id FROM %s", t.table, t.fileID, relation)
	case relation == t.table:
		return nil // the rows were appended to it
	}
	// The rows need not lie in the table in the file's order: every reader of calls and activities
	// orders by what it means (line, time, key), and the figures are sums. Keeping the order makes
	// DuckDB merge its threads' row groups in order once the stream ends, about a tenth of the
	// load at a million rows. The setting is the database's, not the connection's: it is put back
	// as it was, whatever happens.
	var preserve string
	if err := conn.QueryRowContext(ctx, "SELECT current_setting('preserve_insertion_order')::VARCHAR").Scan(&preserve); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "SET preserve_insertion_order = false"); err != nil {
		return err
	}
	_, err := conn.ExecContext(ctx, insert)
	if preserve != "false" {
		preserve = "true"
	}
	if _, resetErr := conn.ExecContext(context.WithoutCancel(ctx), "SET preserve_insertion_order = "+preserve); resetErr != nil {
		return cmp.Or(err, resetErr)
	}
	return err
}

// commitFile forms the file's records, checks and classifies them, leaves in the warehouse those
// to load, with the file's log entry, and commits the file's transaction, which the caller began
// on conn (drawing plan.FileID, and removing the rows of a file it replaces).
func commitFile(ctx context.Context, conn *sql.Conn, plan *sqlPlan, suspects []int64, path, digest string, hashed os.FileInfo, toolVersion string, logger *slog.Logger, res *Result) error {
	took := func(step string, since time.Time) {
		logger.Debug("ingest step", "file", path, "step", step, "took", time.Since(since).Round(time.Millisecond))
	}
	size := hashed.Size()
	fileID := plan.FileID
	var scripts []string
	for _, name := range []string{"records.sql", "checks.sql", "classify.sql", "load_quarantine.sql", "load_flags.sql", "load_rows.sql"} {
		text, err := renderSQL(name, plan)
		if err != nil {
			return err
		}
		scripts = append(scripts, text)
	}
	for i, step := range []string{"form records", "check records", "classify records"} {
		began := time.Now()
		if step == "check records" && plan.Screened {
			// The records the decoder's screen kept back, which alone the checks read.
			if _, err := conn.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE staged_suspects (line BIGINT)"); err != nil {
				return fmt.Errorf("%s: %w", step, err)
			}
			if len(suspects) > 0 {
				if _, err := conn.ExecContext(ctx, "INSERT INTO staged_suspects SELECT unnest($1::BIGINT[])", suspects); err != nil {
					return fmt.Errorf("%s: %w", step, err)
				}
			}
		}
		if err := execScript(ctx, conn, scripts[i]); err != nil {
			return fmt.Errorf("%s: %w", step, err)
		}
		took(step, began)
	}
	var repeats, faults int64
	// staged_class holds the records not to load: the others are.
	err := conn.QueryRowContext(ctx, `WITH every AS (SELECT coalesce(sum(unit_rows), 0) AS rows, count(*) AS records FROM staged_records)
		SELECT
			any_value(every.rows) - coalesce(sum(c.unit_rows), 0),
			coalesce(sum(c.unit_rows) FILTER (WHERE c.class = 'duplicate'), 0),
			coalesce(sum(c.unit_rows) FILTER (WHERE c.class IN ('conflict', 'quarantine')), 0),
			any_value(every.records) - count(c.line),
			(SELECT count(*) FROM staged_repeats),
			(SELECT count(*) FROM staged_quarantine)
		FROM every LEFT JOIN staged_class c ON true`).Scan(&res.Loaded, &res.Duplicates, &res.Quarantined, &res.Records, &repeats, &faults)
	if err != nil {
		return fmt.Errorf("count records: %w", err)
	}
	res.Duplicates += repeats
	res.Quarantined += faults
	for i, step := range []string{"load quarantine", "load flags", "load rows"} {
		began := time.Now()
		if _, err := conn.ExecContext(ctx, scripts[3+i], sql.Named("file_id", fileID)); err != nil {
			return fmt.Errorf("%s: %w", step, err)
		}
		took(step, began)
	}
	if plan.Table == "calls" {
		began := time.Now()
		if err := measureResolution(ctx, conn, plan, fileID, res); err != nil {
			return fmt.Errorf("clock resolution: %w", err)
		}
		took("clock resolution", began)
	}
	res.ByCheck = map[string]int64{}
	rows, err := conn.QueryContext(ctx, `SELECT check_name, count(*) FROM quarantine WHERE file_id = $1 GROUP BY ALL
		UNION ALL SELECT check_name || ' (flag)', count(*) FROM flags WHERE file_id = $1 GROUP BY ALL`, fileID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var check string
		var n int64
		if err := rows.Scan(&check, &n); err != nil {
			rows.Close()
			return err
		}
		res.ByCheck[check] = n
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := conn.QueryRowContext(ctx, "SELECT count(DISTINCT record_key) FROM flags WHERE file_id = ?", fileID).Scan(&res.Flagged); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `INSERT INTO ingest_files
		(file_id, name, path, kind, sha256, bytes, rows_read, loaded, quarantined, duplicates, ingested_at, ingested_by, tool_version,
		 profile, format, encoding, records, flagged, sheet, time_zone, clock_resolution)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), ?, ?, ?, ?, ?, ?, ?, nullif(?, ''), ?, nullif(?, ''))`,
		fileID, filepath.Base(path), path, plan.Table, digest, size, res.RowsRead, res.Loaded, res.Quarantined, res.Duplicates,
		whoAmI(), toolVersion, res.Profile, res.Format, res.Encoding, res.Records, res.Flagged, res.Sheet, res.TimeZone, res.ClockResolution)
	if err != nil {
		return fmt.Errorf("record ingest log: %w", err)
	}
	if err := unchanged(path, hashed); err != nil {
		return err
	}
	began := time.Now()
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return err
	}
	took("commit", began)
	res.FileID = fileID
	return nil
}

// The clock resolutions of a calls file.
const (
	ResolutionSecond = "second"
	ResolutionMinute = "minute"
)

// measureResolution tells whether the calls loaded from the file record their times to the minute
// only: at least 20 times given, 99% or more of them on a whole minute. Shares within a threshold
// are then overstated (an arrival 4:59 after the call is written as 4:00 or 5:00 of a clock).
func measureResolution(ctx context.Context, conn *sql.Conn, plan *sqlPlan, fileID int64, res *Result) error {
	text, err := renderSQL("clock_resolution.sql", plan)
	if err != nil {
		return err
	}
	var times, whole int64
	if err := conn.QueryRowContext(ctx, text, sql.Named("file_id", fileID)).Scan(&times, &whole); err != nil {
		return err
	}
	res.ClockResolution = ResolutionSecond
	if times >= 20 && whole*100 >= times*99 {
		res.ClockResolution = ResolutionMinute
	}
	return nil
}

// Undo takes the files of results back out of the warehouse, in one transaction: their calls or
// activities, quarantined rows, flags and ingest log entries, as if they had never been ingested.
// It is for a batch that failed after some of its files were ingested (bulletin run), so that the
// warehouse is as it was before the batch. Skipped files were not ingested and stay as they are; a
// file that replaced another cannot be undone (the replaced rows are gone) and is refused.
func Undo(ctx context.Context, w *warehouse.Warehouse, results []Result) error {
	var ids []int64
	for _, r := range results {
		switch {
		case r.Skipped || r.FileID == 0:
			continue
		case r.Replaced != "":
			return fmt.Errorf("undo %s: it replaced %s, whose rows are no longer in the warehouse", r.Path, r.Replaced)
		}
		ids = append(ids, r.FileID)
	}
	if len(ids) == 0 {
		return nil
	}
	tx, err := w.DB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("undo: %w", err)
	}
	defer tx.Rollback()
	for _, table := range []string{"calls", "activities", "quarantine", "flags", "ingest_files"} {
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE file_id = ?", id); err != nil {
				return fmt.Errorf("undo: %s: %w", table, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("undo: %w", err)
	}
	return nil
}

// execScript runs the statements of an SQL script one by one; a statement ends with ';' at the end
// of a line that is not a comment.
func execScript(ctx context.Context, conn *sql.Conn, script string) error {
	var stmt strings.Builder
	for line := range strings.Lines(script) {
		stmt.WriteString(line)
		if code := strings.TrimSpace(line); strings.HasSuffix(code, ";") && !strings.HasPrefix(code, "--") {
			if _, err := conn.ExecContext(ctx, stmt.String()); err != nil {
				return err
			}
			stmt.Reset()
		}
	}
	return nil
}

// renderSQL fills the program-chosen identifiers into an embedded SQL file.
func renderSQL(name string, params any) (string, error) {
	text, err := sqlFiles.ReadFile("sql/" + name)
	if err != nil {
		return "", err
	}
	tmpl, err := template.New(name).Option("missingkey=error").Funcs(sqlFuncs).Parse(string(text))
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, params); err != nil {
		return "", err
	}
	return b.String(), nil
}

// errNotRegular reports a path that is not a regular file: a FIFO would block ingest forever while
// it holds the warehouse, a device would never end.
var errNotRegular = errors.New("not a regular file (a pipe, device or socket): ingest reads files only")

// errChanged reports a file that was written to while ingest read it.
var errChanged = errors.New("the file changed while it was read (is it still being written?); ingest it again once it is complete")

// regularFile returns what path is now, or errNotRegular when it is not a regular file.
func regularFile(path string) (os.FileInfo, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, errNotRegular
	}
	return info, nil
}

// hashFile returns the SHA-256 of the content of the regular file path, which info (regularFile)
// describes, or errChanged when its size is no longer info's.
func hashFile(path string, info os.FileInfo) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", err
	}
	if n != info.Size() {
		return "", errChanged
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// unchanged reports errChanged when the file's size or modification time is no longer what it was
// when it was hashed: its rows may not be the bytes the hash names.
func unchanged(path string, before os.FileInfo) error {
	now, err := os.Stat(path)
	if err != nil {
		return err
	}
	if now.Size() != before.Size() || !now.ModTime().Equal(before.ModTime()) {
		return errChanged
	}
	return nil
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
