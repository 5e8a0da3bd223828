package synth

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"
)

// Month is a calendar month.
type Month struct {
	Year  int
	Month time.Month
}

// DefaultMonth is the month WriteMonth fills when MonthOptions.Month is zero: the last month of the
// sample's campaign.
var DefaultMonth = Month{Year: lastDate().Year(), Month: lastDate().Month()}

// ParseMonth reads a month written YYYY-MM.
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return Month{}, fmt.Errorf("month %q is not YYYY-MM", s)
	}
	return Month{Year: t.Year(), Month: t.Month()}, nil
}

// String writes the month as YYYY-MM.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// Next returns the month after m.
func (m Month) Next() Month {
	t := m.first().AddDate(0, 1, 0)
	return Month{Year: t.Year(), Month: t.Month()}
}

// Days returns the number of days of the month.
func (m Month) Days() int { return m.first().AddDate(0, 1, -1).Day() }

// FirstDay returns the month's first day, YYYY-MM-DD.
func (m Month) FirstDay() string { return m.first().Format(time.DateOnly) }

// LastDay returns the month's last day, YYYY-MM-DD.
func (m Month) LastDay() string { return m.first().AddDate(0, 1, -1).Format(time.DateOnly) }

func (m Month) first() time.Time { return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, time.UTC) }

// CallsFileName is the name ingest takes the declared period from: calls-YYYY-MM.csv.
func (m Month) CallsFileName() string { return "calls-" + m.String() + ".csv" }

// MonthOptions says what calls WriteMonth writes. The zero value writes no calls of DefaultMonth.
type MonthOptions struct {
	// Calls is the number of call rows.
	Calls int64
	// Month is the month the calls are received in; zero means DefaultMonth.
	Month Month
	// Seed selects the rows; zero means DefaultSeed. The same options give the same bytes.
	Seed uint64
}

// MonthSummary describes the calls WriteMonth wrote.
type MonthSummary struct {
	Calls int64
	Bytes int64
}

// monthStream is the PCG stream of the fast mode ("bench"), so that its numbers differ from the
// sample mode's for the same seed.
const monthStream uint64 = 0x62656e6368

// WriteMonth writes opts.Calls valid call rows in the canonical format to w, with their header: the
// fast mode. The calls are received over the month in time order, at the sample campaign's rhythm of
// days and hours, and drawn from the sample's tables with the campaign's mix of categories,
// districts, channels and response times; the pinned subcategories of the focus category occur at
// their rates. Some clock points are missing as in a real export (unanswered calls, calls handled on
// the phone, calls still open, arrivals not recorded). Every row is valid: ingest quarantines none,
// though it flags the few responses longer than the two-hour ceiling, as it would in a real export.
// Times are wall-clock times of the command centre (the sample's zone, Asia/Shanghai, has no
// daylight saving time). WriteMonth stops with ctx's error when ctx is cancelled.
func WriteMonth(ctx context.Context, w io.Writer, opts MonthOptions) (MonthSummary, error) {
	model, err := loadModel()
	if err != nil {
		return MonthSummary{}, fmt.Errorf("synth: %w", err)
	}
	month := opts.Month
	if month == (Month{}) {
		month = DefaultMonth
	}
	seed := opts.Seed
	if seed == 0 {
		seed = DefaultSeed
	}
	g := newMonthGenerator(model, month, seed)
	counted := &countingWriter{w: w}
	cw := bufio.NewWriterSize(counted, 1<<20)
	var sum MonthSummary
	cw.WriteString(CallsHeader)
	cw.WriteByte('\n')

	perHour := g.allocate(opts.Calls)
	var secondsOfHour []int32
	line := make([]byte, 0, 512)
	for day := range month.Days() {
		seq := 0
		for hour := range 24 {
			if err := ctx.Err(); err != nil {
				return sum, err
			}
			k := perHour[day*24+hour]
			secondsOfHour = secondsOfHour[:0]
			for range k {
				secondsOfHour = append(secondsOfHour, int32(g.rng.IntN(3600)))
			}
			slices.Sort(secondsOfHour)
			for _, s := range secondsOfHour {
				seq++
				received := int64(day)*86400 + int64(hour)*3600 + int64(s)
				line = g.appendCall(line[:0], day, seq, received)
				if _, err := cw.Write(line); err != nil {
					return sum, fmt.Errorf("synth: write calls: %w", err)
				}
				sum.Calls++
			}
		}
	}
	if err := cw.Flush(); err != nil {
		return sum, fmt.Errorf("synth: write calls: %w", err)
	}
	sum.Bytes = counted.n
	return sum, nil
}

// WriteMonthFile writes the calls of opts to path, under a temporary name renamed into place when
// complete.
func WriteMonthFile(ctx context.Context, path string, opts MonthOptions) (MonthSummary, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return MonthSummary{}, fmt.Errorf("synth: write %s: %w", path, err)
	}
	defer os.Remove(f.Name())
	sum, err := WriteMonth(ctx, f, opts)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return sum, fmt.Errorf("synth: write %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return sum, fmt.Errorf("synth: write %s: %w", path, err)
	}
	return sum, nil
}

