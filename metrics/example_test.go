package metrics_test

import (
	"fmt"

	"bulletin/metrics"
)

// ExamplePublication_Suppressed shows which counts of a breakdown by district and subcategory a
// public output hides: the small counts of a sensitive subcategory, never 0.
func ExamplePublication_Suppressed() {
	p := metrics.Publication{MinCount: 5, Sensitive: map[string][]string{"subcategory": {"suicide_attempt"}}}
	fields := []string{"district", "subcategory"}
	for _, row := range []struct {
		keys []string
		n    int64
	}{
		{[]string{"雨湖区", "suicide_attempt"}, 3},
		{[]string{"雨湖区", "suicide_attempt"}, 0},
		{[]string{"岳塘区", "suicide_attempt"}, 12},
		{[]string{"岳塘区", "lost_person"}, 3},
	} {
		shown := fmt.Sprint(row.n)
		if p.Suppressed(fields, row.keys, row.n) {
			shown = fmt.Sprintf("< %d", p.MinCount)
		}
		fmt.Println(row.keys[0], row.keys[1], shown)
	}
	// Output:
	// 雨湖区 suicide_attempt < 5
	// 雨湖区 suicide_attempt 0
	// 岳塘区 suicide_attempt 12
	// 岳塘区 lost_person 3
}
