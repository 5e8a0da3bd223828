package metrics

// Breakdowns breaks the calls received and the activities started in the campaign period down by
// field, by time, by agency and by unit. Nothing outside the period is counted.
type Breakdowns struct {
	// ByField holds one breakdown of the calls per field: every single-valued dimension of the
	// data model's calls, in the model's order.
	ByField []FieldBreakdown `json:"by_field"`
	// Weekly counts the calls per ISO week (Monday to Sunday), in order, weeks without calls
	// included. A week the period cuts counts only its days inside the period.
	Weekly []PeriodCount `json:"weekly"`
	// Monthly counts the calls per calendar month, in order, months without calls included. A month
	// the period cuts counts only its days inside the period.
	Monthly []PeriodCount `json:"monthly"`
	// HourWeekday counts the calls by the ISO weekday they were received on (0 Monday .. 6 Sunday)
	// and the hour of the day (0..23), in the campaign's local time.
	HourWeekday [7][24]int64 `json:"hour_weekday"`
	// Weekdays names the rows of HourWeekday.
	Weekdays [7]Text `json:"weekdays"`
	// LinkagePairs counts the calls on which both agencies of a pair were linked in, for every pair
	// linked in together at least once, most frequent first. Report.Linkage counts single agencies.
	LinkagePairs []PairCount `json:"linkage_pairs"`
	// ActivitiesByDistrict counts the activities per kind and district: by kind, then districts in
	// the campaign's order, unlisted districts after them by name, an empty district last.
	ActivitiesByDistrict []ActivityCount `json:"activities_by_district"`
	// ActivitiesByUnit counts the activities per kind and unit for the units with the most
	// activities of each kind: up to TopUnitsPerKind units per kind, most frequent first, ties by
	// unit. The other units are left out; ActivitiesByDistrict adds up to every activity.
	ActivitiesByUnit []ActivityCount `json:"activities_by_unit"`
	// ActivitiesWeekly counts the activities per kind and ISO week: one series per kind with at
	// least one activity in the period, in the order of Report.Activities (by kind), each with
	// exactly the weeks of Weekly (same keys and starts), weeks without activities of the kind as 0.
	ActivitiesWeekly []ActivitySeries `json:"activities_weekly"`
	// Results holds, per kind of activity that recorded a result (passed or failed) or a response
	// time, the results and response times, in total and per district; kinds in vocabulary order.
	Results []KindResults `json:"results"`
	// Participation counts, per kind of activity that recorded participants, the activities and
	// their participants, in total and per district; kinds in vocabulary order.
	Participation []KindParticipation `json:"participation"`
}

// TopUnitsPerKind is how many units of each kind of activity Breakdowns.ActivitiesByUnit lists.
const TopUnitsPerKind = 10

// FieldBreakdown counts the calls of the period per value of one field.
type FieldBreakdown struct {
	// Field is the field's name in the calls table, such as "district"; Label names it for readers.
	Field string `json:"field"`
	Label Text   `json:"label"`
	// Rows hold one count per value; the calls whose field is empty form one row with the key "".
	// Districts come in the campaign's order (unlisted ones after, by name), priorities by key with
	// the empty key last, every other field most frequent first, then by key.
	Rows []FieldCount `json:"rows"`
}

// FieldCount is the number of calls with one value of a field.
type FieldCount struct {
	// Key is the value as stored: a code for coded fields, the name for districts and stations, ""
	// when not recorded.
	Key   string `json:"key"`
	Label Text   `json:"label"`
	Calls int64  `json:"calls"`
	// Share is Calls divided by all the calls of the period.
	Share float64 `json:"share"`
}

// PeriodCount is the number of calls received in one ISO week or calendar month of the period.
type PeriodCount struct {
	// Key names the bucket: "2022-W18" (ISO year and week) or "2022-05".
	Key string `json:"key"`
	// Start is the first day of the bucket inside the period, YYYY-MM-DD: the first day of the
	// period for a bucket the period's start cuts.
	Start string `json:"start"`
	Calls int64  `json:"calls"`
}

// ActivitySeries is the number of activities of one kind in each ISO week of the period.
type ActivitySeries struct {
	Kind  string      `json:"kind"`
	Label Text        `json:"label"`
	Weeks []WeekCount `json:"weeks"`
}

// WeekCount is a number of activities in one ISO week of the period. Key and Start are those of the
// week in Breakdowns.Weekly.
type WeekCount struct {
	Key   string `json:"key"`
	Start string `json:"start"`
	Count int64  `json:"count"`
}

// PairCount is the number of calls on which two partner agencies were both linked in. A and B are
// agency codes with A < B; a call linked to three agencies counts under each of its three pairs.
type PairCount struct {
	A      string `json:"a"`
	LabelA Text   `json:"label_a"`
	B      string `json:"b"`
	LabelB Text   `json:"label_b"`
	Calls  int64  `json:"calls"`
}

// ActivityCount is the number of activities of one kind in one district or by one unit.
type ActivityCount struct {
	Kind      string `json:"kind"`
	KindLabel Text   `json:"kind_label"`
	// Key is the district or unit as recorded, "" when not recorded.
	Key   string `json:"key"`
	Label Text   `json:"label"`
	Count int64  `json:"count"`
}

// KindResults holds the results and response times of the activities of one kind, in total and per
// district.
type KindResults struct {
	Kind  string `json:"kind"`
	Label Text   `json:"label"`
	// Total covers every activity of the kind; its District is "".
	Total ResultGroup `json:"total"`
	// ByDistrict holds one entry per district in the campaign's order, unlisted districts after
	// them by name, activities without a district ("") last.
	ByDistrict []ResultGroup `json:"by_district"`
}

// ResultGroup is the results and response times of a group of activities of one kind.
type ResultGroup struct {
	District string `json:"district"`
	Label    Text   `json:"label"`
	// Count counts the activities; Passed, Failed and Unknown (no result recorded) add up to it.
	Count   int64 `json:"count"`
	Passed  int64 `json:"passed"`
	Failed  int64 `json:"failed"`
	Unknown int64 `json:"unknown"`
	// PassRate is Passed / PassRateN, where PassRateN = Passed + Failed: activities without a
	// result are left out of the denominator. It is 0 when none has a result.
	PassRate  float64 `json:"pass_rate"`
	PassRateN int64   `json:"pass_rate_n"`
	// Response summarises response_seconds over the activities that recorded it.
	Response SecondsSummary `json:"response_seconds"`
}

// SecondsSummary summarises a number of durations in seconds. Percentiles are computed as
// PercentileMethod says; every figure is 0 when N is 0.
type SecondsSummary struct {
	N    int64   `json:"n"`
	Mean float64 `json:"mean_s"`
	P50  float64 `json:"p50_s"`
	P90  float64 `json:"p90_s"`
	Max  float64 `json:"max_s"`
}

// KindParticipation counts the activities of one kind and their participants, in total and per
// district. An activity without a participant count counts 0 participants.
type KindParticipation struct {
	Kind         string `json:"kind"`
	Label        Text   `json:"label"`
	Activities   int64  `json:"activities"`
	Participants int64  `json:"participants"`
	// ByDistrict holds one entry per district in the campaign's order, unlisted districts after them
	// by name, activities without a district ("") last.
	ByDistrict []ParticipationDistrict `json:"by_district"`
}

// ParticipationDistrict counts the activities of one kind in one district and their participants.
type ParticipationDistrict struct {
	District     string `json:"district"`
	Label        Text   `json:"label"`
	Activities   int64  `json:"activities"`
	Participants int64  `json:"participants"`
}
