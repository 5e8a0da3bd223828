package reports

import (
	"archive/zip"
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

// zipEntry is one file of a zip archive built for a test.
type zipEntry struct {
	name, content string
	modified      time.Time
	method        uint16
}

func buildZip(t *testing.T, entries ...zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Modified: e.modified, Method: e.method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, e.content); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func rezipForTest(t *testing.T, src []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := rezip(&out, bytes.NewReader(src), int64(len(src))); err != nil {
		t.Fatalf("rezip: %v", err)
	}
	return out.Bytes()
}

const (
	typesInOneOrder = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/xl/workbook.xml" ContentType="wb"/><Override PartName="/xl/charts/chart1.xml" ContentType="chart"/></Types>`
	typesInOtherOrder = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="png" ContentType="image/png"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/charts/chart1.xml" ContentType="chart"/><Override PartName="/xl/workbook.xml" ContentType="wb"/></Types>`
)

func TestRezipOrdersEntriesAndFixesTheirTimes(t *testing.T) {
	built := time.Date(2031, 7, 4, 13, 14, 15, 0, time.Local)
	src := buildZip(t,
		zipEntry{"xl/workbook.xml", "<workbook/>", built, zip.Store},
		zipEntry{"_rels/.rels", "<rels/>", built.Add(time.Hour), zip.Deflate},
		zipEntry{"[Content_Types].xml", typesInOneOrder, built, zip.Deflate},
		zipEntry{"docProps/app.xml", "<app/>", built, zip.Store},
	)
	out := rezipForTest(t, src)
	zr, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("%s modified %v, want 1980-01-01 00:00 UTC", f.Name, f.Modified)
		}
		if f.Method != zip.Deflate {
			t.Errorf("%s method %d, want deflate", f.Name, f.Method)
		}
		if f.Name == "[Content_Types].xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"xl/workbook.xml": "<workbook/>", "_rels/.rels": "<rels/>", "docProps/app.xml": "<app/>"}[f.Name]
		if string(content) != want {
			t.Errorf("%s = %q, want %q unchanged", f.Name, content, want)
		}
	}
	want := []string{"[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "xl/workbook.xml"}
	if !slices.Equal(names, want) {
		t.Errorf("entries %q, want %q", names, want)
	}
}

func TestRezipGivesSameBytesWhateverTheOrderOfContentTypes(t *testing.T) {
	one := rezipForTest(t, buildZip(t,
		zipEntry{"[Content_Types].xml", typesInOneOrder, time.Unix(1e9, 0), zip.Deflate},
		zipEntry{"xl/workbook.xml", "<workbook/>", time.Unix(1e9, 0), zip.Deflate},
	))
	other := rezipForTest(t, buildZip(t,
		zipEntry{"xl/workbook.xml", "<workbook/>", time.Unix(2e9, 0), zip.Store},
		zipEntry{"[Content_Types].xml", typesInOtherOrder, time.Unix(2e9, 0), zip.Store},
	))
	if !bytes.Equal(one, other) {
		t.Fatal("archives with the same parts in different orders rezip to different bytes")
	}

	zr, err := zip.NewReader(bytes.NewReader(one), int64(len(one)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	types, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	order := []string{`Extension="png"`, `Extension="xml"`, `PartName="/xl/charts/chart1.xml"`, `PartName="/xl/workbook.xml"`}
	last := -1
	for _, attr := range order {
		i := strings.Index(string(types), attr)
		if i <= last {
			t.Fatalf("content types not sorted (want %q in this order):\n%s", order, types)
		}
		last = i
	}
}

func TestRezipRejectsBrokenInput(t *testing.T) {
	// An entry whose content no longer matches its checksum: rezip streams entries, and must still
	// notice.
	corrupt := buildZip(t, zipEntry{"xl/worksheets/sheet1.xml", "<sheetData>calls</sheetData>", time.Unix(0, 0), zip.Store})
	at := bytes.Index(corrupt, []byte("calls"))
	corrupt[at] = 'k'
	for _, tc := range []struct {
		name string
		src  []byte
	}{
		{"not a zip", []byte("PK but not really")},
		{"duplicate entry", buildZip(t,
			zipEntry{"a.xml", "1", time.Unix(0, 0), zip.Deflate},
			zipEntry{"a.xml", "2", time.Unix(0, 0), zip.Deflate})},
		{"checksum mismatch", corrupt},
		{"malformed content types", buildZip(t,
			zipEntry{"[Content_Types].xml", "<Types", time.Unix(0, 0), zip.Deflate})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := rezip(io.Discard, bytes.NewReader(tc.src), int64(len(tc.src))); err == nil {
				t.Error("rezip succeeded")
			}
		})
	}
}
