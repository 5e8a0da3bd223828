package campaign

import (
	"bytes"
	"fmt"
	"os"

	"go.yaml.in/yaml/v3"

	"bulletin/internal/yamlpos"
)

// Load reads and validates a campaign file. Unknown keys, unknown fields or values in
// filters, and empty or reversed periods are errors naming the file and line.
func Load(path string) (*Campaign, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("campaign: %w", err)
	}
	return Parse(path, data)
}

// Parse validates a campaign file's content; path is used in error messages only.
func Parse(path string, data []byte) (*Campaign, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(path, err)
	}
	var c Campaign
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, yamlError(path, err)
	}
	v := validator{path: path, root: &root}
	if c.Response.Use != "" {
		if err := c.Response.useBuiltin(); err != nil {
			v.fail([]any{"response", "use"}, "%v", err)
			return nil, v.err
		}
	}
	c.applyDefaults()
	v.check(&c)
	if v.err != nil {
		return nil, v.err
	}
	return &c, nil
}

// Error is an invalid campaign file, pointing at the line of the offending key.
type Error struct {
	Path string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("campaign %s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("campaign %s: %s", e.Path, e.Msg)
}

// yamlError turns a YAML error ("yaml: line 5: ...") into an Error.
func yamlError(path string, err error) error {
	line, msg := yamlpos.SplitError(err)
	return &Error{Path: path, Line: line, Msg: msg}
}
