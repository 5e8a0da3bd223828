-- The rows of testdata/v1.duckdb, a warehouse written by the first schema (testdata/schema-v1.sql,
-- commit b369358): one file of three calls, one activity and one quarantined row.
INSERT INTO schema_version VALUES (1);
INSERT INTO ingest_files VALUES (nextval('file_id_seq'), 'calls-2022-06.csv', 'sample-data/generated/calls-2022-06.csv', 'calls',
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 812, 4, 3, 1, 0,
    TIMESTAMPTZ '2022-07-01 09:00:00+08', 'duty@center', 'v1');
INSERT INTO calls VALUES
    ('C-0001', TIMESTAMPTZ '2022-06-01 00:12:05+08', TIMESTAMPTZ '2022-06-01 00:12:09+08', TIMESTAMPTZ '2022-06-01 00:13:30+08',
     TIMESTAMPTZ '2022-06-01 00:24:10+08', TIMESTAMPTZ '2022-06-01 01:02:00+08', 'phone', 'emergency_help', 'suicide', 1,
     'yuhu', 'yuhu-1', 'resolved', 1, ['fire'], 27.86, 112.91, 1001, 1, 2),
    ('C-0002', TIMESTAMPTZ '2022-06-01 08:40:00+08', TIMESTAMPTZ '2022-06-01 08:40:03+08', NULL,
     NULL, TIMESTAMPTZ '2022-06-01 08:45:00+08', 'phone', 'consultation', NULL, 3,
     'yuetang', NULL, 'advised', 0, [], NULL, NULL, 1002, 1, 3),
    ('C-0003', TIMESTAMPTZ '2022-06-30 23:59:59+08', NULL, NULL,
     NULL, NULL, 'app', 'traffic', 'collision', 2,
     'xiangtan-county', NULL, NULL, 2, ['medical', 'traffic'], 27.78, 112.95, 1003, 1, 5);
INSERT INTO activities VALUES
    ('A-0001', 'drill', TIMESTAMPTZ '2022-06-15 10:00:00+08', 'yuhu', 'yuhu-1', 12, 95, true, 'simulated alarm', 2001, 1, 2);
INSERT INTO quarantine VALUES
    (1, 4, 'required', 'received_at', '', 'received_at is empty', 'C-0004,,,,,,phone,consultation,,3,yuhu,,,0,,,');
