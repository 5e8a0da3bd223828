package synth

import (
	_ "embed"
	"fmt"
	"slices"
	"sync"
)

// sampleYAML is the data of the sample: its codes, their distributions, its districts and units and
// the bulletin's figures. The file's comments explain every key.
//
//go:embed sample.yaml
var sampleYAML []byte

// loadModel parses sample.yaml once. The tests load it, so an error is a broken build; Write and
// WriteMonth return it rather than panicking.
var loadModel = sync.OnceValues(func() (*model, error) { return parseModel(sampleYAML) })

// model is sample.yaml checked and compiled into the tables the generator draws from. Categories,
// channels, districts and agencies are referred to by their index in these tables; the only
// categories, subcategories and kinds the code singles out are found by their role.
type model struct {
	callPrefix, activityPrefix string
	// priorities and dispositions are the vocabularies, in their documented order.
	priorities, dispositions []string
	// agencies is the vocabulary of linked agencies; bit i of an agencySet is agencies[i].
	agencies []string
	// linked holds the linked_agencies cell of every agencySet.
	linked []string

	channels   []channel
	channelCum []float64
	categories []category
	// years lists the years of the category shares, ascending; shares[k] holds the shares of
	// years[k] in category order.
	years  []int
	shares [][]float64
	// focus is the index of the focus category, and help how its calls are drawn.
	focus int
	help  helpPlan

	citywide           string
	latBounds          [2]float64
	lonBounds          [2]float64
	districts          []district
	districtCum        []float64
	drill, inspection  activityRole
	rollcall           activityRole
	fixed              []datedActivity
	unknown            unknownValues
	unquotedStreets    []string
	defaultTalkSeconds float64
}

// channel is a value of the channel column and the agencies it links.
type channel struct {
	code  string
	links []linkRule
}

// category is a value of the category column and how its calls are drawn.
type category struct {
	code string
	profile
	// dispatch is the share of calls a patrol is sent to.
	dispatch float64
	// talkSeconds is the median length of a call handled on the phone.
	talkSeconds float64
	// unanswered is the share of calls the caller hangs up on before they are answered.
	unanswered float64
}

// profile says how a call of a category, or of a subcategory of the focus, is drawn.
type profile struct {
	code         string // the subcategory, for a subcategory of the focus
	priority     dist[string]
	dispositions dist[string]
	// fastDispositions are the dispositions in the order the fast mode tests them.
	fastDispositions dist[string]
	people           *peopleRule
	links            []linkRule
	alwaysDispatched bool
	// peopleByDisposition holds, for a subcategory of the focus, people_helped by disposition (in
	// the order of dispositions.values), which its people rule may then change.
	peopleByDisposition []int
}

// peopleRule sets people_helped for one disposition.
type peopleRule struct {
	when string
	// p is the probability of n people; 1 draws no random number.
	p float64
	n int
	// from and to, when to is positive, give a uniformly drawn number of people instead.
	from, to int
}

// linkRule links at most one agency of a set, for one disposition or ("" when) any.
type linkRule struct {
	when string
	sets []agencySet
	// below holds the running sums of the sets' probabilities; a single set with probability 1 is
	// linked without drawing.
	below []float64
}

// helpPlan is how the calls of the focus category are drawn.
type helpPlan struct {
	campaignCalls int
	dispatch      float64
	pinned        []pinnedSubcategory
	// pinnedBelow holds the running sums of the pinned subcategories' rates.
	pinnedBelow []float64
	regular     dist[*profile]
	events      []event
}

// pinnedSubcategory is a subcategory of the focus whose campaign figures are planned.
type pinnedSubcategory struct {
	code     string
	priority dist[string]
	// people is the number of people found by a call of an outcome that finds people, outside the
	// campaign.
	people   dist[int]
	links    []linkRule
	outcomes dist[*outcome]
}

// outcome is one way a call of a pinned subcategory ends.
type outcome struct {
	sub          *pinnedSubcategory
	dispositions dist[string]
	people       int
	findsPeople  bool
	// campaignCalls is the number of campaign calls with this outcome, events included; for an
	// outcome that finds people, campaignPeople holds the people found by each of them.
	campaignCalls  int
	campaignPeople []int
}

// event is a focus call the bulletin tells, written as given.
type event struct {
	date                           string
	secondOfDay                    int64
	channel, district              int
	subcategory, priority, station string
	disposition                    string
	people                         int
	agencies                       agencySet
	lat, lon                       float64
	// pinnedOutcome is the outcome of a pinned subcategory the event ends as, or nil.
	pinnedOutcome *outcome
}

// district is a district with what the generator needs to draw its calls.
type district struct {
	name, english             string
	urban                     bool
	lat, lon, spread          float64
	travelMedian, travelSigma float64
	command                   string
	stations, places          []string
}

// activityRole is one of the daily activity kinds.
type activityRole struct {
	kind      string
	campaign  int
	note      string
	issueNote string
	scenarios dist[string]
}

// datedActivity is a training or a liaison visit held on a known date.
type datedActivity struct {
	date         string
	secondOfDay  int64
	kind         string
	district     string
	unit         string
	participants int
	note         string
}

// unknownValues are values of the faulty rows that no code of the sample equals.
type unknownValues struct {
	category, channel, subcategory, disposition, priority, peopleHelped, linkedAgencies []string
}

// sharesOf returns the category shares of a year: those of the latest year listed that is not after
// it, or of the first year listed for earlier years.
func (m *model) sharesOf(year int) []float64 {
	k := 0
	for i, y := range m.years {
		if y <= year {
			k = i
		}
	}
	return m.shares[k]
}

// Codes returns the codes the generator writes into a coded column of a calls or activities file
// ("channel", "category", "subcategory", "priority", "disposition", "linked_agencies" or "kind"),
// in the order of sample.yaml, or nil for another column. An empty cell is not a code. The codes are
// those of the embedded sample.yaml, which the package's tests check; a broken file panics.
func Codes(column string) []string {
	m, err := loadModel()
	if err != nil {
		panic(fmt.Sprintf("synth: %v", err))
	}
	var codes []string
	add := func(code string) {
		if code != "" && !slices.Contains(codes, code) {
			codes = append(codes, code)
		}
	}
	switch column {
	case "channel":
		for _, ch := range m.channels {
			add(ch.code)
		}
	case "category":
		for _, cat := range m.categories {
			add(cat.code)
		}
	case "subcategory":
		for _, p := range m.help.pinned {
			add(p.code)
		}
		for _, p := range m.help.regular.values {
			add(p.code)
		}
	case "priority":
		codes = slices.Clone(m.priorities)
	case "disposition":
		codes = slices.Clone(m.dispositions)
	case "linked_agencies":
		codes = slices.Clone(m.agencies)
	case "kind":
		for _, k := range []string{m.drill.kind, m.inspection.kind, m.rollcall.kind} {
			add(k)
		}
		for _, f := range m.fixed {
			add(f.kind)
		}
	}
	return codes
}
