-- The files the period's calls and activities came from, with their content hashes: what the
-- period's figures depend on besides their definitions (period_cache.go). A file added, replaced or
-- undone changes this list.
SELECT f.file_id, f.sha256
FROM ingest_files AS f
WHERE f.file_id IN (SELECT DISTINCT file_id FROM period_calls($start, $end))
   OR f.file_id IN (SELECT DISTINCT file_id FROM period_activities($start, $end))
ORDER BY f.file_id;
