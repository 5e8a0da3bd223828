-- The files of the period's calls whose clock points are recorded to the minute only
-- (ingest_files.clock_resolution): their shares within a number of seconds are overstated.
SELECT f.name
FROM ingest_files AS f
WHERE f.replaced_by IS NULL
  AND f.clock_resolution = 'minute'
  AND f.file_id IN (SELECT file_id FROM period_calls($start, $end))
ORDER BY f.file_id;
