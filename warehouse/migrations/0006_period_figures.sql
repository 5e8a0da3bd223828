-- Version 6: figures of a period already computed, kept so that a later report comparing with that
-- period does not compute them again from its calls (metrics/figures/period_cache.go). An entry is
-- keyed by the period and a hash of the definitions its figures follow; data is a hash of the files
-- the period's rows came from (their ids and content hashes), so that adding, replacing or undoing a
-- file of the period makes the entry stale: it is then computed again and replaced. Deleting the
-- table's rows loses nothing but time.
CREATE TABLE IF NOT EXISTS period_figures (
    first_day   VARCHAR NOT NULL,   -- 'YYYY-MM-DD', the period's first local day
    last_day    VARCHAR NOT NULL,   -- its last local day
    definitions VARCHAR NOT NULL,   -- sha256 of the definitions, the queries and the time zone
    data        VARCHAR NOT NULL,   -- sha256 of the period's files
    figures     VARCHAR NOT NULL,   -- JSON: counts, headline values, compliance and target shares
    PRIMARY KEY (first_day, last_day, definitions)
);
