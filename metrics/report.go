// Package metrics defines the report of a campaign: every figure of one batch as typed values, which
// the reports package renders and metrics.json serialises.
//
// The types depend on the data model (package schema) and nothing else: package campaign reads the
// campaign files that define the figures, package figures computes a Report from the warehouse, and
// neither a database nor a YAML library is needed to read or render one.
package metrics

import (
	"slices"

	"bulletin/schema"
)

// SchemaVersion names the layout of Report as written to metrics.json. It changes whenever a field is
// renamed, removed or changes meaning; adding a field keeps it.
const SchemaVersion = "bulletin.metrics/v1"

// PercentileMethod states how every percentile in a Report is computed.
const PercentileMethod = "DuckDB quantile_cont: linear interpolation between the two nearest ranks, over interval lengths in seconds as DOUBLE, valid spans only"

// PercentileMethodText states PercentileMethod in both languages, for the outputs.
var PercentileMethodText = Text{Zh: "DuckDB quantile_cont：按秒计的有效时长，在最接近的两个秩之间线性插值", En: PercentileMethod}

// Text is a label in the two languages outputs are published in (schema.Text).
type Text = schema.Text

// Report holds every figure of one campaign batch. It is what the reports package renders and what
// metrics.json serialises; reports never query the warehouse themselves.
type Report struct {
	Schema     string         `json:"schema"`
	Campaign   CampaignInfo   `json:"campaign"`
	Headline   []Figure       `json:"headline"`
	Response   ResponseTimes  `json:"response_times"`
	Daily      []DailyCount   `json:"daily"`
	Categories []GroupCount   `json:"categories"`
	Districts  []DistrictStat `json:"districts"`
	Linkage    []GroupCount   `json:"linkage"`
	// LinkedCalls counts the calls with at least one partner agency; a call linked to two agencies
	// counts once here and once under each agency in Linkage.
	LinkedCalls int64        `json:"linked_calls"`
	Activities  []GroupCount `json:"activities_by_kind"`
	// Sessions lists the activities of the period that recorded participants (trainings, for
	// example), in date order.
	Sessions []Session   `json:"sessions"`
	Quality  Quality     `json:"data_quality"`
	Inputs   []InputFile `json:"inputs"`
	// Baselines are the periods the headline figures and compliance shares are compared with, in
	// the order of every Compare list.
	Baselines []BaselineInfo `json:"baselines"`
	// Exclusions is the ledger of what was left out of which figure, and why.
	Exclusions []Exclusion `json:"exclusions"`
	// Units counts the period's calls in each unit a figure may be stated in.
	Units Units `json:"units"`
	// Breakdowns breaks the calls and activities of the period down by field, time, agency pair
	// and unit.
	Breakdowns Breakdowns `json:"breakdowns"`
	// Declared holds the breakdowns the campaign file declares, in its order.
	Declared []DeclaredBreakdown `json:"declared_breakdowns"`
}

// Units keeps apart the things a bulletin counts: calls, incidents, dispatch orders and persons.
type Units struct {
	// Calls counts the calls received in the period (one row each in the warehouse).
	Calls int64 `json:"calls"`
	// Incidents counts the incidents those calls report, by LinkingRule; CallsWithIncident counts
	// the calls that carry an incident_id (when 0, every call is its own incident).
	Incidents         int64  `json:"incidents"`
	CallsWithIncident int64  `json:"calls_with_incident_id"`
	LinkingRule       string `json:"linking_rule"`
	// DispatchOrders counts the units dispatched, over the CallsWithDispatchOrders calls whose
	// export had one row per unit; for other calls it is not known.
	DispatchOrders          int64 `json:"dispatch_orders"`
	CallsWithDispatchOrders int64 `json:"calls_with_dispatch_orders"`
	// PeopleHelped sums the persons helped recorded with the calls.
	PeopleHelped int64 `json:"people_helped"`
}

// IncidentRule states how calls are linked into incidents, wherever incidents are counted.
const IncidentRule = "calls sharing an incident_id are one incident; a call without an incident_id is an incident of its own"

// IncidentRuleText states IncidentRule in both languages, for the outputs.
var IncidentRuleText = Text{Zh: "共用一个事件编号的警情计为一个事件，无事件编号的警情各自计为一个事件", En: IncidentRule}

