//go:build ignore

// Writes cn110-2022-06.xlsx, the XLSX fixture of the cn-110 profile: a title row merged across the
// columns above the header, times stored as Excel date serials (with a date format, as exports
// write them) in some rows and as text in others, a numeric call id and an empty row.
//
//	go run ingest/testdata/make-cn110-xlsx.go
package main

import (
	"log"
	"time"

	"github.com/xuri/excelize/v2"
)

func main() {
	f := excelize.NewFile()
	const sheet = "接处警记录"
	f.SetSheetName("Sheet1", sheet)
	header := []any{"接警编号", "报警时间", "接警时间", "派警时间", "到达现场时间", "结警时间", "报警方式", "警情类别", "警情细类", "警情级别", "管辖单位", "处警单位", "处置结果", "救助人数", "联动单位"}
	must(f.SetCellValue(sheet, "A1", "湘潭市公安局110接处警记录（2022年6月）"))
	must(f.MergeCell(sheet, "A1", "O1"))
	must(f.SetSheetRow(sheet, "A2", &header))
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 22}) // m/d/yy h:mm
	must(err)
	at := func(day, hour, minute, second int) time.Time {
		return time.Date(2022, 6, day, hour, minute, second, 0, time.UTC) // excelize writes the wall clock
	}
	rows := [][]any{
		// row 3: times as date cells; drowning rescue in 湘乡市 with two partner agencies
		{"110-0601", at(3, 8, 30, 0), at(3, 8, 30, 20), at(3, 8, 32, 0), at(3, 8, 40, 0), at(3, 9, 10, 0), "电话", "紧急求助", "溺水", "一级", "湘乡市公安局", "东山派出所", "已救助", 1, "水上派出所、120"},
		// row 4: times as text, as some exports write them
		{"110-0602", "2022/6/5 21:10", "2022/6/5 21:10", "2022/6/5 21:12", "2022/6/5 21:25", "2022/6/5 22:00", "电话", "治安", "", "三级", "韶山市公安局", "清溪派出所", "已处置", 0, ""},
		// row 5: a numeric call id
		{20220607000001, at(7, 19, 0, 0), at(7, 19, 0, 10), at(7, 19, 1, 0), at(7, 19, 9, 0), at(7, 20, 30, 0), "电话", "火警", "", "一级", "高新分局", "双马派出所", "已处置", 0, "消防"},
		// row 6: no time of the call: quarantined (required)
		{"110-0604", "", "", "", "", "", "电话", "纠纷", "", "三级", "雨湖分局", "", "已处置", 0, ""},
		// row 7: an invalid call, answered and closed on the phone
		{"110-0605", at(9, 2, 0, 0), at(9, 2, 0, 5), "", "", at(9, 2, 1, 0), "电话", "无效", "", "四级", "岳塘分局", "", "", 0, ""},
		// row 8: empty (not a row of data)
		{},
		// row 9: 救助人数 written in words: quarantined (invalid value)
		{"110-0606", at(10, 10, 0, 0), at(10, 10, 0, 9), at(10, 10, 2, 0), at(10, 10, 15, 0), at(10, 11, 0, 0), "电话", "紧急求助", "走失", "二级", "岳塘分局", "建设路派出所", "已找到", "两人", ""},
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, 3+i)
		if len(row) == 0 {
			continue
		}
		must(f.SetSheetRow(sheet, cell, &row))
		for col, v := range row {
			if _, ok := v.(time.Time); ok {
				name, _ := excelize.CoordinatesToCellName(col+1, 3+i)
				must(f.SetCellStyle(sheet, name, name, dateStyle))
			}
		}
	}
	must(f.SaveAs("ingest/testdata/cn110-2022-06.xlsx"))
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
