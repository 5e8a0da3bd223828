package source

import (
	"errors"
	"slices"
	"testing"

	"golang.org/x/text/encoding/unicode"
)

// callsJSONL has objects with different keys, nulls, numbers written in several ways, arrays,
// a nested object, a blank line, a line that is not JSON and one that is JSON but not an object.
const callsJSONL = `{"id": 1, "name": "张三", "tags": ["a", "b"], "extra": null}
  
{"id": 2.50, "loc": {"lat": 27.8, "lng": 112.9}, "ok": true, "big": 20220527000123}
not json
[1, 2]
{"id": -3e2, "name": "王五", "tags": [1, null, "x", false], "nested": [{"a": 1}], "ok": false}
{"id": 4} trailing
{"id": 5}`

func TestJSONL(t *testing.T) {
	r := mustOpen(t, writeFile(t, "calls.ndjson", []byte(callsJSONL)), Options{})
	wantHeader := []string{"id", "name", "tags", "extra", "loc", "ok", "big", "nested"}
	if !slices.Equal(r.Header(), wantHeader) {
		t.Errorf("Header = %q, want %q", r.Header(), wantHeader)
	}
	if info := r.Info(); info.Format != "jsonl" || info.Encoding != "utf-8" {
		t.Errorf("Info = %+v, want jsonl in utf-8", info)
	}
	checkRows(t, readAll(t, r), []row{
		{Line: 1, Fields: []string{"1", "张三", "a;b", "", "", "", "", ""}},
		{Line: 3, Fields: []string{"2.50", "", "", "", `{"lat":27.8,"lng":112.9}`, "true", "20220527000123", ""}},
		{Line: 4, Err: "invalid character 'o' in literal null (expecting 'u')", Raw: "not json"},
		{Line: 5, Err: "not a JSON object", Raw: "[1, 2]"},
		{Line: 6, Fields: []string{"-3e2", "王五", "1;;x;false", "", "", "false", "", `[{"a":1}]`}},
		{Line: 7, Err: "text after the JSON object", Raw: `{"id": 4} trailing`},
		{Line: 8, Fields: []string{"5", "", "", "", "", "", "", ""}},
	})
	if r.Offset() != int64(len(callsJSONL)) {
		t.Errorf("Offset = %d, want %d", r.Offset(), len(callsJSONL))
	}
}

func TestJSONLRowErrorColumns(t *testing.T) {
	// Line 6 is cut short: the column is just past its end, where the closing brace is missing.
	content := "{\"a\":1}\nnot json\n  [1]\n{\"a\":1}  x\n{\"a\":tru}\n{\"a\":\"x\n"
	r := mustOpen(t, writeFile(t, "calls.jsonl", []byte(content)), Options{})
	want := []struct {
		line   int64
		column int
	}{{2, 2}, {3, 3}, {4, 10}, {5, 9}, {6, 8}}
	if _, err := r.Next(); err != nil {
		t.Fatalf("Next = %v", err)
	}
	for _, w := range want {
		_, err := r.Next()
		var rowErr *RowError
		if !errors.As(err, &rowErr) || rowErr.Line != w.line || rowErr.Column != w.column {
			t.Errorf("Next = %v, want a row error at %d:%d", err, w.line, w.column)
		}
	}
}

func TestJSONLInUTF16(t *testing.T) {
	content := encode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), "{\"地址\":\"湘潭\"}\r\n")
	r := mustOpen(t, writeFile(t, "calls.json", content), Options{})
	if !slices.Equal(r.Header(), []string{"地址"}) || r.Info().Encoding != "utf-16le" {
		t.Errorf("Header = %q in %s, want [地址] in utf-16le", r.Header(), r.Info().Encoding)
	}
	checkRows(t, readAll(t, r), []row{{Line: 1, Fields: []string{"湘潭"}}})
}

func TestFormatValue(t *testing.T) {
	tests := []struct{ raw, want string }{
		{`"a\"b\u6e58"`, `a"b湘`},
		{`12.50`, `12.50`},
		{`1e3`, `1e3`},
		{`true`, `true`},
		{`null`, ``},
		{`[]`, ``},
		{`["x", 1, null]`, `x;1;`},
		{`[[1], 2]`, `[[1],2]`},
		{`{ "b": 1, "a": [ 2 ] }`, `{"b":1,"a":[2]}`},
	}
	for _, tt := range tests {
		got, err := formatValue([]byte(tt.raw))
		if err != nil || got != tt.want {
			t.Errorf("formatValue(%s) = %q, %v; want %q", tt.raw, got, err, tt.want)
		}
	}
}
