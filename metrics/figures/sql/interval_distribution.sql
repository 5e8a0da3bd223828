-- Every interval's spans as (interval, status, length in seconds, how many): the valid spans by
-- length, from which figures/quantile.go computes quantile_cont exactly and span_groups.go the
-- count, mean and longest, and the others by status alone (length NULL), for their counts. A few
-- thousand rows however many calls.
SELECT interval_id, status, CASE WHEN status = 'valid' THEN seconds END AS seconds, count(*)
FROM spans
GROUP BY ALL
ORDER BY ALL;
