package reports

import (
	"fmt"
	"strings"
	"text/template"
	"text/template/parse"
)

// markdownEscapeFunc names the function escapeActions appends to every printing action of a
// bulletin template. The name cannot collide with a function a template calls: templates do not
// see it in the list WriteBulletin documents.
const markdownEscapeFunc = "_bulletinMarkdownText"

// markdownActive are the ASCII punctuation characters that start Markdown markup anywhere in a
// line: emphasis, code, links and images, raw HTML and autolinks, tables, strikethrough, escapes.
const markdownActive = "\\`*_[]<>|~#"

// escapeMarkdown returns the value an action prints as Markdown text that renders as itself: the
// characters of markdownActive are backslash-escaped, line breaks and tabs become spaces (so a
// value can neither end a paragraph nor start a heading, list or quote on a line of its own), and a
// value that begins as a list item or a setext underline would ("- ", "+ ", "1. ", "=") has that
// mark escaped. CommonMark renders a backslash before ASCII punctuation as the punctuation alone.
func escapeMarkdown(v any) string {
	s := fmt.Sprint(v)
	s = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ", "\t", " ").Replace(s)
	var b strings.Builder
	for i, r := range s {
		switch {
		case r < 0x80 && strings.ContainsRune(markdownActive, r):
			b.WriteByte('\\')
		case i == 0 && (r == '-' || r == '+' || r == '='):
			b.WriteByte('\\')
		case r == '.' || r == ')':
			// "12. " or "3) " at the start of the value would begin an ordered list ("3.5" would not).
			prefix, rest := s[:i], s[i+1:]
			if prefix != "" && strings.Trim(prefix, "0123456789") == "" && (rest == "" || rest[0] == ' ') {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// unescapeMarkdown undoes the backslash escapes of ASCII punctuation, for the places that show the
// bulletin's Markdown as plain text (the gallery and its copy button).
func unescapeMarkdown(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// escapeActions makes every action of t (and of the templates it defines) that prints a value pass
// it through escapeMarkdown, as html/template does for HTML: whatever text a value holds (a unit or
// district typed into the center's export, a campaign's name), it reaches the bulletin as text, never
// as a link, raw HTML or a heading. The template's own text is Markdown and is left as written.
// Actions that declare a variable print nothing and are left alone.
func escapeActions(t *template.Template) {
	for _, tt := range t.Templates() {
		if tt.Tree != nil {
			escapeNode(tt.Tree, tt.Tree.Root)
		}
	}
}

func escapeNode(tree *parse.Tree, n parse.Node) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			escapeNode(tree, c)
		}
	case *parse.ActionNode:
		if len(n.Pipe.Decl) > 0 {
			return
		}
		id := parse.NewIdentifier(markdownEscapeFunc).SetTree(tree).SetPos(n.Pos)
		n.Pipe.Cmds = append(n.Pipe.Cmds, &parse.CommandNode{NodeType: parse.NodeCommand, Pos: n.Pos, Args: []parse.Node{id}})
	case *parse.IfNode:
		escapeNode(tree, n.List)
		escapeNode(tree, n.ElseList)
	case *parse.RangeNode:
		escapeNode(tree, n.List)
		escapeNode(tree, n.ElseList)
	case *parse.WithNode:
		escapeNode(tree, n.List)
		escapeNode(tree, n.ElseList)
	}
}