// BaselineInfo describes a comparison period and whether the warehouse holds data for it.
type BaselineInfo struct {
	ID    string `json:"id"`
	Label Text   `json:"label"`
	Start string `json:"start"`
	End   string `json:"end"`
	Days  int    `json:"days"`
	// Calls and Activities count what the warehouse holds for the period; a comparison of a
	// figure whose source has none is "n/a".
	Calls      int64 `json:"calls"`
	Activities int64 `json:"activities"`
}

// The directions of change a figure can improve in.
const (
	BetterHigher = "higher"
	BetterLower  = "lower"
)

// Change compares a figure with its value in a baseline period. When the baseline has no data of
// the figure's source, Available is false and Value, Abs and Rel are null ("n/a"); Rel is also null
// when the baseline value is 0, never a division by zero.
type Change struct {
	Baseline  string   `json:"baseline"`
	Available bool     `json:"available"`
	Value     *int64   `json:"value"`
	Abs       *int64   `json:"abs_change"`
	Rel       *float64 `json:"rel_change"`
}

// ShareChange compares a share (a compliance rate) with the same share in a baseline period: the
// change in percentage points and relative to the baseline share. Null fields are "n/a": the
// baseline has no valid intervals, or (Rel) its share is 0.
type ShareChange struct {
	Baseline  string   `json:"baseline"`
	Available bool     `json:"available"`
	Share     *float64 `json:"share"`
	Of        int64    `json:"of_n"`
	Points    *float64 `json:"points_change"`
	Rel       *float64 `json:"rel_change"`
}

// Exclusion is one line of the exclusion ledger: N units (calls, rows, activities) left out of a
// figure (or a group of figures) for a reason.
type Exclusion struct {
	Figure string `json:"figure"`
	Reason string `json:"reason"`
	N      int64  `json:"n"`
	Unit   string `json:"unit"`
}

// CampaignInfo describes the campaign a report covers. Dates are calendar days in the campaign's time
// zone, written as YYYY-MM-DD; End is the last day included.
type CampaignInfo struct {
	ID       string `json:"id"`
	Name     Text   `json:"name"`
	Unit     Text   `json:"unit"`
	Start    string `json:"start"`
	End      string `json:"end"`
	Days     int    `json:"days"`
	TimeZone string `json:"time_zone"`
	// Published is the date the bulletin carries, taken from the campaign file so that output is
	// reproducible.
	Published string `json:"published"`
	// Events are the campaign file's events that fall within the period, by date; events outside
	// the period are left out.
	Events []Event `json:"events"`
	// Publication is the rule public outputs follow for small counts of sensitive codes.
	Publication Publication `json:"publication"`
	// Languages are the languages the campaign publishes in ("zh", "en"), in the campaign's order:
	// one workbook, gallery and bulletin text each.
	Languages []string `json:"languages"`
	// Bulletin names the bulletin text template (templates/bulletin.NAME.LANG.md.tmpl).
	Bulletin string `json:"bulletin_template"`
	// Labels are the campaign's own names of codes and fields, which every label of the report
	// already uses; reports that label a code or field themselves go through CodeLabel and
	// FieldLabel.
	Labels Labels `json:"labels"`
}

// Publication is how public outputs (charts, bulletin, gallery) show small counts of sensitive
// codes broken down by district or another dimension: a count below MinCount is shown as
// "< MinCount", never as the number. A MinCount of 0 turns this off. metrics.json itself keeps every
// count as computed.
type Publication struct {
	MinCount int `json:"min_count"`
	// MinBase is the smallest baseline value a change is given in per cent against: on a smaller
	// base (a figure of 12 the period before) a per cent change misleads, and the outputs give the
	// change in units only. metrics.json keeps every rel_change as computed. 0: any base but 0.
	MinBase int64 `json:"min_base"`
	// Sensitive lists the sensitive codes by field.
	Sensitive map[string][]string `json:"sensitive"`
}

// Rel returns the relative change outputs may state for c: c.Rel, or nil when the baseline value
// is below MinBase (the change is then given in units only).
func (p Publication) Rel(c Change) *float64 {
	if c.Value != nil && *c.Value < p.MinBase {
		return nil
	}
	return c.Rel
}

// IsSensitive reports whether code of field is sensitive.
func (p Publication) IsSensitive(field, code string) bool {
	return slices.Contains(p.Sensitive[field], code)
}

