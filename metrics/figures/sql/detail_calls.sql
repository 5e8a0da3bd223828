-- One page of the calls of the period, one row per call, for the Detail sheet of the workbook: in the
-- order received, ties by call_id (unique), starting after the call ($after_us, $after_id) of the page
-- before ($first on the first page). Pages keep what DuckDB holds to $page_size rows, since a result
-- is materialised whole before the first row is read.
-- Times are epoch microseconds (NULL when not recorded): Go turns them into instants in the campaign's
-- zone without depending on how the driver converts TIMESTAMPTZ values. The program splices in at
-- /*values*/ the list of the data model's Detail fields as text (metrics.DetailFields), so that a
-- field added to the model is listed with no change here.
SELECT
    c.call_id,
    c.incident_id,
    epoch_us(c.received_at)   AS received_us,
    epoch_us(c.answered_at)   AS answered_us,
    epoch_us(c.dispatched_at) AS dispatched_us,
    epoch_us(c.arrived_at)    AS arrived_us,
    epoch_us(c.closed_at)     AS closed_us,
    c.channel,
    c.category,
    c.subcategory,
    c.priority,
    c.district,
    c.station,
    c.disposition,
    c.people_helped,
    c.linked_agencies,
    /*values*/                AS detail_values,
    f.name                    AS file,
    c.line
FROM period_calls($start, $end) AS c
JOIN ingest_files AS f USING (file_id)
WHERE $first
   OR epoch_us(c.received_at) > $after_us
   OR (epoch_us(c.received_at) = $after_us AND c.call_id > $after_id)
ORDER BY c.received_at, c.call_id
LIMIT $page_size;
