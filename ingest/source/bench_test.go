package source

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// benchCSV returns a call log of about 16 MB in UTF-8: ten columns, Chinese text, some quoted
// fields.
func benchCSV() []byte { return benchCSVQuoted(true) }

// benchCSVQuoted returns benchCSV's call log, with its quoted fields or, if quoted is false,
// without a quote mark, as most exports are.
func benchCSVQuoted(quoted bool) []byte {
	var buf bytes.Buffer
	buf.WriteString("警情编号,接警时间,派警时间,到达时间,报警电话,辖区,警情类别,地址,简要警情,处置结果\n")
	districts := []string{"岳塘区", "雨湖区", "湘潭县", "韶山市", "湘乡市"}
	categories := []string{"求助", "纠纷", "治安", "交通", "火警"}
	for i := 0; buf.Len() < 16<<20; i++ {
		fmt.Fprintf(&buf, "2022052700%06d,2022-05-27 %02d:%02d:%02d,2022-05-27 %02d:%02d:%02d,2022-05-27 %02d:%02d:%02d,138****%04d,%s,%s,",
			i, i/3600%24, i/60%60, i%60, i/3600%24, i/60%60, (i+40)%60, i/3600%24, (i/60+7)%60, i%60, i%10000,
			districts[i%5], categories[i/5%5])
		switch {
		case !quoted:
			fmt.Fprintf(&buf, "湘潭市%s建设路%d号 %d栋,", districts[i%5], i%300, i%20)
		case i%4 == 0:
			fmt.Fprintf(&buf, "\"湘潭市%s建设路%d号, %d栋\",", districts[i%5], i%300, i%20)
		default:
			fmt.Fprintf(&buf, "湘潭市%s建设路%d号,", districts[i%5], i%300)
		}
		if quoted {
			fmt.Fprintf(&buf, "\"报警人称\"\"有人%s\"\"需要帮助\",已处置\n", categories[i%5])
		} else {
			fmt.Fprintf(&buf, "报警人称有人%s需要帮助,已处置\n", categories[i%5])
		}
	}
	return buf.Bytes()
}

// benchmarkOpenAndRead reads a whole file through Open and Next.
func benchmarkOpenAndRead(b *testing.B, name string, content []byte, size int) {
	path := writeFile(b, name, content)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		r, err := Open(context.Background(), path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, err := r.Next(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
		r.Close()
	}
}

// BenchmarkCSVUTF8 reads a UTF-8 call log from disk through Open and Next.
func BenchmarkCSVUTF8(b *testing.B) {
	content := benchCSV()
	benchmarkOpenAndRead(b, "calls.csv", content, len(content))
}

// BenchmarkCSVUTF8Unquoted reads benchCSV's call log without a quote mark.
func BenchmarkCSVUTF8Unquoted(b *testing.B) {
	content := benchCSVQuoted(false)
	benchmarkOpenAndRead(b, "calls.csv", content, len(content))
}

// BenchmarkCSVUTF8Baseline reads the same bytes from memory with encoding/csv alone, set up as
// Open sets it up: the cost that Open adds is the difference.
func BenchmarkCSVUTF8Baseline(b *testing.B) {
	content := benchCSV()
	b.SetBytes(int64(len(content)))
	b.ReportAllocs()
	for b.Loop() {
		readAllCSV(b, bytes.NewReader(content))
	}
}

// readAllCSV reads every record of src with encoding/csv, set up as Open sets it up.
func readAllCSV(b *testing.B, src io.Reader) {
	cr := csv.NewReader(src)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	for {
		if _, err := cr.Read(); err == io.EOF {
			return
		} else if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCSVUTF8BaselineFile reads the same bytes from disk with encoding/csv alone: what reading
// the file costs, whoever reads it.
func BenchmarkCSVUTF8BaselineFile(b *testing.B) {
	content := benchCSV()
	path := writeFile(b, "calls.csv", content)
	b.SetBytes(int64(len(content)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		readAllCSV(b, bufio.NewReaderSize(f, sampleSize))
		f.Close()
	}
}

// BenchmarkCSVGB18030 reads the same call log encoded in GB18030, which is transcoded; MB/s counts
// the UTF-8 bytes, to compare with BenchmarkCSVUTF8.
func BenchmarkCSVGB18030(b *testing.B) {
	content := benchCSV()
	encoded := encode(b, simplifiedchinese.GB18030, string(content))
	benchmarkOpenAndRead(b, "calls.csv", encoded, len(content))
}

// BenchmarkCSVUTF8Gzip reads the UTF-8 call log gzip-compressed; MB/s counts the uncompressed
// bytes.
func BenchmarkCSVUTF8Gzip(b *testing.B) {
	content := benchCSV()
	benchmarkOpenAndRead(b, "calls.csv.gz", gzipBytes(b, content), len(content))
}
