-- Calls received in the period per value of each field they are broken down by: the single-valued
-- dimensions of the data model, spliced in by the program at the markers /*name*/: [keyed] (each field as text, an
-- empty (NULL) field as the key ''), [sets] (one grouping set per field) and [which] (the name of the
-- field of a row's grouping set). Every call has one key per field, so share is the key's part of all
-- the calls of the period. Within a field: district and priority by key with '' last (the program puts
-- districts in the campaign's order), every other field most frequent first, then by key.
-- Grouping sets count every field in one scan of the calls; in each set's rows the other fields are
-- NULL, so the key is the first field that is not.
WITH keyed AS (
    SELECT /*keyed*/
    FROM period_calls($start, $end)
), counted AS (
    SELECT
        CASE /*which*/ END                                  AS field_name,
        coalesce(/*fields*/)                                AS field_key,
        count(*)                                            AS calls
    FROM keyed
    GROUP BY GROUPING SETS (/*sets*/)
)
SELECT
    field_name,
    field_key,
    calls,
    calls / sum(calls) OVER (PARTITION BY field_name)       AS share
FROM counted
ORDER BY
    field_name,
    CASE WHEN field_name IN ('district', 'priority') THEN field_key = '' END,
    CASE WHEN field_name IN ('district', 'priority') THEN field_key END,
    calls DESC,
    field_key;
