-- Version 3: the worksheet an XLSX file was read from (the first visible one unless --sheet named
-- another), so that the ingest log says which of a workbook's sheets its rows came from.
ALTER TABLE ingest_files ADD COLUMN IF NOT EXISTS sheet VARCHAR;   -- NULL for files that are not workbooks
