// Package bench measures the monthly batch at scale: it generates N canonical calls of one month,
// runs the batch on them as bulletin's command line does (ingest into a fresh file warehouse, the
// campaign's metrics, the reports without Detail sheets) and, in the same process, a baseline: bare
// DuckDB loading the same CSV with read_csv and running the same aggregates (baseline.sql). Every
// stage is timed, with its processor time, peak resident memory and bytes written; Run returns the
// medians over several runs, and WriteTable prints them. With Config.Pandas, a third peer follows
// the baseline in every run: a plain pandas script computing the baseline's figures from the same CSV
// (peer_pandas.go), whose figures must equal the baseline's.
//
// Generate writes the calls: valid rows with the sample campaign's mix and rhythm, deterministic for a
// seed. docs/performance.md ("The monthly batch") has the figures measured with `bulletin bench`.
package bench

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"time"

	"bulletin/ingest"
	"bulletin/metrics"
	"bulletin/metrics/campaign"
	"bulletin/metrics/figures"
	"bulletin/reports"
	"bulletin/warehouse"
)

// The stages of a run, in the order they run. The batch is ingest, metrics, reports and close (the
// warehouse's last checkpoint); the baseline is its load, aggregates and close.
const (
	StageIngest             = "ingest"
	StageMetrics            = "metrics"
	StageReports            = "reports"
	StageClose              = "close"
	StageBaselineLoad       = "baseline load"
	StageBaselineAggregates = "baseline aggregates"
	StageBaselineClose      = "baseline close"
	// StageBatch and StageBaseline are the totals: their times, processor times and bytes written are
	// sums over their stages, their peak RSS the highest of them.
	StageBatch    = "batch"
	StageBaseline = "baseline"
)

var (
	batchStages    = []string{StageIngest, StageMetrics, StageReports, StageClose}
	baselineStages = []string{StageBaselineLoad, StageBaselineAggregates, StageBaselineClose}
)

// Config is what Run measures and where.
type Config struct {
	// Sizes are the numbers of calls to measure the batch at, in order.
	Sizes []int64
	// Runs is the number of runs at each size (at least 1); Run reports their medians.
	Runs int
	// Dir is the scratch folder; Run works in a new folder inside it, removed at the end unless Keep.
	// It needs room for the CSV (about 190 bytes a call), the warehouse and the baseline's file.
	Dir string
	// Keep keeps the scratch folder: every run's CSV, warehouse, baseline file and outputs.
	Keep bool
	// Campaign is the campaign whose figures and outputs the batch computes; Run narrows its period to
	// the generated month.
	Campaign *campaign.Campaign
	// Month is the month of the generated calls; zero means DefaultMonth.
	Month Month
	// Seed is the generator's seed; zero means the sample's.
	Seed uint64
	// MemoryLimit and TempDir are DuckDB's memory limit and spill folder, for the warehouse and the
	// baseline alike ("" as in warehouse.Options).
	MemoryLimit, TempDir string
	// Append, when positive, is a number of calls of the next month to ingest after the last run at
	// the largest size, into a fresh warehouse and into that run's warehouse (see AppendResult).
	Append int64
	// CPUProfile, when set, receives a pprof CPU profile of the timed stages of the first run at the
	// first size, each sample labelled with its stage ("stage").
	CPUProfile io.Writer
	// ToolVersion is recorded in the ingest log, as bulletin ingest does.
	ToolVersion string
	// Logger receives progress; nil discards it.
	Logger *slog.Logger
	// Pandas, when set, measures a third peer in every run after the baseline: a plain pandas script
	// (peer_pandas.py) computing the baseline's figures from the same CSV file, run by Python as a
	// child process (StagePandas). Its figures must equal the baseline's; Run fails at once, before
	// measuring anything, when Python or pandas is missing.
	Pandas bool
	// Python is the interpreter of the pandas peer; empty means DefaultPython.
	Python string
}

