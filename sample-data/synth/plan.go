package synth

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// The random streams of one data set. Every stream is a PCG seeded with Options.Seed; the plan has one
// stream, and each day has its own calls and activities streams, so that a change to one day's rows
// does not shift the random numbers of every later day.
const (
	planStream     uint64 = 0x62756c6c6574696e // "bulletin"
	callStream     uint64 = 0x63616c6c00000000 // "call", plus the day index
	activityStream uint64 = 0x6163747600000000 // "actv", plus the day index
)

// The calendar of the data set. Dates are civil dates, kept as midnight UTC.
func firstDate() time.Time     { return time.Date(2021, 5, 1, 0, 0, 0, 0, time.UTC) }
func lastDate() time.Time      { return time.Date(2022, 7, 31, 0, 0, 0, 0, time.UTC) }
func campaignStart() time.Time { return time.Date(2022, 5, 1, 0, 0, 0, 0, time.UTC) }

// generator holds what every stage of one Write shares. It is read-only once built.
type generator struct {
	seed      uint64
	loc       *time.Location
	districts []districtProfile
	// districtCum is the cumulative call share of districts, for drawing a district.
	districtCum []float64
	// hourCum is the cumulative share of calls by hour of day.
	hourCum []float64
}

func newGenerator(opts Options) *generator {
	g := &generator{seed: opts.Seed, loc: opts.Location, districts: districtProfiles()}
	if g.seed == 0 {
		g.seed = DefaultSeed
	}
	if g.loc == nil {
		loc, err := time.LoadLocation("Asia/Shanghai")
		if err != nil {
			// Unreachable with the embedded time/tzdata, kept so that a stripped build still works.
			loc = time.FixedZone("CST", 8*3600)
		}
		g.loc = loc
	}
	shares := make([]float64, len(g.districts))
	for i, d := range g.districts {
		shares[i] = d.share
	}
	g.districtCum = cumulative(shares)
	// Calls by hour: a trough from 3 to 6 am, a late-morning peak and the evening peak from 8 to 11 pm.
	g.hourCum = cumulative([]float64{
		3.2, 2.4, 1.8, 1.3, 1.1, 1.2, 1.8, 3.0, 4.4, 5.2, 5.6, 5.6,
		4.9, 4.6, 4.8, 4.9, 5.0, 5.2, 5.0, 5.3, 5.9, 6.1, 5.6, 4.5,
	})
	return g
}

func (g *generator) dayRand(stream uint64, dayIndex int) *rand.Rand {
	return rand.New(rand.NewPCG(g.seed, stream+uint64(dayIndex)))
}

// category is the category column of a call.
type category int

const (
	catCriminal category = iota
	catPublicOrder
	catTraffic
	catFire
	catEmergencyHelp
	catDispute
	catConsultation
	catInvalid
	numCategories
)

func (c category) String() string {
	return [...]string{
		"criminal", "public_order", "traffic", "fire", "emergency_help", "dispute", "consultation", "invalid",
	}[c]
}

// categoryShares returns the share of each category among all calls of a year. Emergency help grows
// from 2021 to 2022, as the bulletin observes.
func categoryShares(year int) [numCategories]float64 {
	if year <= 2021 {
		return [numCategories]float64{0.066, 0.162, 0.148, 0.020, 0.312, 0.125, 0.098, 0.069}
	}
	return [numCategories]float64{0.06, 0.15, 0.14, 0.02, 0.33, 0.12, 0.12, 0.06}
}

// ehKind says what an emergency-help call of the campaign must be so that the exact figures hold.
type ehKind uint8

const (
	ehRegular ehKind = iota // any subcategory but suicide_attempt, lost_person and missing_person
	ehSuicideRescued
	ehSuicideOther
	ehLostFound
	ehLostOther
	ehMissingFound
	ehMissingResolved
	ehMissingUnresolved
)

// ehSlot is one campaign emergency-help call planned in advance.
type ehSlot struct {
	kind ehKind
	// people is people_helped of an ehLostFound call.
	people int
}

// pinnedCall is a call the bulletin describes, generated as given.
type pinnedCall struct {
	secondOfDay  int64
	subcategory  string
	district     int
	station      string
	agencies     agencySet
	lat, lon     float64
	peopleHelped int
}

