//go:build ignore

// Command generate writes the synthetic fire/EMS fixture of this folder: three months of calls for
// service in the exact column layout of the DataSF "Fire Department Calls for Service" CSV download
// (one row per responding unit), the layout the built-in ingest profile sf-fire-units reads.
//
// Run it from the repository root:
//
//	go run sample-data/fire-ems/generate.go              # writes sample-data/fire-ems/sf-fire-*.csv
//	go run sample-data/fire-ems/generate.go -out DIR -seed N
//
// The same seed always gives byte-identical files: one PCG stream from math/rand/v2, no clock, no
// map iteration. Every value is made up. The volumes are about 1% of a large US city's (about
// seven calls a day); the mix of call types, the units sent to each type and the timings follow
// what US fire/EMS departments publish:
//
//   - call types: medical incidents about 64%, alarms 10%, structure fires 6%, traffic
//     collisions 5%, citizen assists 4%, outside fires 3% (six times as many on 4 July), and a few
//     gas leaks, smoke investigations, odors, electrical hazards, vehicle fires, water rescues and
//     fuel spills; only call types the profile maps, so that no row is quarantined;
//   - units: one medic for most medical calls, an engine as well on about 45% of emergency
//     (Code 3) ones; a full first alarm (three engines, two trucks, the battalion chief, a rescue
//     squad and a rescue captain) for structure fires, with the later units often cancelled en
//     route; one or two units for alarms and small fires; engine and medic for collisions;
//   - times (lognormal): received -> entered in CAD median 40 s (55 s for non-emergency calls),
//     entry -> first dispatch median 25 s (2 minutes non-emergency), turnout median 70 s, drive
//     median 3 minutes 10 s for emergency calls (6 minutes non-emergency), longer in the outer
//     battalions; medics transport about half of the medical patients (Transport and Hospital
//     times); units come back in service a median 20 minutes after arriving (75 at a working
//     fire, later after a transport);
//   - a few structure fires, collisions and outside fires are reported by a second caller: a call
//     of its own, with one unit, that shares the first call's Incident Number.
//
// Files: sf-fire-2021-07.csv (the same month a year earlier), sf-fire-2022-06.csv (the month
// before) and sf-fire-2022-07.csv (the campaign month), each holding the calls received that month
// in local time (America/Los_Angeles), in order of receipt, each call's units in dispatch order.
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// header is the DataSF export's header, exactly (the misspelt "Neighborhooods" included).
var header = []string{"Call Number", "Unit ID", "Incident Number", "Call Type", "Call Date", "Watch Date",
	"Received DtTm", "Entry DtTm", "Dispatch DtTm", "Response DtTm", "On Scene DtTm", "Transport DtTm",
	"Hospital DtTm", "Call Final Disposition", "Available DtTm", "Address", "City", "Zipcode of Incident",
	"Battalion", "Station Area", "Box", "Original Priority", "Priority", "Final Priority", "ALS Unit",
	"Call Type Group", "Number of Alarms", "Unit Type", "Unit sequence in call dispatch",
	"Supervisor District", "Neighborhooods - Analysis Boundaries", "RowID"}

const (
	dateLayout = "01/02/2006"
	timeLayout = "01/02/2006 03:04:05 PM"
)

// months are the files written; perDay is the mean number of calls a day.
var months = []struct {
	year   int
	month  time.Month
	perDay float64
}{
	{2021, time.July, 6.6},
	{2022, time.June, 6.9},
	{2022, time.July, 7.2},
}

// battalion is a battalion of the city with its station areas and the places its calls come from.
type battalion struct {
	code     string
	weight   float64 // share of the city's calls
	travel   float64 // drive time factor: 1 downtown, more in the outer battalions
	stations []string
	trucks   []string // truck companies of the battalion
	places   []place
}

type place struct {
	neighborhood string
	supervisor   string
	zip          string
	streets      []string
}

