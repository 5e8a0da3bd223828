package metrics

import "unicode/utf8"

// NameLimit is the most characters (runes) of a name the data records (a district, a station, a
// unit) that a label shows: a longer name is cut to NameLimit-1 characters and "…" (ShortName).
// The full name stays in the keys of a Report (District, Key, …), so metrics.json keeps it.
const NameLimit = 40

// ShortName returns name as labels show it: itself, or its first NameLimit-1 characters and "…"
// when it is longer than NameLimit.
func ShortName(name string) string {
	if utf8.RuneCountInString(name) <= NameLimit {
		return name
	}
	return string([]rune(name)[:NameLimit-1]) + "…"
}

// ShortText returns t with each language's text cut as ShortName cuts a name.
func ShortText(t Text) Text {
	return Text{Zh: ShortName(t.Zh), En: ShortName(t.En)}
}

// checkLabels names the checks of ingest, as named in the quarantine and flags tables. The labels
// of coded values of the data are those of the data model (package schema).
var checkLabels = map[string]Text{
	"malformed_row":         {Zh: "行格式错误", En: "malformed row"},
	"field_count":           {Zh: "字段数不符", En: "wrong number of fields"},
	"required":              {Zh: "必填项为空", En: "required value missing"},
	"invalid_value":         {Zh: "取值无效", En: "invalid value"},
	"unparsable_time":       {Zh: "时间无法识别", En: "unreadable time"},
	"unknown_value":         {Zh: "未知代码值", En: "unknown value"},
	"unknown_district":      {Zh: "未知地区", En: "unknown district"},
	"interval_order":        {Zh: "时间顺序颠倒", En: "times out of order"},
	"interval_ceiling":      {Zh: "时长超过上限", En: "interval over ceiling"},
	"outside_period":        {Zh: "超出统计时段", En: "outside the period"},
	"conflicting_duplicate": {Zh: "重复编号内容冲突", En: "conflicting duplicate"},
	"normalized_text":       {Zh: "文本经规范化", En: "text normalised"},
	"spreadsheet_error":     {Zh: "电子表格错误值", En: "spreadsheet error value"},
	"ambiguous_time":        {Zh: "时间有歧义", En: "ambiguous time"},
}

// checkRules says in Chinese why a row fails each check of ingest. Ingest writes the reason of
// each example in English, with the values it read (metrics.json and quality.csv keep it); the
// Chinese outputs state the check's rule instead, the column and value being beside it.
var checkRules = map[string]string{
	"malformed_row":         "该行无法按CSV格式读取",
	"field_count":           "字段数与表头不符",
	"required":              "必填字段为空",
	"invalid_value":         "数字、标志或列表无法读取，或超出范围",
	"unparsable_time":       "时间无法识别（应为“年-月-日 时:分:秒”或RFC 3339格式）",
	"unknown_value":         "代码值不在数据模型的代码表中",
	"unknown_district":      "地区不在映射配置的地区列表中",
	"interval_order":        "时间点先后颠倒",
	"interval_ceiling":      "时长超过该时段的上限",
	"outside_period":        "时间不在文件所属的月份内",
	"conflicting_duplicate": "编号与此前一行相同而内容不同",
	"normalized_text":       "文本含不可见字符或经过规范化",
	"spreadsheet_error":     "单元格为电子表格的错误值（如#N/A）",
	"ambiguous_time":        "当地时间因时钟回拨出现两次，无法确定",
}

// CheckReason says why an example row failed check: in English, ingest's own reason (with the
// values it read); in Chinese, the check's rule, or its label when no rule is written down.
func CheckReason(check, reason string) Text {
	zh, ok := checkRules[check]
	if !ok {
		zh = CheckLabel(check).Zh
	}
	return Text{Zh: zh, En: reason}
}

// NotRecorded labels the rows of a report whose key is empty: a field that was not recorded.
var NotRecorded = Text{Zh: "未填", En: "(not recorded)"}

// CheckLabel returns the two-language label of an ingest check, or the check's name when it has none.
func CheckLabel(check string) Text {
	if t, ok := checkLabels[check]; ok {
		return t
	}
	return Text{Zh: check, En: check}
}

