#!/usr/bin/env bash
# Indicator benchmark (issue 4): every indicator of the library × every French territory (ZE,
# bassins BMO, départements, régions, France, custom basins) × its periods, on the data of
# ../shared/data ingested from a mirror — wall time and peak memory of `observatory compute --all`,
# against DuckDB running the same aggregations as SQL (sum of each measure read by the
# indicators, per territory of each geography through the membership table, per period and
# per breakdown dimension) over the same observations, exported once from the store, in the same run.
#
# usage: Benchmarks/indicators.sh            (installs duckdb from PyPI into a venv under /tmp)
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in bc sqlite3 nginx curl; do command -v "$tool" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null; }; done
work=$(mktemp -d /tmp/observatory-indicator-bench.XXXXXX)
chmod 755 "$work"
trap 'kill "${server:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
venv=/tmp/observatory-bench-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import duckdb' 2>/dev/null || "$venv/bin/pip" install -q duckdb

swift build -c release --product observatory >/dev/null 2>&1
bin=$(swift build -c release --show-bin-path)/observatory
scripts/make-mirror "$work/mirror" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$work/mirror" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
server=$!
sleep 1
"$bin" fetch --cache "$work/cache" --mirror "http://127.0.0.1:$port/" >/dev/null 2>&1 || true
"$bin" ingest --cache "$work/cache" >/dev/null 2>&1 || true

/usr/bin/time -f "%e %M" -o "$work/time" "$bin" compute --cache "$work/cache" --all --format csv > "$work/values.csv"
read -r ours ours_kb < "$work/time"
lines=$(($(wc -l < "$work/values.csv") - 1))

# The observations and memberships, exported once (not timed), for DuckDB.
db="$work/cache/observatory.sqlite"
sqlite3 -csv -header "$db" "
  SELECT dv.dataset, m.name AS measure, t.geography, t.code, p.label AS period, ds.canonical AS dims, o.value, o.status
  FROM observation o JOIN dataset_vintage dv ON dv.id = o.vintage_id JOIN measure m ON m.id = o.measure_id
  JOIN territory t ON t.id = o.territory_id JOIN period p ON p.id = o.period_id JOIN dimension_set ds ON ds.id = o.dimension_set_id
  WHERE dv.dataset IN ('bmo','urssaf-ze','chomage-ze','tension-rome-bassin','dares-tensions','urssaf-commune-ape','defm-communes','defm-epci','inserjeunes')" > "$work/observations.csv"
sqlite3 -csv -header "$db" "
  SELECT DISTINCT m.geography AS member_geography, m.code AS member_code, p.geography AS parent_geography, p.code AS parent_code
  FROM membership ms JOIN territory m ON m.id = ms.member_id JOIN territory p ON p.id = ms.parent_id" > "$work/memberships.csv"
rows=$(($(wc -l < "$work/observations.csv") - 1))
# The floor the issue names: one SQLite GROUP BY pass over every observation of the store.
/usr/bin/time -f "%e" -o "$work/time3" sqlite3 "$db" \
  "SELECT count(*) FROM (SELECT vintage_id, measure_id, territory_id, period_id, sum(value), count(*) FROM observation GROUP BY 1, 2, 3, 4)" > /dev/null
read -r sqlite_pass < "$work/time3"

cat > "$work/duck.py" <<PY
import duckdb, time
con = duckdb.connect()
con.execute("""CREATE TABLE obs AS SELECT * FROM read_csv('$work/observations.csv', header=true, delim=',', quote='"', escape='"',
  types={'dataset': 'VARCHAR', 'measure': 'VARCHAR', 'geography': 'VARCHAR', 'code': 'VARCHAR', 'period': 'VARCHAR',
         'dims': 'VARCHAR', 'value': 'DOUBLE', 'status': 'INTEGER'})""")
con.execute("""CREATE TABLE mem AS SELECT * FROM read_csv('$work/memberships.csv', header=true, delim=',', quote='"', escape='"', all_varchar=true)""")
start = time.time()
# Each measure at its own geography, then every coarser territory through memberships, France,
# per period; plus the breakdowns the indicators read (métier, secteur, ROME, FAP).
con.execute("""
CREATE TABLE native AS SELECT dataset, measure, geography, code, period,
  sum(value) AS present, count(*) FILTER (WHERE status = 1) AS masked FROM obs GROUP BY ALL""")
con.execute("""
CREATE TABLE up AS SELECT n.dataset, n.measure, m.parent_geography AS geography, m.parent_code AS code, n.period,
  sum(n.present) AS present, sum(n.masked) AS masked
FROM native n JOIN mem m ON m.member_geography = n.geography AND m.member_code = n.code GROUP BY ALL""")
con.execute("""
CREATE TABLE france AS SELECT dataset, measure, period, sum(present) AS present, sum(masked) AS masked FROM native GROUP BY ALL""")
con.execute("""
CREATE TABLE breakdown AS SELECT o.dataset, o.measure, m.parent_geography, m.parent_code, o.period,
  regexp_extract(o.dims, '(metier|secteur_na17|secteur_na38|rome|fap)=([^&]*)', 2) AS code, sum(o.value) AS present
FROM obs o JOIN mem m ON m.member_geography = o.geography AND m.member_code = o.code
WHERE o.dims SIMILAR TO '.*(metier|secteur_na17|secteur_na38|rome|fap)=.*' GROUP BY ALL""")
con.execute("""
CREATE TABLE shares AS SELECT *, present / sum(present) OVER (PARTITION BY dataset, measure, parent_geography, parent_code, period) AS share
FROM breakdown""")
elapsed = time.time() - start
n = sum(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ["native", "up", "france", "shares"])
print(f"{elapsed:.3f} {n}")
PY
/usr/bin/time -f "%e %M" -o "$work/time2" "$venv/bin/python" "$work/duck.py" > "$work/duck.out"
read -r duck_sql duck_rows < "$work/duck.out"
read -r duck_total duck_kb < "$work/time2"
printf 'observations in the store: %s; indicator values written: %s\n' "$rows" "$lines"
printf '  observatory compute --all (load, assemble, evaluate, CSV): %7.2f s, peak %5.0f MB\n' "$ours" "$(echo "$ours_kb / 1024" | bc -l)"
printf '  duckdb SQL aggregations (%s result rows):                %7.2f s (%.2f s with loading), peak %5.0f MB\n' "$duck_rows" "$duck_sql" "$duck_total" "$(echo "$duck_kb / 1024" | bc -l)"
printf '  one sqlite3 GROUP BY pass over every observation:        %7.2f s\n' "$sqlite_pass"
printf '  ratio observatory / duckdb (SQL only): %.2fx (target <= 1.5x)\n' "$(echo "$ours / $duck_sql" | bc -l)"
printf '  ratio observatory / sqlite GROUP BY pass: %.2fx (target <= 3x)\n' "$(echo "$ours / $sqlite_pass" | bc -l)"
printf '  peak memory of compute --all: %.0f MB (target < 400 MB)\n' "$(echo "$ours_kb / 1024" | bc -l)"
