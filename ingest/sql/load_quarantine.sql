-- Records the file's quarantined rows: those the decoder refused, and every source row of a record
-- that conflicts with another or failed a check whose rule is quarantine. Runs inside the file's
-- transaction; $file_id is bound.
INSERT INTO quarantine (file_id, line, check_name, column_name, value, reason, raw, record_key, district)
SELECT $file_id, line, check_name, column_name, value, reason, raw, record_key, district
FROM staged_quarantine
UNION ALL
SELECT
    $file_id,
    unnest(r.lines),
    CASE c.class WHEN 'conflict' THEN 'conflicting_duplicate' ELSE c.check_name END,
    CASE c.class WHEN 'conflict' THEN '{{.Key}}' ELSE c.column_name END,
    CASE c.class WHEN 'conflict' THEN c.row_key ELSE c.value END,
    c.reason{{if .Units}} || ' (call of ' || r.unit_rows || ' unit rows)'{{end}},
    NULL,
    c.row_key,
    r.district
FROM staged_class c
JOIN staged_records r USING (line)
WHERE c.class IN ('conflict', 'quarantine');
