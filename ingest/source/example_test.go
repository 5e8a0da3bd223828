package source_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"

	"bulletin/ingest/source"
)

// Example reads a call log exported with a title row above its header and a row with a stray
// quote, which is reported and passed over.
func Example() {
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "calls.csv")
	export := "2022年5月110接警记录,,\n" +
		"警情编号,接警时间,类别\n" +
		"A001,2022-05-27 08:00:00,求助\n" +
		"A002,2022-05-27 08:05:00,\"纠纷\"x\n" +
		"A003,2022-05-27 08:09:00,救助\n"
	if err := os.WriteFile(path, []byte(export), 0o644); err != nil {
		log.Fatal(err)
	}

	r, err := source.Open(context.Background(), path, source.Options{
		HeaderHint: []string{"警情编号", "接警时间", "类别"},
	})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	fmt.Printf("%s in %s, header on line %d: %q\n", r.Info().Format, r.Info().Encoding, r.HeaderLine(), r.Header())
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		var rowErr *source.RowError
		if errors.As(err, &rowErr) {
			fmt.Printf("line %d: bad row %q: %v\n", rowErr.Line, rowErr.Raw, rowErr.Err)
			continue
		}
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("line %d: %q\n", rec.Line, rec.Fields)
	}
	// Output:
	// csv in utf-8, header on line 2: ["警情编号" "接警时间" "类别"]
	// line 3: ["A001" "2022-05-27 08:00:00" "求助"]
	// line 4: bad row "A002,2022-05-27 08:05:00,\"纠纷\"x": extraneous or missing " in quoted-field
	// line 5: ["A003" "2022-05-27 08:09:00" "救助"]
}
