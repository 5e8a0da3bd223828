-- The stored figures of a period under a set of definitions, if any (period_cache.go).
SELECT data, figures
FROM period_figures
WHERE first_day = $start AND last_day = $end AND definitions = $definitions;
