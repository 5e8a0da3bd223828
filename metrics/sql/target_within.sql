-- For one response-time target: how many valid spans of its interval (table spans, for the period
-- being computed) lie within each threshold (seconds <= threshold), over all calls (overall = 1)
-- and per tier, the value of the target's tier field ('' when the call has none). $tier_field
-- chooses the field through CASE and is never spliced; '' puts every call in one tier.
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
    grouping(tier) = 1                            AS overall,
    coalesce(tier, '')                            AS tier,
    threshold,
    count(*) FILTER (WHERE seconds <= threshold)  AS within,
    count(*)                                      AS of
FROM s
CROSS JOIN unnest($thresholds::INTEGER[]) AS t(threshold)
GROUP BY GROUPING SETS ((threshold), (tier, threshold))
ORDER BY overall DESC, tier, threshold;
