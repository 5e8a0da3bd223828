-- Activities started in the period per kind.
SELECT kind, count(*) AS n
FROM period_activities($start, $end)
GROUP BY kind
ORDER BY kind;
