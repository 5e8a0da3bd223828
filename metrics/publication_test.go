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
