-- The length in seconds (DOUBLE, so that percentiles interpolate) of each interval for every call
-- received in the period whose category has response times, with its status, the first that applies:
--   missing       either clock point is absent;
--   flagged       ingest flagged a segment of the call's timeline that lies within the interval
--                 (an interval_order or interval_ceiling flag from start_point to end_point with
--                 the interval's start <= start_point and end_point <= its end, in clock order), so
--                 its length cannot be trusted;
--   out_of_order  the end lies before the start (e.g. arrival before dispatch);
--   over_ceiling  longer than the interval's ceiling (implausible);
--   valid         everything else; only valid spans enter the statistics.
-- One row per call, two columns per interval (seconds_N, status_N), which the view spans turns into
-- a row per call and interval (spansTableSQL): writing a call's reference and district once, not
-- once per interval, is most of what building the spans costs. The file is a text/template: for
-- each interval, .N is its number, .From and .To its clock points (quoted identifiers of the data
-- model, validated), .First and .Last their positions in clock order, and its ceiling is bound as
-- $ceiling_N; .Clock is the data model's clock points in order, .Status the enumeration of statuses.
-- A flag belongs to the call loaded from the same file under the flag's record key; segments holds
-- each flagged call's segments as positions in clock order.
-- Epoch arithmetic, not date_diff: on TIMESTAMPTZ date_diff works through the time zone and is
-- several times slower, for the same number of seconds. Each length is computed once (lengths),
-- and the statuses are constants of the table's enumeration (.Status), not texts cast row by row;
-- a call without flagged segments (nearly all) skips the look at its segments. At a million calls
-- these took the statement from about 200 to about 120 ms.
INSERT INTO span_rows
WITH clock AS (
    SELECT {{.Clock}} AS points
), segments AS (
    SELECT f.file_id, f.record_key,
        list({'first': list_position(clock.points, f.start_point), 'last': list_position(clock.points, f.end_point)}) AS segs
    FROM flags f, clock
    WHERE f.check_name IN ('interval_order', 'interval_ceiling')
    GROUP BY f.file_id, f.record_key
), points AS (
    SELECT c.*, fl.segs
    FROM period_calls($start, $end) c
    LEFT JOIN segments fl ON fl.file_id = c.file_id AND fl.record_key = c.call_id
    WHERE NOT list_contains($exclude_categories::VARCHAR[], c.category)
), lengths AS (
    SELECT row_ref, district, segs
    {{- range .Intervals}},
        (epoch_us({{.To}}) - epoch_us({{.From}})) / 1e6 AS seconds_{{.N}}
    {{- end}}
    FROM points
)
SELECT row_ref, district
{{- range .Intervals}},
    seconds_{{.N}},
    CASE
        WHEN seconds_{{.N}} IS NULL THEN 'missing'::{{$.Status}}
        WHEN segs IS NOT NULL AND list_bool_or(list_transform(segs, lambda s: s.first >= {{.First}} AND s.last <= {{.Last}})) THEN 'flagged'::{{$.Status}}
        WHEN seconds_{{.N}} < 0 THEN 'out_of_order'::{{$.Status}}
        WHEN seconds_{{.N}} > $ceiling_{{.N}} THEN 'over_ceiling'::{{$.Status}}
        ELSE 'valid'::{{$.Status}}
    END AS status_{{.N}}
{{- end}}
FROM lengths;
