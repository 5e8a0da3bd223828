-- Records the flags of the loaded records (those staged_class does not set aside): those of the
-- checks on whole records whose rule is flag, and those the decoder found in single cells. Runs
-- inside the file's transaction; $file_id is bound.
INSERT INTO flags (file_id, line, record_key, check_name, column_name, value, reason, start_point, end_point, district)
SELECT $file_id, k.line, k.record_key, k.check_name, k.column_name, k.value, k.reason, k.start_point, k.end_point, k.district
FROM staged_checks k
WHERE k.rule = 'flag' AND k.line NOT IN (SELECT line FROM staged_class)
UNION ALL
SELECT $file_id, f.line, r.{{.Key}}, f.check_name, f.column_name, f.value, f.reason, NULL, NULL, r.district
FROM staged_flags f
{{- if .Units}}
JOIN (SELECT unnest(lines) AS line, line AS record_line FROM staged_records) u ON u.line = f.line
JOIN staged_records r ON r.line = u.record_line
WHERE u.record_line NOT IN (SELECT line FROM staged_class);
{{- else}}
JOIN staged_records r ON r.line = f.line
WHERE f.line NOT IN (SELECT line FROM staged_class);
{{- end}}
