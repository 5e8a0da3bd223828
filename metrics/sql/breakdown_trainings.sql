-- Training sessions started in the period and their participants (an empty count is 0), for all
-- districts (the first row, all_districts true) and per district (an empty district is '').
WITH trainings AS (
    SELECT coalesce(district, '') AS district, coalesce(participants, 0) AS participants
    FROM period_activities($start, $end)
    WHERE kind = 'training'
)
SELECT
    grouping(district) = 1                     AS all_districts,
    coalesce(district, '')                     AS district,
    count(*)                                   AS sessions,
    coalesce(sum(participants), 0)::BIGINT     AS participants
FROM trainings
GROUP BY GROUPING SETS ((), (district))
ORDER BY all_districts DESC, district;