// Suppressed reports whether a public output must show the count n of a row whose keys are the
// codes of fields as "< MinCount": one of its codes is sensitive and n is above 0 and below
// MinCount. A count of 0 is shown as 0.
func (p Publication) Suppressed(fields, keys []string, n int64) bool {
	if n <= 0 || n >= int64(p.MinCount) {
		return false
	}
	for i, f := range fields {
		if i < len(keys) && p.IsSensitive(f, keys[i]) {
			return true
		}
	}
	return false
}

// SuppressedRow reports whether a public output must hide the value of row of the declared
// breakdown b and show "< MinCount" instead: the row is a count above 0 and below MinCount of a
// sensitive code, either because one of its keys is a sensitive code or because the breakdown's
// filters select sensitive codes (a breakdown of one sensitive code by district counts nothing
// else).
func (p Publication) SuppressedRow(b DeclaredBreakdown, row BreakdownRow) bool {
	if p.Suppressed(b.By, row.Keys, row.Value) {
		return true
	}
	if row.Value <= 0 || row.Value >= int64(p.MinCount) {
		return false
	}
	for field, codes := range b.Filters.Where {
		if slices.ContainsFunc(codes, func(code string) bool { return p.IsSensitive(field, code) }) {
			return true
		}
	}
	return false
}

// Figure is one headline metric: a count or sum defined in the campaign file.
type Figure struct {
	ID        string `json:"id"`
	Label     Text   `json:"label"`
	Unit      Text   `json:"unit"`
	Value     int64  `json:"value"`
	Source    string `json:"source"`
	Aggregate string `json:"aggregate"`
	// Field is the summed or counted-distinct field; empty for a count.
	Field   string  `json:"field,omitempty"`
	Filters Filters `json:"filters"`
	// Compare holds the figure in each baseline period, in the order of Report.Baselines.
	Compare []Change `json:"compare"`
	// Better is the direction of change that is an improvement (BetterHigher or BetterLower), or
	// "" when the campaign file does not say.
	Better string `json:"better,omitempty"`
	// Definition states the filters in words, for the Definitions sheet and for readers of metrics.json.
	Definition string `json:"definition"`
	// Description says the same in words for readers, in both languages, with coded values named
	// by their labels.
	Description Text `json:"description"`
	// Query names the embedded SQL file the figure was computed with.
	Query string `json:"query"`
}

// ResponseTimes holds the interval statistics and the rapid-response compliance of the period.
type ResponseTimes struct {
	// Method states how percentiles are computed.
	Method string `json:"percentile_method"`
	// Profile names the interval definitions and targets the figures follow.
	Profile ProfileRef `json:"profile"`
	// MinN is the number of valid intervals below which a figure is marked not reliable.
	MinN int `json:"min_n"`
	// Targets holds every response-time target of the profile.
	Targets    []TargetResult `json:"targets"`
	Intervals  []IntervalStat `json:"intervals"`
	Compliance Compliance     `json:"compliance"`
	Histogram  Histogram      `json:"histogram"`
}

// IntervalStat summarises one interval between two clock points of a call, in seconds.
type IntervalStat struct {
	ID    string `json:"id"`
	Label Text   `json:"label"`
	From  string `json:"from"`
	To    string `json:"to"`
	// Valid counts calls with both clock points present, not flagged, in order and below the
	// ceiling; only these enter the statistics below. The other counts are the calls excluded, each
	// under the first reason that applies, in the order of the fields.
	Valid int64 `json:"valid_n"`
	// Missing counts calls where either clock point is absent.
	Missing int64 `json:"missing_n"`
	// Flagged counts calls whose interval spans a segment of the timeline that ingest flagged as
	// untrustworthy (an interval_order or interval_ceiling flag).
	Flagged int64 `json:"flagged_n"`
	// OutOfOrder counts calls whose end clock point lies before the start.
	OutOfOrder int64 `json:"out_of_order_n"`
	// OverCeiling counts calls whose interval exceeds the configured ceiling.
	OverCeiling    int64   `json:"over_ceiling_n"`
	CeilingSeconds float64 `json:"ceiling_s"`
	// Reliable is false when Valid is below the campaign's min_n.
	Reliable bool    `json:"reliable"`
	Mean     float64 `json:"mean_s"`
	P50      float64 `json:"p50_s"`
	P90      float64 `json:"p90_s"`
	P95      float64 `json:"p95_s"`
	Max      float64 `json:"max_s"`
}

