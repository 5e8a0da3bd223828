package figures

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"runtime/debug"

	"bulletin/metrics"
	"bulletin/metrics/campaign"
	"bulletin/schema"
)

// periodFiguresVersion changes whenever what a stored entry means changes in Go code (the queries
// and the data model are hashed into the key by themselves), so that entries written by an earlier
// program are not read as if this one had computed them.
const periodFiguresVersion = 1

// periodFigures are the figures of one period that comparisons with it read: whether it holds data,
// every headline figure and the counts behind the compliance shares and the overall tier of every
// target. A report stores them for its own period and for each baseline it computes, in the
// warehouse's period_figures table, so that next month's comparison with this month reads them
// instead of computing them again from this month's calls.
type periodFigures struct {
	Calls      int64 `json:"calls"`
	Activities int64 `json:"activities"`
	// Headline holds the value of each headline figure, in the campaign's order.
	Headline []int64 `json:"headline"`
	// Compliance holds, for each compliance threshold in the campaign's order, the valid intervals
	// within it and of them all.
	Compliance []withinOf `json:"compliance"`
	// Targets holds, for each target, the overall tier's counts for each threshold and each goal.
	Targets []targetCounts `json:"targets"`
}

type withinOf struct {
	Within int64 `json:"within"`
	Of     int64 `json:"of"`
}

type targetCounts struct {
	Thresholds []withinOf `json:"thresholds"`
	Goals      []withinOf `json:"goals"`
}

// periodKey is what a period's figures follow besides its data: anything here changed (a figure's
// definition, an interval, a query, the data model, the program) makes a new entry.
type periodKey struct {
	Version   int                  `json:"version"`
	Program   string               `json:"program"`
	Queries   string               `json:"queries"`
	Model     string               `json:"model"`
	TimeZone  string               `json:"time_zone"`
	Headline  []campaign.MetricDef `json:"headline"`
	Response  campaign.ResponseDef `json:"response"`
	Districts []campaign.District  `json:"districts"`
}

// definitionsHash hashes the definitions the figures of a period follow, with headline the
// campaign's headline figures as computed over that period (their windows shifted into it).
func definitionsHash(c *campaign.Campaign, headline []campaign.MetricDef) (string, error) {
	queries := sha256.New()
	err := fs.WalkDir(sqlFiles, "sql", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := sqlFiles.ReadFile(path)
		fmt.Fprintf(queries, "%s %d\n", path, len(b))
		queries.Write(b)
		return err
	})
	if err != nil {
		return "", err
	}
	model, err := json.Marshal(schema.Default())
	if err != nil {
		return "", err
	}
	key := periodKey{Version: periodFiguresVersion, Program: programRevision(), Queries: hex.EncodeToString(queries.Sum(nil)),
		Model: sum(model), TimeZone: c.TimeZone, Headline: headline, Response: c.Response, Districts: c.Districts}
	b, err := json.Marshal(key)
	if err != nil {
		return "", err
	}
	return sum(b), nil
}

