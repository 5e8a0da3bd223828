// Package synth generates bulletin's input data in the canonical format, in two modes.
//
// The sample mode, Write, writes a deterministic sample data set: the call log and the activity log
// of the Xiangtan 110 command centre from 2021-05-01 to 2022-07-31. The data set covers the "one
// activity, one action" campaign (2022-05-01 to 2022-07-31), the 92 days before it and the same three
// months a year earlier, so that a bulletin can compare the campaign with both baselines. Over the
// valid rows of the campaign it reproduces exactly the figures of the published bulletin of
// 2022-08-02 (21746 emergency-help calls, 81 suicide attempts rescued, 455 lost people found, 11
// missing-person cases handled, 32 drills, 660 video inspections and 412 video roll calls). Every
// calls file also carries a few percent of faulty rows of the kinds a real export contains:
// malformed lines, garbled times, unknown codes, exact duplicates and conflicting rows under a reused
// call_id, all added as extra rows, and out-of-order or missing times inside valid rows. The README of
// the sample-data folder describes the format, the faults and how ingest is expected to treat them.
//
// The fast mode, WriteMonth, writes any number of valid calls received in one month, at the
// campaign's rhythm and mix, as fast as it can: it is what bulletin bench loads. It has no faults,
// no activities and no pinned figures.
//
// What the data looks like is data: the codes of every coded column, how often each is drawn, the
// districts, stations and units, and the bulletin's figures are read from the embedded sample.yaml,
// whose comments explain them. The Go code draws from those tables and knows the entries only by
// their role (the campaign's focus category, its pinned subcategories, the drill, inspection and
// roll-call kinds).
//
// In both modes the same options always produce byte-identical files.
package synth

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // The default Asia/Shanghai location must load on machines without a zoneinfo database.
)

// DefaultSeed is the seed used when Options.Seed is zero: the publication date of the bulletin.
const DefaultSeed uint64 = 20220802

// TimeLayout is the layout of every time in the sample data: local time without a zone.
const TimeLayout = "2006-01-02 15:04:05"

// CallsHeader is the header row of a calls file (sample-data/README.md).
const CallsHeader = "call_id,received_at,answered_at,dispatched_at,arrived_at,closed_at,channel,category,subcategory,priority,district,station,disposition,people_helped,linked_agencies,lat,lon"

// CallColumns returns the header of a calls file, in order.
func CallColumns() []string { return strings.Split(CallsHeader, ",") }

// ActivityColumns returns the header of an activities file, in order.
func ActivityColumns() []string {
	return []string{
		"activity_id", "kind", "started_at", "district", "unit", "participants",
		"response_seconds", "passed", "note",
	}
}

// Options configures a sample data set. The zero value selects the defaults.
type Options struct {
	// Seed selects the data set; zero means DefaultSeed. Different seeds give different rows with the
	// same guaranteed campaign figures.
	Seed uint64
	// Location is the time zone of the command centre, in which every time is written and every day
	// begins; nil means Asia/Shanghai.
	Location *time.Location
}

// Summary says what Write produced.
type Summary struct {
	// Files lists the base names of the files written, sorted.
	Files []string
	// Calls is the number of call rows written, including faulty and duplicate rows.
	Calls int
	// Activities is the number of activity rows written.
	Activities int
	// Bytes is the total size of the files written, headers included.
	Bytes int64
	// Faults maps each injected fault kind to the number of rows that carry it. The kinds
	// malformed_line, bad_received_at, bad_time, unknown_category, unknown_channel,
	// unknown_subcategory, unknown_disposition, bad_priority, bad_people_helped, bad_coordinate,
	// unknown_agency, empty_district, empty_call_id and conflicting_id are extra rows that ingest must
	// quarantine; duplicate counts extra rows identical to an earlier row; arrival_before_dispatch,
	// missing_arrival and absurd_interval are valid rows whose times are wrong, which ingest keeps.
	Faults map[string]int
}

