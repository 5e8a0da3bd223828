package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportsFlowOneWay checks the architecture's one direction of imports: the data model depends
// on nothing of ours; the report types (metrics) on the data model and the standard library alone,
// and the reports that render them on no database, no campaign file and no computation; campaign
// files are read without a database; the figures are computed through their Warehouse interface,
// without the warehouse package or a database driver; ingest never imports what comes after it.
func TestImportsFlowOneWay(t *testing.T) {
	for pkg, forbidden := range map[string][]string{
		"bulletin/schema": {"bulletin/", "duckdb"},
		"bulletin/metrics": {"duckdb", "database/sql", "bulletin/warehouse", "bulletin/ingest", "bulletin/reports",
			"bulletin/metrics/campaign", "bulletin/metrics/figures", "bulletin/internal/yamlpos"},
		"bulletin/metrics/campaign": {"duckdb", "database/sql", "bulletin/warehouse", "bulletin/ingest", "bulletin/metrics/figures",
			"bulletin/reports"},
		"bulletin/metrics/figures": {"duckdb", "bulletin/warehouse", "bulletin/ingest", "bulletin/reports"},
		"bulletin/reports": {"duckdb", "database/sql", "bulletin/warehouse", "bulletin/ingest", "bulletin/metrics/campaign",
			"bulletin/metrics/figures"},
		"bulletin/ingest": {"bulletin/metrics", "bulletin/metrics/campaign", "bulletin/metrics/figures", "bulletin/reports"},
	} {
		for _, dep := range goList(t, "-deps", pkg) {
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
	// The data model parses its YAML file, so a YAML library is among the report types'
	// dependencies; the report types themselves import only the data model and the standard library.
	for _, imp := range goList(t, "-f", `{{join .Imports "\n"}}`, "bulletin/metrics") {
		first, _, _ := strings.Cut(imp, "/")
		if imp != "bulletin/schema" && (first == "bulletin" || strings.Contains(first, ".")) {
			t.Errorf("bulletin/metrics imports %s", imp)
		}
	}
}

// goList runs go list with args and returns the words of its output.
func goList(t *testing.T, args ...string) []string {
	t.Helper()
	out, err := exec.Command("go", append([]string{"list", "-tags", "duckdb_arrow"}, args...)...).Output()
	if err != nil {
		t.Fatalf("go list %s: %v", strings.Join(args, " "), err)
	}
	return strings.Fields(string(out))
}
