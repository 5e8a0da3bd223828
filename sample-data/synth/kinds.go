package synth

import (
	"math/rand/v2"
)

// notRecorded is the value of a time that is not recorded (an empty cell).
const notRecorded int64 = -1

// call is one call before it is written, in either mode. Categories, channels and districts are
// indices into the model's tables. Times are seconds (Unix time in the sample mode, seconds from the
// month's first midnight in the fast mode) or notRecorded.
type call struct {
	id                                              string
	received, answered, dispatched, arrived, closed int64
	channel, category, district                     int
	station                                         string
	subcategory, priority, disposition              string
	people                                          int
	agencies                                        agencySet
	lat, lon                                        float64
	hasCoord                                        bool
	// keep marks calls whose content the figures or the bulletin depend on: they never lose their
	// priority or their closing, and are never given a time fault.
	keep  bool
	fault fault
}

// pace is how fast calls are handled on a day.
type pace struct {
	// speed scales answer, dispatch and travel times.
	speed float64
	// campaign adds quick-response patrols at key places.
	campaign bool
}

// The pace of the campaign, the fastest period, and of the periods before it.
const (
	campaignSpeed   = 0.9
	yearBeforeSpeed = 1.07
	ordinarySpeed   = 1.0
)

// drawPlace draws where a call comes from: its channel, district, station and coordinates, and the
// agencies its channel links.
func (m *model) drawPlace(rng *rand.Rand, c *call) {
	c.channel = pick(rng, m.channelCum)
	c.district = pick(rng, m.districtCum)
	d := &m.districts[c.district]
	// The first stations of a district are the busiest.
	c.station = d.stations[min(int(float64(len(d.stations))*rng.Float64()*rng.Float64()*1.6), len(d.stations)-1)]
	if rng.Float64() >= 0.2 {
		c.hasCoord = true
		c.lat = clamp(d.lat+d.spread*rng.NormFloat64(), m.latBounds[0], m.latBounds[1])
		c.lon = clamp(d.lon+d.spread*rng.NormFloat64(), m.lonBounds[0], m.lonBounds[1])
	}
	for i := range m.channels[c.channel].links {
		m.channels[c.channel].links[i].apply(rng, c)
	}
}

// drawCategory fills in the priority, disposition, people helped and agencies of a call of a
// category other than the focus, and reports whether a patrol is sent. The two modes draw from the
// same profile but consume random numbers in their own order, which keeps each mode's files
// byte-identical across releases: the sample mode draws the dispatch right after the priority, the
// fast mode last; the fast mode draws an equally weighted priority as an integer and tests the
// dispositions in the profile's fast order.
func (m *model) drawCategory(rng *rand.Rand, c *call, cat *category, fast bool) bool {
	p := &cat.profile
	c.priority = drawPriority(rng, &p.priority, fast)
	dispatch := cat.dispatch >= 1
	drawDispatch := cat.dispatch > 0 && cat.dispatch < 1
	if drawDispatch && !fast {
		dispatch = rng.Float64() < cat.dispatch
	}
	if fast {
		c.disposition = p.fastDispositions.draw(rng)
	} else {
		c.disposition = p.dispositions.draw(rng)
	}
	if p.people != nil {
		p.people.apply(rng, c)
	}
	for i := range p.links {
		p.links[i].apply(rng, c)
	}
	if drawDispatch && fast {
		dispatch = rng.Float64() < cat.dispatch
	}
	return dispatch
}

// drawPriority draws a priority; the fast mode draws an equally weighted one as an integer.
func drawPriority(rng *rand.Rand, d *dist[string], fast bool) string {
	if fast && d.uniform && len(d.values) > 1 {
		return d.values[rng.IntN(len(d.values))]
	}
	return d.draw(rng)
}

// drawHelp fills in a call of the focus category and reports whether a patrol is sent. slot, in the
// sample mode's campaign, says what the call must be; otherwise (slot nil) the call is of a pinned
// subcategory at its rate, or else of a drawn subcategory. Calls of a pinned subcategory are always
// dispatched, and in the sample mode kept (see call.keep).
func (m *model) drawHelp(rng *rand.Rand, c *call, slot *helpSlot, fast bool) bool {
	h := &m.help
	var o *outcome
	people := 0
	if slot != nil {
		o, people = slot.outcome, slot.people
	} else {
		u := rng.Float64()
		for k := range h.pinned {
			if u < h.pinnedBelow[k] {
				sub := &h.pinned[k]
				o = sub.outcomes.draw(rng)
				// The sample mode draws the people found with the outcome, whichever it is; the fast
				// mode only for an outcome that finds people.
				if len(sub.people.values) > 0 && (!fast || o.findsPeople) {
					people = sub.people.draw(rng)
				}
				break
			}
		}
	}
	if o == nil {
		return m.drawSubcategory(rng, c, fast)
	}
	if !fast {
		c.keep = true
	}
	sub := o.sub
	c.subcategory = sub.code
	c.priority = drawPriority(rng, &sub.priority, fast)
	c.disposition = o.dispositions.draw(rng)
	c.people = o.people
	if o.findsPeople {
		c.people = people
	}
	for i := range sub.links {
		sub.links[i].apply(rng, c)
	}
	return true
}

