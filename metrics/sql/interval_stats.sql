-- Summary statistics of every interval. Percentiles are quantile_cont: linear interpolation between
-- the two nearest ranks, over valid spans only.
SELECT interval_id, valid, missing, flagged, out_of_order, over_ceiling, mean, p[1], p[2], p[3], max
FROM (
SELECT
    interval_id,
    count(*) FILTER (WHERE status = 'valid')        AS valid,
    count(*) FILTER (WHERE status = 'missing')      AS missing,
    count(*) FILTER (WHERE status = 'flagged')      AS flagged,
    count(*) FILTER (WHERE status = 'out_of_order') AS out_of_order,
    count(*) FILTER (WHERE status = 'over_ceiling') AS over_ceiling,
    coalesce(avg(seconds) FILTER (WHERE status = 'valid'), 0)                 AS mean,
    -- One sort for the three percentiles: a list of shares gives a list of values.
    coalesce(quantile_cont(seconds, [0.50, 0.90, 0.95]) FILTER (WHERE status = 'valid'), [0.0, 0.0, 0.0]) AS p,
    coalesce(max(seconds) FILTER (WHERE status = 'valid'), 0)                 AS max
FROM spans
GROUP BY interval_id
);
