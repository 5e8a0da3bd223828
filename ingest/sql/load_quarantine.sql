-- Records the file's quarantined rows: those the decoder refused and the conflicting duplicates.
-- Runs inside the file's transaction; $file_id is bound.
INSERT INTO quarantine (file_id, line, check_name, column_name, value, reason, raw)
SELECT $file_id, line, check_name, column_name, value, reason, raw FROM staged_quarantine
UNION ALL
SELECT $file_id, line, 'conflicting_duplicate', '{{.Key}}', row_key, reason, NULL FROM staged_class WHERE class = 'conflict';
