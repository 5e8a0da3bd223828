-- The campaign period, defined once for every query: the calls received and the activities started
-- from local midnight of the first day up to (not including) local midnight after the last day.
-- Dates are 'YYYY-MM-DD' text; the casts use the connection's TimeZone, the campaign's.
-- row_ref is the row's rowid: the spans refer to their calls by it (a number is cheaper to write
-- and join than the call's id), valid while the report reads a warehouse nothing writes to. The
-- activities carry it too, so that headline.sql reads either source alike.
CREATE OR REPLACE TEMP MACRO period_calls(first_day, last_day) AS TABLE
    SELECT *, rowid AS row_ref
    FROM calls
    WHERE received_at >= first_day::DATE::TIMESTAMPTZ
      AND received_at <  (last_day::DATE + 1)::TIMESTAMPTZ;

CREATE OR REPLACE TEMP MACRO period_activities(first_day, last_day) AS TABLE
    SELECT *, rowid AS row_ref
    FROM activities
    WHERE started_at >= first_day::DATE::TIMESTAMPTZ
      AND started_at <  (last_day::DATE + 1)::TIMESTAMPTZ;
