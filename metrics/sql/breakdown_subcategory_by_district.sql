-- Emergency-help calls received in the period per district and subcategory, for the calls with a
-- subcategory; only pairs with calls. By district name (the program puts districts in the
-- campaign's order), then subcategory by its calls over all districts, most first, then by code.
SELECT
    district,
    subcategory,
    count(*)                                         AS n,
    sum(count(*)) OVER (PARTITION BY subcategory)    AS subcategory_total
FROM period_calls($start, $end)
WHERE category = 'emergency_help' AND coalesce(subcategory, '') <> ''
GROUP BY district, subcategory
ORDER BY district, subcategory_total DESC, subcategory;
