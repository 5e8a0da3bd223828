-- Version 4: the time zone a file's times were read in (its profile's, else ingest's --tz), so that
-- a report in another zone, which would cut its calls into the wrong days, can be refused.
ALTER TABLE ingest_files ADD COLUMN IF NOT EXISTS time_zone VARCHAR;   -- NULL for files ingested before version 4
