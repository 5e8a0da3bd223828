package reports

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
)

// assets holds reports/assets. Only its README is committed; scripts/fetch-echarts.sh adds the pinned
// ECharts build, so a fresh clone compiles and only chart writing fails until the script has run.
//
//go:embed assets
var assets embed.FS

// echartsScriptPath is the path of the ECharts build inside assets.
const echartsScriptPath = "assets/echarts.min.js"

// errEChartsMissing tells the user how to bundle the ECharts script.
var errEChartsMissing = errors.New("ECharts script not bundled: run scripts/fetch-echarts.sh (see README)")

// echartsScript returns the embedded ECharts build that chart pages inline.
func echartsScript() ([]byte, error) {
	script, err := assets.ReadFile(echartsScriptPath)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(script) == 0) {
		return nil, errEChartsMissing
	}
	if err != nil {
		return nil, fmt.Errorf("read embedded %s: %w", echartsScriptPath, err)
	}
	return script, nil
}
