-- Calls received in the period on which at least one partner agency was linked in.
SELECT count(*)
FROM period_calls($start, $end)
WHERE len(linked_agencies) > 0;
