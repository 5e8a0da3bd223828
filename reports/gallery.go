package reports

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"bulletin/metrics"
)

// Gallery file names, relative to the output folder. The pages work from file:// and from
// `bulletin serve` alike: they reference only these files, by relative paths.
const (
	// ChartsDir holds one page per chart and language: charts/<file>.<lang>.html.
	ChartsDir = "charts"
	// AssetsDir holds the scripts the pages load: the pinned ECharts build and gallery.js.
	AssetsDir = "assets"
)

// GalleryTemplateName and ChartTemplateName are the html/template files, looked up in the same fs.FS
// as the bulletin templates, that lay out the gallery and each chart's own page.
const (
	GalleryTemplateName = "gallery.html.tmpl"
	ChartTemplateName   = "chart.html.tmpl"
	// LayoutTemplateName holds the parts both pages share: styles, the chart card, the scripts.
	LayoutTemplateName = "layout.html.tmpl"
)

// GalleryPageName returns the gallery's file name for lang in a campaign published in Chinese and
// English: index.html in Chinese, the language the center publishes in, and index.en.html in
// English. GalleryPage gives the name for any campaign.
func GalleryPageName(lang string) string {
	if lang == "zh" {
		return "index.html"
	}
	return "index." + lang + ".html"
}

// GalleryPage returns the gallery's file name for lang in the outputs of r: index.html in the
// campaign's first language, index.LANG.html in another (index.en.html for a campaign in Chinese and
// English, index.html for one in English only).
func GalleryPage(r *metrics.Report, lang string) string {
	if langs := Languages(r); len(langs) > 0 && langs[0] == lang {
		return "index.html"
	}
	return "index." + lang + ".html"
}

// chartPageName returns the path of a chart's own page relative to the output folder.
func chartPageName(file, lang string) string {
	return ChartsDir + "/" + file + "." + lang + ".html"
}

//go:embed web
var web embed.FS

// galleryView is what the gallery and chart templates are executed with. Every string is plain text:
// html/template escapes it for the context it lands in. Options are pre-encoded JSON (template.JS),
// from encoding/json, which escapes <, > and &.
type galleryView struct {
	Lang      string // "zh" or "en", the page's lang attribute
	Title     string // the campaign's name
	Unit      string // the issuing unit
	Period    string // the campaign period in words
	Published string // the publication date in words
	Root      string // the way back to the output folder: "" for the gallery, "../" for a chart page
	Gallery   string // the gallery's file name in the output folder (GalleryPage)
	// Other is the same page in the other language; its Href is empty when the campaign publishes
	// in one language only.
	Other     link
	Headline  []tile
	Bulletin  []block // the bulletin text as headings and paragraphs
	Plain     string  // the bulletin text without Markdown, for the copy button
	Charts    []chartView
	Downloads []link
	Text      map[string]string // the page's fixed words in its language
	Generated string            // the program and generation time, for the footer
}

// tile is one headline figure as the gallery shows it.
type tile struct {
	Label, Value, Unit string
}

// block is a heading (Level 1 or 2) or a paragraph (Level 0) of the bulletin text.
type block struct {
	Level int
	Text  string
}

// link is a file of the output folder the page links to.
type link struct {
	Label, Href, Note string
}

// chartView is one chart as the templates place it.
type chartView struct {
	ID, Title, Note string
	File            string // the stem of the chart's pages: daily-trend
	Page            string // the chart's own page, relative to the output folder
	Save            string // the stem of downloaded pictures: daily-trend-zh
	Open            string // the link to the chart's own page, "" on that page
	Options         template.JS
	Text            map[string]string // the page's fixed words, for the buttons
}