// drawSubcategory fills in a focus call of a drawn subcategory and reports whether it is dispatched.
func (m *model) drawSubcategory(rng *rand.Rand, c *call, fast bool) bool {
	h := &m.help
	p := h.regular.draw(rng)
	dispatch := rng.Float64() < h.dispatch
	c.subcategory = p.code
	c.priority = drawPriority(rng, &p.priority, fast)
	if p.alwaysDispatched {
		dispatch = true
	}
	k := p.dispositions.drawIndex(rng)
	c.disposition = p.dispositions.values[k]
	for i := range p.links {
		p.links[i].apply(rng, c)
	}
	c.people = p.peopleByDisposition[k]
	if p.people != nil {
		p.people.apply(rng, c)
	}
	return dispatch
}

// apply sets people_helped of c by the rule, if its disposition is the rule's.
func (r *peopleRule) apply(rng *rand.Rand, c *call) {
	if r.when != "" && c.disposition != r.when {
		return
	}
	switch {
	case r.to > 0:
		c.people = r.from + rng.IntN(r.to-r.from+1)
	case r.p >= 1 || rng.Float64() < r.p:
		c.people = r.n
	}
}

// apply links an agency of the rule to c, if its disposition is the rule's.
func (r *linkRule) apply(rng *rand.Rand, c *call) {
	if r.when != "" && c.disposition != r.when {
		return
	}
	if len(r.sets) == 1 && r.below[0] >= 1 {
		c.agencies |= r.sets[0]
		return
	}
	u := rng.Float64()
	for i, below := range r.below {
		if u < below {
			c.agencies |= r.sets[i]
			return
		}
	}
}

// drawCall fills in everything about c but its receipt: where it comes from, what it is and its
// times. c.category is set; slot is as for drawHelp.
func (m *model) drawCall(rng *rand.Rand, c *call, p pace, slot *helpSlot, fast bool) {
	m.drawPlace(rng, c)
	cat := &m.categories[c.category]
	var dispatch bool
	if c.category == m.focus {
		dispatch = m.drawHelp(rng, c, slot, fast)
	} else {
		dispatch = m.drawCategory(rng, c, cat, fast)
	}
	if !c.keep && rng.Float64() < 0.01 {
		c.priority = ""
	}
	m.drawTimes(rng, c, p, cat, dispatch, cat.unanswered > 0 && rng.Float64() < cat.unanswered)
}

// drawTimes draws the answer, dispatch, arrival and closing times of c after its receipt.
func (m *model) drawTimes(rng *rand.Rand, c *call, p pace, cat *category, dispatch, unanswered bool) {
	c.answered, c.dispatched, c.arrived, c.closed = notRecorded, notRecorded, notRecorded, notRecorded
	if unanswered {
		// The caller hung up before the call was answered.
		c.disposition = ""
		return
	}
	c.answered = c.received + seconds(lognormal(rng, 7*p.speed, 0.5), 1, 180)
	if !dispatch {
		c.closed = c.answered + seconds(lognormal(rng, cat.talkSeconds, 0.6), 5, 1800)
		return
	}
	d := &m.districts[c.district]
	nearby := 0.015
	if d.urban {
		nearby = 0.04
	}
	if p.campaign {
		// The campaign put quick-response patrols at key places ("1, 3, 5" minutes).
		nearby *= 1.5
	}
	if rng.Float64() < nearby {
		// A patrol is at or next to the scene: dispatched at once, there within a minute or so.
		c.dispatched = c.answered + seconds(lognormal(rng, 12, 0.4), 3, 120)
		c.arrived = c.dispatched + seconds(lognormal(rng, 30, 0.4), 5, 600)
	} else {
		c.dispatched = c.answered + seconds(lognormal(rng, 60*p.speed, 0.6), 5, 1800)
		travel := lognormal(rng, d.travelMedian*p.speed, d.travelSigma)
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
	c.closed = c.arrived + seconds(lognormal(rng, 1500, 0.8), 60, 12*3600)
}
