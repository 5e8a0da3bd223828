-- Training sessions held in the period, in date order.
SELECT strftime(started_at, '%Y-%m-%d'), coalesce(district, ''), coalesce(unit, ''), coalesce(participants, 0)
FROM activities
WHERE kind = 'training'
  AND started_at >= $start::DATE::TIMESTAMPTZ
  AND started_at <  ($end::DATE + 1)::TIMESTAMPTZ
ORDER BY started_at, activity_id;
