-- Activities started in the period per kind.
SELECT kind, count(*) AS n
FROM activities
WHERE started_at >= $start::DATE::TIMESTAMPTZ
  AND started_at <  ($end::DATE + 1)::TIMESTAMPTZ
GROUP BY kind
ORDER BY kind;
