package bench

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// WriteTable prints res as plain-text tables: the machine, then for every size the median of each
// stage (time, rows/s, CSV MB/s, peak RSS, processor time, bytes written) with the ratio of the batch
// to the baseline (and, when measured, to the pandas peer), then the incremental measurement.
func WriteTable(out io.Writer, res *Result) error {
	w := &errWriter{w: out}
	m := res.Machine
	fmt.Fprintf(w, "machine: %d CPUs (%s), %s GiB memory, %s\n", m.CPUs, m.CPUModel, decimal(float64(m.Memory)/(1<<30), 1), m.Kernel)
	fmt.Fprintf(w, "software: %s, DuckDB %s (duckdb-go %s); DuckDB memory_limit %s\n", m.Go, m.DuckDB, m.DuckDBGo, res.MemoryLimit)
	if res.Pandas != "" {
		fmt.Fprintf(w, "pandas peer: %s\n", res.Pandas)
	}
	for _, size := range res.Sizes {
		runs := "one run"
		if len(size.Runs) > 1 {
			runs = "medians of " + strconv.Itoa(len(size.Runs)) + " runs"
		}
		fmt.Fprintf(w, "\n%s calls of %s, CSV %s MB; %s\n", thousands(size.Calls), res.Month, decimal(float64(size.CSVBytes)/1e6, 1), runs)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "stage\ttime\trows/s\tCSV MB/s\tpeak RSS\tRSS at start\tCPU\twritten\tvs baseline\t")
		versus := map[string]string{
			StageIngest:  StageBaselineLoad,
			StageMetrics: StageBaselineAggregates,
			StageClose:   StageBaselineClose,
			StageBatch:   StageBaseline,
			StagePandas:  StageBaseline,
		}
		for _, s := range size.Median {
			vs := ""
			if other, ok := versus[s.Name]; ok {
				vs = decimal(ratio(s.Wall, size.Stage(other).Wall), 2) + "x"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s MB\t%s\t\n", s.Name, secs(s.Wall), thousands(int64(s.RowsPerSecond())),
				decimal(s.MBPerSecond(), 1), mib(s.PeakRSS), mib(s.StartRSS), secs(s.CPU), decimal(float64(s.Written)/1e6, 0), vs)
		}
		tw.Flush()
		fmt.Fprintf(w, "metrics + reports: %s; batch / baseline: %sx\n",
			secs(size.Stage(StageMetrics).Wall+size.Stage(StageReports).Wall), decimal(size.Ratio, 2))
		if pandas := size.Stage(StagePandas); pandas.Name != "" {
			fmt.Fprintf(w, "batch vs pandas: %s (batch %s, pandas %s)\n", faster("the batch", "pandas", size.Stage(StageBatch).Wall, pandas.Wall),
				secs(size.Stage(StageBatch).Wall), secs(pandas.Wall))
		}
		if len(size.Runs) > 1 {
			var walls []string
			for _, r := range size.Runs {
				walls = append(walls, secs(r.Stage(StageBatch).Wall)+" / "+secs(r.Stage(StageBaseline).Wall))
			}
			fmt.Fprintf(w, "each run, batch / baseline: %s\n", strings.Join(walls, ", "))
		}
	}
	if a := res.Append; a != nil {
		fmt.Fprintf(w, "\nappend %s calls of %s (CSV %s MB): open, ingest, close\n", thousands(a.Calls), a.Month, decimal(float64(a.CSVBytes)/1e6, 1))
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "into\tingest\trows/s\tpeak RSS\tCPU\twritten\tmetrics of the month\twarehouse before\twarehouse after\t")
		fmt.Fprintf(tw, "an empty warehouse\t%s\t%s\t%s\t%s\t%s MB\t%s\t%s MB\t%s MB\t\n", secs(a.Fresh.Wall), thousands(int64(a.Fresh.RowsPerSecond())),
			mib(a.Fresh.PeakRSS), secs(a.Fresh.CPU), decimal(float64(a.Fresh.Written)/1e6, 0), secs(a.FreshMetrics.Wall), "0", decimal(float64(a.FreshSize)/1e6, 0))
		fmt.Fprintf(tw, "the warehouse of %s calls\t%s\t%s\t%s\t%s\t%s MB\t%s\t%s MB\t%s MB\t\n", thousands(a.ExistingCalls), secs(a.Existing.Wall), thousands(int64(a.Existing.RowsPerSecond())),
			mib(a.Existing.PeakRSS), secs(a.Existing.CPU), decimal(float64(a.Existing.Written)/1e6, 0), secs(a.ExistingMetrics.Wall),
			decimal(float64(a.ExistingSizeBefore)/1e6, 0), decimal(float64(a.ExistingSizeAfter)/1e6, 0))
		tw.Flush()
		fmt.Fprintf(w, "existing / empty: %sx for the ingest, %sx for the month's metrics\n", decimal(a.Ratio(), 2),
			decimal(ratio(a.ExistingMetrics.Wall, a.FreshMetrics.Wall), 2))
	}
	if w.err != nil {
		return fmt.Errorf("bench: write table: %w", w.err)
	}
	return nil
}

// errWriter keeps the first error of its writer and writes nothing after it.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return len(p), nil
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

// faster says how many times faster a is than b, or slower, from their times.
func faster(a, b string, aWall, bWall time.Duration) string {
	if aWall <= bWall {
		return a + " is " + decimal(ratio(bWall, aWall), 2) + "x faster than " + b
	}
	return a + " is " + decimal(ratio(aWall, bWall), 2) + "x slower than " + b
}

func secs(d time.Duration) string { return decimal(d.Seconds(), 2) + " s" }

func mib(bytes int64) string { return thousands(bytes>>20) + " MiB" }

func decimal(x float64, places int) string { return strconv.FormatFloat(x, 'f', places, 64) }

// thousands writes n with commas between groups of three digits.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	if n < 0 {
		return "-" + thousands(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
