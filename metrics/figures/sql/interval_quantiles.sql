-- The fallback of interval_distribution.sql for spans with too many distinct lengths (sub-second
-- times): quantile_cont (linear interpolation, seconds as DOUBLE) at each of $shares.
SELECT interval_id, count(*), quantile_cont(seconds, $shares::DOUBLE[])
FROM spans
WHERE status = 'valid'
GROUP BY ALL;
