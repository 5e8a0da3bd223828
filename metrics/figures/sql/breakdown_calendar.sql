-- Calls received in each bucket of the period, buckets without calls included: $bucket 'week'
-- gives ISO weeks (Monday to Sunday) keyed like 2022-W18 (ISO year and week number), 'month'
-- calendar months keyed like 2022-05. A bucket the period cuts counts only its days inside the
-- period, and its first day is the first of those days.
WITH days AS (
    SELECT range::DATE AS day
    FROM range($start::DATE, $end::DATE + 1, INTERVAL 1 DAY)
), counts AS (
    SELECT * FROM day_counts
)
SELECT
    CASE $bucket
        WHEN 'week' THEN printf('%04d-W%02d', isoyear(d.day), week(d.day))
        ELSE strftime(d.day, '%Y-%m')
    END                              AS bucket,
    strftime(min(d.day), '%Y-%m-%d') AS first_day,
    coalesce(sum(c.calls), 0)::BIGINT
FROM days d
LEFT JOIN counts c USING (day)
GROUP BY bucket
ORDER BY first_day;
