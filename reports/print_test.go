package reports

import (
	"bytes"
	"context"
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"bulletin/metrics"
)

var printOut = flag.String("print-out", "", "keep the print test's workbooks and PDFs in this folder")

// printTools finds LibreOffice (to print a workbook to PDF, as a reader would) and MuPDF's mutool
// (to read the size of every glyph on the pages). The test fails without them: scripts/test.sh
// installs both.
func printTools(t *testing.T) (soffice, mutool string) {
	t.Helper()
	for _, tool := range []struct {
		name, pkg string
		path      *string
	}{{"soffice", "libreoffice-calc", &soffice}, {"mutool", "mupdf-tools", &mutool}} {
		p, err := exec.LookPath(tool.name)
		if err != nil {
			t.Fatalf("%s not found (%v); the print test needs it: run scripts/test.sh as root, or apt-get install %s", tool.name, err, tool.pkg)
		}
		*tool.path = p
	}
	return soffice, mutool
}

// printedPage is one page of a PDF as mutool reads it: its text in runs of one font size, and the
// sheet it prints, read off the right of its footer (the sheet name, &A).
type printedPage struct {
	number int
	sheet  string
	text   string
	runs   []printedRun
}

type printedRun struct {
	size float64
	text string
}

// stextDocument is the part of mutool's structured text (draw -F stext) the test reads.
type stextDocument struct {
	Pages []struct {
		Height float64 `xml:"height,attr"`
		Blocks []struct {
			Lines []struct {
				BBox  string `xml:"bbox,attr"`
				Fonts []struct {
					Size  float64 `xml:"size,attr"`
					Chars []struct {
						C string `xml:"c,attr"`
					} `xml:"char"`
				} `xml:"font"`
			} `xml:"line"`
		} `xml:"block"`
	} `xml:"page"`
}

// readPrinted reads the pages of the PDF at path.
func readPrinted(t *testing.T, mutool, path string) []printedPage {
	t.Helper()
	out, err := exec.Command(mutool, "draw", "-q", "-F", "stext", "-o", "-", path).Output()
	if err != nil {
		t.Fatalf("mutool draw %s: %v", path, err)
	}
	var doc stextDocument
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("read mutool's text of %s: %v", path, err)
	}
	var pages []printedPage
	for i, p := range doc.Pages {
		page := printedPage{number: i + 1}
		var all strings.Builder
		footerX := -1.0
		for _, b := range p.Blocks {
			for _, l := range b.Lines {
				var x0, y0, x1, y1 float64
				fmt.Sscanf(l.BBox, "%g %g %g %g", &x0, &y0, &x1, &y1)
				var line strings.Builder
				for _, f := range l.Fonts {
					var run strings.Builder
					for _, c := range f.Chars {
						run.WriteString(c.C)
					}
					page.runs = append(page.runs, printedRun{size: f.Size, text: run.String()})
					line.WriteString(run.String())
				}
				all.WriteString(line.String() + "\n")
				// The footer prints in the bottom margin; its rightmost part names the sheet.
				if y0 > p.Height-45 && x1 > footerX {
					footerX, page.sheet = x1, strings.TrimSpace(line.String())
				}
			}
		}
		page.text = all.String()
		pages = append(pages, page)
	}
	return pages
}

// longReport is the fixture with the longest labels a campaign may give its figures and eleven
// districts, the widest and longest Summary the print test checks.
func longReport() *metrics.Report {
	r := fixtureReport()
	for i := range r.Headline {
		r.Headline[i].Label.En += " over the whole campaign period"
		r.Headline[i].Label.Zh += "（整个活动期间合计）"
	}
	for i := range 7 {
		d := r.Districts[i%len(r.Districts)]
		d.District = fmt.Sprintf("district-%d", i)
		d.Label = metrics.Text{Zh: fmt.Sprintf("第%d新区管委会", i+1), En: fmt.Sprintf("Xiangtan New District No. %d", i+1)}
		r.Districts = append(r.Districts, d)
	}
	return r
}

// TestPrintedWorkbookTextIsAtLeast8Points prints workbooks to PDF with LibreOffice and reads every
// glyph's size: none is below 8 points, on any sheet; the Summary prints its figures on one page
// and its charts on a second, every column on the page (none cut off to a page of its own).
func TestPrintedWorkbookTextIsAtLeast8Points(t *testing.T) {
	soffice, mutool := printTools(t)
	dir := *printOut
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, lang string
		r          *metrics.Report
		summary    int // pages the Summary prints on
	}{
		{"zh", "zh", fixtureReport(), 2},
		{"en", "en", fixtureReport(), 2},
		{"en-long", "en", longReport(), 2},
		{"zh-long", "zh", longReport(), 2},
	}
	var files []string
	for _, c := range cases {
		path := filepath.Join(dir, "workbook."+c.name+".xlsx")
		if err := WriteWorkbook(context.Background(), path, c.r, c.lang, WorkbookOptions{}); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	// A profile of its own, so that a LibreOffice already open does not take the conversion over.
	profile := "file://" + filepath.ToSlash(t.TempDir())
	cmd := exec.Command(soffice, append([]string{"-env:UserInstallation=" + profile, "--headless", "--convert-to", "pdf", "--outdir", dir}, files...)...)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Run(); err != nil {
		t.Fatalf("soffice --convert-to pdf: %v\n%s", err, output.String())
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := workbookTexts[c.lang]
			pages := readPrinted(t, mutool, filepath.Join(dir, "workbook."+c.name+".pdf"))
			if len(pages) == 0 {
				t.Fatal("no pages printed")
			}
			for _, p := range pages {
				for _, run := range p.runs {
					if run.size < 7.995 && strings.TrimSpace(run.text) != "" {
						t.Errorf("page %d (%s): %q prints at %.2f pt, below 8", p.number, p.sheet, run.text, run.size)
					}
				}
			}
			var summary []printedPage
			for _, p := range pages {
				if p.sheet == text.summarySheet {
					summary = append(summary, p)
				}
			}
			if len(summary) != c.summary {
				t.Fatalf("the Summary prints on %d pages, want %d (figures, then charts)", len(summary), c.summary)
			}
			first := summary[0].text
			var want []string
			for _, fig := range c.r.Headline {
				want = append(want, fig.Label.In(c.lang))
			}
			for _, d := range c.r.Districts {
				want = append(want, d.Label.In(c.lang))
			}
			for _, th := range c.r.Response.Compliance.Thresholds {
				want = append(want, text.thresholdLabel(th.Seconds))
			}
			// A wrapped label prints on two lines: compare without spaces and line breaks.
			squeeze := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), "")) }
			for _, w := range want {
				if !strings.Contains(squeeze(first), squeeze(w)) {
					t.Errorf("the Summary's first page lacks %q:\n%s", w, first)
				}
			}
		})
	}
}
