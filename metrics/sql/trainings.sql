-- Training sessions held in the period, in date order.
SELECT strftime(started_at, '%Y-%m-%d'), coalesce(district, ''), coalesce(unit, ''), coalesce(participants, 0)
FROM period_activities($start, $end)
WHERE kind = 'training'
ORDER BY started_at, activity_id;
