-- A headline figure over the records of the period (calls received, activities started) that
-- match a metric's filters. The program splices in at the markers /*name*/, from the campaign file as validated against
-- the data model (package schema), with field names quoted as identifiers and every value bound as
-- a parameter:
--   [source]   period_calls or period_activities;
--   [time]     the record's time field (received_at, started_at);
--   [measure]  count(*), the sum of a summable field (empty is 0), or the number of distinct
--                values of a field (an incident is a call's incident_id, or the call itself when
--                it has none);
--   [filters]  one condition per where / where_not field (see filters.go: NULL compares as '',
--                a list field matches when any of its codes is listed), TRUE when none.
-- The window keeps days from $from_date to $to_date (inclusive, '' for no bound), hours of the day
-- from $hour_from up to $hour_to (wrapping past midnight when $hour_from > $hour_to; -1 for every
-- hour) and ISO weekdays ($weekdays, empty for all), in local time. $interval ('' for none) keeps
-- calls whose span of that interval (table spans, built for the same period) is valid and between
-- $min_seconds and $max_seconds (0: no upper bound).
SELECT /*measure*/
FROM /*source*/($start, $end) AS r
WHERE /*filters*/
  AND ($from_date = '' OR /*time*/ >= $from_date::DATE::TIMESTAMPTZ)
  AND ($to_date = '' OR /*time*/ < ($to_date::DATE + 1)::TIMESTAMPTZ)
  AND ($hour_from < 0
       OR ($hour_from < $hour_to AND hour(local_time(/*time*/)) >= $hour_from AND hour(local_time(/*time*/)) < $hour_to)
       OR ($hour_from > $hour_to AND (hour(local_time(/*time*/)) >= $hour_from OR hour(local_time(/*time*/)) < $hour_to)))
  AND (len($weekdays::INTEGER[]) = 0 OR list_contains($weekdays::INTEGER[], isodow(local_time(/*time*/))))
  AND ($interval = '' OR r.row_ref IN (
        SELECT row_ref FROM spans
        WHERE interval_id = $interval AND status = 'valid'
          AND seconds >= $min_seconds AND ($max_seconds = 0 OR seconds <= $max_seconds)));