// Result is what Run measured.
type Result struct {
	Machine Machine
	// MemoryLimit is DuckDB's memory limit in force.
	MemoryLimit string
	Month       Month
	Sizes       []SizeResult
	// Append is the incremental measurement, when Config.Append asked for it.
	Append *AppendResult
	// Pandas is the pandas peer's interpreter and versions, when Config.Pandas measured it.
	Pandas string
}

// SizeResult is the measurement at one number of calls.
type SizeResult struct {
	Calls    int64
	CSVBytes int64
	// Runs holds every run's stages; Median the median of each stage and total over the runs.
	Runs   []RunResult
	Median []Stage
	// Ratio is the batch's median time over the baseline's.
	Ratio float64
}

// RunResult is the stages of one run, in order, followed by the totals.
type RunResult struct {
	Stages []Stage
	// report and figures are the batch's and the baseline's results, for the tests' cross-check;
	// pandasFigures the pandas peer's, when measured.
	report        *metrics.Report
	figures       Figures
	pandasFigures Figures
}

// Stage returns the stage of the given name, or a zero Stage.
func (r RunResult) Stage(name string) Stage { return stageNamed(r.Stages, name) }

// Stage returns the median stage of the given name, or a zero Stage.
func (s SizeResult) Stage(name string) Stage { return stageNamed(s.Median, name) }

func stageNamed(stages []Stage, name string) Stage {
	if i := slices.IndexFunc(stages, func(s Stage) bool { return s.Name == name }); i >= 0 {
		return stages[i]
	}
	return Stage{}
}

// AppendResult measures the cost of adding a month to a warehouse that already holds one: the same
// file of the next month ingested into a fresh, empty warehouse (Fresh) and into the warehouse of the
// last run at the largest size (Existing). Each ingest stage covers opening the warehouse, ingesting
// the file and closing the warehouse, as `bulletin ingest` does; the metrics stages compute the new
// month's figures in each warehouse.
type AppendResult struct {
	Calls    int64
	CSVBytes int64
	Month    Month
	// Existing holds ExistingCalls calls before the append.
	ExistingCalls                         int64
	Fresh, Existing                       Stage
	FreshMetrics, ExistingMetrics         Stage
	FreshSize                             int64
	ExistingSizeBefore, ExistingSizeAfter int64
}

// Ratio returns the existing warehouse's ingest time over the fresh one's.
func (a AppendResult) Ratio() float64 { return ratio(a.Existing.Wall, a.Fresh.Wall) }

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Run measures the batch and the baseline at every size of cfg, cfg.Runs times each.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if len(cfg.Sizes) == 0 || cfg.Campaign == nil {
		return nil, errors.New("bench: no size or no campaign to measure")
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	runs := max(cfg.Runs, 1)
	month := cmp.Or(cfg.Month, DefaultMonth)
	res := &Result{Machine: describeMachine(), MemoryLimit: cmp.Or(cfg.MemoryLimit, warehouse.DefaultMemoryLimit()), Month: month}

	if cfg.Pandas {
		versions, err := probePandas(ctx, cfg.python())
		if err != nil {
			return nil, err
		}
		res.Pandas = versions
	}
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	root, err := os.MkdirTemp(cfg.Dir, "bench-*")
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	if cfg.Keep {
		logger.Info("keeping the scratch folder", "folder", root)
	} else {
		defer os.RemoveAll(root)
	}
	b := &bencher{cfg: cfg, logger: logger, month: month, campaign: forMonth(cfg.Campaign, month), result: res}
	largest := slices.Max(cfg.Sizes)
	appendPending := cfg.Append > 0
	for si, n := range cfg.Sizes {
		size := SizeResult{Calls: n}
		for i := range runs {
			dir := filepath.Join(root, fmt.Sprintf("calls-%d-run-%d", n, i+1))
			profile := si == 0 && i == 0 && cfg.CPUProfile != nil
			run, csvBytes, err := b.run(ctx, dir, n, profile)
			if err != nil {
				return res, err
			}
			size.CSVBytes = csvBytes
			size.Runs = append(size.Runs, run)
			logRun(logger, n, i+1, runs, run)
			if appendPending && n == largest && i == runs-1 {
				appendPending = false
				a, err := b.append(ctx, root, filepath.Join(dir, "warehouse.duckdb"), n)
				if err != nil {
					return res, err
				}
				res.Append = a
			}
			if !cfg.Keep {
				os.RemoveAll(dir)
			}
		}
		size.Median = medians(size.Runs)
		size.Ratio = ratio(size.Stage(StageBatch).Wall, size.Stage(StageBaseline).Wall)
		res.Sizes = append(res.Sizes, size)
	}
	return res, nil
}

