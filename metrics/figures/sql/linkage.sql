-- Calls received in the period on which each partner agency was linked in, most frequent first.
SELECT agency, count(*) AS n
FROM (
    SELECT unnest(linked_agencies) AS agency
    FROM period_calls($start, $end)
)
GROUP BY agency
ORDER BY n DESC, agency;
