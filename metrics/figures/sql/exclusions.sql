-- The exclusion ledger of the period: what was left out of which figure, and why. Run while the
-- spans table holds the campaign period's spans. Files replaced by a re-delivery are not counted.
WITH live AS (SELECT file_id FROM ingest_files WHERE replaced_by IS NULL)
SELECT 'all figures' AS figure, 'quarantined at ingest, not loaded (whole warehouse, any date; see data_quality)' AS reason,
       count(*) AS n, 'source rows' AS unit
FROM quarantine WHERE file_id IN (SELECT file_id FROM live)
UNION ALL
SELECT 'all figures', 'duplicates of rows already loaded, counted once (whole warehouse, any date)', coalesce(sum(duplicates), 0), 'source rows'
FROM ingest_files WHERE replaced_by IS NULL
UNION ALL
-- Outside the period: every row but the period's (each of which is one row of the table).
SELECT 'call figures', 'received outside the period', (SELECT count(*) FROM calls) - (SELECT count(*) FROM period_calls($start, $end)), 'calls'
UNION ALL
SELECT 'activity figures', 'started outside the period', (SELECT count(*) FROM activities) - (SELECT count(*) FROM period_activities($start, $end)), 'activities'
UNION ALL
SELECT 'response times', 'category has no response times (' || array_to_string($exclude_categories::VARCHAR[], ', ') || ')', count(*), 'calls'
FROM period_calls($start, $end) WHERE list_contains($exclude_categories::VARCHAR[], category)
UNION ALL
SELECT * FROM (
    SELECT 'response times: ' || interval_id,
           CASE status
               WHEN 'missing' THEN 'a clock point is not recorded'
               WHEN 'flagged' THEN 'ingest flagged a segment of the timeline within the interval'
               WHEN 'out_of_order' THEN 'the end is before the start'
               WHEN 'over_ceiling' THEN 'longer than the interval''s ceiling'
           END,
           count(*), 'calls'
    FROM spans WHERE status <> 'valid'
    GROUP BY interval_id, status
    ORDER BY interval_id::VARCHAR, status::VARCHAR -- by name: spans holds both as enumerations
)
UNION ALL
SELECT 'district figures', 'district not in the campaign''s list (counted, listed after the campaign''s districts)', count(*), 'calls'
FROM period_calls($start, $end)
WHERE len($districts::VARCHAR[]) > 0 AND NOT list_contains($districts::VARCHAR[], district)
UNION ALL
SELECT 'none (kept)', 'flagged at ingest (any check) but counted; intervals spanning a flagged segment are left out above', count(DISTINCT c.call_id), 'calls'
FROM period_calls($start, $end) c
JOIN flags f ON f.file_id = c.file_id AND f.record_key = c.call_id;
