#!/usr/bin/env bash
# test.sh is the README's second command and what CI runs: vet both builds, run every test, then
# fuzz the decoders and parsers briefly (scripts/fuzz.sh).
# The duckdb_arrow tag enables the Arrow hand-off (docs/architecture.md); the build without it must
# still compile and ingest correctly, so vet covers both and ingest's tests run in both.
#
# The browser tests (internal/browsertest) drive Debian's headless Chromium and fail without it, so
# chromium and fonts-noto-cjk (the Chinese glyphs of the zh pages) are installed here when missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/fetch-echarts.sh

if [[ ! -x /usr/bin/chromium ]] || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
	if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
		echo "test: chromium or fonts-noto-cjk missing, installing them with apt-get" >&2
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-noto-cjk
	else
		echo "test: the browser tests need Chromium at /usr/bin/chromium; install it as root (Debian: apt-get install chromium fonts-noto-cjk) and rerun" >&2
		exit 1
	fi
fi
go vet ./...
go vet -tags duckdb_arrow ./...
go test ./ingest/...
go test -tags duckdb_arrow "$@" ./...
# Then a few seconds of fuzzing per decoder and parser; the seeds already ran in the tests above.
scripts/fuzz.sh
