package figures

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bulletin/ingest"
	"bulletin/metrics"
	"bulletin/metrics/campaign"
	"bulletin/warehouse"
)

// previousHelp is the comparison of the emergency_help figure with the previous period.
func previousHelp(t *testing.T, r *metrics.Report) int64 {
	t.Helper()
	for _, f := range r.Headline {
		if f.ID == "emergency_help" {
			if len(f.Compare) == 0 || !f.Compare[0].Available {
				t.Fatalf("emergency_help has no comparison with the previous period: %+v", f.Compare)
			}
			return *f.Compare[0].Value
		}
	}
	t.Fatal("no emergency_help figure")
	return 0
}

func reportJSON(t *testing.T, r *metrics.Report) string {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestComparisonsReuseStoredFiguresUntilAFileOfThePeriodChanges computes May's report over a
// warehouse that also holds calls of the previous month (April), and checks that
// the previous period's figures are stored, read back by the next report instead of computed (a
// stored value changed by hand shows in the comparison), ignored with Recompute, and computed
// again when a file of the previous period is added or replaced, each time against a plain count
// of the calls.
func TestComparisonsReuseStoredFiguresUntilAFileOfThePeriodChanges(t *testing.T) {
	ctx := context.Background()
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	rng := rand.New(rand.NewPCG(20220501, 17))
	may := generateCalls(rng, "M", 300, time.Date(2022, 5, 1, 0, 0, 0, 0, shanghai), 31)
	previous := generateCalls(rng, "P", 120, time.Date(2022, 4, 1, 0, 0, 0, 0, shanghai), 30)
	later := generateCalls(rng, "L", 40, time.Date(2022, 4, 1, 0, 0, 0, 0, shanghai), 30)
	help := func(sets ...[]genCall) int64 {
		var n int64
		for _, calls := range sets {
			for _, c := range calls {
				if c.category == "emergency_help" {
					n++
				}
			}
		}
		return n
	}

	dir := t.TempDir()
	w, err := warehouse.Open(ctx, filepath.Join(dir, "w.duckdb"), "Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	load := func(name string, calls []genCall, opts ingest.Options) {
		t.Helper()
		path := filepath.Join(dir, name)
		writeGeneratedCalls(t, path, calls)
		if res, err := ingest.File(ctx, w, path, opts); err != nil || res.Loaded != int64(len(calls)) {
			t.Fatalf("ingest %s: %+v, %v; want %d calls loaded", name, res, err, len(calls))
		}
	}
	load("may.csv", may, ingest.Options{})
	load("april.csv", previous, ingest.Options{})
	c, err := campaign.Parse("generated.yaml", []byte(generatedCampaignYAML))
	if err != nil {
		t.Fatal(err)
	}
	entries := func() map[string]int64 {
		t.Helper()
		rows, err := w.DB.QueryContext(ctx, "SELECT first_day, figures FROM period_figures ORDER BY first_day")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		calls := map[string]int64{}
		for rows.Next() {
			var day, figures string
			var pf periodFigures
			if err := rows.Scan(&day, &figures); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(figures), &pf); err != nil {
				t.Fatal(err)
			}
			calls[day] += pf.Calls
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return calls
	}

	first, err := Compute(ctx, w, c)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := previousHelp(t, first), help(previous); got != want {
		t.Fatalf("first report: previous emergency_help %d; want %d", got, want)
	}
	// The report's own period, the previous period and the year before (empty) are stored.
	if got := entries(); len(got) != 3 || got["2022-05-01"] != 300 || got["2022-04-01"] != 120 || got["2021-05-01"] != 0 {
		t.Fatalf("stored periods %v; want May (300 calls), the previous period (120) and the year before (0)", got)
	}

	// The same report again reads the stored figures: the same report, and a value changed by hand
	// in the store shows.
	again, err := Compute(ctx, w, c)
	if err != nil {
		t.Fatal(err)
	}
	if reportJSON(t, again) != reportJSON(t, first) {
		t.Error("the report computed from stored figures differs from the first")
	}
	var stored string
	if err := w.DB.QueryRowContext(ctx, "SELECT figures FROM period_figures WHERE first_day = '2022-04-01'").Scan(&stored); err != nil {
		t.Fatal(err)
	}
	var pf periodFigures
	if err := json.Unmarshal([]byte(stored), &pf); err != nil {
		t.Fatal(err)
	}
	pf.Headline[0] += 1000 // emergency_help is the first headline figure
	tampered, _ := json.Marshal(pf)
	if _, err := w.DB.ExecContext(ctx, "UPDATE period_figures SET figures = ? WHERE first_day = '2022-04-01'", string(tampered)); err != nil {
		t.Fatal(err)
	}
	reused, err := Compute(ctx, w, c)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := previousHelp(t, reused), help(previous)+1000; got != want {
		t.Errorf("with the stored value changed: previous emergency_help %d; want the stored %d (reused, not computed)", got, want)
	}

	// Stored figures of another shape (a target's goals missing) are computed again, not read.
	pf.Headline[0] -= 1000
	pf.Targets[1].Goals = nil
	misshapen, _ := json.Marshal(pf)
	if _, err := w.DB.ExecContext(ctx, "UPDATE period_figures SET figures = ? WHERE first_day = '2022-04-01'", string(misshapen)); err != nil {
		t.Fatal(err)
	}
	if reshaped, err := Compute(ctx, w, c); err != nil || reportJSON(t, reshaped) != reportJSON(t, first) {
		t.Errorf("with stored figures of another shape: %v, or a report other than the first", err)
	}

	// Recompute ignores the store, and stores the computed figures again.
	recomputed, err := ComputeWith(ctx, w, c, Options{Recompute: true})
	if err != nil {
		t.Fatal(err)
	}
	if reportJSON(t, recomputed) != reportJSON(t, first) {
		t.Error("the recomputed report differs from the first")
	}
	if got, want := previousHelp(t, must(Compute(ctx, w, c))), help(previous); got != want {
		t.Errorf("after Recompute: previous emergency_help %d; want %d", got, want)
	}

	// A file added to the previous period makes its stored figures stale.
	load("april-late.csv", later, ingest.Options{})
	added, err := Compute(ctx, w, c)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := previousHelp(t, added), help(previous, later); got != want {
		t.Errorf("after a file added: previous emergency_help %d; want %d", got, want)
	}
	if got := entries()["2022-04-01"]; got != 160 {
		t.Errorf("stored previous period holds %d calls; want 160", got)
	}

	// So does a file of the period replaced by a corrected one (here, with its first half).
	if err := os.Rename(filepath.Join(dir, "april.csv"), filepath.Join(dir, "april.old")); err != nil {
		t.Fatal(err)
	}
	load("april.csv", previous[:60], ingest.Options{Replace: true})
	replaced, err := Compute(ctx, w, c)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := previousHelp(t, replaced), help(previous[:60], later); got != want {
		t.Errorf("after a file replaced: previous emergency_help %d; want %d", got, want)
	}
	// May's own figures never changed.
	for i, f := range replaced.Headline {
		if f.Value != first.Headline[i].Value {
			t.Errorf("%s = %d after the previous period changed; want %d", f.ID, f.Value, first.Headline[i].Value)
		}
	}
}

func must(r *metrics.Report, err error) *metrics.Report {
	if err != nil {
		panic(err)
	}
	return r
}

// TestABaselineWithoutCallsCountsAsTheQueriesWould computes the figures of a month without calls
// (April, in a warehouse holding May's) twice: as a report of its own, which runs every query over
// the empty month, and as a baseline, which skips the queries when the month has no calls. Both
// must give the same headline, compliance and target counts.
func TestABaselineWithoutCallsCountsAsTheQueriesWould(t *testing.T) {
	ctx := context.Background()
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	rng := rand.New(rand.NewPCG(20220501, 29))
	may := generateCalls(rng, "M", 200, time.Date(2022, 5, 1, 0, 0, 0, 0, shanghai), 31)
	w := loadGeneratedCalls(t, may)
	april := strings.Replace(generatedCampaignYAML, "period: {start: 2022-05-01, end: 2022-05-31}", "period: {start: 2022-04-01, end: 2022-04-30}", 1)
	c, err := campaign.Parse("generated.yaml", []byte(april))
	if err != nil || c.Period.Start != "2022-04-01" {
		t.Fatalf("campaign: %v, period %+v", err, c.Period)
	}
	r, err := ComputeWith(ctx, w, c, Options{Recompute: true})
	if err != nil {
		t.Fatal(err)
	}

	q := &querier{ctx: ctx, conn: testConn(t, w), start: c.Period.Start, end: c.Period.End, maxDistinct: maxDistinctSpans}
	if err := q.exec("period.sql"); err != nil {
		t.Fatal(err)
	}
	want, err := currentFigures(q, c, r)
	if err != nil {
		t.Fatal(err)
	}
	got, err := computeBaselineFigures(q, c, c.Headline)
	if err != nil {
		t.Fatal(err)
	}
	if want.Calls != 0 || len(want.Headline) != len(c.Headline) || len(want.Compliance) != 3 || len(want.Targets) != len(c.Response.Targets) ||
		len(want.Targets[0].Thresholds) != 2 || len(want.Targets[1].Goals) != 2 {
		t.Fatalf("the report of April gives %+v; want no calls, every headline figure, 3 compliance thresholds and the targets' counts", want)
	}
	wantJSON, _ := json.Marshal(want)
	gotJSON, _ := json.Marshal(got)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("April as a baseline:\n got %s\nwant %s", gotJSON, wantJSON)
	}
}
