-- Moves the records classified 'load' into the warehouse table. Runs inside the file's transaction;
-- $file_id is bound.
INSERT INTO {{.Table}} BY NAME
SELECT r.* EXCLUDE (unit_rows, lines), $file_id AS file_id
FROM staged_records r
JOIN staged_class c USING (line)
WHERE c.class = 'load';
