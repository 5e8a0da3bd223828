-- Calls and emergency-help calls received in each calendar month of the period, months without
-- calls included, keyed like 2022-05. A month the period cuts counts only its days inside the
-- period, and its first day is the first of those days.
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
    strftime(d.day, '%Y-%m')         AS month,
    strftime(min(d.day), '%Y-%m-%d') AS first_day,
    coalesce(sum(c.calls), 0)::BIGINT,
    coalesce(sum(c.emergency_help), 0)::BIGINT
FROM days d
LEFT JOIN counts c USING (day)
GROUP BY month
ORDER BY first_day;
