-- Every file behind the warehouse's figures, with its content hash and accounting, in ingest order.
-- A file replaced by a re-delivery is left out: its rows are no longer in the warehouse.
SELECT name, kind, sha256, rows_read, loaded, quarantined, duplicates
FROM ingest_files
WHERE replaced_by IS NULL
ORDER BY file_id;
