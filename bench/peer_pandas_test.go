package bench

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"bulletin/metrics/campaign"
)

// TestPandasPeerComputesTheBaselinesFigures runs the benchmark with the pandas peer on a small file:
// the peer is measured as a stage, its figures equal the baseline's, and some of them equal what a
// plain loop over the generated rows counts. Without python3-pandas the test fails, saying what to
// install.
func TestPandasPeerComputesTheBaselinesFigures(t *testing.T) {
	const n = 3000
	ctx := context.Background()
	c := loadCampaign(t)
	res, err := Run(ctx, Config{Sizes: []int64{n}, Runs: 1, Dir: t.TempDir(), Campaign: c, Pandas: true})
	if err != nil {
		t.Fatal(err)
	}
	size := res.Sizes[0]
	run := size.Runs[0]
	pandas := size.Stage(StagePandas)
	if pandas.Rows != n || pandas.Bytes != size.CSVBytes || pandas.Wall <= 0 || pandas.CPU <= 0 || pandas.PeakRSS < 10<<20 {
		t.Errorf("pandas stage %+v", pandas)
	}
	var names []string
	for _, s := range size.Median {
		names = append(names, s.Name)
	}
	if want := []string{StageBaselineClose, StagePandas, StageBatch, StageBaseline}; !slices.Equal(names[len(names)-4:], want) {
		t.Errorf("stages %q, want them to end with %q", names, want)
	}
	if !strings.Contains(res.Pandas, "pandas ") || !strings.Contains(res.Pandas, "Python 3") {
		t.Errorf("pandas peer %q", res.Pandas)
	}

	// Value for value, every figure of the baseline.
	got, base := run.pandasFigures, run.figures
	if len(got) < 20 || len(got) != len(base) {
		t.Fatalf("pandas computed %d figures, the baseline %d", len(got), len(base))
	}
	if err := compareFigures(got, base); err != nil {
		t.Error(err)
	}

	// Some figures against a plain loop over the same generated rows.
	var file bytes.Buffer
	if _, err := Generate(ctx, &file, GenerateOptions{Calls: n}); err != nil {
		t.Fatal(err)
	}
	if int64(file.Len()) != size.CSVBytes {
		t.Fatalf("generated %d bytes again, the run's file had %d", file.Len(), size.CSVBytes)
	}
	rows := readRows(t, file.Bytes())
	if len(rows) != n {
		t.Fatalf("%d rows", len(rows))
	}
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]map[string]float64{}
	add := func(figure, key string, v float64) {
		if counts[figure] == nil {
			counts[figure] = map[string]float64{}
		}
		counts[figure][key] += v
	}
	spans := map[string][]float64{}
	for _, r := range rows {
		add("category", r["category"], 1)
		add("district_calls", r["district"], 1)
		add("day_calls", r["received_at"][:10], 1)
		add("field_priority", r["priority"], 1)
		if r["linked_agencies"] != "" {
			add("linked_calls", "", 1)
			for _, agency := range strings.Split(r["linked_agencies"], ";") {
				add("agency", agency, 1)
			}
		}
		if slices.Contains(c.Response.ExcludeCategories, r["category"]) {
			continue
		}
		for _, iv := range campaign.DefaultIntervals() {
			if r[iv.From] == "" || r[iv.To] == "" {
				continue
			}
			from, err1 := time.ParseInLocation(time.DateTime, r[iv.From], loc)
			to, err2 := time.ParseInLocation(time.DateTime, r[iv.To], loc)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if s := to.Sub(from).Seconds(); s >= 0 && s <= iv.CeilingSeconds {
				spans[iv.ID] = append(spans[iv.ID], s)
			}
		}
	}
	headlines := 0
	for _, m := range c.Headline {
		if m.Source != "calls" || m.Window != nil || m.Interval != nil || m.Aggregate == "count_distinct" ||
			m.Where["linked_agencies"] != nil || m.WhereNot["linked_agencies"] != nil {
			continue
		}
		headlines++
		var want float64
		for _, r := range rows {
			if !rowMatches(r, m.Where, m.WhereNot) {
				continue
			}
			v := 1.0
			if m.Aggregate == "sum" {
				v, _ = strconv.ParseFloat(r[m.Field], 64) // empty is 0
			}
			want += v
		}
		compareSome(t, got, map[string]float64{m.ID: want}, "headline")
	}
	if headlines < 2 {
		t.Errorf("checked %d headline figures of the calls, want the sample's", headlines)
	}
	var total float64
	for _, v := range got["category"] {
		total += v
	}
	if total != n || len(got["category"]) != numCategories {
		t.Errorf("pandas counts %v calls in %d categories, want %d in %d", total, len(got["category"]), n, numCategories)
	}
	for _, figure := range []string{"category", "district_calls", "day_calls", "field_priority", "linked_calls", "agency"} {
		compareSome(t, got, counts[figure], figure)
		if len(got[figure]) != len(counts[figure]) {
			t.Errorf("%s: pandas has %d keys, the rows %d", figure, len(got[figure]), len(counts[figure]))
		}
	}
	for id, seconds := range spans {
		slices.Sort(seconds)
		want := map[string]float64{}
		for _, q := range []float64{0.5, 0.9, 0.95} {
			h := float64(len(seconds)-1) * q
			lo := int(math.Floor(h))
			hi := min(lo+1, len(seconds)-1)
			want[fmt.Sprintf("interval_p%.0f", q*100)] = seconds[lo] + (h-float64(lo))*(seconds[hi]-seconds[lo])
		}
		if g := got["interval_n"][id]; g != float64(len(seconds)) || len(seconds) < 100 {
			t.Errorf("interval %s: pandas %v valid spans, the rows %d", id, g, len(seconds))
		}
		if g := got["interval_max"][id]; g != seconds[len(seconds)-1] {
			t.Errorf("interval %s: pandas longest %v, the rows %v", id, g, seconds[len(seconds)-1])
		}
		for figure, w := range want {
			if g, ok := got[figure][id]; !ok || math.Abs(g-w) > 1e-9*math.Max(1, w) {
				t.Errorf("%s %s: pandas %v, the rows %v", figure, id, g, w)
			}
		}
	}
	if len(spans) != len(campaign.DefaultIntervals()) {
		t.Errorf("spans of %d intervals", len(spans))
	}

	var table bytes.Buffer
	if err := WriteTable(&table, res); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"pandas peer: ", "batch / baseline: ", "batch vs pandas: the batch is "} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, table.String())
		}
	}
	// Which of the two depends on the machine.
	if !strings.Contains(table.String(), "x faster than pandas (batch ") && !strings.Contains(table.String(), "x slower than pandas (batch ") {
		t.Errorf("table does not say how the batch compares with pandas:\n%s", table.String())
	}
	if !hasRow(table.String(), StagePandas+" ") {
		t.Errorf("table has no row for the pandas stage:\n%s", table.String())
	}
}

