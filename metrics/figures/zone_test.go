package figures

import (
	"context"
	"errors"
	"strings"
	"testing"
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
}
