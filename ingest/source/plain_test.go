package source

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// readAllPlain reads every record of in with delimitedSource, as "line: fields" or "line: error".
func readAllPlain(in string, comma rune) []string {
	s := &delimitedSource{path: "t.csv", comma: comma, plain: bufio.NewReaderSize(&loneCRToLF{r: strings.NewReader(in)}, 16)}
	var out []string
	for range 10_000 {
		rec, err := s.next()
		if err == io.EOF {
			return out
		}
		var rowErr *RowError
		switch {
		case errors.As(err, &rowErr):
			out = append(out, fmt.Sprintf("%d: error column %d: %v", rowErr.Line, rowErr.Column, rowErr.Err))
		case err != nil:
			return append(out, "error: "+err.Error())
		default:
			out = append(out, fmt.Sprintf("%d: %q", rec.Line, rec.Fields))
		}
	}
	return append(out, "too many records")
}

// csvAlone reads every record of in with encoding/csv alone, set as delimitedSource sets it.
func csvAlone(in string, comma rune) []string {
	r := csv.NewReader(&loneCRToLF{r: strings.NewReader(in)})
	r.Comma, r.FieldsPerRecord, r.ReuseRecord = comma, -1, true
	var out []string
	for range 10_000 {
		fields, err := r.Read()
		if err == io.EOF {
			return out
		}
		var parseErr *csv.ParseError
		switch {
		case errors.As(err, &parseErr):
			cause := parseErr.Err
			if parseErr.Line != parseErr.StartLine {
				cause = fmt.Errorf("line %d: %w", parseErr.Line, parseErr.Err)
			}
			out = append(out, fmt.Sprintf("%d: error column %d: %v", parseErr.StartLine, parseErr.Column, cause))
		case err != nil:
			return append(out, "error: "+err.Error())
		default:
			line, _ := r.FieldPos(0)
			out = append(out, fmt.Sprintf("%d: %q", line, fields))
		}
	}
	return append(out, "too many records")
}

// TestPlainLinesSplitAsCSV reads texts made of lines with and without quote marks, empty lines,
// CR LF, lone CRs and a last line with or without its line ending, both by delimitedSource (which
// splits the lines before the first quote mark itself) and by encoding/csv alone: the records,
// their lines and the errors must be the same.
func TestPlainLinesSplitAsCSV(t *testing.T) {
	pieces := []string{"a", "b c", "雨湖区", "", " ", "1.5", "x y", "\t", "、", "|", ";", ",", "\"q\"", "\"a,b\"", "\"line\nbreak\"",
		"bare\"quote", "\"unclosed", "\"\"", "end\r"}
	ends := []string{"\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\n \n"}
	fixed := []string{"", "\n", "\r\n", "\r", "a", "a\r", "a,b\n", "a,b", "a,b\r\n\r\n", "\n\na,b\n\nc\n", "a,b\n\"c\",d\ne,f\n",
		"h1,h2\r\n1,2\r\n3,\"x\r\ny\"\r\n5,6", "a,b\nbad\"q,c\nd,e\n", "a,b\n\"open,c\nd,e\n"}
	rng := rand.New(rand.NewPCG(17, 3))
	texts := slices.Clone(fixed)
	for range 3000 {
		var b strings.Builder
		for range 1 + rng.IntN(8) {
			for k := range 1 + rng.IntN(4) {
				if k > 0 {
					b.WriteString([]string{",", "\t", ";", "、"}[rng.IntN(4)])
				}
				// Quote marks in a quarter of the texts only, so that most are read plain to the end.
				p := pieces[rng.IntN(len(pieces))]
				if strings.Contains(p, "\"") && rng.IntN(4) != 0 {
					p = "p"
				}
				b.WriteString(p)
			}
			if rng.IntN(6) != 0 {
				b.WriteString(ends[rng.IntN(len(ends))])
			}
		}
		texts = append(texts, b.String())
	}
	plainToTheEnd := 0
	for _, text := range texts {
		for _, comma := range []rune{',', '\t', ';', '、'} {
			got, want := readAllPlain(text, comma), csvAlone(text, comma)
			if !slices.Equal(got, want) {
				t.Fatalf("%q split at %q:\n got %q\nwant %q", text, comma, got, want)
			}
			if !strings.Contains(text, "\"") {
				plainToTheEnd++
			}
		}
	}
	if plainToTheEnd < len(texts) {
		t.Errorf("only %d of %d readings had no quote mark", plainToTheEnd, 4*len(texts))
	}
}
