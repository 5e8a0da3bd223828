-- The faults found in every file not replaced by a re-delivery, whatever the period of its rows,
-- defined once for the data-quality queries: each quarantined row (action 'quarantine') and each
-- flag on a row that was kept (action 'flag'), with where it was and why. An absent or empty
-- district is NULL, the unknown district.
CREATE OR REPLACE TEMP MACRO faults() AS TABLE
    SELECT
        q.file_id, f.name AS file_name, q.line, nullif(q.district, '') AS district,
        q.check_name, 'quarantine' AS action, q.column_name, q.value, q.reason
    FROM quarantine q
    JOIN ingest_files f USING (file_id)
    WHERE f.replaced_by IS NULL
    UNION ALL
    SELECT
        fl.file_id, f.name, fl.line, nullif(fl.district, ''),
        fl.check_name, 'flag', fl.column_name, fl.value, fl.reason
    FROM flags fl
    JOIN ingest_files f USING (file_id)
    WHERE f.replaced_by IS NULL;
