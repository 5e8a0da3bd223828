package synth

import (
	"bytes"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// The layout of sample.yaml, decoded before it is checked.
type (
	sampleFile struct {
		IDs struct {
			Calls      string `yaml:"calls"`
			Activities string `yaml:"activities"`
		} `yaml:"ids"`
		Priorities      []string       `yaml:"priorities"`
		Dispositions    []string       `yaml:"dispositions"`
		Agencies        []string       `yaml:"agencies"`
		Kinds           []string       `yaml:"kinds"`
		Channels        []channelSpec  `yaml:"channels"`
		TalkSeconds     float64        `yaml:"talk_seconds"`
		Categories      []categorySpec `yaml:"categories"`
		Citywide        string         `yaml:"citywide"`
		Bounds          boundsSpec     `yaml:"bounds"`
		Districts       []districtSpec `yaml:"districts"`
		Activities      activitiesSpec `yaml:"activities"`
		Unknown         unknownSpec    `yaml:"unknown"`
		UnquotedStreets []string       `yaml:"unquoted_streets"`
	}
	channelSpec struct {
		Code  string     `yaml:"code"`
		Share float64    `yaml:"share"`
		Links []linkSpec `yaml:"links"`
	}
	profileSpec struct {
		Priority     weights     `yaml:"priority"`
		Dispositions weights     `yaml:"dispositions"`
		FastOrder    []string    `yaml:"fast_order"`
		People       *peopleSpec `yaml:"people"`
		Links        []linkSpec  `yaml:"links"`
	}
	categorySpec struct {
		Code        string          `yaml:"code"`
		Shares      map[int]float64 `yaml:"shares"`
		profileSpec `yaml:",inline"`
		Dispatch    *float64   `yaml:"dispatch"`
		TalkSeconds *float64   `yaml:"talk_seconds"`
		Unanswered  float64    `yaml:"unanswered"`
		Focus       *focusSpec `yaml:"focus"`
	}
	focusSpec struct {
		CampaignCalls       int              `yaml:"campaign_calls"`
		Dispatch            float64          `yaml:"dispatch"`
		PeopleByDisposition map[string]int   `yaml:"people_by_disposition"`
		Pinned              []pinnedSpec     `yaml:"pinned"`
		Subcategories       []subcategorySpc `yaml:"subcategories"`
		Events              []eventSpec      `yaml:"events"`
	}
	pinnedSpec struct {
		Code     string        `yaml:"code"`
		Rate     decimal       `yaml:"rate"`
		Priority weights       `yaml:"priority"`
		People   weights       `yaml:"people"`
		Links    []linkSpec    `yaml:"links"`
		Outcomes []outcomeSpec `yaml:"outcomes"`
	}
	outcomeSpec struct {
		Dispositions          weights     `yaml:"dispositions"`
		Weight                float64     `yaml:"weight"`
		People                int         `yaml:"people"`
		FindsPeople           bool        `yaml:"finds_people"`
		CampaignCalls         int         `yaml:"campaign_calls"`
		CampaignCallsByPeople map[int]int `yaml:"campaign_calls_by_people"`
	}
	subcategorySpc struct {
		Code             string  `yaml:"code"`
		Share            float64 `yaml:"share"`
		profileSpec      `yaml:",inline"`
		AlwaysDispatched bool `yaml:"always_dispatched"`
	}
	peopleSpec struct {
		If   string   `yaml:"if"`
		P    *float64 `yaml:"p"`
		N    int      `yaml:"n"`
		From int      `yaml:"from"`
		To   int      `yaml:"to"`
	}
	linkSpec struct {
		If    string   `yaml:"if"`
		Link  string   `yaml:"link"`
		P     *float64 `yaml:"p"`
		OneOf weights  `yaml:"one_of"`
	}
	eventSpec struct {
		Date        string   `yaml:"date"`
		At          string   `yaml:"at"`
		Subcategory string   `yaml:"subcategory"`
		Channel     string   `yaml:"channel"`
		Priority    string   `yaml:"priority"`
		Disposition string   `yaml:"disposition"`
		People      int      `yaml:"people"`
		District    string   `yaml:"district"`
		Station     string   `yaml:"station"`
		Links       []string `yaml:"links"`
		Lat         float64  `yaml:"lat"`
		Lon         float64  `yaml:"lon"`
	}
	boundsSpec struct {
		Lat []float64 `yaml:"lat"`
		Lon []float64 `yaml:"lon"`
	}
	districtSpec struct {
		Name         string   `yaml:"name"`
		English      string   `yaml:"english"`
		Urban        bool     `yaml:"urban"`
		Share        float64  `yaml:"share"`
		Lat          float64  `yaml:"lat"`
		Lon          float64  `yaml:"lon"`
		Spread       float64  `yaml:"spread"`
		TravelMedian float64  `yaml:"travel_median"`
		TravelSigma  float64  `yaml:"travel_sigma"`
		Command      string   `yaml:"command"`
		Stations     []string `yaml:"stations"`
		Places       []string `yaml:"places"`
	}
	activitiesSpec struct {
		Drill      roleSpec    `yaml:"drill"`
		Inspection roleSpec    `yaml:"inspection"`
		Rollcall   roleSpec    `yaml:"rollcall"`
		Fixed      []fixedSpec `yaml:"fixed"`
	}
	roleSpec struct {
		Kind      string   `yaml:"kind"`
		Campaign  int      `yaml:"campaign"`
		Note      string   `yaml:"note"`
		IssueNote string   `yaml:"issue_note"`
		Scenarios []string `yaml:"scenarios"`
	}
	fixedSpec struct {
		Date         string `yaml:"date"`
		At           string `yaml:"at"`
		Kind         string `yaml:"kind"`
		District     string `yaml:"district"`
		Unit         string `yaml:"unit"`
		Participants int    `yaml:"participants"`
		Note         string `yaml:"note"`
	}
	unknownSpec struct {
		Category       []string `yaml:"category"`
		Channel        []string `yaml:"channel"`
		Subcategory    []string `yaml:"subcategory"`
		Disposition    []string `yaml:"disposition"`
		Priority       []string `yaml:"priority"`
		PeopleHelped   []string `yaml:"people_helped"`
		LinkedAgencies []string `yaml:"linked_agencies"`
	}
)

// weights is a distribution as sample.yaml writes it: a mapping {value: weight} in drawing order,
// or a single value.
type weights struct {
	values  []string
	weights []float64
	line    int
}

func (w *weights) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	w.line = n.Line
	switch n.Kind {
	case yaml.ScalarNode:
		w.values, w.weights = []string{n.Value}, []float64{1}
		return nil
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, value := n.Content[i], n.Content[i+1]
			var weight float64
			if err := value.Decode(&weight); err != nil {
				return fmt.Errorf("line %d: the weight of %q: %w", value.Line, key.Value, err)
			}
			if slices.Contains(w.values, key.Value) {
				return fmt.Errorf("line %d: %q twice", key.Line, key.Value)
			}
			w.values = append(w.values, key.Value)
			w.weights = append(w.weights, weight)
		}
		return nil
	}
	return fmt.Errorf("line %d: want a value or a mapping {value: weight}", n.Line)
}

