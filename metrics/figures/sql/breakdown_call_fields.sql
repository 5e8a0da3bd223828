-- Calls received in the period per value of each field they are broken down by: the single-valued
-- dimensions of the data model, spliced in by the program at the markers /*name*/: [keyed] (each field as text, an
-- empty (NULL) field as the key '') and [fields] (their names). Every call has one key per field,
-- so share is the key's part of all the calls of the period. Within a field: district and priority
-- by key with '' last (the program puts districts in the campaign's order), every other field most
-- frequent first, then by key.
WITH keyed AS (
    SELECT /*keyed*/
    FROM period_calls($start, $end)
), by_field AS (
    UNPIVOT keyed
    ON /*fields*/
    INTO NAME field_name VALUE field_key
)
SELECT
    field_name,
    field_key,
    count(*)                                                AS calls,
    count(*) / sum(count(*)) OVER (PARTITION BY field_name) AS share
FROM by_field
GROUP BY field_name, field_key
ORDER BY
    field_name,
    CASE WHEN field_name IN ('district', 'priority') THEN field_key = '' END,
    CASE WHEN field_name IN ('district', 'priority') THEN field_key END,
    calls DESC,
    field_key;
