-- The valid spans of every interval as (interval, length in seconds, how many), from which
-- figures/quantile.go computes quantile_cont exactly: a few thousand rows however many calls.
SELECT interval_id, seconds, count(*)
FROM spans
WHERE status = 'valid'
GROUP BY ALL
ORDER BY ALL;
