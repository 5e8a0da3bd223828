package ingest

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"bulletin/warehouse"
)

// writeBenchCalls writes n valid canonical call rows to a CSV file and returns its path.
func writeBenchCalls(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "calls.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "call_id,received_at,answered_at,dispatched_at,arrived_at,closed_at,channel,category,subcategory,priority,district,station,disposition,people_helped,linked_agencies,lat,lon")
	start := time.Date(2022, 5, 1, 0, 0, 0, 0, time.UTC)
	const layout = "2006-01-02 15:04:05"
	categories := []string{"emergency_help", "public_order", "traffic", "dispute", "criminal"}
	districts := []string{"雨湖区", "岳塘区", "湘潭县", "湘乡市", "韶山市"}
	for i := 0; i < n; i++ {
		received := start.Add(time.Duration(i) * 7 * time.Second)
		fmt.Fprintf(w, "XT%09d,%s,%s,%s,%s,%s,phone,%s,,2,%s,城正街派出所,resolved,%d,medical,27.86,112.91\n", i,
			received.Format(layout), received.Add(6*time.Second).Format(layout), received.Add(70*time.Second).Format(layout),
			received.Add(time.Duration(200+i%600)*time.Second).Format(layout), received.Add(40*time.Minute).Format(layout),
			categories[i%len(categories)], districts[i%len(districts)], i%3)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	return path
}

// openBenchWarehouse opens a fresh file warehouse for iteration i, outside the timed part.
func openBenchWarehouse(b *testing.B, i int) *warehouse.Warehouse {
	b.StopTimer()
	defer b.StartTimer()
	w, err := warehouse.Open(context.Background(), filepath.Join(b.TempDir(), fmt.Sprintf("w%d.duckdb", i)), "Asia/Shanghai")
	if err != nil {
		b.Fatal(err)
	}
	return w
}

// BenchmarkIngestCalls measures the whole ingest of one file (hash, decode, hand-off, classify, load)
// into a fresh file warehouse. Run it with and without -tags duckdb_arrow to compare the Arrow view
// with the Appender.
func BenchmarkIngestCalls(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("rows=%d/%s", n, ArrowHandoff), func(b *testing.B) {
			path := writeBenchCalls(b, n)
			info, _ := os.Stat(path)
			b.SetBytes(info.Size())
			ctx := context.Background()
			for i := 0; i < b.N; i++ {
				w := openBenchWarehouse(b, i)
				res, err := File(ctx, w, path, Options{})
				if err != nil || res.Loaded != int64(n) {
					b.Fatalf("loaded %d of %d: %v", res.Loaded, n, err)
				}
				b.StopTimer()
				w.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkReadCSVBaseline is the engine's own speed on the same file: DuckDB's read_csv with
// explicit types straight into a table, with no per-row checks, no duplicate handling and no
// quarantine. It bounds what BenchmarkIngestCalls can reach.
func BenchmarkReadCSVBaseline(b *testing.B) { benchReadCSV(b, "") }

// BenchmarkReadCSVRejects is DuckDB's own CSV reader as ingest would have to use it in place of
// the Go decoder on a UTF-8 file: typed columns with the rows that fail to cast kept aside
// (store_rejects, DuckDB's reject tables, with the line and column of each), rather than failing
// the file. It still does none of ingest's mapping (null tokens, code lists, other time formats,
// duration columns) nor its checks and duplicate handling: it is the floor of a read_csv-based
// ingest, to compare with the staged phase of BenchmarkIngestCalls (docs/performance.md).
func BenchmarkReadCSVRejects(b *testing.B) { benchReadCSV(b, "store_rejects = true,") }

// benchReadCSV loads the benchmark file with read_csv and explicit types, with the options given,
// and checks that every row loaded (none rejected, when rejects are stored).
func benchReadCSV(b *testing.B, options string) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			path := writeBenchCalls(b, n)
			info, _ := os.Stat(path)
			b.SetBytes(info.Size())
			ctx := context.Background()
			for i := 0; i < b.N; i++ {
				w := openBenchWarehouse(b, i)
				_, err := w.DB.ExecContext(ctx, `CREATE TABLE raw AS SELECT * FROM read_csv(?, header = true, auto_detect = false,
					timestampformat = '%Y-%m-%d %H:%M:%S', `+options+`
					columns = {'call_id': 'VARCHAR', 'received_at': 'TIMESTAMP', 'answered_at': 'TIMESTAMP', 'dispatched_at': 'TIMESTAMP',
					'arrived_at': 'TIMESTAMP', 'closed_at': 'TIMESTAMP', 'channel': 'VARCHAR', 'category': 'VARCHAR', 'subcategory': 'VARCHAR',
					'priority': 'TINYINT', 'district': 'VARCHAR', 'station': 'VARCHAR', 'disposition': 'VARCHAR', 'people_helped': 'INTEGER',
					'linked_agencies': 'VARCHAR', 'lat': 'DOUBLE', 'lon': 'DOUBLE'})`, path)
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				var loaded, rejected int64
				query := "SELECT (SELECT count(*) FROM raw), 0"
				if options != "" {
					query = "SELECT (SELECT count(*) FROM raw), (SELECT count(*) FROM reject_errors)"
				}
				if err := w.DB.QueryRowContext(ctx, query).Scan(&loaded, &rejected); err != nil {
					b.Fatal(err)
				}
				if loaded != int64(n) || rejected != 0 {
					b.Fatalf("read_csv loaded %d of %d rows, rejected %d", loaded, n, rejected)
				}
				w.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkArrowBatch measures building Arrow record batches of canonical calls from parsed values
// (batchBuilder.append and flush), the step between the decoder and DuckDB, in batches of 16,384
// rows as ingest hands them over.
func BenchmarkArrowBatch(b *testing.B) {
	fields := callsTable().fields
	row := make([]value, len(fields))
	at := time.Date(2022, 7, 1, 8, 0, 0, 0, time.UTC).UnixMicro()
	for i, f := range fields {
		switch f.kind {
		case kindTime:
			row[i] = value{num: at + int64(i)*60_000_000}
		case kindInt:
			row[i] = value{num: 2}
		case kindFloat:
			row[i] = value{real: 27.86}
		case kindList:
			row[i] = value{list: []string{"medical", "fire"}}
		case kindEnum:
			row[i] = value{text: f.values[0]}
		default:
			row[i] = value{text: "雨湖区城正街派出所"}
		}
	}
	const batchRows = 16_384
	bb := newBatchBuilder(memory.NewGoAllocator(), fields)
	defer bb.release()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		bb.append(row)
		if bb.rows == batchRows {
			bb.flush().Release()
		}
	}
	if batch := bb.flush(); batch != nil {
		batch.Release()
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
