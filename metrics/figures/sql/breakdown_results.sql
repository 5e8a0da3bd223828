-- The results and response times of the activities started in the period, for every kind of
-- activity that recorded a result (passed true or false) or a response time at least once: per
-- kind, first over all districts (all_districts true), then per district (an empty district is
-- ''): how many; how many passed, failed, or have no result (passed NULL); the pass rate, passed /
-- (passed + failed), over those with a result (0 when none has one); and response_seconds over the
-- activities that recorded it: count, mean, median, 90th percentile (quantile_cont over seconds as
-- DOUBLE, so that it interpolates) and maximum.
WITH measured AS (
    SELECT kind
    FROM period_activities($start, $end)
    GROUP BY kind
    HAVING count(passed) > 0 OR count(response_seconds) > 0
), rows AS (
    SELECT kind, coalesce(district, '') AS district, passed, response_seconds::DOUBLE AS seconds
    FROM period_activities($start, $end)
    WHERE kind IN (SELECT kind FROM measured)
)
SELECT
    kind,
    grouping(district) = 1                                                 AS all_districts,
    coalesce(district, '')                                                 AS district,
    count(*)                                                               AS n,
    count(*) FILTER (WHERE passed)                                         AS passed,
    count(*) FILTER (WHERE NOT passed)                                     AS failed,
    count(*) FILTER (WHERE passed IS NULL)                                 AS no_result,
    count(passed)                                                          AS with_result,
    coalesce(count(*) FILTER (WHERE passed) / nullif(count(passed), 0), 0) AS pass_rate,
    count(seconds)                                                         AS response_n,
    coalesce(avg(seconds), 0)                                              AS response_mean,
    coalesce(quantile_cont(seconds, 0.50), 0)                              AS response_p50,
    coalesce(quantile_cont(seconds, 0.90), 0)                              AS response_p90,
    coalesce(max(seconds), 0)                                              AS response_max
FROM rows
GROUP BY GROUPING SETS ((kind), (kind, district))
ORDER BY kind, all_districts DESC, district;
