-- Leaves in the warehouse table the records classified 'load', in file order. Runs inside the file's
-- transaction, after the quarantine and the flags are recorded; $file_id is bound.
{{- if .Units}}
-- Combined records are inserted: every one but the few classify set aside (an anti-join on their
-- lines).
INSERT INTO {{.Table}} BY NAME
SELECT r.* EXCLUDE (unit_rows, lines), $file_id AS file_id
FROM staged_records r
WHERE r.line NOT IN (SELECT line FROM staged_class);
{{- else}}
-- Records that are rows were loaded as they were decoded: the few set aside leave.
DELETE FROM {{.Table}}
WHERE file_id = $file_id AND line IN (SELECT line FROM staged_class);
{{- end}}
