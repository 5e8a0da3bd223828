-- Calls received on each day of the period, days without calls included.
WITH days AS (
    SELECT range::DATE AS day
    FROM range($start::DATE, $end::DATE + 1, INTERVAL 1 DAY)
), counts AS (
    SELECT * FROM day_counts
)
SELECT strftime(d.day, '%Y-%m-%d'), coalesce(c.calls, 0)
FROM days d
LEFT JOIN counts c USING (day)
ORDER BY d.day;
