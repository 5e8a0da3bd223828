-- The querier's period as instants, from local midnight of its first day up to local midnight after
-- its last (as period.sql cuts it), and the least and greatest UTC offset of the campaign's zone (the
-- connection's TimeZone) at every hour of it, both ends included, in microseconds. Equal offsets
-- mean one offset throughout: no zone changes its offset and back within the hour.
SELECT
    epoch_us($start::DATE::TIMESTAMPTZ)        AS from_us,
    epoch_us(($end::DATE + 1)::TIMESTAMPTZ)    AS to_us,
    min(epoch_us(t::TIMESTAMP) - epoch_us(t))  AS least_offset,
    max(epoch_us(t::TIMESTAMP) - epoch_us(t))  AS greatest_offset
FROM generate_series($start::DATE::TIMESTAMPTZ, ($end::DATE + 1)::TIMESTAMPTZ, INTERVAL 1 HOUR) AS g(t);
