-- Calls received in the period on which both agencies of a pair were linked in, for every unordered
-- pair (first agency < second, by code) linked in together at least once; most frequent first. A call
-- linked to three agencies counts once under each of its three pairs. A call is its file and line.
WITH linked AS (
    SELECT DISTINCT file_id, line, unnest(linked_agencies) AS agency
    FROM period_calls($start, $end)
    WHERE len(linked_agencies) > 1
)
SELECT a.agency, b.agency, count(*) AS calls
FROM linked a
JOIN linked b ON a.file_id = b.file_id AND a.line = b.line AND a.agency < b.agency
GROUP BY a.agency, b.agency
ORDER BY calls DESC, a.agency, b.agency;
