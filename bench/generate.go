package bench

import (
	"context"
	"io"

	"bulletin/sample-data/synth"
)

// The calls that bench loads are written by the fast mode of package synth, the one generator of
// bulletin's input data (synth.WriteMonth says what the rows look like). The names below keep
// bench's API; bench declares its own Month and GenerateOptions so that its callers and tests use
// them as before.

// CallsHeader is the header row of a canonical calls file (sample-data/README.md).
const CallsHeader = synth.CallsHeader

// DefaultMonth is the month the generator fills when GenerateOptions.Month is zero: the last month of
// the sample campaign.
var DefaultMonth = Month(synth.DefaultMonth)

// Month is a calendar month.
type Month synth.Month

// ParseMonth reads a month written YYYY-MM.
func ParseMonth(s string) (Month, error) {
	m, err := synth.ParseMonth(s)
	return Month(m), err
}

// String writes the month as YYYY-MM.
func (m Month) String() string { return synth.Month(m).String() }

// Next returns the month after m.
func (m Month) Next() Month { return Month(synth.Month(m).Next()) }

// Days returns the number of days of the month.
func (m Month) Days() int { return synth.Month(m).Days() }

// FirstDay returns the month's first day, YYYY-MM-DD.
func (m Month) FirstDay() string { return synth.Month(m).FirstDay() }

// LastDay returns the month's last day, YYYY-MM-DD.
func (m Month) LastDay() string { return synth.Month(m).LastDay() }

// CallsFileName is the name ingest takes the declared period from: calls-YYYY-MM.csv.
func (m Month) CallsFileName() string { return synth.Month(m).CallsFileName() }

// GenerateOptions says what calls Generate writes. The zero value writes no calls of DefaultMonth.
type GenerateOptions struct {
	// Calls is the number of call rows.
	Calls int64
	// Month is the month the calls are received in; zero means DefaultMonth.
	Month Month
	// Seed selects the rows; zero means synth.DefaultSeed. The same options give the same bytes.
	Seed uint64
}

func (o GenerateOptions) month() synth.MonthOptions {
	return synth.MonthOptions{Calls: o.Calls, Month: synth.Month(o.Month), Seed: o.Seed}
}

// GenerateSummary describes a generated file: its calls and bytes.
type GenerateSummary = synth.MonthSummary

// Generate writes opts.Calls valid call rows in the canonical format to w, with their header, as
// synth.WriteMonth does: received over the month in time order, with the sample campaign's rhythm,
// mix and response times, the same bytes for the same options.
func Generate(ctx context.Context, w io.Writer, opts GenerateOptions) (GenerateSummary, error) {
	return synth.WriteMonth(ctx, w, opts.month())
}

// GenerateFile writes the calls of opts to path, under a temporary name renamed into place when
// complete.
func GenerateFile(ctx context.Context, path string, opts GenerateOptions) (GenerateSummary, error) {
	return synth.WriteMonthFile(ctx, path, opts.month())
}
