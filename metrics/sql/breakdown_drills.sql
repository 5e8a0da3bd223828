-- Simulated-alarm drills started in the period, for all districts (the first row, all_districts
-- true) and per district (an empty district is ''): how many; how many passed, failed, or have no
-- result (passed NULL); the pass rate, passed / (passed + failed), over the drills with a result (0
-- when none has one); and response_seconds over the drills that recorded it: count, mean, median,
-- 90th percentile (quantile_cont over seconds as DOUBLE, so that it interpolates) and maximum.
WITH drills AS (
    SELECT coalesce(district, '') AS district, passed, response_seconds::DOUBLE AS seconds
    FROM period_activities($start, $end)
    WHERE kind = 'simulated_alarm_drill'
)
SELECT
    grouping(district) = 1                                                 AS all_districts,
    coalesce(district, '')                                                 AS district,
    count(*)                                                               AS drills,
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
FROM drills
GROUP BY GROUPING SETS ((), (district))
ORDER BY all_districts DESC, district;
