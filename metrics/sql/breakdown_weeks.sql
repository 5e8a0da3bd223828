-- Calls and emergency-help calls received in each ISO week (Monday to Sunday) of the period, weeks
-- without calls included, keyed like 2022-W18 (ISO year and week number). A week the period cuts
-- counts only its days inside the period, and its first day is the first of those days.
WITH days AS (
    SELECT range::DATE AS day
    FROM range($start::DATE, $end::DATE + 1, INTERVAL 1 DAY)
), counts AS (
    SELECT
        received_at::DATE                                   AS day,
        count(*)                                            AS calls,
        count(*) FILTER (WHERE category = 'emergency_help') AS emergency_help
    FROM period_calls($start, $end)
    GROUP BY day
)
SELECT
    printf('%04d-W%02d', isoyear(d.day), week(d.day)) AS iso_week,
    strftime(min(d.day), '%Y-%m-%d')                   AS first_day,
    coalesce(sum(c.calls), 0)::BIGINT,
    coalesce(sum(c.emergency_help), 0)::BIGINT
FROM days d
LEFT JOIN counts c USING (day)
GROUP BY iso_week
ORDER BY first_day;
