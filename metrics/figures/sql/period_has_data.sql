-- Whether the period has any call and any activity at all, so that a comparison with a period the
-- warehouse holds no data for says "n/a" rather than a fall to zero.
SELECT
    (SELECT count(*) FROM period_calls($start, $end))      AS calls,
    (SELECT count(*) FROM period_activities($start, $end)) AS activities;
