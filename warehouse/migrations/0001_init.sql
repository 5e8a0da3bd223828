-- Migration 1: the first warehouse schema (testdata/schema-v1.sql, commit b369358).
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
