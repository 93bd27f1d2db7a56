#!/usr/bin/env bash
# Fetch benchmark (issue 2): 24 files of 5 MB from a local nginx, `observatory fetch` against
# `curl --parallel --parallel-immediate` on the same files in the same run; then the time and the
# body bytes of a no-change fetch of the whole catalogue from a mirror of ../shared/data; and a
# no-op refresh of the région against that mirror (every file answering 304).
#
# usage: Benchmarks/fetch.sh [REPEATS]        (needs nginx, curl, python3; builds in release)
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in bc sqlite3 nginx curl; do command -v "$tool" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null; }; done
repeats=${1:-5}
parallel=${PARALLEL:-8}
work=$(mktemp -d /tmp/observatory-bench.XXXXXX)
chmod 755 "$work"   # nginx workers run as an unprivileged user
trap 'kill $(cat "$work/nginx.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT

swift build -c release --product observatory >/dev/null
bin=$(swift build -c release --show-bin-path)/observatory

# 24 text files of 5 MB each (CSV-like, so the format check passes), and a catalogue naming them.
mkdir -p "$work/mirror/bench" "$work/project/Indicators/datasets"
python3 - "$work" <<'PY'
import os, random, sys
work = sys.argv[1]
random.seed(42)
lines = ["name: file-%02d.csv\n    vintage: \"1\"\n    format: csv\n    url: https://example.invalid/file-%02d.csv" % (i, i) for i in range(24)]
with open(os.path.join(work, "project/Indicators/datasets/bench.yaml"), "w") as f:
    f.write("id: bench\ntitle: Benchmark\npublisher: local\nlicence: none\nlanding_page: https://example.invalid/\nfiles:\n")
    for line in lines:
        f.write("  - " + line + "\n")
for i in range(24):
    with open(os.path.join(work, "mirror/bench/file-%02d.csv" % i), "w") as f:
        size = 0
        while size < 5 * 1024 * 1024:
            row = "%d;%d;%d\n" % (random.randrange(10**9), random.randrange(10**6), i)
            f.write(row)
            size += len(row)
PY
scripts/make-mirror "$work/mirror" >/dev/null 2>&1 || echo "(../shared/data absent: the no-change catalogue fetch is skipped)"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<CONF
daemon on;
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 512; }
http {
  log_format bench '\$status \$body_bytes_sent \$request_uri';
  access_log $work/nginx/access.log bench;
  client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fcgi; uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  sendfile on; tcp_nopush on; keepalive_requests 1000;
  server { listen 127.0.0.1:$port; root $work/mirror; }
}
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log"
base="http://127.0.0.1:$port"
sleep 0.3

urls=()
for i in $(seq -w 0 23); do urls+=("$base/bench/file-$i.csv"); done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
now() { date +%s.%N; }

obs_times=(); curl_times=()
for r in $(seq "$repeats"); do
    rm -rf "$work/cache" "$work/curl"; mkdir -p "$work/curl"
    t0=$(now)
    "$bin" fetch --project "$work/project" --cache "$work/cache" --mirror "$base/" \
        --concurrency "$parallel" --per-host "$parallel" bench > "$work/fetch.log" 2>&1 || { cat "$work/fetch.log"; exit 1; }
    t1=$(now)
    (cd "$work/curl" && curl -s --parallel --parallel-immediate --parallel-max "$parallel" \
        $(for u in "${urls[@]}"; do printf -- '-o %s %s ' "$(basename "$u")" "$u"; done))
    t2=$(now)
    obs_times+=("$(echo "$t1 - $t0" | bc -l)"); curl_times+=("$(echo "$t2 - $t1" | bc -l)")
done
obs=$(printf '%s\n' "${obs_times[@]}" | median)
crl=$(printf '%s\n' "${curl_times[@]}" | median)
for f in "$work"/curl/*; do cmp -s "$f" "$work/cache/downloads/bench/$(basename "$f")" || { echo "MISMATCH $f"; exit 1; }; done
printf '24 files x 5 MB, %d in parallel, median of %d runs\n' "$parallel" "$repeats"
printf '  observatory fetch (sha256, fsync, atomic rename, manifest): %.3f s\n' "$obs"
printf '  curl --parallel --parallel-immediate:                        %.3f s\n' "$crl"
printf '  ratio observatory / curl: %.2fx (target <= 1.10x)\n' "$(echo "$obs / $crl" | bc -l)"

if [ -d "$work/mirror/bmo" ]; then
    "$bin" fetch --cache "$work/cat-cache" --mirror "$base/" >/dev/null 2>&1 || true
    before=$(wc -l < "$work/nginx/access.log")
    t0=$(now)
    "$bin" fetch --cache "$work/cat-cache" --mirror "$base/" >/dev/null 2>&1 || true
    t1=$(now)
    body=$(tail -n +"$((before + 1))" "$work/nginx/access.log" | awk '$1 == 304 || $1 == 200 {s += $2} END {print s + 0}')
    n304=$(tail -n +"$((before + 1))" "$work/nginx/access.log" | awk '$1 == 304' | wc -l)
    printf 'no-change fetch of the whole catalogue: %.3f s, %d answers 304, %d body bytes transferred\n' \
        "$(echo "$t1 - $t0" | bc -l)" "$n304" "$body"
fi

# The no-op refresh (issue 12): the région's site refreshed once, then again with nothing changed
# at the mirror (every file answers 304): fetch, ingest stamps, compute and export stamps.
if [ -d "$work/mirror/bmo" ]; then
    "$bin" refresh --cache "$work/cat-cache" --mirror "$base/" --out "$work/site" > "$work/refresh1.log" 2>&1 \
        || { tail -5 "$work/refresh1.log"; exit 1; }
    before=$(wc -l < "$work/nginx/access.log")
    times=()
    for r in 1 2 3; do
        t0=$(now)
        "$bin" refresh --cache "$work/cat-cache" --mirror "$base/" --out "$work/site" > "$work/refresh2.log" 2>&1
        t1=$(now)
        times+=("$(echo "$t1 - $t0" | bc -l)")
    done
    grep -q 'site up to date' "$work/refresh2.log" || { echo "the no-op refresh rewrote the site:"; cat "$work/refresh2.log"; exit 1; }
    n304=$(tail -n +"$((before + 1))" "$work/nginx/access.log" | awk '$1 == 304' | wc -l)
    n200=$(tail -n +"$((before + 1))" "$work/nginx/access.log" | awk '$1 == 200' | wc -l)
    printf 'no-op refresh of the région (mirror answering 304: %d answers 304, %d answers 200 over 3 runs): median %.3f s (target < 0.3 s)\n' \
        "$n304" "$n200" "$(printf '%s\n' "${times[@]}" | median)"
fi
