#!/usr/bin/env bash
# fetch-echarts.sh puts the pinned Apache ECharts build into reports/assets/, where reports/assets.go
# embeds it so that chart pages work offline. The script is third-party code (Apache-2.0) and is never
# committed; every clone runs this once. It is idempotent and silent when the pinned file is in place.
#
# The tarball comes from npm's configured registry and must match the integrity npm publishes for
# echarts@5.6.0; the extracted file must match its own pinned sha256. To move to another version, see
# reports/assets/README.md.
set -euo pipefail

readonly ECHARTS_VERSION="5.6.0"
readonly TARBALL_INTEGRITY="sha512-oTbVTsXfKuEhxftHqL5xprgLoc0k7uScAwtryCgWF6hPYFLRwOUHiFmHGCBKP5NPFNkDVopOieyUqYGH8Fa3kA=="
readonly SCRIPT_SHA256="bf4a223524e40b77c304bec67e1222cf551f14880cf42c69dc046558e11c07b1"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
assets="$repo_root/reports/assets"
script="$assets/echarts.min.js"
license="$assets/ECHARTS-LICENSE"
notice="$assets/ECHARTS-NOTICE"

sha256_of() {
	sha256sum "$1" | cut -d' ' -f1
}

if [[ -f "$script" && -f "$license" && -f "$notice" ]] && [[ "$(sha256_of "$script")" == "$SCRIPT_SHA256" ]]; then
	exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
	if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
		echo "fetch-echarts: npm not found, installing it with apt-get" >&2
		apt-get update && apt-get install -y npm
	else
		echo "fetch-echarts: npm is required to fetch echarts@$ECHARTS_VERSION; install npm (Debian: apt-get install npm) and rerun" >&2
		exit 1
	fi
fi
for tool in node tar sha256sum; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "fetch-echarts: $tool is required but not installed" >&2
		exit 1
	fi
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "fetch-echarts: fetching echarts@$ECHARTS_VERSION" >&2
npm pack "echarts@$ECHARTS_VERSION" --pack-destination "$tmp" --loglevel=warn >/dev/null
tarball="$tmp/echarts-$ECHARTS_VERSION.tgz"
if [[ ! -f "$tarball" ]]; then
	echo "fetch-echarts: npm pack did not produce $tarball" >&2
	exit 1
fi

# node comes with npm, so the check needs no other tool (openssl is not on every new machine).
integrity="sha512-$(node -e 'const fs = require("fs"), crypto = require("crypto");
process.stdout.write(crypto.createHash("sha512").update(fs.readFileSync(process.argv[1])).digest("base64"))' "$tarball")"
if [[ "$integrity" != "$TARBALL_INTEGRITY" ]]; then
	echo "fetch-echarts: integrity mismatch for echarts-$ECHARTS_VERSION.tgz" >&2
	echo "  want $TARBALL_INTEGRITY" >&2
	echo "  got  $integrity" >&2
	exit 1
fi

tar -xzf "$tarball" -C "$tmp" package/dist/echarts.min.js package/LICENSE package/NOTICE
got="$(sha256_of "$tmp/package/dist/echarts.min.js")"
if [[ "$got" != "$SCRIPT_SHA256" ]]; then
	echo "fetch-echarts: sha256 mismatch for dist/echarts.min.js: want $SCRIPT_SHA256, got $got" >&2
	exit 1
fi

mkdir -p "$assets"
# Copy next to the target and rename, so an interrupted run never leaves a truncated script behind.
install -m 0644 "$tmp/package/LICENSE" "$license.tmp" && mv -f "$license.tmp" "$license"
install -m 0644 "$tmp/package/NOTICE" "$notice.tmp" && mv -f "$notice.tmp" "$notice"
install -m 0644 "$tmp/package/dist/echarts.min.js" "$script.tmp" && mv -f "$script.tmp" "$script"
echo "fetch-echarts: wrote ${script#"$repo_root"/} (sha256 $SCRIPT_SHA256)" >&2
