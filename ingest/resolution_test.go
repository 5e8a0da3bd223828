package ingest

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestClockResolutionIsMeasured ingests two files of 30 calls: one whose times are all on whole
// minutes, one with seconds; the first is recorded as minute resolution, the second as second.
func TestClockResolutionIsMeasured(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, withSeconds bool) string {
		var b strings.Builder
		b.WriteString("call_id,received_at,arrived_at,channel,category,district\n")
		for i := range 30 {
			sec := 0
			if withSeconds {
				sec = (i * 7) % 60
			}
			fmt.Fprintf(&b, "%s%02d,2022-05-01 08:%02d:%02d,2022-05-01 09:%02d:%02d,phone,traffic,雨湖区\n", name[:1], i, i, sec, i, sec)
		}
		return writeExport(t, dir, name, b.String())
	}
	for _, tc := range []struct {
		name string
		sec  bool
		want string
	}{{"minutes-2022-05.csv", false, ResolutionMinute}, {"seconds-2022-05.csv", true, ResolutionSecond}} {
		w := openWarehouse(t)
		res, err := File(context.Background(), w, write(tc.name, tc.sec), Options{})
		if err != nil {
			t.Fatal(err)
		}
		var stored string
		if err := w.DB.QueryRow("SELECT clock_resolution FROM ingest_files").Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if res.ClockResolution != tc.want || stored != tc.want {
			t.Errorf("%s: resolution %q, stored %q; want %q", tc.name, res.ClockResolution, stored, tc.want)
		}
	}
}
