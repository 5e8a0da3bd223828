#!/usr/bin/env bash
# test.sh is the README's second command and what CI runs: vet both builds, then run every test.
# The duckdb_arrow tag enables the Arrow hand-off (docs/architecture.md); the build without it must
# still compile and ingest correctly, so vet covers both and ingest's tests run in both.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/fetch-echarts.sh
go vet ./...
go vet -tags duckdb_arrow ./...
go test ./ingest/
go test -tags duckdb_arrow "$@" ./...