// Compliance is the share of calls whose interval stays within each threshold of the rapid-response rule.
type Compliance struct {
	Interval   string      `json:"interval"`
	Label      Text        `json:"label"`
	Thresholds []Threshold `json:"thresholds"`
}

// Threshold is one target of a compliance rule and how many calls met it.
type Threshold struct {
	Seconds int     `json:"seconds"`
	Within  int64   `json:"within_n"`
	Of      int64   `json:"of_n"`
	Share   float64 `json:"share"`
	// Reliable is false when Of is below the campaign's min_n.
	Reliable bool `json:"reliable"`
	// Compare holds the share in each baseline period, in the order of Report.Baselines.
	Compare []ShareChange `json:"compare,omitempty"`
}

// TargetResult is a response-time target evaluated over the period: over all calls (Tiers[0],
// tier "") and, for a tiered target, per value of its tier field.
type TargetResult struct {
	ID        string       `json:"id"`
	Label     Text         `json:"label"`
	Interval  string       `json:"interval"`
	TierField string       `json:"tier_field,omitempty"`
	Tiers     []TierResult `json:"tiers"`
}

// TierResult is a target over one tier of calls: the share within each threshold, and each goal's
// share achieved side by side with the interval length at the goal's share (the p90 of a 90% goal)
// against the goal's seconds, with the number of valid intervals behind them.
type TierResult struct {
	Tier  string `json:"tier"`
	Label Text   `json:"label"`
	// N counts the valid intervals of the tier; below the campaign's min_n nothing here is
	// reliable.
	N          int64        `json:"n"`
	Reliable   bool         `json:"reliable"`
	P90        float64      `json:"p90_s"`
	Thresholds []Threshold  `json:"thresholds"`
	Goals      []GoalResult `json:"goals"`
}

// GoalResult is one goal of a target: Share of the valid intervals must lie within WithinSeconds.
type GoalResult struct {
	WithinSeconds int     `json:"within_s"`
	Share         float64 `json:"goal_share"`
	// Achieved is the share of valid intervals within WithinSeconds: Within of Of.
	Achieved float64 `json:"achieved_share"`
	Within   int64   `json:"within_n"`
	Of       int64   `json:"of_n"`
	// Quantile is the interval length at the goal's share (e.g. the p90 for a 90% goal), shown
	// beside the goal's seconds. Met is decided by Achieved >= Share alone: as quantile_cont
	// interpolates between ranks, Quantile can exceed WithinSeconds by a fraction of the gap between
	// two neighbouring intervals while the goal is met, or the reverse.
	Quantile float64 `json:"quantile_s"`
	Met      bool    `json:"met"`
	// Compare holds the achieved share in each baseline period.
	Compare []ShareChange `json:"compare,omitempty"`
}

// Histogram counts the compliance interval in bins; Bins[i] covers [Edges[i], Edges[i+1]) seconds and
// the last bin is open-ended.
type Histogram struct {
	Interval string  `json:"interval"`
	Edges    []int   `json:"edges_s"`
	Counts   []int64 `json:"counts"`
}

// DailyCount is the number of calls received on one day of the period.
type DailyCount struct {
	Date  string `json:"date"`
	Calls int64  `json:"calls"`
}

// GroupCount is a count for one value of a grouping field (a category, an agency, an activity kind).
type GroupCount struct {
	Key   string `json:"key"`
	Label Text   `json:"label"`
	Count int64  `json:"count"`
}

// Name returns the district's name in lang, falling back to the name in the data.
func (d DistrictStat) Name(lang string) string {
	if name := d.Label.In(lang); name != "" {
		return name
	}
	return d.District
}

// DistrictStat is the response performance of one district.
type DistrictStat struct {
	District string `json:"district"`
	Label    Text   `json:"label"`
	Calls    int64  `json:"calls"`
	// ResponseN counts the district's valid spans of the compliance interval. The percentiles
	// below (10th to 90th, for a box plot) are over those spans, computed as PercentileMethod says;
	// each is 0 when ResponseN is 0.
	ResponseN   int64   `json:"response_n"`
	ResponseP10 float64 `json:"response_p10_s"`
	ResponseP25 float64 `json:"response_p25_s"`
	ResponseP50 float64 `json:"response_p50_s"`
	ResponseP75 float64 `json:"response_p75_s"`
	ResponseP90 float64 `json:"response_p90_s"`
	// Within holds, per compliance threshold in the same order as Compliance.Thresholds, the share of
	// the district's valid responses within it.
	Within []float64 `json:"within_share"`
}

