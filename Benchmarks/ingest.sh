#!/usr/bin/env bash
# Ingest benchmark (issue 3): a 2-million-row CSV in the DARES jobseekers layout (commune × quarter
# × category × sex × age, UTF-8 BOM, CRLF, ';'), ingested by `observatory ingest` (typed, masked
# cells kept, into SQLite), against `sqlite3 .import` of the same file and DuckDB's read_csv into a
# table, in the same run. Prints wall time, rows/s and peak memory of each.
#
# usage: Benchmarks/ingest.sh [ROWS]     (installs duckdb from PyPI into a venv under /tmp)
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in bc sqlite3 nginx curl; do command -v "$tool" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null; }; done
rows=${1:-2000000}
work=$(mktemp -d /tmp/observatory-ingest-bench.XXXXXX)
trap 'kill "${server:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

command -v sqlite3 >/dev/null || { apt-get install -y -qq sqlite3 >/dev/null; }
venv=/tmp/observatory-bench-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import duckdb' 2>/dev/null || "$venv/bin/pip" install -q duckdb

swift build -c release --product observatory >/dev/null 2>&1
bin=$(swift build -c release --show-bin-path)/observatory

echo "generating $rows rows…"
mkdir -p "$work/mirror/defm-bench" "$work/project/Indicators/datasets"
python3 - "$work/mirror/defm-bench/defm-bench.csv" "$rows" <<'PY'
import random, sys
path, wanted = sys.argv[1], int(sys.argv[2])
random.seed(7)
quarters = [f"{y}-T{q}" for y in range(2015, 2025) for q in (1, 2, 3, 4)][:20]
categories = ["A", "B", "C", "ABC", "D"]
breakdowns = [("Total", "Total"), ("Femmes", "Total"), ("Hommes", "Total"), ("Total", "Moins de 25 ans"),
              ("Total", "De 25 à 49 ans"), ("Total", "50 ans et plus")]
per_commune = len(quarters) * len(categories) * len(breakdowns)
communes = (wanted + per_commune - 1) // per_commune
written = 0
with open(path, "w", encoding="utf-8-sig", newline="") as f:
    f.write("Date;Code région;Région;Code département;Département;Code commune;Commune;Type de données;Catégorie;Sexe;Tranche d'âge;Nombre de demandeurs d'emploi\r\n")
    for c in range(communes):
        dep = 1 + c % 95
        code = f"{dep:02d}{c // 95 + 1:03d}"
        for quarter in quarters:
            for category in categories:
                for sex, age in breakdowns:
                    if written == wanted:
                        break
                    value = 5 * random.randrange(0, 400)
                    f.write(f"{quarter};24;Centre-Val de Loire;{dep:02d};Département {dep};{code};Commune {code};Brutes;{category};{sex};{age};{value}\r\n")
                    written += 1
PY
cat > "$work/project/Indicators/datasets/defm-bench.yaml" <<'YAML'
id: defm-bench
title: Benchmark — DARES jobseekers layout
publisher: generated
licence: none
landing_page: https://example.invalid/
files:
  - name: defm-bench.csv
    vintage: bench
    format: csv
    url: https://example.invalid/defm-bench.csv
ingest:
  kind: observations
  territory: {column: Code commune, geography: commune, pad: 5, name: Commune}
  period: {column: Date}
  dimensions:
    categorie: Catégorie
    sexe: Sexe
    age: Tranche d'âge
  measures:
    defm: Nombre de demandeurs d'emploi
YAML
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$work/mirror" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
server=$!
sleep 1
"$bin" fetch --project "$work/project" --cache "$work/cache" --mirror "http://127.0.0.1:$port/" >/dev/null
csv="$work/mirror/defm-bench/defm-bench.csv"
size=$(du -m "$csv" | cut -f1)

measure() { # label, command…  → prints seconds and peak KB
    local label=$1; shift
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
    read -r seconds kb < "$work/time"
    printf '  %-44s %7.2f s  %10.0f rows/s  peak %6.0f MB\n' "$label" "$seconds" "$(echo "$rows / $seconds" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
    echo "$seconds" > "$work/last"
}

echo "$rows rows, ${size} MB"
measure "observatory ingest (typed, into SQLite)" "$bin" ingest --project "$work/project" --cache "$work/cache" defm-bench
ours=$(cat "$work/last")
measure "sqlite3 .import (text columns)" sqlite3 "$work/import.sqlite" -cmd ".mode csv" -cmd ".separator ;" ".import $csv t"
sqlite=$(cat "$work/last")
measure "duckdb read_csv into a table" "$venv/bin/python" -c "import duckdb; duckdb.connect('$work/duck.db').execute(\"CREATE TABLE t AS SELECT * FROM read_csv('$csv', delim=';', header=true)\")"
duck=$(cat "$work/last")
printf 'ratio sqlite3 .import / observatory: %.2fx (target > 1: faster than sqlite3)\n' "$(echo "$sqlite / $ours" | bc -l)"
printf 'ratio duckdb / observatory:          %.2fx\n' "$(echo "$duck / $ours" | bc -l)"
"$bin" status --project "$work/project" --cache "$work/cache" | grep -E "vintage|ingested" | head -3
