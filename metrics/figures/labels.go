package figures

import "bulletin/metrics"

// weekdayLabels names the ISO weekdays, Monday first, as the rows of metrics.Breakdowns.HourWeekday.
var weekdayLabels = [7]metrics.Text{
	{Zh: "星期一", En: "Monday"},
	{Zh: "星期二", En: "Tuesday"},
	{Zh: "星期三", En: "Wednesday"},
	{Zh: "星期四", En: "Thursday"},
	{Zh: "星期五", En: "Friday"},
	{Zh: "星期六", En: "Saturday"},
	{Zh: "星期日", En: "Sunday"},
}

// allDistricts labels the figures over every district.
var allDistricts = metrics.Text{Zh: "合计", En: "Total"}

// unknownDistrict labels the rows whose district was empty or could not be read.
var unknownDistrict = metrics.Text{Zh: "（不详）", En: "(unknown)"}
