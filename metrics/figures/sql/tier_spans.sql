-- The valid spans of one interval with the tier of their call: the value of the call field
-- tier_field ('' when the call has none, or for every call when tier_field is ''). The field is
-- chosen through CASE and never spliced. Reads the temporary table spans, built for the period
-- being computed (buildSpans defines the macro after creating it); target_within.sql and
-- target_quantiles.sql group these rows.
--
-- The spans table carries each call's district, so the usual tiers (by district, or none) read it
-- alone; only other tier fields join the calls table. With tier_field a constant, DuckDB folds the
-- branch that does not apply to an empty result: at a million calls the join cost a tenth of a second
-- per query, and a campaign runs dozens.
CREATE OR REPLACE TEMP MACRO tier_spans(interval_id, tier_field) AS TABLE
    SELECT
        s.seconds,
        CASE WHEN tier_field = 'district' THEN coalesce(s.district, '') ELSE '' END AS tier
    FROM spans s
    WHERE s.interval_id = interval_id AND s.status = 'valid' AND tier_field IN ('district', '')
    UNION ALL
    SELECT
        s.seconds,
        coalesce(CASE tier_field
            WHEN 'station' THEN c.station WHEN 'category' THEN c.category
            WHEN 'subcategory' THEN c.subcategory WHEN 'channel' THEN c.channel
            WHEN 'priority' THEN c.priority::VARCHAR ELSE ''
        END, '') AS tier
    FROM spans s
    JOIN calls c ON c.rowid = s.row_ref
    WHERE s.interval_id = interval_id AND s.status = 'valid' AND tier_field NOT IN ('district', '');
