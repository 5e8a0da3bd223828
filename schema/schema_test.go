package schema_test

import (
	"slices"
	"testing"

	"bulletin/schema"
)

func TestDefaultModelLoads(t *testing.T) {
	m := schema.Default()
	if got := m.TableNames(); !slices.Equal(got, []string{"calls", "activities"}) {
		t.Fatalf("tables = %v", got)
	}
	if got := m.ClockPoints(); !slices.Equal(got, []string{"received_at", "answered_at", "dispatched_at", "arrived_at", "closed_at"}) {
		t.Errorf("clock points = %v", got)
	}
	if got := m.Vocabulary("calls", "category"); len(got) == 0 || got[len(got)-1] != "other" {
		t.Errorf("category vocabulary %v should end in the honest other", got)
	}
	if f := m.Field("calls", "category"); f.Fallback != "other" {
		t.Errorf("category fallback = %q", f.Fallback)
	}
	if got := m.Label("category", "traffic"); got != (schema.Text{Zh: "交通", En: "Traffic"}) {
		t.Errorf("label = %v", got)
	}
	if got := m.Label("category", "no-such-code"); got != (schema.Text{Zh: "no-such-code", En: "no-such-code"}) {
		t.Errorf("unknown code label = %v", got)
	}
	if m.Vocabulary("calls", "district") != nil {
		t.Error("district is free text")
	}
}

func TestParseRefusesBrokenModels(t *testing.T) {
	for name, doc := range map[string]string{
		"unknown key":      "tables: []\nbogus: 1\n",
		"unknown type":     "tables: [{name: t, key: id, time: at, fields: [{name: id, type: text, label: {zh: a, en: b}}, {name: at, type: when, label: {zh: a, en: b}}]}]\n",
		"code no label":    "tables: [{name: t, key: id, time: at, fields: [{name: id, type: code, label: {zh: a, en: b}, codes: [{code: x}]}, {name: at, type: time, label: {zh: a, en: b}}]}]\n",
		"bad fallback":     "tables: [{name: t, key: id, time: at, fields: [{name: id, type: code, fallback: y, label: {zh: a, en: b}, codes: [{code: x, zh: a, en: b}]}, {name: at, type: time, label: {zh: a, en: b}}]}]\n",
		"missing key":      "tables: [{name: t, key: nope, time: at, fields: [{name: at, type: time, label: {zh: a, en: b}}]}]\n",
		"interval reverse": "tables: [{name: calls, key: id, time: a, fields: [{name: id, type: text, label: {zh: a, en: b}}, {name: a, type: time, clock: true, label: {zh: a, en: b}}, {name: b, type: time, clock: true, label: {zh: a, en: b}}]}]\nintervals: [{id: x, from: b, to: a, ceiling_seconds: 1}]\n",
	} {
		if _, err := schema.Parse([]byte(doc)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestTextInFallsBackToTheOtherLanguage(t *testing.T) {
	for _, c := range []struct {
		text       schema.Text
		lang, want string
	}{
		{schema.Text{Zh: "中", En: "en"}, "zh", "中"},
		{schema.Text{Zh: "中", En: "en"}, "en", "en"},
		{schema.Text{En: "en"}, "zh", "en"},
		{schema.Text{Zh: "中"}, "en", "中"},
	} {
		if got := c.text.In(c.lang); got != c.want {
			t.Errorf("%v.In(%s) = %q, want %q", c.text, c.lang, got, c.want)
		}
	}
}

func TestLoadZoneRefusesTheMachinesZone(t *testing.T) {
	for _, name := range []string{"Local", "local", ""} {
		if _, err := schema.LoadZone(name); err == nil {
			t.Errorf("LoadZone(%q) accepted", name)
		}
	}
	if _, err := schema.LoadZone("Mars/Olympus"); err == nil {
		t.Error("an unknown zone was accepted")
	}
	if loc, err := schema.LoadZone("America/Los_Angeles"); err != nil || loc.String() != "America/Los_Angeles" {
		t.Errorf("LoadZone(America/Los_Angeles) = %v, %v", loc, err)
	}
}
