-- A headline figure over the activities started in the period that match a metric's filters.
-- Filters and the window work as in headline_calls.sql, on started_at.
SELECT
    count(*) AS rows,
    coalesce(sum(CASE $sum_field WHEN 'participants' THEN participants WHEN 'response_seconds' THEN response_seconds END), 0) AS summed,
    count(DISTINCT CASE $distinct_field WHEN 'district' THEN district WHEN 'unit' THEN unit WHEN 'kind' THEN kind END) AS distinct_n
FROM period_activities($start, $end)
WHERE (len($kind::VARCHAR[]) = 0 OR list_contains($kind::VARCHAR[], kind))
  AND NOT list_contains($kind_not::VARCHAR[], kind)
  AND (len($district::VARCHAR[]) = 0 OR list_contains($district::VARCHAR[], coalesce(district, '')))
  AND NOT list_contains($district_not::VARCHAR[], coalesce(district, ''))
  AND (len($unit::VARCHAR[]) = 0 OR list_contains($unit::VARCHAR[], coalesce(unit, '')))
  AND NOT list_contains($unit_not::VARCHAR[], coalesce(unit, ''))
  AND (len($passed::VARCHAR[]) = 0 OR list_contains($passed::VARCHAR[], coalesce(passed::VARCHAR, '')))
  AND NOT list_contains($passed_not::VARCHAR[], coalesce(passed::VARCHAR, ''))
  AND ($from_date = '' OR started_at >= $from_date::DATE::TIMESTAMPTZ)
  AND ($to_date = '' OR started_at < ($to_date::DATE + 1)::TIMESTAMPTZ)
  AND ($hour_from < 0
       OR ($hour_from < $hour_to AND hour(started_at) >= $hour_from AND hour(started_at) < $hour_to)
       OR ($hour_from > $hour_to AND (hour(started_at) >= $hour_from OR hour(started_at) < $hour_to)))
  AND (len($weekdays::INTEGER[]) = 0 OR list_contains($weekdays::INTEGER[], isodow(started_at)));
