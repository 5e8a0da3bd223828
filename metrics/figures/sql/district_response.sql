-- Calls per district in the period. The districts' percentiles of the compliance interval come from
-- district_distribution.sql.
SELECT district, count(*) AS calls
FROM period_calls($start, $end)
GROUP BY district
ORDER BY district;
