-- For one response-time target: the number of valid spans of its interval and the interval length
-- at each share in $shares (quantile_cont: linear interpolation, seconds as DOUBLE), over all calls
-- (overall = 1) and per tier, as in target_within.sql.
SELECT
    grouping(tier) = 1                      AS overall,
    coalesce(tier, '')                      AS tier,
    count(*)                                AS n,
    quantile_cont(seconds, $shares::DOUBLE[]) AS quantiles
FROM tier_spans($interval, $tier_field)
GROUP BY GROUPING SETS ((), (tier))
ORDER BY overall DESC, tier;