func (w weights) given() bool { return len(w.values) > 0 }

// decimal is a number written in sample.yaml, kept exact so that running sums of rates are those
// written by hand (0.004 + 0.022 + 0.0007 is 0.0267, not 0.026699999999999998).
type decimal struct{ r big.Rat }

func (d *decimal) UnmarshalYAML(n *yaml.Node) error {
	if _, ok := d.r.SetString(n.Value); !ok || n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: %q is not a decimal number", n.Line, n.Value)
	}
	return nil
}

// parseModel decodes and checks sample.yaml. Every problem found is reported, each under the key
// it concerns.
func parseModel(data []byte) (*model, error) {
	var f sampleFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("sample.yaml: %w", err)
	}
	c := &compiler{f: &f, m: &model{}}
	c.compile()
	if len(c.problems) > 0 {
		return nil, fmt.Errorf("sample.yaml: %s", strings.Join(c.problems, "; "))
	}
	return c.m, nil
}

// compiler turns a decoded sample.yaml into a model, collecting the problems it finds.
type compiler struct {
	f        *sampleFile
	m        *model
	problems []string
}

func (c *compiler) fail(key, format string, args ...any) {
	c.problems = append(c.problems, key+": "+fmt.Sprintf(format, args...))
}

// vocabulary checks a list of codes: present, unique, none empty.
func (c *compiler) vocabulary(key string, codes []string) []string {
	if len(codes) == 0 {
		c.fail(key, "no codes")
	}
	for i, code := range codes {
		if code == "" || slices.Index(codes, code) != i {
			c.fail(fmt.Sprintf("%s[%d]", key, i), "%q is empty or given twice", code)
		}
	}
	return codes
}

