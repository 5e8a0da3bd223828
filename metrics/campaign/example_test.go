package campaign_test

import (
	"fmt"
	"log"

	"bulletin/metrics/campaign"
)

// ExampleParse reads a campaign file of one headline figure and shows what the defaults fill in.
func ExampleParse() {
	c, err := campaign.Parse("may.yaml", []byte(`id: may-2022
name: {zh: 五月, en: May}
period: {start: 2022-05-01, end: 2022-05-31}
headline:
  - {id: calls, label: {zh: 警情, en: Calls}, source: calls, aggregate: count}
`))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.Period.Days(), "days, published", c.Published, "in", c.TimeZone)
	for _, b := range c.Baselines {
		fmt.Printf("compared with %s: %s to %s\n", b.Label.En, b.Start, b.End)
	}
	fmt.Println(c.Response.Targets[0].Label.En)

	// A mistake is an error naming the file and the line.
	_, err = campaign.Parse("may.yaml", []byte("id: may-2022\nname: {zh: 五月, en: May}\nperiod: {start: 2022-05-01, end: 2022-04-30}\n"))
	fmt.Println(err)
	// Output:
	// 31 days, published 2022-05-31 in Asia/Shanghai
	// compared with previous month: 2022-04-01 to 2022-04-30
	// compared with same period last year: 2021-05-01 to 2021-05-31
	// Rapid response (1, 3, 5 minutes)
	// campaign may.yaml:3: period ends (2022-04-30) before it starts (2022-05-01)
}
