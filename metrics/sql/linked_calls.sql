-- Calls received in the period on which at least one partner agency was linked in.
SELECT count(*)
FROM calls
WHERE received_at >= $start::DATE::TIMESTAMPTZ
  AND received_at <  ($end::DATE + 1)::TIMESTAMPTZ
  AND len(linked_agencies) > 0;
