package schema_test

import (
	"os"
	"testing"

	"go.yaml.in/yaml/v3"

	"bulletin/schema"
)

// FuzzParse feeds data models to Parse: it never panics, and a model it accepts checks again after
// being written back as YAML and read once more.
func FuzzParse(f *testing.F) {
	model, err := os.ReadFile("model.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(model)
	f.Add([]byte("tables: []\n"))
	f.Add([]byte("tables: [{name: calls, key: id, time: at, fields: [{name: id, type: text, label: {zh: a, en: b}}, {name: at, type: time, clock: true, label: {zh: a, en: b}}]}]\nintervals: [{id: x, from: at, to: at, ceiling_seconds: 1}]\n"))
	f.Add([]byte("tables: [{name: t, key: id, time: id, fields: [{name: id, type: code, fallback: z, label: {zh: a, en: b}, codes: [{code: z, zh: a, en: b}]}]}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := schema.Parse(data)
		if err != nil {
			return
		}
		again, err := yaml.Marshal(m)
		if err != nil {
			t.Fatalf("accepted model does not marshal: %v", err)
		}
		if _, err := schema.Parse(again); err != nil {
			t.Fatalf("accepted model, written back, is refused: %v\n%s", err, again)
		}
	})
}
