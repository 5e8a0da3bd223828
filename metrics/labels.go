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
	"channel": {
		"phone":          {Zh: "电话", En: "Phone"},
		"sms":            {Zh: "短信", En: "SMS"},
		"video":          {Zh: "视频", En: "Video"},
		"app":            {Zh: "手机应用", En: "App"},
		"transfer_12345": {Zh: "12345转警", En: "Transferred from 12345"},
	},
	"subcategory": {
		"suicide_attempt":  {Zh: "轻生", En: "Suicide attempt"},
		"lost_person":      {Zh: "走失", En: "Lost person"},
		"missing_person":   {Zh: "失踪", En: "Missing person"},
		"drowning":         {Zh: "溺水", En: "Drowning"},
		"fall_from_height": {Zh: "高处坠落", En: "Fall from height"},
		"medical":          {Zh: "突发疾病", En: "Medical"},
		"elderly_assist":   {Zh: "助老", En: "Help for the elderly"},
		"child_assist":     {Zh: "助童", En: "Help for children"},
		"other":            {Zh: "其他", En: "Other"},
	},
	"disposition": {
		"resolved":     {Zh: "已处置", En: "Resolved"},
		"rescued":      {Zh: "已救助", En: "Rescued"},
		"person_found": {Zh: "已找到", En: "Person found"},
		"referred":     {Zh: "移交", En: "Referred"},
		"false_alarm":  {Zh: "谎报误报", En: "False alarm"},
		"unresolved":   {Zh: "未解决", En: "Unresolved"},
	},
	"priority": {
		"1": {Zh: "一级", En: "Priority 1"},
		"2": {Zh: "二级", En: "Priority 2"},
		"3": {Zh: "三级", En: "Priority 3"},
		"4": {Zh: "四级", En: "Priority 4"},
	},
	// Districts as named in the data; the campaign file's English names take precedence.
	"district": {
		"全市": {Zh: "全市", En: "Citywide"},
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

// fieldLabels names the fields of the calls that Breakdowns.ByField breaks the calls down by.
var fieldLabels = map[string]Text{
	"district":    {Zh: "地区", En: "District"},
	"station":     {Zh: "派出所", En: "Police station"},
	"category":    {Zh: "警情类别", En: "Category"},
	"subcategory": {Zh: "警情细类", En: "Subcategory"},
	"channel":     {Zh: "报警方式", En: "Channel"},
	"priority":    {Zh: "警情等级", En: "Priority"},
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
	return codeLabel("check", check)
}

// CodeLabel returns the two-language label of a coded value of a call's field (channel, category,
// subcategory, disposition, priority, linked_agencies), or the code itself when it has none.
func CodeLabel(field, code string) Text {
	return codeLabel(field, code)
}

// codeLabel returns the two-language label of a coded value, or the code itself when it has none.
func codeLabel(field, code string) Text {
	if t, ok := codeLabels[field][code]; ok {
		return t
	}
	return Text{Zh: code, En: code}
}