// code checks that value is one of codes, or empty when empty is allowed.
func (c *compiler) code(key, value string, codes []string, emptyAllowed bool) {
	if (value == "" && !emptyAllowed) || (value != "" && !slices.Contains(codes, value)) {
		c.fail(key, "%q is not one of %s", value, strings.Join(codes, ", "))
	}
}

func (c *compiler) compile() {
	f, m := c.f, c.m
	m.callPrefix, m.activityPrefix = f.IDs.Calls, f.IDs.Activities
	if m.callPrefix == "" || m.activityPrefix == "" {
		c.fail("ids", "give the calls and activities prefixes")
	}
	m.priorities = c.vocabulary("priorities", f.Priorities)
	m.dispositions = c.vocabulary("dispositions", f.Dispositions)
	m.agencies = c.vocabulary("agencies", f.Agencies)
	if len(m.agencies) > 8 {
		c.fail("agencies", "at most 8 agencies, not %d", len(m.agencies))
		m.agencies = m.agencies[:8]
	}
	m.linked = make([]string, 1<<len(m.agencies))
	for set := range m.linked {
		var parts []string
		for i, name := range m.agencies {
			if set&(1<<i) != 0 {
				parts = append(parts, name)
			}
		}
		m.linked[set] = strings.Join(parts, ";")
	}
	kinds := c.vocabulary("kinds", f.Kinds)
	m.defaultTalkSeconds = f.TalkSeconds
	if f.TalkSeconds <= 0 {
		c.fail("talk_seconds", "must be positive")
	}

	var channelShares []float64
	var channelCodes []string
	for i, ch := range f.Channels {
		key := fmt.Sprintf("channels[%d]", i)
		if ch.Code == "" || slices.Contains(channelCodes, ch.Code) || ch.Share <= 0 {
			c.fail(key, "a channel needs a code of its own and a positive share")
		}
		channelCodes = append(channelCodes, ch.Code)
		channelShares = append(channelShares, ch.Share)
		links := c.links(key+".links", ch.Links)
		for _, l := range links {
			if l.when != "" {
				c.fail(key+".links", "a channel's links cannot depend on the disposition")
			}
		}
		m.channels = append(m.channels, channel{code: ch.Code, links: links})
	}
	if len(m.channels) == 0 {
		c.fail("channels", "no channels")
	} else {
		m.channelCum = cumulative(channelShares)
	}

	c.districts()
	c.categories()
	c.activities(kinds)
	c.unknownValues(channelCodes)
}