// bencher holds what the runs of one Run share.
type bencher struct {
	cfg      Config
	logger   *slog.Logger
	month    Month
	campaign *campaign.Campaign
	result   *Result
}

// forMonth returns a copy of c whose period is the month, with the default baselines of that period
// (the previous month and the same month a year earlier) and published on its last day.
func forMonth(c *campaign.Campaign, m Month) *campaign.Campaign {
	narrowed := *c
	narrowed.Period = campaign.Period{Start: m.FirstDay(), End: m.LastDay()}
	narrowed.Published = m.LastDay()
	narrowed.Baselines = campaign.DefaultBaselines(narrowed.Period)
	return &narrowed
}

// run generates n calls in the new folder dir and measures the batch and the baseline on them. It
// returns the run and the size of the CSV file.
func (b *bencher) run(ctx context.Context, dir string, n int64, profile bool) (RunResult, int64, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return RunResult{}, 0, fmt.Errorf("bench: %w", err)
	}
	csvPath := filepath.Join(dir, b.month.CallsFileName())
	started := time.Now()
	gen, err := GenerateFile(ctx, csvPath, GenerateOptions{Calls: n, Month: b.month, Seed: b.cfg.Seed})
	if err != nil {
		return RunResult{}, 0, fmt.Errorf("bench: %w", err)
	}
	b.logger.Info("calls generated", "calls", gen.Calls, "bytes", gen.Bytes, "file", csvPath, "elapsed", time.Since(started).Round(time.Millisecond))

	if profile {
		if err := pprof.StartCPUProfile(b.cfg.CPUProfile); err != nil {
			return RunResult{}, 0, fmt.Errorf("bench: cpu profile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	var run RunResult
	stage := func(name string, rows int64, fn func(context.Context) error) error {
		s, err := measure(ctx, name, rows, gen.Bytes, fn)
		if err != nil {
			return fmt.Errorf("bench: %d calls, %s: %w", n, name, err)
		}
		run.Stages = append(run.Stages, s)
		return nil
	}

	var w *warehouse.Warehouse
	var loaded int64
	err = stage(StageIngest, n, func(ctx context.Context) error {
		var err error
		w, err = b.openWarehouse(ctx, filepath.Join(dir, "warehouse.duckdb"))
		if err != nil {
			return err
		}
		r, err := ingest.File(ctx, w, csvPath, ingest.Options{ToolVersion: b.cfg.ToolVersion})
		if err != nil {
			return err
		}
		if r.Loaded != n || r.Quarantined != 0 || r.Duplicates != 0 {
			return fmt.Errorf("ingest of %s loaded %d of %d calls (%d quarantined, %d duplicates)", csvPath, r.Loaded, n, r.Quarantined, r.Duplicates)
		}
		loaded = r.Loaded
		return nil
	})
	if err != nil {
		if w != nil {
			w.Close()
		}
		return run, gen.Bytes, err
	}
	err = stage(StageMetrics, loaded, func(ctx context.Context) error {
		var err error
		run.report, err = figures.Compute(ctx, w, b.campaign)
		return err
	})
	if err == nil {
		err = stage(StageReports, loaded, func(ctx context.Context) error {
			_, err := reports.Write(ctx, filepath.Join(dir, "out"), run.report, reports.Options{})
			return err
		})
	}
	if err != nil {
		w.Close()
		return run, gen.Bytes, err
	}
	if err := stage(StageClose, loaded, func(context.Context) error { return w.Close() }); err != nil {
		return run, gen.Bytes, err
	}

	var base *baseline
	err = stage(StageBaselineLoad, n, func(ctx context.Context) error {
		var err error
		base, err = openBaseline(ctx, filepath.Join(dir, "baseline.duckdb"), b.result.MemoryLimit, b.cfg.TempDir)
		if err != nil {
			return err
		}
		rows, err := base.load(ctx, csvPath)
		if err == nil && rows != n {
			err = fmt.Errorf("read_csv loaded %d of %d calls", rows, n)
		}
		return err
	})
	if err != nil {
		if base != nil {
			base.Close()
		}
		return run, gen.Bytes, err
	}
	if b.result.Machine.DuckDB == "" {
		b.result.Machine.DuckDB, _ = base.version(ctx)
	}
	err = stage(StageBaselineAggregates, n, func(ctx context.Context) error {
		var err error
		run.figures, err = base.aggregates(ctx, b.campaign)
		return err
	})
	if err != nil {
		base.Close()
		return run, gen.Bytes, err
	}
	if err := stage(StageBaselineClose, n, func(context.Context) error { return base.Close() }); err != nil {
		return run, gen.Bytes, err
	}
	if b.cfg.Pandas {
		s, figures, err := b.pandas(ctx, csvPath, n, gen.Bytes, run.figures)
		run.pandasFigures = figures
		if err != nil {
			return run, gen.Bytes, fmt.Errorf("bench: %d calls, %w", n, err)
		}
		run.Stages = append(run.Stages, s)
	}
	run.Stages = append(run.Stages, total(StageBatch, run.Stages, batchStages), total(StageBaseline, run.Stages, baselineStages))
	return run, gen.Bytes, nil
}

func (b *bencher) openWarehouse(ctx context.Context, path string) (*warehouse.Warehouse, error) {
	return warehouse.OpenWith(ctx, path, warehouse.Options{TimeZone: b.campaign.TimeZone, MemoryLimit: b.result.MemoryLimit, TempDir: b.cfg.TempDir})
}

// append measures the ingest of cfg.Append calls of the next month into a fresh warehouse and into
// the warehouse at existing, which holds existingCalls calls, and the new month's metrics in each.
func (b *bencher) append(ctx context.Context, root, existing string, existingCalls int64) (*AppendResult, error) {
	next := b.month.Next()
	dir := filepath.Join(root, "append")
	if err := os.MkdirAll(filepath.Join(dir, "fresh"), 0o755); err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	csvPath := filepath.Join(dir, next.CallsFileName())
	gen, err := GenerateFile(ctx, csvPath, GenerateOptions{Calls: b.cfg.Append, Month: next, Seed: b.cfg.Seed})
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	a := &AppendResult{Calls: gen.Calls, CSVBytes: gen.Bytes, Month: next, ExistingCalls: existingCalls}
	nextCampaign := forMonth(b.cfg.Campaign, next)
	into := func(name, path string) (Stage, Stage, error) {
		ingested, err := measure(ctx, name, gen.Calls, gen.Bytes, func(ctx context.Context) error {
			w, err := b.openWarehouse(ctx, path)
			if err != nil {
				return err
			}
			r, err := ingest.File(ctx, w, csvPath, ingest.Options{ToolVersion: b.cfg.ToolVersion})
			if err == nil && r.Loaded != gen.Calls {
				err = fmt.Errorf("ingest of %s loaded %d of %d calls", csvPath, r.Loaded, gen.Calls)
			}
			if cerr := w.Close(); err == nil {
				err = cerr
			}
			return err
		})
		if err != nil {
			return ingested, Stage{}, fmt.Errorf("bench: append %s: %w", name, err)
		}
		w, err := b.openWarehouse(ctx, path)
		if err != nil {
			return ingested, Stage{}, err
		}
		defer w.Close()
		computed, err := measure(ctx, name+" metrics", gen.Calls, gen.Bytes, func(ctx context.Context) error {
			_, err := figures.Compute(ctx, w, nextCampaign)
			return err
		})
		if err != nil {
			return ingested, computed, fmt.Errorf("bench: append %s metrics: %w", name, err)
		}
		return ingested, computed, nil
	}
	a.ExistingSizeBefore = fileSize(existing)
	if a.Fresh, a.FreshMetrics, err = into("append to empty", filepath.Join(dir, "fresh", "warehouse.duckdb")); err != nil {
		return a, err
	}
	b.logger.Info("appended to an empty warehouse", "calls", a.Calls, "elapsed", a.Fresh.Wall.Round(time.Millisecond))
	if a.Existing, a.ExistingMetrics, err = into("append to existing", existing); err != nil {
		return a, err
	}
	b.logger.Info("appended to the warehouse", "calls", a.Calls, "existing_calls", existingCalls, "elapsed", a.Existing.Wall.Round(time.Millisecond))
	a.FreshSize = fileSize(filepath.Join(dir, "fresh", "warehouse.duckdb"))
	a.ExistingSizeAfter = fileSize(existing)
	return a, nil
}

// fileSize returns the size of a DuckDB file with its write-ahead log, or 0.
func fileSize(path string) int64 {
	var size int64
	for _, p := range []string{path, path + ".wal"} {
		if info, err := os.Stat(p); err == nil {
			size += info.Size()
		}
	}
	return size
}

// total sums the named stages into one: times and bytes add up, the peak is the highest.
func total(name string, stages []Stage, parts []string) Stage {
	t := Stage{Name: name}
	for i, part := range parts {
		s := stageNamed(stages, part)
		if i == 0 {
			t.Rows, t.Bytes, t.StartRSS = s.Rows, s.Bytes, s.StartRSS
		}
		t.Wall += s.Wall
		t.CPU += s.CPU
		t.Written += s.Written
		t.PeakRSS = max(t.PeakRSS, s.PeakRSS)
	}
	return t
}

// medians returns, for every stage of the runs, the median of each of its measures over the runs
// (each measure on its own, so a median stage may combine figures of different runs).
func medians(runs []RunResult) []Stage {
	if len(runs) == 0 {
		return nil
	}
	var out []Stage
	for _, first := range runs[0].Stages {
		var stages []Stage
		for _, r := range runs {
			stages = append(stages, r.Stage(first.Name))
		}
		m := first
		m.Wall = median(stages, func(s Stage) time.Duration { return s.Wall })
		m.CPU = median(stages, func(s Stage) time.Duration { return s.CPU })
		m.PeakRSS = median(stages, func(s Stage) int64 { return s.PeakRSS })
		m.StartRSS = median(stages, func(s Stage) int64 { return s.StartRSS })
		m.Written = median(stages, func(s Stage) int64 { return s.Written })
		out = append(out, m)
	}
	return out
}

// median returns the median of a measure; with an even number of runs, the mean of the middle two.
func median[T time.Duration | int64](stages []Stage, measure func(Stage) T) T {
	values := make([]T, len(stages))
	for i, s := range stages {
		values[i] = measure(s)
	}
	slices.Sort(values)
	mid := len(values) / 2
	if len(values)%2 == 0 {
		return (values[mid-1] + values[mid]) / 2
	}
	return values[mid]
}

func logRun(logger *slog.Logger, n int64, i, runs int, run RunResult) {
	attrs := []any{"calls", n, "run", fmt.Sprintf("%d/%d", i, runs)}
	for _, s := range run.Stages {
		attrs = append(attrs, s.Name, s.Wall.Round(time.Millisecond))
	}
	logger.Info("run measured", attrs...)
}
