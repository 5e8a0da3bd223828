package main

// The campaign files of sample-data/, run end to end as a user runs them: the real ingest and
// report commands into temporary folders. Every figure is checked against a count made here with
// a plain loop over the input files, read back by the rules this file states (the validity rules
// of sample-data/README.md and docs/ingest.md, the sf-fire-units profile's mapping written out by
// hand), so that a fault of ingest, of the SQL or of a campaign file cannot hide itself.

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"bulletin/metrics"
)

// TestSampleCampaignFilesOnTheSampleData runs the Xiangtan campaign (Chinese and English, its own
// bulletin text) and the summer public-order campaign (Chinese only, the default text) on one
// generated and ingested sample data set.
func TestSampleCampaignFilesOnTheSampleData(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "input")
	warehouseFile := filepath.Join(dir, "w.duckdb")
	if code, _, stderr := runCLI(t, "sample", "--out", input); code != exitOK {
		t.Fatalf("sample exited %d:\n%s", code, stderr)
	}
	code, stdout, stderr := runCLI(t, "ingest", "--json", "--warehouse", warehouseFile, input)
	if code != exitOK {
		t.Fatalf("ingest exited %d:\n%s", code, stderr)
	}
	loc := mustLocation(t, "Asia/Shanghai")
	data, accounting := readSampleData(t, input, loc)
	checkIngestAccounting(t, stdout, accounting)

	t.Run("xiangtan", func(t *testing.T) {
		config := filepath.Join("..", "..", "sample-data", "campaign.yaml")
		out, m := reportTwice(t, warehouseFile, config)
		checkCampaignOutputs(t, out, []string{"zh", "en"}, m)
		checkCampaignFigures(t, m, data, xiangtanExpected())

		// The campaign's own bulletin text states the figures in its sentences.
		period := data.within(m.Campaign.Start, m.Campaign.End)
		value := func(id string) int64 { return xiangtanExpected().headline[id](period) }
		linked := period.count(func(c campaignCall) bool { return len(c.agencies) > 0 })
		if m.LinkedCalls != linked {
			t.Errorf("linked_calls = %d, counted %d", m.LinkedCalls, linked)
		}
		phrases := []struct {
			n      int64
			zh, en string
		}{
			{value("emergency_help"), "紧急求助类警情%s起", "handled %s emergency-help incidents"},
			// The label the campaign file declares, as the gallery and workbook show it.
			{value("suicide_rescued"), "成功救下轻生人员警情%s起", "recorded %s suicide attempts stopped"},
			{value("lost_people_found"), "帮助找回走失人员%s名", "find %s lost people"},
			{value("missing_resolved"), "妥善处置失踪类警情%s起", "handled %s missing-person cases"},
			{value("drills"), "模拟警情拉动演练%s次", "%s simulated-alarm drills"},
			{value("video_inspections"), "视频巡查%s次", "%s video inspections"},
			{value("video_rollcalls"), "视频点名%s次", "%s video roll-calls"},
			{value("training_participants"), "参训民辅警%s人次", "with %s attendances"},
			{linked, "共联动相关部门处置警情%s起", "handled %s incidents together with partner agencies"},
		}
		var zh, en []string
		for _, p := range phrases {
			zh = append(zh, fmt.Sprintf(p.zh, formatCount("zh", p.n)))
			en = append(en, fmt.Sprintf(p.en, formatCount("en", p.n)))
		}
		checkBulletinText(t, filepath.Join(out, "bulletin.zh.md"), zh)
		checkBulletinText(t, filepath.Join(out, "bulletin.en.md"), en)
	})

	t.Run("summer-order", func(t *testing.T) {
		config := filepath.Join("..", "..", "sample-data", "summer-order.yaml")
		out, m := reportTwice(t, warehouseFile, config)
		checkCampaignOutputs(t, out, []string{"zh"}, m)
		checkCampaignFigures(t, m, data, summerOrderExpected())
		// Labels derived from the thresholds, as the file leaves the targets unlabelled.
		labels := map[string]string{}
		for _, target := range m.Response.Targets {
			labels[target.ID] = target.Label.Zh
		}
		if want := map[string]string{"on_scene": "到场时长5、8、10分钟以内", "on_scene_by_district": "到场时长10分钟以内"}; !maps.Equal(labels, want) {
			t.Errorf("target labels %q, want %q", labels, want)
		}
		want := append(defaultBulletinFigures(m, "zh"), "按“5、8、10分钟”标准")
		checkBulletinText(t, filepath.Join(out, "bulletin.zh.md"), want)
	})
}