// Session is one activity that recorded participants (a training session, for example).
type Session struct {
	Date      string `json:"date"`
	Kind      string `json:"kind"`
	KindLabel Text   `json:"kind_label"`
	District  string `json:"district"`
	// DistrictLabel names District in both languages, as Report.Districts does.
	DistrictLabel Text   `json:"district_label"`
	Unit          string `json:"unit"`
	// UnitLabel names Unit as the outputs show it (free text: the same in both languages, cut at
	// NameLimit characters).
	UnitLabel    Text  `json:"unit_label"`
	Participants int64 `json:"participants"`
}

// DeclaredBreakdown is a breakdown the campaign file declares: a measure (a count, a sum or a
// count of distinct values) of the calls or activities of the period that match its filters, by
// one or two dimensions (a field, or a time bucket: day, week, month, hour, weekday).
type DeclaredBreakdown struct {
	ID        string  `json:"id"`
	Label     Text    `json:"label"`
	Unit      Text    `json:"unit"`
	Source    string  `json:"source"`
	Aggregate string  `json:"aggregate"`
	Field     string  `json:"field,omitempty"`
	Filters   Filters `json:"filters"`
	// By names the dimensions, in order; Labels name them for readers.
	By       []string `json:"by"`
	ByLabels []Text   `json:"by_labels"`
	// Show says where the breakdown is shown.
	Show Show `json:"show"`
	// Rows hold one value per combination of dimension keys that has rows, in the order reports
	// show them: districts in the campaign's order, time buckets in time order, codes in vocabulary
	// order, other keys by value, most first. A breakdown by day, week or month alone lists every
	// bucket of the period, empty ones as 0. An empty field is the key "".
	Rows []BreakdownRow `json:"rows"`
	// Total is the measure over every matching row (for a sum or count, the sum of Rows when the
	// dimensions are single-valued fields).
	Total int64 `json:"total"`
	// Description states in words what is counted, in both languages.
	Description Text `json:"description"`
	// Query names the embedded SQL file the breakdown is computed with.
	Query string `json:"query"`
}

// BreakdownRow is the measure for one combination of dimension keys.
type BreakdownRow struct {
	Keys   []string `json:"keys"`
	Labels []Text   `json:"labels"`
	Value  int64    `json:"value"`
}

// Quality is the data quality of the warehouse: how every input file was accounted for, and every
// fault ingest found, by check, by file and by district. It covers every file in the warehouse that
// has not been replaced by a re-delivery, whatever the dates of its rows: unlike the other sections
// of a Report it is not limited to the campaign period (a row whose time cannot be read has no date
// to limit by).
//
// A fault either quarantined its row (action "quarantine": the row was not loaded) or flagged a row
// that was kept (action "flag"). A quarantined row has one fault; a kept row may carry several
// flags, so Flags can exceed Flagged.
type Quality struct {
	// RowsRead, Loaded, Quarantined, Duplicates, Flagged and Records are the totals of Files.
	RowsRead    int64 `json:"rows_read"`
	Loaded      int64 `json:"loaded"`
	Quarantined int64 `json:"quarantined"`
	Duplicates  int64 `json:"duplicates"`
	Flagged     int64 `json:"flagged"`
	Records     int64 `json:"records"`
	// Flags counts the flags on kept rows: the total of the checks whose action is "flag".
	Flags int64 `json:"flags"`
	// QuarantineReasons counts the quarantined rows by check and column ("check: column"). Checks
	// supersedes it; it stays for readers of earlier metrics.json files.
	QuarantineReasons []ReasonCount `json:"quarantine_reasons"`
	// Checks counts the faults of every check and action: quarantine first, most frequent first.
	Checks []CheckCount `json:"checks"`
	// Files holds the accounting of every file, in ingest order.
	Files []FileQuality `json:"files"`
	// DistrictMatch holds, per file with calls in the campaign period, how many of them name a
	// district of the campaign's list; empty when the campaign lists none.
	DistrictMatch []DistrictMatch `json:"district_match"`
	// Warnings are faults of the data the report was computed despite, in words.
	Warnings []string `json:"warnings"`
	// Districts counts the faults per district as read from the rows. figures.Compute lists them in
	// the campaign's order of districts, figures.ComputeQuality by name; the unknown district comes
	// last.
	Districts []DistrictQuality `json:"districts"`
}

