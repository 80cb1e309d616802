#!/usr/bin/env bash
# Load: wrk against yji's judgement save (JSON API) and case assessment page, beside /ping (no work at all) as the
# ceiling, on SQLite and on PostgreSQL. See BENCHMARKS.md for the figures and how they were taken.
#
#     bash Tests/load/run.sh [PATH-TO-YJI]       # default .build/release/yji (build it: swift build -c release)
#
# Environment: YJI_LOAD_SECONDS (per measurement, default 60), YJI_LOAD_CONNECTIONS (64), YJI_LOAD_THREADS (2),
# YJI_LOAD_BACKENDS ("sqlite postgres"). PostgreSQL uses YJI_TEST_POSTGRES_URL (a fresh schema in it) when set,
# else a temporary cluster of its own as root (installing the postgresql package if needed), else it is skipped.
# wrk is installed with apt-get when missing (as root). Everything runs on 127.0.0.1, bounded by the durations above.
# Each measurement prints a line "load: BACKEND TARGET: N req/s, p50 A ms, p99 B ms, E errors"; per backend a line
# "load: BACKEND: save X% of the ceiling (target >= 30%), p99 Y ms (target < 25 ms on SQLite), E errors (target 0)".
# Exits 1 on any error (a non-2xx answer, a connect/read/write error, a conflict) in any measurement, not on a missed
# target nor on requests wrk gave up on after 10 s (reported: a too-slow route, not a refusal); BENCHMARKS.md
# records the figures and the targets.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
SUITE=load
source "$repo/Tests/support.sh"
yji=$(yji_binary "${1:-.build/release/yji}")
cd "$repo"
seconds=${YJI_LOAD_SECONDS:-60}
connections=${YJI_LOAD_CONNECTIONS:-64}
threads=${YJI_LOAD_THREADS:-2}
backends=${YJI_LOAD_BACKENDS:-sqlite postgres}
export YJI_LOAD_THREADS=$threads