var battalions = []battalion{
	{"B01", 0.12, 0.95, []string{"02", "13", "28", "48"}, []string{"T02", "T13"}, []place{
		{"Financial District/South Beach", "3", "94111", []string{"CALIFORNIA ST", "MONTGOMERY ST", "BATTERY ST"}},
		{"North Beach", "3", "94133", []string{"COLUMBUS AVE", "STOCKTON ST", "GRANT AVE"}},
		{"Chinatown", "3", "94108", []string{"GRANT AVE", "CLAY ST", "JACKSON ST"}}}},
	{"B02", 0.16, 0.9, []string{"01", "08", "29", "35"}, []string{"T01", "T08"}, []place{
		{"South of Market", "6", "94103", []string{"MISSION ST", "HOWARD ST", "FOLSOM ST", "6TH ST"}},
		{"Mission Bay", "6", "94158", []string{"3RD ST", "KING ST", "OWENS ST"}}}},
	{"B03", 0.15, 0.9, []string{"03", "06", "36", "41"}, []string{"T03", "T06"}, []place{
		{"Tenderloin", "5", "94102", []string{"ELLIS ST", "EDDY ST", "TURK ST", "LEAVENWORTH ST"}},
		{"Nob Hill", "3", "94109", []string{"POLK ST", "SUTTER ST", "BUSH ST"}}}},
	{"B04", 0.10, 1.0, []string{"16", "38", "51"}, []string{"T16"}, []place{
		{"Marina", "2", "94123", []string{"CHESTNUT ST", "LOMBARD ST", "UNION ST"}},
		{"Pacific Heights", "2", "94115", []string{"FILLMORE ST", "CALIFORNIA ST", "WEBSTER ST"}}}},
	{"B05", 0.08, 1.05, []string{"05", "10", "21"}, []string{"T05", "T10"}, []place{
		{"Western Addition", "5", "94115", []string{"GEARY BLVD", "DIVISADERO ST", "FULTON ST"}},
		{"Haight Ashbury", "5", "94117", []string{"HAIGHT ST", "MASONIC AVE", "FREDERICK ST"}}}},
	{"B06", 0.10, 1.0, []string{"07", "11", "24"}, []string{"T07", "T11"}, []place{
		{"Mission", "9", "94110", []string{"MISSION ST", "VALENCIA ST", "24TH ST", "CESAR CHAVEZ ST"}},
		{"Noe Valley", "8", "94114", []string{"24TH ST", "CHURCH ST", "CASTRO ST"}}}},
	{"B07", 0.08, 1.2, []string{"14", "22", "34"}, []string{"T14"}, []place{
		{"Outer Richmond", "1", "94121", []string{"GEARY BLVD", "BALBOA ST", "LA PLAYA"}},
		{"Inner Richmond", "1", "94118", []string{"CLEMENT ST", "ARGUELLO BLVD", "GEARY BLVD"}}}},
	{"B08", 0.08, 1.25, []string{"18", "19", "40"}, []string{"T18", "T19"}, []place{
		{"Sunset/Parkside", "4", "94122", []string{"IRVING ST", "JUDAH ST", "NORIEGA ST"}},
		{"Lakeshore", "7", "94132", []string{"SLOAT BLVD", "LAKE MERCED BLVD", "19TH AVE"}}}},
	{"B09", 0.07, 1.2, []string{"15", "32", "43"}, []string{"T15"}, []place{
		{"Excelsior", "11", "94112", []string{"MISSION ST", "GENEVA AVE", "OCEAN AVE"}},
		{"Bernal Heights", "9", "94110", []string{"CORTLAND AVE", "MISSION ST", "ALEMANY BLVD"}}}},
	{"B10", 0.06, 1.15, []string{"09", "17", "25", "37"}, []string{"T09", "T17"}, []place{
		{"Bayview Hunters Point", "10", "94124", []string{"3RD ST", "EVANS AVE", "OAKDALE AVE"}},
		{"Potrero Hill", "10", "94107", []string{"18TH ST", "CONNECTICUT ST", "MISSISSIPPI ST"}}}},
}

