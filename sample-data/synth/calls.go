package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
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

// agencySet is a set of linked agencies, written in the canonical order of the bits.
type agencySet uint8

const (
	agencyFire agencySet = 1 << iota
	agencyMedical
	agencyEmergencyMgmt
	agencyHotline12345
	agencyWaterPolice
	agencyUrbanMgmt
)

func (a agencySet) String() string {
	names := [...]string{"fire", "medical", "emergency_mgmt", "hotline_12345", "water_police", "urban_mgmt"}
	var parts []string
	for i, name := range names {
		if a&(1<<i) != 0 {
			parts = append(parts, name)
		}
	}
	return strings.Join(parts, ";")
}

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

// call is one row of a calls file before it is formatted. Times are Unix seconds; zero means empty.
type call struct {
	id                                            string
	received, answered, dispatched, arrived, done int64
	channel                                       string
	category                                      category
	subcategory                                   string
	priority                                      int // 0 means empty
	district                                      int
	station                                       string
	disposition                                   string
	people                                        int
	agencies                                      agencySet
	lat, lon                                      float64
	hasCoord                                      bool
	// keep marks calls whose content the figures or the bulletin depend on, never given a time fault.
	keep  bool
	fault fault
}

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
	for _, p := range dp.pinned {
		calls = append(calls, g.pinnedCall(rng, dp, p))
	}
	slot := 0
	for c := range numCategories {
		n := dp.counts[c]
		if c == catEmergencyHelp {
			n -= len(dp.pinned)
		}
		for range n {
			var s *ehSlot
			if c == catEmergencyHelp && dp.ehSlots != nil {
				s = &dp.ehSlots[slot]
				slot++
			}
			calls = append(calls, g.newCall(rng, dp, c, s))
		}
	}
	valid := len(calls)
	yearShares := categoryShares(dp.date.Year())
	shares := cumulative(yearShares[:])
	for f := faultMalformedLine; f <= faultEmptyCallID; f++ {
		n := int(float64(valid)*f.extraRate() + rng.Float64())
		for range n {
			c := g.newCall(rng, dp, category(pick(rng, shares)), nil)
			c.fault = f
			calls = append(calls, c)
			faults[f]++
		}
	}
	// Call ids follow the order of receipt, as a real system assigns them.
	slices.SortStableFunc(calls, func(a, b call) int { return int(a.received - b.received) })
	prefix := "XT" + dp.date.Format("20060102")
	for i := range calls {
		calls[i].id = prefix + fmt.Sprintf("%06d", i+1)
	}

	rows := make([]outRow, len(calls))
	for i := range calls {
		c := &calls[i]
		if c.fault == faultNone && c.arrived != 0 && !c.keep {
			switch u := rng.Float64(); {
			case u < arrivalBeforeDispatchRate:
				c.arrived = c.dispatched - int64(20+rng.IntN(900))
				faults[faultArrivalBeforeDispatch]++
			case u < arrivalBeforeDispatchRate+missingArrivalRate:
				c.arrived = 0
				faults[faultMissingArrival]++
			case u < arrivalBeforeDispatchRate+missingArrivalRate+absurdIntervalRate:
				// A clock or data-entry error: arrival two to six days after dispatch.
				c.arrived = c.dispatched + int64(2*86400+rng.IntN(4*86400))
				if c.done != 0 {
					c.done = c.arrived + int64(600+rng.IntN(3600))
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

// pinnedCall builds one of the rescues the bulletin describes.
func (g *generator) pinnedCall(rng *rand.Rand, dp *dayPlan, p pinnedCall) call {
	c := call{
		received:    dp.dayStart + p.secondOfDay,
		channel:     "phone",
		category:    catEmergencyHelp,
		subcategory: p.subcategory,
		priority:    1,
		district:    p.district,
		station:     p.station,
		disposition: "rescued",
		people:      p.peopleHelped,
		agencies:    p.agencies,
		lat:         p.lat,
		lon:         p.lon,
		hasCoord:    true,
		keep:        true,
	}
	g.drawTimes(rng, dp, &c, true, false)
	return c
}

// newCall draws one call of category cat. In the campaign, slot fixes what an emergency-help call is;
// elsewhere slot is nil and the call is drawn freely.
func (g *generator) newCall(rng *rand.Rand, dp *dayPlan, cat category, slot *ehSlot) call {
	c := call{category: cat}
	c.received = dp.dayStart + g.drawSecondOfDay(rng)
	c.channel = drawChannel(rng)
	c.district = pick(rng, g.districtCum)
	d := &g.districts[c.district]
	// The first stations of a district are the busiest.
	c.station = d.stations[min(int(float64(len(d.stations))*rng.Float64()*rng.Float64()*1.6), len(d.stations)-1)]
	if rng.Float64() >= 0.2 {
		c.hasCoord = true
		c.lat = clamp(d.lat+d.spread*rng.NormFloat64(), 27.6, 28.1)
		c.lon = clamp(d.lon+d.spread*rng.NormFloat64(), 112.4, 113.2)
	}
	if c.channel == "transfer_12345" && rng.Float64() < 0.5 {
		c.agencies |= agencyHotline12345
	}

	dispatch := true
	switch cat {
	case catCriminal:
		c.priority = choose(rng, []int{1, 2}, []float64{0.3, 0.7})
		c.disposition = choose(rng, []string{"resolved", "referred", "unresolved", "false_alarm"}, []float64{0.55, 0.1, 0.3, 0.05})
		if rng.Float64() < 0.03 {
			c.agencies |= agencyMedical
		}
	case catPublicOrder:
		c.priority = choose(rng, []int{2, 3}, []float64{0.4, 0.6})
		dispatch = rng.Float64() < 0.95
		c.disposition = choose(rng, []string{"resolved", "referred", "false_alarm", "unresolved"}, []float64{0.8, 0.08, 0.07, 0.05})
		if rng.Float64() < 0.02 {
			c.agencies |= agencyUrbanMgmt
		}
	case catTraffic:
		c.priority = choose(rng, []int{2, 3}, []float64{0.5, 0.5})
		dispatch = rng.Float64() < 0.95
		c.disposition = choose(rng, []string{"resolved", "referred", "false_alarm"}, []float64{0.85, 0.1, 0.05})
		if c.disposition == "resolved" && rng.Float64() < 0.15 {
			c.people = 1
		}
		if rng.Float64() < 0.12 {
			c.agencies |= agencyMedical
		}
		if rng.Float64() < 0.02 {
			c.agencies |= agencyFire
		}
	case catFire:
		c.priority = 1
		c.disposition = choose(rng, []string{"resolved", "rescued", "false_alarm"}, []float64{0.65, 0.15, 0.2})
		if c.disposition == "rescued" {
			c.people = 1 + rng.IntN(3)
		}
		c.agencies |= agencyFire
		if rng.Float64() < 0.2 {
			c.agencies |= agencyMedical
		}
		if rng.Float64() < 0.05 {
			c.agencies |= agencyEmergencyMgmt
		}
	case catEmergencyHelp:
		dispatch = g.emergencyHelp(rng, &c, slot)
	case catDispute:
		c.priority = 3
		dispatch = rng.Float64() < 0.9
		c.disposition = choose(rng, []string{"resolved", "referred", "unresolved"}, []float64{0.72, 0.23, 0.05})
		if c.disposition == "referred" {
			switch u := rng.Float64(); {
			case u < 0.5:
				c.agencies |= agencyHotline12345
			case u < 0.75:
				c.agencies |= agencyUrbanMgmt
			}
		}
	case catConsultation:
		c.priority = 4
		dispatch = false
		c.disposition = choose(rng, []string{"resolved", "referred"}, []float64{0.8, 0.2})
		if c.disposition == "referred" && rng.Float64() < 0.7 {
			c.agencies |= agencyHotline12345
		}
	case catInvalid:
		c.priority = choose(rng, []int{4, 0}, []float64{0.7, 0.3})
		dispatch = false
		c.disposition = choose(rng, []string{"false_alarm", ""}, []float64{0.6, 0.4})
	}
	if !c.keep && rng.Float64() < 0.01 {
		c.priority = 0
	}
	g.drawTimes(rng, dp, &c, dispatch, cat == catInvalid && rng.Float64() < 0.25)
	return c
}

// emergencyHelp fills in an emergency-help call and reports whether it is dispatched.
func (g *generator) emergencyHelp(rng *rand.Rand, c *call, slot *ehSlot) bool {
	kind, people := ehRegular, 0
	if slot != nil {
		kind, people = slot.kind, slot.people
	} else {
		// Outside the campaign the special calls occur at about the campaign's rates.
		switch u := rng.Float64(); {
		case u < 0.004:
			kind = choose(rng, []ehKind{ehSuicideRescued, ehSuicideOther}, []float64{0.93, 0.07})
		case u < 0.026:
			kind = choose(rng, []ehKind{ehLostFound, ehLostOther}, []float64{0.88, 0.12})
			people = choose(rng, []int{1, 2, 3}, []float64{0.92, 0.07, 0.01})
		case u < 0.0267:
			kind = choose(rng, []ehKind{ehMissingFound, ehMissingResolved, ehMissingUnresolved}, []float64{0.57, 0.22, 0.21})
		}
	}
	if kind != ehRegular {
		c.keep = true
	}
	// Medical first aid joins about 30% of the calls where someone may be hurt.
	medical := func(p float64) {
		if rng.Float64() < p {
			c.agencies |= agencyMedical
		}
	}
	switch kind {
	case ehSuicideRescued, ehSuicideOther:
		c.subcategory, c.priority = "suicide_attempt", 1
		if kind == ehSuicideRescued {
			c.disposition, c.people = "rescued", 1
		} else {
			c.disposition = choose(rng, []string{"resolved", "unresolved", "false_alarm"}, []float64{0.34, 0.33, 0.33})
		}
		medical(0.3)
		if rng.Float64() < 0.15 {
			c.agencies |= agencyWaterPolice
		}
		if rng.Float64() < 0.1 {
			c.agencies |= agencyFire
		}
		return true
	case ehLostFound:
		c.subcategory, c.priority, c.disposition, c.people = "lost_person", 2, "person_found", people
		return true
	case ehLostOther:
		c.subcategory, c.priority = "lost_person", 2
		c.disposition = choose(rng, []string{"resolved", "unresolved", "false_alarm"}, []float64{0.5, 0.3, 0.2})
		return true
	case ehMissingFound, ehMissingResolved, ehMissingUnresolved:
		c.subcategory, c.priority = "missing_person", 2
		c.disposition = map[ehKind]string{ehMissingFound: "person_found", ehMissingResolved: "resolved", ehMissingUnresolved: "unresolved"}[kind]
		if kind != ehMissingUnresolved {
			c.people = 1
		}
		return true
	}

	c.subcategory = choose(rng,
		[]string{"medical", "elderly_assist", "child_assist", "fall_from_height", "drowning", "other", ""},
		[]float64{0.20, 0.15, 0.08, 0.012, 0.006, 0.50, 0.052})
	dispatch := rng.Float64() < 0.95
	switch c.subcategory {
	case "drowning":
		c.priority, dispatch = 1, true
		c.disposition = choose(rng, []string{"rescued", "unresolved", "false_alarm"}, []float64{0.55, 0.25, 0.2})
		c.agencies |= agencyWaterPolice
		if rng.Float64() < 0.4 {
			c.agencies |= agencyFire
		}
		medical(0.3)
	case "fall_from_height":
		c.priority, dispatch = 1, true
		c.disposition = choose(rng, []string{"rescued", "resolved", "unresolved", "false_alarm"}, []float64{0.45, 0.25, 0.2, 0.1})
		if rng.Float64() < 0.3 {
			c.agencies |= agencyFire
		}
		medical(0.3)
	case "medical":
		c.priority = choose(rng, []int{1, 2}, []float64{0.4, 0.6})
		c.disposition = choose(rng, []string{"resolved", "referred", "false_alarm"}, []float64{0.6, 0.35, 0.05})
		medical(0.3)
	case "elderly_assist":
		c.priority = choose(rng, []int{2, 3}, []float64{0.5, 0.5})
		c.disposition = choose(rng, []string{"resolved", "person_found", "referred"}, []float64{0.85, 0.05, 0.1})
	case "child_assist":
		c.priority = choose(rng, []int{2, 3}, []float64{0.5, 0.5})
		c.disposition = choose(rng, []string{"resolved", "person_found", "referred"}, []float64{0.8, 0.1, 0.1})
	default:
		c.priority = 3
		c.disposition = choose(rng, []string{"resolved", "referred", "false_alarm"}, []float64{0.75, 0.2, 0.05})
		if rng.Float64() < 0.01 {
			c.agencies |= agencyEmergencyMgmt
		}
	}
	switch c.disposition {
	case "rescued":
		c.people = 1
		if c.subcategory == "drowning" && rng.Float64() < 0.15 {
			c.people = 2
		}
	case "person_found", "resolved":
		c.people = 1
	}
	return dispatch
}

// drawTimes draws the answer, dispatch, arrival and closing times of c after its receipt.
func (g *generator) drawTimes(rng *rand.Rand, dp *dayPlan, c *call, dispatch, unanswered bool) {
	if unanswered {
		// The caller hung up before the call was answered.
		c.disposition = ""
		return
	}
	c.answered = c.received + seconds(lognormal(rng, 7*dp.speed, 0.5), 1, 180)
	if !dispatch {
		talk := 100.0
		if c.category == catInvalid {
			talk = 20
		}
		c.done = c.answered + seconds(lognormal(rng, talk, 0.6), 5, 1800)
		return
	}
	d := &g.districts[c.district]
	nearby := 0.015
	if d.urban {
		nearby = 0.04
	}
	if dp.campaign {
		// The campaign put quick-response patrols at key places ("1, 3, 5" minutes).
		nearby *= 1.5
	}
	if rng.Float64() < nearby {
		// A patrol is at or next to the scene: dispatched at once, there within a minute or so.
		c.dispatched = c.answered + seconds(lognormal(rng, 12, 0.4), 3, 120)
		c.arrived = c.dispatched + seconds(lognormal(rng, 30, 0.4), 5, 600)
	} else {
		c.dispatched = c.answered + seconds(lognormal(rng, 60*dp.speed, 0.6), 5, 1800)
		travel := lognormal(rng, d.travelMedian*dp.speed, d.travelSigma)
		if rng.Float64() < 0.04 {
			// Long tail: a distant village, a closed road, the nearest patrol busy elsewhere.
			travel *= 2 + 3*rng.Float64()
		}
		c.arrived = c.dispatched + seconds(travel, 30, 4*3600)
	}
	if !c.keep && rng.Float64() < 0.015 {
		// Never closed: the incident is still open when the log is exported.
		c.disposition, c.people = "", 0
		return
	}
	c.done = c.arrived + seconds(lognormal(rng, 1500, 0.8), 60, 12*3600)
}

// drawSecondOfDay draws the time of receipt within a day, following the hourly rhythm.
func (g *generator) drawSecondOfDay(rng *rand.Rand) int64 {
	return int64(pick(rng, g.hourCum))*3600 + int64(rng.IntN(3600))
}

func drawChannel(rng *rand.Rand) string {
	return choose(rng, []string{"phone", "app", "transfer_12345", "sms", "video"}, []float64{0.85, 0.05, 0.05, 0.03, 0.02})
}

// record formats c as a row of a calls file.
func (g *generator) record(c *call) []string {
	rec := make([]string, numCallColumns)
	rec[colCallID] = c.id
	rec[colReceived] = g.formatTime(c.received)
	rec[colAnswered] = g.formatTime(c.answered)
	rec[colDispatched] = g.formatTime(c.dispatched)
	rec[colArrived] = g.formatTime(c.arrived)
	rec[colClosed] = g.formatTime(c.done)
	rec[colChannel] = c.channel
	rec[colCategory] = c.category.String()
	rec[colSubcategory] = c.subcategory
	if c.priority != 0 {
		rec[colPriority] = strconv.Itoa(c.priority)
	}
	rec[colDistrict] = g.districts[c.district].name
	rec[colStation] = c.station
	rec[colDisposition] = c.disposition
	rec[colPeople] = strconv.Itoa(c.people)
	rec[colAgencies] = c.agencies.String()
	if c.hasCoord {
		rec[colLat] = strconv.FormatFloat(c.lat, 'f', 6, 64)
		rec[colLon] = strconv.FormatFloat(c.lon, 'f', 6, 64)
	}
	return rec
}

func (g *generator) formatTime(unix int64) string {
	if unix == 0 {
		return ""
	}
	return time.Unix(unix, 0).In(g.loc).Format(TimeLayout)
}

// corrupt damages the row of an extra faulty call so that ingest must quarantine it for exactly the
// reason c.fault names.
func (g *generator) corrupt(rng *rand.Rand, c *call, rec []string) []string {
	received := time.Unix(c.received, 0).In(g.loc)
	oneOf := func(values ...string) string { return values[rng.IntN(len(values))] }
	switch c.fault {
	case faultMalformedLine:
		switch rng.IntN(3) {
		case 0: // a column lost
			i := 1 + rng.IntN(numCallColumns-1)
			rec = slices.Delete(rec, i, i+1)
		case 1: // an address with a comma that the exporter did not quote
			rec = slices.Insert(rec, colStation+1, oneOf("沿江中路", "建设北路", "芙蓉大道"))
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
		rec[col] = oneOf("NULL", received.Format("2006-01-02"), "0000-00-00 00:00:00", "24:00:00")
	case faultUnknownCategory:
		rec[colCategory] = oneOf("other", "traffic_accident", "求助", "noise_complaint", "unknown")
	case faultUnknownChannel:
		rec[colChannel] = oneOf("wechat", "电话", "radio")
	case faultUnknownSubcategory:
		rec[colSubcategory] = oneOf("pet_rescue", "溺水", "flood")
	case faultUnknownDisposition:
		rec[colDisposition] = oneOf("closed", "已处置", "pending")
	case faultBadPriority:
		rec[colPriority] = oneOf("0", "5", "高", "P1")
	case faultBadPeopleHelped:
		rec[colPeople] = oneOf("-1", "两人", "1.5")
	case faultBadCoordinate:
		d := &g.districts[c.district]
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
		rec[colAgencies] = oneOf("police", "traffic_police", "120", "medical;ambulance")
	case faultEmptyDistrict:
		rec[colDistrict] = ""
	case faultEmptyCallID:
		rec[colCallID] = ""
	}
	return rec
}

// conflictingCopy returns a copy of a valid row that differs in one field, as when a record is edited
// after export and exported again under the same call_id.
func conflictingCopy(rng *rand.Rand, rec []string, loc *time.Location) []string {
	c := slices.Clone(rec)
	switch rng.IntN(3) {
	case 0:
		priorities := slices.DeleteFunc([]string{"1", "2", "3", "4"}, func(p string) bool { return p == c[colPriority] })
		c[colPriority] = priorities[rng.IntN(len(priorities))]
	case 1:
		base, err := time.ParseInLocation(TimeLayout, c[colClosed], loc)
		if err != nil {
			base, _ = time.ParseInLocation(TimeLayout, c[colReceived], loc)
		}
		c[colClosed] = base.Add(time.Duration(300+rng.IntN(3600)) * time.Second).Format(TimeLayout)
	default:
		dispositions := slices.DeleteFunc([]string{"resolved", "rescued", "person_found", "referred", "false_alarm", "unresolved"},
			func(d string) bool { return d == c[colDisposition] })
		c[colDisposition] = dispositions[rng.IntN(len(dispositions))]
	}
	return c
}

// choose draws one of values with the given weights, which need not sum to one.
func choose[T any](rng *rand.Rand, values []T, weights []float64) T {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	u := rng.Float64() * sum
	for i, w := range weights {
		if u < w {
			return values[i]
		}
		u -= w
	}
	return values[len(values)-1]
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
