-- The warehouse schema, version 2. Every statement is idempotent: Open runs this file on every start.
-- Timestamps are instants (TIMESTAMPTZ); each connection's TimeZone is the campaign's, so casting
-- to DATE and date_trunc group by local calendar days.

CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);

CREATE SEQUENCE IF NOT EXISTS file_id_seq START 1;

-- One row per ingested file: the manifest (by content hash) and the ingest log.
CREATE TABLE IF NOT EXISTS ingest_files (
    file_id      INTEGER PRIMARY KEY,
    name         VARCHAR NOT NULL,   -- base name of the file
    path         VARCHAR NOT NULL,   -- path as given on the command line
    kind         VARCHAR NOT NULL,   -- calls | activities
    sha256       VARCHAR NOT NULL,   -- content hash; a file with a known hash is skipped
    bytes        BIGINT NOT NULL,
    rows_read    BIGINT NOT NULL,
    loaded       BIGINT NOT NULL,
    quarantined  BIGINT NOT NULL,
    duplicates   BIGINT NOT NULL,
    ingested_at  TIMESTAMPTZ NOT NULL,
    ingested_by  VARCHAR NOT NULL,   -- user@host
    tool_version VARCHAR NOT NULL
);

-- One row per call. call_id is unique: ingest sorts out duplicates before loading.
CREATE TABLE IF NOT EXISTS calls (
    call_id         VARCHAR NOT NULL,
    received_at     TIMESTAMPTZ NOT NULL,
    answered_at     TIMESTAMPTZ,
    dispatched_at   TIMESTAMPTZ,
    arrived_at      TIMESTAMPTZ,
    closed_at       TIMESTAMPTZ,
    channel         VARCHAR NOT NULL,
    category        VARCHAR NOT NULL,
    subcategory     VARCHAR,
    priority        TINYINT,
    district        VARCHAR NOT NULL,
    station         VARCHAR,
    disposition     VARCHAR,
    people_helped   INTEGER NOT NULL,
    linked_agencies VARCHAR[] NOT NULL,
    lat             DOUBLE,
    lon             DOUBLE,
    row_hash        BIGINT NOT NULL,   -- hash of the source fields, to tell duplicates from conflicts
    file_id         INTEGER NOT NULL,
    line            BIGINT NOT NULL
);

-- One row per drill, video inspection, video roll-call, training or liaison visit.
CREATE TABLE IF NOT EXISTS activities (
    activity_id      VARCHAR NOT NULL,
    kind             VARCHAR NOT NULL,
    started_at       TIMESTAMPTZ NOT NULL,
    district         VARCHAR,
    unit             VARCHAR,
    participants     INTEGER,
    response_seconds INTEGER,
    passed           BOOLEAN,
    note             VARCHAR,
    row_hash         BIGINT NOT NULL,
    file_id          INTEGER NOT NULL,
    line             BIGINT NOT NULL
);

-- Rows that could not be loaded, with where they were and why.
CREATE TABLE IF NOT EXISTS quarantine (
    file_id     INTEGER NOT NULL,
    line        BIGINT NOT NULL,
    check_name  VARCHAR NOT NULL,  -- see docs/ingest.md: malformed_row, field_count, required, invalid_value, ...
    column_name VARCHAR,
    value       VARCHAR,
    reason      VARCHAR NOT NULL,
    raw         VARCHAR
);

-- Version 2: mapping profiles, formats, unit rows, flags and re-deliveries. ALTER ... IF NOT EXISTS
-- brings a version 1 warehouse up to date; the new columns are NULL on its old rows.
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
