package ingest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// TestEncodingFromTheWholeFileAndUndecodableRows ingests a GB18030 export whose first 64 KiB are
// ASCII and one of whose rows holds bytes that are not GB18030: the file is read as GB18030 (the
// Chinese district loads as itself, not as mojibake) and the one row is quarantined, not the file
// re-read in another encoding. Counts by hand: 2,000 ASCII rows and 2 Chinese ones, one bad.
func TestEncodingFromTheWholeFileAndUndecodableRows(t *testing.T) {
	profile, err := ParseProfile("p.yaml", []byte("name: p\ntable: calls\ntime_layouts: [canonical]\nsame_names: true\nchecks:\n  outside_period: off\n"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("call_id,received_at,channel,category,district\n")
	for i := range 2000 {
		fmt.Fprintf(&b, "A%05d,2022-05-01 08:00:00,phone,traffic,B01\n", i)
	}
	gb, err := simplifiedchinese.GB18030.NewEncoder().String("G1,2022-05-01 09:00:00,phone,traffic,雨湖区\n")
	if err != nil {
		t.Fatal(err)
	}
	// 0xff begins no GB18030 character.
	content := b.String() + gb + "G2,2022-05-01 09:00:00,phone,traffic,B\xff01\n"
	path := writeExport(t, t.TempDir(), "calls.csv", content)
	w := openWarehouse(t)
	res, err := File(context.Background(), w, path, Options{Profile: profile})
	if err != nil {
		t.Fatal(err)
	}
	if res.Encoding != "gb18030" || res.Loaded != 2001 || res.Quarantined != 1 || res.ByCheck["invalid_value"] != 1 {
		t.Errorf("encoding %s, loaded %d, quarantined %d, by check %v; want gb18030, 2001, 1 invalid_value", res.Encoding, res.Loaded, res.Quarantined, res.ByCheck)
	}
	var district string
	if err := w.DB.QueryRow("SELECT district FROM calls WHERE call_id = 'G1'").Scan(&district); err != nil || district != "雨湖区" {
		t.Errorf("G1's district %q (%v), want 雨湖区", district, err)
	}
	var reason string
	if err := w.DB.QueryRow("SELECT reason FROM quarantine").Scan(&reason); err != nil || !strings.Contains(reason, "do not decode") {
		t.Errorf("quarantine reason %q (%v); want it to say the bytes do not decode", reason, err)
	}
}
