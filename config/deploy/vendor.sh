#!/usr/bin/env bash
# Vendored front-end packages: fetched from the npm registry with the machine's npm (never a CDN),
# pinned to one version and checked against the integrity hash the registry published for it.
#
#   bash config/deploy/vendor.sh          re-fetch and re-write platform_core/static/vendor/
#   bash config/deploy/vendor.sh --check  re-fetch and fail if the committed files differ
#
# To upgrade: change VERSION and INTEGRITY (from `npm view @wangeditor/editor@X dist.integrity`),
# run this script, read the changelog, run the editor's browser test, commit.
set -euo pipefail

PACKAGE="@wangeditor/editor"
VERSION="5.1.23"
INTEGRITY="sha512-0RxfeVTuK1tktUaPROnCoFfaHVJpRAIE2zdS0mpP+vq1axVQpLjM8+fCvKzqYIkH0Pg+C+44hJpe3VVroSkEuQ=="
# package file -> vendored file (the UMD bundle carries its dependencies; no source map is kept,
# so the static manifest has no reference to a missing .map file)
FILES=("dist/index.js:index.js" "dist/css/style.css:css/style.css" "LICENSE:LICENSE")

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DEST="$ROOT/platform_core/static/vendor/wangeditor"
MODE="${1:-write}"

command -v npm >/dev/null || { echo "vendor: npm is needed (apt-get install npm)" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cd "$WORK"
tarball="$(npm pack --silent "$PACKAGE@$VERSION")"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$INTEGRITY" ]; then
    echo "vendor: $PACKAGE@$VERSION integrity mismatch: got $actual" >&2
    exit 1
fi
tar xzf "$tarball"
grep -q "\"version\": \"$VERSION\"" package/package.json \
    || { echo "vendor: package.json is not version $VERSION" >&2; exit 1; }

OUT="$WORK/out"
for pair in "${FILES[@]}"; do
    src="${pair%%:*}"; dst="${pair#*:}"
    mkdir -p "$OUT/$(dirname "$dst")"
    cp "package/$src" "$OUT/$dst"
done
printf '%s@%s\n%s\n' "$PACKAGE" "$VERSION" "$INTEGRITY" > "$OUT/VERSION"
(cd "$OUT" && find . -type f ! -name SHA256SUMS | sort | xargs sha256sum > SHA256SUMS)

if [ "$MODE" = "--check" ]; then
    if diff -r "$OUT" "$DEST" >/dev/null; then
        echo "vendor: $DEST matches $PACKAGE@$VERSION"
    else
        echo "vendor: $DEST differs from $PACKAGE@$VERSION (run config/deploy/vendor.sh)" >&2
        diff -rq "$OUT" "$DEST" >&2 || true
        exit 1
    fi
else
    rm -rf "$DEST"
    mkdir -p "$(dirname "$DEST")"
    cp -r "$OUT" "$DEST"
    echo "vendor: wrote $PACKAGE@$VERSION to $DEST"
fi
