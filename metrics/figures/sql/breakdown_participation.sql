-- The activities started in the period and their participants (an empty count is 0), for every
-- kind of activity that recorded participants at least once: per kind, first over all districts
-- (all_districts true), then per district (an empty district is '').
WITH counted AS (
    SELECT kind
    FROM period_activities($start, $end)
    GROUP BY kind
    HAVING count(participants) > 0
), rows AS (
    SELECT kind, coalesce(district, '') AS district, coalesce(participants, 0) AS participants
    FROM period_activities($start, $end)
    WHERE kind IN (SELECT kind FROM counted)
)
SELECT
    kind,
    grouping(district) = 1                 AS all_districts,
    coalesce(district, '')                 AS district,
    count(*)                               AS activities,
    coalesce(sum(participants), 0)::BIGINT AS participants
FROM rows
GROUP BY GROUPING SETS ((kind), (kind, district))
ORDER BY kind, all_districts DESC, district;
