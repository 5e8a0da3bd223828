-- The checks of whole records (after unit rows combine), as the profile configures them: one row per
-- fault, its rule saying whether the record is quarantined or kept and flagged. Interval checks name
-- the segment of the call's timeline (start_point .. end_point) that cannot be trusted.
-- Times in reasons and values are written in the zone the file was read in ($.Zone), as the export
-- writes them. Rendered by the program; every literal is a validated profile setting, quoted by it.
{{- if .Screened}}
-- The records the decoder's screen kept back (ingest/screen.go): the only ones a check below can
-- fault. The screen keeps back a record on the conditions written here; these say what it is.
-- .Checked names what the checks read: this table, or else every record (staged_records).
CREATE OR REPLACE TEMP TABLE suspect_records AS
SELECT * FROM staged_records WHERE line IN (SELECT line FROM staged_suspects);
{{- end}}
CREATE OR REPLACE TEMP TABLE staged_checks (
    line BIGINT, record_key VARCHAR, check_name VARCHAR, column_name VARCHAR, value VARCHAR,
    reason VARCHAR, start_point VARCHAR, end_point VARCHAR, rule VARCHAR, district VARCHAR
);
{{if .OrderRule}}
-- interval_order: each clock point a call has must not be earlier than the last one it has before it.
-- One scan finds the records with any point out of order; the four comparisons then read those alone.
INSERT INTO staged_checks
WITH suspect AS MATERIALIZED (
    SELECT line, {{.Key}}, district, received_at, answered_at, dispatched_at, arrived_at, closed_at
    FROM {{$.Checked}}
    WHERE answered_at < received_at
       OR dispatched_at < coalesce(answered_at, received_at)
       OR arrived_at < coalesce(dispatched_at, answered_at, received_at)
       OR closed_at < coalesce(arrived_at, dispatched_at, answered_at, received_at)
)
SELECT
    line, record_key, 'interval_order', point, strftime(timezone({{quote $.Zone}}, point_at), '%Y-%m-%d %H:%M:%S'),
    point || ' ' || strftime(timezone({{quote $.Zone}}, point_at), '%Y-%m-%d %H:%M:%S') || ' is before ' || prev_point || ' ' || strftime(timezone({{quote $.Zone}}, prev_at), '%Y-%m-%d %H:%M:%S'),
    prev_point, point, {{quote .OrderRule}}, district
FROM (
    SELECT line, {{.Key}} AS record_key, district, 'answered_at' AS point, answered_at AS point_at,
        'received_at' AS prev_point, received_at AS prev_at
    FROM suspect
    UNION ALL
    SELECT line, {{.Key}}, district, 'dispatched_at', dispatched_at,
        CASE WHEN answered_at IS NOT NULL THEN 'answered_at' ELSE 'received_at' END,
        coalesce(answered_at, received_at)
    FROM suspect
    UNION ALL
    SELECT line, {{.Key}}, district, 'arrived_at', arrived_at,
        CASE WHEN dispatched_at IS NOT NULL THEN 'dispatched_at' WHEN answered_at IS NOT NULL THEN 'answered_at' ELSE 'received_at' END,
        coalesce(dispatched_at, answered_at, received_at)
    FROM suspect
    UNION ALL
    SELECT line, {{.Key}}, district, 'closed_at', closed_at,
        CASE WHEN arrived_at IS NOT NULL THEN 'arrived_at' WHEN dispatched_at IS NOT NULL THEN 'dispatched_at'
             WHEN answered_at IS NOT NULL THEN 'answered_at' ELSE 'received_at' END,
        coalesce(arrived_at, dispatched_at, answered_at, received_at)
    FROM suspect
)
WHERE point_at < prev_at;
{{end}}
{{- range .Ceilings}}
-- interval_ceiling: {{.Name}} ({{.From}} to {{.To}}) longer than {{.Max}}.
INSERT INTO staged_checks
SELECT
    line, {{$.Key}}, 'interval_ceiling', '{{.To}}', strftime(timezone({{quote $.Zone}}, {{.To}}), '%Y-%m-%d %H:%M:%S'),
    '{{.Name}} ({{.From}} to {{.To}}) of ' || (epoch_us({{.To}}) - epoch_us({{.From}})) // 1000000 || ' s is over its ceiling of {{.Max}}',
    '{{.From}}', '{{.To}}', {{quote $.CeilingRule}}, district
FROM {{$.Checked}}
WHERE epoch_us({{.To}}) - epoch_us({{.From}}) > {{.Micros}};
{{end}}
{{- if .PeriodRule}}
-- outside_period: {{.TimeField}} outside the file's declared period {{.PeriodName}}.
INSERT INTO staged_checks
SELECT
    line, {{.Key}}, 'outside_period', '{{.TimeField}}', strftime(timezone({{quote $.Zone}}, {{.TimeField}}), '%Y-%m-%d %H:%M:%S'),
    '{{.TimeField}} ' || strftime(timezone({{quote $.Zone}}, {{.TimeField}}), '%Y-%m-%d %H:%M:%S') || ' is outside the file''s period ' || {{quote .PeriodName}},
    NULL, NULL, {{quote .PeriodRule}}, district
FROM {{$.Checked}}
WHERE {{.TimeField}} < {{quote .PeriodStart}}::TIMESTAMPTZ OR {{.TimeField}} >= {{quote .PeriodEnd}}::TIMESTAMPTZ;
{{end}}
{{- if .DistrictRule}}
-- unknown_district: a district not among the profile's.
INSERT INTO staged_checks
SELECT
    line, {{.Key}}, 'unknown_district', 'district', district,
    'district ' || district || ' is not one of the profile''s districts',
    NULL, NULL, {{quote .DistrictRule}}, district
FROM {{$.Checked}}
WHERE district IS NOT NULL AND NOT list_contains({{quoteList .Districts}}, district);
{{end}}
