-- Calls received in the period per value of each field they are broken down by: district, station,
-- category, subcategory, channel and priority. An empty (NULL) field is the key ''. Every call has one
-- key per field, so share is the key's part of all the calls of the period. Within a field: district
-- and priority by key with '' last (the program puts districts in the campaign's order), every other
-- field most frequent first, then by key.
WITH keyed AS (
    SELECT
        coalesce(district, '')          AS district,
        coalesce(station, '')           AS station,
        category,
        coalesce(subcategory, '')       AS subcategory,
        channel,
        coalesce(priority::VARCHAR, '') AS priority,
        category = 'emergency_help'     AS is_emergency_help
    FROM period_calls($start, $end)
), by_field AS (
    UNPIVOT keyed
    ON district, station, category, subcategory, channel, priority
    INTO NAME field_name VALUE field_key
)
SELECT
    field_name,
    field_key,
    count(*)                                                AS calls,
    count(*) / sum(count(*)) OVER (PARTITION BY field_name) AS share,
    count(*) FILTER (WHERE is_emergency_help)               AS emergency_help
FROM by_field
GROUP BY field_name, field_key
ORDER BY
    field_name,
    CASE WHEN field_name IN ('district', 'priority') THEN field_key = '' END,
    CASE WHEN field_name IN ('district', 'priority') THEN field_key END,
    calls DESC,
    field_key;
