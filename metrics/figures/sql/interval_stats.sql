-- Summary statistics of every interval: the spans by status, and the mean and longest valid span.
-- The percentiles come from interval_distribution.sql (figures/quantile.go).
SELECT
    interval_id,
    count(*) FILTER (WHERE status = 'valid')        AS valid,
    count(*) FILTER (WHERE status = 'missing')      AS missing,
    count(*) FILTER (WHERE status = 'flagged')      AS flagged,
    count(*) FILTER (WHERE status = 'out_of_order') AS out_of_order,
    count(*) FILTER (WHERE status = 'over_ceiling') AS over_ceiling,
    coalesce(avg(seconds) FILTER (WHERE status = 'valid'), 0) AS mean,
    coalesce(max(seconds) FILTER (WHERE status = 'valid'), 0) AS max
FROM spans
GROUP BY interval_id;