// Write writes the sample data set into dir, creating dir if needed: one calls-YYYY-MM.csv and one
// activities-YYYY-MM.csv per month from 2021-05 to 2022-07. Each file is written under a temporary name
// and renamed when complete, so an interrupted run never leaves a partial file under a final name.
// Write stops with ctx's error when ctx is cancelled.
func Write(ctx context.Context, dir string, opts Options) (Summary, error) {
	if err := ctx.Err(); err != nil {
		return Summary{}, err
	}
	m, err := loadModel()
	if err != nil {
		return Summary{}, fmt.Errorf("synth: %w", err)
	}
	g := newGenerator(m, opts)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Summary{}, fmt.Errorf("synth: %w", err)
	}
	days := g.plan()

	var sum Summary
	var faults [numFaults]int
	// carry holds duplicates of one month's rows that belong at the start of the next month's file.
	var carry []pendingRow
	for start := 0; start < len(days); {
		end := start
		for end < len(days) && days[end].date.Month() == days[start].date.Month() {
			end++
		}
		month := days[start].date.Format("2006-01")
		last := end == len(days)

		calls, err := createCSV(dir, "calls-"+month+".csv", CallColumns())
		if err != nil {
			return Summary{}, err
		}
		calls.pending = carry
		carry = nil
		acts, err := createCSV(dir, "activities-"+month+".csv", ActivityColumns())
		if err != nil {
			calls.abort()
			return Summary{}, err
		}
		for i := start; i < end; i++ {
			if err := ctx.Err(); err != nil {
				calls.abort()
				acts.abort()
				return Summary{}, err
			}
			rng := g.dayRand(callStream, days[i].index)
			rows := g.dayCalls(rng, &days[i], &faults)
			for _, row := range rows {
				calls.write(row.rec)
				if !row.valid {
					continue
				}
				// Duplicates and conflicts copy valid rows only, and never both the same row, so
				// that "the first occurrence is the valid one" has exactly one reading.
				switch u := rng.Float64(); {
				case u < duplicateRate:
					faults[faultDuplicate]++
					dup := pendingRow{rec: row.rec}
					if !last && rng.Float64() < nextMonthDuplicateShare {
						dup.at = rng.IntN(carryWindow)
						carry = insertPending(carry, dup)
					} else {
						dup.at = calls.rows + 1 + rng.IntN(laterWindow)
						calls.pending = insertPending(calls.pending, dup)
					}
				case u < duplicateRate+conflictRate:
					faults[faultConflictingID]++
					conflict := pendingRow{rec: g.conflictingCopy(rng, row.rec)}
					conflict.at = calls.rows + 1 + rng.IntN(laterWindow)
					calls.pending = insertPending(calls.pending, conflict)
				}
			}
			for _, rec := range g.dayActivities(g.dayRand(activityStream, days[i].index), &days[i]) {
				acts.write(rec)
			}
		}
		for _, f := range []*csvFile{calls, acts} {
			if err := f.commit(); err != nil {
				calls.abort()
				acts.abort()
				return Summary{}, err
			}
			sum.Files = append(sum.Files, f.name)
			sum.Bytes += f.counter.n
		}
		sum.Calls += calls.rows
		sum.Activities += acts.rows
		start = end
	}
	slices.Sort(sum.Files)
	sum.Faults = make(map[string]int)
	for f := faultNone + 1; f < numFaults; f++ {
		if faults[f] > 0 {
			sum.Faults[f.String()] = faults[f]
		}
	}
	return sum, nil
}

// Rates and windows of the faults that Write places between the rows of a file.
const (
	duplicateRate = 0.01
	conflictRate  = 0.0001
	// nextMonthDuplicateShare is the share of duplicates written into the next month's file.
	nextMonthDuplicateShare = 0.2
	// laterWindow is how many rows after its original a duplicate or conflict may appear.
	laterWindow = 30
	// carryWindow is how far into the next month's file a carried duplicate may appear.
	carryWindow = 400
)

// pendingRow is a row waiting until at rows have been written to its file.
type pendingRow struct {
	at  int
	rec []string
}

// insertPending inserts p into rows kept sorted by at, after any row with the same at.
func insertPending(rows []pendingRow, p pendingRow) []pendingRow {
	i, _ := slices.BinarySearchFunc(rows, p.at+1, func(r pendingRow, at int) int { return r.at - at })
	return slices.Insert(rows, i, p)
}

// csvFile is an output file being written under a temporary name.
type csvFile struct {
	dir, name string
	tmp       *os.File
	counter   *countingWriter
	buf       *bufio.Writer
	csv       *csv.Writer
	// rows counts the rows written after the header.
	rows    int
	pending []pendingRow
}

func createCSV(dir, name string, header []string) (*csvFile, error) {
	tmp, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	counter := &countingWriter{w: tmp}
	buf := bufio.NewWriterSize(counter, 1<<16)
	f := &csvFile{dir: dir, name: name, tmp: tmp, counter: counter, buf: buf, csv: csv.NewWriter(buf)}
	// Errors of the csv writer are sticky and reported by commit.
	_ = f.csv.Write(header)
	return f, nil
}

// write writes rec after any pending rows that are due.
func (f *csvFile) write(rec []string) {
	f.flushDue()
	_ = f.csv.Write(rec)
	f.rows++
}

func (f *csvFile) flushDue() {
	n := 0
	for n < len(f.pending) && f.pending[n].at <= f.rows {
		_ = f.csv.Write(f.pending[n].rec)
		f.rows++
		n++
	}
	f.pending = f.pending[n:]
}

// commit writes the remaining pending rows, closes the file and renames it to its final name.
func (f *csvFile) commit() error {
	for _, p := range f.pending {
		_ = f.csv.Write(p.rec)
		f.rows++
	}
	f.pending = nil
	f.csv.Flush()
	err := f.csv.Error()
	if err == nil {
		err = f.buf.Flush()
	}
	if err == nil {
		// CreateTemp makes the file private; the data set is meant to be read by others.
		err = f.tmp.Chmod(0o644)
	}
	if cerr := f.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.tmp.Name(), filepath.Join(f.dir, f.name))
	}
	if err != nil {
		_ = os.Remove(f.tmp.Name())
		return fmt.Errorf("synth: write %s: %w", f.name, err)
	}
	return nil
}

// abort discards a file that will not be completed; after commit it does nothing.
func (f *csvFile) abort() {
	_ = f.tmp.Close()
	_ = os.Remove(f.tmp.Name())
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
