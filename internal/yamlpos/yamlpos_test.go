package yamlpos

import (
	"errors"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestLineFindsKeysAndIndexes(t *testing.T) {
	doc := "a: 1\nb:\n  c:\n    - x\n    - y: 2\n"
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(doc), &root); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		keys []any
		want int
	}{
		{nil, 1},
		{[]any{"a"}, 1},
		{[]any{"b", "c"}, 3},
		{[]any{"b", "c", 1}, 5},
		{[]any{"b", "c", 1, "y"}, 5},
		{[]any{"b", "missing"}, 2}, // the nearest ancestor
		{[]any{"b", "c", 7}, 3},
	}
	for _, c := range cases {
		if got := Line(&root, c.keys...); got != c.want {
			t.Errorf("Line(%v) = %d; want %d", c.keys, got, c.want)
		}
	}
	if Line(nil, "a") != 0 {
		t.Error("Line of a nil root is not 0")
	}
}

func TestSplitError(t *testing.T) {
	var v struct{ A int }
	err := yaml.Unmarshal([]byte("a: x\n"), &v)
	line, msg := SplitError(err)
	if line != 1 || msg == "" || msg[:6] == "yaml: " {
		t.Errorf("SplitError(%v) = %d, %q", err, line, msg)
	}
	if line, msg := SplitError(errors.New("plain")); line != 0 || msg != "plain" {
		t.Errorf("SplitError(plain) = %d, %q", line, msg)
	}
}
