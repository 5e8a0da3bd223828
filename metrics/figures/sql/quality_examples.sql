-- Up to three examples of every check and action: the faults found first, by file in ingest order
-- and line (then column, value and reason, so that the choice is always the same).
SELECT check_name, action, file_name, line, coalesce(column_name, ''), coalesce(value, ''), reason
FROM (
    SELECT
        *,
        row_number() OVER (
            PARTITION BY check_name, action
            ORDER BY file_id, line, column_name NULLS FIRST, value NULLS FIRST, reason
        ) AS rank
    FROM faults()
)
WHERE rank <= 3
ORDER BY check_name, action, rank;
