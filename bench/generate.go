package bench

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

	"bulletin/sample-data/synth"
)

// CallsHeader is the header row of a canonical calls file (sample-data/README.md).
const CallsHeader = "call_id,received_at,answered_at,dispatched_at,arrived_at,closed_at,channel,category,subcategory,priority,district,station,disposition,people_helped,linked_agencies,lat,lon"

// DefaultMonth is the month the generator fills when GenerateOptions.Month is zero: the last month of
// the sample campaign.
var DefaultMonth = Month{Year: 2022, Month: time.July}

// Month is a calendar month.
type Month struct {
	Year  int
	Month time.Month
}

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

// FirstDay and LastDay return the month's first and last days, YYYY-MM-DD.
func (m Month) FirstDay() string { return m.first().Format(time.DateOnly) }

// LastDay returns the month's last day, YYYY-MM-DD.
func (m Month) LastDay() string { return m.first().AddDate(0, 1, -1).Format(time.DateOnly) }

func (m Month) first() time.Time { return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, time.UTC) }

// CallsFileName is the name ingest takes the declared period from: calls-YYYY-MM.csv.
func (m Month) CallsFileName() string { return "calls-" + m.String() + ".csv" }

// GenerateOptions says what calls Generate writes. The zero value writes no calls of DefaultMonth.
type GenerateOptions struct {
	// Calls is the number of call rows.
	Calls int64
	// Month is the month the calls are received in; zero means DefaultMonth.
	Month Month
	// Seed selects the rows; zero means synth.DefaultSeed. The same options give the same bytes.
	Seed uint64
}

// GenerateSummary describes a generated file.
type GenerateSummary struct {
	Calls int64
	Bytes int64
}

// generatorStream is the PCG stream of the generator ("bench"), so that its numbers differ from
// the sample data's for the same seed.
const generatorStream uint64 = 0x62656e6368

// Generate writes opts.Calls valid call rows in the canonical format to w, with their header. The
// calls are received over the month in time order, at the sample campaign's rhythm of days and hours,
// and drawn with its mix of categories, districts, channels and response times; some clock points
// are missing as in a real export (unanswered calls, calls handled on the phone, calls still open,
// arrivals not recorded). Every row is valid: ingest quarantines none, though it flags the few
// responses longer than the two-hour ceiling, as it would in a real export. Times are wall-clock
// times of the command center (the sample's zone, Asia/Shanghai, has no daylight saving time).
func Generate(ctx context.Context, w io.Writer, opts GenerateOptions) (GenerateSummary, error) {
	month := opts.Month
	if month == (Month{}) {
		month = DefaultMonth
	}
	seed := opts.Seed
	if seed == 0 {
		seed = synth.DefaultSeed
	}
	g := newCallGenerator(month, seed)
	counted := &countingWriter{w: w}
	cw := bufio.NewWriterSize(counted, 1<<20)
	var sum GenerateSummary
	cw.WriteString(CallsHeader)
	cw.WriteByte('\n')

	perHour := g.allocate(opts.Calls)
	var seconds []int32
	line := make([]byte, 0, 512)
	for day := range month.Days() {
		seq := 0
		for hour := range 24 {
			if err := ctx.Err(); err != nil {
				return sum, err
			}
			k := perHour[day*24+hour]
			seconds = seconds[:0]
			for range k {
				seconds = append(seconds, int32(g.rng.IntN(3600)))
			}
			slices.Sort(seconds)
			for _, s := range seconds {
				seq++
				received := int64(day)*86400 + int64(hour)*3600 + int64(s)
				line = g.appendCall(line[:0], day, seq, received)
				if _, err := cw.Write(line); err != nil {
					return sum, fmt.Errorf("generate calls: %w", err)
				}
				sum.Calls++
			}
		}
	}
	if err := cw.Flush(); err != nil {
		return sum, fmt.Errorf("generate calls: %w", err)
	}
	sum.Bytes = counted.n
	return sum, nil
}

