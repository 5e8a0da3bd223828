-- The valid spans of one interval with the tier of their call: the value of the call field
-- tier_field ('' when the call has none, or for every call when tier_field is ''). The field is
-- chosen through CASE and never spliced. Reads the temporary table spans, built for the period
-- being computed (buildSpans defines the macro after creating it); target_within.sql and
-- target_quantiles.sql group these rows.
CREATE OR REPLACE TEMP MACRO tier_spans(interval_id, tier_field) AS TABLE
    SELECT
        s.seconds,
        coalesce(CASE tier_field
            WHEN 'district' THEN c.district WHEN 'station' THEN c.station WHEN 'category' THEN c.category
            WHEN 'subcategory' THEN c.subcategory WHEN 'channel' THEN c.channel
            WHEN 'priority' THEN c.priority::VARCHAR ELSE ''
        END, '') AS tier
    FROM spans s
    JOIN calls c USING (call_id)
    WHERE s.interval_id = interval_id AND s.status = 'valid';
