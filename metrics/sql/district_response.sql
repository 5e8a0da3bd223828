-- Calls and emergency-help calls per district in the period, with the 10th, 25th, 50th, 75th and
-- 90th percentiles of the compliance interval over the district's valid spans (0 when it has none).
WITH calls_by_district AS (
    SELECT
        district,
        count(*)                                           AS calls,
        count(*) FILTER (WHERE category = 'emergency_help') AS emergency_help
    FROM period_calls($start, $end)
    GROUP BY district
), response AS (
    SELECT
        district,
        count(*)                       AS n,
        quantile_cont(seconds, 0.10)   AS p10,
        quantile_cont(seconds, 0.25)   AS p25,
        quantile_cont(seconds, 0.50)   AS p50,
        quantile_cont(seconds, 0.75)   AS p75,
        quantile_cont(seconds, 0.90)   AS p90
    FROM spans
    WHERE interval_id = $interval AND status = 'valid'
    GROUP BY district
)
SELECT
    c.district, c.calls, c.emergency_help, coalesce(r.n, 0),
    coalesce(r.p10, 0), coalesce(r.p25, 0), coalesce(r.p50, 0), coalesce(r.p75, 0), coalesce(r.p90, 0)
FROM calls_by_district c
LEFT JOIN response r USING (district)
ORDER BY c.district;
