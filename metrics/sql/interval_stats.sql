-- Summary statistics of every interval. Percentiles are quantile_cont: linear interpolation between
-- the two nearest ranks, over valid spans only.
SELECT
    interval_id,
    count(*) FILTER (WHERE status = 'valid')        AS valid,
    count(*) FILTER (WHERE status = 'missing')      AS missing,
    count(*) FILTER (WHERE status = 'flagged')      AS flagged,
    count(*) FILTER (WHERE status = 'out_of_order') AS out_of_order,
    count(*) FILTER (WHERE status = 'over_ceiling') AS over_ceiling,
    coalesce(avg(seconds) FILTER (WHERE status = 'valid'), 0)                 AS mean,
    coalesce(quantile_cont(seconds, 0.50) FILTER (WHERE status = 'valid'), 0) AS p50,
    coalesce(quantile_cont(seconds, 0.90) FILTER (WHERE status = 'valid'), 0) AS p90,
    coalesce(quantile_cont(seconds, 0.95) FILTER (WHERE status = 'valid'), 0) AS p95,
    coalesce(max(seconds) FILTER (WHERE status = 'valid'), 0)                 AS max
FROM spans
GROUP BY interval_id;
