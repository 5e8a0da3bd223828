package figures

import (
	"cmp"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"bulletin/ingest"
	"bulletin/metrics"
	"bulletin/metrics/campaign"
	"bulletin/warehouse"
)

// fixtureWarehouse loads testdata/calls.csv (interval checks off, as in computeFixture) into a new
// warehouse and returns it with the fixture campaign.
func fixtureWarehouse(t *testing.T) (*warehouse.Warehouse, *campaign.Campaign) {
	t.Helper()
	ctx := context.Background()
	c, err := campaign.Load(filepath.Join("testdata", "campaign.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := warehouse.Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), c.TimeZone)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	profile, err := ingest.LoadProfile(filepath.Join("testdata", "calls-profile.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.File(ctx, w, filepath.Join("testdata", "calls.csv"), ingest.Options{Profile: profile}); err != nil {
		t.Fatal(err)
	}
	return w, c
}

// collectCalls returns every call that calls yields, reading pageSize calls per query.
func collectCalls(t *testing.T, w *warehouse.Warehouse, c *campaign.Campaign, pageSize int) []*metrics.Call {
	t.Helper()
	var got []*metrics.Call
	err := calls(context.Background(), w, c, pageSize, func(call *metrics.Call) error {
		got = append(got, call)
		return nil
	})
	if err != nil {
		t.Fatalf("calls (page of %d): %v", pageSize, err)
	}
	return got
}

func callIDs(calls []*metrics.Call) []string {
	var ids []string
	for _, c := range calls {
		ids = append(ids, c.CallID)
	}
	return ids
}

func TestCallsListsThePeriodInOrderReceivedOnHandCountedFixture(t *testing.T) {
	w, c := fixtureWarehouse(t)
	var got []*metrics.Call
	if err := Calls(context.Background(), w, c, func(call *metrics.Call) error {
		got = append(got, call)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// 2022-05-01: C1-C5 at 00:00, 10:00 .. 13:00; 2022-05-02: C6 09:00, C7 10:00, C8 11:00, C12 12:00,
	// C9 23:59:59. C10 (2022-04-30 23:59:59) and C11 (2022-05-03 00:00:00) are outside the period.
	if want := []string{"C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C12", "C9"}; !slices.Equal(callIDs(got), want) {
		t.Fatalf("calls %q, want %q", callIDs(got), want)
	}

	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation(time.DateTime, s, shanghai)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	// The rows of testdata/calls.csv, read by hand; the header is line 1.
	want := map[string]metrics.Call{
		"C1": {CallID: "C1", Received: at("2022-05-01 00:00:00"), Answered: at("2022-05-01 00:00:05"),
			Dispatched: at("2022-05-01 00:01:00"), Arrived: at("2022-05-01 00:04:00"), Closed: at("2022-05-01 00:30:00"),
			Channel: "phone", Category: "emergency_help", Subcategory: "lost_person", Priority: 2, District: "雨湖区",
			Station: "城正街派出所", Disposition: "person_found", PeopleHelped: 2, File: "calls.csv", Line: 2},
		"C3": {CallID: "C3", Received: at("2022-05-01 11:00:00"), Answered: at("2022-05-01 11:00:04"),
			Dispatched: at("2022-05-01 11:00:40"), Arrived: at("2022-05-01 11:02:50"),
			Channel: "phone", Category: "emergency_help", Subcategory: "suicide_attempt", Priority: 1, District: "雨湖区",
			Station: "窑湾派出所", Disposition: "rescued", PeopleHelped: 1, LinkedAgencies: []string{"medical", "water_police"},
			File: "calls.csv", Line: 4},
		"C7": {CallID: "C7", Received: at("2022-05-02 10:00:00"), Answered: at("2022-05-02 10:00:07"),
			Dispatched: at("2022-05-02 10:03:20"), Arrived: at("2022-05-02 10:02:30"),
			Channel: "app", Category: "public_order", Priority: 3, District: "岳塘区", Station: "建设路派出所",
			Disposition: "resolved", File: "calls.csv", Line: 8},
		"C8": {CallID: "C8", Received: at("2022-05-02 11:00:00"), Answered: at("2022-05-02 11:00:05"),
			Channel: "phone", Category: "consultation", Priority: 4, District: "雨湖区", Disposition: "resolved",
			File: "calls.csv", Line: 9},
		"C9": {CallID: "C9", Received: at("2022-05-02 23:59:59"), Answered: at("2022-05-03 00:00:08"),
			Dispatched: at("2022-05-03 00:01:09"), Arrived: at("2022-05-03 02:29:59"),
			Channel: "phone", Category: "emergency_help", Subcategory: "lost_person", Priority: 2, District: "岳塘区",
			Station: "建设路派出所", Disposition: "referred", PeopleHelped: 1, File: "calls.csv", Line: 10},
		"C12": {CallID: "C12", Received: at("2022-05-02 12:00:00"), Answered: at("2022-05-02 12:00:05"),
			Dispatched: at("2022-05-02 12:00:55"), Arrived: at("2022-05-02 12:05:00"),
			Channel: "phone", Category: "emergency_help", Subcategory: "medical", Priority: 1, District: "雨湖区",
			Station: "窑湾派出所", Disposition: "resolved", PeopleHelped: 1, LinkedAgencies: []string{"medical"},
			File: "calls.csv", Line: 13},
	}
	for _, call := range got {
		if w, ok := want[call.CallID]; ok {
			checkCall(t, call, w)
		}
	}
}

// checkCall compares every field of a call, times as instants and in the campaign's zone.
func checkCall(t *testing.T, got *metrics.Call, want metrics.Call) {
	t.Helper()
	for _, tm := range []struct {
		name      string
		got, want time.Time
	}{
		{"received", got.Received, want.Received}, {"answered", got.Answered, want.Answered},
		{"dispatched", got.Dispatched, want.Dispatched}, {"arrived", got.Arrived, want.Arrived},
		{"closed", got.Closed, want.Closed},
	} {
		if !tm.got.Equal(tm.want) || tm.got.IsZero() != tm.want.IsZero() {
			t.Errorf("%s %s = %v, want %v", got.CallID, tm.name, tm.got, tm.want)
		}
		if !tm.got.IsZero() && tm.got.Location().String() != "Asia/Shanghai" {
			t.Errorf("%s %s in %v, want Asia/Shanghai", got.CallID, tm.name, tm.got.Location())
		}
	}
	g, w := *got, want
	g.Received, g.Answered, g.Dispatched, g.Arrived, g.Closed = time.Time{}, time.Time{}, time.Time{}, time.Time{}, time.Time{}
	w.Received, w.Answered, w.Dispatched, w.Arrived, w.Closed = time.Time{}, time.Time{}, time.Time{}, time.Time{}, time.Time{}
	agenciesEqual := slices.Equal(g.LinkedAgencies, w.LinkedAgencies)
	g.LinkedAgencies, w.LinkedAgencies = nil, nil
	g.Values, w.Values = nil, nil
	if !reflect.DeepEqual(g, w) || !agenciesEqual {
		t.Errorf("call %s:\n got %+v, agencies %q\nwant %+v, agencies %q", got.CallID, g, got.LinkedAgencies, w, want.LinkedAgencies)
	}
	// The Detail values: the fields of schema/model.yaml marked detail that are not times, in its
	// order, as text.
	priority := ""
	if want.Priority > 0 {
		priority = strconv.Itoa(want.Priority)
	}
	wantValues := []string{want.CallID, want.Channel, want.Category, want.Subcategory, priority, want.District, want.Station,
		want.Disposition, strconv.Itoa(want.PeopleHelped), strings.Join(want.LinkedAgencies, ";"), want.IncidentID}
	if !slices.Equal(got.Values, wantValues) {
		t.Errorf("call %s: values %q, want %q (of %q)", got.CallID, got.Values, wantValues, metrics.DetailFields())
	}
}

func TestCallsGivesTheSameCallsWhateverThePageSize(t *testing.T) {
	w, c := fixtureWarehouse(t)
	want := callIDs(collectCalls(t, w, c, callsPageSize))
	// A page of 10 holds every call of the period, and the next query finds none.
	for _, size := range []int{1, 3, 9, 10, 11} {
		if got := callIDs(collectCalls(t, w, c, size)); !slices.Equal(got, want) {
			t.Errorf("page of %d: calls %q, want %q", size, got, want)
		}
	}
}

func TestCallsBreaksTiesByCallIDAcrossPages(t *testing.T) {
	ctx := context.Background()
	w, c := fixtureWarehouse(t)
	// Four more calls, three of them received at the same instant as C6; call_id sorts as text.
	path := filepath.Join(t.TempDir(), "ties.csv")
	header := "call_id,received_at,answered_at,dispatched_at,arrived_at,closed_at,channel,category,subcategory,priority,district,station,disposition,people_helped,linked_agencies,lat,lon\n"
	rows := "T2,2022-05-02 09:00:00,,,,,phone,traffic,,3,雨湖区,,,0,,,\n" +
		"T10,2022-05-02 09:00:00,,,,,phone,traffic,,3,雨湖区,,,0,,,\n" +
		"T1,2022-05-02 09:00:00,,,,,phone,traffic,,3,雨湖区,,,0,,,\n" +
		"T3,2022-05-02 09:00:01,,,,,phone,traffic,,3,雨湖区,,,0,,,\n"
	if err := os.WriteFile(path, []byte(header+rows), 0o644); err != nil {
		t.Fatal(err)
	}
	if res, err := ingest.File(ctx, w, path, ingest.Options{}); err != nil || res.Loaded != 4 {
		t.Fatalf("ingest ties.csv: %+v, %v", res, err)
	}
	want := []string{"C1", "C2", "C3", "C4", "C5", "C6", "T1", "T10", "T2", "T3", "C7", "C8", "C12", "C9"}
	for _, size := range []int{2, 5, 7, 100} {
		if got := callIDs(collectCalls(t, w, c, size)); !slices.Equal(got, want) {
			t.Errorf("page of %d: calls %q, want %q", size, got, want)
		}
	}
}

func TestCallsStopsAtTheFirstErrorOfYield(t *testing.T) {
	w, c := fixtureWarehouse(t)
	errFull := errors.New("sheet full")
	n := 0
	err := calls(context.Background(), w, c, 2, func(*metrics.Call) error {
		n++
		if n == 3 {
			return errFull
		}
		return nil
	})
	if err != errFull {
		t.Errorf("error %v, want yield's error as it is", err)
	}
	if n != 3 {
		t.Errorf("yield called %d times, want 3", n)
	}
}

func TestCallsStopsWhenCancelled(t *testing.T) {
	w, c := fixtureWarehouse(t)
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	err := calls(ctx, w, c, 2, func(*metrics.Call) error {
		n++
		if n == 3 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
	if n != 3 {
		t.Errorf("yield called %d times after cancelling at the third, want 3", n)
	}
}

// TestCallsOnGeneratedRows compares the calls of a generated fixture with those picked and sorted by
// plain Go over the generated rows.
func TestCallsOnGeneratedRows(t *testing.T) {
	ctx := context.Background()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	generated, activities := generateRows(t, loc)
	callsPath, _ := writeGenerated(t, t.TempDir(), generated, activities)
	w, err := warehouse.Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), "Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	if _, err := ingest.File(ctx, w, callsPath, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	c := generatedCampaign(t)

	first, _ := time.ParseInLocation(time.DateOnly, generatedStart, loc)
	last, _ := time.ParseInLocation(time.DateOnly, generatedEnd, loc)
	afterLast := last.AddDate(0, 0, 1)
	var want []metrics.Call
	for i, g := range generated {
		if g.received.Before(first) || !g.received.Before(afterLast) {
			continue
		}
		priority, _ := strconv.Atoi(g.priority)
		want = append(want, metrics.Call{CallID: g.id, Received: g.received, Answered: g.answered, Dispatched: g.dispatched,
			Arrived: g.arrived, Closed: g.close, Channel: g.channel, Category: g.category, Subcategory: g.subcategory,
			Priority: priority, District: g.district, Station: g.station, Disposition: g.disposition,
			PeopleHelped: g.people, LinkedAgencies: g.agencies,
			File: "calls.csv", Line: int64(i + 2)})
	}
	slices.SortFunc(want, func(a, b metrics.Call) int {
		return cmp.Or(a.Received.Compare(b.Received), strings.Compare(a.CallID, b.CallID))
	})
	if len(want) < 300 {
		t.Fatalf("only %d generated calls in the period", len(want))
	}

	got := collectCalls(t, w, c, 37)
	if len(got) != len(want) {
		t.Fatalf("%d calls, want %d", len(got), len(want))
	}
	for i := range want {
		checkCall(t, got[i], want[i])
	}
}
