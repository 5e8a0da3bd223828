package figures_test

import (
	"context"
	"fmt"
	"log"

	"bulletin/metrics/figures"
	"bulletin/warehouse"
)

// ExampleComputeQuality reads the data quality of a warehouse that holds one file with a quarantined
// row and a flagged one.
func ExampleComputeQuality() {
	ctx := context.Background()
	w, err := warehouse.Open(ctx, "", "Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	defer w.Close()
	// What ingest would have recorded for a file of three rows.
	_, err = w.DB.ExecContext(ctx, `
		INSERT INTO ingest_files (file_id, name, path, kind, sha256, bytes, rows_read, loaded, quarantined,
			duplicates, ingested_at, ingested_by, tool_version, records, flagged)
		VALUES (1, 'calls.csv', 'calls.csv', 'calls', 'ab12', 300, 3, 2, 1, 0, now(), 'me@host', 'dev', 2, 1);
		INSERT INTO quarantine (file_id, line, check_name, column_name, value, reason, district)
		VALUES (1, 3, 'unparsable_time', 'received_at', '2022/05/01', 'not a time', '雨湖区');
		INSERT INTO flags (file_id, line, record_key, check_name, column_name, reason, start_point, end_point, district)
		VALUES (1, 4, 'C2', 'interval_order', 'arrived_at', 'arrival before dispatch', 'dispatched_at', 'arrived_at', '雨湖区');`)
	if err != nil {
		log.Fatal(err)
	}
	q, err := figures.ComputeQuality(ctx, w)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d rows read, %d loaded (%d flagged), %d quarantined\n", q.RowsRead, q.Loaded, q.Flagged, q.Quarantined)
	for _, c := range q.Checks {
		ex := c.Examples[0]
		fmt.Printf("%s (%s): %d, e.g. %s line %d: %s\n", c.Label.En, c.Action, c.Count, ex.File, ex.Line, ex.Reason)
	}
	// Output:
	// 3 rows read, 2 loaded (1 flagged), 1 quarantined
	// unreadable time (quarantine): 1, e.g. calls.csv line 3: not a time
	// times out of order (flag): 1, e.g. calls.csv line 4: arrival before dispatch
}
