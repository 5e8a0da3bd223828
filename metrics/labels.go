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
	"kind": {
		"simulated_alarm_drill": {Zh: "模拟警情拉动演练", En: "Simulated-alarm drills"},
		"video_inspection":      {Zh: "视频巡查", En: "Video inspections"},
		"video_rollcall":        {Zh: "视频点名", En: "Video roll-calls"},
		"training":              {Zh: "业务培训", En: "Training sessions"},
		"liaison_visit":         {Zh: "联动走访", En: "Liaison visits"},
	},
}

// codeLabel returns the two-language label of a coded value, or the code itself when it has none.
func codeLabel(field, code string) Text {
	if t, ok := codeLabels[field][code]; ok {
		return t
	}
	return Text{Zh: code, En: code}
}
