package bench

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"os/exec"
	"slices"
	"strings"
	"time"

	"bulletin/metrics"
	"bulletin/metrics/campaign"
)

// The pandas peer: a plain pandas script (peer_pandas.py) that computes the baseline's figures from
// the same CSV file, the way a statistician would, run by Debian's python3 with python3-pandas as a
// child process. Its figures must equal the baseline's, value for value.

//go:embed peer_pandas.py
var pandasScript string

// StagePandas is the pandas peer's stage: the child process, from its start (the interpreter's
// start-up and pandas' import included) to its exit. Its processor time, peak resident set size and
// bytes written are the child's own (its rusage); its RSS at start is 0.
const StagePandas = "pandas"

// DefaultPython is the interpreter the pandas peer runs when Config.Python is empty: Debian's, the
// one apt-get's python3-pandas installs pandas for (a python3 found first on PATH, such as a pyenv
// shim, may lack it).
const DefaultPython = "/usr/bin/python3"

// pandasInstall says how to get what the peer needs, for its errors.
const pandasInstall = "install Debian's python3-pandas (apt-get install python3-pandas), point --python at a python3 that imports pandas, or turn the peer off (--pandas=false)"

// pandasSpec is what the script needs of the campaign, passed as a JSON argument: what baselineStatements
// writes into baseline.sql, so that the script names no category, subcategory or headline figure.
type pandasSpec struct {
	TimeZone string `json:"time_zone"`
	// Excluded are the categories without response times.
	Excluded []string `json:"excluded"`
	// Headline and Breakdowns are the measures campaignStatements writes a query for.
	Headline   []pandasMeasure `json:"headline"`
	Breakdowns []pandasMeasure `json:"breakdowns"`
}

// pandasMeasure is a headline figure of the calls, or a declared breakdown of them by one field or
// by day (By).
type pandasMeasure struct {
	ID        string              `json:"id"`
	By        string              `json:"by,omitempty"`
	Aggregate string              `json:"aggregate"`
	Field     string              `json:"field,omitempty"`
	Where     map[string][]string `json:"where,omitempty"`
	WhereNot  map[string][]string `json:"where_not,omitempty"`
}

// newPandasSpec selects the measures of c as campaignStatements does: the headline figures of the
// calls without a time window or interval condition, and the breakdowns of the calls by one field
// (other than the linked agencies) or by day. A difference in the selection shows as a figure
// missing on one side when the figures are compared.
func newPandasSpec(c *campaign.Campaign) pandasSpec {
	spec := pandasSpec{TimeZone: c.TimeZone, Excluded: slices.Clone(c.Response.ExcludeCategories),
		Headline: []pandasMeasure{}, Breakdowns: []pandasMeasure{}}
	if spec.Excluded == nil {
		spec.Excluded = []string{}
	}
	measure := func(m campaign.Measure, by string) pandasMeasure {
		return pandasMeasure{ID: m.ID, By: by, Aggregate: m.Aggregate, Field: m.Field, Where: m.Where, WhereNot: m.WhereNot}
	}
	for _, m := range c.Headline {
		if m.Source == "calls" && m.Window == nil && m.Interval == nil {
			spec.Headline = append(spec.Headline, measure(m.Measure, ""))
		}
	}
	for _, d := range c.Breakdowns {
		if d.Source != "calls" || len(d.By) != 1 || d.By[0] == "linked_agencies" || (slices.Contains(metrics.TimeBuckets, d.By[0]) && d.By[0] != "day") {
			continue
		}
		spec.Breakdowns = append(spec.Breakdowns, measure(d.Measure, d.By[0]))
	}
	return spec
}

// python returns the pandas peer's interpreter.
func (c Config) python() string {
	if c.Python != "" {
		return c.Python
	}
	return DefaultPython
}

// probePandas checks that python imports pandas before anything is measured, and returns the
// versions it runs: "/usr/bin/python3: Python 3.11.2, pandas 1.5.3, numpy 1.24.2".
func probePandas(ctx context.Context, python string) (string, error) {
	cmd := exec.CommandContext(ctx, python, "-c", "import sys, numpy, pandas; print(sys.version.split()[0], pandas.__version__, numpy.__version__)")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("bench: pandas: %w", pythonError(python, err, stderr.String()))
	}
	versions := strings.Fields(stdout.String())
	if len(versions) != 3 {
		return "", fmt.Errorf("bench: pandas: %s printed %q for its versions", python, stdout.String())
	}
	return fmt.Sprintf("%s: Python %s, pandas %s, numpy %s", python, versions[0], versions[1], versions[2]), nil
}

