// Package templates holds the text templates of the published bulletin, one per language:
// bulletin.zh.md.tmpl and bulletin.en.md.tmpl. reports.WriteBulletin renders them; the functions a
// template may call are documented there.
//
// The templates are compiled into the binary. `bulletin --templates DIR` swaps in os.DirFS(DIR), so
// that a press office can reword the bulletin without rebuilding; a copy of this folder is the place
// to start.
package templates

import (
	"embed"
	"io/fs"
)

//go:embed *.tmpl
var files embed.FS

// FS returns the embedded bulletin templates, named as reports.BulletinTemplateName gives them.
func FS() fs.FS {
	return files
}