// CodeLabel returns the two-language label of a coded value of a field of the data model, or the
// code itself when it has none.
func CodeLabel(field, code string) Text {
	return codeLabel(field, code)
}

// codeLabel returns the two-language label of a coded value in the data model, or the code itself
// when it has none; Labels.Code gives a campaign's own label first.
func codeLabel(field, code string) Text {
	return model().Label(field, code)
}

// Labels are a campaign's own names for codes and fields, over the data model's: a fire and EMS
// center calls the category emergency_help "Medical and rescue" and its districts "Battalions". A
// text given in one language only replaces the model's in that language.
type Labels struct {
	// Codes names codes by field: {category: {emergency_help: {en: Medical and rescue}}}.
	Codes map[string]map[string]Text `yaml:"codes" json:"codes,omitempty"`
	// Fields names fields: {district: {en: Battalion}}.
	Fields map[string]Text `yaml:"fields" json:"fields,omitempty"`
}

// over returns base with the non-empty texts of t in their place.
func over(base, t Text) Text {
	if t.Zh != "" {
		base.Zh = t.Zh
	}
	if t.En != "" {
		base.En = t.En
	}
	return base
}

// Code returns the label of a code of field: the campaign's, else the data model's, else the code.
func (l Labels) Code(field, code string) Text {
	base := codeLabel(field, code)
	if t, ok := l.Codes[field][code]; ok {
		return over(base, t)
	}
	return base
}

// Field returns the label of a field as a heading: the campaign's, else the data model's.
func (l Labels) Field(field string) Text {
	base := model().FieldLabel(field)
	if t, ok := l.Fields[field]; ok {
		return over(base, t)
	}
	return base
}

// CodeLabel returns the label of a code of field as the campaign names it (CampaignInfo.Labels).
func (c CampaignInfo) CodeLabel(field, code string) Text { return c.Labels.Code(field, code) }

// FieldLabel returns the label of a field as the campaign names it.
func (c CampaignInfo) FieldLabel(field string) Text { return c.Labels.Field(field) }

// filterFieldLabels names, in both languages, every field a headline figure can filter, sum or
// count: the fields of the calls and of the activities.
var filterFieldLabels = map[string]Text{
	"district":         {Zh: "地区", En: "district"},
	"station":          {Zh: "派出所", En: "police station"},
	"category":         {Zh: "警情类别", En: "category"},
	"subcategory":      {Zh: "警情细类", En: "subcategory"},
	"channel":          {Zh: "报警方式", En: "channel"},
	"priority":         {Zh: "警情等级", En: "priority"},
	"disposition":      {Zh: "处置结果", En: "disposition"},
	"linked_agencies":  {Zh: "联动单位", En: "partner agency"},
	"people_helped":    {Zh: "救助人数", En: "persons helped"},
	"dispatch_orders":  {Zh: "派警单位数", En: "units dispatched"},
	"incident":         {Zh: "事件", En: "incidents"},
	"kind":             {Zh: "工作类型", En: "kind of activity"},
	"unit":             {Zh: "单位", En: "unit"},
	"passed":           {Zh: "是否通过", En: "passed"},
	"participants":     {Zh: "参训人数", En: "participants"},
	"response_seconds": {Zh: "响应秒数", En: "response seconds"},
}

// clockLabels names the clock points of a call.
var clockLabels = map[string]Text{
	"received_at":   {Zh: "接警时间", En: "call received"},
	"answered_at":   {Zh: "应答时间", En: "call answered"},
	"dispatched_at": {Zh: "派警时间", En: "unit dispatched"},
	"arrived_at":    {Zh: "到场时间", En: "unit on scene"},
	"closed_at":     {Zh: "结束时间", En: "call closed"},
	"available_at":  {Zh: "收队时间", En: "unit available"},
}

// FieldLabel names a field of the calls or activities, or a clock point of a call, in both
// languages; a field without a label is named by itself.
func FieldLabel(field string) Text {
	if t, ok := filterFieldLabels[field]; ok {
		return t
	}
	if t, ok := clockLabels[field]; ok {
		return t
	}
	return Text{Zh: field, En: field}
}
