-- The fallback of district_distribution.sql: quantile_cont at each of $shares per district.
SELECT district, count(*), quantile_cont(seconds, $shares::DOUBLE[])
FROM spans
WHERE interval_id = $interval AND status = 'valid' AND district IS NOT NULL
GROUP BY ALL;
