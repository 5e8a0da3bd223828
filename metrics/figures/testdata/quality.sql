-- A hand-made warehouse for the data-quality tests (figures and the quality command): the ingest log,
-- quarantine and flags of four files, without their calls. The expected figures are worked out in
-- figures/quality_test.go.
--   1 calls-a.csv     10 rows read: 6 loaded (3 of them flagged), 3 quarantined, 1 duplicate.
--   2 calls-b.csv     replaced by file 3, the re-delivery of the same export; a stray quarantined row
--                     and flag of it are left here to show that they are ignored.
--   3 calls-b.csv      5 rows read: 3 loaded (2 flagged) forming 2 calls, 2 quarantined.
--   4 activities.csv   ingested before schema version 2: no profile, format, encoding, flagged or
--                      records; 3 rows read, 2 loaded, 1 quarantined.
INSERT INTO ingest_files (file_id, name, path, kind, sha256, bytes, rows_read, loaded, quarantined, duplicates,
    ingested_at, ingested_by, tool_version, profile, format, encoding, records, flagged, replaced_by) VALUES
    (1, 'calls-a.csv', 'in/calls-a.csv', 'calls', 'aa', 1000, 10, 6, 3, 1, TIMESTAMPTZ '2022-06-01 09:00:00', 'test@host', 'test', 'canonical', 'csv', 'utf-8', 6, 3, NULL),
    (2, 'calls-b.csv', 'in/calls-b.csv', 'calls', 'bb', 500, 5, 4, 1, 0, TIMESTAMPTZ '2022-06-01 09:01:00', 'test@host', 'test', 'canonical', 'csv', 'utf-8', 4, 1, 3),
    (3, 'calls-b.csv', 'in/v2/calls-b.csv', 'calls', 'cc', 600, 5, 3, 2, 0, TIMESTAMPTZ '2022-06-02 09:00:00', 'test@host', 'test', 'xt-units', 'csv+gzip', 'gb18030', 2, 2, NULL),
    (4, 'activities.csv', 'in/activities.csv', 'activities', 'dd', 300, 3, 2, 1, 0, TIMESTAMPTZ '2022-06-02 09:05:00', 'test@host', 'test', NULL, NULL, NULL, NULL, NULL, NULL);

INSERT INTO quarantine (file_id, line, check_name, column_name, value, reason, raw, record_key, district) VALUES
    (1, 3, 'field_count',      NULL,          NULL,          'wrong number of fields: got 5, want 17', 'A2,x', NULL, NULL),
    (1, 5, 'unparsable_time',  'received_at', '2022/05/03',  'not a time of the form YYYY-MM-DD HH:MM:SS', NULL, 'A3', '雨湖区'),
    (1, 8, 'unknown_value',    'category',    'unknown',     'unknown value "unknown"', NULL, 'A6', '雨湖区'),
    (2, 2, 'required',         'received_at', '',            'required value is empty', NULL, 'B0', '雨湖区'),
    (3, 3, 'unparsable_time',  'received_at', '-1',          'not a time of the form YYYY-MM-DD HH:MM:SS', NULL, 'B2', '岳塘区'),
    (3, 4, 'unknown_district', 'district',    '湘潭高新区',  'unknown district "湘潭高新区"', NULL, 'B3', '湘潭高新区'),
    (4, 3, 'invalid_value',    'passed',      'maybe',       'not true or false', NULL, 'AC3', '');

INSERT INTO flags (file_id, line, record_key, check_name, column_name, value, reason, start_point, end_point, district) VALUES
    (1, 2, 'A1', 'interval_order',   'arrived_at',  '2022-05-01 08:04:00', 'arrival before dispatch', 'dispatched_at', 'arrived_at', '雨湖区'),
    (1, 2, 'A1', 'outside_period',   'received_at', '2022-04-30 23:59:59', 'before the period', NULL, NULL, '雨湖区'),
    (1, 6, 'A4', 'interval_order',   'closed_at',   '2022-05-01 09:00:00', 'closed before arrival', 'arrived_at', 'closed_at', '岳塘区'),
    (1, 9, 'A7', 'interval_order',   'answered_at', '2022-05-01 07:59:00', 'answered before received', 'received_at', 'answered_at', '雨湖区'),
    (2, 1, 'B0', 'interval_order',   'arrived_at',  '2022-05-01 10:00:00', 'arrival before dispatch', 'dispatched_at', 'arrived_at', '雨湖区'),
    (3, 2, 'B1', 'unknown_value',    'station',     '=HYPERLINK("http://x","y")', 'unknown station', NULL, NULL, '岳塘区'),
    (3, 7, 'B5', 'interval_order',   'arrived_at',  '2022-05-02 11:00:00', 'arrival before dispatch', 'dispatched_at', 'arrived_at', '岳塘区');
