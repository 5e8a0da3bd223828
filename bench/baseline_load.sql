-- The baseline's load: DuckDB's own CSV reader straight into a table, with the columns typed as the
-- canonical format documents them (sample-data/README.md) and nothing checked beyond the types. Times
-- stay wall-clock TIMESTAMPs: the file holds one time zone, so days, hours and weekdays need no zone
-- arithmetic. $1 is the CSV file.
CREATE TABLE calls AS
SELECT *
FROM read_csv($1,
    header = true,
    auto_detect = false,
    delim = ',',
    quote = '"',
    timestampformat = '%Y-%m-%d %H:%M:%S',
    columns = {
        'call_id': 'VARCHAR',
        'received_at': 'TIMESTAMP',
        'answered_at': 'TIMESTAMP',
        'dispatched_at': 'TIMESTAMP',
        'arrived_at': 'TIMESTAMP',
        'closed_at': 'TIMESTAMP',
        'channel': 'VARCHAR',
        'category': 'VARCHAR',
        'subcategory': 'VARCHAR',
        'priority': 'TINYINT',
        'district': 'VARCHAR',
        'station': 'VARCHAR',
        'disposition': 'VARCHAR',
        'people_helped': 'INTEGER',
        'linked_agencies': 'VARCHAR',
        'lat': 'DOUBLE',
        'lon': 'DOUBLE'
    });
