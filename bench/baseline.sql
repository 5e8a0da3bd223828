-- The baseline's aggregates: the figures that figures.Compute publishes for a month, computed the way
-- a person with bare DuckDB and the loaded table calls (baseline_load.sql) would. The table holds exactly
-- the month, so no query filters by period.
--
-- The file is a list of statements, each under a marker: "-- exec: NAME" runs a statement for its
-- effect; "-- figure: NAME" runs a query returning rows of (figure, key, value), which the benchmark
-- collects to check them against metrics' values for the same file (bench_test.go).
--
-- Intervals follow the campaign's default definitions (campaign.DefaultIntervals): a span is valid when
-- both clock points are recorded, the end is not before the start and the length is within the
-- interval's ceiling; the categories the campaign leaves out of response times have none. The
-- baseline knows nothing of ingest's flags: on generated calls the only flags are interval ceilings,
-- which these conditions repeat.
--
-- What depends on the campaign file, as a person would write it from the file, is spliced in by
-- baseline.go as SQL literals: [excluded] the categories without response times, and the
-- statements under "-- campaign:" markers: one query per headline figure of the calls and per
-- declared breakdown of the calls by one field or by day.

-- exec: spans
CREATE OR REPLACE TEMP TABLE spans AS
WITH points AS (
    SELECT
        district,
        epoch(received_at)   AS received,
        epoch(answered_at)   AS answered,
        epoch(dispatched_at) AS dispatched,
        epoch(arrived_at)    AS arrived,
        epoch(closed_at)     AS closed
    FROM calls
    WHERE NOT coalesce(list_contains([/*excluded*/]::VARCHAR[], category), false)
), all_spans AS (
    SELECT district, 'answer' AS interval_id, answered - received AS seconds, 600 AS ceiling FROM points
    UNION ALL SELECT district, 'dispatch', dispatched - received, 3600 FROM points
    UNION ALL SELECT district, 'travel', arrived - dispatched, 7200 FROM points
    UNION ALL SELECT district, 'response', arrived - received, 7200 FROM points
    UNION ALL SELECT district, 'handling', closed - arrived, 86400 FROM points
)
SELECT district, interval_id, seconds
FROM all_spans
WHERE seconds BETWEEN 0 AND ceiling;

-- figure: calls by category, district, day
SELECT 'category', category, count(*)::DOUBLE FROM calls GROUP BY category
UNION ALL
SELECT 'district_calls', district, count(*)::DOUBLE FROM calls GROUP BY district
UNION ALL
SELECT 'day_calls', strftime(received_at, '%Y-%m-%d'), count(*)::DOUBLE FROM calls GROUP BY ALL;

-- figure: calls by ISO weekday (0 Monday) and hour, as "weekday/hour"
SELECT 'weekday_hour', (isodow(received_at) - 1) || '/' || hour(received_at), count(*)::DOUBLE
FROM calls
GROUP BY ALL;

-- figure: the other breakdowns: channel, priority, station, disposition; linked agencies
SELECT 'field_' || field, key, count(*)::DOUBLE
FROM (
    UNPIVOT (
        SELECT channel, coalesce(priority::VARCHAR, '') AS priority, coalesce(station, '') AS station,
               coalesce(disposition, '') AS disposition
        FROM calls
    )
    ON channel, priority, station, disposition
    INTO NAME field VALUE key
)
GROUP BY ALL
UNION ALL
SELECT 'agency', agency, count(*)::DOUBLE
FROM (SELECT unnest(string_split(linked_agencies, ';')) AS agency FROM calls WHERE linked_agencies <> '')
GROUP BY agency
UNION ALL
SELECT 'linked_calls', '', count(*)::DOUBLE FROM calls WHERE linked_agencies <> '';

-- campaign: the headline figures and declared breakdowns of the calls

-- figure: every interval: valid spans, mean, median, 90th and 95th percentiles, longest
SELECT 'interval_' || stat, interval_id, value
FROM (
    SELECT
        interval_id,
        count(*)::DOUBLE              AS n,
        avg(seconds)                  AS mean,
        quantile_cont(seconds, 0.50)  AS p50,
        quantile_cont(seconds, 0.90)  AS p90,
        quantile_cont(seconds, 0.95)  AS p95,
        max(seconds)                  AS max
    FROM spans
    GROUP BY interval_id
) UNPIVOT (value FOR stat IN (n, mean, p50, p90, p95, max));

-- figure: response per district: valid spans and the 10th to 90th percentiles
SELECT 'district_response_' || stat, district, value
FROM (
    SELECT
        district,
        count(*)::DOUBLE              AS n,
        quantile_cont(seconds, 0.10)  AS p10,
        quantile_cont(seconds, 0.25)  AS p25,
        quantile_cont(seconds, 0.50)  AS p50,
        quantile_cont(seconds, 0.75)  AS p75,
        quantile_cont(seconds, 0.90)  AS p90
    FROM spans
    WHERE interval_id = 'response'
    GROUP BY district
) UNPIVOT (value FOR stat IN (n, p10, p25, p50, p75, p90));

-- figure: 1, 3 and 5-minute compliance of the response, for the city ("") and per district, as
-- "district/threshold": responses within, and their share of the valid responses
SELECT 'response_within', coalesce(district, '') || '/' || threshold, count(*) FILTER (WHERE seconds <= threshold)::DOUBLE
FROM spans CROSS JOIN (VALUES (60), (180), (300)) AS t(threshold)
WHERE interval_id = 'response'
GROUP BY GROUPING SETS ((threshold), (district, threshold))
UNION ALL
SELECT 'response_share', coalesce(district, '') || '/' || threshold, avg((seconds <= threshold)::INTEGER)
FROM spans CROSS JOIN (VALUES (60), (180), (300)) AS t(threshold)
WHERE interval_id = 'response'
GROUP BY GROUPING SETS ((threshold), (district, threshold));

-- figure: histogram of the response over the campaign's edges, by the bin's lower edge in seconds
SELECT 'response_histogram', edge::VARCHAR, count(*)::DOUBLE
FROM (
    SELECT list_last(list_filter([0, 60, 120, 180, 240, 300, 420, 600, 900, 1200, 1800], lambda e: e <= seconds)) AS edge
    FROM spans
    WHERE interval_id = 'response'
)
GROUP BY edge;
