package reports

import (
	"archive/zip"
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// rezipModified is the modification time of every rezipped entry: the earliest a zip header can
// hold, so that it says nothing about when the file was built.
var rezipModified = time.Date(1980, time.January, 1, 0, 0, 0, 0, time.UTC)

// contentTypesPart is the OOXML part listing the content type of every other part.
const contentTypesPart = "[Content_Types].xml"

// rezip copies the zip archive src to dst so that equal content gives equal bytes: entries in a fixed
// order ([Content_Types].xml, then _rels/.rels, then by name), every entry deflated and stamped with
// rezipModified, and the lists in [Content_Types].xml sorted, since excelize writes some of them in
// map order.
func rezip(dst io.Writer, src []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		return fmt.Errorf("rezip: %w", err)
	}
	entries := slices.Clone(zr.File)
	slices.SortFunc(entries, func(a, b *zip.File) int {
		return cmp.Or(cmp.Compare(entryRank(a.Name), entryRank(b.Name)), strings.Compare(a.Name, b.Name))
	})
	for i := 1; i < len(entries); i++ {
		if entries[i].Name == entries[i-1].Name {
			return fmt.Errorf("rezip: entry %s appears twice", entries[i].Name)
		}
	}

	zw := zip.NewWriter(dst)
	for _, entry := range entries {
		content, err := readEntry(entry)
		if err != nil {
			return fmt.Errorf("rezip: %s: %w", entry.Name, err)
		}
		if entry.Name == contentTypesPart {
			if content, err = sortContentTypes(content); err != nil {
				return fmt.Errorf("rezip: %s: %w", entry.Name, err)
			}
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: entry.Name, Method: zip.Deflate, Modified: rezipModified})
		if err != nil {
			return fmt.Errorf("rezip: %s: %w", entry.Name, err)
		}
		if _, err := w.Write(content); err != nil {
			return fmt.Errorf("rezip: %s: %w", entry.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("rezip: %w", err)
	}
	return nil
}

// entryRank puts the parts a reader looks for first at the front of the archive.
func entryRank(name string) int {
	switch name {
	case contentTypesPart:
		return 0
	case "_rels/.rels":
		return 1
	}
	return 2
}

func readEntry(entry *zip.File) ([]byte, error) {
	rc, err := entry.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// contentTypes is [Content_Types].xml: a default content type per file extension and an override
// per part.
type contentTypes struct {
	XMLName   xml.Name              `xml:"http://schemas.openxmlformats.org/package/2006/content-types Types"`
	Defaults  []contentTypeDefault  `xml:"Default"`
	Overrides []contentTypeOverride `xml:"Override"`
}

type contentTypeDefault struct {
	Extension   string `xml:"Extension,attr"`
	ContentType string `xml:"ContentType,attr"`
}

type contentTypeOverride struct {
	PartName    string `xml:"PartName,attr"`
	ContentType string `xml:"ContentType,attr"`
}

// sortContentTypes rewrites a [Content_Types].xml with its defaults sorted by extension and its
// overrides by part name.
func sortContentTypes(content []byte) ([]byte, error) {
	var types contentTypes
	if err := xml.Unmarshal(content, &types); err != nil {
		return nil, err
	}
	slices.SortFunc(types.Defaults, func(a, b contentTypeDefault) int {
		return strings.Compare(a.Extension, b.Extension)
	})
	slices.SortFunc(types.Overrides, func(a, b contentTypeOverride) int {
		return strings.Compare(a.PartName, b.PartName)
	})
	out, err := xml.Marshal(types)
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), out...), nil
}
