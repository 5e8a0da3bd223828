-- The calls of each local day of the period, counted once: daily.sql and breakdown_calendar.sql
-- (weeks and months) read this table instead of converting every call's time to a local day again,
-- which at millions of calls is most of their cost.
CREATE OR REPLACE TEMP TABLE day_counts AS
SELECT
    local_time(received_at)::DATE AS day,
    count(*)          AS calls
FROM period_calls($start, $end)
GROUP BY day;
