package ingest

import (
	"bytes"
	"context"
	"log/slog"
	"slices"
	"strings"
	"testing"
)

// TestMissingColumnWarnings checks that an optional field a same-names profile reads by its own name,
// absent from the export, is recorded in the result but not warned about, while a column the profile
// names explicitly and the export lacks is warned about.
func TestMissingColumnWarnings(t *testing.T) {
	const export = "call_id,received_at,channel,category,district\nA1,2022-05-01 08:00:00,phone,traffic,B01\n"
	for _, tc := range []struct {
		name, profile string
		warned        bool
	}{
		{"same names", "name: p\ntable: calls\ntime_layouts: [canonical]\nsame_names: true\nchecks:\n  outside_period: off\n", false},
		{"named column", "name: p\ntable: calls\ntime_layouts: [canonical]\nsame_names: true\nfields:\n  incident_id: 警情编号\nchecks:\n  outside_period: off\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			profile, err := ParseProfile("p.yaml", []byte(tc.profile))
			if err != nil {
				t.Fatal(err)
			}
			var log bytes.Buffer
			logger := slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelInfo}))
			path := writeExport(t, t.TempDir(), "calls.csv", export)
			res, err := File(context.Background(), openWarehouse(t), path, Options{Profile: profile, Logger: logger})
			if err != nil {
				t.Fatal(err)
			}
			if res.Loaded != 1 {
				t.Errorf("loaded %d rows, want 1", res.Loaded)
			}
			want := "incident_id"
			if tc.warned {
				want = "警情编号"
			}
			if !slices.Contains(res.MissingColumns, want) {
				t.Errorf("missing columns %v, want %s among them", res.MissingColumns, want)
			}
			warned := strings.Contains(log.String(), "level=WARN msg=\"mapped columns missing")
			if warned != tc.warned || tc.warned && !strings.Contains(log.String(), "警情编号") {
				t.Errorf("warned %v, want %v; log:\n%s", warned, tc.warned, log.String())
			}
		})
	}
}
