package reports

import (
	"archive/zip"
	"bufio"
	"cmp"
	"compress/flate"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// rezipModified is the modification time of every rezipped entry: the earliest a zip header can
// hold, so that it says nothing about when the file was built.
var rezipModified = time.Date(1980, time.January, 1, 0, 0, 0, 0, time.UTC)

// contentTypesPart is the OOXML part listing the content type of every other part.
const contentTypesPart = "[Content_Types].xml"

// rezip copies the zip archive src, of size bytes, to dst so that equal content gives equal bytes:
// entries in a fixed order ([Content_Types].xml, then _rels/.rels, then by name), every entry deflated
// and stamped with rezipModified, and the lists in [Content_Types].xml sorted, since excelize writes
// some of them in map order; the sheets are mended on the way (copySheet). Entries are streamed:
// only [Content_Types].xml and the sheets small enough to hold data bars are read whole.
func rezip(dst io.Writer, src io.ReaderAt, size int64) error {
	zr, err := zip.NewReader(src, size)
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
		if err := copyEntry(zw, entry); err != nil {
			return fmt.Errorf("rezip: %s: %w", entry.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("rezip: %w", err)
	}
	return nil
}

// copyEntry adds entry to zw, deflated and stamped with rezipModified.
func copyEntry(zw *zip.Writer, entry *zip.File) error {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: entry.Name, Method: zip.Deflate, Modified: rezipModified})
	if err != nil {
		return err
	}
	if entry.Name == contentTypesPart {
		content, err := readEntry(entry)
		if err != nil {
			return err
		}
		if content, err = sortContentTypes(content); err != nil {
			return err
		}
		_, err = w.Write(content)
		return err
	}
	if sheetPart(entry.Name) {
		return copySheet(w, entry)
	}
	rc, err := entry.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	// The reader checks the entry's size and checksum at its end.
	_, err = io.Copy(w, rc)
	return err
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

// newScratchDir creates a hidden folder beside path for the temporary files of writing it: excelize's
// stream buffers, the archive as excelize writes it and the normalised archive. Being on the same file
// system as path, the last can be renamed into place.
func newScratchDir(path string) (string, error) {
	return os.MkdirTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
}

// saveWorkbook writes f to path through files in the folder scratch, holding no more than a buffer of
// the archive in memory: excelize's File.Write builds the archive in a bytes.Buffer unless a zip
// writer of ours writes it elsewhere, here to a quickly compressed file; rezip then streams it,
// deflated again and in a fixed order, to a second file, which is renamed to path. A failure leaves
// path as it was. saveWorkbook closes f; the caller removes scratch.
func saveWorkbook(f *excelize.File, scratch, path string) error {
	raw, err := os.Create(filepath.Join(scratch, "excelize.xlsx"))
	if err != nil {
		return err
	}
	defer raw.Close()
	rawBuf := bufio.NewWriterSize(raw, 1<<20)
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return newScratchZipWriter(rawBuf) })
	// The archive goes to raw; Write hands the empty buffer it was given to io.Discard.
	if err := f.Write(io.Discard); err != nil {
		return err
	}
	if err := rawBuf.Flush(); err != nil {
		return err
	}
	// The archive holds everything now: closing f deletes excelize's stream buffers (as large as
	// the uncompressed sheets) before the second copy is made. The caller's Close is then a no-op.
	if err := f.Close(); err != nil {
		return err
	}
	size, err := raw.Seek(0, io.SeekCurrent)
	if err != nil {
		return err
	}

	out, err := os.Create(filepath.Join(scratch, "workbook.xlsx"))
	if err != nil {
		return err
	}
	defer out.Close()
	outBuf := bufio.NewWriterSize(out, 1<<20)
	if err := rezip(outBuf, raw, size); err != nil {
		return err
	}
	if err := outBuf.Flush(); err != nil {
		return err
	}
	if err := out.Chmod(0o644); err != nil {
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Rename(out.Name(), path)
}

// newScratchZipWriter returns the zip writer excelize writes the archive with: deflating at the
// fastest level, since rezip decompresses every part and compresses it again. Storing the parts
// instead would save a little time but double the scratch space: the archive would be as large as
// excelize's stream buffers, which exist beside it until it is complete.
func newScratchZipWriter(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	return zw
}
