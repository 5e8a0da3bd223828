-- Sorts the file's records into records to load, exact duplicates, conflicts and records that a
-- check quarantines, and keeps the records not to load in staged_class (a few); every record it does
-- not hold is to load. {{.Table}}, {{.Key}} and {{.FileID}} (the file's own rows, loaded already when
-- records are rows) are set by the program.
--   duplicate:  identical (same row_hash) to the record with that key already in the warehouse, or to
--               the first record with that key earlier in this file;
--   conflict:   same key as such a record but different content: quarantined, the first one stays;
--   quarantine: a check whose rule is quarantine failed (the first failed check is the reason);
--   load:       everything else.
CREATE OR REPLACE TEMP TABLE staged_class AS
WITH repeated AS (
    -- The keys a file gives more than once: a hash aggregate over the keys, so that the window
    -- that finds each one's first record sorts those records only. The keys' hashes are counted
    -- first, numbers being cheaper to group than texts; only keys whose hash repeats (the repeated
    -- keys, and rare collisions) are then counted themselves.
    SELECT {{.Key}} AS row_key FROM staged_records
    WHERE hash({{.Key}}) IN (SELECT hash({{.Key}}) FROM staged_records GROUP BY ALL HAVING count(*) > 1)
    GROUP BY ALL HAVING count(*) > 1
),
repeats AS (
    SELECT
        line,
        first_value(row_hash) OVER by_key AS first_hash,
        first_value(line) OVER by_key AS first_line,
        row_number() OVER by_key AS nth
    FROM staged_records
    WHERE {{.Key}} IN (SELECT row_key FROM repeated)
    WINDOW by_key AS (PARTITION BY {{.Key}} ORDER BY line)
),
in_file AS (
    SELECT r.line, r.{{.Key}} AS row_key, r.row_hash, r.unit_rows, p.first_hash, p.first_line, coalesce(p.nth, 1) AS nth
    FROM staged_records r
    LEFT JOIN repeats p ON p.line = r.line
),
loaded AS (
    -- The records already in the warehouse under a key of this file: a semi-join on the file's keys,
    -- so that the table's other records are probed, not hashed (1.3 s of 1M calls into 10M otherwise).
    SELECT {{.Key}} AS row_key, row_hash, line, file_id
    FROM {{.Table}}
    WHERE file_id <> {{.FileID}} AND {{.Key}} IN (SELECT {{.Key}} FROM staged_records)
),
failed AS (
    SELECT DISTINCT ON (line) line, check_name, column_name, value, reason
    FROM staged_checks
    WHERE rule = 'quarantine'
    ORDER BY line,
        CASE check_name WHEN 'interval_order' THEN 1 WHEN 'interval_ceiling' THEN 2 WHEN 'outside_period' THEN 3 ELSE 4 END,
        start_point, end_point
)
SELECT
    f.line,
    f.row_key,
    f.unit_rows,
    CASE
        WHEN w.row_hash IS NOT NULL AND w.row_hash = f.row_hash THEN 'duplicate'
        WHEN w.row_hash IS NOT NULL THEN 'conflict'
        WHEN f.nth > 1 AND f.row_hash = f.first_hash THEN 'duplicate'
        WHEN f.nth > 1 THEN 'conflict'
        WHEN q.line IS NOT NULL THEN 'quarantine'
        ELSE 'load'
    END AS class,
    CASE
        WHEN w.row_hash IS NOT NULL
            THEN '{{.Key}} ' || f.row_key || ' already loaded from ' || coalesce(src.name, 'an earlier file')
                 || ' line ' || w.line || ' with different content'
        WHEN f.nth > 1
            THEN '{{.Key}} ' || f.row_key || ' first seen at line ' || f.first_line || ' of this file with different content'
        ELSE q.reason
    END AS reason,
    q.check_name,
    q.column_name,
    q.value
FROM in_file f
LEFT JOIN loaded w ON w.row_key = f.row_key
LEFT JOIN ingest_files src ON src.file_id = w.file_id
LEFT JOIN failed q ON q.line = f.line
WHERE w.row_hash IS NOT NULL OR f.nth > 1 OR q.line IS NOT NULL;