// programRevision is the commit the program was built from, with "+modified" for a build of a
// changed working tree, or "" when the build does not say (tests).
func programRevision() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+modified"
			}
		}
	}
	return info.Main.Version + " " + rev + modified
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// dataHash hashes the list of files the querier's period holds rows of, with their content hashes.
func dataHash(q *querier) (string, error) {
	h := sha256.New()
	err := q.query("period_files.sql", func(s *sql.Rows) error {
		var id int64
		var digest string
		if err := s.Scan(&id, &digest); err != nil {
			return err
		}
		fmt.Fprintf(h, "%d %s\n", id, digest)
		return nil
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// periodStore reads and writes the stored figures of the querier's period under one set of
// definitions.
type periodStore struct {
	q                 *querier
	definitions, data string
}

// openPeriodStore hashes the definitions and the period's files.
func openPeriodStore(q *querier, c *campaign.Campaign, headline []campaign.MetricDef) (*periodStore, error) {
	definitions, err := definitionsHash(c, headline)
	if err != nil {
		return nil, fmt.Errorf("hash definitions: %w", err)
	}
	data, err := dataHash(q)
	if err != nil {
		return nil, err
	}
	return &periodStore{q: q, definitions: definitions, data: data}, nil
}

// get returns the stored figures when they were computed from the period's present files.
func (p *periodStore) get() (periodFigures, bool, error) {
	var pf periodFigures
	var found bool
	err := p.q.query("period_figures_get.sql", func(s *sql.Rows) error {
		var data, figures string
		if err := s.Scan(&data, &figures); err != nil {
			return err
		}
		if data != p.data {
			return nil // stale: a file of the period was added, replaced or undone since
		}
		if err := json.Unmarshal([]byte(figures), &pf); err != nil {
			return fmt.Errorf("stored figures: %w", err)
		}
		found = true
		return nil
	}, sql.Named("definitions", p.definitions))
	return pf, found, err
}

// put stores the figures, replacing those stored for the same period and definitions.
func (p *periodStore) put(pf periodFigures) error {
	b, err := json.Marshal(pf)
	if err != nil {
		return err
	}
	return p.q.exec("period_figures_put.sql", sql.Named("definitions", p.definitions), sql.Named("data", p.data),
		sql.Named("figures", string(b)))
}

// errNoStore is returned by currentFigures when the report's figures do not line up with the
// campaign's definitions, which would be a bug: nothing is stored then.
var errNoStore = errors.New("report does not match the campaign's definitions")

// currentFigures takes the figures comparisons read from the report of the querier's period.
func currentFigures(q *querier, c *campaign.Campaign, r *metrics.Report) (periodFigures, error) {
	var pf periodFigures
	if err := q.query("period_has_data.sql", func(s *sql.Rows) error { return s.Scan(&pf.Calls, &pf.Activities) }); err != nil {
		return pf, err
	}
	if len(r.Headline) != len(c.Headline) || len(r.Response.Targets) != len(c.Response.Targets) ||
		len(r.Response.Compliance.Thresholds) != len(c.Response.Compliance.Thresholds) {
		return pf, errNoStore
	}
	for _, f := range r.Headline {
		pf.Headline = append(pf.Headline, f.Value)
	}
	for _, t := range r.Response.Compliance.Thresholds {
		pf.Compliance = append(pf.Compliance, withinOf{t.Within, t.Of})
	}
	pf.Targets = targetsCounts(r.Response.Targets)
	return pf, nil
}

// targetsCounts takes the overall tier's counts of each target.
func targetsCounts(targets []metrics.TargetResult) []targetCounts {
	out := []targetCounts{}
	for _, t := range targets {
		var tc targetCounts
		if len(t.Tiers) > 0 {
			for _, th := range t.Tiers[0].Thresholds {
				tc.Thresholds = append(tc.Thresholds, withinOf{th.Within, th.Of})
			}
			for _, g := range t.Tiers[0].Goals {
				tc.Goals = append(tc.Goals, withinOf{g.Within, g.Of})
			}
		}
		out = append(out, tc)
	}
	return out
}

// fits reports whether stored figures have the shape the campaign's comparisons read: a value for
// each of its headline figures and compliance thresholds, and counts for each target's thresholds
// and goals. Figures stored under the same definitions always do; anything else is computed again
// rather than read past its end.
func (pf periodFigures) fits(c *campaign.Campaign, headline int) bool {
	if len(pf.Headline) != headline || len(pf.Compliance) != len(c.Response.Compliance.Thresholds) || len(pf.Targets) != len(c.Response.Targets) {
		return false
	}
	for i, t := range c.Response.Targets {
		if len(pf.Targets[i].Thresholds) != len(t.Thresholds) || len(pf.Targets[i].Goals) != len(t.Goals) {
			return false
		}
	}
	return true
}

// noCallsTargetsCounts gives the counts of each target over a period without calls: the overall
// tier's alone (evaluateTarget reports it when no interval is valid), 0 of 0 at each of its
// thresholds and goals.
func noCallsTargetsCounts(c *campaign.Campaign) []targetCounts {
	out := []targetCounts{}
	for _, t := range c.Response.Targets {
		var tc targetCounts
		for range t.Thresholds {
			tc.Thresholds = append(tc.Thresholds, withinOf{})
		}
		for range t.Goals {
			tc.Goals = append(tc.Goals, withinOf{})
		}
		out = append(out, tc)
	}
	return out
}

// storeCurrent stores the figures of the report's own period, for the reports that will compare
// with it. A failure to store costs a later report time, not figures: it is logged, not returned.
func storeCurrent(q *querier, c *campaign.Campaign, r *metrics.Report) {
	err := func() error {
		pf, err := currentFigures(q, c, r)
		if err != nil {
			return err
		}
		store, err := openPeriodStore(q, c, c.Headline)
		if err != nil {
			return err
		}
		return store.put(pf)
	}()
	if err != nil {
		loggerFrom(q.ctx).WarnContext(q.ctx, "figures of the period not stored for later comparisons", "period", q.start+".."+q.end, "err", err)
	}
}

// baselineFigures returns the figures of baseline period b: those stored, when they were computed
// from the files the period holds now under the same definitions, else computed from its calls and
// stored. A querier set to recompute ignores what is stored.
func baselineFigures(bq *querier, c *campaign.Campaign, b campaign.Baseline) (periodFigures, error) {
	headline := make([]campaign.MetricDef, len(c.Headline))
	for i, m := range c.Headline {
		headline[i] = shiftWindow(m, c.Period, b.Period)
	}
	logger := loggerFrom(bq.ctx)
	store, err := openPeriodStore(bq, c, headline)
	if err != nil {
		return periodFigures{}, err
	}
	if !bq.recompute {
		pf, ok, err := store.get()
		if err != nil {
			logger.WarnContext(bq.ctx, "stored figures not read; computing them", "baseline", b.ID, "err", err)
		} else if ok && pf.fits(c, len(headline)) {
			logger.DebugContext(bq.ctx, "baseline figures reused", "baseline", b.ID, "period", bq.start+".."+bq.end)
			return pf, nil
		}
	}
	pf, err := computeBaselineFigures(bq, c, headline)
	if err != nil {
		return pf, err
	}
	if err := store.put(pf); err != nil {
		logger.WarnContext(bq.ctx, "figures of the baseline not stored for later comparisons", "baseline", b.ID, "err", err)
	}
	return pf, nil
}

// computeBaselineFigures computes the figures comparisons read over the querier's period, from its
// calls and activities.
func computeBaselineFigures(bq *querier, c *campaign.Campaign, headline []campaign.MetricDef) (periodFigures, error) {
	var pf periodFigures
	if err := bq.defineLocalTime(); err != nil {
		return pf, err
	}
	if err := bq.query("period_has_data.sql", func(s *sql.Rows) error { return s.Scan(&pf.Calls, &pf.Activities) }); err != nil {
		return pf, err
	}
	// A baseline needs only the intervals its comparisons read: the compliance interval, the
	// targets' and those the headline figures filter on. At millions of calls each interval costs a
	// pass over the baseline's calls. A period without calls needs none.
	if pf.Calls > 0 {
		if err := buildSpans(bq, c, comparedIntervals(c)...); err != nil {
			return pf, err
		}
	}
	for _, m := range headline {
		var value int64
		has := pf.Calls > 0
		if m.Source == "activities" {
			has = pf.Activities > 0
		}
		if has {
			v, err := headlineValue(bq, m)
			if err != nil {
				return pf, fmt.Errorf("metric %s: %w", m.ID, err)
			}
			value = v
		}
		pf.Headline = append(pf.Headline, value)
	}
	if pf.Calls == 0 {
		// No calls, no spans: every compliance and target count is 0 of 0, as the queries would
		// find them (TestABaselineWithoutCallsCountsAsTheQueriesWould). A month compared with a
		// period the warehouse does not hold, the first of a center's, costs no query for them.
		pf.Compliance = make([]withinOf, len(c.Response.Compliance.Thresholds))
		pf.Targets = noCallsTargetsCounts(c)
		return pf, nil
	}

	thresholds := c.Response.Compliance.Thresholds
	pf.Compliance = make([]withinOf, len(thresholds))
	counts, _, err := bq.within(c.Response.Compliance.Interval, "", thresholds)
	if err != nil {
		return pf, err
	}
	for i, t := range thresholds {
		if n, ok := counts[tierKey{overall: true}][t]; ok {
			pf.Compliance[i] = withinOf{n.within, n.of}
		}
	}

	targets, err := evaluateTargets(bq, c)
	if err != nil {
		return pf, err
	}
	pf.Targets = targetsCounts(targets)
	return pf, nil
}