// dayPlan is everything decided about a day before its rows are drawn.
type dayPlan struct {
	index    int
	date     time.Time // civil date at midnight UTC
	dayStart int64     // Unix time of local midnight
	campaign bool
	// speed scales answer, dispatch and travel times: the campaign is the fastest period.
	speed  float64
	counts [numCategories]int
	// ehSlots holds, in campaign days, the kind of each emergency-help call that is not pinned; it is
	// nil on other days, whose emergency-help calls are drawn one by one.
	ehSlots []ehSlot
	pinned  []pinnedCall
	acts    activityPlan
}

// plan decides the number of calls of each category on each day and, inside the campaign, which calls
// carry the bulletin's figures.
func (g *generator) plan() []dayPlan {
	rng := rand.New(rand.NewPCG(g.seed, planStream))
	var days []dayPlan
	var weights []float64
	var campaignWeight float64
	for d, i := firstDate(), 0; !d.After(lastDate()); d, i = d.AddDate(0, 0, 1), i+1 {
		dp := dayPlan{
			index:    i,
			date:     d,
			dayStart: time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, g.loc).Unix(),
			campaign: !d.Before(campaignStart()),
		}
		switch {
		case dp.campaign:
			dp.speed = 0.9
		case d.Year() == 2021:
			dp.speed = 1.07
		default:
			dp.speed = 1.0
		}
		w := volumeFactor(d) * math.Exp(0.04*rng.NormFloat64())
		weights = append(weights, w)
		if dp.campaign {
			campaignWeight += w
		}
		days = append(days, dp)
	}

	// scale is chosen so that the expected emergency-help calls of the campaign are its exact total:
	// the campaign's allocation below then matches the volume of the other categories on every day.
	scale := CampaignEmergencyHelp / (categoryShares(2022)[catEmergencyHelp] * campaignWeight)
	var campaignDays []int
	for i := range days {
		shares := categoryShares(days[i].date.Year())
		for c := range numCategories {
			expected := scale * weights[i] * shares[c] * math.Exp(0.05*rng.NormFloat64())
			days[i].counts[c] = int(math.Round(expected))
		}
		if days[i].campaign {
			campaignDays = append(campaignDays, i)
		}
	}

	campaignWeights := make([]float64, len(campaignDays))
	for j, i := range campaignDays {
		campaignWeights[j] = weights[i]
	}
	for j, n := range allocate(CampaignEmergencyHelp, campaignWeights) {
		days[campaignDays[j]].counts[catEmergencyHelp] = n
	}
	g.placePinned(days)
	g.placeEmergencySlots(rng, days, campaignDays)
	g.planActivities(rng, days, campaignDays)
	return days
}

// volumeFactor is the expected call volume of a date relative to an ordinary May weekday of 2022.
func volumeFactor(d time.Time) float64 {
	month := [...]float64{0, 0.93, 0.96, 0.94, 0.97, 1.0, 1.03, 1.08, 1.09, 1.02, 1.01, 0.96, 0.95}[d.Month()]
	weekday := [...]float64{1.05, 0.98, 0.96, 0.96, 0.97, 1.03, 1.08}[d.Weekday()]
	f := month * weekday
	if isHoliday(d) {
		f *= 1.06
	}
	if d.Year() == 2021 {
		f *= 0.95
	}
	return f
}

// isHoliday reports whether d is a public holiday of 2021 or 2022.
func isHoliday(d time.Time) bool {
	spans := [][2]string{
		{"2021-05-01", "2021-05-05"}, {"2021-06-12", "2021-06-14"}, {"2021-09-19", "2021-09-21"},
		{"2021-10-01", "2021-10-07"}, {"2022-01-01", "2022-01-03"}, {"2022-01-31", "2022-02-06"},
		{"2022-04-03", "2022-04-05"}, {"2022-04-30", "2022-05-04"}, {"2022-06-03", "2022-06-05"},
	}
	s := d.Format("2006-01-02")
	for _, span := range spans {
		if s >= span[0] && s <= span[1] {
			return true
		}
	}
	return false
}

