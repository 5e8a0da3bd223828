// Package reports renders a campaign's figures into the files its readers use: the leadership
// workbook, the chart gallery with a page per chart, the bulletin text in Chinese and English, metrics.json and the
// data-quality table quality.csv.
//
// It takes a *metrics.Report and writes files; it never queries the warehouse and never reads the
// clock, so the same report always gives byte-identical files.
package reports

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"bulletin/metrics"
	"bulletin/templates"
)

// Options configures Write. The zero value writes every output in both languages with the built-in
// templates.
type Options struct {
	// Templates replaces the built-in bulletin templates (the --templates flag); nil uses templates.FS().
	Templates fs.FS
	// Detail, when not nil, adds the Detail sheets listing every call it yields to both workbooks
	// (see WorkbookOptions.Detail); it is called once per workbook.
	Detail CallSource
}

// Write renders every output of r into the folder dir and returns the names of the files written.
// The outputs are first written to a new sibling folder, which replaces dir only when every file is
// complete: a failed run leaves the previous outputs as they were.
//
// The gallery (GalleryPage) and the chart pages (ChartsDir) are laid out by the html/template
// files GalleryTemplateName, ChartTemplateName and LayoutTemplateName. They are executed with a view
// whose fields are .Lang, .Title (the campaign), .Unit, .Period, .Published, .Root (the way back to
// the output folder), .Gallery (the gallery's file name there), .Other (the page in the other
// language, when the campaign has it: .Label, .Href), .Headline (.Label,
// .Value, .Unit), .Bulletin (blocks with .Level 0 for a paragraph, 1 or 2 for a heading, and .Text),
// .Plain (the bulletin as plain text), .Charts (.ID, .Title, .Note, .File, .Page, .Save, .Open,
// .Options, .Text), .Downloads (.Label, .Href, .Note) and .Text (the page's fixed words by key).
func Write(ctx context.Context, dir string, r *metrics.Report, opts Options) ([]string, error) {
	tmpl := templates.FS()
	if opts.Templates != nil {
		tmpl = overlayFS{opts.Templates, tmpl}
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	staging, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".new-*")
	if err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	defer os.RemoveAll(staging)
	if err := os.Chmod(staging, 0o755); err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}

	var names []string
	write := func(name string, render func(path string) error) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := render(filepath.Join(staging, name)); err != nil {
			return err
		}
		names = append(names, name)
		return nil
	}
	if err := write("metrics.json", func(path string) error { return WriteMetricsJSON(path, r) }); err != nil {
		return nil, err
	}
	if err := write("quality.csv", func(path string) error { return writeQualityCSVFile(path, r.Quality) }); err != nil {
		return nil, err
	}
	if err := writeAssets(staging); err != nil {
		return nil, err
	}
	names = append(names, AssetsDir, ChartsDir)
	for _, lang := range Languages(r) {
		var bulletin []byte
		steps := []struct {
			name   string
			render func(path string) error
		}{
			{"bulletin." + lang + ".md", func(path string) (err error) {
				bulletin, err = renderBulletin(r, lang, tmpl)
				if err != nil {
					return fmt.Errorf("bulletin %s: %w", path, err)
				}
				return replaceFile(path, bulletin)
			}},
			{GalleryPage(r, lang), func(string) error { return writeGallery(ctx, staging, r, lang, tmpl, bulletin) }},
			{"summary." + lang + ".xlsx", func(path string) error {
				return WriteWorkbook(ctx, path, r, lang, WorkbookOptions{Detail: opts.Detail})
			}},
		}
		for _, step := range steps {
			if err := write(step.name, step.render); err != nil {
				return nil, err
			}
		}
	}
	if err := swapDir(staging, dir); err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	return names, nil
}

// Languages returns the languages r is published in: the campaign's, or both when it names none.
func Languages(r *metrics.Report) []string {
	if len(r.Campaign.Languages) == 0 {
		return []string{"zh", "en"}
	}
	return r.Campaign.Languages
}

// overlayFS looks a name up in the user's folder first and in the built-in templates after, so that
// a --templates folder needs to hold only the templates it changes.
type overlayFS struct {
	user, builtin fs.FS
}

// Open opens name from the user's folder, or from the built-in templates when the folder has none.
func (o overlayFS) Open(name string) (fs.File, error) {
	f, err := o.user.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return o.builtin.Open(name)
	}
	return f, err
}

// swapDir puts the folder staging in the place of dir, keeping the old dir until the new one is in
// place. Where the system can exchange two names in one step (exchangeDirs), dir always holds one
// complete set of outputs; elsewhere dir is missing for the moment between two renames.
func swapDir(staging, dir string) error {
	if exchangeDirs(staging, dir) == nil {
		return os.RemoveAll(staging) // now the old outputs
	}
	old := ""
	if _, err := os.Stat(dir); err == nil {
		old = staging + ".old"
		if err := os.Rename(dir, old); err != nil {
			return err
		}
	}
	if err := os.Rename(staging, dir); err != nil {
		if old != "" {
			os.Rename(old, dir)
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// WriteMetricsJSON writes r as indented JSON (schema metrics.SchemaVersion, documented in
// docs/metrics.md) to path.
func WriteMetricsJSON(path string, r *metrics.Report) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return replaceFile(path, append(data, '\n'))
}
