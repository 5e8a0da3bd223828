-- Calls and emergency-help calls per district in the period. The districts' percentiles of the
-- compliance interval come from district_distribution.sql.
WITH calls_by_district AS (
    SELECT
        district,
        count(*)                                           AS calls,
        count(*) FILTER (WHERE category = 'emergency_help') AS emergency_help
    FROM period_calls($start, $end)
    GROUP BY district
)
SELECT c.district, c.calls, c.emergency_help
FROM calls_by_district c
ORDER BY c.district;
