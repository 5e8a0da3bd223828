-- The valid spans of interval $interval in each district as (district, length in seconds, how many),
-- for the districts' percentiles (figures/quantile.go).
SELECT district, seconds, count(*)
FROM spans
WHERE interval_id = $interval AND status = 'valid' AND district IS NOT NULL
GROUP BY ALL
ORDER BY ALL;
