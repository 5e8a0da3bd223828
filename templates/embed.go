// Package templates holds the templates users may edit: the texts of the published bulletin, one per
// bulletin and language (bulletin.NAME.LANG.md.tmpl, text/template: "default", which reads well for
// any campaign from what its file declares, and "xiangtan", the sample campaign's own, in the
// structure of its published bulletin; a campaign file chooses one with its bulletin key), and the
// layouts of the chart gallery (gallery.html.tmpl, chart.html.tmpl and their shared
// layout.html.tmpl, html/template).
// reports.WriteBulletin documents the functions a bulletin template may call; reports.Write documents
// the data the page layouts are executed with.
//
// The templates are compiled into the binary. `bulletin --templates DIR` reads each template from DIR
// first and from here otherwise, so that a press office can reword the bulletin or restyle the pages
// without rebuilding; a copy of this folder is the place to start.
package templates

import (
	"embed"
	"io/fs"
)

//go:embed *.tmpl
var files embed.FS

// FS returns the embedded templates, named as reports.BulletinTemplateName, reports.GalleryTemplateName,
// reports.ChartTemplateName and reports.LayoutTemplateName give them.
func FS() fs.FS {
	return files
}