// callType is a Call Type of the export with how often it occurs, how urgent it is, which units go
// and how it ends.
type callType struct {
	name     string
	weight   float64
	group    string  // Call Type Group
	code3    float64 // share dispatched as emergency (Final Priority 3)
	units    func(r *rand.Rand, code3 bool) []string
	outcomes []outcome
	reported float64 // share reported again by a second caller (same Incident Number)
}

type outcome struct {
	disposition string
	weight      float64
}

// Unit kinds; the unit IDs are made from the battalion's stations and trucks.
const (
	engine         = "ENGINE"
	truck          = "TRUCK"
	medic          = "MEDIC"
	chief          = "CHIEF"
	rescueSquad    = "RESCUE SQUAD"
	rescueCaptain  = "RESCUE CAPTAIN"
	privateService = "PRIVATE"
)

func kinds(list ...string) []string { return list }

func maybe(r *rand.Rand, p float64, kind string) []string {
	if r.Float64() < p {
		return []string{kind}
	}
	return nil
}

var callTypes = []callType{
	{"Medical Incident", 0.64, "Potentially Life-Threatening", 0.7,
		func(r *rand.Rand, code3 bool) []string {
			if !code3 {
				if r.Float64() < 0.15 {
					return kinds(privateService)
				}
				return kinds(medic)
			}
			units := kinds(medic)
			units = append(units, maybe(r, 0.45, engine)...)
			return append(units, maybe(r, 0.05, rescueCaptain)...)
		},
		[]outcome{{"Code 2 Transport", 45}, {"Code 3 Transport", 8}, {"Patient Declined Transport", 15}, {"Against Medical Advice", 5},
			{"Gone on Arrival", 6}, {"Unable to Locate", 3}, {"Cancelled", 5}, {"Medical Examiner", 1}, {"Other", 10}, {"SFPD", 2}}, 0},
	{"Alarms", 0.10, "Alarm", 0.6,
		func(r *rand.Rand, code3 bool) []string {
			units := kinds(engine)
			units = append(units, maybe(r, 0.5, truck)...)
			return append(units, maybe(r, 0.1, chief)...)
		},
		[]outcome{{"No Merit", 55}, {"Other", 35}, {"Cancelled", 10}}, 0},
	{"Structure Fire", 0.06, "Fire", 1,
		func(r *rand.Rand, code3 bool) []string {
			return kinds(engine, engine, truck, chief, engine, truck, rescueSquad, rescueCaptain)[:5+r.IntN(4)]
		},
		[]outcome{{"Fire", 50}, {"Other", 25}, {"No Merit", 15}, {"Cancelled", 10}}, 0.15},
	{"Traffic Collision", 0.05, "Potentially Life-Threatening", 0.8,
		func(r *rand.Rand, code3 bool) []string {
			units := kinds(engine, medic)
			units = append(units, maybe(r, 0.15, rescueSquad)...)
			return append(units, maybe(r, 0.1, chief)...)
		},
		[]outcome{{"Code 2 Transport", 35}, {"Code 3 Transport", 10}, {"Patient Declined Transport", 15}, {"Gone on Arrival", 10},
			{"CHP", 8}, {"SFPD", 7}, {"Other", 15}}, 0.1},
	{"Citizen Assist / Service Call", 0.04, "Non Life-threatening", 0,
		func(r *rand.Rand, code3 bool) []string {
			if r.Float64() < 0.3 {
				return kinds(truck)
			}
			return kinds(engine)
		},
		[]outcome{{"Other", 80}, {"Unable to Locate", 10}, {"Cancelled", 10}}, 0},
	{"Outside Fire", 0.03, "Fire", 0.9,
		func(r *rand.Rand, code3 bool) []string { return append(kinds(engine), maybe(r, 0.3, engine)...) },
		[]outcome{{"Fire", 55}, {"Other", 25}, {"Unable to Locate", 10}, {"Cancelled", 10}}, 0.1},
	{"Gas Leak (Natural and LP Gases)", 0.015, "Fire", 0.7,
		func(r *rand.Rand, code3 bool) []string {
			return append(kinds(engine, truck), maybe(r, 0.3, chief)...)
		},
		[]outcome{{"Other", 70}, {"No Merit", 30}}, 0},
	{"Smoke Investigation (Outside)", 0.012, "Fire", 0.8,
		func(r *rand.Rand, code3 bool) []string { return append(kinds(engine), maybe(r, 0.3, truck)...) },
		[]outcome{{"Other", 50}, {"No Merit", 30}, {"Unable to Locate", 20}}, 0},
	{"Odor (Strange / Unknown)", 0.01, "Fire", 0.4,
		func(r *rand.Rand, code3 bool) []string { return kinds(engine) },
		[]outcome{{"Other", 50}, {"No Merit", 40}, {"Unable to Locate", 10}}, 0},
	{"Electrical Hazard", 0.01, "Fire", 0.6,
		func(r *rand.Rand, code3 bool) []string { return append(kinds(engine), maybe(r, 0.3, truck)...) },
		[]outcome{{"Other", 80}, {"No Merit", 20}}, 0},
	{"Vehicle Fire", 0.01, "Fire", 1,
		func(r *rand.Rand, code3 bool) []string { return append(kinds(engine), maybe(r, 0.2, engine)...) },
		[]outcome{{"Fire", 80}, {"Other", 10}, {"Gone on Arrival", 10}}, 0},
	{"Water Rescue", 0.004, "Potentially Life-Threatening", 1,
		func(r *rand.Rand, code3 bool) []string {
			return kinds(engine, truck, rescueSquad, chief, medic, rescueCaptain)
		},
		[]outcome{{"Other", 50}, {"Code 3 Transport", 30}, {"Unable to Locate", 15}, {"Medical Examiner", 5}}, 0},
	{"Fuel Spill", 0.004, "Fire", 0.3,
		func(r *rand.Rand, code3 bool) []string { return kinds(engine) },
		[]outcome{{"Other", 100}}, 0},
}

