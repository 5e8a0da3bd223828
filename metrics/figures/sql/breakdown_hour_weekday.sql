-- Calls received in the period per ISO weekday (0 Monday .. 6 Sunday) and hour of the day (0..23),
-- in local time (local_time.sql: the campaign's zone). Cells without calls are absent.
SELECT
    isodow(local_time(received_at)) - 1 AS weekday,
    hour(local_time(received_at))       AS hour_of_day,
    count(*)                AS calls
FROM period_calls($start, $end)
GROUP BY weekday, hour_of_day
ORDER BY weekday, hour_of_day;