// GenerateFile writes the calls of opts to path, under a temporary name renamed into place when
// complete.
func GenerateFile(ctx context.Context, path string, opts GenerateOptions) (GenerateSummary, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return GenerateSummary{}, fmt.Errorf("generate %s: %w", path, err)
	}
	defer os.Remove(f.Name())
	sum, err := Generate(ctx, f, opts)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return sum, fmt.Errorf("generate %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return sum, fmt.Errorf("generate %s: %w", path, err)
	}
	return sum, nil
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// The categories of calls, in the order of categoryShares.
const (
	catCriminal = iota
	catPublicOrder
	catTraffic
	catFire
	catEmergencyHelp
	catDispute
	catConsultation
	catInvalid
	numCategories
)

var categoryNames = [numCategories]string{"criminal", "public_order", "traffic", "fire", "emergency_help", "dispute", "consultation", "invalid"}

// The draws of the sample data for 2022 (sample-data/README.md, "How the rows are drawn").
var (
	categoryShares = []float64{0.06, 0.15, 0.14, 0.02, 0.33, 0.12, 0.12, 0.06}
	channels       = []string{"phone", "app", "transfer_12345", "sms", "video"}
	channelShares  = []float64{0.85, 0.05, 0.05, 0.03, 0.02}
	// hourShares is the share of calls in each hour of the day: a trough from 3 to 6 am, a
	// late-morning peak and the evening peak.
	hourShares = []float64{
		3.2, 2.4, 1.8, 1.3, 1.1, 1.2, 1.8, 3.0, 4.4, 5.2, 5.6, 5.6,
		4.9, 4.6, 4.8, 4.9, 5.0, 5.2, 5.0, 5.3, 5.9, 6.1, 5.6, 4.5,
	}
	// weekdayFactors scales a day's volume by weekday, Sunday first.
	weekdayFactors = [7]float64{1.05, 0.98, 0.96, 0.96, 0.97, 1.03, 1.08}
)

// districtDraw is what the generator needs of a district.
type districtDraw struct {
	name     string
	stations []string
	urban    bool
	// lat and lon are the centre of the district's calls and spread their standard deviation, in
	// degrees.
	lat, lon, spread float64
	// travelMedian is the median dispatch-to-arrival time in seconds, travelSigma its lognormal shape.
	travelMedian, travelSigma float64
}

// districtDraws follows synth's district profiles, in synth.Districts order.
func districtDraws() ([]districtDraw, []float64) {
	params := []struct {
		share, lat, lon, spread, travelMedian, travelSigma float64
	}{
		{0.22, 27.862, 112.905, 0.025, 265, 0.55},
		{0.20, 27.870, 112.960, 0.025, 275, 0.55},
		{0.20, 27.780, 112.950, 0.055, 520, 0.65},
		{0.16, 27.735, 112.535, 0.05, 570, 0.65},
		{0.04, 27.915, 112.525, 0.035, 600, 0.7},
		{0.10, 27.835, 112.930, 0.02, 285, 0.55},
		{0.08, 27.950, 112.875, 0.025, 295, 0.6},
	}
	var draws []districtDraw
	var shares []float64
	for i, d := range synth.Districts() {
		p := params[i]
		draws = append(draws, districtDraw{name: d.Name, stations: d.Stations, urban: d.Urban,
			lat: p.lat, lon: p.lon, spread: p.spread, travelMedian: p.travelMedian, travelSigma: p.travelSigma})
		shares = append(shares, p.share)
	}
	return draws, shares
}

// The linked agencies as bits, in the canonical order of the column.
const (
	agencyFire = 1 << iota
	agencyMedical
	agencyEmergencyMgmt
	agencyHotline12345
	agencyWaterPolice
	agencyUrbanMgmt
	numAgencySets = 1 << 6
)

// campaignSpeed scales answer, dispatch and travel times as in the sample campaign, the fastest period.
const campaignSpeed = 0.9

// callGenerator draws calls. It holds one random stream, so the rows depend on the seed alone.
type callGenerator struct {
	rng         *rand.Rand
	month       Month
	districts   []districtDraw
	districtCum []float64
	categoryCum []float64
	channelCum  []float64
	// dayPrefix holds "YYYY-MM-DD " of each day from the month's first, for days past its end too
	// (a call received on the 31st may close on the 1st).
	dayPrefix [][]byte
	idPrefix  [][]byte
	agencies  [numAgencySets][]byte
}