func (c *compiler) categories() {
	f, m := c.f, c.m
	m.focus = -1
	yearSet := map[int]bool{}
	for _, cat := range f.Categories {
		for y := range cat.Shares {
			yearSet[y] = true
		}
	}
	for y := range yearSet {
		m.years = append(m.years, y)
	}
	slices.Sort(m.years)
	m.shares = make([][]float64, len(m.years))
	var codes []string
	for i, spec := range f.Categories {
		key := fmt.Sprintf("categories[%d]", i)
		if spec.Code == "" || slices.Contains(codes, spec.Code) {
			c.fail(key+".code", "%q is empty or given twice", spec.Code)
		}
		key = fmt.Sprintf("categories[%d] (%s)", i, spec.Code)
		codes = append(codes, spec.Code)
		for k, y := range m.years {
			share, ok := spec.Shares[y]
			if !ok || share < 0 {
				c.fail(key+".shares", "no share for %d", y)
			}
			m.shares[k] = append(m.shares[k], share)
		}
		cat := category{code: spec.Code, talkSeconds: m.defaultTalkSeconds, unanswered: spec.Unanswered}
		if spec.TalkSeconds != nil {
			cat.talkSeconds = *spec.TalkSeconds
		}
		if spec.Unanswered < 0 || spec.Unanswered > 1 {
			c.fail(key+".unanswered", "must be a share between 0 and 1")
		}
		if spec.Focus != nil {
			if m.focus >= 0 {
				c.fail(key+".focus", "only one category can be the focus")
			}
			if spec.Priority.given() || spec.Dispositions.given() || spec.People != nil || spec.Links != nil || spec.Dispatch != nil {
				c.fail(key, "the focus category draws by subcategory: give its profile under focus")
			}
			m.focus = i
			c.focus(key+".focus", spec.Focus)
		} else {
			cat.profile = c.profile(key, spec.profileSpec)
			if spec.Dispatch == nil || *spec.Dispatch < 0 || *spec.Dispatch > 1 {
				c.fail(key+".dispatch", "give the share of calls dispatched, from 0 to 1")
			} else {
				cat.dispatch = *spec.Dispatch
			}
		}
		m.categories = append(m.categories, cat)
	}
	if m.focus < 0 {
		c.fail("categories", "no category has a focus")
	}
	for k, y := range m.years {
		var sum float64
		for _, s := range m.shares[k] {
			sum += s
		}
		if math.Abs(sum-1) > 1e-9 {
			c.fail("categories", "the shares of %d add up to %g, not 1", y, sum)
		}
	}
}

// profile checks and compiles how calls of a category or subcategory are drawn.
func (c *compiler) profile(key string, spec profileSpec) profile {
	m := c.m
	p := profile{
		priority:     c.dist(key+".priority", spec.Priority, m.priorities, true),
		dispositions: c.dist(key+".dispositions", spec.Dispositions, m.dispositions, true),
		links:        c.links(key+".links", spec.Links),
	}
	p.fastDispositions = p.dispositions
	if spec.FastOrder != nil {
		reordered := weights{}
		for _, v := range spec.FastOrder {
			i := slices.Index(spec.Dispositions.values, v)
			if i < 0 {
				c.fail(key+".fast_order", "%q is not one of the dispositions", v)
				continue
			}
			reordered.values = append(reordered.values, v)
			reordered.weights = append(reordered.weights, spec.Dispositions.weights[i])
		}
		if len(reordered.values) != len(spec.Dispositions.values) {
			c.fail(key+".fast_order", "must list every disposition once")
		} else {
			p.fastDispositions = c.dist(key+".fast_order", reordered, m.dispositions, true)
		}
	}
	if r := spec.People; r != nil {
		c.code(key+".people.if", r.If, m.dispositions, true)
		rule := peopleRule{when: r.If, p: 1, n: r.N, from: r.From, to: r.To}
		if r.P != nil {
			rule.p = *r.P
		}
		switch {
		case r.To > 0 && (r.From < 0 || r.From > r.To || r.N != 0 || r.P != nil):
			c.fail(key+".people", "give from <= to, or n with p")
		case r.To == 0 && (r.N <= 0 || rule.p <= 0 || rule.p > 1):
			c.fail(key+".people", "give a positive n and a share p")
		}
		p.people = &rule
	}
	return p
}

// dist checks a distribution of codes and compiles it; a missing one is an error.
func (c *compiler) dist(key string, w weights, codes []string, emptyAllowed bool) dist[string] {
	if !w.given() {
		c.fail(key, "missing")
		return dist[string]{}
	}
	for k, v := range w.values {
		c.code(key, v, codes, emptyAllowed)
		if w.weights[k] <= 0 {
			c.fail(key, "the weight of %q must be positive (line %d)", v, w.line)
		}
	}
	return newDist(w.values, w.weights)
}

