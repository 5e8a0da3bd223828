-- The period's calls counted in each unit a bulletin may use: calls (rows of the calls table),
-- incidents (calls sharing an incident_id are one incident; a call without one is its own),
-- dispatch orders (units dispatched, known only for calls from exports with one row per unit) and
-- persons helped; and how many calls carry an incident_id or a dispatch count at all.
SELECT
    count(*)                                                AS calls,
    count(DISTINCT incident_id) + count(*) FILTER (WHERE incident_id IS NULL) AS incidents,
    count(incident_id)                                      AS calls_with_incident,
    coalesce(sum(dispatch_orders), 0)                       AS dispatch_orders,
    count(dispatch_orders)                                  AS calls_with_dispatch_orders,
    coalesce(sum(people_helped), 0)                         AS people_helped
FROM period_calls($start, $end);
