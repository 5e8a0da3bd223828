package source

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// maxRaw is the most of a bad row's text that RowError.Raw keeps.
const maxRaw = 64 << 10

// openDelimited opens a csv, tsv or txt file and reads its header.
func (r *Reader) openDelimited(opts Options) error {
	stream, err := openText(r.path, r.info.Compressed, opts.Encoding)
	if err != nil {
		return err
	}
	r.info.Encoding = stream.encoding
	r.cleanup = append(r.cleanup, stream.close)

	sample, err := stream.text.Peek(sampleSize)
	if err != nil && err != io.EOF && err != io.ErrShortBuffer {
		return fmt.Errorf("read: %w", err)
	}
	// Binary content has many: a short file with a couple of stray NULs is text with faulty rows,
	// which are quarantined.
	if n := controlBytes(sample); n*100 > len(sample) && n >= minBinaryControlBytes {
		return fmt.Errorf("not text: %d of its first %d bytes are control characters (is it a workbook, an archive or binary data under a text name? set --format or --encoding)", n, len(sample))
	}
	// A lone CR ends a line, as a CR LF or an LF does: classic Mac OS and Excel's "CSV (Macintosh)"
	// end every line so, and files pasted together from several exports end some lines so;
	// encoding/csv would read such a line and the next as one record.
	// A line longer than maxLine is no export's (a field of a gigabyte is a decompression bomb,
	// or binary data): the file is refused before encoding/csv holds it in memory.
	var text io.Reader = &lineCap{r: &loneCRToLF{r: stream.text}, max: maxLine}
	comma := opts.Delimiter
	if comma == 0 {
		switch r.info.Format {
		case FormatCSV:
			comma = ','
		case FormatTSV:
			comma = '\t'
		default:
			comma = sniffDelimiter(bytes.ReplaceAll(sample, []byte("\r"), []byte("\n")))
		}
	}
	if comma == '"' || comma == '\r' || comma == '\n' || !utf8.ValidRune(comma) || comma == utf8.RuneError {
		return fmt.Errorf("invalid delimiter %q", comma)
	}

	src := &delimitedSource{path: r.path, stream: stream, comma: comma, plain: bufio.NewReaderSize(text, 64<<10)}

	h := &headerFinder{fetch: src.next}
	if opts.Headerless {
		r.src = src
		return r.readHeaderless(h)
	}
	i, err := h.find(opts)
	if err != nil {
		return err
	}
	headerRows := max(opts.HeaderRows, 1)
	if headerRows == 2 {
		bottom, err := h.second(i)
		if err != nil {
			return err
		}
		r.header = joinHeader(fillMergedTop(h.rows[i].rec.Fields, bottom), bottom)
	} else {
		r.header = cleanHeader(h.rows[i].rec.Fields)
	}
	r.headerLine = h.rows[i+headerRows-1].rec.Line
	r.setPending(h, i+headerRows)
	r.src = src
	return nil
}

// sniffDelimiter picks the delimiter of a txt file: the most frequent of tab, comma and semicolon
// on the first line that has any of them (title rows above a header usually have none). Tab wins
// ties, then comma; a file with none of them is read as tab-separated.
func sniffDelimiter(sample []byte) rune {
	candidates := []byte{'\t', ',', ';'}
	for len(sample) > 0 {
		line := sample
		if i := bytes.IndexByte(sample, '\n'); i >= 0 {
			line, sample = sample[:i], sample[i+1:]
		} else {
			sample = nil
		}
		best, bestCount := byte(0), 0
		for _, c := range candidates {
			if n := bytes.Count(line, []byte{c}); n > bestCount {
				best, bestCount = c, n
			}
		}
		if bestCount > 0 {
			return rune(best)
		}
	}
	return '\t'
}

// delimitedSource reads the records of a csv, tsv or txt file. Lines without a quote mark are split
// at the delimiter, as encoding/csv would split them, and a quote mark is what quoting needs: from
// the first line that has one on, encoding/csv reads the rest of the file (TestPlainLinesSplitAsCSV).
type delimitedSource struct {
	path   string
	stream *textStream
	comma  rune
	// plain reads the lines before the first quote mark; lines counts them. Once a line has one,
	// csv reads it and the rest, its line numbers counted after lines.
	plain    *bufio.Reader
	lines    int64
	scratch  []byte
	fields   []string
	recorder *recorder
	csv      *csv.Reader
}

