-- Migration 2: mapping profiles, formats, unit rows, flags and re-deliveries. The new columns are
-- NULL on the rows of a version 1 warehouse.
ALTER TABLE ingest_files ADD COLUMN IF NOT EXISTS profile VARCHAR;      -- mapping profile name
ALTER TABLE ingest_files ADD COLUMN IF NOT EXISTS format VARCHAR;       -- csv | tsv | xlsx | jsonl | parquet, "+gzip" when compressed
ALTER TABLE ingest_files ADD COLUMN IF NOT EXISTS encoding VARCHAR;     -- text encoding of the source (utf-8, gb18030, utf-16le, ...)
ALTER TABLE ingest_files ADD COLUMN IF NOT EXISTS records BIGINT;       -- calls or activities formed (unit rows combine into one call)
ALTER TABLE ingest_files ADD COLUMN IF NOT EXISTS flagged BIGINT;       -- loaded source rows that carry at least one flag
ALTER TABLE ingest_files ADD COLUMN IF NOT EXISTS replaced_by INTEGER;  -- file_id of the re-delivery that replaced this file; its rows are gone

ALTER TABLE calls ADD COLUMN IF NOT EXISTS incident_id VARCHAR;       -- calls sharing an incident_id are one incident
ALTER TABLE calls ADD COLUMN IF NOT EXISTS dispatch_orders INTEGER;   -- units dispatched (unit rows combined); NULL when the export has one row per call

ALTER TABLE quarantine ADD COLUMN IF NOT EXISTS record_key VARCHAR;     -- call_id or activity_id, when it could be read
ALTER TABLE quarantine ADD COLUMN IF NOT EXISTS district VARCHAR;       -- district as read (mapped when possible), for quality by district

-- Faults found in rows that were kept: each marks the row, and for interval checks the span of the
-- call's timeline (start_point .. end_point, clock points such as 'dispatched_at') that cannot be
-- trusted. Metrics exclude every interval that spans a flagged segment and count it as excluded.
CREATE TABLE IF NOT EXISTS flags (
    file_id     INTEGER NOT NULL,
    line        BIGINT NOT NULL,   -- line (or row) of the source; the first unit row for combined calls
    record_key  VARCHAR NOT NULL,  -- call_id or activity_id of the loaded row
    check_name  VARCHAR NOT NULL,  -- interval_order | interval_ceiling | outside_period | unparsable_time | unknown_value | unknown_district
    column_name VARCHAR,
    value       VARCHAR,
    reason      VARCHAR NOT NULL,
    start_point VARCHAR,           -- interval checks: first clock point of the flagged segment
    end_point   VARCHAR,           -- interval checks: last clock point of the flagged segment
    district    VARCHAR
);
