-- The length in seconds (DOUBLE, so that percentiles interpolate) of one interval for every call
-- received in the period whose category has response times, with its status:
--   missing       either clock point is absent;
--   out_of_order  the end lies before the start (e.g. arrival before dispatch);
--   over_ceiling  longer than the interval's ceiling (implausible);
--   valid         everything else; only valid spans enter the statistics.
-- $from and $to name clock points; they choose a column through CASE and are never spliced.
INSERT INTO spans
WITH points AS (
    SELECT
        district,
        CASE $from
            WHEN 'received_at' THEN received_at WHEN 'answered_at' THEN answered_at
            WHEN 'dispatched_at' THEN dispatched_at WHEN 'arrived_at' THEN arrived_at
            WHEN 'closed_at' THEN closed_at
        END AS started,
        CASE $to
            WHEN 'received_at' THEN received_at WHEN 'answered_at' THEN answered_at
            WHEN 'dispatched_at' THEN dispatched_at WHEN 'arrived_at' THEN arrived_at
            WHEN 'closed_at' THEN closed_at
        END AS ended
    FROM period_calls($start, $end)
    WHERE NOT list_contains($exclude_categories::VARCHAR[], category)
)
SELECT
    $interval AS interval_id,
    district,
    date_diff('millisecond', started, ended) / 1000.0 AS seconds,
    CASE
        WHEN started IS NULL OR ended IS NULL THEN 'missing'
        WHEN ended < started THEN 'out_of_order'
        WHEN date_diff('millisecond', started, ended) / 1000.0 > $ceiling THEN 'over_ceiling'
        ELSE 'valid'
    END AS status
FROM points;
