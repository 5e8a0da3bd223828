package synth_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"bulletin/sample-data/synth"
)

func ExampleWrite() {
	dir, err := os.MkdirTemp("", "bulletin-sample-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	sum, err := synth.Write(context.Background(), dir, synth.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(sum.Files), "files:", sum.Files[0], "...", sum.Files[len(sum.Files)-1])
	fmt.Println("some rows are duplicated:", sum.Faults["duplicate"] > 0)
	// Output:
	// 30 files: activities-2021-05.csv ... calls-2022-07.csv
	// some rows are duplicated: true
}

func ExampleDistricts() {
	for _, d := range synth.Districts() {
		fmt.Printf("%s\t%s\t%d stations\n", d.Name, d.English, len(d.Stations))
	}
	// Output:
	// 雨湖区	Yuhu	6 stations
	// 岳塘区	Yuetang	6 stations
	// 湘潭县	Xiangtan County	5 stations
	// 湘乡市	Xiangxiang	5 stations
	// 韶山市	Shaoshan	3 stations
	// 湘潭高新区	High-tech Zone	3 stations
	// 湘潭经开区	Economic Development Zone	3 stations
}
