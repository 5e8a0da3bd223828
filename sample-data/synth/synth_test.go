package synth_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"bulletin/sample-data/synth"
)

// The checks below re-read the files as ingest would, with rules written out here rather than taken
// from the generator, so that a generator bug cannot hide itself.

var callHeader = strings.Split("call_id,received_at,answered_at,dispatched_at,arrived_at,closed_at,"+
	"channel,category,subcategory,priority,district,station,disposition,people_helped,linked_agencies,lat,lon", ",")

var activityHeader = strings.Split("activity_id,kind,started_at,district,unit,participants,response_seconds,passed,note", ",")

const layout = "2006-01-02 15:04:05"

var (
	channels      = []string{"phone", "sms", "video", "app", "transfer_12345"}
	categories    = []string{"criminal", "public_order", "traffic", "fire", "emergency_help", "dispute", "consultation", "invalid"}
	subcategories = []string{"suicide_attempt", "lost_person", "missing_person", "drowning", "fall_from_height", "medical", "elderly_assist", "child_assist", "other"}
	dispositions  = []string{"resolved", "rescued", "person_found", "referred", "false_alarm", "unresolved"}
	agencies      = []string{"fire", "medical", "emergency_mgmt", "hotline_12345", "water_police", "urban_mgmt"}
)

// callRow is a loaded call with the columns the checks use.
type callRow struct {
	fields                                                  []string
	received, answered, dispatched, arrived, closed         time.Time
	category, subcategory, district, disposition, agencyCol string
	people                                                  int
}

// dataSet is what ingest would load from a directory.
type dataSet struct {
	calls       []callRow
	activities  [][]string
	rowsRead    int
	quarantined int
	duplicates  int
	files       []string
}

// quarantined reports why ingest rejects a calls row, or "" if it accepts it.
func quarantineReason(rec []string, loc *time.Location) string {
	if len(rec) != len(callHeader) {
		return "field count"
	}
	if rec[0] == "" {
		return "empty call_id"
	}
	if _, err := time.ParseInLocation(layout, rec[1], loc); err != nil {
		return "received_at"
	}
	for _, v := range rec[2:6] {
		if v == "" {
			continue
		}
		if _, err := time.ParseInLocation(layout, v, loc); err != nil {
			return "time"
		}
	}
	if !slices.Contains(channels, rec[6]) {
		return "channel"
	}
	if !slices.Contains(categories, rec[7]) {
		return "category"
	}
	if rec[8] != "" && !slices.Contains(subcategories, rec[8]) {
		return "subcategory"
	}
	if rec[9] != "" && !slices.Contains([]string{"1", "2", "3", "4"}, rec[9]) {
		return "priority"
	}
	if rec[10] == "" {
		return "district"
	}
	if rec[12] != "" && !slices.Contains(dispositions, rec[12]) {
		return "disposition"
	}
	if rec[13] != "" {
		if n, err := strconv.Atoi(rec[13]); err != nil || n < 0 {
			return "people_helped"
		}
	}
	if rec[14] != "" {
		for _, a := range strings.Split(rec[14], ";") {
			if !slices.Contains(agencies, a) {
				return "agency"
			}
		}
	}
	for _, c := range []struct {
		col   int
		limit float64
	}{{15, 90}, {16, 180}} {
		if rec[c.col] == "" {
			continue
		}
		if x, err := strconv.ParseFloat(rec[c.col], 64); err != nil || x < -c.limit || x > c.limit {
			return "coordinate"
		}
	}
	return ""
}