// monthGenerator draws the calls of one month. It holds one random stream, so the rows depend on the
// seed alone.
type monthGenerator struct {
	rng   *rand.Rand
	m     *model
	month Month
	// categoryCum is the cumulative category mix of the campaign's year.
	categoryCum []float64
	// dayPrefix holds "YYYY-MM-DD " of each day from the month's first, for days past its end too
	// (a call received on the 31st may close on the 1st); idPrefix the call_id prefix of each day.
	dayPrefix [][]byte
	idPrefix  [][]byte
}

func newMonthGenerator(m *model, month Month, seed uint64) *monthGenerator {
	g := &monthGenerator{
		rng:         rand.New(rand.NewPCG(seed, monthStream)),
		m:           m,
		month:       month,
		categoryCum: cumulative(m.sharesOf(campaignStart().Year())),
	}
	// Closing times come at most a day and a few hours after receipt (see drawTimes).
	for d := range month.Days() + 3 {
		day := month.first().AddDate(0, 0, d)
		g.dayPrefix = append(g.dayPrefix, []byte(day.Format("2006-01-02 ")))
		g.idPrefix = append(g.idPrefix, []byte(m.callPrefix+day.Format("20060102")))
	}
	return g
}

// allocate divides n calls among the hours of the month, in proportion to each day's volume (its
// weekday and a little noise) and the hour's share, by rounding the cumulative expected count so that
// the counts add up to n exactly.
func (g *monthGenerator) allocate(n int64) []int64 {
	days := g.month.Days()
	weights := make([]float64, 0, days*24)
	var total float64
	for d := range days {
		weekday := g.month.first().AddDate(0, 0, d).Weekday()
		dayWeight := weekdayFactors[weekday] * math.Exp(0.04*g.rng.NormFloat64())
		for _, h := range hourShares {
			weights = append(weights, dayWeight*h)
			total += dayWeight * h
		}
	}
	counts := make([]int64, len(weights))
	var cum float64
	var assigned int64
	for i, w := range weights {
		cum += w
		upTo := int64(math.Round(float64(n) * cum / total))
		if i == len(weights)-1 {
			upTo = n
		}
		counts[i] = upTo - assigned
		assigned = upTo
	}
	return counts
}

// appendCall draws the call with sequence number seq of day day, received at received (seconds from
// the month's first midnight), and appends its row to line.
func (g *monthGenerator) appendCall(line []byte, day, seq int, received int64) []byte {
	rng, m := g.rng, g.m
	c := call{received: received}
	c.category = pick(rng, g.categoryCum)
	m.drawCall(rng, &c, pace{speed: campaignSpeed, campaign: true}, nil, true)
	if c.arrived != notRecorded && c.closed != notRecorded && rng.Float64() < missingArrivalRate {
		// The unit's arrival was not recorded.
		c.arrived = notRecorded
	}

	line = append(line, g.idPrefix[day]...)
	line = appendPadded(line, int64(seq), 6)
	line = append(line, ',')
	// One loop rather than five inlined calls keeps appendCall small, which makes it markedly faster.
	for _, t := range [...]int64{c.received, c.answered, c.dispatched, c.arrived, c.closed} {
		line = g.appendTime(line, t)
		line = append(line, ',')
	}
	line = append(line, m.channels[c.channel].code...)
	line = append(line, ',')
	line = append(line, m.categories[c.category].code...)
	line = append(line, ',')
	line = append(line, c.subcategory...)
	line = append(line, ',')
	line = append(line, c.priority...)
	line = append(line, ',')
	line = append(line, m.districts[c.district].name...)
	line = append(line, ',')
	line = append(line, c.station...)
	line = append(line, ',')
	line = append(line, c.disposition...)
	line = append(line, ',')
	line = strconv.AppendInt(line, int64(c.people), 10)
	line = append(line, ',')
	line = append(line, m.linked[c.agencies]...)
	line = append(line, ',')
	if c.hasCoord {
		line = appendMicro(line, int64(math.Round(c.lat*1e6)))
		line = append(line, ',')
		line = appendMicro(line, int64(math.Round(c.lon*1e6)))
	} else {
		line = append(line, ',')
	}
	return append(line, '\n')
}

// appendTime appends the local time t (seconds from the month's first midnight) as
// YYYY-MM-DD HH:MM:SS, or nothing when t is not recorded.
func (g *monthGenerator) appendTime(line []byte, t int64) []byte {
	// notRecorded is negative; testing the sign lets the compiler divide without sign corrections.
	if t < 0 {
		return line
	}
	line = append(line, g.dayPrefix[t/86400]...)
	s := t % 86400
	line = append2(line, s/3600)
	line = append(line, ':')
	line = append2(line, s/60%60)
	line = append(line, ':')
	return append2(line, s%60)
}

func append2(b []byte, v int64) []byte {
	return append(b, byte('0'+v/10), byte('0'+v%10))
}

// appendPadded appends v with at least width digits.
func appendPadded(b []byte, v int64, width int) []byte {
	var digits [20]byte
	i := len(digits)
	for v > 0 || len(digits)-i < width {
		i--
		digits[i] = byte('0' + v%10)
		v /= 10
	}
	return append(b, digits[i:]...)
}

// appendMicro appends a positive number of millionths as a decimal with six places.
func appendMicro(b []byte, micro int64) []byte {
	b = strconv.AppendInt(b, micro/1_000_000, 10)
	b = append(b, '.')
	return appendPadded(b, micro%1_000_000, 6)
}
