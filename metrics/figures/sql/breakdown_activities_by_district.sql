-- Activities started in the period per kind and district; an empty district is the key ''. By kind,
-- then district.
SELECT kind, coalesce(district, '') AS district, count(*) AS n
FROM period_activities($start, $end)
GROUP BY kind, coalesce(district, '')
ORDER BY kind, district;
