-- Stores the figures of a period under a set of definitions, replacing what was stored for them
-- (period_cache.go).
INSERT OR REPLACE INTO period_figures (first_day, last_day, definitions, data, figures)
VALUES ($start, $end, $definitions, $data, $figures);
