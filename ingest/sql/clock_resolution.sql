-- How finely the calls of file $file_id record their clock points: of the times given, how many
-- fall on a whole minute. {{.Table}} is calls, .Clocks its clock points (the data model's).
SELECT
    count(t) AS times,
    count(t) FILTER (WHERE epoch_us(t) % 60000000 = 0) AS whole_minutes
FROM (
    SELECT unnest([{{range $i, $c := .Clocks}}{{if $i}}, {{end}}{{$c}}{{end}}]) AS t
    FROM {{.Table}}
    WHERE file_id = $file_id
);
