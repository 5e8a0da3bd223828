-- Forms the file's records (calls or activities) from its staged source rows.
-- Rendered by the program: {{.Table}}, {{.Key}} and the combine expressions are chosen by it from
-- validated profile settings, never taken from input data.
{{if .Units}}
-- One row per responding unit: an exact repeat of a unit row (same key, same content) is a duplicate;
-- the other rows of a call combine into one record, each field by its rule (earliest, latest, ...),
-- every other field from the call's first row. The record's line is its first row's; row_hash
-- fingerprints the set of its rows, so a re-delivery of the same rows is recognised in any order.
CREATE OR REPLACE TEMP TABLE staged_repeats AS
SELECT line
FROM (SELECT line, row_number() OVER (PARTITION BY {{.Key}}, row_hash ORDER BY line) AS nth FROM staged)
WHERE nth > 1;

CREATE OR REPLACE TEMP TABLE staged_records AS
SELECT
    {{.Key}},
{{- range .Combine}}
    {{.Expr}} AS {{.Name}},
{{- end}}
    min(line) AS line,
    count(*) AS unit_rows,
    count(*)::INTEGER AS dispatch_orders,
    list(line ORDER BY line) AS lines,
    (hash(list(row_hash ORDER BY row_hash)) % 9223372036854775807)::BIGINT AS row_hash
FROM staged
WHERE line NOT IN (SELECT line FROM staged_repeats)
GROUP BY {{.Key}};
{{else}}
-- One row per record: the rows were loaded straight into {{.Table}} as file {{.FileID}}, inside the
-- file's transaction; the checks and classify read them there, and load_rows.sql deletes those that
-- are not to stay.
CREATE OR REPLACE TEMP TABLE staged_repeats (line BIGINT);

CREATE OR REPLACE TEMP VIEW staged_records AS
SELECT * EXCLUDE (file_id), 1::BIGINT AS unit_rows, [line] AS lines FROM {{.Table}} WHERE file_id = {{.FileID}};
{{end}}
