-- Activities started in the period per kind (the program puts the kinds in the data model's order).
SELECT kind, count(*) AS n
FROM period_activities($start, $end)
GROUP BY kind
ORDER BY kind;
