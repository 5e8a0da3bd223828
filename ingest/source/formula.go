package source

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"

	"github.com/xuri/excelize/v2"
)

// UncomputedFormula is what Next gives for a workbook cell that holds a formula but no computed
// value (a workbook written by a program that does not calculate, never opened in Excel since):
// the value is not known, and is not the empty cell excelize would give. Ingest reads it as it
// reads Excel's error values: not recorded, and flagged.
const UncomputedFormula = "#UNCOMPUTED"

// cellAt is a cell of a sheet by its 1-based row and column.
type cellAt struct{ row, col int }

// readUncomputed returns the cells of a sheet that hold a formula (<f>) and no value (<v>). A
// sheet without formulas, the usual export, costs one pass of byte search over its XML; one with
// formulas is decoded.
func readUncomputed(file, sheet string) (map[cellAt]bool, error) {
	zr, err := zip.OpenReader(file)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	part, err := sheetPart(&zr.Reader, sheet)
	if err != nil {
		return nil, err
	}
	has, err := hasFormula(&zr.Reader, part)
	if err != nil || !has {
		return nil, err
	}
	entry, err := zr.Open(part)
	if err != nil {
		return nil, err
	}
	defer entry.Close()
	var cells map[cellAt]bool
	dec := xml.NewDecoder(entry)
	var ref string
	inCell, formula, value := false, false, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return cells, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "c":
				inCell, formula, value, ref = true, false, false, ""
				for _, a := range t.Attr {
					if a.Name.Local == "r" {
						ref = a.Value
					}
				}
			case "f":
				formula = formula || inCell
			case "v", "is":
				value = value || inCell
			}
		case xml.EndElement:
			if t.Name.Local != "c" {
				continue
			}
			if formula && !value && ref != "" {
				if col, row, err := excelize.CellNameToCoordinates(ref); err == nil {
					if cells == nil {
						cells = make(map[cellAt]bool)
					}
					cells[cellAt{row, col}] = true
				}
			}
			inCell = false
		}
	}
}

// hasFormula reports whether a sheet part holds a formula element, <f> or <f ...> (or with a
// namespace prefix, <x:f>), by byte search.
func hasFormula(zr *zip.Reader, part string) (bool, error) {
	entry, err := zr.Open(part)
	if err != nil {
		return false, err
	}
	defer entry.Close()
	rest, err := searchStream(entry, formulaTag)
	return rest != nil, err
}

// formulaTag returns the index just past the start of an element named f in b, or -1.
func formulaTag(b []byte) int {
	for from := 0; ; {
		i := bytes.Index(b[from:], []byte("f"))
		if i < 0 {
			return -1
		}
		i += from
		if i+1 < len(b) && (b[i+1] == '>' || b[i+1] == ' ' || b[i+1] == '/') && i >= 1 && (b[i-1] == '<' || b[i-1] == ':') {
			return i + 1
		}
		from = i + 1
	}
}
