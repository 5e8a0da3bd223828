package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"bulletin/ingest"
	"bulletin/metrics"
	"bulletin/metrics/campaign"
	"bulletin/metrics/figures"
	"bulletin/reports"
	"bulletin/sample-data/synth"
	"bulletin/warehouse"
)

// Defaults shared by the commands, relative to the folder bulletin is run in (the repository root
// for the README's commands).
const (
	defaultWarehouse = "bulletin.duckdb"
	defaultConfig    = "sample-data/campaign.yaml"
	defaultSampleDir = "sample-data/generated"
	defaultOut       = "out"
)

func sampleCommand() command {
	return command{
		name:    "sample",
		summary: "Write the deterministic sample data set: 15 months of calls and activities of the Xiangtan command center.",
		usage:   "[flags]",
		setup: func(fs *flag.FlagSet) func(context.Context, *environment, []string) error {
			out := fs.String("out", defaultSampleDir, "folder to write the sample CSV files into")
			seed := fs.Uint64("seed", synth.DefaultSeed, "random seed; the same seed gives byte-identical files")
			fs.String("warehouse", defaultWarehouse, "warehouse file (not used by sample; accepted for symmetry)")
			return func(ctx context.Context, env *environment, args []string) error {
				if len(args) > 0 {
					return usageError{"sample takes no arguments"}
				}
				return writeSample(ctx, env, *out, *seed)
			}
		},
	}
}

func writeSample(ctx context.Context, env *environment, dir string, seed uint64) error {
	env.logger.Info("writing sample data", "folder", dir, "seed", seed)
	sum, err := synth.Write(ctx, dir, synth.Options{Seed: seed})
	if err != nil {
		return fmt.Errorf("sample: %w", err)
	}
	env.logger.Info("sample data written", "files", len(sum.Files), "call_rows", sum.Calls, "activity_rows", sum.Activities, "bytes", sum.Bytes)
	return nil
}

func ingestCommand() command {
	return command{
		name:    "ingest",
		summary: "Load exports (CSV, TSV, XLSX, JSON lines, Parquet, any of them gzipped; or every new one in a folder) into the warehouse, accounting for every row.",
		usage:   "[flags] FILE|DIR...",
		setup: func(fs *flag.FlagSet) func(context.Context, *environment, []string) error {
			wh := fs.String("warehouse", defaultWarehouse, "DuckDB warehouse file (created if missing)")
			tz := fs.String("tz", warehouse.DefaultTimeZone, "time zone of times written without an offset (a profile may set its own)")
			asJSON := fs.Bool("json", false, "print the per-file accounting as JSON on stdout")
			src := addSourceFlags(fs)
			period := fs.String("period", "", "declared period of the files, YYYY-MM or YYYY-MM-DD..YYYY-MM-DD (default: the month in each file name)")
			replace := fs.String("replace", "", "a corrected re-delivery: replace the earlier file of the same name by `FILE`, in one transaction")
			engine := addWarehouseFlags(fs)
			return func(ctx context.Context, env *environment, args []string) error {
				if *replace != "" {
					args = append(args, *replace)
					if len(args) > 1 {
						return usageError{"--replace takes the one corrected file; give no other file or folder"}
					}
				}
				if len(args) == 0 {
					return usageError{"name at least one file or folder to ingest"}
				}
				opts, err := src.options()
				if err != nil {
					return err
				}
				if *period != "" {
					// Refused before the warehouse is opened (and created): a usage mistake changes nothing.
					if err := ingest.CheckPeriod(*period); err != nil {
						return usageError{"--period: " + err.Error()}
					}
				}
				opts.Period, opts.Replace = *period, *replace != ""
				w, err := engine.open(ctx, *wh, *tz)
				if err != nil {
					return err
				}
				defer w.Close()
				results, err := ingestPaths(ctx, env, w, args, opts)
				if *asJSON {
					enc := json.NewEncoder(env.stdout)
					enc.SetIndent("", "  ")
					if encErr := enc.Encode(results); encErr != nil && err == nil {
						err = encErr
					}
				} else {
					printAccounting(env.stdout, results)
				}
				return err
			}
		},
	}
}