// hourWeights is the share of calls by hour of the day: few at night, most from late morning to
// the evening.
var hourWeights = []float64{3.2, 2.8, 2.4, 2.0, 1.8, 1.9, 2.5, 3.4, 4.3, 4.9, 5.3, 5.5,
	5.6, 5.6, 5.5, 5.5, 5.4, 5.3, 5.2, 4.9, 4.5, 4.1, 3.7, 3.4}

func main() {
	out := flag.String("out", filepath.Join("sample-data", "fire-ems"), "folder to write the CSV files to")
	seed := flag.Uint64("seed", 20220704, "seed of the random stream")
	flag.Parse()
	loc, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		log.Fatal(err)
	}
	r := rand.New(rand.NewPCG(*seed, 0x5ffd))
	for _, m := range months {
		rows := monthRows(r, m.year, m.month, m.perDay, loc)
		name := filepath.Join(*out, fmt.Sprintf("sf-fire-%d-%02d.csv", m.year, m.month))
		if err := writeCSV(name, rows); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %d unit rows\n", name, len(rows))
	}
}

func writeCSV(name string, rows [][]string) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	w := csv.NewWriter(f)
	if err := w.Write(header); err != nil {
		return err
	}
	if err := w.WriteAll(rows); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}

// call is one call for service as the generator plans it.
type call struct {
	received time.Time
	typ      *callType
	code3    bool
	bat      *battalion
	station  string
	place    place
	address  string
	box      string
	outcome  string
	incident string
	kinds    []string // the unit kinds sent, in dispatch order
	// id numbers the calls of a month as drawn; a second caller's call has reports = the id of
	// the first call of its incident, every other call reports = -1.
	id, reports int
}

