-- Moves the rows classified 'load' from staging into the warehouse table. Runs inside the file's
-- transaction; $file_id is bound.
INSERT INTO {{.Table}} BY NAME
SELECT s.*, $file_id AS file_id
FROM staged s
JOIN staged_class c USING (line)
WHERE c.class = 'load';
