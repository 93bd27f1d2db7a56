#!/usr/bin/env bash
# Map benchmark (issue 15): the région's maps — the territories' shapes dissolved from the IGN
# communes (GEOS), simplified without gaps (coverage simplification), then every map of the site
# drawn (a locator per page, the région's and the filière's choropleths) — by `observatory
# export`, against a reference in Python doing less of the same work in the same run (shapely
# unions of départements, bassins and zones, each simplified alone, and matplotlib drawing 4
# choropleths and 55 locators without labels or legends: Benchmarks/reference/maps_shapely.py).
# Target: the maps of the whole région site drawn in under 1 s.
#
#   1. builds release observatory;
#   2. a store: the cache given as $1, else fetched from a mirror of ../shared/data and ingested
#      and computed by `observatory refresh --no-export` (not timed);
#   3. `observatory export` with Cache/maps removed (shapes built), then again (shapes from the
#      cache), each printing the shapes' time and the drawing time;
#   4. the Python reference; prints the times and the ratios.
#
# usage: Benchmarks/maps.sh [CACHE_DIR]    (installs shapely, pyproj, openpyxl and matplotlib into a venv under /tmp)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/observatory-maps-bench.XXXXXX)
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

venv=/tmp/observatory-bench-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import shapely, pyproj, openpyxl, matplotlib, numpy' 2>/dev/null \
    || "$venv/bin/pip" install -q shapely pyproj openpyxl matplotlib numpy

echo "building observatory (release)…"
swift build -c release --product observatory >"$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
bin=$(swift build -c release --show-bin-path)/observatory

if [ $# -ge 1 ]; then
    cache=$1
else
    cache=$work/cache
    scripts/make-mirror "$work/mirror" >/dev/null
    port=$((20000 + RANDOM % 20000))
    (cd "$work/mirror" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
    server=$!
    sleep 1
    echo "making a store (refresh --no-export, not timed)…"
    "$bin" refresh --cache "$cache" --mirror "http://127.0.0.1:$port/" --no-export >"$work/refresh.log" 2>&1 \
        || { tail -20 "$work/refresh.log"; exit 1; }
fi

run_export() {
    "$bin" export --cache "$cache" --out "$work/site" >"$work/export.out" 2>"$work/export.err"
    shapes=$(sed -n 's/.*maps: shapes .* in \([0-9.]*\) s.*/\1/p' "$work/export.err" | tail -1)
    drawn=$(sed -n 's/.*maps drawn in \([0-9.]*\) s.*/\1/p' "$work/export.out" | tail -1)
    count=$(sed -n 's/.*charts, \([0-9]*\) maps.*/\1/p' "$work/export.out" | tail -1)
}
rm -rf "$cache/maps"
run_export; cold_shapes=$shapes; cold_drawn=$drawn
run_export; warm_shapes=$shapes; warm_drawn=$drawn
mkdir -p "$work/python"
reference=$("$venv/bin/python" Benchmarks/reference/maps_shapely.py ../shared/data Indicators/communes/successions.csv "$work/python")
py_shapes=$(echo "$reference" | sed -n 's/shapes \([0-9.]*\) s.*/\1/p')
py_drawn=$(echo "$reference" | sed -n 's/.*drawing \([0-9.]*\) s.*/\1/p')

echo
echo "observatory: $count maps (locators and choropleths, labels, legends)"
echo "  shapes built from the boundaries      ${cold_shapes} s  (6 départements, 22 bassins, 19 zones, EPCIs, 5 GPECT basins, France's régions; two detail levels)"
echo "  shapes read back from Cache/maps      ${warm_shapes} s"
echo "  drawing every map (CPU, all threads)  ${cold_drawn} s / ${warm_drawn} s"
echo "python (shapely + matplotlib), 59 maps without labels or legends"
echo "  shapes                                ${py_shapes} s  (départements, bassins, zones)"
echo "  drawing                               ${py_drawn} s"
awk -v os="$cold_shapes" -v od="$cold_drawn" -v ws="$warm_shapes" -v wd="$warm_drawn" -v ps="$py_shapes" -v pd="$py_drawn" 'BEGIN {
    printf "ratios: shapes %.1f× faster than python; drawing %.0f× faster; whole maps of the site %.1f× (cold), %.0f× (cached shapes)\n",
        ps / os, pd / (od > 0 ? od : 0.001), (ps + pd) / (os + od), (ps + pd) / (ws + wd)
    printf "target: the région site'\''s maps in under 1 s — %s (cold: %.2f s, cached: %.2f s)\n",
        (os + od < 1 ? "met" : (ws + wd < 1 ? "met with cached shapes only" : "missed")), os + od, ws + wd
}'
