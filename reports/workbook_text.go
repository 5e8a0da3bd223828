package reports

import "bulletin/metrics"

// workbookText holds the fixed headings of the leadership workbook in one language. Labels that come
// with the data (figures, intervals, categories) are taken from the report instead.
type workbookText struct {
	lang, font                              string // document language tag, font name
	summarySheet, dailySheet, categorySheet string
	docTitle                                string
	period                                  string // start, end, days
	headline, item, value, unit             string
	response, interval, valid, excluded     string
	mean, p50, p90, p95, responseNote       string
	durationNote                            string
	methodNote                              string // the response-time rules (name, version) and the percentile method
	compliance                              string // interval label
	threshold, within, of, share            string
	withinMinutes, withinSeconds            string // minutes or seconds of a threshold
	districts, district, calls, responses   string
	noDistricts                             string
	noData                                  string // a figure without any valid interval: not 0
	markNote                                string // what the "*" of a figure below min_n (%d) means
	noDataNote                              string // what "no data" means
	noResultNote                            string // what "no data" means of activities
	chartTitle                              string // interval label
	quality, rowsRead, loaded, quarantined  string
	duplicates, rows, flaggedRows           string
	qualitySheet, qualityTitle, qualityNote string // qualityNote: the scope of the figures
	byCheck, byFile, byDistrict, noFaults   string
	check, action, faults                   string
	exampleFile, line, column, valueRead    string
	reason, file, kind, profile, format     string
	encoding, records, flags                string
	totalQuarantined, totalFlags            string
	actions                                 map[string]string // labels of actions
	date, category, portion, total          string
	page                                    string // header/footer codes for "page n of m"

	// The sheets added for the leadership workbook, in order after the Categories sheet.
	districtSheet, responseSheet, linkageSheet, activitySheet, definitionSheet string
	breakdownSheet                                                             string

	// Summary: title line, KPI tiles, district ranking, charts.
	published      string            // the date the workbook carries
	compareNote    string            // %s: the baselines compared with, listed
	compareWith    string            // one baseline in compareNote: label, start, end
	listSep        string            // between items of a list in running text
	colourNote     string            // what the colours of a change mean
	baseNote       string            // that a small base has no per cent change: %d the campaign's min_base
	versus         map[string]string // short row labels of the baselines, by baseline id
	versusOther    string            // the row label of any other baseline: %s its label
	notAvailable   string            // a comparison without data
	shareTile      string            // label of a compliance tile: interval label, threshold
	citywide       string            // the all-districts row
	limit, inLimit string            // a district's time limit, the share within it
	lightsNote     string            // what the colours of the district table mean
	barsNote       string            // what the data bars of the district table mean
	dailyChart     string            // chart titles
	weekFrom       string            // the Daily sheet's column of Mondays, the daily chart's axis labels
	callsUnit      string            // the unit of the charts' counts of calls, on their value axis
	shareUnit      string            // the unit of the charts' shares
	categoryChart  string
	qualityLine    string // the data quality in one sentence: read, loaded, quarantined, duplicates, flagged
	pointsUnit     string // the quoted unit of percentage points in a number format
}

