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

# The print test (reports) prints workbooks to PDF with LibreOffice and reads the glyph sizes with
# MuPDF's mutool, so libreoffice-calc, mupdf-tools and the Liberation fonts (Arial's metrics) are
# installed with the browser's packages.
packages=()
[[ -x /usr/bin/chromium ]] || packages+=(chromium)
for pkg in fonts-noto-cjk libreoffice-calc mupdf-tools fonts-liberation2 python3-pandas; do
	dpkg -s "$pkg" >/dev/null 2>&1 || packages+=("$pkg")
done
if ((${#packages[@]} > 0)); then
	if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
		echo "test: ${packages[*]} missing, installing them with apt-get" >&2
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "${packages[@]}"
	else
		echo "test: the browser and print tests need ${packages[*]}; install them as root (Debian: apt-get install ${packages[*]}) and rerun" >&2
		exit 1
	fi
fi
go vet ./...
go vet -tags duckdb_arrow ./...
go test ./ingest/...
go test -tags duckdb_arrow "$@" ./...
# Then a few seconds of fuzzing per decoder and parser; the seeds already ran in the tests above.
scripts/fuzz.sh
