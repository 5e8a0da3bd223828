-- A headline figure over the activities started in the campaign period that match a metric's
-- filters. Filters work as in headline_calls.sql.
SELECT
    count(*)                       AS rows,
    coalesce(sum(participants), 0) AS participants
FROM period_activities($start, $end)
WHERE (len($kind::VARCHAR[]) = 0 OR list_contains($kind::VARCHAR[], kind))
  AND NOT list_contains($kind_not::VARCHAR[], kind)
  AND (len($district::VARCHAR[]) = 0 OR list_contains($district::VARCHAR[], coalesce(district, '')))
  AND NOT list_contains($district_not::VARCHAR[], coalesce(district, ''))
  AND (len($unit::VARCHAR[]) = 0 OR list_contains($unit::VARCHAR[], coalesce(unit, '')))
  AND NOT list_contains($unit_not::VARCHAR[], coalesce(unit, ''))
  AND (len($passed::VARCHAR[]) = 0 OR list_contains($passed::VARCHAR[], coalesce(passed::VARCHAR, '')))
  AND NOT list_contains($passed_not::VARCHAR[], coalesce(passed::VARCHAR, ''));