// hasRow reports whether a line of the table starts, after its padding, with prefix.
func hasRow(table, prefix string) bool {
	for line := range strings.Lines(table) {
		if strings.HasPrefix(strings.TrimLeft(line, " "), prefix) {
			return true
		}
	}
	return false
}

// readRows reads a generated calls file into one map per row, by column.
func readRows(t *testing.T, file []byte) []map[string]string {
	t.Helper()
	records, err := csv.NewReader(bytes.NewReader(file)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]string
	for _, record := range records[1:] {
		row := map[string]string{}
		for i, column := range records[0] {
			row[column] = record[i]
		}
		rows = append(rows, row)
	}
	return rows
}

// rowMatches applies a campaign's where and where_not filters to a row, for plain fields.
func rowMatches(row map[string]string, where, whereNot map[string][]string) bool {
	for field, values := range where {
		if !slices.Contains(values, row[field]) {
			return false
		}
	}
	for field, values := range whereNot {
		if slices.Contains(values, row[field]) {
			return false
		}
	}
	return true
}

// compareSome checks the pandas figure against counts made by the test.
func compareSome(t *testing.T, got Figures, want map[string]float64, figure string) {
	t.Helper()
	if len(want) == 0 {
		t.Errorf("%s: nothing counted", figure)
	}
	for key, w := range want {
		if g, ok := got[figure][key]; !ok || g != w {
			t.Errorf("%s %q: pandas %v (present %v), the rows %v", figure, key, g, ok, w)
		}
	}
}