func (s *delimitedSource) next() (Record, error) {
	if s.csv == nil {
		rec, err := s.nextPlain()
		if s.csv == nil || err != nil {
			return rec, err
		}
	}
	start := s.csv.InputOffset()
	s.recorder.forget(start)
	fields, err := s.csv.Read()
	if err == nil {
		line, _ := s.csv.FieldPos(0)
		return Record{Line: s.lines + int64(line), Fields: fields}, nil
	}
	if err == io.EOF {
		return Record{}, io.EOF
	}
	var parseErr *csv.ParseError
	if !errors.As(err, &parseErr) || parseErr.Err == nil || parseErr.StartLine == 0 {
		return Record{}, err
	}
	cause := parseErr.Err
	if parseErr.Line != parseErr.StartLine {
		// The column is on a later line of a record with a quoted line break.
		cause = fmt.Errorf("line %d: %w", s.lines+int64(parseErr.Line), parseErr.Err)
	}
	rowErr := &RowError{
		Path:   s.path,
		Line:   s.lines + int64(parseErr.StartLine),
		Column: parseErr.Column,
		Err:    cause,
		Raw:    s.recorder.text(start, s.csv.InputOffset()),
	}
	return Record{Line: rowErr.Line}, rowErr
}

// nextPlain reads the next record from lines without a quote mark, skipping empty lines, as
// encoding/csv does: a CR LF ends a line as an LF does, and a CR at the end of the file is
// dropped. At the first line with a quote mark it hands that line and the rest to encoding/csv
// (s.csv is then set) and returns no record.
func (s *delimitedSource) nextPlain() (Record, error) {
	for {
		line, err := s.plain.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			s.scratch = append(s.scratch[:0], line...)
			for err == bufio.ErrBufferFull {
				line, err = s.plain.ReadSlice('\n')
				s.scratch = append(s.scratch, line...)
			}
			line = s.scratch
		}
		if err != nil && err != io.EOF {
			return Record{}, err
		}
		if len(line) == 0 {
			return Record{}, io.EOF
		}
		if bytes.IndexByte(line, '"') >= 0 {
			s.startCSV(line)
			return Record{}, nil
		}
		s.lines++
		n := len(line)
		switch {
		case line[n-1] == '\n':
			n--
			if n > 0 && line[n-1] == '\r' {
				n--
			}
		case line[n-1] == '\r': // the end of the file
			n--
		}
		if n == 0 {
			continue
		}
		text := string(line[:n])
		s.fields = s.fields[:0]
		for {
			i := strings.IndexRune(text, s.comma)
			if i < 0 {
				break
			}
			s.fields = append(s.fields, text[:i])
			text = text[i+utf8.RuneLen(s.comma):]
		}
		s.fields = append(s.fields, text)
		return Record{Line: s.lines, Fields: s.fields}, nil
	}
}

// startCSV has encoding/csv read from line on.
func (s *delimitedSource) startCSV(line []byte) {
	s.recorder = &recorder{r: io.MultiReader(bytes.NewReader(bytes.Clone(line)), s.plain)}
	cr := csv.NewReader(s.recorder)
	cr.Comma = s.comma
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	s.csv = cr
}

func (s *delimitedSource) offset() int64 { return s.stream.counter.n.Load() }

func (s *delimitedSource) close() error { return nil }

// recorder keeps the text that encoding/csv read lately, so that a row it cannot parse can be
// handed back as RowError.Raw. It holds the bytes from the start of the current record on, and
// drops older ones only now and then, so that the copying costs little.
type recorder struct {
	r    io.Reader
	buf  []byte
	base int64 // input offset of buf[0]
}

// recorderSlack is how many bytes the recorder lets pile up before it drops the ones it no longer
// needs.
const recorderSlack = 256 << 10

func (rc *recorder) Read(p []byte) (int, error) {
	n, err := rc.r.Read(p)
	rc.buf = append(rc.buf, p[:n]...)
	return n, err
}