// engineFlags are the flags that bound DuckDB's memory, shared by every command that opens the
// warehouse, and (but for bench, whose warehouses are its own) how long to wait for one in use.
type engineFlags struct {
	memoryLimit, tempDir *string
	wait                 *time.Duration
}

func addEngineFlags(fs *flag.FlagSet) engineFlags {
	return engineFlags{
		memoryLimit: fs.String("memory-limit", "", "DuckDB's memory `LIMIT` (such as 1GB or 4GB); larger work spills to --temp-dir instead of failing\n"+
			"(default: half the memory free when the command starts, at least 500MB; here now "+warehouse.DefaultMemoryLimit()+")"),
		tempDir: fs.String("temp-dir", "", "folder DuckDB spills to past --memory-limit (default: the warehouse file's name with .tmp)"),
	}
}

// addWarehouseFlags adds the engine flags and --wait, for the commands that open the user's warehouse.
func addWarehouseFlags(fs *flag.FlagSet) engineFlags {
	e := addEngineFlags(fs)
	e.wait = fs.Duration("wait", 0, "while another bulletin holds the warehouse, keep trying for up to `DURATION` (such as 30s or 5m) instead of failing at once")
	return e
}

// open opens the warehouse file path in time zone tz with the engine flags.
func (e engineFlags) open(ctx context.Context, path, tz string) (*warehouse.Warehouse, error) {
	var wait time.Duration
	if e.wait != nil {
		wait = *e.wait
	}
	w, err := warehouse.OpenWith(ctx, path, warehouse.Options{TimeZone: tz, MemoryLimit: *e.memoryLimit, TempDir: *e.tempDir, Wait: wait})
	if errors.Is(err, warehouse.ErrInUse) && wait == 0 {
		return nil, fmt.Errorf("%w; run again when it has finished, or pass --wait to wait for it", err)
	}
	return w, err
}

// sourceFlags are the flags that say how to read an export.
type sourceFlags struct {
	profile, format, encoding, sheet *string
}

func addSourceFlags(fs *flag.FlagSet) sourceFlags {
	return sourceFlags{
		profile:  fs.String("profile", "", "mapping profile: a built-in name ("+strings.Join(ingest.BuiltinProfileNames(), ", ")+") or a YAML file; default: the built-in profile that fits each header"),
		format:   fs.String("format", "", "file format: csv, tsv, txt, xlsx, jsonl or parquet (default: from the file name)"),
		encoding: fs.String("encoding", "", "text encoding: utf-8, gb18030, gbk, utf-16le, utf-16be (default: detected)"),
		sheet:    fs.String("sheet", "", "XLSX worksheet (default: the first)"),
	}
}

func (f sourceFlags) options() (ingest.Options, error) {
	var opts ingest.Options
	if *f.profile != "" {
		p, err := ingest.LoadProfile(*f.profile)
		if err != nil {
			return opts, err
		}
		opts.Profile = p
	}
	opts.Source = ingest.SourceSpec{Format: *f.format, Encoding: *f.encoding, Sheet: *f.sheet}
	return opts, nil
}

func ingestPaths(ctx context.Context, env *environment, w *warehouse.Warehouse, args []string, opts ingest.Options) ([]ingest.Result, error) {
	paths, err := ingest.Paths(args)
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("ingest: no file ingest can read (%s) in %v", strings.Join(ingest.Formats(), " "), args)
	}
	opts.Logger, opts.ToolVersion = env.logger, programVersion()
	// A terminal gets a bar redrawn in place; a log gets a line every few seconds.
	if bar := newProgressBar(env.stderr); bar != nil {
		opts.Progress = bar.update
	} else {
		opts.Progress = newProgressLog(env.logger, time.Now).update
	}
	results, err := ingest.Files(ctx, w, paths, opts)
	if results == nil {
		results = []ingest.Result{}
	}
	return results, err
}