// The actions a check can take on a faulty row: the mapping profile of each file chooses one per
// check (or turns the check off).
const (
	// ActionQuarantine keeps the row out of the warehouse, in the quarantine table.
	ActionQuarantine = "quarantine"
	// ActionFlag loads the row and records the fault in the flags table.
	ActionFlag = "flag"
)

// ReasonCount is how many rows were quarantined for one reason.
type ReasonCount struct {
	Reason string `json:"reason"`
	Rows   int64  `json:"rows"`
}

// CheckCount is how many faults one check found with one action, with the first few as examples.
type CheckCount struct {
	// Check is the check's name, such as interval_order; Label names it for readers.
	Check  string `json:"check"`
	Label  Text   `json:"label"`
	Action string `json:"action"`
	Count  int64  `json:"count"`
	// Examples are up to three faults, the first found: by file in ingest order, then by line.
	Examples []FaultExample `json:"examples"`
}

// FaultExample is one fault, where it was and why: enough to open the file at the line.
type FaultExample struct {
	File string `json:"file"`
	// Line is the line (or row) of the source file.
	Line   int64  `json:"line"`
	Column string `json:"column"`
	Value  string `json:"value"`
	Reason string `json:"reason"`
}

// CheckTally is how many faults one check found with one action, within a file or a district.
type CheckTally struct {
	Check  string `json:"check"`
	Action string `json:"action"`
	Count  int64  `json:"count"`
}

// FileQuality is the ingest accounting of one file. RowsRead = Loaded + Quarantined + Duplicates;
// Flagged counts the loaded rows with at least one flag, and Records the calls or activities the
// loaded rows formed (unit rows of one call combine into one record).
type FileQuality struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
	// Profile, Format and Encoding say how the file was read; they are empty for files ingested
	// before the warehouse recorded them.
	Profile     string `json:"profile"`
	Format      string `json:"format"`
	Encoding    string `json:"encoding"`
	RowsRead    int64  `json:"rows_read"`
	Loaded      int64  `json:"loaded"`
	Quarantined int64  `json:"quarantined"`
	Duplicates  int64  `json:"duplicates"`
	Flagged     int64  `json:"flagged"`
	Records     int64  `json:"records"`
	// Checks counts the file's faults by check and action.
	Checks []CheckTally `json:"checks"`
}

// DistrictQuality counts the faults of the rows of one district.
type DistrictQuality struct {
	// District is the district as read from the rows; "" is the unknown district, for rows whose
	// district was empty or could not be read.
	District string `json:"district"`
	Label    Text   `json:"label"`
	// Quarantined counts the district's quarantined rows, Flags the flags on its kept rows.
	Quarantined int64 `json:"quarantined"`
	Flags       int64 `json:"flags"`
	// Checks counts the district's faults by check and action.
	Checks []CheckTally `json:"checks"`
}

// Name returns the district's name in lang, falling back to the name in the data.
func (d DistrictQuality) Name(lang string) string {
	if name := d.Label.In(lang); name != "" {
		return name
	}
	return d.District
}

// DistrictMatch is how many of one file's calls in the period name a district of the campaign.
type DistrictMatch struct {
	File    string  `json:"file"`
	Calls   int64   `json:"calls"`
	Matched int64   `json:"matched"`
	Share   float64 `json:"share"`
}

// InputFile identifies one ingested file by name and content hash, so that every figure can be traced
// to the exact inputs it was computed from. A file replaced by a re-delivery is not an input: its
// rows are no longer in the warehouse.
type InputFile struct {
	Name        string `json:"name"`
	Kind        string `json:"kind"`
	SHA256      string `json:"sha256"`
	RowsRead    int64  `json:"rows_read"`
	Loaded      int64  `json:"loaded"`
	Quarantined int64  `json:"quarantined"`
	Duplicates  int64  `json:"duplicates"`
}