// links checks and compiles agency rules.
func (c *compiler) links(key string, specs []linkSpec) []linkRule {
	var rules []linkRule
	for i, spec := range specs {
		k := fmt.Sprintf("%s[%d]", key, i)
		c.code(k+".if", spec.If, c.m.dispositions, true)
		rule := linkRule{when: spec.If}
		add := func(agency string, p float64) {
			a := slices.Index(c.m.agencies, agency)
			if a < 0 {
				c.fail(k, "agency %q is not one of %s", agency, strings.Join(c.m.agencies, ", "))
				return
			}
			if p <= 0 || p > 1 {
				c.fail(k, "the share of %s must be in (0, 1]", agency)
			}
			run := p
			if n := len(rule.below); n > 0 {
				run += rule.below[n-1]
			}
			rule.sets = append(rule.sets, 1<<a)
			rule.below = append(rule.below, run)
		}
		switch {
		case spec.Link != "" && !spec.OneOf.given():
			p := 1.0
			if spec.P != nil {
				p = *spec.P
			}
			add(spec.Link, p)
		case spec.Link == "" && spec.OneOf.given() && spec.P == nil:
			for j, agency := range spec.OneOf.values {
				add(agency, spec.OneOf.weights[j])
			}
			if rule.below[len(rule.below)-1] > 1 {
				c.fail(k+".one_of", "the shares add up to more than 1")
			}
		default:
			c.fail(k, "give link (with p) or one_of")
		}
		rules = append(rules, rule)
	}
	return rules
}

