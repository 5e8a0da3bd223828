-- Quarantined rows of all files by check and column, most frequent first.
SELECT check_name || coalesce(': ' || column_name, '') AS check_and_column, count(*) AS n
FROM quarantine
GROUP BY check_and_column
ORDER BY n DESC, check_and_column;
