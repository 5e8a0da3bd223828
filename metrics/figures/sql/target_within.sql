-- For one response-time target: how many valid spans of its interval (tier_spans.sql, for the period
-- being computed) lie within each threshold (seconds <= threshold), over all calls (overall = 1)
-- and per tier, the value of the target's tier field.
SELECT
    grouping(tier) = 1                            AS overall,
    coalesce(tier, '')                            AS tier,
    threshold,
    count(*) FILTER (WHERE seconds <= threshold)  AS within,
    count(*)                                      AS of
FROM tier_spans($interval, $tier_field)
CROSS JOIN unnest($thresholds::INTEGER[]) AS t(threshold)
GROUP BY GROUPING SETS ((threshold), (tier, threshold))
ORDER BY overall DESC, tier, threshold;
