package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"bulletin/ingest/source"
)

// testRows is a source of n rows of the flags profile below in which the row's index i decides
// its fate: i%11 == 3 has an unreadable arrival time (quarantined), 5 cannot be split (malformed),
// 7 has five fields instead of six, 9 an unreadable optional time (kept and flagged); the rest are
// good. Like the real readers, it reuses the slice of fields from row to row. It fails with failure
// instead of returning row failAt, when failAt > 0.
type testRows struct {
	n, i, failAt int
	failure      error
	fields       []string
}

const testRowsHeader = "id,received,arrived,type,district,result"

func (s *testRows) header() []string { return strings.Split(testRowsHeader, ",") }
func (s *testRows) offset() int64    { return int64(s.i) * 100 }

func (s *testRows) next() (int64, []string, *badRow, error) {
	if s.failAt > 0 && s.i == s.failAt {
		return 0, nil, nil, s.failure
	}
	if s.i == s.n {
		return 0, nil, nil, io.EOF
	}
	i := s.i
	s.i++
	line := int64(i) + 2
	received, arrived := "2022-05-01 08:00:00", "2022-05-01 08:09:00"
	switch i % 11 {
	case 3:
		received = "never"
	case 5:
		return line, nil, &badRow{line: line, msg: fmt.Sprintf("malformed row at line %d", line), raw: `K,"`}, nil
	case 7:
		s.fields = append(s.fields[:0], fmt.Sprintf("K%d", i), received, arrived, "fire", "雨湖区")
		return line, s.fields, nil, nil
	case 9:
		arrived = "soon"
	}
	s.fields = append(s.fields[:0], fmt.Sprintf("K%d", i), received, arrived, "fire", "雨湖区", "done")
	return line, s.fields, nil, nil
}

