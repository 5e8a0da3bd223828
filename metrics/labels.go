package metrics

// codeLabels names the coded values of the canonical inputs in both languages, for charts, the
// workbook and the bulletin.
var codeLabels = map[string]map[string]Text{
	"category": {
		"criminal":       {Zh: "刑事", En: "Criminal"},
		"public_order":   {Zh: "治安", En: "Public order"},
		"traffic":        {Zh: "交通", En: "Traffic"},
		"fire":           {Zh: "火警", En: "Fire"},
		"emergency_help": {Zh: "紧急求助", En: "Emergency help"},
		"dispute":        {Zh: "纠纷", En: "Dispute"},
		"consultation":   {Zh: "咨询", En: "Consultation"},
		"invalid":        {Zh: "无效", En: "Invalid"},
	},
	"linked_agencies": {
		"fire":           {Zh: "消防救援", En: "Fire and rescue"},
		"medical":        {Zh: "医疗急救", En: "Medical first aid"},
		"emergency_mgmt": {Zh: "应急管理", En: "Emergency management"},
		"hotline_12345":  {Zh: "12345政务服务热线", En: "12345 government hotline"},
		"water_police":   {Zh: "水上公安", En: "Water police"},
		"urban_mgmt":     {Zh: "城市管理", En: "Urban management"},
	},
	// The checks of ingest, as named in the quarantine and flags tables.
	"check": {
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
	},
	"kind": {
		"simulated_alarm_drill": {Zh: "模拟警情拉动演练", En: "Simulated-alarm drills"},
		"video_inspection":      {Zh: "视频巡查", En: "Video inspections"},
		"video_rollcall":        {Zh: "视频点名", En: "Video roll-calls"},
		"training":              {Zh: "业务培训", En: "Training sessions"},
		"liaison_visit":         {Zh: "联动走访", En: "Liaison visits"},
	},
}

// unknownDistrict labels the rows whose district was empty or could not be read.
var unknownDistrict = Text{Zh: "（不详）", En: "(unknown)"}

// CheckLabel returns the two-language label of an ingest check, or the check's name when it has none.
func CheckLabel(check string) Text {
	return codeLabel("check", check)
}

// codeLabel returns the two-language label of a coded value, or the code itself when it has none.
func codeLabel(field, code string) Text {
	if t, ok := codeLabels[field][code]; ok {
		return t
	}
	return Text{Zh: code, En: code}
}
