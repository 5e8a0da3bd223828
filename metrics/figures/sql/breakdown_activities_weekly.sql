-- Activities started in the period per kind and ISO week (Monday to Sunday), for every kind with at
-- least one activity in the period, weeks without activities of the kind included as 0. Weeks are
-- keyed and cut as in breakdown_calendar.sql: a week the period cuts counts only its days inside
-- the period, and its first day is the first of those days. By kind, then week.
WITH days AS (
    SELECT range::DATE AS day
    FROM range($start::DATE, $end::DATE + 1, INTERVAL 1 DAY)
), weeks AS (
    SELECT printf('%04d-W%02d', isoyear(day), week(day)) AS week, day
    FROM days
), counts AS (
    SELECT kind, local_time(started_at)::DATE AS day, count(*) AS n
    FROM period_activities($start, $end)
    GROUP BY kind, day
), kinds AS (
    SELECT DISTINCT kind
    FROM counts
)
SELECT
    k.kind,
    w.week,
    strftime(min(w.day), '%Y-%m-%d') AS first_day,
    coalesce(sum(c.n), 0)::BIGINT    AS n
FROM kinds k
CROSS JOIN weeks w
LEFT JOIN counts c ON c.kind = k.kind AND c.day = w.day
GROUP BY k.kind, w.week
ORDER BY k.kind, first_day;