// galleryText holds the fixed words of the pages.
var galleryText = map[string]map[string]string{
	"zh": {
		"gallery": "统计图表与通报", "headline": "主要数据", "bulletin": "通报文稿", "charts": "统计图表",
		"downloads": "文件下载", "copy": "复制全文", "copied": "已复制", "png": "下载PNG图片", "svg": "下载SVG矢量图",
		"wechat": "微信公众号配图", "wechatTiles": "主要数据长图（微信）",
		"open": "单独打开", "source": "来源：", "period": "统计时段：", "published": "发布日期：", "sep": "　", "back": "返回图表总览",
		"offline": "本页及图表均在本地生成，无需联网。", "generated": "由 bulletin %s 生成于 %s",
	},
	"en": {
		"gallery": "Charts and bulletin", "headline": "Headline figures", "bulletin": "Bulletin text", "charts": "Charts",
		"downloads": "Files", "copy": "Copy the text", "copied": "Copied", "png": "Download PNG", "svg": "Download SVG",
		"wechat": "WeChat image", "wechatTiles": "Headline figures as a long image (WeChat)",
		"open": "Open on its own", "source": "Source: ", "period": "Period: ", "published": "Published ", "sep": " · ", "back": "Back to the gallery",
		"offline": "This page and its charts were made locally and need no network.", "generated": "Made by bulletin %s at %s",
	},
}

// writeGallery writes the gallery page of lang and one page per chart into dir, the bulletin text
// (Markdown) into the gallery, from the layouts in tmpl. The assets the pages load are written by
// writeAssets.
func writeGallery(ctx context.Context, dir string, r *metrics.Report, lang string, tmpl fs.FS, bulletin []byte, stamp Stamp) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	built, err := buildCharts(r, lang)
	if err != nil {
		return fmt.Errorf("gallery %s: %w", lang, err)
	}
	view, err := newGalleryView(r, lang, built, bulletin)
	if err != nil {
		return fmt.Errorf("gallery %s: %w", lang, err)
	}
	view.Generated = fmt.Sprintf(view.Text["generated"], stamp.Version, stamp.GeneratedAt)
	gallery, err := parsePageTemplate(tmpl, GalleryTemplateName)
	if err != nil {
		return err
	}
	page, err := parsePageTemplate(tmpl, ChartTemplateName)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, ChartsDir), 0o755); err != nil {
		return fmt.Errorf("gallery: %w", err)
	}
	html, err := executePage(gallery, view)
	if err != nil {
		return err
	}
	if err := replaceFile(filepath.Join(dir, GalleryPage(r, lang)), html); err != nil {
		return fmt.Errorf("gallery: %w", err)
	}
	for _, c := range view.Charts {
		if err := ctx.Err(); err != nil {
			return err
		}
		one := *view
		one.Root = "../"
		c.Open = ""
		one.Charts = []chartView{c}
		// The chart's page in the other language, when the campaign has it, sits beside it.
		if one.Other.Href != "" {
			one.Other.Href = c.File + "." + otherLang(lang) + ".html"
		}
		html, err := executePage(page, &one)
		if err != nil {
			return err
		}
		if err := replaceFile(filepath.Join(dir, filepath.FromSlash(c.Page)), html); err != nil {
			return fmt.Errorf("gallery: %w", err)
		}
	}
	return nil
}

// otherLang is the language a page links to, when the campaign publishes in both.
func otherLang(lang string) string {
	if lang == "zh" {
		return "en"
	}
	return "zh"
}

// parsePageTemplate parses one page layout. Its errors name the template file and line.
func parsePageTemplate(tmpl fs.FS, name string) (*template.Template, error) {
	t, err := template.New(name).Option("missingkey=error").ParseFS(tmpl, name, LayoutTemplateName)
	if err != nil {
		return nil, fmt.Errorf("page template: %w", err)
	}
	return t, nil
}

// executePage renders a page layout into memory, so that a failing template writes nothing.
func executePage(t *template.Template, view *galleryView) ([]byte, error) {
	var buf bytes.Buffer
	if err := t.Execute(&buf, view); err != nil {
		return nil, fmt.Errorf("page template: %w", err)
	}
	return buf.Bytes(), nil
}

