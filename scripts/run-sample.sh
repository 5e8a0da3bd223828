#!/usr/bin/env bash
# run-sample.sh is the README's first command: the monthly batch on the sample campaign. It bundles the
# pinned ECharts script (once), then writes the sample data if sample-data/generated/ has none, ingests
# it into bulletin.duckdb and writes the outputs to out/. Extra arguments go to "bulletin run".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/fetch-echarts.sh
exec go run -tags duckdb_arrow ./cmd/bulletin run --sample "$@"