func load(t *testing.T, dir string, loc *time.Location) dataSet {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var ds dataSet
	var callFiles, activityFiles []string
	for _, e := range entries {
		ds.files = append(ds.files, e.Name())
		switch {
		case strings.HasPrefix(e.Name(), "calls-"):
			callFiles = append(callFiles, e.Name())
		case strings.HasPrefix(e.Name(), "activities-"):
			activityFiles = append(activityFiles, e.Name())
		default:
			t.Errorf("unexpected file %s", e.Name())
		}
	}
	// Month names sort in time order, which is the order ingest reads them in.
	slices.Sort(callFiles)
	slices.Sort(activityFiles)

	accepted := make(map[string]string) // call_id -> whole row
	for _, name := range callFiles {
		for i, rec := range readCSV(t, filepath.Join(dir, name), callHeader) {
			ds.rowsRead++
			if reason := quarantineReason(rec, loc); reason != "" {
				ds.quarantined++
				continue
			}
			whole := strings.Join(rec, "\x00")
			if first, seen := accepted[rec[0]]; seen {
				if first == whole {
					ds.duplicates++
				} else {
					ds.quarantined++
				}
				continue
			}
			accepted[rec[0]] = whole
			row := callRow{fields: rec, category: rec[7], subcategory: rec[8], district: rec[10], disposition: rec[12], agencyCol: rec[14]}
			for j, dst := range []*time.Time{&row.received, &row.answered, &row.dispatched, &row.arrived, &row.closed} {
				if rec[1+j] != "" {
					*dst, _ = time.ParseInLocation(layout, rec[1+j], loc)
				}
			}
			if rec[13] != "" {
				row.people, _ = strconv.Atoi(rec[13])
			}
			if row.received.IsZero() {
				t.Fatalf("%s row %d: accepted row without received_at", name, i+2)
			}
			ds.calls = append(ds.calls, row)
		}
	}
	for _, name := range activityFiles {
		ds.activities = append(ds.activities, readCSV(t, filepath.Join(dir, name), activityHeader)...)
	}
	return ds
}

// readCSV returns the rows after the header, which must be exactly header.
func readCSV(t *testing.T, path string, header []string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	first, err := r.Read()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if !slices.Equal(first, header) {
		t.Errorf("%s: header %q, want %q", path, first, header)
	}
	var rows [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		rows = append(rows, rec)
	}
}