// monthRows draws the calls received in one month and returns their unit rows in order of receipt.
func monthRows(r *rand.Rand, year int, month time.Month, perDay float64, loc *time.Location) [][]string {
	var calls []call
	for day := time.Date(year, month, 1, 0, 0, 0, 0, loc); day.Month() == month; day = day.AddDate(0, 0, 1) {
		n := poisson(r, perDay*dayFactor(day))
		for range n {
			calls = append(calls, drawCall(r, day, loc))
		}
		// The Fourth of July: fireworks light outside fires.
		if day.Month() == time.July && day.Day() == 4 {
			for range 4 + r.IntN(3) {
				c := drawCall(r, day, loc)
				c.typ = &callTypes[slices.IndexFunc(callTypes, func(t callType) bool { return t.name == "Outside Fire" })]
				c.received = day.Add(time.Duration(20+r.IntN(5))*time.Hour + time.Duration(r.IntN(3600))*time.Second)
				c.code3 = true
				c.outcome = pick(r, c.typ.outcomes)
				c.kinds = c.typ.units(r, true)
				calls = append(calls, c)
			}
		}
	}
	// A second caller reports a few incidents again, a minute or a few later.
	for i := range calls {
		calls[i].id, calls[i].reports = i, -1
	}
	var again []call
	for _, c := range calls {
		if r.Float64() < c.typ.reported {
			second := c
			second.id, second.reports = len(calls)+len(again), c.id
			second.received = c.received.Add(time.Duration(40+r.IntN(240)) * time.Second)
			second.kinds = []string{engine}
			if c.typ.name == "Structure Fire" {
				second.kinds = []string{chief}
			}
			again = append(again, second)
		}
	}
	calls = append(calls, again...)
	slices.SortStableFunc(calls, func(a, b call) int { return a.received.Compare(b.received) })

	var rows [][]string
	lastSeq := map[string]int{} // day -> last call sequence number used
	var lastIncident int
	incidentOf := map[int]string{} // call id -> its incident number
	for i := range calls {
		c := &calls[i]
		if c.received.Month() != month { // a second call past the month's last midnight
			continue
		}
		dayKey := c.received.Format("2006-01-02")
		seq := 1 + int(float64(secondsOfDay(c.received))/86400*1150)
		if seq <= lastSeq[dayKey] {
			seq = lastSeq[dayKey] + 1
		}
		lastSeq[dayKey] = seq
		callNumber := fmt.Sprintf("%02d%03d%04d", c.received.Year()%100, c.received.YearDay(), seq)
		if c.reports >= 0 { // the first call was received 40-280 s earlier
			c.incident = incidentOf[c.reports]
		} else {
			n := (c.received.YearDay()-1)*940 + int(float64(secondsOfDay(c.received))/86400*930) + 1
			if n <= lastIncident {
				n = lastIncident + 1
			}
			lastIncident = n
			c.incident = fmt.Sprintf("%02d%06d", c.received.Year()%100, n)
			incidentOf[c.id] = c.incident
		}
		rows = append(rows, unitRows(r, c, callNumber)...)
	}
	return rows
}

// dayFactor scales the volume of a day: weekends and summer evenings are a little busier.
func dayFactor(day time.Time) float64 {
	switch day.Weekday() {
	case time.Saturday:
		return 1.06
	case time.Sunday:
		return 1.02
	}
	return 1
}

func secondsOfDay(t time.Time) int { return t.Hour()*3600 + t.Minute()*60 + t.Second() }

