package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"bulletin/ingest"
	"bulletin/metrics"
	"bulletin/metrics/campaign"
	"bulletin/metrics/figures"
	"bulletin/reports"
	"bulletin/schema"
	"bulletin/warehouse"
)

// weatherField is a coded column a center might add to its calls, written as a user adds it to
// schema/model.yaml (docs/architecture.md, "Adding a coded input column").
const weatherField = `
      - name: weather
        type: code
        filter: true
        dimension: true
        detail: true
        label: {zh: 天气, en: Weather}
        codes:
          - {code: dry, zh: 晴, en: Dry}
          - {code: rain, zh: 雨, en: Rain}
          - {code: snow, zh: 雪, en: Snow}
`

// weatherMigration is the migration file that goes with it (warehouse/migrations/000N_weather.sql).
const weatherMigration = `ALTER TABLE calls ADD COLUMN weather VARCHAR;`

// TestACodedColumnAddedToTheModelFlowsThroughWithNoGoChange adds a coded column to the data model
// and its migration, as docs/architecture.md says, and nothing else: a canonical file with the
// column ingests (an unknown code is quarantined), a campaign filters and breaks down by it, and
// the workbook lists it in Detail and on the Breakdowns sheet. Expected values are counted by hand
// from the six rows below.
func TestACodedColumnAddedToTheModelFlowsThroughWithNoGoChange(t *testing.T) {
	ctx := context.Background()
	base, err := os.ReadFile(filepath.Join("..", "..", "schema", "model.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// The field goes after lon, the last field of the calls but incident_id and dispatch_orders.
	text := strings.Replace(string(base), "      - {name: incident_id,", strings.TrimPrefix(weatherField, "\n")+"      - {name: incident_id,", 1)
	model, err := schema.Parse([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if model.Field("calls", "weather") == nil {
		t.Fatal("the field was not added to the model")
	}
	defer schema.Use(model)()

	dir := t.TempDir()
	w, err := warehouse.Open(ctx, filepath.Join(dir, "w.duckdb"), "Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.DB.ExecContext(ctx, weatherMigration); err != nil {
		t.Fatal(err)
	}
	header := strings.Join(model.Table("calls").Inputs(), ",")
	if !strings.Contains(header, ",weather,") {
		t.Fatalf("canonical header %q has no weather column", header)
	}
	row := func(id, day, category, weather string) string {
		cells := map[string]string{"call_id": id, "received_at": day + " 10:00:00", "arrived_at": day + " 10:04:00",
			"channel": "phone", "category": category, "district": "雨湖区", "weather": weather}
		var out []string
		for _, f := range model.Table("calls").Inputs() {
			out = append(out, cells[f])
		}
		return strings.Join(out, ",")
	}
	csv := strings.Join([]string{header,
		row("W1", "2022-07-01", "traffic", "rain"),
		row("W2", "2022-07-01", "traffic", "rain"),
		row("W3", "2022-07-02", "traffic", "dry"),
		row("W4", "2022-07-02", "criminal", "rain"),
		row("W5", "2022-07-03", "traffic", ""),
		row("W6", "2022-07-03", "traffic", "hail"), // not a code of the field: quarantined
	}, "\n") + "\n"
	input := filepath.Join(dir, "calls-2022-07.csv")
	if err := os.WriteFile(input, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := ingest.File(ctx, w, input, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.RowsRead != 6 || res.Loaded != 5 || res.Quarantined != 1 {
		t.Errorf("read %d, loaded %d, quarantined %d; want 6, 5, 1", res.RowsRead, res.Loaded, res.Quarantined)
	}
	var rainy int
	if err := w.DB.QueryRowContext(ctx, "SELECT count(*) FROM calls WHERE weather = 'rain'").Scan(&rainy); err != nil || rainy != 3 {
		t.Errorf("%d calls loaded with weather rain (%v); want 3", rainy, err)
	}

	campaignFile := `id: weather-test
name: {zh: 天气测试, en: Weather test}
unit: {zh: 指挥中心, en: Command center}
period: {start: 2022-07-01, end: 2022-07-31}
headline:
  - id: rainy_traffic
    label: {zh: 雨天交通警情, en: traffic calls in the rain}
    unit: {zh: 起, en: calls}
    source: calls
    aggregate: count
    where: {category: [traffic], weather: [rain]}
breakdowns:
  - id: by_weather
    label: {zh: 按天气, en: Calls by weather}
    source: calls
    aggregate: count
    by: [weather]
    show: {chart: bar, sheet: true}
`
	c, err := campaign.Parse("weather.yaml", []byte(campaignFile))
	if err != nil {
		t.Fatal(err)
	}
	r, err := figures.Compute(ctx, w, c)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Headline[0].Value; got != 2 {
		t.Errorf("rainy traffic calls = %d, want 2 (W1, W2)", got)
	}
	b := r.Declared[0]
	got := map[string]int64{}
	for _, row := range b.Rows {
		got[row.Keys[0]] = row.Value
	}
	want := map[string]int64{"rain": 3, "dry": 1, "": 1}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("calls by weather %q = %d, want %d (all: %v)", k, got[k], v, got)
		}
	}
	if len(b.Rows) != 3 || b.Rows[0].Keys[0] != "dry" || b.Rows[0].Labels[0].En != "Dry" || b.Rows[1].Labels[0].Zh != "雨" {
		t.Errorf("rows %+v: want dry, rain in vocabulary order with their labels, then not recorded", b.Rows)
	}

	out := filepath.Join(dir, "out")
	detail := func(ctx context.Context, yield func(*metrics.Call) error) error {
		return figures.Calls(ctx, w, c, yield)
	}
	if _, err := reports.Write(ctx, out, r, reports.Options{Detail: detail}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(filepath.Join(out, "internal", "summary.en.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	found := map[string]bool{}
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, cells := range rows {
			for _, cell := range cells {
				if cell == "Weather" || cell == "Rain" {
					found[sheet+": "+cell] = true
				}
			}
		}
	}
	for _, want := range []string{"Breakdowns: Weather", "Breakdowns: Rain", "Detail: Weather", "Detail: Rain"} {
		if !found[want] {
			t.Errorf("workbook has no %q; found %v", want, found)
		}
	}
}
