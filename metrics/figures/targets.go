package figures

import (
	"fmt"
	"slices"

	"bulletin/metrics"
	"bulletin/metrics/campaign"
)

// p90Share is the share at which every tier reports an interval length, whatever its goals.
const p90Share = 0.9

func computeTargets(q *querier, c *campaign.Campaign, r *metrics.Report) error {
	targets, err := evaluateTargets(q, c)
	if err != nil {
		return err
	}
	r.Response.Targets = targets
	return nil
}

// evaluateTargets computes every target of the campaign over the querier's period; the spans table
// must hold that period's spans.
func evaluateTargets(q *querier, c *campaign.Campaign) ([]metrics.TargetResult, error) {
	var results []metrics.TargetResult
	for _, t := range c.Response.Targets {
		res, err := evaluateTarget(q, c, t)
		if err != nil {
			return nil, fmt.Errorf("target %s: %w", t.ID, err)
		}
		results = append(results, res)
	}
	return results, nil
}

func evaluateTarget(q *querier, c *campaign.Campaign, t campaign.TargetDef) (metrics.TargetResult, error) {
	thresholds := slices.Clone(t.Thresholds)
	for _, th := range t.TierThresholds {
		thresholds = append(thresholds, th...)
	}
	shares := []float64{p90Share}
	for _, g := range t.Goals {
		thresholds = append(thresholds, g.WithinSeconds)
		shares = append(shares, g.Share)
	}
	slices.Sort(thresholds)
	thresholds = slices.Compact(thresholds)
	slices.Sort(shares)
	shares = slices.Compact(shares)

	within, order, err := q.within(t.Interval, t.TierField, thresholds)
	if err != nil {
		return metrics.TargetResult{}, err
	}
	byTier, all, err := q.percentiles(t.Interval, t.TierField, shares)
	if err != nil {
		return metrics.TargetResult{}, err
	}
	quants := map[tierKey]percentileSet{{overall: true}: all}
	for tier, p := range byTier {
		quants[tierKey{tier: tier}] = p
	}
	quantileAt := func(k tierKey, share float64) float64 {
		qs := quants[k]
		if i := slices.Index(shares, share); i >= 0 && i < len(qs.values) {
			return qs.values[i]
		}
		return 0
	}

	overall := tierKey{overall: true}
	if within[overall] == nil {
		order = append([]tierKey{overall}, order...) // no valid interval at all: still report the tier
	}
	if t.TierField == "" {
		order = []tierKey{overall}
	}
	if t.TierField == "district" { // in the campaign's order of districts, unlisted ones after
		rank := func(k tierKey) int {
			if k.overall {
				return -1
			}
			if i := c.DistrictIndex(k.tier); i >= 0 {
				return i
			}
			return len(c.Districts)
		}
		slices.SortStableFunc(order, func(a, b tierKey) int { return rank(a) - rank(b) })
	}
	res := metrics.TargetResult{ID: t.ID, Label: t.Label, Interval: t.Interval, TierField: t.TierField}
	for _, k := range order {
		tierThresholds := t.Thresholds
		if th, ok := t.TierThresholds[k.tier]; ok && !k.overall {
			tierThresholds = th
		}
		n := quants[k].n
		tier := metrics.TierResult{Tier: k.tier, N: n, Reliable: n >= int64(c.Response.MinN), P90: quantileAt(k, p90Share),
			Thresholds: []metrics.Threshold{}, Goals: []metrics.GoalResult{}}
		switch {
		case k.overall:
			tier.Label = metrics.Text{Zh: "全部", En: "all"}
		case k.tier == "":
			tier.Label = metrics.NotRecorded // calls whose tier field is empty
		case t.TierField == "district":
			tier.Label = c.DistrictLabel(k.tier)
		default:
			tier.Label = c.Labels.Code(t.TierField, k.tier)
		}
		for _, seconds := range tierThresholds {
			cnt := within[k][seconds]
			tier.Thresholds = append(tier.Thresholds, metrics.Threshold{Seconds: seconds, Within: cnt.within, Of: cnt.of,
				Share: share(cnt.within, cnt.of), Reliable: cnt.of >= int64(c.Response.MinN)})
		}
		for _, g := range t.Goals {
			cnt := within[k][g.WithinSeconds]
			achieved := share(cnt.within, cnt.of)
			tier.Goals = append(tier.Goals, metrics.GoalResult{WithinSeconds: g.WithinSeconds, Share: g.Share, Achieved: achieved, Within: cnt.within, Of: cnt.of,
				Quantile: quantileAt(k, g.Share), Met: cnt.of > 0 && achieved >= g.Share})
		}
		res.Tiers = append(res.Tiers, tier)
	}
	return res, nil
}
