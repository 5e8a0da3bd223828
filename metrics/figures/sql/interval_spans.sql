-- The length in seconds (DOUBLE, so that percentiles interpolate) of one interval for every call
-- received in the period whose category has response times, with its status, the first that applies:
--   missing       either clock point is absent;
--   flagged       ingest flagged a segment of the call's timeline that lies within the interval
--                 (an interval_order or interval_ceiling flag from start_point to end_point with
--                 $from <= start_point and end_point <= $to in clock order), so its length cannot
--                 be trusted;
--   out_of_order  the end lies before the start (e.g. arrival before dispatch);
--   over_ceiling  longer than the interval's ceiling (implausible);
--   valid         everything else; only valid spans enter the statistics.
-- $from and $to name clock points; they choose a column through CASE and are never spliced.
-- A flag belongs to the call loaded from the same file under the flag's record key.
INSERT INTO spans
WITH clock AS (
    SELECT ['received_at', 'answered_at', 'dispatched_at', 'arrived_at', 'closed_at'] AS points
), flagged AS (
    SELECT DISTINCT f.file_id, f.record_key
    FROM flags f, clock
    WHERE f.check_name IN ('interval_order', 'interval_ceiling')
      AND list_position(clock.points, $from) <= list_position(clock.points, f.start_point)
      AND list_position(clock.points, f.end_point) <= list_position(clock.points, $to)
), points AS (
    SELECT
        c.row_ref,
        c.district,
        CASE $from
            WHEN 'received_at' THEN c.received_at WHEN 'answered_at' THEN c.answered_at
            WHEN 'dispatched_at' THEN c.dispatched_at WHEN 'arrived_at' THEN c.arrived_at
            WHEN 'closed_at' THEN c.closed_at
        END AS started,
        CASE $to
            WHEN 'received_at' THEN c.received_at WHEN 'answered_at' THEN c.answered_at
            WHEN 'dispatched_at' THEN c.dispatched_at WHEN 'arrived_at' THEN c.arrived_at
            WHEN 'closed_at' THEN c.closed_at
        END AS ended,
        fl.record_key IS NOT NULL AS flagged
    FROM period_calls($start, $end) c
    LEFT JOIN flagged fl ON fl.file_id = c.file_id AND fl.record_key = c.call_id
    WHERE NOT list_contains($exclude_categories::VARCHAR[], c.category)
)
SELECT
    $interval AS interval_id,
    row_ref,
    district,
    seconds,
    CASE
        WHEN started IS NULL OR ended IS NULL THEN 'missing'
        WHEN flagged THEN 'flagged'
        WHEN ended < started THEN 'out_of_order'
        WHEN seconds > $ceiling THEN 'over_ceiling'
        ELSE 'valid'
    END AS status
-- Epoch arithmetic, not date_diff: on TIMESTAMPTZ date_diff works through the time zone and is
-- several times slower, for the same number of seconds.
FROM (SELECT *, (epoch_us(ended) - epoch_us(started)) / 1e6 AS seconds FROM points);
