package metrics

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestShortNameCutsANameLongerThanTheLimit(t *testing.T) {
	limit := strings.Repeat("区", NameLimit)
	for _, c := range []struct{ name, want string }{
		{"", ""},
		{"雨湖区", "雨湖区"},
		{limit, limit},
		{limit + "区", strings.Repeat("区", NameLimit-1) + "…"},
		{strings.Repeat("a", 2000), strings.Repeat("a", NameLimit-1) + "…"},
	} {
		got := ShortName(c.name)
		if got != c.want {
			t.Errorf("ShortName(%d runes) = %q, want %q", utf8.RuneCountInString(c.name), got, c.want)
		}
		if n := utf8.RuneCountInString(got); n > NameLimit {
			t.Errorf("ShortName(%d runes) has %d runes, more than %d", utf8.RuneCountInString(c.name), n, NameLimit)
		}
	}
	if got := ShortText(Text{Zh: limit + "区", En: "Yuhu"}); got.En != "Yuhu" || got.Zh != strings.Repeat("区", NameLimit-1)+"…" {
		t.Errorf("ShortText = %+v", got)
	}
}

func TestEveryCheckHasAChineseRule(t *testing.T) {
	for check := range checkLabels {
		if checkRules[check] == "" {
			t.Errorf("check %s has a label but no rule in checkRules", check)
		}
	}
	for check := range checkRules {
		if _, ok := checkLabels[check]; !ok {
			t.Errorf("checkRules states a rule for %s, which checkLabels does not name", check)
		}
	}
	if got := CheckReason("field_count", "wrong number of fields: got 5, want 17"); got.En != "wrong number of fields: got 5, want 17" || got.Zh != checkRules["field_count"] {
		t.Errorf("CheckReason = %+v", got)
	}
	if got := CheckReason("no_such_check", "why"); got.Zh != "no_such_check" || got.En != "why" {
		t.Errorf("CheckReason of an unnamed check = %+v", got)
	}
}