// TestFireEMSCampaignOnItsFixture ingests the US fire/EMS fixture, one row per unit, with the
// profile recognised from its header, and runs its English-only campaign.
func TestFireEMSCampaignOnItsFixture(t *testing.T) {
	dir := t.TempDir()
	warehouseFile := filepath.Join(dir, "w.duckdb")
	fixture := filepath.Join("..", "..", "sample-data", "fire-ems")
	code, stdout, stderr := runCLI(t, "ingest", "--json", "--warehouse", warehouseFile, fixture)
	if code != exitOK {
		t.Fatalf("ingest exited %d:\n%s", code, stderr)
	}
	loc := mustLocation(t, "America/Los_Angeles")
	data, accounting := readFireData(t, fixture, loc)
	checkIngestAccounting(t, stdout, accounting)
	var results []struct {
		Path, Profile string
	}
	if err := json.Unmarshal([]byte(stdout), &results); err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.Profile != "sf-fire-units" {
			t.Errorf("%s ingested with profile %q, want sf-fire-units recognised from the header", r.Path, r.Profile)
		}
	}

	out, m := reportTwice(t, warehouseFile, filepath.Join(fixture, "campaign.yaml"))
	checkCampaignOutputs(t, out, []string{"en"}, m)
	checkCampaignFigures(t, m, data, fireEMSExpected())
	if m.Units.Calls == m.Units.Incidents || m.Units.DispatchOrders <= m.Units.Calls {
		t.Errorf("units %+v: want fewer incidents than calls and more units than calls", m.Units)
	}
	for _, target := range m.Response.Targets {
		if target.ID == "total_response" && target.Label.En != "Response within 8, 10 minutes" {
			t.Errorf("target total_response label %q, want the derived \"Response within 8, 10 minutes\"", target.Label.En)
		}
	}
	checkBulletinText(t, filepath.Join(out, "bulletin.en.md"), defaultBulletinFigures(m, "en"))
}

// TestFireEMSCampaignFixtureIsTheGeneratorsOutput runs the fixture's generator into a temporary
// folder: it writes the committed files byte for byte.
func TestFireEMSCampaignFixtureIsTheGeneratorsOutput(t *testing.T) {
	fixture := filepath.Join("..", "..", "sample-data", "fire-ems")
	dir := t.TempDir()
	cmd := exec.Command("go", "run", filepath.Join(fixture, "generate.go"), "-out", dir)
	if output, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run generate.go: %v\n%s", err, output)
	}
	written, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	if err != nil || len(written) == 0 {
		t.Fatalf("the generator wrote no CSV file (%v)", err)
	}
	committed, _ := filepath.Glob(filepath.Join(fixture, "*.csv"))
	if len(committed) != len(written) {
		t.Errorf("the generator writes %d files, %d are committed", len(written), len(committed))
	}
	var size int64
	for _, path := range written {
		name := filepath.Base(path)
		got := mustReadFile(t, path)
		size += int64(len(got))
		if want := mustReadFile(t, filepath.Join(fixture, name)); !bytes.Equal(got, want) {
			t.Errorf("%s differs from the generator's output: run go run sample-data/fire-ems/generate.go", name)
		}
	}
	if size > 1<<20 {
		t.Errorf("the fixture holds %d bytes, want well under 1 MB", size)
	}
}

// campaignCall is one call as ingest loads it, read back from the input files.
type campaignCall struct {
	received, answered, dispatched, arrived, closed time.Time // local time; zero when not recorded
	channel, category, subcategory, priority        string
	district, station, disposition, incident        string
	agencies                                        []string
	people, units                                   int64
}

// campaignActivity is one activity as ingest loads it.
type campaignActivity struct {
	kind         string
	started      time.Time
	participants int64
}

// campaignData is what the warehouse holds, as read back from the inputs.
type campaignData struct {
	loc        *time.Location
	calls      []campaignCall
	activities []campaignActivity
}

// within returns the calls received and activities started on the days start to end, both
// included, in local time.
func (d campaignData) within(start, end string) campaignData {
	from, err1 := time.ParseInLocation(time.DateOnly, start, d.loc)
	last, err2 := time.ParseInLocation(time.DateOnly, end, d.loc)
	if err1 != nil || err2 != nil {
		panic(fmt.Sprintf("period %s..%s", start, end))
	}
	to := last.AddDate(0, 0, 1)
	in := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }
	out := campaignData{loc: d.loc}
	for _, c := range d.calls {
		if in(c.received) {
			out.calls = append(out.calls, c)
		}
	}
	for _, a := range d.activities {
		if in(a.started) {
			out.activities = append(out.activities, a)
		}
	}
	return out
}

func (d campaignData) count(keep func(campaignCall) bool) int64 {
	var n int64
	for _, c := range d.calls {
		if keep(c) {
			n++
		}
	}
	return n
}

// fileAccounting is what ingest should say of one file.
type fileAccounting struct {
	rowsRead, loaded, quarantined, duplicates, records int64
}