func newCallGenerator(month Month, seed uint64) *callGenerator {
	g := &callGenerator{
		rng:         rand.New(rand.NewPCG(seed, generatorStream)),
		month:       month,
		categoryCum: cumulative(categoryShares),
		channelCum:  cumulative(channelShares),
	}
	var shares []float64
	g.districts, shares = districtDraws()
	g.districtCum = cumulative(shares)
	// Closing times come at most a day and a few hours after receipt (see drawTimes).
	for d := range month.Days() + 3 {
		day := month.first().AddDate(0, 0, d)
		g.dayPrefix = append(g.dayPrefix, []byte(day.Format("2006-01-02 ")))
		g.idPrefix = append(g.idPrefix, []byte(day.Format("XT20060102")))
	}
	names := [...]string{"fire", "medical", "emergency_mgmt", "hotline_12345", "water_police", "urban_mgmt"}
	for set := range numAgencySets {
		var b []byte
		for i, name := range names {
			if set&(1<<i) != 0 {
				if len(b) > 0 {
					b = append(b, ';')
				}
				b = append(b, name...)
			}
		}
		g.agencies[set] = b
	}
	return g
}

// allocate divides n calls among the hours of the month, in proportion to each day's volume (its
// weekday and a little noise) and the hour's share, by rounding the cumulative expected count so that
// the counts add up to n exactly.
func (g *callGenerator) allocate(n int64) []int64 {
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

// call is one call before it is written. Times are seconds from the month's first midnight, local
// wall clock; -1 means not recorded.
type call struct {
	category, channel, district       int
	station, subcategory, disposition string
	priority, people, agencies        int
	received, answered, dispatched    int64
	arrived, closed                   int64
	hasCoord                          bool
	latMicro, lonMicro                int64
}

// appendCall draws the call with sequence number seq of day day, received at received, and appends
// its row to line.
func (g *callGenerator) appendCall(line []byte, day, seq int, received int64) []byte {
	rng := g.rng
	c := call{received: received}
	c.category = pick(rng, g.categoryCum)
	c.channel = pick(rng, g.channelCum)
	c.district = pick(rng, g.districtCum)
	d := &g.districts[c.district]
	// The first stations of a district are the busiest.
	c.station = d.stations[min(int(float64(len(d.stations))*rng.Float64()*rng.Float64()*1.6), len(d.stations)-1)]
	if rng.Float64() >= 0.2 {
		c.hasCoord = true
		c.latMicro = int64(math.Round(clamp(d.lat+d.spread*rng.NormFloat64(), 27.6, 28.1) * 1e6))
		c.lonMicro = int64(math.Round(clamp(d.lon+d.spread*rng.NormFloat64(), 112.4, 113.2) * 1e6))
	}
	if c.channel == 2 && rng.Float64() < 0.5 { // transfer_12345
		c.agencies |= agencyHotline12345
	}
	dispatch := g.drawKind(&c)
	if rng.Float64() < 0.01 {
		c.priority = 0
	}
	g.drawTimes(&c, dispatch, c.category == catInvalid && rng.Float64() < 0.25)

	line = append(line, g.idPrefix[day]...)
	line = appendPadded(line, int64(seq), 6)
	line = append(line, ',')
	line = g.appendTime(line, c.received)
	line = append(line, ',')
	line = g.appendTime(line, c.answered)
	line = append(line, ',')
	line = g.appendTime(line, c.dispatched)
	line = append(line, ',')
	line = g.appendTime(line, c.arrived)
	line = append(line, ',')
	line = g.appendTime(line, c.closed)
	line = append(line, ',')
	line = append(line, channels[c.channel]...)
	line = append(line, ',')
	line = append(line, categoryNames[c.category]...)
	line = append(line, ',')
	line = append(line, c.subcategory...)
	line = append(line, ',')
	if c.priority != 0 {
		line = strconv.AppendInt(line, int64(c.priority), 10)
	}
	line = append(line, ',')
	line = append(line, d.name...)
	line = append(line, ',')
	line = append(line, c.station...)
	line = append(line, ',')
	line = append(line, c.disposition...)
	line = append(line, ',')
	line = strconv.AppendInt(line, int64(c.people), 10)
	line = append(line, ',')
	line = append(line, g.agencies[c.agencies]...)
	line = append(line, ',')
	if c.hasCoord {
		line = appendMicro(line, c.latMicro)
		line = append(line, ',')
		line = appendMicro(line, c.lonMicro)
	} else {
		line = append(line, ',')
	}
	return append(line, '\n')
}

// drawKind fills in the priority, subcategory, disposition, people helped and agencies of c by its
// category, as the sample data does, and reports whether the call is dispatched.
func (g *callGenerator) drawKind(c *call) bool {
	rng := g.rng
	u := rng.Float64
	switch c.category {
	case catCriminal:
		c.priority = 2
		if u() < 0.3 {
			c.priority = 1
		}
		c.disposition = choose(u(), dispositionsCriminal)
		if u() < 0.03 {
			c.agencies |= agencyMedical
		}
		return true
	case catPublicOrder:
		c.priority = 3
		if u() < 0.4 {
			c.priority = 2
		}
		c.disposition = choose(u(), dispositionsPublicOrder)
		if u() < 0.02 {
			c.agencies |= agencyUrbanMgmt
		}
		return u() < 0.95
	case catTraffic:
		c.priority = 2 + rng.IntN(2)
		c.disposition = choose(u(), dispositionsTraffic)
		if c.disposition == "resolved" && u() < 0.15 {
			c.people = 1
		}
		if u() < 0.12 {
			c.agencies |= agencyMedical
		}
		if u() < 0.02 {
			c.agencies |= agencyFire
		}
		return u() < 0.95
	case catFire:
		c.priority = 1
		c.disposition = choose(u(), dispositionsFire)
		if c.disposition == "rescued" {
			c.people = 1 + rng.IntN(3)
		}
		c.agencies |= agencyFire
		if u() < 0.2 {
			c.agencies |= agencyMedical
		}
		if u() < 0.05 {
			c.agencies |= agencyEmergencyMgmt
		}
		return true
	case catEmergencyHelp:
		return g.emergencyHelp(c)
	case catDispute:
		c.priority = 3
		c.disposition = choose(u(), dispositionsDispute)
		if c.disposition == "referred" {
			switch v := u(); {
			case v < 0.5:
				c.agencies |= agencyHotline12345
			case v < 0.75:
				c.agencies |= agencyUrbanMgmt
			}
		}
		return u() < 0.9
	case catConsultation:
		c.priority = 4
		c.disposition = "resolved"
		if u() < 0.2 {
			c.disposition = "referred"
			if u() < 0.7 {
				c.agencies |= agencyHotline12345
			}
		}
		return false
	default: // invalid
		if u() < 0.7 {
			c.priority = 4
		}
		if u() < 0.6 {
			c.disposition = "false_alarm"
		}
		return false
	}
}

// weighted is a list of values with cumulative weights.
type weighted struct {
	values []string
	cum    []float64
}

func newWeighted(values []string, weights []float64) weighted {
	return weighted{values: values, cum: cumulative(weights)}
}

// choose returns the value whose cumulative weight first exceeds u, a number in [0, 1).
func choose(u float64, w weighted) string {
	for i, c := range w.cum {
		if u < c {
			return w.values[i]
		}
	}
	return w.values[len(w.values)-1]
}

var (
	dispositionsCriminal    = newWeighted([]string{"resolved", "referred", "unresolved", "false_alarm"}, []float64{0.55, 0.1, 0.3, 0.05})
	dispositionsPublicOrder = newWeighted([]string{"resolved", "referred", "false_alarm", "unresolved"}, []float64{0.8, 0.08, 0.07, 0.05})
	dispositionsTraffic     = newWeighted([]string{"resolved", "referred", "false_alarm"}, []float64{0.85, 0.1, 0.05})
	dispositionsFire        = newWeighted([]string{"resolved", "rescued", "false_alarm"}, []float64{0.65, 0.15, 0.2})
	dispositionsDispute     = newWeighted([]string{"resolved", "referred", "unresolved"}, []float64{0.72, 0.23, 0.05})
	dispositionsSuicide     = newWeighted([]string{"resolved", "unresolved", "false_alarm"}, []float64{0.34, 0.33, 0.33})
	dispositionsLost        = newWeighted([]string{"resolved", "unresolved", "false_alarm"}, []float64{0.5, 0.3, 0.2})
	dispositionsMissing     = newWeighted([]string{"person_found", "resolved", "unresolved"}, []float64{0.57, 0.22, 0.21})
	dispositionsDrowning    = newWeighted([]string{"rescued", "unresolved", "false_alarm"}, []float64{0.55, 0.25, 0.2})
	dispositionsFall        = newWeighted([]string{"rescued", "resolved", "unresolved", "false_alarm"}, []float64{0.45, 0.25, 0.2, 0.1})
	dispositionsMedical     = newWeighted([]string{"resolved", "referred", "false_alarm"}, []float64{0.6, 0.35, 0.05})
	dispositionsElderly     = newWeighted([]string{"resolved", "person_found", "referred"}, []float64{0.85, 0.05, 0.1})
	dispositionsChild       = newWeighted([]string{"resolved", "person_found", "referred"}, []float64{0.8, 0.1, 0.1})
	dispositionsOtherHelp   = newWeighted([]string{"resolved", "referred", "false_alarm"}, []float64{0.75, 0.2, 0.05})
	// The subcategories of ordinary emergency help; "" is not recorded.
	helpSubcategories = newWeighted(
		[]string{"medical", "elderly_assist", "child_assist", "fall_from_height", "drowning", "other", ""},
		[]float64{0.20, 0.15, 0.08, 0.012, 0.006, 0.50, 0.052})
)

// emergencyHelp fills in an emergency-help call at the sample campaign's rates of suicide attempts,
// lost and missing persons, and reports whether it is dispatched.
func (g *callGenerator) emergencyHelp(c *call) bool {
	rng := g.rng
	u := rng.Float64
	medical := func(p float64) {
		if u() < p {
			c.agencies |= agencyMedical
		}
	}
	switch v := u(); {
	case v < 0.004:
		c.subcategory, c.priority = "suicide_attempt", 1
		if u() < 0.93 {
			c.disposition, c.people = "rescued", 1
		} else {
			c.disposition = choose(u(), dispositionsSuicide)
		}
		medical(0.3)
		if u() < 0.15 {
			c.agencies |= agencyWaterPolice
		}
		if u() < 0.1 {
			c.agencies |= agencyFire
		}
		return true
	case v < 0.026:
		c.subcategory, c.priority = "lost_person", 2
		if u() < 0.88 {
			c.disposition = "person_found"
			switch w := u(); {
			case w < 0.92:
				c.people = 1
			case w < 0.99:
				c.people = 2
			default:
				c.people = 3
			}
		} else {
			c.disposition = choose(u(), dispositionsLost)
		}
		return true
	case v < 0.0267:
		c.subcategory, c.priority = "missing_person", 2
		c.disposition = choose(u(), dispositionsMissing)
		if c.disposition != "unresolved" {
			c.people = 1
		}
		return true
	}
	c.subcategory = choose(u(), helpSubcategories)
	dispatch := u() < 0.95
	switch c.subcategory {
	case "drowning":
		c.priority, dispatch = 1, true
		c.disposition = choose(u(), dispositionsDrowning)
		c.agencies |= agencyWaterPolice
		if u() < 0.4 {
			c.agencies |= agencyFire
		}
		medical(0.3)
	case "fall_from_height":
		c.priority, dispatch = 1, true
		c.disposition = choose(u(), dispositionsFall)
		if u() < 0.3 {
			c.agencies |= agencyFire
		}
		medical(0.3)
	case "medical":
		c.priority = 2
		if u() < 0.4 {
			c.priority = 1
		}
		c.disposition = choose(u(), dispositionsMedical)
		medical(0.3)
	case "elderly_assist":
		c.priority = 2 + rng.IntN(2)
		c.disposition = choose(u(), dispositionsElderly)
	case "child_assist":
		c.priority = 2 + rng.IntN(2)
		c.disposition = choose(u(), dispositionsChild)
	default:
		c.priority = 3
		c.disposition = choose(u(), dispositionsOtherHelp)
		if u() < 0.01 {
			c.agencies |= agencyEmergencyMgmt
		}
	}
	switch c.disposition {
	case "rescued":
		c.people = 1
		if c.subcategory == "drowning" && u() < 0.15 {
			c.people = 2
		}
	case "person_found", "resolved":
		c.people = 1
	}
	return dispatch
}

// drawTimes draws the answer, dispatch, arrival and closing times of c after its receipt, with the
// sample campaign's intervals. Every interval stays within ingest's default ceilings except the
// long tail of travel, whose longest responses exceed two hours and are flagged, as in the sample.
func (g *callGenerator) drawTimes(c *call, dispatch, unanswered bool) {
	rng := g.rng
	c.answered, c.dispatched, c.arrived, c.closed = -1, -1, -1, -1
	if unanswered {
		// The caller hung up before the call was answered.
		c.disposition = ""
		return
	}
	c.answered = c.received + seconds(lognormal(rng, 7*campaignSpeed, 0.5), 1, 180)
	if !dispatch {
		talk := 100.0
		if c.category == catInvalid {
			talk = 20
		}
		c.closed = c.answered + seconds(lognormal(rng, talk, 0.6), 5, 1800)
		return
	}
	d := &g.districts[c.district]
	nearby := 0.015 * 1.5
	if d.urban {
		nearby = 0.04 * 1.5
	}
	if rng.Float64() < nearby {
		// A patrol is at or next to the scene: dispatched at once, there within a minute or so.
		c.dispatched = c.answered + seconds(lognormal(rng, 12, 0.4), 3, 120)
		c.arrived = c.dispatched + seconds(lognormal(rng, 30, 0.4), 5, 600)
	} else {
		c.dispatched = c.answered + seconds(lognormal(rng, 60*campaignSpeed, 0.6), 5, 1800)
		travel := lognormal(rng, d.travelMedian*campaignSpeed, d.travelSigma)
		if rng.Float64() < 0.04 {
			// Long tail: a distant village, a closed road, the nearest patrol busy elsewhere.
			travel *= 2 + 3*rng.Float64()
		}
		c.arrived = c.dispatched + seconds(travel, 30, 4*3600)
	}
	if rng.Float64() < 0.015 {
		// Never closed: the incident is still open when the log is exported.
		c.disposition, c.people = "", 0
		return
	}
	c.closed = c.arrived + seconds(lognormal(rng, 1500, 0.8), 60, 12*3600)
	if rng.Float64() < 0.01 {
		// The unit's arrival was not recorded.
		c.arrived = -1
	}
}

// appendTime appends the local time t (seconds from the month's first midnight) as
// YYYY-MM-DD HH:MM:SS, or nothing when t is -1.
func (g *callGenerator) appendTime(line []byte, t int64) []byte {
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

func cumulative(weights []float64) []float64 {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	cum := make([]float64, len(weights))
	var acc float64
	for i, w := range weights {
		acc += w
		cum[i] = acc / sum
	}
	cum[len(cum)-1] = 1
	return cum
}

// pick draws an index by cumulative shares.
func pick(rng *rand.Rand, cum []float64) int {
	u := rng.Float64()
	for i, c := range cum {
		if u < c {
			return i
		}
	}
	return len(cum) - 1
}

func lognormal(rng *rand.Rand, median, sigma float64) float64 {
	return median * math.Exp(sigma*rng.NormFloat64())
}

// seconds rounds x to whole seconds within [lo, hi].
func seconds(x float64, lo, hi int64) int64 {
	return min(max(int64(math.Round(x)), lo), hi)
}

func clamp(x, lo, hi float64) float64 {
	return min(max(x, lo), hi)
}
