-- Quarantined rows of every file not replaced by a re-delivery, by check and column, most frequent
-- first.
SELECT check_name || coalesce(': ' || column_name, '') AS check_and_column, count(*) AS n
FROM faults()
WHERE action = 'quarantine'
GROUP BY check_and_column
ORDER BY n DESC, check_and_column;