func (c *compiler) focus(key string, spec *focusSpec) {
	m := c.m
	h := &m.help
	h.campaignCalls = spec.CampaignCalls
	h.dispatch = spec.Dispatch
	if spec.CampaignCalls <= 0 {
		c.fail(key+".campaign_calls", "must be positive")
	}
	if spec.Dispatch <= 0 || spec.Dispatch > 1 {
		c.fail(key+".dispatch", "must be a share in (0, 1]")
	}
	for d, n := range spec.PeopleByDisposition {
		c.code(key+".people_by_disposition", d, m.dispositions, false)
		if n < 0 {
			c.fail(key+".people_by_disposition", "%s: a negative number of people", d)
		}
	}

	var subcodes []string
	var rate big.Rat
	h.pinned = make([]pinnedSubcategory, len(spec.Pinned))
	for i, ps := range spec.Pinned {
		k := fmt.Sprintf("%s.pinned[%d] (%s)", key, i, ps.Code)
		sub := &h.pinned[i]
		sub.code = ps.Code
		if ps.Code == "" || slices.Contains(subcodes, ps.Code) {
			c.fail(k+".code", "%q is empty or given twice", ps.Code)
		}
		subcodes = append(subcodes, ps.Code)
		if ps.Rate.r.Sign() <= 0 {
			c.fail(k+".rate", "must be positive")
		}
		rate.Add(&rate, &ps.Rate.r)
		below, _ := rate.Float64()
		h.pinnedBelow = append(h.pinnedBelow, below)
		sub.priority = c.dist(k+".priority", ps.Priority, m.priorities, false)
		sub.links = c.links(k+".links", ps.Links)
		if ps.People.given() {
			people := make([]int, len(ps.People.values))
			for j, v := range ps.People.values {
				n, err := strconv.Atoi(v)
				if err != nil || n <= 0 {
					c.fail(k+".people", "%q is not a positive number of people", v)
				}
				people[j] = n
			}
			sub.people = newDist(people, ps.People.weights)
		}
		var outcomes []*outcome
		var outcomeWeights []float64
		for j, os := range ps.Outcomes {
			ok := fmt.Sprintf("%s.outcomes[%d]", k, j)
			o := &outcome{sub: sub, people: os.People, findsPeople: os.FindsPeople, campaignCalls: os.CampaignCalls}
			o.dispositions = c.dist(ok+".dispositions", os.Dispositions, m.dispositions, false)
			if os.Weight <= 0 {
				c.fail(ok+".weight", "must be positive")
			}
			switch {
			case os.FindsPeople:
				if !ps.People.given() || os.People != 0 || os.CampaignCalls != 0 || len(os.CampaignCallsByPeople) == 0 {
					c.fail(ok, "an outcome that finds people takes them from the subcategory's people and campaign_calls_by_people")
				}
				var counts []int
				for n := range os.CampaignCallsByPeople {
					counts = append(counts, n)
				}
				slices.Sort(counts)
				for _, n := range counts {
					calls := os.CampaignCallsByPeople[n]
					if n <= 0 || calls < 0 {
						c.fail(ok+".campaign_calls_by_people", "%d: %d calls", n, calls)
					}
					o.campaignPeople = append(o.campaignPeople, repeat(n, calls)...)
				}
				o.campaignCalls = len(o.campaignPeople)
			case os.CampaignCallsByPeople != nil:
				c.fail(ok+".campaign_calls_by_people", "only for an outcome that finds people")
			case os.CampaignCalls < 0 || os.People < 0:
				c.fail(ok, "negative campaign_calls or people")
			}
			outcomes = append(outcomes, o)
			outcomeWeights = append(outcomeWeights, os.Weight)
		}
		if len(outcomes) == 0 {
			c.fail(k+".outcomes", "none")
		} else {
			sub.outcomes = newDist(outcomes, outcomeWeights)
		}
	}
	if below := h.pinnedBelow; len(below) > 0 && below[len(below)-1] >= 1 {
		c.fail(key+".pinned", "the rates add up to 1 or more")
	}

	var profiles []*profile
	var shares []float64
	for i, ss := range spec.Subcategories {
		k := fmt.Sprintf("%s.subcategories[%d] (%s)", key, i, ss.Code)
		if slices.Contains(subcodes, ss.Code) {
			c.fail(k+".code", "%q is given twice", ss.Code)
		}
		subcodes = append(subcodes, ss.Code)
		if ss.FastOrder != nil {
			c.fail(k+".fast_order", "only for categories")
		}
		p := c.profile(k, ss.profileSpec)
		p.code, p.alwaysDispatched = ss.Code, ss.AlwaysDispatched
		for _, d := range p.dispositions.values {
			p.peopleByDisposition = append(p.peopleByDisposition, spec.PeopleByDisposition[d])
		}
		if ss.Share <= 0 {
			c.fail(k+".share", "must be positive")
		}
		profiles = append(profiles, &p)
		shares = append(shares, ss.Share)
	}
	if len(profiles) == 0 {
		c.fail(key+".subcategories", "none")
	} else {
		h.regular = newDist(profiles, shares)
	}

	for i, es := range spec.Events {
		k := fmt.Sprintf("%s.events[%d]", key, i)
		e := event{
			date: es.Date, subcategory: es.Subcategory, priority: es.Priority, station: es.Station,
			disposition: es.Disposition, people: es.People, lat: es.Lat, lon: es.Lon,
			channel:  slices.IndexFunc(m.channels, func(ch channel) bool { return ch.code == es.Channel }),
			district: slices.IndexFunc(m.districts, func(d district) bool { return d.name == es.District }),
		}
		if _, err := time.Parse(time.DateOnly, es.Date); err != nil {
			c.fail(k+".date", "%q is not YYYY-MM-DD", es.Date)
		}
		e.secondOfDay = c.clock(k+".at", es.At)
		c.code(k+".subcategory", es.Subcategory, subcodes, false)
		c.code(k+".priority", es.Priority, m.priorities, false)
		c.code(k+".disposition", es.Disposition, m.dispositions, false)
		if e.channel < 0 {
			c.fail(k+".channel", "%q is not a channel", es.Channel)
		}
		if e.district < 0 {
			c.fail(k+".district", "%q is not a district", es.District)
		} else if !slices.Contains(m.districts[e.district].stations, es.Station) {
			c.fail(k+".station", "%q is not a station of %s", es.Station, es.District)
		}
		for _, agency := range es.Links {
			a := slices.Index(m.agencies, agency)
			if a < 0 {
				c.fail(k+".links", "agency %q is not one of %s", agency, strings.Join(m.agencies, ", "))
				continue
			}
			e.agencies |= 1 << a
		}
		// An event that ends as a pinned outcome is one of that outcome's campaign calls.
		for j := range h.pinned {
			for _, o := range h.pinned[j].outcomes.values {
				if h.pinned[j].code == es.Subcategory && len(o.dispositions.values) == 1 && o.dispositions.values[0] == es.Disposition {
					if o.findsPeople {
						c.fail(k, "an event cannot be a call that finds people of a pinned subcategory")
					}
					e.pinnedOutcome = o
				}
			}
		}
		h.events = append(h.events, e)
	}
	for j := range h.pinned {
		for _, o := range h.pinned[j].outcomes.values {
			matched := 0
			for _, e := range h.events {
				if e.pinnedOutcome == o {
					matched++
				}
			}
			if matched > o.campaignCalls {
				c.fail(key+".pinned["+strconv.Itoa(j)+"]", "%d events end as an outcome of %d campaign calls", matched, o.campaignCalls)
			}
		}
	}
}

