-- The activities held in the period that recorded participants (training sessions, for example),
-- in date order.
SELECT strftime(local_time(started_at), '%Y-%m-%d'), kind, coalesce(district, ''), coalesce(unit, ''), participants
FROM period_activities($start, $end)
WHERE participants IS NOT NULL
ORDER BY started_at, activity_id;