// newGalleryView gathers what the pages of lang show.
func newGalleryView(r *metrics.Report, lang string, built []chart, bulletin []byte) (*galleryView, error) {
	period, err := formatPeriod(lang, r.Campaign.Start, r.Campaign.End)
	if err != nil {
		return nil, fmt.Errorf("campaign period: %w", err)
	}
	published, err := formatLongDate(lang, r.Campaign.Published)
	if err != nil {
		return nil, fmt.Errorf("campaign published date: %w", err)
	}
	v := &galleryView{
		Lang: lang, Title: r.Campaign.Name.In(lang), Unit: r.Campaign.Unit.In(lang),
		Period: period, Published: published, Text: galleryText[lang], Gallery: GalleryPage(r, lang),
	}
	if other := otherLang(lang); slices.Contains(Languages(r), other) {
		v.Other = link{Label: map[string]string{"zh": "中文", "en": "English"}[other], Href: GalleryPage(r, other)}
	}
	for _, f := range r.Headline {
		v.Headline = append(v.Headline, tile{Label: f.Label.In(lang), Value: formatInt(lang, f.Value), Unit: f.Unit.In(lang)})
	}
	v.Bulletin, v.Plain = bulletinBlocks(bulletin)
	for _, c := range built {
		options, err := encodeOptions(c)
		if err != nil {
			return nil, err
		}
		v.Charts = append(v.Charts, chartView{
			ID: c.ID, Title: c.Title, Note: c.Note, File: c.File, Page: chartPageName(c.File, lang),
			Save: c.File + "-" + lang, Open: chartPageName(c.File, lang), Options: template.JS(options),
			Text: v.Text,
		})
	}
	t := func(zh, en string) string {
		if lang == "zh" {
			return zh
		}
		return en
	}
	// The workbook is internal (InternalDir): the public page links only the public files.
	v.Downloads = []link{
		{Label: t("通报文稿（Markdown）", "Bulletin text (Markdown)"), Href: "bulletin." + lang + ".md"},
	}
	return v, nil
}

// bulletinBlocks splits the bulletin's Markdown into headings and paragraphs, and returns it also
// as plain text. The shipped templates use only "# ", "## " and paragraphs; any other Markdown is
// shown as written. The backslash escapes that keep the data's text from being Markdown
// (escapeMarkdown) are undone, and the text stays text: the page template escapes it.
func bulletinBlocks(md []byte) ([]block, string) {
	var blocks []block
	var plain []string
	for _, para := range strings.Split(strings.ReplaceAll(string(md), "\r\n", "\n"), "\n\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		b := block{Text: para}
		switch {
		case strings.HasPrefix(para, "# "):
			b = block{Level: 1, Text: strings.TrimSpace(para[2:])}
		case strings.HasPrefix(para, "## "):
			b = block{Level: 2, Text: strings.TrimSpace(para[3:])}
		}
		b.Text = unescapeMarkdown(b.Text)
		blocks = append(blocks, b)
		plain = append(plain, b.Text)
	}
	return blocks, strings.Join(plain, "\n\n") + "\n"
}

// writeAssets writes the scripts the pages load into dir/assets: the embedded ECharts build with its
// licence and notice, and gallery.js.
func writeAssets(dir string) error {
	script, err := echartsScript()
	if err != nil {
		return err
	}
	files := map[string][]byte{"echarts.min.js": script}
	for _, name := range []string{"ECHARTS-LICENSE", "ECHARTS-NOTICE"} {
		content, err := assets.ReadFile("assets/" + name)
		if err != nil {
			return fmt.Errorf("read embedded %s: %w (run scripts/fetch-echarts.sh)", name, err)
		}
		files[name] = content
	}
	js, err := web.ReadFile("web/gallery.js")
	if err != nil {
		return fmt.Errorf("read embedded gallery.js: %w", err)
	}
	files["gallery.js"] = js
	if err := os.MkdirAll(filepath.Join(dir, AssetsDir), 0o755); err != nil {
		return fmt.Errorf("assets: %w", err)
	}
	for _, name := range []string{"ECHARTS-LICENSE", "ECHARTS-NOTICE", "echarts.min.js", "gallery.js"} {
		if err := replaceFile(filepath.Join(dir, AssetsDir, name), files[name]); err != nil {
			return fmt.Errorf("assets: %w", err)
		}
	}
	return nil
}
