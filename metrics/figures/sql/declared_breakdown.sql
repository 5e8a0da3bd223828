-- A breakdown the campaign file declares: its measure over the records of the period that match
-- its filters, per combination of the keys of its dimensions, and over all of them (the row with
-- all_keys true). The program splices in at the markers /*name*/, from the campaign file as validated against the data
-- model, with field names quoted as identifiers and every value bound as a parameter:
--   [source]   period_calls or period_activities;
--   [keys]     one text expression per dimension, k1 (and k2): a field (NULL as ''), a list
--                field's codes one by one (a record with two codes counts under each), or a
--                bucket of the record's local time (day YYYY-MM-DD, ISO week 2022-W18, month
--                2022-05, hour 00-23, ISO weekday 1-7);
--   [unnest]   for a list dimension, the join that lists its codes;
--   [measure]  as in headline.sql;
--   [filters]  as in headline.sql.
-- The total counts each record once, whatever its list dimensions.
WITH matched AS (
    SELECT *
    FROM /*source*/($start, $end) AS r
    WHERE /*filters*/
), keyed AS (
    SELECT /*keys*/, r.*
    FROM matched AS r /*unnest*/
)
SELECT false AS all_keys, /*key_columns*/, /*measure*/
FROM keyed AS r
GROUP BY ALL
UNION ALL
SELECT true, /*no_keys*/, /*measure*/
FROM matched AS r;