// seedEvents returns the three rescues the bulletin tells, all in Yuhu district (index 0).
func seedEvents() map[string]pinnedCall {
	return map[string]pinnedCall{
		// 5月27日: police stations, fire rescue and the medical emergency centre save a person from the
		// river.
		"2022-05-27": {
			secondOfDay: 16*3600 + 42*60 + 10, subcategory: "drowning", district: 0, station: "窑湾派出所",
			agencies: agencyFire | agencyMedical | agencyWaterPolice, lat: 27.8517, lon: 112.9143, peopleHelped: 1,
		},
		// 5月28日: a girl who jumped under the third bridge on 沿江路 is rescued with the water police.
		"2022-05-28": {
			secondOfDay: 19*3600 + 3*60 + 27, subcategory: "suicide_attempt", district: 0, station: "城正街派出所",
			agencies: agencyMedical | agencyWaterPolice, lat: 27.8468, lon: 112.9262, peopleHelped: 1,
		},
		// 7月23日: a woman who jumped at 通济门路 and 沿江中路 is rescued with the medical emergency
		// centre.
		"2022-07-23": {
			secondOfDay: 21*3600 + 17*60 + 45, subcategory: "suicide_attempt", district: 0, station: "城正街派出所",
			agencies: agencyMedical, lat: 27.8553, lon: 112.9058, peopleHelped: 1,
		},
	}
}

func (g *generator) placePinned(days []dayPlan) {
	events := seedEvents()
	for i := range days {
		if p, ok := events[days[i].date.Format("2006-01-02")]; ok {
			days[i].pinned = append(days[i].pinned, p)
		}
	}
}

// placeEmergencySlots gives every campaign emergency-help call that is not pinned a kind, by shuffling
// the exact numbers of special calls among all positions.
func (g *generator) placeEmergencySlots(rng *rand.Rand, days []dayPlan, campaignDays []int) {
	pinnedSuicide := 0
	free := 0
	for _, i := range campaignDays {
		for _, p := range days[i].pinned {
			if p.subcategory == "suicide_attempt" {
				pinnedSuicide++
			}
		}
		free += days[i].counts[catEmergencyHelp] - len(days[i].pinned)
	}
	// 420 lost-person incidents find 455 people: 388 find one, 29 find two and 3 find three.
	lostPeople := slices.Concat(repeat(1, 388), repeat(2, 29), repeat(3, 3))
	rng.Shuffle(len(lostPeople), func(a, b int) { lostPeople[a], lostPeople[b] = lostPeople[b], lostPeople[a] })

	slots := make([]ehSlot, free)
	n := 0
	fill := func(kind ehKind, count int) {
		for range count {
			slots[n] = ehSlot{kind: kind}
			n++
		}
	}
	fill(ehSuicideRescued, CampaignSuicideRescued-pinnedSuicide)
	fill(ehSuicideOther, 6)
	fill(ehLostFound, len(lostPeople))
	fill(ehLostOther, 58)
	fill(ehMissingFound, 8)
	fill(ehMissingResolved, CampaignMissingHandled-8)
	fill(ehMissingUnresolved, 3)
	rng.Shuffle(len(slots), func(a, b int) { slots[a], slots[b] = slots[b], slots[a] })
	found := 0
	for k := range slots {
		if slots[k].kind == ehLostFound {
			slots[k].people = lostPeople[found]
			found++
		}
	}

	offset := 0
	for _, i := range campaignDays {
		n := days[i].counts[catEmergencyHelp] - len(days[i].pinned)
		days[i].ehSlots = slots[offset : offset+n : offset+n]
		offset += n
	}
}

func repeat(v, n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = v
	}
	return s
}

// allocate divides total into integers proportional to weights by the largest-remainder method: every
// part gets the floor of its quota, and the units left go to the largest fractional parts, earlier
// parts first on ties.
func allocate(total int, weights []float64) []int {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	parts := make([]int, len(weights))
	type remainder struct {
		index int
		frac  float64
	}
	rems := make([]remainder, len(weights))
	given := 0
	for i, w := range weights {
		quota := float64(total) * w / sum
		parts[i] = int(math.Floor(quota))
		given += parts[i]
		rems[i] = remainder{i, quota - math.Floor(quota)}
	}
	slices.SortStableFunc(rems, func(a, b remainder) int { return cmp.Compare(b.frac, a.frac) })
	for k := 0; given < total; k++ {
		parts[rems[k%len(rems)].index]++
		given++
	}
	return parts
}

// cumulative returns the running sums of weights normalised to end at 1.
func cumulative(weights []float64) []float64 {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	cum := make([]float64, len(weights))
	var run float64
	for i, w := range weights {
		run += w
		cum[i] = run / sum
	}
	if len(cum) > 0 {
		cum[len(cum)-1] = 1
	}
	return cum
}

// pick draws an index from a cumulative distribution.
func pick(rng *rand.Rand, cum []float64) int {
	u := rng.Float64()
	i, _ := slices.BinarySearch(cum, u)
	return min(i, len(cum)-1)
}