func (c *compiler) districts() {
	f, m := c.f, c.m
	m.citywide = f.Citywide
	if f.Citywide == "" {
		c.fail("citywide", "missing")
	}
	if len(f.Bounds.Lat) != 2 || len(f.Bounds.Lon) != 2 || f.Bounds.Lat[0] >= f.Bounds.Lat[1] || f.Bounds.Lon[0] >= f.Bounds.Lon[1] {
		c.fail("bounds", "give lat and lon as [low, high]")
	} else {
		m.latBounds = [2]float64{f.Bounds.Lat[0], f.Bounds.Lat[1]}
		m.lonBounds = [2]float64{f.Bounds.Lon[0], f.Bounds.Lon[1]}
	}
	var shares []float64
	for i, d := range f.Districts {
		key := fmt.Sprintf("districts[%d] (%s)", i, d.Name)
		if d.Name == "" || d.Name == f.Citywide || slices.ContainsFunc(m.districts, func(o district) bool { return o.name == d.Name }) {
			c.fail(key+".name", "%q is empty, the citywide name or given twice", d.Name)
		}
		if d.English == "" || d.Command == "" || len(d.Stations) == 0 || len(d.Places) == 0 {
			c.fail(key, "give english, command, stations and places")
		}
		if d.Share <= 0 || d.Spread <= 0 || d.TravelMedian <= 0 || d.TravelSigma <= 0 {
			c.fail(key, "share, spread, travel_median and travel_sigma must be positive")
		}
		shares = append(shares, d.Share)
		m.districts = append(m.districts, district{
			name: d.Name, english: d.English, urban: d.Urban, lat: d.Lat, lon: d.Lon, spread: d.Spread,
			travelMedian: d.TravelMedian, travelSigma: d.TravelSigma, command: d.Command,
			stations: d.Stations, places: d.Places,
		})
	}
	if len(m.districts) == 0 {
		c.fail("districts", "none")
	} else {
		m.districtCum = cumulative(shares)
	}
}

