-- A headline figure over the calls received in the campaign period that match a metric's filters.
-- Each filter is a bound list: an empty list keeps every value; the *_not lists drop the values they
-- hold. NULL fields compare as ''. Returns both aggregates; the metric says which one it publishes.
SELECT
    count(*)                        AS rows,
    coalesce(sum(people_helped), 0) AS people_helped
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
  AND NOT list_has_any($linked_agencies_not::VARCHAR[], linked_agencies);
