package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"bulletin/bench"
	"bulletin/metrics/campaign"
	"bulletin/sample-data/synth"
)

// defaultBenchDir is bench's scratch folder, relative to the folder bulletin is run in (ignored by
// git in the repository). It is on the same disk as the warehouse would be, unlike a /tmp that may
// be memory.
const defaultBenchDir = "bench-work"

func benchCommand() command {
	return command{
		name:    "bench",
		summary: "Measure the monthly batch on N generated calls (ingest, metrics, reports) against bare DuckDB's read_csv and the same aggregates, and a plain pandas script computing them; print time, rows/s, MB/s and peak RSS per stage.",
		usage:   "[--calls 1M,10M] [--runs 3] [--append N] [flags]",
		setup: func(fs *flag.FlagSet) func(context.Context, *environment, []string) error {
			calls := fs.String("calls", "1000000,10000000", "numbers of calls to measure at, comma-separated; k and M suffixes allowed (1M = 1000000)")
			runs := fs.Int("runs", 3, "runs at each number of calls; the table shows their medians")
			dir := fs.String("dir", defaultBenchDir, "scratch folder; each bench works in a new folder inside it, removed at the end unless --keep (10M calls need about 5 GB)")
			appendCalls := fs.String("append", "", "after the last run at the largest size, ingest this many calls of the next month into an empty warehouse and into that run's warehouse, and compare (k and M suffixes allowed)")
			config := fs.String("config", defaultConfig, "campaign file whose figures and outputs the batch computes; its period is narrowed to the generated month")
			month := fs.String("month", bench.DefaultMonth.String(), "month of the generated calls, YYYY-MM")
			seed := fs.Uint64("seed", synth.DefaultSeed, "seed of the generated calls; the same seed gives byte-identical files")
			cpuProfile := fs.String("cpuprofile", "", "write a pprof CPU profile of the timed stages of the first run to `FILE` (samples labelled by stage)")
			keep := fs.Bool("keep", false, "keep the scratch folder: every run's CSV, warehouse, baseline file and outputs")
			pandas := fs.Bool("pandas", true, "also measure a plain pandas script computing the baseline's figures from the same CSV, checked equal to them (needs Debian's python3-pandas: apt-get install python3-pandas)")
			python := fs.String("python", bench.DefaultPython, "Python interpreter of the pandas script")
			engine := addEngineFlags(fs)
			fs.String("warehouse", defaultWarehouse, "warehouse file (not used by bench, which makes fresh warehouses under --dir; accepted for symmetry)")
			return func(ctx context.Context, env *environment, args []string) error {
				if len(args) > 0 {
					return usageError{"bench takes no arguments"}
				}
				cfg := bench.Config{Runs: *runs, Dir: *dir, Keep: *keep, Seed: *seed, MemoryLimit: *engine.memoryLimit,
					TempDir: *engine.tempDir, ToolVersion: programVersion(), Logger: env.logger, Pandas: *pandas, Python: *python}
				var err error
				if cfg.Sizes, err = parseCounts(*calls); err != nil {
					return usageError{"--calls: " + err.Error()}
				}
				if *appendCalls != "" {
					if cfg.Append, err = parseCount(*appendCalls); err != nil {
						return usageError{"--append: " + err.Error()}
					}
				}
				if *runs < 1 {
					return usageError{"--runs must be at least 1"}
				}
				if cfg.Month, err = bench.ParseMonth(*month); err != nil {
					return usageError{"--month: " + err.Error()}
				}
				if cfg.Campaign, err = campaign.Load(*config); err != nil {
					return err
				}
				if *cpuProfile != "" {
					f, err := os.Create(*cpuProfile)
					if err != nil {
						return fmt.Errorf("bench: %w", err)
					}
					defer f.Close()
					cfg.CPUProfile = f
				}
				res, err := bench.Run(ctx, cfg)
				if err != nil {
					return err
				}
				return bench.WriteTable(env.stdout, res)
			}
		},
	}
}

// parseCounts reads a comma-separated list of counts such as "1M,10M" or "3000,500k".
func parseCounts(s string) ([]int64, error) {
	var counts []int64
	for part := range strings.SplitSeq(s, ",") {
		n, err := parseCount(part)
		if err != nil {
			return nil, err
		}
		counts = append(counts, n)
	}
	return counts, nil
}

// parseCount reads a positive count, optionally with the suffix k (thousand) or M (million).
func parseCount(text string) (int64, error) {
	s := strings.TrimSpace(text)
	multiplier := int64(1)
	switch {
	case strings.HasSuffix(s, "k"), strings.HasSuffix(s, "K"):
		multiplier, s = 1_000, s[:len(s)-1]
	case strings.HasSuffix(s, "M"):
		multiplier, s = 1_000_000, s[:len(s)-1]
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > (1<<53)/multiplier {
		return 0, fmt.Errorf("%q is not a positive count such as 3000, 500k or 10M", text)
	}
	return n * multiplier, nil
}
