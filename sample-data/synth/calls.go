package synth

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"
)

// Columns of a calls file.
const (
	colCallID = iota
	colReceived
	colAnswered
	colDispatched
	colArrived
	colClosed
	colChannel
	colCategory
	colSubcategory
	colPriority
	colDistrict
	colStation
	colDisposition
	colPeople
	colAgencies
	colLat
	colLon
	numCallColumns
)

// agencySet is a set of linked agencies: bit i is the model's agency i.
type agencySet uint8

// fault is a kind of injected fault.
type fault int

const (
	faultNone fault = iota

	// Extra rows that ingest quarantines, drawn with the day's calls.
	faultMalformedLine
	faultBadReceivedAt
	faultBadTime
	faultUnknownCategory
	faultUnknownChannel
	faultUnknownSubcategory
	faultUnknownDisposition
	faultBadPriority
	faultBadPeopleHelped
	faultBadCoordinate
	faultUnknownAgency
	faultEmptyDistrict
	faultEmptyCallID

	// Extra rows placed between the rows of a file.
	faultConflictingID
	faultDuplicate

	// Faults inside valid rows, which ingest keeps.
	faultArrivalBeforeDispatch
	faultMissingArrival
	faultAbsurdInterval

	numFaults
)

func (f fault) String() string {
	return [...]string{
		"none", "malformed_line", "bad_received_at", "bad_time", "unknown_category", "unknown_channel",
		"unknown_subcategory", "unknown_disposition", "bad_priority", "bad_people_helped", "bad_coordinate",
		"unknown_agency", "empty_district", "empty_call_id", "conflicting_id", "duplicate",
		"arrival_before_dispatch", "missing_arrival", "absurd_interval",
	}[f]
}

// extraRate is the number of extra rows with fault f per valid row of a day.
func (f fault) extraRate() float64 {
	switch f {
	case faultMalformedLine, faultUnknownCategory:
		return 0.001
	case faultBadReceivedAt:
		return 0.003
	case faultBadTime, faultUnknownChannel, faultUnknownSubcategory, faultUnknownDisposition,
		faultBadPriority, faultBadPeopleHelped, faultBadCoordinate, faultUnknownAgency,
		faultEmptyDistrict, faultEmptyCallID:
		return 0.0001
	}
	return 0
}

// Rates of the faults inside valid dispatched rows.
const (
	arrivalBeforeDispatchRate = 0.005
	missingArrivalRate        = 0.01
	absurdIntervalRate        = 0.00007
)

// outRow is a formatted row and whether ingest loads it.
type outRow struct {
	rec   []string
	valid bool
}

// dayCalls draws the calls of one day, valid and faulty, in the order they are written.
func (g *generator) dayCalls(rng *rand.Rand, dp *dayPlan, faults *[numFaults]int) []outRow {
	total := 0
	for _, n := range dp.counts {
		total += n
	}
	calls := make([]call, 0, total+total/100+8)
	for _, e := range dp.events {
		calls = append(calls, g.eventCall(rng, dp, e))
	}
	slot := 0
	for c, n := range dp.counts {
		if c == g.m.focus {
			n -= len(dp.events)
		}
		for range n {
			var s *helpSlot
			if c == g.m.focus && dp.helpSlots != nil {
				s = &dp.helpSlots[slot]
				slot++
			}
			calls = append(calls, g.newCall(rng, dp, c, s))
		}
	}
	valid := len(calls)
	shares := cumulative(g.m.sharesOf(dp.date.Year()))
	for f := faultMalformedLine; f <= faultEmptyCallID; f++ {
		n := int(float64(valid)*f.extraRate() + rng.Float64())
		for range n {
			c := g.newCall(rng, dp, pick(rng, shares), nil)
			c.fault = f
			calls = append(calls, c)
			faults[f]++
		}
	}
	// Call ids follow the order of receipt, as a real system assigns them.
	slices.SortStableFunc(calls, func(a, b call) int { return int(a.received - b.received) })
	prefix := g.m.callPrefix + dp.date.Format("20060102")
	for i := range calls {
		calls[i].id = prefix + fmt.Sprintf("%06d", i+1)
	}

	rows := make([]outRow, len(calls))
	for i := range calls {
		c := &calls[i]
		if c.fault == faultNone && c.arrived != notRecorded && !c.keep {
			switch u := rng.Float64(); {
			case u < arrivalBeforeDispatchRate:
				c.arrived = c.dispatched - int64(20+rng.IntN(900))
				faults[faultArrivalBeforeDispatch]++
			case u < arrivalBeforeDispatchRate+missingArrivalRate:
				c.arrived = notRecorded
				faults[faultMissingArrival]++
			case u < arrivalBeforeDispatchRate+missingArrivalRate+absurdIntervalRate:
				// A clock or data-entry error: arrival two to six days after dispatch.
				c.arrived = c.dispatched + int64(2*86400+rng.IntN(4*86400))
				if c.closed != notRecorded {
					c.closed = c.arrived + int64(600+rng.IntN(3600))
				}
				faults[faultAbsurdInterval]++
			}
		}
		rec := g.record(c)
		if c.fault != faultNone {
			rec = g.corrupt(rng, c, rec)
		}
		rows[i] = outRow{rec: rec, valid: c.fault == faultNone}
	}
	return rows
}

