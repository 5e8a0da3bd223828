-- For one response-time target: the number of valid spans of its interval and the interval length
-- at each share in $shares (quantile_cont: linear interpolation, seconds as DOUBLE), over all calls
-- (overall = 1) and per tier, as in target_within.sql.
WITH s AS (
    SELECT
        s.seconds,
        coalesce(CASE $tier_field
            WHEN 'district' THEN c.district WHEN 'station' THEN c.station WHEN 'category' THEN c.category
            WHEN 'subcategory' THEN c.subcategory WHEN 'channel' THEN c.channel
            WHEN 'priority' THEN c.priority::VARCHAR ELSE ''
        END, '') AS tier
    FROM spans s
    JOIN calls c USING (call_id)
    WHERE s.interval_id = $interval AND s.status = 'valid'
)
SELECT
    grouping(tier) = 1                      AS overall,
    coalesce(tier, '')                      AS tier,
    count(*)                                AS n,
    quantile_cont(seconds, $shares::DOUBLE[]) AS quantiles
FROM s
GROUP BY GROUPING SETS ((), (tier))
ORDER BY overall DESC, tier;
