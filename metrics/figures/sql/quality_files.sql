-- The ingest accounting of every file not replaced by a re-delivery, in ingest order. Files
-- ingested before schema version 2 have no profile, format, encoding, flagged or records: their
-- texts are empty, they carry no flags, and each loaded row is one record.
SELECT
    file_id,
    name,
    kind,
    coalesce(profile, ''),
    coalesce(format, ''),
    coalesce(encoding, ''),
    rows_read,
    loaded,
    quarantined,
    duplicates,
    coalesce(flagged, 0),
    coalesce(records, loaded)
FROM ingest_files
WHERE replaced_by IS NULL
ORDER BY file_id;