// checkIngestAccounting compares ingest's --json accounting of each file with the one worked out
// here: a difference means the rules used here to read the files back are not ingest's.
func checkIngestAccounting(t *testing.T, stdout string, want map[string]fileAccounting) {
	t.Helper()
	var results []struct {
		Path                                     string
		RowsRead                                 int64 `json:"rows_read"`
		Loaded, Quarantined, Duplicates, Records int64
		Skipped                                  bool
	}
	if err := json.Unmarshal([]byte(stdout), &results); err != nil {
		t.Fatalf("ingest --json: %v\n%s", err, stdout)
	}
	seen := map[string]bool{}
	for _, r := range results {
		name := filepath.Base(r.Path)
		seen[name] = true
		w, ok := want[name]
		if !ok {
			t.Errorf("ingest read %s, which the test did not expect", name)
			continue
		}
		got := fileAccounting{r.RowsRead, r.Loaded, r.Quarantined, r.Duplicates, r.Records}
		if got != w {
			t.Errorf("%s: ingest read %+v, the test counts %+v", name, got, w)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(want)) {
		if !seen[name] {
			t.Errorf("ingest did not read %s", name)
		}
	}
}

// The sample data's canonical files (sample-data/README.md) and the codes of schema/model.yaml.
var (
	sampleCallColumns     = strings.Split("call_id,received_at,answered_at,dispatched_at,arrived_at,closed_at,channel,category,subcategory,priority,district,station,disposition,people_helped,linked_agencies,lat,lon", ",")
	sampleActivityColumns = strings.Split("activity_id,kind,started_at,district,unit,participants,response_seconds,passed,note", ",")
	sampleCodes           = map[string][]string{
		"channel":         {"phone", "sms", "video", "app", "transfer_12345"},
		"category":        {"criminal", "public_order", "traffic", "fire", "emergency_help", "dispute", "consultation", "invalid", "other"},
		"subcategory":     {"suicide_attempt", "lost_person", "missing_person", "drowning", "fall_from_height", "medical", "elderly_assist", "child_assist", "other"},
		"priority":        {"1", "2", "3", "4"},
		"disposition":     {"resolved", "rescued", "person_found", "referred", "false_alarm", "unresolved"},
		"linked_agencies": {"fire", "medical", "emergency_mgmt", "hotline_12345", "water_police", "urban_mgmt"},
	}
)

// readSampleData reads the sample's files as ingest loads them: a calls row is quarantined when
// it has the wrong number of fields, an empty required field (call_id, received_at, channel,
// category, district), a time that does not parse, a code not in its list, a people_helped or
// coordinate that is not a number in range, or the call_id of an earlier row with other content;
// a row equal to an earlier one is a duplicate, loaded once. Files are read in name order.
func readSampleData(t *testing.T, dir string, loc *time.Location) (campaignData, map[string]fileAccounting) {
	t.Helper()
	parseTime := func(s string) (time.Time, bool) {
		if tm, err := time.ParseInLocation(time.DateTime, s, loc); err == nil {
			return tm, true
		}
		tm, err := time.Parse(time.RFC3339, s)
		return tm.In(loc), err == nil
	}
	validRow := func(rec []string) bool {
		if len(rec) != len(sampleCallColumns) {
			return false
		}
		field := func(name string) string { return rec[slices.Index(sampleCallColumns, name)] }
		for _, name := range []string{"call_id", "received_at", "channel", "category", "district"} {
			if field(name) == "" {
				return false
			}
		}
		for _, name := range []string{"received_at", "answered_at", "dispatched_at", "arrived_at", "closed_at"} {
			if _, ok := parseTime(field(name)); field(name) != "" && !ok {
				return false
			}
		}
		for name, codes := range sampleCodes {
			if field(name) == "" {
				continue
			}
			for _, v := range strings.Split(field(name), ";") {
				if !slices.Contains(codes, v) {
					return false
				}
			}
		}
		if v := field("people_helped"); v != "" {
			if n, err := strconv.Atoi(v); err != nil || n < 0 || n > 10000 {
				return false
			}
		}
		for name, limit := range map[string]float64{"lat": 90, "lon": 180} {
			if v := field(name); v != "" {
				if x, err := strconv.ParseFloat(v, 64); err != nil || x < -limit || x > limit {
					return false
				}
			}
		}
		return true
	}

	data := campaignData{loc: loc}
	accounting := map[string]fileAccounting{}
	names, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	loaded := map[string]string{} // call_id -> the row loaded under it
	for _, path := range names {
		name := filepath.Base(path)
		var acc fileAccounting
		switch {
		case strings.HasPrefix(name, "calls-"):
			for _, rec := range readCSVRows(t, path, sampleCallColumns) {
				acc.rowsRead++
				if !validRow(rec) {
					acc.quarantined++
					continue
				}
				whole := strings.Join(rec, "\x00")
				if first, ok := loaded[rec[0]]; ok {
					if first == whole {
						acc.duplicates++
					} else {
						acc.quarantined++
					}
					continue
				}
				loaded[rec[0]] = whole
				acc.loaded++
				// The sample has no incident_id: each call is an incident of its own.
				c := campaignCall{channel: rec[6], category: rec[7], subcategory: rec[8], priority: rec[9],
					district: rec[10], station: rec[11], disposition: rec[12], incident: rec[0]}
				for i, point := range []*time.Time{&c.received, &c.answered, &c.dispatched, &c.arrived, &c.closed} {
					*point, _ = parseTime(rec[1+i])
				}
				c.people, _ = strconv.ParseInt(rec[13], 10, 64)
				if rec[14] != "" {
					c.agencies = strings.Split(rec[14], ";")
				}
				data.calls = append(data.calls, c)
			}
		case strings.HasPrefix(name, "activities-"):
			for _, rec := range readCSVRows(t, path, sampleActivityColumns) {
				acc.rowsRead++
				acc.loaded++
				started, err := time.ParseInLocation(time.DateTime, rec[2], loc)
				if err != nil {
					t.Fatalf("%s: activity %s: %v", name, rec[0], err)
				}
				participants, _ := strconv.ParseInt(rec[5], 10, 64)
				data.activities = append(data.activities, campaignActivity{kind: rec[1], started: started, participants: participants})
			}
		default:
			t.Fatalf("unexpected sample file %s", name)
		}
		acc.records = acc.loaded
		accounting[name] = acc
	}
	return data, accounting
}

// The DataSF "Fire Department Calls for Service" export, and the sf-fire-units profile's mapping
// (ingest/profiles/sf-fire-units.yaml) written out here.
var (
	fireColumns = []string{"Call Number", "Unit ID", "Incident Number", "Call Type", "Call Date", "Watch Date",
		"Received DtTm", "Entry DtTm", "Dispatch DtTm", "Response DtTm", "On Scene DtTm", "Transport DtTm",
		"Hospital DtTm", "Call Final Disposition", "Available DtTm", "Address", "City", "Zipcode of Incident",
		"Battalion", "Station Area", "Box", "Original Priority", "Priority", "Final Priority", "ALS Unit",
		"Call Type Group", "Number of Alarms", "Unit Type", "Unit sequence in call dispatch",
		"Supervisor District", "Neighborhooods - Analysis Boundaries", "RowID"}
	fireCategories = map[string]string{
		"Medical Incident": "emergency_help", "Citizen Assist / Service Call": "emergency_help", "Water Rescue": "emergency_help",
		"Structure Fire": "fire", "Outside Fire": "fire", "Vehicle Fire": "fire", "Alarms": "fire",
		"Smoke Investigation (Outside)": "fire", "Odor (Strange / Unknown)": "fire", "Gas Leak (Natural and LP Gases)": "fire",
		"Electrical Hazard": "fire", "Fuel Spill": "fire", "Traffic Collision": "traffic",
	}
	fireSubcategories = map[string]string{"Medical Incident": "medical", "Water Rescue": "drowning"}
	firePriorities    = map[string]string{"3": "1", "2": "3"}
	fireDispositions  = map[string]string{
		"Code 2 Transport": "resolved", "Code 3 Transport": "resolved", "Fire": "resolved", "Patient Declined Transport": "resolved",
		"Against Medical Advice": "resolved", "Medical Examiner": "resolved", "Other": "resolved", "No Merit": "false_alarm",
		"Cancelled": "false_alarm", "Unable to Locate": "unresolved", "Gone on Arrival": "unresolved", "SFPD": "referred", "CHP": "referred",
	}
)

// readFireData reads the fixture's unit rows and combines them as the profile documents: the rows
// of one Call Number are one call, with the earliest dispatch and arrival on scene, the latest
// Available time, one dispatch order per row, and every other field from the call's first row.
// Every value of the fixture is one the profile maps, so no row is quarantined.
func readFireData(t *testing.T, dir string, loc *time.Location) (campaignData, map[string]fileAccounting) {
	t.Helper()
	col := func(name string) int { return slices.Index(fireColumns, name) }
	parseTime := func(s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		tm, err := time.ParseInLocation("01/02/2006 03:04:05 PM", s, loc)
		if err != nil {
			t.Fatalf("time %q: %v", s, err)
		}
		return tm
	}
	earliest := func(a, b time.Time) time.Time {
		if a.IsZero() || (!b.IsZero() && b.Before(a)) {
			return b
		}
		return a
	}
	data := campaignData{loc: loc}
	accounting := map[string]fileAccounting{}
	names, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no CSV file in %s (%v)", dir, err)
	}
	slices.Sort(names)
	rowIDs := map[string]bool{}
	for _, path := range names {
		var acc fileAccounting
		index := map[string]int{} // Call Number -> its call in calls
		var calls []campaignCall
		for _, rec := range readCSVRows(t, path, fireColumns) {
			acc.rowsRead++
			acc.loaded++
			if id := rec[col("RowID")]; rowIDs[id] {
				t.Fatalf("%s: RowID %s twice: the fixture should hold no repeated unit row", path, id)
			} else {
				rowIDs[id] = true
			}
			callType := rec[col("Call Type")]
			category, ok := fireCategories[callType]
			if !ok {
				t.Fatalf("%s: Call Type %q is not one the profile maps", path, callType)
			}
			disposition, ok := fireDispositions[rec[col("Call Final Disposition")]]
			priority, ok2 := firePriorities[rec[col("Final Priority")]]
			if !ok || !ok2 {
				t.Fatalf("%s: disposition %q or priority %q is not one the profile maps", path, rec[col("Call Final Disposition")], rec[col("Final Priority")])
			}
			dispatched, arrived, available := parseTime(rec[col("Dispatch DtTm")]), parseTime(rec[col("On Scene DtTm")]), parseTime(rec[col("Available DtTm")])
			number := rec[col("Call Number")]
			if i, ok := index[number]; ok {
				c := &calls[i]
				c.dispatched = earliest(c.dispatched, dispatched)
				c.arrived = earliest(c.arrived, arrived)
				if available.After(c.closed) {
					c.closed = available
				}
				c.units++
				continue
			}
			index[number] = len(calls)
			calls = append(calls, campaignCall{
				received: parseTime(rec[col("Received DtTm")]), answered: parseTime(rec[col("Entry DtTm")]),
				dispatched: dispatched, arrived: arrived, closed: available,
				channel: "phone", category: category, subcategory: fireSubcategories[callType], priority: priority,
				district: rec[col("Battalion")], station: rec[col("Station Area")], disposition: disposition,
				incident: rec[col("Incident Number")], units: 1,
			})
		}
		acc.records = int64(len(calls))
		accounting[filepath.Base(path)] = acc
		data.calls = append(data.calls, calls...)
	}
	return data, accounting
}

