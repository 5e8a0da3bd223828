-- Sorts the staged rows of one file into rows to load, exact duplicates and conflicts.
-- {{.Table}} and {{.Key}} are the warehouse table and its identifier column (set by the program,
-- never from input); $file_id is bound.
--   duplicate: identical (same row_hash) to the row with that key already in the warehouse, or to the
--              first row with that key earlier in this file;
--   conflict:  same key as such a row but different content: quarantined, the first one stays;
--   load:      everything else.
CREATE OR REPLACE TEMP TABLE staged_class AS
WITH in_file AS (
    SELECT
        line,
        {{.Key}} AS row_key,
        row_hash,
        first_value(row_hash) OVER by_key AS first_hash,
        first_value(line) OVER by_key AS first_line,
        row_number() OVER by_key AS nth
    FROM staged
    WINDOW by_key AS (PARTITION BY {{.Key}} ORDER BY line)
)
SELECT
    f.line,
    f.row_key,
    CASE
        WHEN w.row_hash IS NOT NULL AND w.row_hash = f.row_hash THEN 'duplicate'
        WHEN w.row_hash IS NOT NULL THEN 'conflict'
        WHEN f.nth = 1 THEN 'load'
        WHEN f.row_hash = f.first_hash THEN 'duplicate'
        ELSE 'conflict'
    END AS class,
    CASE
        WHEN w.row_hash IS NOT NULL
            THEN '{{.Key}} ' || f.row_key || ' already loaded from ' || coalesce(src.name, 'an earlier file')
                 || ' line ' || w.line || ' with different content'
        ELSE '{{.Key}} ' || f.row_key || ' first seen at line ' || f.first_line || ' of this file with different content'
    END AS reason
FROM in_file f
LEFT JOIN {{.Table}} w ON w.{{.Key}} = f.row_key
LEFT JOIN ingest_files src ON src.file_id = w.file_id;
