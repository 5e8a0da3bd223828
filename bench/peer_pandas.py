# The pandas peer of `bulletin bench`: the figures of baseline.sql computed from the same calls file
# with pandas, the way a statistician would write them, printed as JSON on stdout:
# {"figure": {"key": value}}, with the figure names and keys of baseline.sql, so that bench can check
# them against the baseline's value for value.
#
#     python3 - CALLS.csv SPEC.json-text < peer_pandas.py
#
# SPEC is what depends on the campaign file, written by peer_pandas.go: the campaign's time zone, the
# categories left out of response times, and the headline figures and declared breakdowns of the
# calls that baseline.sql writes at its "-- campaign:" marker. This script names no category.
#
# The intervals, their ceilings, the compliance thresholds and the histogram's edges are those of
# baseline.sql (the campaign's default definitions, campaign.DefaultIntervals). Times are local
# times of the campaign's time zone: spans are elapsed seconds between instants, days, hours and
# weekdays those of the local wall clock. A wall clock that happened twice (the clocks went back) is
# read as the first, as ingest reads it. Percentiles interpolate linearly between the two nearest
# values (pandas' default, DuckDB's quantile_cont).
import json
import sys

import numpy as np
import pandas as pd

TIMES = ["received_at", "answered_at", "dispatched_at", "arrived_at", "closed_at"]
DTYPES = {
    "call_id": str,
    "channel": str,
    "category": str,
    "subcategory": str,
    "priority": "Int8",
    "district": str,
    "station": str,
    "disposition": str,
    "people_helped": "Int32",
    "linked_agencies": str,
    "lat": "float64",
    "lon": "float64",
}
# id, from, to, ceiling in seconds
INTERVALS = [
    ("answer", "received_at", "answered_at", 600),
    ("dispatch", "received_at", "dispatched_at", 3600),
    ("travel", "dispatched_at", "arrived_at", 7200),
    ("response", "received_at", "arrived_at", 7200),
    ("handling", "arrived_at", "closed_at", 86400),
]
THRESHOLDS = [60, 180, 300]
EDGES = [0, 60, 120, 180, 240, 300, 420, 600, 900, 1200, 1800]


def read_calls(path, time_zone):
    # Only an empty field is missing: a value such as "NA" stays text, as in DuckDB's read_csv.
    calls = pd.read_csv(path, dtype=DTYPES, parse_dates=TIMES, keep_default_na=False, na_values=[""])
    first = np.ones(len(calls), dtype=bool)
    for column in TIMES:
        if not pd.api.types.is_datetime64_dtype(calls[column]):
            sys.exit(f"{path}: {column} is not a column of times YYYY-MM-DD HH:MM:SS")
        calls[column] = calls[column].dt.tz_localize(time_zone, ambiguous=first, nonexistent="raise")
    return calls


def keyed(counts):
    """The counts keyed by their value as text, a missing value as the empty text."""
    return counts.rename(lambda k: "" if pd.isna(k) else str(k))


def agencies(calls):
    """One row per linked agency of a call, indexed by the call's row."""
    return calls["linked_agencies"].dropna().str.split(";").explode()


def matches(calls, where, where_not):
    keep = pd.Series(True, index=calls.index)
    for field, values in where.items():
        keep &= has(calls, field, values)
    for field, values in where_not.items():
        keep &= ~has(calls, field, values)
    return keep


def has(calls, field, values):
    """Whether the field has one of the values (written as text); for the linked agencies, any of them."""
    column = calls[field]
    if field == "linked_agencies":
        return agencies(calls).isin(values).groupby(level=0).any().reindex(calls.index, fill_value=False)
    if column.dtype != object:
        values = pd.to_numeric(pd.Series(values))
    return column.isin(values)


def headline(rows, m):
    if m["aggregate"] == "sum":
        return rows[m["field"]].sum()
    if m["aggregate"] == "count_distinct":
        return rows[m["field"]].nunique()
    return len(rows)