// forget allows the recorder to drop the bytes before input offset off.
func (rc *recorder) forget(off int64) {
	if len(rc.buf) < recorderSlack {
		return
	}
	drop := int(off - rc.base)
	if drop <= 0 || drop > len(rc.buf) {
		return
	}
	rc.buf = rc.buf[:copy(rc.buf, rc.buf[drop:])]
	rc.base = off
}

// text returns the recorded text from input offset start to end, without the blank lines before
// it and the line ending after it, cut to maxRaw bytes.
func (rc *recorder) text(start, end int64) string {
	from, to := int(start-rc.base), int(end-rc.base)
	if from < 0 || to > len(rc.buf) || from > to {
		return ""
	}
	raw := bytes.TrimLeft(rc.buf[from:to], "\r\n")
	raw = bytes.TrimRight(raw, "\r\n")
	if len(raw) > maxRaw {
		cut := maxRaw
		for cut > 0 && !utf8.RuneStart(raw[cut]) {
			cut--
		}
		raw = raw[:cut]
	}
	return string(raw)
}

// lineCap passes text through and fails, naming the line, when one line (a quoted field may span
// several) is longer than max bytes.
type lineCap struct {
	r    io.Reader
	max  int
	run  int   // bytes since the last line feed
	line int64 // line feeds seen
}

func (c *lineCap) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	rest := p[:n]
	for len(rest) > 0 {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			c.run += len(rest)
			break
		}
		c.run += i
		if c.run > c.max {
			break
		}
		c.run, c.line = 0, c.line+1
		rest = rest[i+1:]
	}
	if c.run > c.max {
		return 0, fmt.Errorf("line %d is longer than %d MiB: no export has lines so long (a decompression bomb, or not text)", c.line+1, c.max>>20)
	}
	return n, err
}

// loneCRToLF reads text with every CR that is not followed by an LF turned into an LF; a CR LF
// stays as it is. A CR that ends one read is held back until the next byte is known.
type loneCRToLF struct {
	r    io.Reader
	held bool // the last byte read so far is a CR, not yet returned
	err  error
	// small and rest serve a caller asking for one byte: a held CR needs room for the next byte
	// to be decided, so two are read into small and the second is kept in rest.
	small [2]byte
	rest  []byte
}

func (c *loneCRToLF) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if len(c.rest) > 0 {
		n := copy(p, c.rest)
		c.rest = c.rest[n:]
		return n, nil
	}
	for {
		if len(p) == 1 && c.held {
			n, err := c.Read(c.small[:])
			if n > 0 {
				p[0], c.rest = c.small[0], c.small[1:n]
				return 1, nil
			}
			return 0, err
		}
		start := 0
		if c.held {
			p[0], start = '\r', 1
		}
		n := start
		if c.err == nil && start < len(p) {
			var m int
			m, c.err = c.r.Read(p[start:])
			n += m
		}
		c.held = false
		for i := bytes.IndexByte(p[:n], '\r'); i >= 0; {
			switch {
			case i+1 < n:
				if p[i+1] != '\n' {
					p[i] = '\n'
				}
			case c.err == nil:
				// The CR ends what was read: the next byte decides.
				c.held, n = true, n-1
			default:
				p[i] = '\n' // the text ends with a lone CR
			}
			if i+1 >= n {
				break // the last byte (or the held CR)
			}
			j := bytes.IndexByte(p[i+1:n], '\r')
			if j < 0 {
				break
			}
			i += 1 + j
		}
		if n > 0 {
			return n, nil
		}
		if c.err != nil {
			return 0, c.err
		}
	}
}

// minBinaryControlBytes is how many control characters a file's start must hold, besides more than
// 1% of it, to be refused as binary.
const minBinaryControlBytes = 16

// controlBytes counts the bytes of decoded text that no text file holds: control characters other
// than tab, line feed, carriage return and form feed. A few are a fault of some rows, quarantined
// with them; more than 1% say the file is not text at all.
func controlBytes(sample []byte) int {
	n := 0
	for _, b := range sample {
		if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') || b == 0x7f {
			n++
		}
	}
	return n
}
