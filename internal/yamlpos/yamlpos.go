// Package yamlpos finds where things are in a YAML document, so that errors in configuration files
// (campaigns, mapping profiles) can name the line a user must fix.
package yamlpos

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Line returns the line of the node reached from root by keys (mapping keys as strings, sequence
// indexes as ints), or the line of its nearest ancestor that exists. It returns 0 for a nil root.
func Line(root *yaml.Node, keys ...any) int {
	node := root
	if node == nil {
		return 0
	}
	if node.Kind == yaml.DocumentNode && len(node.Content) > 0 {
		node = node.Content[0]
	}
	line := node.Line
	for _, key := range keys {
		var next *yaml.Node
		switch k := key.(type) {
		case string:
			if node.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(node.Content); i += 2 {
					if node.Content[i].Value == k {
						line, next = node.Content[i].Line, node.Content[i+1]
					}
				}
			}
		case int:
			if node.Kind == yaml.SequenceNode && k >= 0 && k < len(node.Content) {
				next = node.Content[k]
				line = next.Line
			}
		}
		if next == nil {
			return line
		}
		node = next
	}
	return line
}

// SplitError takes apart an error of the yaml package ("yaml: line 5: ...", or a TypeError listing
// several) into the line it names (0 if none) and the message without the prefixes.
func SplitError(err error) (int, string) {
	var typeErr *yaml.TypeError
	msg := err.Error()
	if errors.As(err, &typeErr) {
		msg = strings.Join(typeErr.Errors, "; ")
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	msg = goTypeName.ReplaceAllString(msg, "") // "field x not found in type campaign.Campaign"
	line := 0
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
	}
	return line, msg
}

// goTypeName matches the Go type the yaml package names in its errors, which means nothing to a
// user editing the file.
var goTypeName = regexp.MustCompile(` in type [\w.*\[\]]+`)