// printAccounting prints the per-file accounting as a table with a total row.
func printAccounting(out io.Writer, results []ingest.Result) {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "file\tprofile\trows read\tloaded\tquarantined\tduplicates\trecords\tflagged\t")
	var total ingest.Result
	for _, r := range results {
		name := filepath.Base(r.Path)
		if r.Skipped {
			fmt.Fprintf(tw, "%s\t\t\t\t\t\t\t\t  skipped: %s\n", name, r.SkipReason)
			continue
		}
		var notes []string
		if r.Records != r.Loaded {
			notes = append(notes, fmt.Sprintf("%d unit rows became %d calls", r.Loaded, r.Records))
		}
		if r.Replaced != "" {
			notes = append(notes, "replaced the earlier "+r.Replaced)
		}
		note := strings.Join(notes, "; ")
		if note != "" {
			// The note follows the right-aligned columns as plain text, not as a cell.
			note = "  " + note
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n", name, r.Profile, r.RowsRead, r.Loaded, r.Quarantined, r.Duplicates, r.Records, r.Flagged, note)
		total.RowsRead += r.RowsRead
		total.Loaded += r.Loaded
		total.Quarantined += r.Quarantined
		total.Duplicates += r.Duplicates
		total.Records += r.Records
		total.Flagged += r.Flagged
	}
	fmt.Fprintf(tw, "total\t\t%d\t%d\t%d\t%d\t%d\t%d\t\n", total.RowsRead, total.Loaded, total.Quarantined, total.Duplicates, total.Records, total.Flagged)
	tw.Flush()
}

// reportFlags are the flags of report and run.
type reportFlags struct {
	warehouse, config, out, templates *string
	detail, allowZoneMismatch         *bool
	recompute                         *bool
	engine                            engineFlags
}

func addReportFlags(fs *flag.FlagSet) reportFlags {
	return reportFlags{
		warehouse: fs.String("warehouse", defaultWarehouse, "DuckDB warehouse file"),
		config:    fs.String("config", defaultConfig, "campaign file (YAML) defining the period and the headline figures"),
		out:       fs.String("out", defaultOut, "output folder; replaced as a whole only when every output is written"),
		templates: fs.String("templates", "", "folder of bulletin templates to use instead of the built-in ones (see templates/)"),
		detail:    fs.Bool("detail", false, "add Detail sheets listing every call of the period to the workbooks (1,048,575 calls a sheet)"),
		allowZoneMismatch: fs.Bool("allow-zone-mismatch", false,
			"report even when files of the period were read in another time zone than the campaign's"),
		recompute: fs.Bool("recompute", false,
			"compute the comparison periods' figures from their calls, not from those stored by earlier reports\n"+
				"(stored figures are reused only when their period's files and the definitions are unchanged)"),
		engine: addWarehouseFlags(fs),
	}
}

func reportCommand() command {
	return command{
		name:    "report",
		summary: "Compute a campaign's figures from the warehouse and write the workbook, charts, bulletin texts and metrics.json.",
		usage:   "[flags]",
		setup: func(fs *flag.FlagSet) func(context.Context, *environment, []string) error {
			f := addReportFlags(fs)
			return func(ctx context.Context, env *environment, args []string) error {
				if len(args) > 0 {
					return usageError{"report takes no arguments"}
				}
				c, err := campaign.Load(*f.config)
				if err != nil {
					return err
				}
				if _, err := os.Stat(*f.warehouse); err != nil {
					return fmt.Errorf("report: warehouse %s: %w (run 'bulletin ingest' first)", *f.warehouse, err)
				}
				w, err := f.engine.open(ctx, *f.warehouse, c.TimeZone)
				if err != nil {
					return err
				}
				defer w.Close()
				return writeReport(ctx, env, w, c, f)
			}
		},
	}
}

