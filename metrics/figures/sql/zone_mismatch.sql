-- The files whose times were read in another zone than the campaign's ($zone) and that hold calls
-- or activities of the period: their local times became instants in that zone, and the campaign
-- would cut them into days of its own. Files ingested before the warehouse recorded zones (NULL)
-- are not known to differ.
SELECT f.name, f.time_zone
FROM ingest_files AS f
WHERE f.replaced_by IS NULL
  AND f.time_zone IS NOT NULL
  AND f.time_zone <> $zone
  AND (EXISTS (SELECT 1 FROM period_calls($start, $end) AS c WHERE c.file_id = f.file_id)
       OR EXISTS (SELECT 1 FROM period_activities($start, $end) AS a WHERE a.file_id = f.file_id))
ORDER BY f.file_id;
