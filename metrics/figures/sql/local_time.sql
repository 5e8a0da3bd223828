-- The macro local_time(ts): the wall-clock time of the instant ts in the campaign's zone (the
-- connection's TimeZone), as a TIMESTAMP, from which the queries take a record's local day, hour,
-- weekday, week and month. DuckDB's own conversion (ts::TIMESTAMP, through ICU) costs about 50 ns
-- a value, most of what counting a million calls by hour and weekday costs. Between the instants
-- .From and .To (microseconds since the epoch: the querier's period, when every hour of it has the
-- same UTC offset, localOffsetSQL) the zone's offset is .Offset microseconds, and adding it gives
-- the same time several times faster. Any other instant, and every instant when the period's offset
-- changes (.From = .To), takes ICU's conversion: the macro is exact for every instant, and fast for
-- those of its period. Rendered by the program; the three values are integers.
CREATE OR REPLACE TEMP MACRO local_time(ts) AS
    CASE
        WHEN epoch_us(ts) >= {{.From}} AND epoch_us(ts) < {{.To}} THEN make_timestamp(epoch_us(ts) + {{.Offset}})
        ELSE ts::TIMESTAMP
    END;