// TestPeerComparisonNamesTheDifference checks the comparison: counts exactly, statistics within a
// relative 1e-9, and a difference named by figure, key and both values.
func TestPeerComparisonNamesTheDifference(t *testing.T) {
	base := Figures{"category": {"a": 120, "b": 7}, "interval_p90": {"response": 431.5}, "response_share": {"/60": 1.0 / 3}}
	same := Figures{"category": {"a": 120, "b": 7}, "interval_p90": {"response": 431.5 * (1 + 1e-12)}, "response_share": {"/60": 0.3333333333333333}}
	if err := compareFigures(same, base); err != nil {
		t.Errorf("equal figures: %v", err)
	}
	for _, c := range []struct {
		pandas Figures
		want   []string
	}{
		{Figures{"category": {"a": 121, "b": 7}, "interval_p90": {"response": 431.5}, "response_share": {"/60": 1.0 / 3}}, []string{`category "a": pandas 121, baseline 120`}},
		{Figures{"category": {"a": 120 + 1e-9, "b": 7}, "interval_p90": {"response": 431.5}, "response_share": {"/60": 1.0 / 3}}, []string{`category "a"`, "baseline 120"}},
		{Figures{"category": {"a": 120}, "interval_p90": {"response": 432}, "response_share": {"/60": 1.0 / 3}}, []string{`category "b": pandas has none, baseline 7`, `interval_p90 "response": pandas 432, baseline 431.5`}},
		{Figures{"category": {"a": 120, "b": 7, "c": 1}, "interval_p90": {"response": 431.5}}, []string{`category "c": pandas 1, baseline has none`, `response_share "/60": pandas has none`}},
	} {
		err := compareFigures(c.pandas, base)
		for _, want := range c.want {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("compare %v: %v, want %q", c.pandas, err, want)
			}
		}
	}
}

// TestPandasMissingSaysWhatToInstall checks that a missing interpreter or a Python without pandas
// stops Run before it measures anything, with what to install.
func TestPandasMissingSaysWhatToInstall(t *testing.T) {
	dir := t.TempDir()
	noPandas := filepath.Join(dir, "python3")
	script := "#!/bin/sh\necho \"ModuleNotFoundError: No module named 'pandas'\" >&2\nexit 1\n"
	if err := os.WriteFile(noPandas, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, python := range []string{filepath.Join(dir, "missing", "python3"), noPandas} {
		scratch := filepath.Join(dir, "work")
		res, err := Run(context.Background(), Config{Sizes: []int64{100}, Dir: scratch, Campaign: loadCampaign(t), Pandas: true, Python: python})
		if err == nil || !strings.Contains(err.Error(), "apt-get install python3-pandas") || !strings.Contains(err.Error(), python) {
			t.Errorf("python %s: %v, want what to install", python, err)
		}
		if _, serr := os.Stat(scratch); res != nil || !os.IsNotExist(serr) {
			t.Errorf("python %s: result %v, scratch folder %v: want nothing measured", python, res, serr)
		}
	}
}

// TestPandasScriptNamesNoCategory checks the project's rule on the script: the categories,
// subcategories and headline figures it works with come from the campaign.
func TestPandasScriptNamesNoCategory(t *testing.T) {
	c := loadCampaign(t)
	names := slices.Clone(c.Response.ExcludeCategories)
	var file bytes.Buffer
	if _, err := Generate(context.Background(), &file, GenerateOptions{Calls: 2000}); err != nil {
		t.Fatal(err)
	}
	for _, r := range readRows(t, file.Bytes()) {
		names = append(names, r["category"], r["subcategory"], r["disposition"])
	}
	for _, m := range c.Headline {
		names = append(names, m.ID)
		for _, values := range m.Where {
			names = append(names, values...)
		}
	}
	for _, name := range names {
		if name != "" && (strings.Contains(pandasScript, `"`+name+`"`) || strings.Contains(pandasScript, `'`+name+`'`)) {
			t.Errorf("peer_pandas.py names %q", name)
		}
	}
	spec := newPandasSpec(forMonth(c, DefaultMonth))
	if spec.TimeZone != c.TimeZone || len(spec.Excluded) == 0 || len(spec.Headline) < 2 || len(spec.Breakdowns) < 2 {
		t.Errorf("spec %+v", spec)
	}
}