if ! command -v wrk > /dev/null; then
    [ "$(id -u)" -eq 0 ] || { echo "load: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq wrk > /dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk > /dev/null; }
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/yji-load.XXXXXX")
server=""
pgdir=""
pgbin=""
cleanup() {
    status=$?
    [ -n "$server" ] && { kill "$server" 2> /dev/null || true; wait "$server" 2> /dev/null || true; }
    if [ -n "$pgdir" ]; then
        runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdir/data" -m fast -w stop > /dev/null 2>&1 || true
        rm -rf "$pgdir"
    fi
    if [ "$status" -eq 0 ]; then rm -rf "$work"; else echo "load: FAILED; logs kept in $work"; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

postgres_url() {
    if [ -n "${YJI_TEST_POSTGRES_URL:-}" ]; then echo "$YJI_TEST_POSTGRES_URL"; return; fi
    [ "$(id -u)" -eq 0 ] || return 1
    pgbin=$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -1 || true)
    if [ -z "$pgbin" ]; then
        export DEBIAN_FRONTEND=noninteractive
        { apt-get update -qq && apt-get install -y -qq postgresql > /dev/null; } || return 1
        pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    fi
    pgdir=$(mktemp -d "${TMPDIR:-/tmp}/yji-load-pg.XXXXXX")
    local password="yji-load-$RANDOM$RANDOM" port
    echo "$password" > "$pgdir/pw"
    chmod 600 "$pgdir/pw"
    chown -R postgres:postgres "$pgdir"
    runuser -u postgres -- "$pgbin/initdb" -D "$pgdir/data" -U postgres --pwfile="$pgdir/pw" --auth-local=trust \
        --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 > "$pgdir/initdb.log" 2>&1
    port=$(free_port)
    runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $pgdir" -w start > /dev/null
    echo "postgres://postgres:$password@127.0.0.1:$port/postgres"
}

# One wrk run; prints its result line and appends "BACKEND TARGET key=value..." to $work/results.
measure() {
    local backend=$1 target=$2 base=$3 script=$4
    local out="$work/$backend-$target.txt"
    wrk -t "$threads" -c "$connections" -d "${seconds}s" --timeout 10s --latency -s "Tests/load/$script" "$base" > "$out" 2>&1 \
        || { cat "$out"; echo "load: wrk failed for $backend $target" >&2; return 1; }
    local result
    result=$(grep "^wrk-result:" "$out" | sed 's/^wrk-result: //')
    [ -n "$result" ] || { cat "$out"; echo "load: no result from wrk for $backend $target" >&2; return 1; }
    echo "$backend $target $result" >> "$work/results"
    python3 - "$backend" "$target" "$result" <<'PY'
import sys
backend, target, result = sys.argv[1], sys.argv[2], dict(kv.split("=") for kv in sys.argv[3].split())
errors = sum(int(result[k]) for k in ("non2xx", "connect", "read", "write", "conflicts", "every_pair_busy"))
late = int(result["timeout"])
print(f"load: {backend} {target}: {float(result['rps']):.0f} req/s, p50 {float(result['p50_ms']):.2f} ms, "
      f"p99 {float(result['p99_ms']):.2f} ms, {errors} errors" + (f", {late} over wrk's 10 s timeout" if late else "")
      + f" ({result['requests']} requests)", flush=True)
PY
}

: > "$work/results"
echo "load: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $yji; wrk -t$threads -c$connections -d${seconds}s"
for backend in $backends; do
    case "$backend" in
        sqlite) database="$work/load.sqlite" ;;
        postgres)
            if ! url=$(postgres_url); then echo "load: skipped PostgreSQL: no server (set YJI_TEST_POSTGRES_URL, or run as root)"; continue; fi
            database="$url$([[ "$url" == *\?* ]] && echo '&' || echo '?')schema=yji_load_$$_$(date +%s)" ;;
        *) echo "load: unknown backend $backend" >&2; exit 2 ;;
    esac
    mkdir -p "$work/$backend"
    inspection=$(python3 Tests/load/prepare.py store --yji "$yji" --database "$database" --work "$work/$backend" | tail -1)
    port=$(free_port)
    "$yji" serve --database "$database" --port "$port" > "$work/$backend/server.log" 2>&1 &
    server=$!
    wait_for_health "http://127.0.0.1:$port/health" "$server" 120
    base="http://127.0.0.1:$port"
    # Twice as many judgements as connections, so a thread always has one with no save in flight.
    python3 Tests/load/prepare.py session --yji "$yji" --base "$base" --inspection "$inspection" \
        --pairs $((connections * 2)) --out "$work/$backend/session" --work "$work/$backend"
    export YJI_LOAD_SESSION="$work/$backend/session"
    measure "$backend" ceiling "$base" ping.lua
    measure "$backend" save "$base" save.lua
    measure "$backend" page "$base" page.lua
    kill "$server"; wait "$server" 2> /dev/null || true; server=""
done

python3 - "$work/results" <<'PY'
import collections, sys
rows = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    backend, target, *fields = line.split()
    rows[backend][target] = dict(kv.split("=") for kv in fields)
failed = False
for backend, targets in rows.items():
    ceiling, save, page = (float(targets[t]["rps"]) for t in ("ceiling", "save", "page"))
    errors = sum(int(targets[t][k]) for t in targets for k in
                 ("non2xx", "connect", "read", "write", "conflicts", "every_pair_busy"))
    late = sum(int(targets[t]["timeout"]) for t in targets)
    p99 = float(targets["save"]["p99_ms"])
    print(f"load: {backend}: save {save:.0f} req/s = {100 * save / ceiling:.1f}% of the ceiling {ceiling:.0f} req/s "
          f"(target >= 30%), save p99 {p99:.1f} ms" + (" (target < 25 ms)" if backend == "sqlite" else "")
          + f"; page {page:.0f} req/s = {100 * page / ceiling:.2f}%; {errors} errors (target 0)"
          + (f"; {late} requests still unanswered after wrk's 10 s timeout" if late else ""))
    failed |= errors > 0
sys.exit(1 if failed else 0)
PY
