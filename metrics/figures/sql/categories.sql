-- Calls received in the period per category, most frequent first.
SELECT category, count(*) AS n
FROM period_calls($start, $end)
GROUP BY category
ORDER BY n DESC, category;
