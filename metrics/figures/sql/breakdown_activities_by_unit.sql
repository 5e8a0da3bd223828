-- The units with the most activities of each kind started in the period: up to $top units per kind,
-- most frequent first, ties by unit. An empty unit is the key ''.
SELECT kind, coalesce(unit, '') AS unit_key, count(*) AS n
FROM period_activities($start, $end)
GROUP BY kind, unit_key
QUALIFY row_number() OVER (PARTITION BY kind ORDER BY n DESC, unit_key) <= $top
ORDER BY kind, n DESC, unit_key;