// eventCall builds one of the rescues the bulletin tells.
func (g *generator) eventCall(rng *rand.Rand, dp *dayPlan, e *event) call {
	c := call{
		received:    dp.dayStart + e.secondOfDay,
		channel:     e.channel,
		category:    g.m.focus,
		subcategory: e.subcategory,
		priority:    e.priority,
		district:    e.district,
		station:     e.station,
		disposition: e.disposition,
		people:      e.people,
		agencies:    e.agencies,
		lat:         e.lat,
		lon:         e.lon,
		hasCoord:    true,
		keep:        true,
	}
	g.m.drawTimes(rng, &c, dp.pace, &g.m.categories[c.category], true, false)
	return c
}

// newCall draws one call of category cat. In the campaign, slot fixes what a focus call is;
// elsewhere slot is nil and the call is drawn freely.
func (g *generator) newCall(rng *rand.Rand, dp *dayPlan, cat int, slot *helpSlot) call {
	c := call{category: cat}
	c.received = dp.dayStart + g.drawSecondOfDay(rng)
	g.m.drawCall(rng, &c, dp.pace, slot, false)
	return c
}

// drawSecondOfDay draws the time of receipt within a day, following the hourly rhythm.
func (g *generator) drawSecondOfDay(rng *rand.Rand) int64 {
	return int64(pick(rng, g.hourCum))*3600 + int64(rng.IntN(3600))
}

// record formats c as a row of a calls file.
func (g *generator) record(c *call) []string {
	rec := make([]string, numCallColumns)
	rec[colCallID] = c.id
	rec[colReceived] = g.formatTime(c.received)
	rec[colAnswered] = g.formatTime(c.answered)
	rec[colDispatched] = g.formatTime(c.dispatched)
	rec[colArrived] = g.formatTime(c.arrived)
	rec[colClosed] = g.formatTime(c.closed)
	rec[colChannel] = g.m.channels[c.channel].code
	rec[colCategory] = g.m.categories[c.category].code
	rec[colSubcategory] = c.subcategory
	rec[colPriority] = c.priority
	rec[colDistrict] = g.m.districts[c.district].name
	rec[colStation] = c.station
	rec[colDisposition] = c.disposition
	rec[colPeople] = strconv.Itoa(c.people)
	rec[colAgencies] = g.m.linked[c.agencies]
	if c.hasCoord {
		rec[colLat] = strconv.FormatFloat(c.lat, 'f', 6, 64)
		rec[colLon] = strconv.FormatFloat(c.lon, 'f', 6, 64)
	}
	return rec
}

func (g *generator) formatTime(unix int64) string {
	if unix == notRecorded {
		return ""
	}
	return time.Unix(unix, 0).In(g.loc).Format(TimeLayout)
}

