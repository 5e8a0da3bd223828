package campaign

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"go.yaml.in/yaml/v3"
)

// FuzzParseCampaign feeds arbitrary YAML to the campaign parser: it returns a campaign or a
// *Error naming the file, never panics; a campaign it accepts validates again, and written
// back as YAML it parses to a campaign that writes the same YAML.
func FuzzParseCampaign(f *testing.F) {
	for _, path := range []string{
		filepath.Join("testdata", "campaign.yaml"),
		filepath.Join("..", "..", "sample-data", "campaign.yaml"),
	} {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("id: c\nperiod: {start: 2022-05-01, end: 2022-05-31}\n"))
	f.Add([]byte("id: c\nperiod: {start: 2022-05-01, end: 2022-04-31}\nresponse: {use: nope}\n"))
	f.Add([]byte("id: c\nheadline: [{id: m, window: {hours: [25, 1]}}]\nevents: [{date: x}]\n"))
	f.Add([]byte("&a [*a]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("fuzz.yaml", data)
		if err != nil {
			var campaignErr *Error
			if !errors.As(err, &campaignErr) || campaignErr.Path != "fuzz.yaml" {
				t.Fatalf("error %q is not an Error naming the file", err)
			}
			return
		}
		var root yaml.Node
		if err := yaml.Unmarshal(data, &root); err != nil {
			t.Fatal(err)
		}
		v := validator{path: "fuzz.yaml", root: &root}
		v.check(c)
		if v.err != nil {
			t.Fatalf("an accepted campaign does not validate again: %v", v.err)
		}
		out, err := yaml.Marshal(c)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		again, err := Parse("again.yaml", out)
		if err != nil {
			t.Fatalf("the campaign written back does not parse: %v\n%s", err, out)
		}
		// Empty and missing lists differ in Go, not in YAML: compare the texts.
		if outAgain, err := yaml.Marshal(again); err != nil || string(outAgain) != string(out) {
			t.Fatalf("the campaign written back parses differently (%v):\n%s\n%s", err, outAgain, out)
		}
	})
}
