package figures

import (
	"database/sql"

	"bulletin/metrics"
	"bulletin/metrics/campaign"
)

// computeExclusions fills the exclusion ledger; it must run while the spans table holds the
// campaign period's spans.
func computeExclusions(q *querier, c *campaign.Campaign, r *metrics.Report) error {
	districts := make([]string, len(c.Districts))
	for i, d := range c.Districts {
		districts[i] = d.Name
	}
	return q.query("exclusions.sql", func(s *sql.Rows) error {
		var e metrics.Exclusion
		if err := s.Scan(&e.Figure, &e.Reason, &e.N, &e.Unit); err != nil {
			return err
		}
		r.Exclusions = append(r.Exclusions, e)
		return nil
	}, sql.Named("exclude_categories", nonNil(c.Response.ExcludeCategories)), sql.Named("districts", nonNil(districts)))
}

func computeUnits(q *querier, c *campaign.Campaign, r *metrics.Report) error {
	u := &r.Units
	u.LinkingRule = metrics.IncidentRule
	return q.query("units.sql", func(s *sql.Rows) error {
		return s.Scan(&u.Calls, &u.Incidents, &u.CallsWithIncident, &u.DispatchOrders, &u.CallsWithDispatchOrders, &u.PeopleHelped)
	})
}
