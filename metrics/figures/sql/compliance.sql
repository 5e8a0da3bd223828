-- How many valid spans of the compliance interval lie within each threshold (seconds <= threshold),
-- for the whole period (district NULL) and per district.
SELECT
    district,
    threshold,
    count(*) FILTER (WHERE seconds <= threshold) AS within,
    count(*)                                     AS of
FROM spans
CROSS JOIN unnest($thresholds::INTEGER[]) AS t(threshold)
WHERE interval_id = $interval AND status = 'valid'
GROUP BY GROUPING SETS ((threshold), (district, threshold))
ORDER BY district NULLS FIRST, threshold;