func (c *compiler) activities(kinds []string) {
	f, m := c.f, c.m
	role := func(key string, r roleSpec, placeholder string) activityRole {
		c.code(key+".kind", r.Kind, kinds, false)
		if r.Campaign <= 0 {
			c.fail(key+".campaign", "must be positive")
		}
		if r.Note == "" {
			c.fail(key+".note", "missing")
		}
		if placeholder != "" && !strings.Contains(r.Note, placeholder) {
			c.fail(key+".note", "must contain %s", placeholder)
		}
		return activityRole{kind: r.Kind, campaign: r.Campaign, note: r.Note, issueNote: r.IssueNote}
	}
	m.drill = role("activities.drill", f.Activities.Drill, "{scenario}")
	if len(f.Activities.Drill.Scenarios) == 0 {
		c.fail("activities.drill.scenarios", "none")
	} else {
		equal := make([]float64, len(f.Activities.Drill.Scenarios))
		for i := range equal {
			equal[i] = 1
		}
		m.drill.scenarios = newDist(f.Activities.Drill.Scenarios, equal)
	}
	m.inspection = role("activities.inspection", f.Activities.Inspection, "{place}")
	if !strings.Contains(m.inspection.issueNote, "{place}") {
		c.fail("activities.inspection.issue_note", "must contain {place}")
	}
	m.rollcall = role("activities.rollcall", f.Activities.Rollcall, "")
	if m.rollcall.issueNote == "" {
		c.fail("activities.rollcall.issue_note", "missing")
	}
	if m.drill.kind == m.inspection.kind || m.drill.kind == m.rollcall.kind || m.inspection.kind == m.rollcall.kind {
		c.fail("activities", "drill, inspection and rollcall need kinds of their own")
	}
	for i, fs := range f.Activities.Fixed {
		key := fmt.Sprintf("activities.fixed[%d]", i)
		if _, err := time.Parse(time.DateOnly, fs.Date); err != nil {
			c.fail(key+".date", "%q is not YYYY-MM-DD", fs.Date)
		}
		c.code(key+".kind", fs.Kind, kinds, false)
		if fs.District != m.citywide && !slices.ContainsFunc(m.districts, func(d district) bool { return d.name == fs.District }) {
			c.fail(key+".district", "%q is neither a district nor %s", fs.District, m.citywide)
		}
		if fs.Unit == "" || fs.Note == "" || fs.Participants <= 0 {
			c.fail(key, "give unit, note and participants")
		}
		m.fixed = append(m.fixed, datedActivity{
			date: fs.Date, secondOfDay: c.clock(key+".at", fs.At), kind: fs.Kind, district: fs.District,
			unit: fs.Unit, participants: fs.Participants, note: fs.Note,
		})
	}
}

// clock reads a time of day written HH:MM or HH:MM:SS as seconds after midnight.
func (c *compiler) clock(key, s string) int64 {
	for _, layout := range []string{"15:04:05", "15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return int64(t.Hour()*3600 + t.Minute()*60 + t.Second())
		}
	}
	c.fail(key, "%q is not HH:MM or HH:MM:SS", s)
	return 0
}

func (c *compiler) unknownValues(channelCodes []string) {
	u, m := c.f.Unknown, c.m
	var categoryCodes, subcategoryCodes []string
	for _, cat := range m.categories {
		categoryCodes = append(categoryCodes, cat.code)
	}
	for _, p := range m.help.regular.values {
		subcategoryCodes = append(subcategoryCodes, p.code)
	}
	for _, p := range m.help.pinned {
		subcategoryCodes = append(subcategoryCodes, p.code)
	}
	check := func(key string, values, codes []string) []string {
		if len(values) == 0 {
			c.fail(key, "none")
		}
		for _, v := range values {
			if v == "" || slices.Contains(codes, v) {
				c.fail(key, "%q is empty or a code of the sample", v)
			}
		}
		return values
	}
	m.unknown = unknownValues{
		category:     check("unknown.category", u.Category, categoryCodes),
		channel:      check("unknown.channel", u.Channel, channelCodes),
		subcategory:  check("unknown.subcategory", u.Subcategory, subcategoryCodes),
		disposition:  check("unknown.disposition", u.Disposition, m.dispositions),
		priority:     check("unknown.priority", u.Priority, m.priorities),
		peopleHelped: check("unknown.people_helped", u.PeopleHelped, nil),
	}
	for _, v := range u.PeopleHelped {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 {
			c.fail("unknown.people_helped", "%q is a valid number of people", v)
		}
	}
	m.unknown.linkedAgencies = check("unknown.linked_agencies", u.LinkedAgencies, nil)
	for _, v := range u.LinkedAgencies {
		if !slices.ContainsFunc(strings.Split(v, ";"), func(a string) bool { return !slices.Contains(m.agencies, a) }) {
			c.fail("unknown.linked_agencies", "%q names known agencies only", v)
		}
	}
	m.unquotedStreets = c.f.UnquotedStreets
	if len(m.unquotedStreets) == 0 {
		c.fail("unquoted_streets", "none")
	}
}
