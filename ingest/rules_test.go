package ingest

import (
	"context"
	"strings"
	"testing"
)

// TestMapPrefixesAndPatterns reads a 110 export whose category column holds hierarchical codes and
// whose disposition column holds free text: prefixes map the codes by their start (the longest
// that fits: 0203 is traffic though 02 is public order), patterns the text, the exact map comes
// first, and default catches the rest. Expected values worked out by hand from the rows below.
func TestMapPrefixesAndPatterns(t *testing.T) {
	profile, err := ParseProfile("codes.yaml", []byte(`name: codes
table: calls
time_layouts: [canonical]
fields:
  call_id: id
  received_at: at
  channel: {value: phone}
  district: area
  category:
    column: code
    map: {"9999": invalid}
    prefixes: {"01": criminal, "02": public_order, "0203": traffic, "04": emergency_help}
  disposition:
    column: result
    patterns:
      - {match: "(?i)^found", to: person_found}
      - {match: "救|rescue", to: rescued}
    default: resolved
`))
	if err != nil {
		t.Fatal(err)
	}
	path := writeExport(t, t.TempDir(), "calls-2022-05.csv", `id,at,area,code,result
P1,2022-05-01 08:00:00,雨湖区,010101,Found alive
P2,2022-05-01 09:00:00,雨湖区,020103,已救出
P3,2022-05-01 10:00:00,雨湖区,020301,handled
P4,2022-05-01 11:00:00,雨湖区,9999,
P5,2022-05-01 12:00:00,雨湖区,0499,rescue done
P6,2022-05-01 13:00:00,雨湖区,0701,handled
`)
	w := openWarehouse(t)
	res, err := File(context.Background(), w, path, Options{Profile: profile})
	if err != nil {
		t.Fatal(err)
	}
	// P6's code fits no rule: an unknown required category, quarantined.
	if res.Loaded != 5 || res.Quarantined != 1 {
		t.Errorf("loaded %d, quarantined %d (%v); want 5, 1 (P6)", res.Loaded, res.Quarantined, res.ByCheck)
	}
	var got string
	if err := w.DB.QueryRow(`SELECT string_agg(call_id || ':' || category || ':' || coalesce(disposition, '-'), ' ' ORDER BY call_id) FROM calls`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	want := "P1:criminal:person_found P2:public_order:rescued P3:traffic:resolved P4:invalid:- P5:emergency_help:rescued"
	if got != want {
		t.Errorf("loaded %s\nwant   %s", got, want)
	}
}

func TestMapRulesAreValidated(t *testing.T) {
	base := "name: x\ntable: calls\nfields:\n  call_id: id\n  received_at: at\n  channel: {value: phone}\n  district: area\n  category:\n    column: code\n"
	for rules, want := range map[string]string{
		"    prefixes: {\"01\": crime}\n":                 `prefixes: "01" -> "crime" is not a canonical value`,
		"    patterns: [{match: \"(\", to: criminal}]\n":  `patterns: "(" is not a regular expression`,
		"    patterns: [{match: \"^x\", to: nothing}]\n":  `patterns: "^x" -> "nothing" is not a canonical value`,
		"    prefixes: {\"01\": criminal}\n    oops: 1\n": `unknown key "oops"`,
	} {
		_, err := ParseProfile("x.yaml", []byte(base+rules))
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "x.yaml:") {
			t.Errorf("rules %q: %v, want an error naming the file and %q", rules, err, want)
		}
	}
}
