package source

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encodings that Options.Encoding accepts and Info.Encoding reports.
const (
	EncodingUTF8    = "utf-8"
	EncodingGB18030 = "gb18030"
	EncodingGBK     = "gbk"
	EncodingUTF16LE = "utf-16le"
	EncodingUTF16BE = "utf-16be"
	EncodingUTF16   = "utf-16"
)

// sampleSize is how much of a text file is examined to detect its encoding and delimiter. It is
// also the size of the read buffers.
const sampleSize = 64 << 10

// isGzip reports whether the file starts with the gzip magic bytes 1f 8b.
func isGzip(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	var magic [2]byte
	n, err := io.ReadFull(f, magic[:])
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return false, err
	}
	return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b, nil
}

// maxRatio is how many times a compressed file may expand once past ratioFloor bytes: exports
// compress 5 to 20 times, a decompression bomb thousands (100 KB of gzip can hold gigabytes).
const (
	maxRatio   = 100
	ratioFloor = 64 << 20
)

// ratioCap passes decompressed bytes through and fails when they outgrow maxRatio times the
// compressed bytes read, past ratioFloor.
type ratioCap struct {
	r          io.Reader
	compressed *countingReader
	n          int64
}

func (c *ratioCap) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.n > ratioFloor && c.n > maxRatio*c.compressed.n.Load() {
		return n, fmt.Errorf("gzip: %d MiB unpacked from %d KiB, more than %d times: no export compresses so well (a decompression bomb?)",
			c.n>>20, c.compressed.n.Load()>>10, maxRatio)
	}
	return n, err
}

// countingReader counts the bytes read through it, for Reader.Offset. It may be read in another
// goroutine than the one asking for the count.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// readAheadChunk is the size of the chunks a readAhead reads at a time.
const readAheadChunk = 256 << 10

// readAhead reads its source in a goroutine of its own, up to three chunks ahead of its reader, so
// that decompressing and transcoding run on another core than the parsing. Close must be called to
// end the goroutine.
type readAhead struct {
	chunks chan aheadChunk
	free   chan []byte
	stop   chan struct{}
	done   chan struct{}
	held   []byte // the buffer of the chunk being read
	rest   []byte // what is left of it to read
	err    error
}

// aheadChunk is a chunk read, and the error that ended the reading, if any.
type aheadChunk struct {
	buf []byte
	n   int
	err error
}

func newReadAhead(src io.Reader) *readAhead {
	const buffers = 3
	ra := &readAhead{
		chunks: make(chan aheadChunk, buffers),
		free:   make(chan []byte, buffers),
		stop:   make(chan struct{}),
		done:   make(chan struct{}),
	}
	for range buffers {
		ra.free <- make([]byte, readAheadChunk)
	}
	go ra.run(src)
	return ra
}

func (ra *readAhead) run(src io.Reader) {
	defer close(ra.done)
	for {
		var buf []byte
		select {
		case buf = <-ra.free:
		case <-ra.stop:
			return
		}
		n, err := fill(src, buf)
		select {
		case ra.chunks <- aheadChunk{buf: buf, n: n, err: err}:
		case <-ra.stop:
			return
		}
		if err != nil {
			return
		}
	}
}

