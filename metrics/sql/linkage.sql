-- Calls received in the period on which each partner agency was linked in, most frequent first.
SELECT agency, count(*) AS n
FROM (
    SELECT unnest(linked_agencies) AS agency
    FROM calls
    WHERE received_at >= $start::DATE::TIMESTAMPTZ
      AND received_at <  ($end::DATE + 1)::TIMESTAMPTZ
)
GROUP BY agency
ORDER BY n DESC, agency;
