#!/usr/bin/env bash
# fuzz.sh runs every fuzz target for a short while, one at a time (go test fuzzes one target per
# run), and fails on the first finding. go test writes the failing input under the package's
# testdata/fuzz/<target>/; commit it with the fix, and the unit tests run it from then on.
#
# FUZZTIME is how long each target runs (default 10s); CI runs the default.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
fuzztime="${FUZZTIME:-10s}"

# Each line: a package and its fuzz targets.
targets=(
	"./ingest/source FuzzCSV FuzzJSONL FuzzGzip FuzzXLSX FuzzParquet"
	"./ingest FuzzParseLocalTime FuzzParseProfile FuzzMapRow FuzzDecodeCSV"
	"./metrics/campaign FuzzParseCampaign"
	"./schema FuzzParse"
)

# A target missing from this list would never be fuzzed: check that the list names them all.
listed=$(printf '%s\n' "${targets[@]}" | tr ' ' '\n' | grep '^Fuzz' | sort)
found=$(grep -rhoE '^func Fuzz[A-Za-z0-9_]+' --include='*_test.go' ingest metrics schema | sed 's/^func //' | sort)
if [[ "$listed" != "$found" ]]; then
	echo "fuzz: scripts/fuzz.sh lists other targets than the code has:" >&2
	diff <(echo "$listed") <(echo "$found") >&2 || true
	exit 1
fi

# go test -fuzz builds and links the test binary again for every target, 4-5 s each with DuckDB;
# building each package's binary once with the fuzzing instrumentation and running it per target
# does the same as `go test -run '^$' -fuzz '^Name$' -fuzztime $FUZZTIME ./pkg` in a third of the
# overhead. It runs in the package's directory, so that a failing input is written to its
# testdata/fuzz/<target>/ as go test writes it.
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
cache="$(go env GOCACHE)/fuzz"
for line in "${targets[@]}"; do
	read -r pkg names <<<"$line"
	test_binary="$bin/$(basename "$pkg").test"
	go test -tags duckdb_arrow -c -fuzz . -o "$test_binary" "$pkg"
	import_path=$(go list -tags duckdb_arrow "$pkg")
	for name in $names; do
		# Go's fuzzing coordinator can fail a target at the end of -fuzztime with a bare "context
		# deadline exceeded" having found nothing (a race in internal/fuzz, golang/go#75804, fixed
		# in Go 1.27). A failure that wrote no input is run once more; one that wrote an input, or
		# fails twice, fails the run.
		for attempt in 1 2; do
			before=$(ls "$pkg/testdata/fuzz/$name" 2>/dev/null | sort || true)
			echo "fuzz: $pkg $name for $fuzztime"
			if (cd "$pkg" && "$test_binary" -test.run '^$' -test.fuzz "^${name}\$" -test.fuzztime "$fuzztime" \
				-test.timeout 5m -test.fuzzcachedir "$cache/$import_path"); then
				break
			fi
			after=$(ls "$pkg/testdata/fuzz/$name" 2>/dev/null | sort || true)
			if [[ "$before" != "$after" || $attempt == 2 ]]; then
				echo "fuzz: $name failed; the input, if one was found, is under $pkg/testdata/fuzz/$name/" >&2
				exit 1
			fi
			echo "fuzz: $name failed without writing an input (Go's coordinator race, golang/go#75804): once more" >&2
		done
	done
done