// readCSVRows returns the rows of a CSV file after its header, which must be header.
func readCSVRows(t *testing.T, path string, header []string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	first, err := r.Read()
	if err != nil || !slices.Equal(first, header) {
		t.Fatalf("%s: header %q (%v), want %q", path, first, err, header)
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

// Clock points in timeline order, and the intervals of the data model between them with their
// ceilings (schema/model.yaml; ingest's interval_ceiling check uses the same by default).
const (
	atReceived = iota
	atAnswered
	atDispatched
	atArrived
	atClosed
)

var campaignIntervals = map[string]struct {
	from, to int
	ceiling  float64
}{
	"answer":   {atReceived, atAnswered, 600},
	"dispatch": {atReceived, atDispatched, 3600},
	"travel":   {atDispatched, atArrived, 7200},
	"response": {atReceived, atArrived, 7200},
	"handling": {atArrived, atClosed, 86400},
}

// span returns the length in seconds of c's interval id, and whether it is valid: both clock
// points recorded, the call of a category with response times, no segment of the timeline within
// the interval flagged at ingest (a clock point before the recorded one preceding it, or an
// interval over its ceiling), not negative, not over the ceiling.
func (c campaignCall) span(id string) (float64, bool) {
	iv := campaignIntervals[id]
	points := []time.Time{c.received, c.answered, c.dispatched, c.arrived, c.closed}
	if c.category == "consultation" || c.category == "invalid" || points[iv.from].IsZero() || points[iv.to].IsZero() {
		return 0, false
	}
	var flagged [][2]int
	previous := -1
	for i, p := range points {
		if p.IsZero() {
			continue
		}
		if previous >= 0 && p.Before(points[previous]) {
			flagged = append(flagged, [2]int{previous, i})
		}
		previous = i
	}
	for _, other := range campaignIntervals {
		if a, b := points[other.from], points[other.to]; !a.IsZero() && !b.IsZero() && b.Sub(a).Seconds() > other.ceiling {
			flagged = append(flagged, [2]int{other.from, other.to})
		}
	}
	for _, segment := range flagged {
		if iv.from <= segment[0] && segment[1] <= iv.to {
			return 0, false
		}
	}
	seconds := points[iv.to].Sub(points[iv.from]).Seconds()
	return seconds, seconds >= 0 && seconds <= iv.ceiling
}

// within reports whether c's interval id is valid and at most maxSeconds long.
func (c campaignCall) within(id string, maxSeconds float64) bool {
	s, ok := c.span(id)
	return ok && s <= maxSeconds
}

// campaignExpected holds, for a campaign file, the definition of each of its figures written as a
// loop over the data: headline figures by id, declared breakdowns (rows by their keys joined with
// "|", and the total) by id.
type campaignExpected struct {
	headline   map[string]func(campaignData) int64
	breakdowns map[string]func(campaignData) (map[string]int64, int64)
	// rare lists the headline figures that may be 0 in the period; any other 0 means the campaign
	// file's filters select nothing.
	rare []string
}

type callTest func(campaignCall) bool

func callsWhere(keep callTest) func(campaignData) int64 {
	return func(d campaignData) int64 { return d.count(keep) }
}

func distinctIncidents(d campaignData) int64 {
	seen := map[string]bool{}
	for _, c := range d.calls {
		seen[c.incident] = true
	}
	return int64(len(seen))
}

func sumOfUnits(d campaignData) int64 {
	var n int64
	for _, c := range d.calls {
		n += c.units
	}
	return n
}

func activitiesOf(kind string, participants bool) func(campaignData) int64 {
	return func(d campaignData) int64 {
		var n int64
		for _, a := range d.activities {
			if a.kind == kind {
				if participants {
					n += a.participants
				} else {
					n++
				}
			}
		}
		return n
	}
}

// breakdownOf measures the calls that pass keep by the keys given: measure returns a call's
// contribution (1 for a count); with distinct, the value is the number of distinct non-empty
// values of distinct over the rows of each key instead.
func breakdownOf(keep callTest, measure func(campaignCall) int64, distinct func(campaignCall) string, keys ...func(campaignCall) string) func(campaignData) (map[string]int64, int64) {
	return func(d campaignData) (map[string]int64, int64) {
		rows := map[string]int64{}
		values := map[string]map[string]bool{}
		all := map[string]bool{}
		var total int64
		for _, c := range d.calls {
			if !keep(c) {
				continue
			}
			parts := make([]string, len(keys))
			for i, key := range keys {
				parts[i] = key(c)
			}
			k := strings.Join(parts, "|")
			if distinct == nil {
				rows[k] += measure(c)
				total += measure(c)
				continue
			}
			if v := distinct(c); v != "" {
				if values[k] == nil {
					values[k] = map[string]bool{}
				}
				values[k][v], all[v] = true, true
			}
		}
		if distinct != nil {
			for k, vs := range values {
				rows[k] = int64(len(vs))
			}
			total = int64(len(all))
		}
		return rows, total
	}
}

func one(campaignCall) int64 { return 1 }

func countBy(keep callTest, keys ...func(campaignCall) string) func(campaignData) (map[string]int64, int64) {
	return breakdownOf(keep, one, nil, keys...)
}

func anyCall(campaignCall) bool { return true }

func keyDay(c campaignCall) string      { return c.received.Format(time.DateOnly) }
func keyHour(c campaignCall) string     { return fmt.Sprintf("%02d", c.received.Hour()) }
func keyDistrict(c campaignCall) string { return c.district }
func keyCategory(c campaignCall) string { return c.category }
func keyWeek(c campaignCall) string {
	year, week := c.received.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", year, week)
}
func keyWeekday(c campaignCall) string {
	if wd := c.received.Weekday(); wd != time.Sunday {
		return strconv.Itoa(int(wd))
	}
	return "7"
}

func isCategory(categories ...string) callTest {
	return func(c campaignCall) bool { return slices.Contains(categories, c.category) }
}

// xiangtanExpected defines the figures of sample-data/campaign.yaml.
func xiangtanExpected() campaignExpected {
	help := isCategory("emergency_help")
	return campaignExpected{
		headline: map[string]func(campaignData) int64{
			"emergency_help": callsWhere(help),
			"suicide_rescued": callsWhere(func(c campaignCall) bool {
				return help(c) && c.subcategory == "suicide_attempt" && c.disposition == "rescued"
			}),
			"lost_people_found": func(d campaignData) int64 {
				var n int64
				for _, c := range d.calls {
					if help(c) && c.subcategory == "lost_person" && c.disposition == "person_found" {
						n += c.people
					}
				}
				return n
			},
			"missing_resolved": callsWhere(func(c campaignCall) bool {
				return help(c) && c.subcategory == "missing_person" && (c.disposition == "person_found" || c.disposition == "resolved")
			}),
			"drills":                activitiesOf("simulated_alarm_drill", false),
			"video_inspections":     activitiesOf("video_inspection", false),
			"video_rollcalls":       activitiesOf("video_rollcall", false),
			"training_participants": activitiesOf("training", true),
		},
		breakdowns: map[string]func(campaignData) (map[string]int64, int64){
			"help_daily":                   countBy(help, keyDay),
			"help_weekly":                  countBy(help, keyWeek),
			"help_by_district":             countBy(help, keyDistrict),
			"help_by_district_subcategory": countBy(help, keyDistrict, func(c campaignCall) string { return c.subcategory }),
		},
	}
}

// summerOrderExpected defines the figures of sample-data/summer-order.yaml.
func summerOrderExpected() campaignExpected {
	crimeOrder := isCategory("criminal", "public_order")
	return campaignExpected{
		headline: map[string]func(campaignData) int64{
			"criminal":     callsWhere(isCategory("criminal")),
			"public_order": callsWhere(isCategory("public_order")),
			"traffic":      callsWhere(isCategory("traffic")),
			"traffic_medical": callsWhere(func(c campaignCall) bool {
				return c.category == "traffic" && slices.Contains(c.agencies, "medical")
			}),
			"disputes_resolved": callsWhere(func(c campaignCall) bool { return c.category == "dispute" && c.disposition == "resolved" }),
			"night_crime_order": callsWhere(func(c campaignCall) bool {
				return crimeOrder(c) && (c.received.Hour() >= 22 || c.received.Hour() < 6)
			}),
			"crime_order_within_5min": callsWhere(func(c campaignCall) bool { return crimeOrder(c) && c.within("response", 300) }),
			"app_reports":             callsWhere(func(c campaignCall) bool { return c.channel == "app" }),
		},
		breakdowns: map[string]func(campaignData) (map[string]int64, int64){
			"crime_order_daily":   countBy(crimeOrder, keyDay),
			"crime_order_weekly":  countBy(crimeOrder, keyWeek),
			"order_by_district":   countBy(isCategory("public_order"), keyDistrict),
			"crime_order_by_hour": countBy(crimeOrder, keyHour),
			"traffic_by_weekday":  countBy(isCategory("traffic"), keyWeekday),
			"criminal_by_station": countBy(isCategory("criminal"), func(c campaignCall) string { return c.station }),
			"category_by_week":    countBy(isCategory("criminal", "public_order", "traffic", "dispute"), keyWeek, keyCategory),
			"stations_with_criminal_calls": breakdownOf(isCategory("criminal"), nil,
				func(c campaignCall) string { return c.station }, keyDistrict),
		},
	}
}

// fireEMSExpected defines the figures of sample-data/fire-ems/campaign.yaml.
func fireEMSExpected() campaignExpected {
	medical := func(c campaignCall) bool { return c.category == "emergency_help" && c.subcategory == "medical" }
	code3 := func(c campaignCall) bool { return c.priority == "1" }
	return campaignExpected{
		headline: map[string]func(campaignData) int64{
			"medical":            callsWhere(medical),
			"fire":               callsWhere(isCategory("fire")),
			"traffic_collisions": callsWhere(isCategory("traffic")),
			"water_rescues":      callsWhere(func(c campaignCall) bool { return c.subcategory == "drowning" }),
			"incident_count":     distinctIncidents,
			"units_dispatched":   sumOfUnits,
			"code3_within_8min":  callsWhere(func(c campaignCall) bool { return code3(c) && c.within("response", 480) }),
		},
		breakdowns: map[string]func(campaignData) (map[string]int64, int64){
			"medical_daily":          countBy(medical, keyDay),
			"medical_by_battalion":   countBy(medical, keyDistrict),
			"calls_by_hour":          countBy(anyCall, keyHour),
			"category_by_battalion":  countBy(anyCall, keyDistrict, keyCategory),
			"units_by_category":      breakdownOf(anyCall, func(c campaignCall) int64 { return c.units }, nil, keyCategory),
			"incidents_by_battalion": breakdownOf(anyCall, nil, func(c campaignCall) string { return c.incident }, keyDistrict),
			"code3_by_weekday":       countBy(code3, keyWeekday),
		},
		rare: []string{"water_rescues"},
	}
}

// checkCampaignFigures compares metrics.json with the counts made here: the calls of the period,
// every headline figure in the period and in each baseline, every declared breakdown's rows and
// total, and the compliance shares' counts.
func checkCampaignFigures(t *testing.T, m *metrics.Report, data campaignData, want campaignExpected) {
	t.Helper()
	periods := map[[2]string]campaignData{}
	within := func(start, end string) campaignData {
		if _, ok := periods[[2]string{start, end}]; !ok {
			periods[[2]string{start, end}] = data.within(start, end)
		}
		return periods[[2]string{start, end}]
	}
	period := within(m.Campaign.Start, m.Campaign.End)
	if m.Units.Calls != int64(len(period.calls)) {
		t.Errorf("units.calls = %d, the test counts %d calls in %s..%s", m.Units.Calls, len(period.calls), m.Campaign.Start, m.Campaign.End)
	}
	if len(m.Headline) != len(want.headline) || len(m.Declared) != len(want.breakdowns) {
		t.Errorf("%d headline figures and %d breakdowns; the test defines %d and %d", len(m.Headline), len(m.Declared), len(want.headline), len(want.breakdowns))
	}
	for _, f := range m.Headline {
		figure, ok := want.headline[f.ID]
		if !ok {
			t.Errorf("headline %s: the test does not define it", f.ID)
			continue
		}
		if n := figure(period); f.Value != n {
			t.Errorf("headline %s = %d, counted %d", f.ID, f.Value, n)
		}
		if f.Value == 0 && !slices.Contains(want.rare, f.ID) {
			t.Errorf("headline %s is 0: the campaign file's filters select nothing", f.ID)
		}
		if len(f.Compare) != len(m.Baselines) {
			t.Fatalf("headline %s: %d comparisons for %d baselines", f.ID, len(f.Compare), len(m.Baselines))
		}
		for i, c := range f.Compare {
			b := m.Baselines[i]
			n := figure(within(b.Start, b.End))
			if !c.Available || c.Value == nil || *c.Value != n {
				got := "n/a"
				if c.Value != nil {
					got = strconv.FormatInt(*c.Value, 10)
				}
				t.Errorf("headline %s in baseline %s (%s..%s) = %s, counted %d", f.ID, b.ID, b.Start, b.End, got, n)
			}
		}
	}
	for _, b := range m.Declared {
		breakdown, ok := want.breakdowns[b.ID]
		if !ok {
			t.Errorf("breakdown %s: the test does not define it", b.ID)
			continue
		}
		rows, total := breakdown(period)
		if b.Total != total {
			t.Errorf("breakdown %s total = %d, counted %d", b.ID, b.Total, total)
		}
		got := map[string]int64{}
		for _, row := range b.Rows {
			if row.Value != 0 {
				got[strings.Join(row.Keys, "|")] = row.Value
			}
		}
		maps.DeleteFunc(rows, func(_ string, v int64) bool { return v == 0 })
		if !maps.Equal(got, rows) {
			t.Errorf("breakdown %s rows:\n got %v\nwant %v", b.ID, got, rows)
		}
	}
	compliance := m.Response.Compliance
	var spans []float64
	for _, c := range period.calls {
		if s, ok := c.span(compliance.Interval); ok {
			spans = append(spans, s)
		}
	}
	for _, th := range compliance.Thresholds {
		var within int64
		for _, s := range spans {
			if s <= float64(th.Seconds) {
				within++
			}
		}
		if th.Of != int64(len(spans)) || th.Within != within {
			t.Errorf("compliance %s within %d s: %d of %d, counted %d of %d", compliance.Interval, th.Seconds, th.Within, th.Of, within, len(spans))
		}
	}
}

// reportTwice writes the campaign's outputs twice from the same warehouse and returns the first
// folder and its metrics.json; the two folders must be byte for byte the same.
func reportTwice(t *testing.T, warehouseFile, config string) (string, *metrics.Report) {
	t.Helper()
	dir := t.TempDir()
	var outs []string
	for _, name := range []string{"out", "again"} {
		out := filepath.Join(dir, name)
		if code, _, stderr := runCLI(t, "report", "--config", config, "--warehouse", warehouseFile, "--out", out); code != exitOK {
			t.Fatalf("report --config %s exited %d:\n%s", config, code, stderr)
		}
		outs = append(outs, out)
	}
	first, second := readDir(t, outs[0]), readDir(t, outs[1])
	if !slices.Equal(slices.Sorted(maps.Keys(first)), slices.Sorted(maps.Keys(second))) {
		t.Errorf("two reports wrote different files: %v and %v", slices.Sorted(maps.Keys(first)), slices.Sorted(maps.Keys(second)))
	}
	for name, content := range first {
		if !bytes.Equal(content, second[name]) {
			t.Errorf("%s differs between two reports of the same inputs", name)
		}
	}
	var m metrics.Report
	if err := json.Unmarshal(first["internal/metrics.json"], &m); err != nil {
		t.Fatalf("metrics.json: %v", err)
	}
	return outs[0], &m
}

// checkCampaignOutputs requires the outputs of exactly the campaign's languages: the bulletin
// text, the workbook (whose tiles state metrics.json's figures), the gallery (index.html in the
// first language, index.LANG.html in the second) and a chart page per chart in each language, a
// page for each breakdown with a chart of its own, and no file of another language.
func checkCampaignOutputs(t *testing.T, out string, langs []string, m *metrics.Report) {
	t.Helper()
	files := readDir(t, out)
	if !slices.Equal(m.Campaign.Languages, langs) {
		t.Errorf("campaign.languages = %q, want %q", m.Campaign.Languages, langs)
	}
	allowed := func(name string) bool {
		if name == "internal/README.txt" || name == "internal/metrics.json" || name == "internal/quality.csv" || strings.HasPrefix(name, "assets/") {
			return true
		}
		for i, lang := range langs {
			gallery := "index.html"
			if i > 0 {
				gallery = "index." + lang + ".html"
			}
			if name == gallery || name == "bulletin."+lang+".md" || name == "internal/summary."+lang+".xlsx" ||
				(strings.HasPrefix(name, "charts/") && strings.HasSuffix(name, "."+lang+".html")) {
				return true
			}
		}
		return false
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if !allowed(name) {
			t.Errorf("%s written for a campaign in %q", name, langs)
		}
	}
	charts := map[string][]string{}
	for i, lang := range langs {
		gallery := "index.html"
		if i > 0 {
			gallery = "index." + lang + ".html"
		}
		need := []string{"internal/README.txt", "internal/metrics.json", "internal/quality.csv", "assets/echarts.min.js", gallery, "bulletin." + lang + ".md",
			"internal/summary." + lang + ".xlsx", "charts/daily-trend." + lang + ".html", "charts/district-calls." + lang + ".html"}
		for _, b := range m.Declared {
			if b.Show.Chart != "" {
				need = append(need, "charts/breakdown-"+strings.ReplaceAll(b.ID, "_", "-")+"."+lang+".html")
			}
		}
		for _, name := range need {
			if _, ok := files[name]; !ok {
				t.Errorf("%s missing", name)
			}
		}
		if page := files[gallery]; !bytes.Contains(page, []byte(`<html lang="`+lang+`"`)) {
			t.Errorf("%s is not the gallery in %s", gallery, lang)
		}
		for name := range files {
			if base, ok := strings.CutSuffix(name, "."+lang+".html"); ok && strings.HasPrefix(name, "charts/") {
				charts[lang] = append(charts[lang], base)
			}
		}
		slices.Sort(charts[lang])
		checkWorkbookTiles(t, filepath.Join(out, "internal", "summary."+lang+".xlsx"), m)
	}
	if len(langs) == 2 && !slices.Equal(charts["zh"], charts["en"]) {
		t.Errorf("chart pages differ between the languages: zh %v, en %v", charts["zh"], charts["en"])
	}
}

// defaultBulletinFigures returns what the default bulletin text (templates/bulletin.default.*)
// states of the report's figures in lang: each headline figure with its label, each declared
// breakdown by one field with its total and its largest row, and each compliance share.
func defaultBulletinFigures(m *metrics.Report, lang string) []string {
	var want []string
	for _, f := range m.Headline {
		if lang == "zh" {
			want = append(want, f.Label.Zh+formatCount(lang, f.Value)+f.Unit.Zh)
		} else {
			want = append(want, formatCount(lang, f.Value)+" "+f.Label.En)
		}
	}
	for _, b := range m.Declared {
		if len(b.By) != 1 || slices.Contains(metrics.TimeBuckets, b.By[0]) || len(b.Rows) == 0 {
			continue
		}
		top := b.Rows[0]
		for _, row := range b.Rows {
			if row.Value > top.Value {
				top = row
			}
		}
		if lang == "zh" {
			want = append(want, b.Label.Zh+"合计"+formatCount(lang, b.Total)+b.Unit.Zh, top.Labels[0].Zh+formatCount(lang, top.Value)+b.Unit.Zh)
		} else {
			want = append(want, b.Label.En+": "+formatCount(lang, b.Total)+" "+b.Unit.En+" in all", top.Labels[0].En+" ("+formatCount(lang, top.Value)+")")
		}
	}
	for _, th := range m.Response.Compliance.Thresholds {
		share := strconv.FormatFloat(float64(th.Within)/float64(th.Of)*100, 'f', 1, 64) + "%"
		if lang == "zh" {
			want = append(want, strconv.Itoa(th.Seconds/60)+"分钟以内的占"+share)
		} else {
			want = append(want, share+" were within "+strconv.Itoa(th.Seconds/60)+" minute")
		}
	}
	return want
}

// checkBulletinText requires the bulletin text to state each of want and to hold no trace of a
// template fault.
func checkBulletinText(t *testing.T, path string, want []string) {
	t.Helper()
	text := string(mustReadFile(t, path))
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s does not state %q:\n%s", filepath.Base(path), w, text)
		}
	}
	for _, fault := range []string{"<no value>", "%!", "{{", "}}", "\x00"} {
		if strings.Contains(text, fault) {
			t.Errorf("%s holds %q, a trace of a template fault:\n%s", filepath.Base(path), fault, text)
		}
	}
}

// formatCount writes a count as the bulletin texts do: ungrouped digits in Chinese, grouped by
// thousands in English.
func formatCount(lang string, n int64) string {
	digits := strconv.FormatInt(n, 10)
	if lang == "zh" || n < 1000 {
		return digits
	}
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return b.String()
}

func mustLocation(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func mustReadFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