// pythonError explains a failed run of python: a missing interpreter or pandas says what to install.
func pythonError(python string, err error, stderr string) error {
	switch {
	case errors.Is(err, exec.ErrNotFound), errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("no Python interpreter %s (%w): %s", python, err, pandasInstall)
	case strings.Contains(stderr, "No module named 'pandas'"), strings.Contains(stderr, "No module named 'numpy'"):
		return fmt.Errorf("%s cannot import pandas: %s", python, pandasInstall)
	}
	return fmt.Errorf("%s: %w: %s", python, err, lastLines(stderr, 20))
}

// lastLines returns the last n lines of text, trimmed, where a Python traceback ends with its error.
func lastLines(text string, n int) string {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	return strings.Join(lines[max(len(lines)-n, 0):], "\n")
}

// runPandas runs the script on the calls file csvPath (n calls, size bytes) with the campaign c by
// python, and returns its stage and figures.
func runPandas(ctx context.Context, python, csvPath string, n, size int64, c *campaign.Campaign) (Stage, Figures, error) {
	spec, err := json.Marshal(newPandasSpec(c))
	if err != nil {
		return Stage{}, nil, fmt.Errorf("pandas: %w", err)
	}
	cmd := exec.CommandContext(ctx, python, "-", csvPath, string(spec))
	cmd.Stdin = strings.NewReader(pandasScript)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	started := time.Now()
	err = cmd.Run()
	s := Stage{Name: StagePandas, Rows: n, Bytes: size, Wall: time.Since(started)}
	if err != nil {
		return s, nil, fmt.Errorf("pandas: %w", pythonError(python, err, stderr.String()))
	}
	s.CPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	s.PeakRSS, s.Written = childUsage(cmd.ProcessState)
	var figures Figures
	if err := json.Unmarshal(stdout.Bytes(), &figures); err != nil {
		return s, nil, fmt.Errorf("pandas: the script's figures: %w", err)
	}
	return s, figures, nil
}

// compareFigures checks the pandas peer's figures against the baseline's: the same figures with the
// same keys, counts and sums equal, means, percentiles and shares within a relative 1e-9 (their
// summing and interpolation may round differently). An error lists the differences, figure, key and
// both values.
func compareFigures(pandas, baseline Figures) error {
	var diffs []string
	for _, figure := range slices.Sorted(maps.Keys(joinKeys(pandas, baseline))) {
		got, want := pandas[figure], baseline[figure]
		for _, key := range slices.Sorted(maps.Keys(joinKeys(got, want))) {
			g, inPandas := got[key]
			w, inBaseline := want[key]
			switch {
			case !inPandas:
				diffs = append(diffs, fmt.Sprintf("%s %q: pandas has none, baseline %v", figure, key, w))
			case !inBaseline:
				diffs = append(diffs, fmt.Sprintf("%s %q: pandas %v, baseline has none", figure, key, g))
			case g == w:
			case statistic(figure) || w != math.Trunc(w):
				if math.Abs(g-w) > 1e-9*math.Max(1, math.Abs(w)) {
					diffs = append(diffs, fmt.Sprintf("%s %q: pandas %v, baseline %v", figure, key, g, w))
				}
			default:
				diffs = append(diffs, fmt.Sprintf("%s %q: pandas %v, baseline %v", figure, key, g, w))
			}
		}
	}
	if len(diffs) == 0 {
		return nil
	}
	const shown = 10
	msg := strings.Join(diffs[:min(len(diffs), shown)], "; ")
	if len(diffs) > shown {
		msg += fmt.Sprintf("; and %d more", len(diffs)-shown)
	}
	if len(diffs) == 1 {
		return fmt.Errorf("pandas: a figure differs from the baseline's: %s", msg)
	}
	return fmt.Errorf("pandas: %d figures differ from the baseline's: %s", len(diffs), msg)
}

// statistic reports whether a figure of baseline.sql is a mean, a percentile or a share rather than a
// count or a sum.
func statistic(figure string) bool {
	return figure == "interval_mean" || figure == "response_share" ||
		strings.HasPrefix(figure, "interval_p") || strings.HasPrefix(figure, "district_response_p")
}

// joinKeys returns the keys of both maps.
func joinKeys[V any](a, b map[string]V) map[string]bool {
	keys := make(map[string]bool, len(a))
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	return keys
}

// pandas runs the peer on the run's calls file and checks its figures against the baseline's.
func (b *bencher) pandas(ctx context.Context, csvPath string, n, size int64, baseline Figures) (Stage, Figures, error) {
	s, figures, err := runPandas(ctx, b.cfg.python(), csvPath, n, size, b.campaign)
	if err == nil {
		err = compareFigures(figures, baseline)
	}
	return s, figures, err
}
