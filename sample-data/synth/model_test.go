package synth

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"bulletin/warehouse"
)

func loadedModel(t *testing.T) *model {
	t.Helper()
	m, err := loadModel()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// columns maps the coded columns of the sample to their table in the canonical vocabulary.
var columns = []struct{ table, column string }{
	{"calls", "channel"},
	{"calls", "category"},
	{"calls", "subcategory"},
	{"calls", "priority"},
	{"calls", "disposition"},
	{"calls", "linked_agencies"},
	{"activities", "kind"},
}

func TestSampleYAMLLoadsWithEveryRole(t *testing.T) {
	m := loadedModel(t)
	if got := m.categories[m.focus].code; got != "emergency_help" {
		t.Errorf("focus category %q, want emergency_help", got)
	}
	var pinned []string
	for _, p := range m.help.pinned {
		pinned = append(pinned, p.code)
	}
	if want := []string{"suicide_attempt", "lost_person", "missing_person"}; !slices.Equal(pinned, want) {
		t.Errorf("pinned subcategories %q, want %q", pinned, want)
	}
	kinds := []string{m.drill.kind, m.inspection.kind, m.rollcall.kind}
	if want := []string{"simulated_alarm_drill", "video_inspection", "video_rollcall"}; !slices.Equal(kinds, want) {
		t.Errorf("drill, inspection and roll-call kinds %q, want %q", kinds, want)
	}
	if len(m.districts) != 7 || m.citywide != "全市" || len(m.help.events) != 3 || len(m.fixed) != 16 {
		t.Errorf("%d districts, citywide %q, %d events, %d fixed activities; want 7, 全市, 3, 16",
			len(m.districts), m.citywide, len(m.help.events), len(m.fixed))
	}
}

// TestSampleCodesAreInTheVocabulary checks every code sample.yaml gives the generator against the
// canonical vocabulary, so that ingest loads the valid rows.
func TestSampleCodesAreInTheVocabulary(t *testing.T) {
	for _, c := range columns {
		vocabulary := warehouse.Vocabulary(c.table, c.column)
		codes := Codes(c.column)
		if len(codes) == 0 || len(vocabulary) == 0 {
			t.Errorf("%s.%s: %d codes, vocabulary %q", c.table, c.column, len(codes), vocabulary)
		}
		for _, code := range codes {
			if !slices.Contains(vocabulary, code) {
				t.Errorf("%s.%s: the sample writes %q, which is not in the vocabulary %q", c.table, c.column, code, vocabulary)
			}
		}
	}
	// The agencies are written in the vocabulary's order.
	if got, want := Codes("linked_agencies"), warehouse.Vocabulary("calls", "linked_agencies"); !slices.Equal(got, want) {
		t.Errorf("agencies in the order %q, vocabulary %q", got, want)
	}
}

// TestFaultyValuesAreOutsideTheVocabulary checks that the values sample.yaml gives the faulty rows
// are no codes of the canonical vocabulary, so that ingest quarantines those rows as Summary.Faults
// counts them.
func TestFaultyValuesAreOutsideTheVocabulary(t *testing.T) {
	m := loadedModel(t)
	unknown := []struct {
		column string
		values []string
	}{
		{"category", m.unknown.category},
		{"channel", m.unknown.channel},
		{"subcategory", m.unknown.subcategory},
		{"disposition", m.unknown.disposition},
		{"priority", m.unknown.priority},
	}
	for _, u := range unknown {
		vocabulary := warehouse.Vocabulary("calls", u.column)
		for _, v := range u.values {
			if slices.Contains(vocabulary, v) {
				t.Errorf("calls.%s: the faulty value %q is in the vocabulary, so ingest would load the row", u.column, v)
			}
		}
	}
	agencies := warehouse.Vocabulary("calls", "linked_agencies")
	for _, v := range m.unknown.linkedAgencies {
		if !slices.ContainsFunc(strings.Split(v, ";"), func(a string) bool { return !slices.Contains(agencies, a) }) {
			t.Errorf("calls.linked_agencies: the faulty value %q names known agencies only", v)
		}
	}
}

// TestWriteMonthWritesVocabularyCodes reads a month of the fast mode back and checks every coded cell
// against the canonical vocabulary.
func TestWriteMonthWritesVocabularyCodes(t *testing.T) {
	var buf bytes.Buffer
	if _, err := WriteMonth(context.Background(), &buf, MonthOptions{Calls: 20000, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := records[0]
	seen := map[string]map[string]bool{}
	for _, c := range columns[:len(columns)-1] {
		col := slices.Index(header, c.column)
		vocabulary := warehouse.Vocabulary(c.table, c.column)
		seen[c.column] = map[string]bool{}
		for i, rec := range records[1:] {
			cell := rec[col]
			if cell == "" {
				continue
			}
			for _, code := range strings.Split(cell, ";") {
				if !slices.Contains(vocabulary, code) {
					t.Fatalf("row %d: %s %q is not in the vocabulary %q", i+2, c.column, cell, vocabulary)
				}
				seen[c.column][code] = true
			}
		}
	}
	// 20,000 calls are enough to see every code but the rarest subcategories.
	for _, column := range []string{"channel", "category", "priority", "disposition", "linked_agencies"} {
		if len(seen[column]) != len(Codes(column)) {
			t.Errorf("%s: %d of the %d codes written", column, len(seen[column]), len(Codes(column)))
		}
	}
}

// TestSampleAddsUpToTheBulletin checks the campaign plan of sample.yaml against the figures of the
// bulletin of 2022-08-02, written out here.
func TestSampleAddsUpToTheBulletin(t *testing.T) {
	m := loadedModel(t)
	calls := func(subcategory string, dispositions ...string) (n, people int) {
		for _, sub := range m.help.pinned {
			for _, o := range sub.outcomes.values {
				if sub.code == subcategory && slices.Contains(dispositions, o.dispositions.values[0]) && len(o.dispositions.values) == 1 {
					n += o.campaignCalls
					people += o.people * o.campaignCalls
					for _, p := range o.campaignPeople {
						people += p
					}
				}
			}
		}
		return n, people
	}
	suicideRescued, _ := calls("suicide_attempt", "rescued")
	_, lostPeopleFound := calls("lost_person", "person_found")
	missingHandled, _ := calls("missing_person", "person_found", "resolved")
	figures := []struct {
		name      string
		got, want int
	}{
		{"emergency-help calls", m.help.campaignCalls, 21746},
		{"suicide attempts rescued", suicideRescued, 81},
		{"lost people found", lostPeopleFound, 455},
		{"missing-person cases handled", missingHandled, 11},
		{"drills", m.drill.campaign, 32},
		{"video inspections", m.inspection.campaign, 660},
		{"video roll calls", m.rollcall.campaign, 412},
	}
	for _, f := range figures {
		if f.got != f.want {
			t.Errorf("%s: sample.yaml plans %d, the bulletin says %d", f.name, f.got, f.want)
		}
	}
}

// TestParseModelNamesTheKey breaks sample.yaml in one place at a time and checks that the error
// names the key.
func TestParseModelNamesTheKey(t *testing.T) {
	cases := []struct {
		name, old, new, want string
	}{
		{"unknown disposition", "dispositions: {resolved: 0.55,", "dispositions: {resolvd: 0.55,", `categories[0] (criminal).dispositions: "resolvd" is not one of`},
		{"unknown agency", "links: [{link: medical, p: 0.03}]", "links: [{link: medic, p: 0.03}]", `categories[0] (criminal).links[0]: agency "medic"`},
		{"shares off", "shares: {2021: 0.066, 2022: 0.06}", "shares: {2021: 0.066, 2022: 0.07}", "the shares of 2022 add up to"},
		{"unknown key", "    dispatch: 0.9\n", "    dispatch: 0.9\n    dispath: 0.9\n", "field dispath not found"},
		{"station elsewhere", "station: 窑湾派出所", "station: 天易派出所", `focus.events[0].station: "天易派出所" is not a station of 雨湖区`},
		{"fast order", "fast_order: [referred, resolved]", "fast_order: [referred]", "(consultation).fast_order: must list every disposition once"},
		{"known faulty value", "category: [misc, traffic_accident", "category: [fire, traffic_accident", `unknown.category: "fire" is empty or a code of the sample`},
		{"drill kind", "kind: simulated_alarm_drill", "kind: simulated_drill", `activities.drill.kind: "simulated_drill" is not one of`},
		{"too many events", "campaign_calls: 81}", "campaign_calls: 1}", "2 events end as an outcome of 1 campaign calls"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !bytes.Contains(sampleYAML, []byte(c.old)) {
				t.Fatalf("sample.yaml has no %q", c.old)
			}
			_, err := parseModel(bytes.Replace(sampleYAML, []byte(c.old), []byte(c.new), 1))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}
