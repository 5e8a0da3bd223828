package synth

import (
	"math"
	"math/rand/v2"
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

// hourShares is the share of calls in each hour of the day: a trough from 3 to 6 am, a late-morning
// peak and the evening peak from 8 to 11 pm.
var hourShares = []float64{
	3.2, 2.4, 1.8, 1.3, 1.1, 1.2, 1.8, 3.0, 4.4, 5.2, 5.6, 5.6,
	4.9, 4.6, 4.8, 4.9, 5.0, 5.2, 5.0, 5.3, 5.9, 6.1, 5.6, 4.5,
}

// weekdayFactors scales a day's volume by its weekday, Sunday first.
var weekdayFactors = [7]float64{1.05, 0.98, 0.96, 0.96, 0.97, 1.03, 1.08}

// generator holds what every stage of one Write shares. It is read-only once built.
type generator struct {
	seed uint64
	loc  *time.Location
	m    *model
	// hourCum is the cumulative share of calls by hour of day.
	hourCum []float64
}

func newGenerator(m *model, opts Options) *generator {
	g := &generator{seed: opts.Seed, loc: opts.Location, m: m, hourCum: cumulative(hourShares)}
	if g.seed == 0 {
		g.seed = DefaultSeed
	}
	if g.loc == nil {
		g.loc = defaultLocation()
	}
	return g
}

// defaultLocation returns the time zone of the command centre, Asia/Shanghai.
func defaultLocation() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		// Unreachable with the embedded time/tzdata, kept so that a stripped build still works.
		loc = time.FixedZone("CST", 8*3600)
	}
	return loc
}

func (g *generator) dayRand(stream uint64, dayIndex int) *rand.Rand {
	return rand.New(rand.NewPCG(g.seed, stream+uint64(dayIndex)))
}

// helpSlot is one campaign call of the focus category planned in advance.
type helpSlot struct {
	// outcome is the pinned outcome the call must have, or nil for a call of a drawn subcategory.
	outcome *outcome
	// people is people_helped of an outcome that finds people.
	people int
}

// dayPlan is everything decided about a day before its rows are drawn.
type dayPlan struct {
	index    int
	date     time.Time // civil date at midnight UTC
	dayStart int64     // Unix time of local midnight
	campaign bool
	pace     pace
	// counts holds the number of calls of each category.
	counts []int
	// helpSlots holds, in campaign days, what each focus call that is not an event must be; it is
	// nil on other days, whose focus calls are drawn one by one.
	helpSlots []helpSlot
	events    []*event
	acts      activityPlan
}

// plan decides the number of calls of each category on each day and, inside the campaign, which calls
// carry the bulletin's figures.
func (g *generator) plan() []dayPlan {
	m := g.m
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
			counts:   make([]int, len(m.categories)),
		}
		switch {
		case dp.campaign:
			dp.pace = pace{speed: campaignSpeed, campaign: true}
		case d.Year() == 2021:
			dp.pace = pace{speed: yearBeforeSpeed}
		default:
			dp.pace = pace{speed: ordinarySpeed}
		}
		w := volumeFactor(d) * math.Exp(0.04*rng.NormFloat64())
		weights = append(weights, w)
		if dp.campaign {
			campaignWeight += w
		}
		days = append(days, dp)
	}

	// scale is chosen so that the expected focus calls of the campaign are its exact total: the
	// campaign's allocation below then matches the volume of the other categories on every day.
	scale := float64(m.help.campaignCalls) / (m.sharesOf(campaignStart().Year())[m.focus] * campaignWeight)
	var campaignDays []int
	for i := range days {
		shares := m.sharesOf(days[i].date.Year())
		for c := range days[i].counts {
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
	for j, n := range allocate(m.help.campaignCalls, campaignWeights) {
		days[campaignDays[j]].counts[m.focus] = n
	}
	g.placeEvents(days)
	g.placeHelpSlots(rng, days, campaignDays)
	g.planActivities(rng, days, campaignDays)
	return days
}

// volumeFactor is the expected call volume of a date relative to an ordinary May weekday of 2022.
func volumeFactor(d time.Time) float64 {
	month := [...]float64{0, 0.93, 0.96, 0.94, 0.97, 1.0, 1.03, 1.08, 1.09, 1.02, 1.01, 0.96, 0.95}[d.Month()]
	f := month * weekdayFactors[d.Weekday()]
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

// placeEvents puts the events the bulletin tells on their days.
func (g *generator) placeEvents(days []dayPlan) {
	for i := range days {
		date := days[i].date.Format("2006-01-02")
		for k := range g.m.help.events {
			if e := &g.m.help.events[k]; e.date == date {
				days[i].events = append(days[i].events, e)
			}
		}
	}
}

// placeHelpSlots gives every campaign focus call that is not an event what it must be, by shuffling
// the exact number of calls of each pinned outcome among all positions.
func (g *generator) placeHelpSlots(rng *rand.Rand, days []dayPlan, campaignDays []int) {
	h := &g.m.help
	// Events that end as a pinned outcome are among that outcome's calls.
	asEvents := map[*outcome]int{}
	free := 0
	for _, i := range campaignDays {
		for _, e := range days[i].events {
			if e.pinnedOutcome != nil {
				asEvents[e.pinnedOutcome]++
			}
		}
		free += days[i].counts[g.m.focus] - len(days[i].events)
	}
	// The people found by the calls of an outcome that finds people, shuffled.
	found := map[*outcome][]int{}
	for k := range h.pinned {
		for _, o := range h.pinned[k].outcomes.values {
			if o.findsPeople {
				people := append([]int(nil), o.campaignPeople...)
				rng.Shuffle(len(people), func(a, b int) { people[a], people[b] = people[b], people[a] })
				found[o] = people
			}
		}
	}

	slots := make([]helpSlot, free)
	n := 0
	for k := range h.pinned {
		for _, o := range h.pinned[k].outcomes.values {
			for range o.campaignCalls - asEvents[o] {
				slots[n] = helpSlot{outcome: o}
				n++
			}
		}
	}
	rng.Shuffle(len(slots), func(a, b int) { slots[a], slots[b] = slots[b], slots[a] })
	taken := map[*outcome]int{}
	for k := range slots {
		if o := slots[k].outcome; o != nil && o.findsPeople {
			slots[k].people = found[o][taken[o]]
			taken[o]++
		}
	}

	offset := 0
	for _, i := range campaignDays {
		n := days[i].counts[g.m.focus] - len(days[i].events)
		days[i].helpSlots = slots[offset : offset+n : offset+n]
		offset += n
	}
}