func shanghai(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func between(t, from, to time.Time) bool { return !t.Before(from) && t.Before(to) }

func TestWriteReproducesBulletinFigures(t *testing.T) {
	t.Parallel()
	for _, seed := range []uint64{0, 7} {
		t.Run("seed="+strconv.FormatUint(seed, 10), func(t *testing.T) {
			t.Parallel()
			if seed != 0 && testing.Short() {
				t.Skip("another seed: skipped in short mode")
			}
			dir := t.TempDir()
			sum, err := synth.Write(context.Background(), dir, synth.Options{Seed: seed})
			if err != nil {
				t.Fatal(err)
			}
			loc := shanghai(t)
			ds := load(t, dir, loc)
			checkFiles(t, sum, ds)
			checkCampaignFigures(t, ds, loc)
			checkFaults(t, sum, ds)
			checkRealism(t, ds, loc)
		})
	}
}

func checkFiles(t *testing.T, sum synth.Summary, ds dataSet) {
	var want []string
	for m := time.Date(2021, 5, 1, 0, 0, 0, 0, time.UTC); m.Before(time.Date(2022, 8, 1, 0, 0, 0, 0, time.UTC)); m = m.AddDate(0, 1, 0) {
		want = append(want, "activities-"+m.Format("2006-01")+".csv", "calls-"+m.Format("2006-01")+".csv")
	}
	slices.Sort(want)
	if !slices.Equal(ds.files, want) {
		t.Errorf("files in directory = %v, want %v", ds.files, want)
	}
	if !slices.Equal(sum.Files, want) {
		t.Errorf("Summary.Files = %v, want %v", sum.Files, want)
	}
	if sum.Calls != ds.rowsRead {
		t.Errorf("Summary.Calls = %d, files hold %d call rows", sum.Calls, ds.rowsRead)
	}
	if sum.Activities != len(ds.activities) {
		t.Errorf("Summary.Activities = %d, files hold %d activity rows", sum.Activities, len(ds.activities))
	}
}

func checkCampaignFigures(t *testing.T, ds dataSet, loc *time.Location) {
	from := time.Date(2022, 5, 1, 0, 0, 0, 0, loc)
	to := time.Date(2022, 8, 1, 0, 0, 0, 0, loc)
	var emergencyHelp, suicideRescued, suicideOther, lostPeople, lostIncidents, missingHandled, missingOther int
	for _, c := range ds.calls {
		if !between(c.received, from, to) || c.category != "emergency_help" {
			continue
		}
		emergencyHelp++
		switch {
		case c.subcategory == "suicide_attempt" && c.disposition == "rescued":
			suicideRescued++
		case c.subcategory == "suicide_attempt":
			suicideOther++
		case c.subcategory == "lost_person" && c.disposition == "person_found":
			lostPeople += c.people
			lostIncidents++
		case c.subcategory == "missing_person" && (c.disposition == "person_found" || c.disposition == "resolved"):
			missingHandled++
		case c.subcategory == "missing_person":
			missingOther++
		}
	}
	exact := []struct {
		name      string
		got, want int
	}{
		{"emergency-help calls", emergencyHelp, 21746},
		{"suicide attempts rescued", suicideRescued, 81},
		{"lost people found", lostPeople, 455},
		{"missing-person cases handled", missingHandled, 11},
	}
	for _, e := range exact {
		if e.got != e.want {
			t.Errorf("campaign %s = %d, want %d", e.name, e.got, e.want)
		}
	}
	if suicideOther < 3 || suicideOther > 10 {
		t.Errorf("campaign suicide attempts not rescued = %d, want about 6", suicideOther)
	}
	if lostIncidents < 380 || lostIncidents >= 455 {
		t.Errorf("lost-person incidents with people found = %d, want about 420", lostIncidents)
	}
	if missingOther < 1 || missingOther > 6 {
		t.Errorf("missing-person cases not handled = %d, want about 3", missingOther)
	}

	kinds := map[string]int{}
	var trainings []string
	for _, a := range ds.activities {
		started, err := time.ParseInLocation(layout, a[2], loc)
		if err != nil {
			t.Fatalf("activity %s: started_at %q: %v", a[0], a[2], err)
		}
		if !between(started, from, to) {
			continue
		}
		kinds[a[1]]++
		if a[1] == "training" {
			trainings = append(trainings, started.Format("2006-01-02")+" "+a[3]+" "+a[4]+" "+a[5])
		}
	}
	for kind, want := range map[string]int{"simulated_alarm_drill": 32, "video_inspection": 660, "video_rollcall": 412, "training": 2} {
		if kinds[kind] != want {
			t.Errorf("campaign activities of kind %s = %d, want %d", kind, kinds[kind], want)
		}
	}
	if kinds["liaison_visit"] < 4 {
		t.Errorf("campaign liaison visits = %d, want at least 4", kinds["liaison_visit"])
	}
	wantTrainings := []string{"2022-05-26 全市 市局指挥中心 186", "2022-07-19 岳塘区 岳塘分局 25"}
	if !slices.Equal(trainings, wantTrainings) {
		t.Errorf("campaign trainings = %q, want %q", trainings, wantTrainings)
	}

	// The rescues the bulletin tells, all in Yuhu district.
	rescues := []struct {
		date, subcategory, agency string
	}{
		{"2022-05-27", "drowning", "water_police"},
		{"2022-05-28", "suicide_attempt", "water_police"},
		{"2022-07-23", "suicide_attempt", "medical"},
	}
	for _, r := range rescues {
		found := false
		for _, c := range ds.calls {
			if c.received.Format("2006-01-02") == r.date && c.district == "雨湖区" && c.subcategory == r.subcategory &&
				c.disposition == "rescued" && slices.Contains(strings.Split(c.agencyCol, ";"), r.agency) &&
				slices.Contains(strings.Split(c.agencyCol, ";"), "medical") {
				found = true
			}
		}
		if !found {
			t.Errorf("no %s rescue with %s in 雨湖区 on %s", r.subcategory, r.agency, r.date)
		}
	}
}

func checkFaults(t *testing.T, sum synth.Summary, ds dataSet) {
	quarantineKinds := []string{
		"malformed_line", "bad_received_at", "bad_time", "unknown_category", "unknown_channel",
		"unknown_subcategory", "unknown_disposition", "bad_priority", "bad_people_helped", "bad_coordinate",
		"unknown_agency", "empty_district", "empty_call_id", "conflicting_id",
	}
	wantQuarantined := 0
	for _, k := range quarantineKinds {
		if sum.Faults[k] == 0 {
			t.Errorf("no rows with fault %s", k)
		}
		wantQuarantined += sum.Faults[k]
	}
	if ds.quarantined != wantQuarantined {
		t.Errorf("quarantined %d rows, Summary.Faults says %d", ds.quarantined, wantQuarantined)
	}
	if ds.duplicates != sum.Faults["duplicate"] {
		t.Errorf("found %d duplicates, Summary.Faults says %d", ds.duplicates, sum.Faults["duplicate"])
	}
	if len(ds.calls)+ds.quarantined+ds.duplicates != ds.rowsRead {
		t.Errorf("loaded %d + quarantined %d + duplicates %d != %d rows read", len(ds.calls), ds.quarantined, ds.duplicates, ds.rowsRead)
	}

	var beforeDispatch, missingArrival, absurd int
	for _, c := range ds.calls {
		switch {
		case c.dispatched.IsZero():
		case c.arrived.IsZero():
			missingArrival++
		case c.arrived.Before(c.dispatched):
			beforeDispatch++
		case c.arrived.Sub(c.dispatched) > 24*time.Hour:
			absurd++
		}
	}
	inRows := []struct {
		kind string
		got  int
	}{
		{"arrival_before_dispatch", beforeDispatch},
		{"missing_arrival", missingArrival},
		{"absurd_interval", absurd},
	}
	for _, r := range inRows {
		if r.got == 0 || r.got != sum.Faults[r.kind] {
			t.Errorf("loaded rows with %s = %d, Summary.Faults says %d", r.kind, r.got, sum.Faults[r.kind])
		}
	}

	share := func(n int) float64 { return float64(n) / float64(ds.rowsRead) }
	if s := share(ds.quarantined); s < 0.003 || s > 0.02 {
		t.Errorf("quarantined share %.4f, want a fraction of a percent", s)
	}
	if s := share(ds.duplicates); s < 0.005 || s > 0.02 {
		t.Errorf("duplicate share %.4f, want about 1%%", s)
	}
	if s := share(ds.quarantined + ds.duplicates + beforeDispatch + missingArrival + absurd); s < 0.01 || s > 0.06 {
		t.Errorf("faulty share %.4f, want a few percent", s)
	}
}

func checkRealism(t *testing.T, ds dataSet, loc *time.Location) {
	days := time.Date(2022, 8, 1, 0, 0, 0, 0, time.UTC).Sub(time.Date(2021, 5, 1, 0, 0, 0, 0, time.UTC)).Hours() / 24
	if perDay := float64(len(ds.calls)) / days; perDay < 650 || perDay > 750 {
		t.Errorf("valid calls per day = %.0f, want 650-750", perDay)
	}
	emergencyHelp := func(from, to time.Time) int {
		n := 0
		for _, c := range ds.calls {
			if c.category == "emergency_help" && between(c.received, from, to) {
				n++
			}
		}
		return n
	}
	campaign := float64(emergencyHelp(time.Date(2022, 5, 1, 0, 0, 0, 0, loc), time.Date(2022, 8, 1, 0, 0, 0, 0, loc)))
	yearEarlier := float64(emergencyHelp(time.Date(2021, 5, 1, 0, 0, 0, 0, loc), time.Date(2021, 8, 1, 0, 0, 0, 0, loc)))
	previous := float64(emergencyHelp(time.Date(2022, 1, 29, 0, 0, 0, 0, loc), time.Date(2022, 5, 1, 0, 0, 0, 0, loc)))
	if r := yearEarlier / campaign; r < 0.85 || r > 0.95 {
		t.Errorf("emergency help a year earlier = %.2f of the campaign's, want about 0.9", r)
	}
	if r := previous / campaign; r < 0.85 || r > 0.98 {
		t.Errorf("emergency help in the previous period = %.2f of the campaign's, want visibly lower", r)
	}

	// Patrols reach urban calls sooner than county calls, and a few within a minute.
	type arrivals struct{ within1, within5, all int }
	byDistrict := map[string]arrivals{}
	for _, c := range ds.calls {
		if c.arrived.IsZero() || c.arrived.Before(c.dispatched) {
			continue
		}
		a := byDistrict[c.district]
		if c.arrived.Sub(c.received) <= time.Minute {
			a.within1++
		}
		if c.arrived.Sub(c.received) <= 5*time.Minute {
			a.within5++
		}
		a.all++
		byDistrict[c.district] = a
	}
	share := func(n, of int) float64 { return float64(n) / float64(of) }
	urban, county := byDistrict["雨湖区"], byDistrict["湘乡市"]
	if u, c := share(urban.within5, urban.all), share(county.within5, county.all); u <= c+0.1 {
		t.Errorf("arrivals within 5 minutes: 雨湖区 %.2f, 湘乡市 %.2f; want urban clearly faster", u, c)
	}
	if u := share(urban.within1, urban.all); u < 0.005 || u > 0.1 {
		t.Errorf("arrivals within 1 minute in 雨湖区: %.3f, want a few percent", u)
	}
}

func TestWriteIsDeterministic(t *testing.T) {
	t.Parallel()
	write := func(seed uint64) string {
		dir := t.TempDir()
		if _, err := synth.Write(context.Background(), dir, synth.Options{Seed: seed}); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	first, second, other := write(20220802), write(0), write(20220803)
	entries, err := os.ReadDir(first)
	if err != nil {
		t.Fatal(err)
	}
	differs := 0
	for _, e := range entries {
		a := mustRead(t, filepath.Join(first, e.Name()))
		if b := mustRead(t, filepath.Join(second, e.Name())); !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs with the same seed", e.Name())
		}
		if c := mustRead(t, filepath.Join(other, e.Name())); !bytes.Equal(a, c) {
			differs++
		}
	}
	if differs != len(entries) {
		t.Errorf("only %d of %d files differ between seeds 20220802 and 20220803", differs, len(entries))
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestWriteStopsWhenCancelled(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := synth.Write(ctx, dir, synth.Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Write with a cancelled context: err = %v, want context.Canceled", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("cancelled Write left %s", e.Name())
	}
}

func TestDistricts(t *testing.T) {
	districts := synth.Districts()
	var names []string
	for _, d := range districts {
		names = append(names, d.Name)
		if d.English == "" || len(d.Stations) < 3 || len(d.Stations) > 6 {
			t.Errorf("district %s: English %q, %d stations", d.Name, d.English, len(d.Stations))
		}
	}
	want := []string{"雨湖区", "岳塘区", "湘潭县", "湘乡市", "韶山市", "湘潭高新区", "湘潭经开区"}
	if !slices.Equal(names, want) {
		t.Errorf("Districts() names = %v, want %v", names, want)
	}
	districts[0].Stations[0] = "changed"
	if synth.Districts()[0].Stations[0] == "changed" {
		t.Error("Districts() returns shared state")
	}
}
