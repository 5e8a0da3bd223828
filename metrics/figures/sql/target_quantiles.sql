-- The fallback of target_distribution.sql for spans with too many distinct lengths: the number of
-- valid spans of the target's interval and the length at each share in $shares (quantile_cont:
-- linear interpolation, seconds as DOUBLE), per tier and, with a NULL tier, over all calls.
SELECT
    CASE WHEN grouping(tier) = 1 THEN NULL ELSE coalesce(tier, '') END AS tier,
    count(*)                                AS n,
    quantile_cont(seconds, $shares::DOUBLE[]) AS quantiles
FROM tier_spans($interval, $tier_field)
GROUP BY GROUPING SETS ((), (tier))
ORDER BY tier NULLS FIRST;