func drawCall(r *rand.Rand, day time.Time, loc *time.Location) call {
	hour := pickIndex(r, hourWeights)
	received := time.Date(day.Year(), day.Month(), day.Day(), hour, r.IntN(60), r.IntN(60), 0, loc)
	var weights []float64
	for _, t := range callTypes {
		weights = append(weights, t.weight)
	}
	typ := &callTypes[pickIndex(r, weights)]
	weights = weights[:0]
	for _, b := range battalions {
		weights = append(weights, b.weight)
	}
	bat := &battalions[pickIndex(r, weights)]
	pl := bat.places[r.IntN(len(bat.places))]
	street := pl.streets[r.IntN(len(pl.streets))]
	address := fmt.Sprintf("%d00 Block of %s", 1+r.IntN(30), street)
	if r.Float64() < 0.2 { // an intersection
		cross := pl.streets[r.IntN(len(pl.streets))]
		if cross != street {
			address = street + "/" + cross
		}
	}
	code3 := r.Float64() < typ.code3
	outcome := pick(r, typ.outcomes)
	if outcome == "Code 3 Transport" && !code3 {
		outcome = "Code 2 Transport"
	}
	return call{
		received: received,
		typ:      typ,
		code3:    code3,
		bat:      bat,
		station:  bat.stations[r.IntN(len(bat.stations))],
		place:    pl,
		address:  address,
		box:      fmt.Sprintf("%04d", 1000+r.IntN(8000)),
		outcome:  outcome,
		kinds:    typ.units(r, code3),
	}
}

// unitRows times the units of one call and writes a row for each, in dispatch order.
func unitRows(r *rand.Rand, c *call, callNumber string) [][]string {
	priority := "2"
	group := c.typ.group
	if c.code3 {
		priority = "3"
	} else if group == "Potentially Life-Threatening" {
		group = "Non Life-threatening"
	}
	original := priority
	if c.typ.name == "Medical Incident" && r.Float64() < 0.05 { // re-triaged after the first questions
		original = map[string]string{"2": "3", "3": "2"}[priority]
	}
	entry := c.received.Add(seconds(lognormal(r, map[bool]float64{true: 40, false: 55}[c.code3], 0.5), 540))
	firstDispatch := entry.Add(seconds(lognormal(r, map[bool]float64{true: 25, false: 120}[c.code3], 0.6), 1800))
	cancelled := c.outcome == "Cancelled"
	transport := strings.HasSuffix(c.outcome, "Transport") && c.outcome != "Patient Declined Transport"
	// Most first-alarm structure fires turn out small: the later units are cancelled en route.
	smallFire := c.typ.name == "Structure Fire" && c.outcome != "Fire"
	watch := c.received
	if watch.Hour() < 8 {
		watch = watch.AddDate(0, 0, -1)
	}
	used := map[string]bool{}
	var rows [][]string
	transported := false
	for seq, kind := range c.kinds {
		unit := unitID(r, c, kind, used)
		dispatch := firstDispatch
		if seq > 0 {
			dispatch = firstDispatch.Add(time.Duration(2+r.IntN(25)) * time.Second)
			if kind == chief || kind == rescueCaptain {
				dispatch = dispatch.Add(time.Duration(r.IntN(60)) * time.Second)
			}
		}
		enRoute := dispatch.Add(seconds(lognormal(r, 70, 0.35), 600))
		driveMedian := map[bool]float64{true: 190, false: 360}[c.code3] * c.bat.travel
		if seq > 0 {
			driveMedian *= 1.3 + 0.5*r.Float64() // later units come from farther
		}
		onScene := enRoute.Add(seconds(lognormal(r, driveMedian, 0.4), 3000))
		var onSceneText, transportText, hospitalText string
		var available time.Time
		switch {
		case cancelled || (smallFire && seq >= 2):
			available = enRoute.Add(time.Duration(40+r.IntN(240)) * time.Second)
		default:
			onSceneText = onScene.Format(timeLayout)
			available = onScene.Add(seconds(lognormal(r, handlingMedian(c), 0.5), 4*3600))
			if transport && (kind == medic || kind == privateService) && !transported {
				transported = true
				leave := onScene.Add(time.Duration(12*60+r.IntN(18*60)) * time.Second)
				hospital := leave.Add(time.Duration(6*60+r.IntN(14*60)) * time.Second)
				transportText, hospitalText = leave.Format(timeLayout), hospital.Format(timeLayout)
				available = hospital.Add(time.Duration(15*60+r.IntN(30*60)) * time.Second)
			}
		}
		als := "false"
		if kind == medic || kind == engine {
			als = "true"
		}
		rows = append(rows, []string{
			callNumber, unit, c.incident, c.typ.name, c.received.Format(dateLayout), watch.Format(dateLayout),
			c.received.Format(timeLayout), entry.Format(timeLayout), dispatch.Format(timeLayout), enRoute.Format(timeLayout),
			onSceneText, transportText, hospitalText, c.outcome, available.Format(timeLayout),
			c.address, "San Francisco", c.place.zip, c.bat.code, c.station, c.box,
			original, priority, priority, als, group, "1", kind, fmt.Sprint(seq + 1),
			c.place.supervisor, c.place.neighborhood, callNumber + "-" + unit,
		})
	}
	return rows
}