func testRowsMapping(t *testing.T) *mapping {
	t.Helper()
	p, err := ParseProfile("flags.yaml", []byte("name: flags\ntable: calls\nfields:\n  call_id: id\n  received_at: received\n"+
		"  arrived_at: arrived\n  channel: {value: phone}\n  category: {column: type, map: {fire: fire}}\n  district: district\n"+
		"  disposition: {column: result, map: {done: resolved}}\nchecks:\n  unparsable_time: flag\n"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := newMapping(p, strings.Split(testRowsHeader, ","), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// decoded is what a decoder handed on, each batch's rows rendered as text, one string per row.
type decoded map[string][]string

// decodeAll decodes src and renders every batch it emits, in order, releasing them.
func decodeAll(ctx context.Context, d *decoder, emit func(stagedBatch) error) (decoded, decodeStats, error) {
	out := decoded{}
	stats, err := d.decode(ctx, func(b stagedBatch) error {
		defer b.rec.Release()
		for i := range int(b.rec.NumRows()) {
			var cells []string
			for _, col := range b.rec.Columns() {
				cells = append(cells, col.ValueStr(i))
			}
			out[b.target] = append(out[b.target], strings.Join(cells, "|"))
		}
		if emit != nil {
			return emit(b)
		}
		return nil
	})
	return out, stats, err
}

// column returns the named column of rendered rows of the given fields.
func column(rows []string, fields []field, name string) []string {
	i := slices.IndexFunc(fields, func(f field) bool { return f.name == name })
	var cells []string
	for _, row := range rows {
		cells = append(cells, strings.Split(row, "|")[i])
	}
	return cells
}

// TestDecodeHandsOnEveryRowInFileOrderWhateverTheWorkers: the parsed rows, quarantined rows and
// flags come out in the order of the file, each row where its fault puts it, and the same for any
// chunk size (in rows or, for the last, in bytes: about three rows) and number of workers.
func TestDecodeHandsOnEveryRowInFileOrderWhateverTheWorkers(t *testing.T) {
	const n = 1000
	var staged, quarantined, quarantineChecks, flagged []string
	for i := range n {
		line := fmt.Sprint(i + 2)
		switch i % 11 {
		case 3:
			quarantined, quarantineChecks = append(quarantined, line), append(quarantineChecks, CheckUnparsableTime)
		case 5:
			quarantined, quarantineChecks = append(quarantined, line), append(quarantineChecks, CheckMalformedRow)
		case 7:
			quarantined, quarantineChecks = append(quarantined, line), append(quarantineChecks, CheckFieldCount)
		case 9:
			staged, flagged = append(staged, line), append(flagged, line)
		default:
			staged = append(staged, line)
		}
	}
	m := testRowsMapping(t)
	var first decoded
	for _, chunk := range []struct{ rows, bytes int }{{1, 1 << 20}, {3, 1 << 20}, {64, 1 << 20}, {n, 1 << 20}, {1 << 16, 1 << 20}, {1 << 16, 100}} {
		for _, workers := range []int{1, 2, 3, 4} {
			t.Run(fmt.Sprintf("chunk=%d,%dB/workers=%d", chunk.rows, chunk.bytes, workers), func(t *testing.T) {
				mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
				d := newDecoder(&testRows{n: n}, m, chunk.rows, mem)
				d.chunkBytes, d.workers = chunk.bytes, workers
				var lastBytes, lastRows int64
				d.progress = func(bytes, rows int64) {
					if bytes < lastBytes || rows < lastRows {
						t.Errorf("progress went back from %d bytes, %d rows to %d, %d", lastBytes, lastRows, bytes, rows)
					}
					lastBytes, lastRows = bytes, rows
				}
				out, stats, err := decodeAll(context.Background(), d, nil)
				if err != nil {
					t.Fatal(err)
				}
				mem.AssertSize(t, 0)
				if stats.rowsRead != n || lastRows != n || lastBytes != n*100 {
					t.Errorf("read %d rows, last progress %d rows %d bytes; want %d rows, %d bytes", stats.rowsRead, lastRows, lastBytes, n, n*100)
				}
				for _, c := range []struct {
					got, want []string
					what      string
				}{
					{column(out["staged"], stagedFields(m.table), "line"), staged, "staged lines"},
					{column(out["staged_quarantine"], quarantineFields, "line"), quarantined, "quarantined lines"},
					{column(out["staged_quarantine"], quarantineFields, "check_name"), quarantineChecks, "quarantine checks"},
					{column(out["staged_flags"], flagFields, "line"), flagged, "flagged lines"},
				} {
					if !slices.Equal(c.got, c.want) {
						t.Errorf("%s: got %d %v..., want %d %v...", c.what, len(c.got), c.got[:min(len(c.got), 5)], len(c.want), c.want[:min(len(c.want), 5)])
					}
				}
				if first == nil {
					first = out
					return
				}
				for target, rows := range first {
					if !slices.Equal(out[target], rows) {
						t.Errorf("%s differs from the first decoding", target)
					}
				}
			})
		}
	}
}

// TestDecodeStopsEverythingOnError: a source that fails, an emit that fails and a cancelled context
// each end decode with that error, with no goroutine left behind and every batch released.
func TestDecodeStopsEverythingOnError(t *testing.T) {
	errRead, errLoad := errors.New("disk on fire"), errors.New("loader gone")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cases := []struct {
		name string
		src  *testRows
		emit func(stagedBatch) error
		ctx  context.Context
		want error
	}{
		{"source fails", &testRows{n: 5000, failAt: 700, failure: errRead}, nil, context.Background(), errRead},
		{"emit fails", &testRows{n: 5000}, func(b stagedBatch) error {
			if b.target == "staged" && strings.HasSuffix(b.rec.Column(0).ValueStr(0), "0") {
				return errLoad
			}
			return nil
		}, context.Background(), errLoad},
		{"context cancelled", &testRows{n: 5000}, func(stagedBatch) error { cancel(); return nil }, ctx, context.Canceled},
	}
	m := testRowsMapping(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			goroutines := runtime.NumGoroutine()
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			d := newDecoder(c.src, m, 7, mem)
			_, _, err := decodeAll(c.ctx, d, c.emit)
			if !errors.Is(err, c.want) {
				t.Errorf("error %v, want %v", err, c.want)
			}
			mem.AssertSize(t, 0)
			// A goroutine that has finished may take a moment to leave the count.
			for wait := time.Millisecond; runtime.NumGoroutine() > goroutines; wait *= 2 {
				if wait > time.Second {
					t.Fatalf("%d goroutines after decode, %d before", runtime.NumGoroutine(), goroutines)
				}
				time.Sleep(wait)
			}
		})
	}
}

// FuzzDecodeCSV decodes arbitrary rows under the canonical header: every row the source reads comes
// out once, parsed or quarantined at its line, and a row with another number of fields than the
// header is quarantined as such, with the numbers, at the line it starts on.
func FuzzDecodeCSV(f *testing.F) {
	p, err := LoadProfile("canonical")
	if err != nil {
		f.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join("..", "metrics", "figures", "testdata", "calls.csv"))
	if err != nil {
		f.Fatal(err)
	}
	header, body, _ := strings.Cut(string(data), "\n")
	width := len(strings.Split(header, ","))
	f.Add(body)
	f.Add("1,2022-05-01 08:00:00\n")
	f.Add("1\n\n\"a\nb\",\"\n2,\"x\"y\n" + strings.Repeat(",", width-1) + "\n")
	f.Add(strings.Repeat("x,", width) + "\n" + strings.Repeat("\"\",", width-1) + "\"\"\r\n")
	f.Fuzz(func(t *testing.T, body string) {
		path := filepath.Join(t.TempDir(), "calls.csv")
		if err := os.WriteFile(path, []byte(header+"\n"+body), 0o644); err != nil {
			t.Fatal(err)
		}
		// What the source reads, independently of the decoder: each row's line and width.
		widths := map[int64]int{}
		r, err := source.Open(context.Background(), path, source.Options{HeaderRow: 1})
		if err != nil && strings.Contains(err.Error(), ": not text: ") {
			return // a body mostly of control characters is refused as binary, by design
		}
		if err != nil {
			t.Fatalf("the header does not open: %v", err)
		}
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if _, dup := widths[rec.Line]; dup {
				t.Fatalf("two rows at line %d", rec.Line)
			}
			widths[rec.Line] = len(rec.Fields)
			if err != nil {
				widths[rec.Line] = -1 // malformed
			}
		}
		r.Close()

		rows, _, err := openRows(context.Background(), path, Options{Profile: p}, []*Profile{p})
		if err != nil {
			t.Fatal(err)
		}
		defer rows.close()
		m, err := newMapping(p, rows.header(), time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		defer mem.AssertSize(t, 0)
		seen := map[int64]bool{}
		stats, err := newDecoder(rows, m, 3, mem).decode(context.Background(), func(b stagedBatch) error {
			defer b.rec.Release()
			lineCol := b.rec.Schema().FieldIndices("line")[0]
			for i := range int(b.rec.NumRows()) {
				line, _ := strconv.ParseInt(b.rec.Column(lineCol).ValueStr(i), 10, 64)
				if b.target == "staged_flags" {
					continue
				}
				want, ok := widths[line]
				if !ok || seen[line] {
					t.Errorf("%s row at line %d, read %v, already seen %v", b.target, line, ok, seen[line])
				}
				seen[line] = true
				if want >= 0 && want != width {
					check := b.rec.Column(b.rec.Schema().FieldIndices("check_name")[0])
					reason := b.rec.Column(b.rec.Schema().FieldIndices("reason")[0])
					wantReason := fmt.Sprintf("wrong number of fields: got %d, want %d", want, width)
					if b.target != "staged_quarantine" || check.ValueStr(i) != CheckFieldCount || reason.ValueStr(i) != wantReason {
						t.Errorf("line %d of %d fields: %s row", line, want, b.target)
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		if stats.rowsRead != int64(len(widths)) || len(seen) != len(widths) {
			t.Fatalf("%d rows read, %d handed on; the source has %d", stats.rowsRead, len(seen), len(widths))
		}
	})
}
