package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportsFlowOneWay checks the architecture's one direction of imports: the data model depends
// on nothing of ours; metrics and the report types it defines, and the reports that render them,
// depend on no database driver, no warehouse and no ingest; ingest never imports metrics or reports.
func TestImportsFlowOneWay(t *testing.T) {
	for pkg, forbidden := range map[string][]string{
		"bulletin/schema":  {"bulletin/", "duckdb"},
		"bulletin/metrics": {"duckdb", "bulletin/warehouse", "bulletin/ingest", "bulletin/reports"},
		"bulletin/reports": {"duckdb", "bulletin/warehouse", "bulletin/ingest"},
		"bulletin/ingest":  {"bulletin/metrics", "bulletin/reports"},
	} {
		out, err := exec.Command("go", "list", "-deps", "-tags", "duckdb_arrow", pkg).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			if dep == pkg {
				continue
			}
			for _, f := range forbidden {
				if strings.Contains(dep, f) {
					t.Errorf("%s depends on %s", pkg, dep)
				}
			}
		}
	}
}
