#!/usr/bin/env bash
# National refresh benchmark (issue 6): `observatory refresh --offline --all` from a warm download
# cache (the files of ../shared/data fetched from a mirror, no store yet: ingest + compute + export
# for every French territory), against a reference pipeline in Python (pandas + matplotlib,
# Benchmarks/reference/pipeline.py) reading the same downloaded files, aggregating them to the
# same territories and drawing each territory's charts, in the same run. Prints wall time and peak
# memory of each, their ratio, and the target: under 10 s, at least 10× faster than Python.
#
# usage: Benchmarks/refresh.sh     (installs pandas, openpyxl and matplotlib from PyPI into a venv under /tmp)
#        SWIFT_BUILD_FLAGS="--scratch-path DIR" Benchmarks/refresh.sh     (build somewhere else than .build)
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in bc curl; do command -v "$tool" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null; }; done
work=$(mktemp -d /tmp/observatory-refresh-bench.XXXXXX)
chmod 755 "$work"
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

venv=/tmp/observatory-bench-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import pandas, openpyxl, matplotlib' 2>/dev/null || "$venv/bin/pip" install -q pandas openpyxl matplotlib

echo "building observatory (release)…"
read -r -a build_flags <<< "${SWIFT_BUILD_FLAGS:-}"
swift build -c release "${build_flags[@]}" --product observatory >"$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
bin=$(swift build -c release "${build_flags[@]}" --show-bin-path)/observatory

# A mirror of ../shared/data, served on a free loopback port; the download cache warmed from it (not timed).
scripts/make-mirror "$work/mirror" >/dev/null
port=$("$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$work/mirror" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
server=$!
for _ in $(seq 50); do curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break; sleep 0.1; done
cache="$work/cache"
"$bin" fetch --cache "$cache" --mirror "http://127.0.0.1:$port/" >"$work/fetch.log" 2>&1 || true
downloads="$cache/downloads"
[ -d "$downloads" ] || { echo "no downloads in $cache after the fetch:"; tail -20 "$work/fetch.log"; exit 1; }
files=$(find "$downloads" -type f | wc -l)
size=$(du -sm "$downloads" | cut -f1)
kill "$server" 2>/dev/null || true
wait "$server" 2>/dev/null || true
server=""

# (a) observatory: a national refresh from the downloads alone (no store, no last values), offline.
rm -f "$cache"/observatory.sqlite* "$cache/last-values.json"
out_option=()
if "$bin" refresh --help 2>&1 | grep -q -- '--out'; then
    out_option=(--out "$work/site")
    export_note="ingest + compute + export to $work/site"
else
    export_note="ingest + compute; 'refresh --out' (the export stage) is not there yet: no pages or charts written"
fi
status=0
/usr/bin/time -f "%e %M" -o "$work/time-ours" "$bin" refresh --cache "$cache" --offline --all "${out_option[@]}" \
    >"$work/refresh.out" 2>"$work/refresh.err" || status=$?
read -r ours ours_kb < "$work/time-ours"

# (b) the reference pipeline in Python on the same downloaded files.
/usr/bin/time -f "%e %M" -o "$work/time-python" "$venv/bin/python" Benchmarks/reference/pipeline.py "$downloads" "$work/python-out" \
    >"$work/python.out" 2>"$work/python.err" || {
        tail -5 "$work/python.err"; echo "the downloads as the pipeline saw them:"
        find "$downloads" -type f -printf '%10s %p\n'; exit 1; }
read -r python python_kb < "$work/time-python"

echo
echo "national refresh from a warm download cache: $files files, $size MB in $downloads ($(nproc) cores)"
echo "observatory refresh --offline --all (exit $status): $export_note"
grep -E '^(Fetch|Ingest|Compute|Export)' "$work/refresh.out" | sed 's/^/  /' || true
[ "$status" -le 1 ] || { echo "  refresh failed:"; tail -20 "$work/refresh.err"; exit 1; }
if [ -d "$work/site" ]; then
    printf '  written: %s files, %s SVG charts\n' "$(find "$work/site" -type f | wc -l)" "$(find "$work/site" -name '*.svg' | wc -l)"
fi
echo "python reference pipeline (pandas $("$venv/bin/python" -c 'import pandas; print(pandas.__version__)'), matplotlib $("$venv/bin/python" -c 'import matplotlib; print(matplotlib.__version__)')):"
sed 's/^/  /' "$work/python.out"
printf '  written: %s files, %s SVG charts\n' "$(find "$work/python-out" -type f | wc -l)" "$(find "$work/python-out" -name '*.svg' | wc -l)"
echo
printf '  %-46s %7.2f s  peak %6.0f MB\n' "observatory refresh --offline --all" "$ours" "$(echo "$ours_kb / 1024" | bc -l)"
printf '  %-46s %7.2f s  peak %6.0f MB\n' "python pipeline.py (pandas + matplotlib)" "$python" "$(echo "$python_kb / 1024" | bc -l)"
ratio=$(echo "$python / $ours" | bc -l)
printf '  ratio python / observatory: %.1fx (target: observatory under 10 s and at least 10x faster)\n' "$ratio"
verdict=$(echo "$ours < 10 && $ratio >= 10" | bc -l)
[ "$verdict" = 1 ] && echo "  target met" || echo "  target NOT met"
