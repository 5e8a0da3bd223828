-- Every file behind the warehouse, with its content hash and accounting, in ingest order.
SELECT name, kind, sha256, rows_read, loaded, quarantined, duplicates
FROM ingest_files
ORDER BY file_id;
