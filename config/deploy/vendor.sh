#!/usr/bin/env bash
# Vendored front-end packages: fetched from the npm registry with the machine's npm (never a CDN),
# pinned to one version and checked against the integrity hash the registry published for it.
#
#   bash config/deploy/vendor.sh          re-fetch and re-write platform_core/static/vendor/
#   bash config/deploy/vendor.sh --check  re-fetch and fail if the committed files differ
#
# To upgrade: change VERSION and INTEGRITY (from `npm view @wangeditor/editor@X dist.integrity`),
# run this script, read the changelog, run the editor's browser test, commit. The same for
# ECharts (ECHARTS_VERSION, ECHARTS_INTEGRITY from `npm view echarts@X dist.integrity`).
set -euo pipefail

PACKAGE="@wangeditor/editor"
VERSION="5.1.23"
INTEGRITY="sha512-0RxfeVTuK1tktUaPROnCoFfaHVJpRAIE2zdS0mpP+vq1axVQpLjM8+fCvKzqYIkH0Pg+C+44hJpe3VVroSkEuQ=="
# package file -> vendored file (the UMD bundle carries its dependencies; no source map is kept,
# so the static manifest has no reference to a missing .map file)
FILES=("dist/index.js:index.js" "dist/css/style.css:css/style.css" "LICENSE:LICENSE")

# Apache ECharts: the charts of the back office (信息统计, supervision, statistics). The minified
# bundle has no source-map reference; NOTICE comes with the Apache licence.
ECHARTS_PACKAGE="echarts"
ECHARTS_VERSION="6.1.0"
ECHARTS_INTEGRITY="sha512-q0yaFPggC9FUdsWH4blavRWFmxdrIodbkoKNAjJudAI6CA9gNPxHtV2RcZNEepZVlk4yvBYkOkbk6HIVpIyHZA=="
ECHARTS_FILES=("dist/echarts.min.js:echarts.min.js" "LICENSE:LICENSE" "NOTICE:NOTICE")

# bpmn-js: the graphical route designer (BPMN 2.0 modeler) and the case-position viewer. Its
# licence asks that the bpmn.io watermark stays visible: the pages never hide it.
BPMN_PACKAGE="bpmn-js"
BPMN_VERSION="18.31.1"
BPMN_INTEGRITY="sha512-Hc7LzrgwfcBRUAdI/380Q2v1MJ115atGEVGadawLfDbHdo+r+IkmNj8fuYPFmWglUYt1KYIaC46OeX16HGTKQw=="
BPMN_FILES=(
    "dist/bpmn-modeler.production.min.js:bpmn-modeler.production.min.js"
    "dist/bpmn-navigated-viewer.production.min.js:bpmn-navigated-viewer.production.min.js"
    "dist/assets/diagram-js.css:assets/diagram-js.css"
    "dist/assets/bpmn-js.css:assets/bpmn-js.css"
    "dist/assets/bpmn-font/css/bpmn.css:assets/bpmn-font/css/bpmn.css"
    "dist/assets/bpmn-font/font/bpmn.eot:assets/bpmn-font/font/bpmn.eot"
    "dist/assets/bpmn-font/font/bpmn.svg:assets/bpmn-font/font/bpmn.svg"
    "dist/assets/bpmn-font/font/bpmn.ttf:assets/bpmn-font/font/bpmn.ttf"
    "dist/assets/bpmn-font/font/bpmn.woff:assets/bpmn-font/font/bpmn.woff"
    "dist/assets/bpmn-font/font/bpmn.woff2:assets/bpmn-font/font/bpmn.woff2"
    "LICENSE:LICENSE"
)

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
MODE="${1:-write}"

command -v npm >/dev/null || { echo "vendor: npm is needed (apt-get install npm)" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# vendor PACKAGE VERSION INTEGRITY DEST FILE...
vendor() {
    local package="$1" version="$2" integrity="$3" dest="$4"
    shift 4
    local dir="$WORK/$(echo "$package" | tr '/@' '__')"
    mkdir -p "$dir"
    (
        cd "$dir"
        tarball="$(npm pack --silent "$package@$version")"
        actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
        if [ "$actual" != "$integrity" ]; then
            echo "vendor: $package@$version integrity mismatch: got $actual" >&2
            exit 1
        fi
        tar xzf "$tarball"
        grep -q "\"version\": \"$version\"" package/package.json \
            || { echo "vendor: package.json is not version $version" >&2; exit 1; }

        OUT="$dir/out"
        for pair in "$@"; do
            src="${pair%%:*}"; dst="${pair#*:}"
            mkdir -p "$OUT/$(dirname "$dst")"
            cp "package/$src" "$OUT/$dst"
        done
        printf '%s@%s\n%s\n' "$package" "$version" "$integrity" > "$OUT/VERSION"
        (cd "$OUT" && find . -type f ! -name SHA256SUMS | sort | xargs sha256sum > SHA256SUMS)

        if [ "$MODE" = "--check" ]; then
            if diff -r "$OUT" "$dest" >/dev/null; then
                echo "vendor: $dest matches $package@$version"
            else
                echo "vendor: $dest differs from $package@$version (run config/deploy/vendor.sh)" >&2
                diff -rq "$OUT" "$dest" >&2 || true
                exit 1
            fi
        else
            rm -rf "$dest"
            mkdir -p "$(dirname "$dest")"
            cp -r "$OUT" "$dest"
            echo "vendor: wrote $package@$version to $dest"
        fi
    )
}

vendor "$PACKAGE" "$VERSION" "$INTEGRITY" "$ROOT/platform_core/static/vendor/wangeditor" "${FILES[@]}"
vendor "$ECHARTS_PACKAGE" "$ECHARTS_VERSION" "$ECHARTS_INTEGRITY" \
    "$ROOT/platform_core/static/vendor/echarts" "${ECHARTS_FILES[@]}"
vendor "$BPMN_PACKAGE" "$BPMN_VERSION" "$BPMN_INTEGRITY" \
    "$ROOT/platform_core/static/vendor/bpmn-js" "${BPMN_FILES[@]}"
