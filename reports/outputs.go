// Package reports renders a campaign's figures into the files its readers use: the leadership
// workbook, the chart gallery with a page per chart, the bulletin text in Chinese and English, metrics.json and the
// data-quality table quality.csv.
//
// An output folder keeps the internal files apart from the public ones. The public set (the
// galleries index*.html, charts/, assets/ and bulletin.*.md) is at the top of the folder; the files
// that hold unpublished figures or row-level data (the workbooks summary.*.xlsx, metrics.json and
// quality.csv, whose examples name call ids) are in its subfolder InternalDir, marked 内部资料 /
// Internal, and no public page links them.
//
// It takes a *metrics.Report and writes files; it never queries the warehouse and never reads the
// clock (the generation time it stamps is given in Options), so the same report always gives
// byte-identical files.
package reports

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

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
	// Version is the version of the program writing the outputs, stamped in metrics.json, the
	// workbooks' document properties and the gallery's footer; empty is written as "unknown".
	Version string
	// GeneratedAt is the generation time stamped beside Version. The zero value stands for the
	// campaign's publication date (midnight UTC), so that the same report gives the same files.
	GeneratedAt time.Time
}

// InternalDir is the subfolder of an output folder that holds the internal outputs: the workbooks,
// metrics.json, quality.csv and InternalReadme. `bulletin serve` does not publish it unless asked.
const InternalDir = "internal"

// InternalReadme is the file in InternalDir that marks the folder as internal; quality.csv itself
// cannot carry the mark without breaking its readers (a CSV has no comment lines).
const InternalReadme = "README.txt"

// InternalMark returns the words that mark an internal output in lang: 内部资料 in Chinese,
// Internal otherwise.
func InternalMark(lang string) string {
	if lang == "zh" {
		return "内部资料"
	}
	return "Internal"
}

// internalReadme is the text of InternalReadme.
const internalReadme = "内部资料 — Internal\r\n" +
	"\r\n" +
	"本文件夹中的文件（领导汇总表 summary.*.xlsx、metrics.json、quality.csv）含未做公开处理的数据和\r\n" +
	"逐条警情记录（数据质量示例中的警情编号），仅供内部使用，不得公开发布。可公开的文件在上一级文件夹：\r\n" +
	"图表总览 index*.html、charts/、assets/ 和通报文稿 bulletin.*.md。\r\n" +
	"\r\n" +
	"The files in this folder (the leadership workbooks summary.*.xlsx, metrics.json and quality.csv)\r\n" +
	"hold figures not prepared for publication and row-level data (call ids in the data-quality\r\n" +
	"examples). They are for internal use only and must not be published. The public files are in the\r\n" +
	"folder above: the galleries index*.html, charts/, assets/ and the bulletin texts bulletin.*.md.\r\n"

// Stamp says which program wrote an output, and when.
type Stamp struct {
	// Version is the program's version ("unknown" when not known).
	Version string `json:"version"`
	// GeneratedAt is the generation time in UTC, RFC 3339.
	GeneratedAt string `json:"generated_at"`
}

// stamp returns the Stamp of opts for r: an empty version becomes "unknown", a zero time the
// campaign's publication date.
func (opts Options) stamp(r *metrics.Report) (Stamp, error) {
	s := Stamp{Version: opts.Version}
	if s.Version == "" {
		s.Version = "unknown"
	}
	at := opts.GeneratedAt
	if at.IsZero() {
		published, err := time.Parse(time.DateOnly, r.Campaign.Published)
		if err != nil {
			return s, fmt.Errorf("campaign published date: %w", err)
		}
		at = published
	}
	s.GeneratedAt = at.UTC().Format(time.RFC3339)
	return s, nil
}

