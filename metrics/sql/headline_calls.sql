-- A headline figure over the calls received in the period that match a metric's filters.
-- Each filter is a bound list: an empty list keeps every value; the *_not lists drop the values they
-- hold. NULL fields compare as ''. The window keeps days from $from_date to $to_date (inclusive, ''
-- for no bound), hours of the day from $hour_from up to $hour_to (wrapping past midnight when
-- $hour_from > $hour_to; -1 for every hour) and ISO weekdays ($weekdays, empty for all), in local
-- time. $interval ('' for none) keeps calls whose span of that interval (table spans, built for the
-- same period) is valid and between $min_seconds and $max_seconds (0: no upper bound).
-- Returns every aggregate; the metric says which one it publishes. $sum_field and $distinct_field
-- choose a column through CASE and are never spliced. An incident is a call's incident_id, or the
-- call itself when it has none.
SELECT
    count(*) AS rows,
    coalesce(sum(CASE $sum_field WHEN 'people_helped' THEN people_helped WHEN 'dispatch_orders' THEN dispatch_orders END), 0) AS summed,
    count(DISTINCT CASE $distinct_field
        WHEN 'incident' THEN coalesce(incident_id, 'call:' || call_id)
        WHEN 'district' THEN district WHEN 'station' THEN station WHEN 'category' THEN category
        WHEN 'subcategory' THEN subcategory WHEN 'channel' THEN channel
    END) AS distinct_n
FROM period_calls($start, $end)
WHERE (len($channel::VARCHAR[]) = 0 OR list_contains($channel::VARCHAR[], channel))
  AND NOT list_contains($channel_not::VARCHAR[], channel)
  AND (len($category::VARCHAR[]) = 0 OR list_contains($category::VARCHAR[], category))
  AND NOT list_contains($category_not::VARCHAR[], category)
  AND (len($subcategory::VARCHAR[]) = 0 OR list_contains($subcategory::VARCHAR[], coalesce(subcategory, '')))
  AND NOT list_contains($subcategory_not::VARCHAR[], coalesce(subcategory, ''))
  AND (len($priority::VARCHAR[]) = 0 OR list_contains($priority::VARCHAR[], coalesce(priority::VARCHAR, '')))
  AND NOT list_contains($priority_not::VARCHAR[], coalesce(priority::VARCHAR, ''))
  AND (len($district::VARCHAR[]) = 0 OR list_contains($district::VARCHAR[], district))
  AND NOT list_contains($district_not::VARCHAR[], district)
  AND (len($station::VARCHAR[]) = 0 OR list_contains($station::VARCHAR[], coalesce(station, '')))
  AND NOT list_contains($station_not::VARCHAR[], coalesce(station, ''))
  AND (len($disposition::VARCHAR[]) = 0 OR list_contains($disposition::VARCHAR[], coalesce(disposition, '')))
  AND NOT list_contains($disposition_not::VARCHAR[], coalesce(disposition, ''))
  AND (len($linked_agencies::VARCHAR[]) = 0 OR list_has_any($linked_agencies::VARCHAR[], linked_agencies))
  AND NOT list_has_any($linked_agencies_not::VARCHAR[], linked_agencies)
  AND ($from_date = '' OR received_at >= $from_date::DATE::TIMESTAMPTZ)
  AND ($to_date = '' OR received_at < ($to_date::DATE + 1)::TIMESTAMPTZ)
  AND ($hour_from < 0
       OR ($hour_from < $hour_to AND hour(received_at) >= $hour_from AND hour(received_at) < $hour_to)
       OR ($hour_from > $hour_to AND (hour(received_at) >= $hour_from OR hour(received_at) < $hour_to)))
  AND (len($weekdays::INTEGER[]) = 0 OR list_contains($weekdays::INTEGER[], isodow(received_at)))
  AND ($interval = '' OR call_id IN (
        SELECT call_id FROM spans
        WHERE interval_id = $interval AND status = 'valid'
          AND seconds >= $min_seconds AND ($max_seconds = 0 OR seconds <= $max_seconds)));