func writeReport(ctx context.Context, env *environment, w *warehouse.Warehouse, c *campaign.Campaign, f reportFlags) error {
	// The outputs are stamped with SOURCE_DATE_EPOCH when it is set, and otherwise with the
	// campaign's publication date: never with the clock, so the same inputs give the same files.
	generatedAt, err := generationTime(os.Getenv(sourceDateEpoch))
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	began := time.Now()
	r, err := figures.ComputeWith(figures.WithLogger(ctx, env.logger), w, c, figures.Options{AllowZoneMismatch: *f.allowZoneMismatch, Recompute: *f.recompute})
	if err != nil {
		return err
	}
	env.logger.Info("figures computed", "campaign", c.ID, "calls", r.Units.Calls, "took", time.Since(began).Round(time.Millisecond))
	for _, warning := range r.Quality.Warnings {
		env.logger.Warn(warning)
	}
	began = time.Now()
	opts := reports.Options{Version: programVersion(), GeneratedAt: generatedAt}
	if *f.templates != "" {
		opts.Templates = os.DirFS(*f.templates)
	}
	if *f.detail {
		opts.Detail = func(ctx context.Context, yield func(*metrics.Call) error) error {
			return figures.Calls(ctx, w, c, yield)
		}
	}
	names, err := reports.Write(ctx, *f.out, r, opts)
	if err != nil {
		return err
	}
	env.logger.Info("outputs written", "folder", *f.out, "files", len(names), "took", time.Since(began).Round(time.Millisecond))
	for _, name := range names {
		fmt.Fprintln(env.stdout, filepath.Join(*f.out, name))
	}
	return nil
}

func runCommand() command {
	return command{
		name:    "run",
		summary: "The monthly batch: ingest the input folder, write the report (with --sample, first write the sample data there if it holds none).",
		usage:   "[flags]",
		setup: func(fs *flag.FlagSet) func(context.Context, *environment, []string) error {
			f := addReportFlags(fs)
			input := fs.String("input", defaultSampleDir, "folder of exports to ingest")
			sample := fs.Bool("sample", false, "write the deterministic sample data set into --input first, if it holds no file to ingest")
			seed := fs.Uint64("seed", synth.DefaultSeed, "seed of the sample data, when --sample writes it")
			return func(ctx context.Context, env *environment, args []string) error {
				if len(args) > 0 {
					return usageError{"run takes no arguments"}
				}
				c, err := campaign.Load(*f.config)
				if err != nil {
					return err
				}
				// Sample data is written only when asked for: an empty or mistyped folder is an
				// error, never a reason to invent calls in the user's warehouse.
				paths, pathErr := ingest.Paths([]string{*input})
				switch {
				case len(paths) == 0 && *sample:
					if err := writeSample(ctx, env, *input, *seed); err != nil {
						return err
					}
				case pathErr != nil:
					return fmt.Errorf("run: %w", pathErr)
				case len(paths) == 0:
					return fmt.Errorf("run: no file to ingest in %s (readable: %s); pass --sample to write the sample data set there", *input, strings.Join(ingest.Formats(), " "))
				}
				w, err := f.engine.open(ctx, *f.warehouse, c.TimeZone)
				if err != nil {
					return err
				}
				defer w.Close()
				// One run is all or nothing: when a file cannot be ingested, or the report cannot be
				// written, the files this run ingested are taken out again and the warehouse is as
				// it was before (the outputs always are: they are replaced only when complete).
				results, err := ingestPaths(ctx, env, w, []string{*input}, ingest.Options{})
				printAccounting(env.stderr, results)
				if err == nil {
					err = writeReport(ctx, env, w, c, f)
				}
				if err != nil {
					if undoErr := ingest.Undo(context.WithoutCancel(ctx), w, results); undoErr != nil {
						return fmt.Errorf("%w; and the files this run ingested could not be taken out again: %v", err, undoErr)
					}
					return fmt.Errorf("%w (the files this run ingested were taken out again: the warehouse is as it was)", err)
				}
				return nil
			}
		},
	}
}
