package figures

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"bulletin/warehouse"
)

// TestLocalTimeIsICUsConversion defines local_time for periods with one UTC offset and for periods
// across a change of offset, in zones with whole-hour, half-hour and 45-minute offsets and a
// 30-minute daylight saving (Lord Howe), and compares it with DuckDB's own conversion
// (ts::TIMESTAMP) at every 7 minutes from 40 days before the period to 40 days after it, and with
// Go's time package. A period of one offset takes the fast branch for all of its instants.
func TestLocalTimeIsICUsConversion(t *testing.T) {
	cases := []struct {
		zone, start, end string
		oneOffset        bool
	}{
		{"Asia/Shanghai", "2022-07-01", "2022-07-31", true},
		{"Asia/Shanghai", "2022-05-01", "2022-07-31", true},
		{"America/New_York", "2022-07-01", "2022-07-31", true},
		{"America/New_York", "2022-03-01", "2022-03-31", false}, // clocks forward on 13 March
		{"America/New_York", "2022-11-06", "2022-11-06", false}, // the day clocks go back
		{"Europe/London", "2022-01-01", "2022-01-31", true},
		{"Asia/Kathmandu", "2022-02-01", "2022-02-28", true},
		{"Australia/Lord_Howe", "2022-04-01", "2022-04-30", false}, // back half an hour on 3 April
		{"Australia/Lord_Howe", "2022-06-01", "2022-06-30", true},
	}
	ctx := context.Background()
	for _, tc := range cases {
		t.Run(tc.zone+" "+tc.start, func(t *testing.T) {
			loc, err := time.LoadLocation(tc.zone)
			if err != nil {
				t.Fatal(err)
			}
			w, err := warehouse.Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), tc.zone)
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			q := &querier{ctx: ctx, conn: testConn(t, w), start: tc.start, end: tc.end}
			if err := q.defineLocalTime(); err != nil {
				t.Fatal(err)
			}
			first, _ := time.ParseInLocation(time.DateOnly, tc.start, loc)
			last, _ := time.ParseInLocation(time.DateOnly, tc.end, loc)
			afterLast := last.AddDate(0, 0, 1)
			from, to := first.AddDate(0, 0, -40), afterLast.AddDate(0, 0, 40)

			// Every instant where the two conversions differ, and how many instants lie in the
			// period.
			var differ, checked, inPeriod int64
			var example string
			err = q.conn.QueryRowContext(ctx, `
				WITH instants AS (
					SELECT make_timestamptz(us) AS ts
					FROM range($1::BIGINT, $2::BIGINT, 420000000::BIGINT) AS r(us)
				)
				SELECT
					count(*) FILTER (WHERE local_time(ts) IS DISTINCT FROM ts::TIMESTAMP),
					count(*),
					coalesce(min(strftime(ts, '%Y-%m-%d %H:%M:%S%z')) FILTER (WHERE local_time(ts) IS DISTINCT FROM ts::TIMESTAMP), ''),
					count(*) FILTER (WHERE ts >= $3::TIMESTAMPTZ AND ts < $4::TIMESTAMPTZ)
				FROM instants`,
				from.UnixMicro(), to.UnixMicro(), first.UTC().Format(time.DateTime+"Z"), afterLast.UTC().Format(time.DateTime+"Z"),
			).Scan(&differ, &checked, &example, &inPeriod)
			if err != nil {
				t.Fatal(err)
			}
			if differ != 0 || checked < 15000 {
				t.Errorf("local_time differs from ICU's conversion at %d of %d instants, first at %s", differ, checked, example)
			}
			// The fast branch: the macro's text holds the period's bounds and offset, or no bounds.
			var text string
			if err := q.conn.QueryRowContext(ctx, "SELECT macro_definition FROM duckdb_functions() WHERE function_name = 'local_time' LIMIT 1").Scan(&text); err != nil {
				t.Fatal(err)
			}
			_, offset := first.Zone()
			bounds := []string{strconv.FormatInt(first.UnixMicro(), 10), strconv.FormatInt(afterLast.UnixMicro(), 10), strconv.Itoa(offset * 1_000_000)}
			fast := true
			for _, b := range bounds {
				fast = fast && strings.Contains(text, b)
			}
			if fast != tc.oneOffset || inPeriod < 100 {
				t.Errorf("one offset over the period: %v, but the macro reads %s (%d instants in the period)", tc.oneOffset, text, inPeriod)
			}

			// And against Go, at each local hour of the period.
			for tm := first; tm.Before(afterLast); tm = tm.Add(time.Hour) {
				var got time.Time
				if err := q.conn.QueryRowContext(ctx, "SELECT local_time(make_timestamptz($1::BIGINT))", tm.UnixMicro()).Scan(&got); err != nil {
					t.Fatal(err)
				}
				if want := tm.In(loc); got.Format(time.DateTime) != want.Format(time.DateTime) {
					t.Fatalf("local_time of %s is %s; want %s", tm.UTC(), got.Format(time.DateTime), want.Format(time.DateTime))
				}
			}
		})
	}
}
