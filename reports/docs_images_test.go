package reports

import (
	"flag"
	"image"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"bulletin/internal/browsertest"
)

// docsOut and docsImages make TestDocsImages write the pictures the README and docs show: go test
// -tags duckdb_arrow ./reports/ -run TestDocsImages -docs-out ../out -docs-images ../docs/images,
// after scripts/run-sample.sh has written out/. Like -update, they regenerate files and check nothing.
var (
	docsOut    = flag.String("docs-out", "", "the sample's output folder to take the docs' pictures of")
	docsImages = flag.String("docs-images", "", "the folder to write the docs' pictures to")
)

// TestDocsImages writes the docs' pictures of the sample's outputs: the Chinese gallery at 1400 px,
// the English one at 390 px (each cut to its top), the WeChat picture of the compliance chart and
// of the headline figures, and the first printed page of each Summary (LibreOffice, then mutool). It
// runs only when -docs-out and -docs-images are given.
func TestDocsImages(t *testing.T) {
	if *docsOut == "" || *docsImages == "" {
		t.Skip("regenerates the docs' pictures only with -docs-out and -docs-images")
	}
	srv := serveFolder(t, *docsOut)
	b := browsertest.New(t, srv.URL)
	for _, shot := range []struct {
		page, name    string
		width, height int
	}{
		{"index.html", "gallery-1400-zh.png", 1400, 2000},
		{"index.en.html", "gallery-390-en.png", 390, 2600},
	} {
		b.SetViewport(shot.width, 900)
		b.Navigate(srv.URL + "/" + shot.page)
		b.WaitFor(chartsReady, chartsReadyTimeout)
		full := filepath.Join(t.TempDir(), shot.name)
		b.Screenshot(full)
		writeTop(t, full, filepath.Join(*docsImages, shot.name), shot.height)
	}
	b.SetViewport(390, 900)
	b.SetDownloadDir(t.TempDir())
	b.Navigate(srv.URL + "/index.en.html")
	b.WaitFor(chartsReady, chartsReadyTimeout)
	for selector, name := range map[string]string{
		`button[data-download="wechat"][data-for="district_compliance"]`: "wechat-district-compliance-en.png",
		`button[data-download="tiles"]`:                                  "wechat-headline-en.png",
	} {
		file := b.ClickDownload(selector)
		data, err := os.ReadFile(file.Path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(*docsImages, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The Summary's first printed page, as LibreOffice prints the sample's workbooks.
	soffice, mutool := printTools(t)
	pdfs := t.TempDir()
	profile := "file://" + filepath.ToSlash(t.TempDir())
	var written []string
	for _, lang := range []string{"zh", "en"} {
		book := filepath.Join(*docsOut, InternalDir, "summary."+lang+".xlsx")
		if out, err := exec.Command(soffice, "-env:UserInstallation="+profile, "--headless", "--convert-to", "pdf", "--outdir", pdfs, book).CombinedOutput(); err != nil {
			t.Fatalf("soffice %s: %v\n%s", book, err, out)
		}
		png := filepath.Join(*docsImages, "summary-"+lang+".png")
		if out, err := exec.Command(mutool, "draw", "-q", "-r", "110", "-o", png, filepath.Join(pdfs, "summary."+lang+".pdf"), "1").CombinedOutput(); err != nil {
			t.Fatalf("mutool draw: %v\n%s", err, out)
		}
		written = append(written, png)
	}
	for _, name := range []string{"gallery-1400-zh.png", "gallery-390-en.png", "wechat-district-compliance-en.png", "wechat-headline-en.png"} {
		written = append(written, filepath.Join(*docsImages, name))
	}
	// Smaller files for the repository, when pngquant is at hand (Debian: pngquant); only the
	// pictures written here, so that one already quantised is not quantised again.
	if path, err := exec.LookPath("pngquant"); err == nil {
		for _, f := range written {
			if out, err := exec.Command(path, "--force", "--skip-if-larger", "--ext", ".png", "256", f).CombinedOutput(); err != nil && len(out) > 0 {
				t.Logf("pngquant %s: %s", f, out)
			}
		}
	}
}

// writeTop writes the top height pixels of the PNG from to the file to.
func writeTop(t *testing.T, from, to string, height int) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	img, err := png.Decode(in)
	if err != nil {
		t.Fatal(err)
	}
	bounds := img.Bounds()
	if bounds.Dy() > height {
		bounds.Max.Y = bounds.Min.Y + height
	}
	top := image.NewRGBA(image.Rect(0, 0, bounds.Dx(), bounds.Dy()))
	draw.Draw(top, top.Bounds(), img, bounds.Min, draw.Src)
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(out, top); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