var workbookTexts = map[string]*workbookText{
	"zh": {
		lang: "zh-CN", font: "Noto Sans CJK SC",
		summarySheet: "摘要", dailySheet: "每日警情", categorySheet: "警情类别",
		districtSheet: "各地区", responseSheet: "处警时长", linkageSheet: "多警联动", activitySheet: "工作开展", definitionSheet: "指标说明",
		breakdownSheet: "分项统计",
		published:      "编制日期：%s",
		compareNote:    "▲▼ 为与%s相比的变化（左为增减数，右为增减幅度；比率只计增减百分点）。",
		compareWith:    "%s（%s至%s）",
		listSep:        "、",
		colourNote:     "绿色为向好，红色为向差；黑色的变化无好坏之分。",
		baseNote:       "基数小于%d的不计增减幅度。",
		versus:         map[string]string{"previous": "较上期", "year_earlier": "较去年同期"},
		versusOther:    "较%s",
		notAvailable:   "无数据",
		pointsUnit:     `"个百分点"`,
		shareTile:      "%s%s占比",
		citywide:       "全市",
		limit:          "到场时限",
		inLimit:        "时限内占比",
		lightsNote:     "90%分位着色：绿色为不超过该地区到场时限（九成警情按时到场），黄色为仅中位数不超过时限，红色为中位数也超过时限。",
		barsNote:       "数据条为达标率（0–100%）。",
		dailyChart:     "每日警情走势（%s至%s）",
		weekFrom:       "每周起始",
		callsUnit:      "警情数（起）",
		shareUnit:      "占比",
		categoryChart:  "各类警情数",
		qualityLine:    "数据质量：读取%s行，入库%s行，隔离%s行，重复%s行，标记%s行；详见“数据质量”表。",
		docTitle:       "领导汇报统计表",
		period:         "统计时段：%s 至 %s（共 %d 天）",
		headline:       "主要数据",
		item:           "项目",
		value:          "数值",
		unit:           "单位",
		response:       "处警时长",
		interval:       "时段",
		valid:          "有效数",
		excluded:       "剔除数",
		mean:           "平均",
		p50:            "中位数",
		p90:            "90%分位",
		p95:            "95%分位",
		responseNote:   "时长格式为“分:秒”；时间点缺失、所跨时段被标记为不可信、先后颠倒或超过上限的警情不计入时长统计。",
		durationNote:   "时长格式为“分:秒”。",
		methodNote:     "规则：%s（第%s版）；百分位数按相邻秩线性插值计算（DuckDB quantile_cont）。",
		compliance:     "快速反应达标情况（%s）",
		threshold:      "标准",
		within:         "达标数",
		of:             "有效数",
		share:          "达标率",
		withinMinutes:  "≤%d分钟",
		withinSeconds:  "≤%d秒",
		districts:      "各地区处警情况（按到场时长90%分位由短到长排列）",
		district:       "地区",
		calls:          "警情数",
		noData:         "无数据",
		markNote:       "* 有效时长少于%d个，样本不足，仅供参考。",
		noDataNote:     "“无数据”：没有有效时长（不是0）。",
		noResultNote:   "“无数据”：没有记录结果或响应时间（不是0）。",
		responses:      "到场有效数",
		noDistricts:    "无分地区数据。",
		chartTitle:     "各地区%s达标率",
		quality:        "数据质量",
		rowsRead:       "读取行数",
		loaded:         "入库行数",
		quarantined:    "隔离行数",
		duplicates:     "重复行数",
		flaggedRows:    "标记行数",
		rows:           "行数",
		date:           "日期",
		category:       "类别",
		portion:        "占比",
		total:          "合计",
		page:           "第 &P 页，共 &N 页",

		// The Data quality sheet.
		qualitySheet:     "数据质量",
		qualityTitle:     "数据质量",
		qualityNote:      "范围：仓库中全部数据文件（已被重新交付替换的文件除外），不限于统计时段。隔离的行未入库；标记的行已入库，按问题计数（一行可有多个问题）。",
		byCheck:          "按检查项",
		byFile:           "按文件",
		byDistrict:       "按地区",
		noFaults:         "未发现问题。",
		check:            "检查项",
		action:           "处理",
		faults:           "问题数",
		exampleFile:      "首例文件",
		line:             "行号",
		column:           "字段",
		valueRead:        "原值",
		reason:           "原因",
		file:             "文件",
		kind:             "类型",
		profile:          "映射配置",
		format:           "格式",
		encoding:         "编码",
		records:          "记录数",
		flags:            "标记数",
		totalQuarantined: "隔离合计",
		totalFlags:       "标记合计",
		actions:          map[string]string{metrics.ActionQuarantine: "隔离", metrics.ActionFlag: "标记"},
	},
	"en": {
		lang: "en", font: "Arial",
		summarySheet: "Summary", dailySheet: "Daily", categorySheet: "Categories",
		districtSheet: "Districts", responseSheet: "Response times", linkageSheet: "Linkage", activitySheet: "Activities", definitionSheet: "Definitions",
		breakdownSheet: "Breakdowns",
		published:      "Published %s",
		compareNote:    "▲▼ change against the %s: in numbers (left) and per cent (right); a rate in percentage points only. ",
		compareWith:    "%s (%s to %s)",
		listSep:        " and the ",
		colourNote:     "Green is better, red worse; a change in black is neither.",
		baseNote:       " No per cent change on a base below %d.",
		versus:         map[string]string{"previous": "vs previous", "year_earlier": "vs last year"},
		versusOther:    "vs %s",
		notAvailable:   "n/a",
		pointsUnit:     `" pp"`,
		shareTile:      "%s %s",
		citywide:       "Citywide",
		limit:          "Time limit",
		inLimit:        "Within limit",
		lightsNote:     "P90 colours: green, within the district's time limit (nine calls in ten on scene in time); amber, only the median within it; red, even the median over it.",
		barsNote:       "Data bars show the shares on a 0-100% scale.",
		dailyChart:     "Calls per day, %s to %s",
		weekFrom:       "Week from",
		callsUnit:      "Calls",
		shareUnit:      "Share of calls",
		categoryChart:  "Calls by category",
		qualityLine:    "Data quality: %s rows read, %s loaded, %s quarantined, %s duplicates, %s flagged; see the Data quality sheet.",
		docTitle:       "Leadership workbook",
		period:         "Period: %s to %s (%d days)",
		headline:       "Headline figures",
		item:           "Item",
		value:          "Value",
		unit:           "Unit",
		response:       "Response times",
		interval:       "Interval",
		valid:          "Valid",
		excluded:       "Excluded",
		mean:           "Mean",
		p50:            "Median",
		p90:            "P90",
		p95:            "P95",
		responseNote:   "Durations in minutes:seconds. Calls with a clock point missing, a flagged segment spanned, out of order or over the ceiling are left out of the durations.",
		durationNote:   "Durations in minutes:seconds.",
		methodNote:     "Rules: %s, version %s. Percentiles by linear interpolation between closest ranks (DuckDB quantile_cont).",
		compliance:     "Rapid-response compliance (%s)",
		threshold:      "Threshold",
		within:         "Within",
		of:             "Of",
		share:          "Share",
		withinMinutes:  "≤%d min",
		withinSeconds:  "≤%d s",
		districts:      "Districts, fastest P90 response first",
		district:       "District",
		calls:          "Calls",
		noData:         "no data",
		markNote:       "* Fewer than %d valid intervals: not reliable.",
		noDataNote:     "“No data”: no valid interval (not 0).",
		noResultNote:   "“No data”: no result or response time recorded (not 0).",
		responses:      "Responses",
		noDistricts:    "No district figures.",
		chartTitle:     "Share within threshold (%s), by district",
		quality:        "Data quality",
		rowsRead:       "Rows read",
		loaded:         "Loaded",
		quarantined:    "Quarantined",
		duplicates:     "Duplicates",
		flaggedRows:    "Flagged",
		rows:           "Rows",
		date:           "Date",
		category:       "Category",
		portion:        "Share of calls",
		total:          "Total",
		page:           "Page &P of &N",

		// The Data quality sheet.
		qualitySheet:     "Data quality",
		qualityTitle:     "Data quality",
		qualityNote:      "Scope: every file in the warehouse (except files replaced by a re-delivery), not only the campaign period. Quarantined rows were not loaded; flagged rows were loaded and count once per fault (a row may have several).",
		byCheck:          "By check",
		byFile:           "By file",
		byDistrict:       "By district",
		noFaults:         "No faults found.",
		check:            "Check",
		action:           "Action",
		faults:           "Faults",
		exampleFile:      "First example",
		line:             "Line",
		column:           "Column",
		valueRead:        "Value",
		reason:           "Reason",
		file:             "File",
		kind:             "Kind",
		profile:          "Profile",
		format:           "Format",
		encoding:         "Encoding",
		records:          "Records",
		flags:            "Flags",
		totalQuarantined: "Total quarantined",
		totalFlags:       "Total flags",
		actions:          map[string]string{metrics.ActionQuarantine: "quarantined", metrics.ActionFlag: "flagged"},
	},
}
