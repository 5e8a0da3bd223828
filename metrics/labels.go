package metrics

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
}

// weekdayLabels names the ISO weekdays, Monday first, as the rows of Breakdowns.HourWeekday.
var weekdayLabels = [7]Text{
	{Zh: "星期一", En: "Monday"},
	{Zh: "星期二", En: "Tuesday"},
	{Zh: "星期三", En: "Wednesday"},
	{Zh: "星期四", En: "Thursday"},
	{Zh: "星期五", En: "Friday"},
	{Zh: "星期六", En: "Saturday"},
	{Zh: "星期日", En: "Sunday"},
}

// allDistricts labels the figures over every district.
var allDistricts = Text{Zh: "合计", En: "Total"}

// notRecorded labels the breakdown rows of an empty field.
var notRecorded = Text{Zh: "未填", En: "(not recorded)"}

// unknownDistrict labels the rows whose district was empty or could not be read.
var unknownDistrict = Text{Zh: "（不详）", En: "(unknown)"}

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
