-- Calls received in the period per category, most frequent first.
SELECT category, count(*) AS n
FROM calls
WHERE received_at >= $start::DATE::TIMESTAMPTZ
  AND received_at <  ($end::DATE + 1)::TIMESTAMPTZ
GROUP BY category
ORDER BY n DESC, category;