def breakdown(rows, d):
    if d["by"] == "day":
        groups = rows.groupby(rows["received_at"].dt.normalize())
    else:
        groups = rows.groupby(rows[d["by"]], dropna=False)
    if d["aggregate"] == "sum":
        values = groups[d["field"]].sum()
    elif d["aggregate"] == "count_distinct":
        values = groups[d["field"]].nunique()
    else:
        values = groups.size()
    if d["by"] == "day":
        return values.rename(lambda t: t.strftime("%Y-%m-%d"))
    return keyed(values)


def main():
    path, spec = sys.argv[1], json.loads(sys.argv[2])
    calls = read_calls(path, spec["time_zone"])
    measures = spec["headline"] + spec["breakdowns"]
    if any(m.get("field") == "incident" for m in measures) and "incident" not in calls:
        # Calls sharing an incident_id are one incident; a call without one is an incident of its own.
        incident = calls["incident_id"] if "incident_id" in calls else pd.Series(np.nan, index=calls.index, dtype=object)
        calls["incident"] = incident.fillna(calls["call_id"])
    figures = {}

    def put(figure, values):
        figures.setdefault(figure, {}).update({str(k): float(v) for k, v in values.items()})

    received = calls["received_at"]
    put("category", calls["category"].value_counts())
    put("district_calls", calls["district"].value_counts())
    put("day_calls", calls.groupby(received.dt.normalize()).size().rename(lambda t: t.strftime("%Y-%m-%d")))
    by_hour = calls.groupby([received.dt.dayofweek, received.dt.hour]).size()
    put("weekday_hour", {f"{weekday}/{hour}": n for (weekday, hour), n in by_hour.items()})
    for field in ["channel", "priority", "station", "disposition"]:
        put("field_" + field, keyed(calls[field].value_counts(dropna=False)))
    put("agency", agencies(calls).value_counts())
    put("linked_calls", {"": calls["linked_agencies"].notna().sum()})

    for m in spec["headline"]:
        rows = calls[matches(calls, m.get("where", {}), m.get("where_not", {}))]
        put("headline", {m["id"]: headline(rows, m)})
    for d in spec["breakdowns"]:
        rows = calls[matches(calls, d.get("where", {}), d.get("where_not", {}))]
        put("breakdown_" + d["id"], breakdown(rows, d))

    timed = calls.loc[~calls["category"].isin(spec["excluded"]), TIMES + ["district"]]
    for interval, start, end, ceiling in INTERVALS:
        seconds = (timed[end] - timed[start]).dt.total_seconds()
        seconds = seconds[seconds.between(0, ceiling)]
        if seconds.empty:
            continue
        put("interval_n", {interval: seconds.count()})
        put("interval_mean", {interval: seconds.mean()})
        for q in [50, 90, 95]:
            put(f"interval_p{q}", {interval: seconds.quantile(q / 100)})
        put("interval_max", {interval: seconds.max()})
        if interval != "response":
            continue
        district = timed.loc[seconds.index, "district"]
        by_district = seconds.groupby(district)
        put("district_response_n", by_district.count())
        for q in [10, 25, 50, 75, 90]:
            put(f"district_response_p{q}", by_district.quantile(q / 100))
        for threshold in THRESHOLDS:
            within = seconds <= threshold
            by_district = within.groupby(district)
            put("response_within", {f"/{threshold}": within.sum()})
            put("response_within", by_district.sum().rename(lambda k: f"{k}/{threshold}"))
            put("response_share", {f"/{threshold}": within.mean()})
            put("response_share", by_district.mean().rename(lambda k: f"{k}/{threshold}"))
        lower = np.searchsorted(EDGES, seconds, side="right") - 1
        put("response_histogram", pd.Series(EDGES).iloc[lower].value_counts())

    json.dump(figures, sys.stdout, sort_keys=True, allow_nan=False)


main()
