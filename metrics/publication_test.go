package metrics

import "testing"

func TestPublicationSuppressedRowAlsoHidesWhatTheFilterMakesSensitive(t *testing.T) {
	p := Publication{MinCount: 5, Sensitive: map[string][]string{"subcategory": {"suicide_attempt"}}}
	byDistrict := DeclaredBreakdown{By: []string{"district"}, Filters: Filters{Where: map[string][]string{"subcategory": {"suicide_attempt"}}}}
	bySubcategory := DeclaredBreakdown{By: []string{"district", "subcategory"}}
	unfiltered := DeclaredBreakdown{By: []string{"district"}}
	for _, tc := range []struct {
		name string
		b    DeclaredBreakdown
		row  BreakdownRow
		want bool
	}{
		{"a sensitive filter, small count", byDistrict, BreakdownRow{Keys: []string{"雨湖区"}, Value: 3}, true},
		{"a sensitive filter, count at min_count", byDistrict, BreakdownRow{Keys: []string{"雨湖区"}, Value: 5}, false},
		{"a sensitive filter, zero", byDistrict, BreakdownRow{Keys: []string{"雨湖区"}, Value: 0}, false},
		{"a sensitive key, small count", bySubcategory, BreakdownRow{Keys: []string{"雨湖区", "suicide_attempt"}, Value: 4}, true},
		{"another key, small count", bySubcategory, BreakdownRow{Keys: []string{"雨湖区", "lost_person"}, Value: 4}, false},
		{"no sensitive filter", unfiltered, BreakdownRow{Keys: []string{"雨湖区"}, Value: 1}, false},
	} {
		if got := p.SuppressedRow(tc.b, tc.row); got != tc.want {
			t.Errorf("%s: SuppressedRow = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestPublicationSuppressed(t *testing.T) {
	rules := Publication{MinCount: 5, Sensitive: map[string][]string{"subcategory": {"suicide_attempt", "missing_person"}, "kind": {"training"}}}
	byDistrict := []string{"district", "subcategory"}
	cases := []struct {
		name   string
		p      Publication
		fields []string
		keys   []string
		n      int64
		want   bool
	}{
		{"zero is shown", rules, byDistrict, []string{"雨湖区", "suicide_attempt"}, 0, false},
		{"one", rules, byDistrict, []string{"雨湖区", "suicide_attempt"}, 1, true},
		{"just below min_count", rules, byDistrict, []string{"岳塘区", "missing_person"}, 4, true},
		{"min_count itself is shown", rules, byDistrict, []string{"岳塘区", "missing_person"}, 5, false},
		{"above min_count", rules, byDistrict, []string{"岳塘区", "suicide_attempt"}, 120, false},
		{"not sensitive", rules, byDistrict, []string{"雨湖区", "lost_person"}, 1, false},
		{"empty subcategory", rules, byDistrict, []string{"雨湖区", ""}, 1, false},
		{"sensitive code of the first dimension", rules, []string{"subcategory", "district"}, []string{"suicide_attempt", "雨湖区"}, 2, true},
		{"one dimension", rules, []string{"subcategory"}, []string{"missing_person"}, 3, true},
		{"a sensitive code of another field", rules, []string{"kind", "district"}, []string{"training", "雨湖区"}, 3, true},
		// A code is sensitive only under its own field.
		{"the code under another field", rules, []string{"district"}, []string{"suicide_attempt"}, 1, false},
		{"fewer keys than fields", rules, byDistrict, []string{"雨湖区"}, 1, false},
		{"no dimension", rules, nil, nil, 1, false},
		{"suppression off", Publication{MinCount: 0, Sensitive: rules.Sensitive}, byDistrict, []string{"雨湖区", "suicide_attempt"}, 1, false},
		{"no sensitive code", Publication{MinCount: 5, Sensitive: map[string][]string{}}, byDistrict, []string{"雨湖区", "suicide_attempt"}, 1, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.p.Suppressed(tc.fields, tc.keys, tc.n); got != tc.want {
				t.Errorf("%+v.Suppressed(%q, %q, %d) = %v; want %v", tc.p, tc.fields, tc.keys, tc.n, got, tc.want)
			}
		})
	}
}
