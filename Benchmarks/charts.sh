#!/usr/bin/env bash
# Chart benchmark (issue 5, item 8): every chart of every French territory's dashboard, rendered
# by ObservatoryCharts (chart-bench), and the same chart specs drawn by matplotlib and by
# Vega-Lite through vl-convert, in the same run. Target: at least 100× matplotlib.
#
#   1. builds release chart-bench and (without $1) observatory;
#   2. makes the national site (all of France): fetch from a mirror into a cache, then
#      `observatory refresh --offline --all --format json,svg,html,csv,charts` (not timed) — or
#      takes an existing site folder as $1, exported with the `charts` format;
#   3. chart-bench on ALL the site's charts (charts/s);
#   4. chart-bench, matplotlib and vl-convert on the SAME sample, the first N charts in the same
#      order (files sorted by path; per page: sparklines, section charts, peer table), so the three
#      draw identical inputs; prints each figure and the ratios.
#
# usage: Benchmarks/charts.sh [SITE_DIR]
#   env: CHART_SAMPLE (default 600), MIRROR (default http://127.0.0.1:8765/, else a mirror of
#        ../shared/data is served here), KEEP_SVG=DIR (also writes each renderer's SVGs of the
#        sample under DIR/{swift,matplotlib,vegalite}, not timed).
set -euo pipefail
cd "$(dirname "$0")/.."
sample=${CHART_SAMPLE:-600}
scratch=${SCRATCH_PATH:-.build-chartbench}
work=$(mktemp -d /tmp/observatory-chart-bench.XXXXXX)
trap 'kill "${server:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

venv=/tmp/observatory-bench-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import matplotlib' 2>/dev/null || "$venv/bin/pip" install -q matplotlib
"$venv/bin/python" -c 'import vl_convert' 2>/dev/null || "$venv/bin/pip" install -q vl-convert-python

if [ $# -ge 1 ]; then echo "building (release) chart-bench…"; else echo "building (release) chart-bench and observatory…"; fi
swift build -c release --scratch-path "$scratch" --product chart-bench >/dev/null
[ $# -ge 1 ] || swift build -c release --scratch-path "$scratch" --product observatory >/dev/null
bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)

if [ $# -ge 1 ]; then
    site=$1
else
    mirror=${MIRROR:-http://127.0.0.1:8765/}
    if ! curl -fsS -o /dev/null "$mirror"; then
        scripts/make-mirror "$work/mirror" >/dev/null
        port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        (cd "$work/mirror" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
        server=$!
        sleep 1
        mirror="http://127.0.0.1:$port/"
    fi
    cache=${CHART_CACHE:-$work/cache}
    site=$work/site
    echo "fetching from $mirror into $cache, then refresh --offline --all (not timed)…"
    "$bin/observatory" fetch --cache "$cache" --mirror "$mirror" >"$work/fetch.log" 2>&1 || { tail -20 "$work/fetch.log"; echo "fetch reported failures (continuing with what was fetched)"; }
    /usr/bin/time -f "%e" -o "$work/refresh.time" "$bin/observatory" refresh --offline --all --format json,svg,html,csv,charts --cache "$cache" --out "$site" >"$work/refresh.log" 2>&1 \
        || { tail -30 "$work/refresh.log"; exit 1; }
    echo "site built in $(cat "$work/refresh.time") s: $(find "$site/charts" -name '*.json' | wc -l) pages"
fi
[ -d "$site/charts" ] || { echo "charts.sh: $site has no charts/ folder: export it with --format json,svg,html,csv,charts" >&2; exit 2; }

rate() { sed -n 's/.* — \([0-9.]*\) charts\/s.*/\1/p' "$1" | head -1; }
keep=${KEEP_SVG:-}

echo
echo "== all charts of the site =="
"$bin/chart-bench" "$site" | tee "$work/all.out"

echo
echo "== the same first $sample charts, three renderers =="
"$bin/chart-bench" "$site" --limit "$sample" ${keep:+--out "$keep/swift"} | tee "$work/swift.out"
"$venv/bin/python" Benchmarks/reference/charts_matplotlib.py "$site" --limit "$sample" ${keep:+--out "$keep/matplotlib"} | tee "$work/mpl.out"
"$venv/bin/python" Benchmarks/reference/charts_vegalite.py "$site" --limit "$sample" ${keep:+--out "$keep/vegalite"} | tee "$work/vl.out"

all=$(rate "$work/all.out"); swift=$(rate "$work/swift.out"); mpl=$(rate "$work/mpl.out"); vl=$(rate "$work/vl.out")
echo
python3 - "$all" "$swift" "$mpl" "$vl" "$sample" <<'PY'
import sys
all_, swift, mpl, vl, n = map(float, sys.argv[1:])
print(f"summary: swift-charts, whole site: {all_:.0f} charts/s")
print(f"         first {n:.0f} charts: swift-charts {swift:.0f} charts/s, matplotlib {mpl:.1f} charts/s, vega-lite (vl-convert) {vl:.1f} charts/s")
print(f"         swift / matplotlib = {swift / mpl:.0f}x (target >= 100x: {'met' if swift / mpl >= 100 else 'NOT met'}); "
      f"swift / vega-lite = {swift / vl:.0f}x")
PY