// Write renders every output of r into the folder dir and returns the names of the files written,
// relative to dir (the internal ones as internal/NAME). The outputs are first written to a new
// sibling folder, which replaces dir only when every file is complete: a failed run leaves the
// previous outputs as they were. Staging folders that earlier runs left behind (a run killed before
// it could remove its own) are removed first; see RemoveStaleStaging.
//
// The gallery (GalleryPage) and the chart pages (ChartsDir) are laid out by the html/template
// files GalleryTemplateName, ChartTemplateName and LayoutTemplateName. They are executed with a view
// whose fields are .Lang, .Title (the campaign), .Unit, .Period, .Published, .Root (the way back to
// the output folder), .Gallery (the gallery's file name there), .Other (the page in the other
// language, when the campaign has it: .Label, .Href), .Headline (.Label,
// .Value, .Unit), .Bulletin (blocks with .Level 0 for a paragraph, 1 or 2 for a heading, and .Text),
// .Plain (the bulletin as plain text), .Charts (.ID, .Title, .Note, .File, .Page, .Save, .Open,
// .Options, .Text), .Downloads (.Label, .Href, .Note), .Generated (the program and generation time, for the footer) and .Text (the page's fixed words by key).
func Write(ctx context.Context, dir string, r *metrics.Report, opts Options) ([]string, error) {
	tmpl := templates.FS()
	if opts.Templates != nil {
		tmpl = overlayFS{opts.Templates, tmpl}
	}
	stamp, err := opts.stamp(r)
	if err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	staging, err := os.MkdirTemp(parent, stagingPrefix(dir)+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	defer os.RemoveAll(staging)
	if err := os.Chmod(staging, 0o755); err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	if _, err := RemoveStaleStaging(dir, staging); err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	if err := os.Mkdir(filepath.Join(staging, InternalDir), 0o755); err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}

	var names []string
	write := func(name string, render func(path string) error) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := render(filepath.Join(staging, filepath.FromSlash(name))); err != nil {
			return err
		}
		names = append(names, name)
		return nil
	}
	internal := func(name string) string { return InternalDir + "/" + name }
	if err := write(internal(InternalReadme), func(path string) error { return replaceFile(path, []byte(internalReadme)) }); err != nil {
		return nil, err
	}
	if err := write(internal("metrics.json"), func(path string) error { return WriteMetricsJSON(path, r, stamp) }); err != nil {
		return nil, err
	}
	if err := write(internal("quality.csv"), func(path string) error { return writeQualityCSVFile(path, r.Quality) }); err != nil {
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
			{GalleryPage(r, lang), func(string) error { return writeGallery(ctx, staging, r, lang, tmpl, bulletin, stamp) }},
			{internal("summary." + lang + ".xlsx"), func(path string) error {
				return WriteWorkbook(ctx, path, r, lang, WorkbookOptions{Detail: opts.Detail, Stamp: stamp})
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

// metricsFile is what metrics.json holds: the report's fields after the mark and the stamp.
type metricsFile struct {
	// Classification marks the file as internal: it holds figures not prepared for publication.
	Classification string `json:"classification"`
	Generator      Stamp  `json:"generator"`
	*metrics.Report
}

// WriteMetricsJSON writes r as indented JSON (schema metrics.SchemaVersion, documented in
// docs/metrics.md) to path, with the top-level fields "classification": "internal" and
// "generator" (stamp) before the report's own.
func WriteMetricsJSON(path string, r *metrics.Report, stamp Stamp) error {
	if r == nil {
		return fmt.Errorf("write %s: no report", path)
	}
	data, err := json.MarshalIndent(metricsFile{Classification: "internal", Generator: stamp, Report: r}, "", "  ")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return replaceFile(path, append(data, '\n'))
}

// stagingPrefix is how the names of dir's staging folders begin; the rest is the owner's process id,
// a dash and a random number (".out.new-1234-5678").
func stagingPrefix(dir string) string {
	return "." + filepath.Base(filepath.Clean(dir)) + ".new-"
}

// staleStagingAge is the age past which a staging folder whose owner cannot be told (one written by
// an earlier version, without a process id in its name, or on a system where bulletin cannot ask
// whether a process lives) is taken for abandoned: a report writes its outputs in minutes.
const staleStagingAge = 6 * time.Hour

// RemoveStaleStaging removes the staging folders of dir that earlier runs left behind and returns
// their paths. own is the caller's own staging folder, which is kept; its modification time stands
// for now, so that the age of the others is read from the file system's clock. A folder is removed
// when the process named in it is gone, or, when that cannot be told, when it is older than six
// hours; the folder of a report still running (in another process) is left alone.
func RemoveStaleStaging(dir, own string) ([]string, error) {
	parent, prefix := filepath.Dir(filepath.Clean(dir)), stagingPrefix(dir)
	ownInfo, err := os.Stat(own)
	if err != nil {
		return nil, fmt.Errorf("remove stale staging folders: %w", err)
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil, fmt.Errorf("remove stale staging folders: %w", err)
	}
	var removed []string
	for _, e := range entries {
		name := e.Name()
		path := filepath.Join(parent, name)
		if !strings.HasPrefix(name, prefix) || !e.IsDir() || path == filepath.Clean(own) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // removed meanwhile
		}
		old := ownInfo.ModTime().Sub(info.ModTime()) > staleStagingAge
		pid, hasPID := stagingOwner(strings.TrimPrefix(name, prefix))
		switch {
		case hasPID && pid == os.Getpid():
			// Another Write of this process, running concurrently; it removes its own.
			continue
		case hasPID:
			if alive, known := processAlive(pid); known && alive || !known && !old {
				continue
			}
		case !old:
			continue
		}
		if err := os.RemoveAll(path); err != nil {
			return removed, fmt.Errorf("remove stale staging folder: %w", err)
		}
		removed = append(removed, path)
	}
	return removed, nil
}

// stagingOwner reads the process id from the part of a staging folder's name after its prefix,
// "PID-RANDOM" (or "PID-RANDOM.old" while swapDir keeps the previous outputs there).
func stagingOwner(rest string) (int, bool) {
	pid, random, ok := strings.Cut(rest, "-")
	if !ok || random == "" {
		return 0, false
	}
	n, err := strconv.Atoi(pid)
	if err != nil || n <= 0 {
		return 0, false
	}
	return n, true
}