// fill reads into buf until it is full or src fails, and returns src's error as it is: unlike
// io.ReadFull, which reports both a short last chunk and a source that itself failed with
// io.ErrUnexpectedEOF (a truncated gzip stream) as io.ErrUnexpectedEOF.
func fill(src io.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := src.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func (ra *readAhead) Read(p []byte) (int, error) {
	for len(ra.rest) == 0 {
		if ra.err != nil {
			return 0, ra.err
		}
		if ra.held != nil {
			// There are as many places in free as buffers, so this does not block.
			ra.free <- ra.held
		}
		c := <-ra.chunks
		ra.held, ra.rest, ra.err = c.buf, c.buf[:c.n], c.err
	}
	n := copy(p, ra.rest)
	ra.rest = ra.rest[n:]
	return n, nil
}

// close ends the goroutine and waits for it.
func (ra *readAhead) close() {
	close(ra.stop)
	<-ra.done
}

// textStream is a text file opened for reading as UTF-8: decompressed if it is gzip, transcoded
// if it is not UTF-8, without its byte order mark.
type textStream struct {
	file     *os.File
	counter  *countingReader
	gz       *gzip.Reader
	ahead    *readAhead
	text     *bufio.Reader
	encoding string
}

// openText opens path as text in the named encoding ("" or "auto" detects it).
func openText(path string, compressed bool, enc string) (*textStream, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	s := &textStream{file: file, counter: &countingReader{r: file}}
	var in io.Reader = s.counter
	if compressed {
		if s.gz, err = gzip.NewReader(s.counter); err != nil {
			file.Close()
			return nil, fmt.Errorf("gzip: %w", err)
		}
		in = &ratioCap{r: truncatedGzip{s.gz}, compressed: s.counter}
	}
	raw := bufio.NewReaderSize(in, sampleSize)
	sample, err := raw.Peek(sampleSize)
	if err != nil && err != io.EOF {
		s.close()
		return nil, fmt.Errorf("read: %w", err)
	}
	truncated := err == nil
	auto := strings.TrimSpace(enc) == "" || strings.EqualFold(strings.TrimSpace(enc), "auto")
	if enc, err = resolveEncoding(enc, sample, truncated); err != nil {
		s.close()
		return nil, err
	}
	if auto && truncated && !bytes.HasPrefix(sample, utf8BOM) && (enc == EncodingUTF8 || enc == EncodingGB18030) {
		// The sample is not the file: decide on the evidence of all of it.
		if enc, err = scanEncoding(path, compressed); err != nil {
			s.close()
			return nil, err
		}
	}
	s.encoding = enc
	var decoder *encoding.Decoder
	switch enc {
	case EncodingUTF8:
		if bytes.HasPrefix(sample, utf8BOM) {
			raw.Discard(len(utf8BOM))
		}
		if compressed {
			s.ahead = newReadAhead(raw)
			s.text = bufio.NewReaderSize(s.ahead, sampleSize)
			return s, nil
		}
		// Plain UTF-8 is read as it is: no transformer, no goroutine, no copy.
		s.text = raw
		return s, nil
	case EncodingGB18030:
		decoder = simplifiedchinese.GB18030.NewDecoder()
	case EncodingGBK:
		decoder = simplifiedchinese.GBK.NewDecoder()
	case EncodingUTF16LE, EncodingUTF16:
		decoder = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
	case EncodingUTF16BE:
		decoder = unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder()
	}
	s.ahead = newReadAhead(transform.NewReader(raw, decoder))
	s.text = bufio.NewReaderSize(s.ahead, sampleSize)
	return s, nil
}

// close closes the file.
func (s *textStream) close() error {
	if s.ahead != nil {
		s.ahead.close()
	}
	if s.gz != nil {
		s.gz.Close()
	}
	return s.file.Close()
}

var utf8BOM = []byte{0xef, 0xbb, 0xbf}

// resolveEncoding returns the canonical name of the requested encoding or, for "" and "auto", the
// encoding detected from the sample of the file's first bytes. Truncated reports that the file
// goes on after the sample.
func resolveEncoding(requested string, sample []byte, truncated bool) (string, error) {
	switch strings.ToLower(strings.TrimSpace(requested)) {
	case "", "auto":
		return detectEncoding(sample, truncated), nil
	case "utf-8", "utf8":
		return EncodingUTF8, nil
	case "gb18030":
		return EncodingGB18030, nil
	case "gbk", "gb2312", "cp936":
		return EncodingGBK, nil
	case "utf-16le", "utf16le":
		return EncodingUTF16LE, nil
	case "utf-16be", "utf16be":
		return EncodingUTF16BE, nil
	case "utf-16", "utf16":
		return EncodingUTF16, nil
	}
	return "", fmt.Errorf("unknown encoding %q (want utf-8, gb18030, gbk, utf-16le, utf-16be or utf-16)", requested)
}

// detectEncoding tells the encoding of a text file from a sample of its first bytes: a byte order
// mark, else NUL bytes at every other position (UTF-16 without a mark), else UTF-8 or GB18030
// (which covers GBK and GB2312) as the sample's evidence says (encodingEvidence). Truncated
// reports that the file goes on after the sample: openText then weighs the whole file.
func detectEncoding(sample []byte, truncated bool) string {
	switch {
	case bytes.HasPrefix(sample, utf8BOM):
		return EncodingUTF8
	case bytes.HasPrefix(sample, []byte{0xff, 0xfe}):
		return EncodingUTF16LE
	case bytes.HasPrefix(sample, []byte{0xfe, 0xff}):
		return EncodingUTF16BE
	}
	var evenNUL, oddNUL int
	for i, b := range sample {
		if b == 0 {
			if i%2 == 0 {
				evenNUL++
			} else {
				oddNUL++
			}
		}
	}
	// ASCII text in UTF-16 has a NUL in every other byte; Chinese text has few. A tenth of the
	// characters being ASCII (digits, separators, line ends) is enough to tell.
	pairs := len(sample) / 2
	switch {
	case oddNUL > pairs/10 && oddNUL > 4*evenNUL:
		return EncodingUTF16LE
	case evenNUL > pairs/10 && evenNUL > 4*oddNUL:
		return EncodingUTF16BE
	}
	var e encodingEvidence
	e.feed(sample, !truncated)
	return e.decide()
}

// errNoHeader reports a file with no row to take the header from.
var errNoHeader = errors.New("no header row")

// truncatedGzip says what io.ErrUnexpectedEOF from a gzip stream means.
type truncatedGzip struct {
	r io.Reader
}

func (t truncatedGzip) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if err == io.ErrUnexpectedEOF {
		err = fmt.Errorf("gzip: the compressed data ends early, the file is truncated: %w", err)
	}
	return n, err
}
