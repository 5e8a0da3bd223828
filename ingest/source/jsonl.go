package source

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxLine is the longest line a JSON lines file may have.
const maxLine = 64 << 20

// openJSONL reads a JSON lines file once to collect its column names, the keys of its objects in
// order of first appearance, and opens it again to read the rows.
func (r *Reader) openJSONL(opts Options) error {
	keys, err := r.collectKeys(opts)
	if err != nil {
		return err
	}
	if len(keys) == 0 {
		return fmt.Errorf("%w: no JSON object in the file", errNoHeader)
	}
	stream, err := openText(r.path, r.info.Compressed, opts.Encoding)
	if err != nil {
		return err
	}
	r.cleanup = append(r.cleanup, stream.close)
	src := &jsonlSource{
		path:   r.path,
		stream: stream,
		lines:  lineReader{r: stream.text},
		index:  make(map[string]int, len(keys)),
		fields: make([]string, len(keys)),
	}
	r.header = make([]string, len(keys))
	for i, k := range keys {
		src.index[k] = i
		r.header[i] = cleanName(k)
	}
	r.src = src
	return nil
}

// collectKeys returns the keys of the file's objects in order of first appearance. Lines that are
// not objects are passed over here; the second reading reports them.
func (r *Reader) collectKeys(opts Options) ([]string, error) {
	stream, err := openText(r.path, r.info.Compressed, opts.Encoding)
	if err != nil {
		return nil, err
	}
	defer stream.close()
	r.info.Encoding = stream.encoding
	var keys []string
	seen := make(map[string]bool)
	lines := lineReader{r: stream.text}
	first := true
	for {
		line, err := lines.next()
		if err == io.EOF {
			return keys, nil
		}
		if err != nil {
			return nil, err
		}
		if lines.line%ctxCheckEvery == 0 {
			if err := r.ctx.Err(); err != nil {
				return nil, err
			}
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if first && line[0] == '[' {
			return nil, errors.New("the file is a JSON array, not JSON lines (one object per line)")
		}
		first = false
		_ = decodeObject(line, func(key string, _ json.RawMessage) error {
			if !seen[key] {
				seen[key] = true
				keys = append(keys, key)
			}
			return nil
		})
	}
}

// jsonlSource reads the objects of a JSON lines file as rows.
type jsonlSource struct {
	path   string
	stream *textStream
	lines  lineReader
	index  map[string]int
	fields []string
	seen   []bool // the keys of the line being read, by field
	refuse []bool // the fields whose nested values make the row a RowError (RefuseNested)
}

func (s *jsonlSource) refuseNested(columns []bool) { s.refuse = columns }

// nestedJSON reports whether a JSON value is an object or an array holding objects or arrays.
func nestedJSON(raw json.RawMessage) bool {
	if len(raw) == 0 {
		return false
	}
	switch raw[0] {
	case '{':
		return true
	case '[':
		var elems []json.RawMessage
		if json.Unmarshal(raw, &elems) != nil {
			return false
		}
		for _, e := range elems {
			if len(e) > 0 && (e[0] == '{' || e[0] == '[') {
				return true
			}
		}
	}
	return false
}

func (s *jsonlSource) next() (Record, error) {
	for {
		line, err := s.lines.next()
		if err != nil {
			return Record{}, err
		}
		trimmed := bytes.TrimSpace(line)
		if len(trimmed) == 0 {
			continue
		}
		clear(s.fields)
		if len(s.seen) != len(s.fields) {
			s.seen = make([]bool, len(s.fields))
		}
		clear(s.seen)
		err = decodeObject(trimmed, func(key string, value json.RawMessage) error {
			text, err := formatValue(value)
			if err != nil {
				return fmt.Errorf("key %q: %w", key, err)
			}
			// Every key was seen by the first reading; a file that changed in between is not.
			if i, ok := s.index[key]; ok {
				// A key given twice has two values, and which one the exporter meant is not
				// known: the row is not read, as a CSV column named twice is not.
				if s.seen[i] {
					return fmt.Errorf("key %q appears twice in the object", key)
				}
				s.seen[i] = true
				if i < len(s.refuse) && s.refuse[i] && nestedJSON(value) {
					return fmt.Errorf("key %q holds a nested value (an object, or an array of objects or arrays), where one value or a list of values is read", key)
				}
				s.fields[i] = text
			}
			return nil
		})
		if err != nil {
			leading := len(line) - len(bytes.TrimLeft(line, " \t\r\n"))
			rowErr := &RowError{
				Path:   s.path,
				Line:   s.lines.line,
				Column: leading + faultColumn(err),
				Err:    err,
				Raw:    string(trimmed[:min(len(trimmed), maxRaw)]),
			}
			return Record{Line: s.lines.line}, rowErr
		}
		return Record{Line: s.lines.line, Fields: s.fields}, nil
	}
}

func (s *jsonlSource) offset() int64 { return s.stream.counter.n.Load() }

func (s *jsonlSource) close() error { return nil }

// errNotObject reports a line that is valid JSON but not an object.
var errNotObject = errors.New("not a JSON object")

// errTrailingText reports text after the object on a line.
var errTrailingText = errors.New("text after the JSON object")

var errCutShort = errors.New("the line ends inside the JSON object (a closing } or \" is missing)")

// jsonFault is a fault at a byte offset in a line.
type jsonFault struct {
	offset int64
	err    error
}

func (f *jsonFault) Error() string { return f.err.Error() }

func (f *jsonFault) Unwrap() error { return f.err }

// faultColumn returns the 1-based column in the trimmed line of a fault that decodeObject
// reported.
func faultColumn(err error) int {
	var syntaxErr *json.SyntaxError
	if errors.As(err, &syntaxErr) {
		return max(int(syntaxErr.Offset), 1)
	}
	var fault *jsonFault
	if errors.As(err, &fault) {
		return int(fault.offset) + 1
	}
	return 0
}

// decodeObject calls visit with each key and value of the JSON object on a line, in order.
func decodeObject(line []byte, visit func(key string, value json.RawMessage) error) error {
	err := walkObject(line, visit)
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		// The decoder reports an object cut short as a bare EOF.
		return &jsonFault{offset: int64(len(bytes.TrimRight(line, " \t\r\n"))), err: errCutShort}
	}
	var syntaxErr *json.SyntaxError
	if errors.As(err, &syntaxErr) {
		// A json.Decoder counts the offset of a syntax error from where its last call began;
		// validating the whole line gives the offset in the line.
		var raw json.RawMessage
		if lineErr := json.Unmarshal(line, &raw); errors.As(lineErr, &syntaxErr) {
			return syntaxErr
		}
	}
	return err
}

