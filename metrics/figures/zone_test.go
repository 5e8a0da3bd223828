package figures

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bulletin/ingest"
	"bulletin/metrics/campaign"
)

// TestComputeRefusesFilesReadInAnotherZone reports the fixture's calls, read in Asia/Shanghai, in a
// campaign of America/Los_Angeles: refused, naming the file and both zones; allowed with the
// option; and in the zone they were read in, computed.
func TestComputeRefusesFilesReadInAnotherZone(t *testing.T) {
	w, c := fixtureWarehouse(t)
	if _, err := Compute(context.Background(), w, c); err != nil {
		t.Fatalf("in the zone the files were read in: %v", err)
	}
	other := *c
	other.TimeZone = "America/Los_Angeles"
	_, err := Compute(context.Background(), w, &other)
	if !errors.Is(err, ErrZoneMismatch) || !strings.Contains(err.Error(), "calls.csv (Asia/Shanghai)") || !strings.Contains(err.Error(), "America/Los_Angeles") {
		t.Errorf("in another zone: %v, want ErrZoneMismatch naming calls.csv and both zones", err)
	}
	if _, err := ComputeWith(context.Background(), w, &other, Options{AllowZoneMismatch: true}); err != nil {
		t.Errorf("with AllowZoneMismatch: %v", err)
	}
	// A file read in another zone that holds nothing of the period is no reason to refuse it.
	elsewhen := other
	elsewhen.Period.Start, elsewhen.Period.End = "2030-01-01", "2030-01-31"
	if _, err := Compute(context.Background(), w, &elsewhen); err != nil {
		t.Errorf("in another zone, for a period without the file's calls: %v", err)
	}
}

// TestComputeChecksThatFilesNameTheCampaignsDistricts changes the fixture campaign's list of
// districts. The fixture's 10 calls of the period (testdata/calls.csv: C1-C9 and C12) lie in 雨湖区
// (C1 C3 C6 C8 C12), 岳塘区 (C2 C7 C9) and 湘潭县 (C4 C5).
func TestComputeChecksThatFilesNameTheCampaignsDistricts(t *testing.T) {
	w, c := fixtureWarehouse(t)
	for _, tc := range []struct {
		name      string
		districts []string
		warn      bool
		fail      bool
	}{
		{"all listed", []string{"雨湖区", "岳塘区", "湘潭县"}, false, false},
		{"雨湖区 and 岳塘区: 8 of 10, a warning", []string{"雨湖区", "岳塘区"}, true, false},
		{"湘潭县 alone: 2 of 10, refused", []string{"湘潭县"}, false, true},
	} {
		other := *c
		other.Districts = nil
		for _, d := range tc.districts {
			other.Districts = append(other.Districts, campaign.District{Name: d})
		}
		r, err := Compute(context.Background(), w, &other)
		if tc.fail {
			if !errors.Is(err, ErrDistrictMismatch) || !strings.Contains(err.Error(), "calls.csv: 20.0% of its 10 calls") {
				t.Errorf("%s: %v, want ErrDistrictMismatch naming calls.csv and 20.0%%", tc.name, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(r.Quality.DistrictMatch) != 1 || r.Quality.DistrictMatch[0].Calls != 10 {
			t.Fatalf("%s: district match %+v, want one file of 10 calls", tc.name, r.Quality.DistrictMatch)
		}
		if got := len(r.Quality.Warnings) > 0; got != tc.warn {
			t.Errorf("%s: warnings %q, want a warning %v", tc.name, r.Quality.Warnings, tc.warn)
		}
	}
}

// TestComputeWarnsOfMinuteClocks adds to the fixture warehouse a file of the period whose 25 calls
// give their times to the minute only: the report warns, naming it.
func TestComputeWarnsOfMinuteClocks(t *testing.T) {
	w, c := fixtureWarehouse(t)
	var b strings.Builder
	b.WriteString("call_id,received_at,arrived_at,channel,category,district\n")
	for i := range 25 {
		fmt.Fprintf(&b, "M%02d,2022-05-02 08:%02d:00,2022-05-02 09:%02d:00,phone,traffic,雨湖区\n", i, i, i)
	}
	path := filepath.Join(t.TempDir(), "minutes-2022-05.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.File(context.Background(), w, path, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	r, err := Compute(context.Background(), w, c)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, warning := range r.Quality.Warnings {
		found = found || strings.Contains(warning, "minutes-2022-05.csv records its times to the minute")
	}
	if !found {
		t.Errorf("warnings %q name no minute-clock file", r.Quality.Warnings)
	}
}
