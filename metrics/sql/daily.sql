-- Calls and emergency-help calls received on each day of the period, days without calls included.
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
SELECT strftime(d.day, '%Y-%m-%d'), coalesce(c.calls, 0), coalesce(c.emergency_help, 0)
FROM days d
LEFT JOIN counts c USING (day)
ORDER BY d.day;