// walkObject does the work of decodeObject.
func walkObject(line []byte, visit func(key string, value json.RawMessage) error) error {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != json.Delim('{') {
		return &jsonFault{offset: 0, err: errNotObject}
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, ok := tok.(string)
		if !ok {
			return fmt.Errorf("object key %v is not a string", tok)
		}
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return err
		}
		if err := visit(key, value); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return err
	}
	end := dec.InputOffset()
	if rest := bytes.TrimLeft(line[end:], " \t\r\n"); len(rest) > 0 {
		return &jsonFault{offset: int64(len(line) - len(rest)), err: errTrailingText}
	}
	return nil
}

// formatValue returns a JSON value as text: a string as it is, a number as written, true or false,
// "" for null, the elements of an array of scalars joined with ';', and anything else as compact
// JSON.
func formatValue(raw json.RawMessage) (string, error) {
	if len(raw) == 0 {
		return "", nil
	}
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", err
		}
		return s, nil
	case 'n':
		return "", nil
	case '[':
		var elems []json.RawMessage
		if err := json.Unmarshal(raw, &elems); err != nil {
			return "", err
		}
		texts := make([]string, len(elems))
		for i, e := range elems {
			if len(e) > 0 && (e[0] == '[' || e[0] == '{') {
				return compactJSON(raw)
			}
			text, err := formatValue(e)
			if err != nil {
				return "", err
			}
			texts[i] = text
		}
		return strings.Join(texts, ";"), nil
	case '{':
		return compactJSON(raw)
	default:
		return string(raw), nil
	}
}

// compactJSON returns a JSON value without insignificant space.
func compactJSON(raw json.RawMessage) (string, error) {
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// lineReader splits text into lines and counts them.
type lineReader struct {
	r    *bufio.Reader
	buf  []byte
	line int64
}

// next returns the next line without its line ending, valid until the next call. It returns
// io.EOF after the last line.
func (l *lineReader) next() ([]byte, error) {
	l.buf = l.buf[:0]
	for {
		chunk, err := l.r.ReadSlice('\n')
		l.buf = append(l.buf, chunk...)
		if len(l.buf) > maxLine {
			return nil, fmt.Errorf("line %d: longer than %d MiB", l.line+1, maxLine>>20)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF {
			if len(l.buf) == 0 {
				return nil, io.EOF
			}
		} else if err != nil {
			return nil, err
		}
		l.line++
		return bytes.TrimRight(l.buf, "\r\n"), nil
	}
}
