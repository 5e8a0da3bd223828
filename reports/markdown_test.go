package reports

import (
	"strings"
	"testing"
	"testing/fstest"

	"bulletin/metrics"
)

func TestEscapeMarkdown(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"第一大队", "第一大队"},
		{"21,746", "21,746"},
		{"40.0%", "40.0%"},
		{"3.5 minutes", "3.5 minutes"},
		{"[click](javascript:alert(1))", `\[click\](javascript:alert(1))`},
		{"<script>alert(1)</script>", `\<script\>alert(1)\</script\>`},
		{"unit\n# Heading", `unit \# Heading`},
		{"a\r\n\r\nb\tc", "a  b c"},
		{"*bold* _em_ `code` a|b ~~x~~", "\\*bold\\* \\_em\\_ \\`code\\` a\\|b \\~\\~x\\~\\~"},
		{`back\slash`, `back\\slash`},
		{"- item", `\- item`},
		{"+ item", `\+ item`},
		{"=====", `\=====`},
		{"12. item", `12\. item`},
		{"3) item", `3\) item`},
		{"12.", `12\.`},
		{"a - b", "a - b"},
	} {
		if got := escapeMarkdown(tc.in); got != tc.want {
			t.Errorf("escapeMarkdown(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if strings.ContainsAny(tc.in, "\r\n\t") {
			continue // line breaks and tabs are replaced, not escaped
		}
		if got := unescapeMarkdown(escapeMarkdown(tc.in)); got != tc.in {
			t.Errorf("unescapeMarkdown(escapeMarkdown(%q)) = %q, want it back", tc.in, got)
		}
	}
}

// TestBulletinEscapesData renders a template whose actions print text from the input data (a
// training's unit, a district) and from the campaign file: the values arrive as text, the template's
// own Markdown stays Markdown, and the gallery shows the values as they were typed.
func TestBulletinEscapesData(t *testing.T) {
	r := fixtureReport()
	r.Campaign.Bulletin = "probe"
	r.Campaign.Name = metrics.Text{Zh: "夏季_行动", En: "Summer *order*"}
	r.Sessions = []metrics.Session{{Date: "2022-05-26", Kind: "training", Participants: 12,
		Unit: "[Training unit](javascript:alert(1)) <img src=x onerror=alert(1)>\n# Injected", District: "- Ward 1"}}
	tmpl := fstest.MapFS{"bulletin.probe.en.md.tmpl": {Data: []byte(
		"# {{.Campaign.Name.En}}\n\n{{range sessions \"training\"}}{{$u := .Unit}}**{{$u}}** in {{.District}}: {{num .Participants}}.{{end}}\n")}}
	got, err := renderBulletin(r, "en", tmpl)
	if err != nil {
		t.Fatal(err)
	}
	want := "# Summer \\*order\\*\n\n**\\[Training unit\\](javascript:alert(1)) \\<img src=x onerror=alert(1)\\> \\# Injected** in \\- Ward 1: 12.\n"
	if string(got) != want {
		t.Errorf("bulletin:\n got %q\nwant %q", got, want)
	}
	blocks, plain := bulletinBlocks(got)
	if len(blocks) != 2 || blocks[0].Level != 1 || blocks[0].Text != "Summer *order*" {
		t.Errorf("gallery heading = %+v, want level 1 %q", blocks, "Summer *order*")
	}
	wantPlain := "Summer *order*\n\n**[Training unit](javascript:alert(1)) <img src=x onerror=alert(1)> # Injected** in - Ward 1: 12.\n"
	if plain != wantPlain {
		t.Errorf("plain text:\n got %q\nwant %q", plain, wantPlain)
	}
}