// handlingMedian is the median time in seconds a unit stays on scene.
func handlingMedian(c *call) float64 {
	switch {
	case c.typ.name == "Structure Fire" && c.outcome == "Fire":
		return 75 * 60
	case c.typ.group == "Fire" || c.typ.group == "Alarm":
		return 18 * 60
	}
	return 20 * 60
}

// unitID names a unit of kind for the call, not one already on it: the station's engine, a truck
// or the chief of the battalion, a medic from the city's pool.
func unitID(r *rand.Rand, c *call, kind string, used map[string]bool) string {
	for try := 0; ; try++ {
		var id string
		switch kind {
		case engine:
			station := c.station
			if len(used) > 0 || try > 0 { // the next-due engines come from the other stations
				station = c.bat.stations[r.IntN(len(c.bat.stations))]
				if try > 4 {
					station = fmt.Sprintf("%02d", 1+r.IntN(44))
				}
			}
			id = "E" + station
		case truck:
			id = c.bat.trucks[r.IntN(len(c.bat.trucks))]
			if try > 2 {
				id = fmt.Sprintf("T%02d", 1+r.IntN(19))
			}
		case chief:
			id = c.bat.code
			if try > 0 {
				id = fmt.Sprintf("B%02d", 1+r.IntN(10))
			}
		case medic:
			id = fmt.Sprintf("M%02d", 1+r.IntN(96))
		case rescueSquad:
			id = fmt.Sprintf("RS%d", 1+r.IntN(2))
		case rescueCaptain:
			id = fmt.Sprintf("RC%d", 1+r.IntN(4))
		case privateService:
			id = fmt.Sprintf("AM%d", 101+r.IntN(40))
		}
		if !used[id] {
			used[id] = true
			return id
		}
	}
}

// lognormal draws from a lognormal distribution with the given median and shape.
func lognormal(r *rand.Rand, median, sigma float64) float64 {
	return median * math.Exp(sigma*r.NormFloat64())
}

// seconds rounds s to whole seconds, at least 1 and at most ceiling.
func seconds(s, ceiling float64) time.Duration {
	return time.Duration(min(max(math.Round(s), 1), ceiling)) * time.Second
}

func poisson(r *rand.Rand, mean float64) int {
	limit, p, k := math.Exp(-mean), 1.0, 0
	for {
		p *= r.Float64()
		if p <= limit {
			return k
		}
		k++
	}
}

func pickIndex(r *rand.Rand, weights []float64) int {
	var total float64
	for _, w := range weights {
		total += w
	}
	x := r.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

func pick(r *rand.Rand, outcomes []outcome) string {
	weights := make([]float64, len(outcomes))
	for i, o := range outcomes {
		weights[i] = o.weight
	}
	return outcomes[pickIndex(r, weights)].disposition
}