// corrupt damages the row of an extra faulty call so that ingest must quarantine it for exactly the
// reason c.fault names.
func (g *generator) corrupt(rng *rand.Rand, c *call, rec []string) []string {
	received := time.Unix(c.received, 0).In(g.loc)
	oneOf := func(values ...string) string { return values[rng.IntN(len(values))] }
	unknown := &g.m.unknown
	switch c.fault {
	case faultMalformedLine:
		switch rng.IntN(3) {
		case 0: // a column lost
			i := 1 + rng.IntN(numCallColumns-1)
			rec = slices.Delete(rec, i, i+1)
		case 1: // an address with a comma that the exporter did not quote
			rec = slices.Insert(rec, colStation+1, oneOf(g.m.unquotedStreets...))
		default: // a line cut short
			rec = rec[:2+rng.IntN(10)]
		}
	case faultBadReceivedAt:
		rec[colReceived] = oneOf(
			"",
			received.Format("2006/01/02 15:04"),
			received.Format("2006/01/02")+" 25:61",
			received.Format("2006-01-02T15:04:05"),
			received.Format("2006-01-02 15:04"),
			received.Format("20060102150405"),
			fmt.Sprintf("%d-13-%02d %s", received.Year(), received.Day(), received.Format("15:04:05")),
			received.Format("02/01/2006 15:04:05"),
		)
	case faultBadTime:
		col := colAnswered
		var present []int
		for _, i := range []int{colAnswered, colDispatched, colArrived, colClosed} {
			if rec[i] != "" {
				present = append(present, i)
			}
		}
		if len(present) > 0 {
			col = present[rng.IntN(len(present))]
		}
		rec[col] = oneOf(received.Format("2006-01")+"-32 08:00:00", received.Format("2006-01-02"), "0000-00-00 00:00:00", "24:00:00")
	case faultUnknownCategory:
		rec[colCategory] = oneOf(unknown.category...)
	case faultUnknownChannel:
		rec[colChannel] = oneOf(unknown.channel...)
	case faultUnknownSubcategory:
		rec[colSubcategory] = oneOf(unknown.subcategory...)
	case faultUnknownDisposition:
		rec[colDisposition] = oneOf(unknown.disposition...)
	case faultBadPriority:
		rec[colPriority] = oneOf(unknown.priority...)
	case faultBadPeopleHelped:
		rec[colPeople] = oneOf(unknown.peopleHelped...)
	case faultBadCoordinate:
		d := &g.m.districts[c.district]
		lat, lon := d.lat, d.lon
		if c.hasCoord {
			lat, lon = c.lat, c.lon
		}
		rec[colLat] = strconv.FormatFloat(lat, 'f', 6, 64)
		rec[colLon] = strconv.FormatFloat(lon, 'f', 6, 64)
		switch rng.IntN(4) {
		case 0: // decimal point lost
			rec[colLat] = strconv.FormatFloat(lat*10, 'f', 5, 64)
		case 1:
			rec[colLon] = strconv.FormatFloat(lon*10, 'f', 5, 64)
		case 2: // a hemisphere letter
			rec[colLat] = "N" + rec[colLat]
		default: // latitude and longitude swapped
			rec[colLat], rec[colLon] = rec[colLon], rec[colLat]
		}
	case faultUnknownAgency:
		rec[colAgencies] = oneOf(unknown.linkedAgencies...)
	case faultEmptyDistrict:
		rec[colDistrict] = ""
	case faultEmptyCallID:
		rec[colCallID] = ""
	}
	return rec
}

// conflictingCopy returns a copy of a valid row that differs in one field, as when a record is edited
// after export and exported again under the same call_id.
func (g *generator) conflictingCopy(rng *rand.Rand, rec []string) []string {
	c := slices.Clone(rec)
	switch rng.IntN(3) {
	case 0:
		priorities := slices.DeleteFunc(slices.Clone(g.m.priorities), func(p string) bool { return p == c[colPriority] })
		c[colPriority] = priorities[rng.IntN(len(priorities))]
	case 1:
		base, err := time.ParseInLocation(TimeLayout, c[colClosed], g.loc)
		if err != nil {
			base, _ = time.ParseInLocation(TimeLayout, c[colReceived], g.loc)
		}
		c[colClosed] = base.Add(time.Duration(300+rng.IntN(3600)) * time.Second).Format(TimeLayout)
	default:
		dispositions := slices.DeleteFunc(slices.Clone(g.m.dispositions), func(d string) bool { return d == c[colDisposition] })
		c[colDisposition] = dispositions[rng.IntN(len(dispositions))]
	}
	return c
}
