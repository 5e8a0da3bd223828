-- Version 5: how finely a calls file records its clock points: 'second', or 'minute' when nearly
-- every time it gives falls on a whole minute. Shares within thresholds measured on minute clocks
-- are overstated (an arrival at 4:59 is written 4:00), so reports say so.
ALTER TABLE ingest_files ADD COLUMN IF NOT EXISTS clock_resolution VARCHAR;   -- NULL for activities and files before version 5
