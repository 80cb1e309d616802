#!/usr/bin/env bash
# Fault tests: yji under HTTP load when its server is killed with SIGKILL (SQLite, PostgreSQL), when the disk holding
# its SQLite database fills up, and when its PostgreSQL server is stopped and started again. See Tests/faults/README.md.
#
#     bash Tests/faults/run.sh [PATH-TO-YJI]        # default .build/debug/yji; build it first
#
# Needs python3 (standard library only). The disk-full test mounts a small tmpfs, so it runs as root only
# (YJI_FAULTS_DISK=no skips it). For PostgreSQL it creates a temporary cluster of its own on a free port of
# 127.0.0.1 (installing the postgresql package with apt-get when it is missing and this runs as root); set
# YJI_FAULTS_POSTGRES=no to run the SQLite test only. When YJI_TEST_POSTGRES_URL is set, the PostgreSQL kill test
# uses that server instead (in a fresh schema, dropped afterwards); the restart test always uses its own cluster,
# since it stops and starts it. Everything it started is stopped on exit; on failure the logs are kept in a
# temporary folder, named at the end.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
SUITE=faults
source "$repo/Tests/support.sh"
yji=$(yji_binary "${1:-}")
cd "$repo"
started=$(date +%s)
say() { echo "faults: $* ($(( $(date +%s) - started ))s)"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/yji-faults.XXXXXX")
pgdir=""
pgbin=""
pg_running=false
pg_runas=""
disk=""
cleanup() {
    status=$?
    [ -n "$disk" ] && { umount "$disk" 2> /dev/null || true; }
    if [ "$pg_running" = true ]; then
        pg_ctl_as -D "$pgdir/data" -m fast -w stop > /dev/null 2>&1 || true
    fi
    [ -n "$pgdir" ] && rm -rf "$pgdir"
    if [ "$status" -eq 0 ]; then
        rm -rf "$work"
    else
        echo "faults: FAILED; logs kept in $work"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_ctl_as() {
    if [ -n "$pg_runas" ]; then runuser -u "$pg_runas" -- "$pgbin/pg_ctl" "$@"; else "$pgbin/pg_ctl" "$@"; fi
}

failed=0
summaries="$work/summaries.txt"
: > "$summaries"
# Runs one test, its output shown and kept; its summary lines collected for the end.
run_test() {
    local name=$1; shift
    local status=0
    say "$name"
    python3 "$@" 2>&1 | tee "$work/$name.txt" || status=$?
    grep -E "^(kill -9 under|postgres restart under|disk full under|two instances sharing)" "$work/$name.txt" >> "$summaries" || true
    if [ "$status" -ne 0 ]; then
        failed=$((failed + 1))
        echo "$name: FAILED (exit $status)" >> "$summaries"
    fi
}

run_test sqlite-kill Tests/faults/kill_under_load.py --yji "$yji" --backend sqlite --work "$work/sqlite-kill"

# Disk full: the SQLite database on a 16 MB tmpfs of its own (mounting needs root; otherwise say why it was skipped).
if [ "${YJI_FAULTS_DISK:-auto}" = no ]; then
    echo "faults: skipped the disk-full test: YJI_FAULTS_DISK=no" | tee -a "$summaries"
elif mkdir -p "$work/disk" && mount -t tmpfs -o size=16m,mode=0700 yji-faults-disk "$work/disk" 2> "$work/mount.txt"; then
    disk="$work/disk"
    run_test disk-full Tests/faults/disk_full.py --yji "$yji" --work "$work/disk-full" --disk "$disk"
    umount "$disk" && disk=""
else
    echo "faults: skipped the disk-full test: cannot mount a small tmpfs ($(head -1 "$work/mount.txt"))" | tee -a "$summaries"
fi

# PostgreSQL: a temporary cluster of our own, as .ci/run and /work/shared/CI-NOTES.md set one up.
skip_reason=""
if [ "${YJI_FAULTS_POSTGRES:-auto}" = no ]; then
    skip_reason="YJI_FAULTS_POSTGRES=no"
else
    pgbin=$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -1 || true)
    if [ -z "$pgbin" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get > /dev/null; then
        say "installing postgresql"
        export DEBIAN_FRONTEND=noninteractive
        { apt-get update -qq && apt-get install -y -qq postgresql > /dev/null; } || true
        pgbin=$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -1 || true)
    fi
    if [ -z "$pgbin" ]; then
        skip_reason="PostgreSQL is not installed (and could not be installed: needs root and apt-get)"
    fi
fi
own_url=""
if [ -z "$skip_reason" ]; then
    pgdir=$(mktemp -d "${TMPDIR:-/tmp}/yji-faults-pg.XXXXXX")
    pgpassword="yji-faults-$RANDOM$RANDOM"
    echo "$pgpassword" > "$pgdir/pw"
    chmod 600 "$pgdir/pw"
    # initdb refuses to run as root: the cluster then belongs to the postgres user.
    if [ "$(id -u)" -eq 0 ]; then
        pg_runas=postgres
        chown -R postgres:postgres "$pgdir"
    fi
    initdb_as=("$pgbin/initdb")
    [ -n "$pg_runas" ] && initdb_as=(runuser -u "$pg_runas" -- "$pgbin/initdb")
    "${initdb_as[@]}" -D "$pgdir/data" -U postgres --pwfile="$pgdir/pw" --auth-local=trust \
        --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 > "$pgdir/initdb.log" 2>&1 \
        || { cat "$pgdir/initdb.log"; exit 1; }
    pgport=$(free_port)
    pgopts="-c listen_addresses=127.0.0.1 -p $pgport -k $pgdir"
    pg_ctl_as -D "$pgdir/data" -l "$pgdir/log" -o "$pgopts" -w start > /dev/null \
        || { cat "$pgdir/log"; exit 1; }
    pg_running=true
    own_url="postgres://postgres:$pgpassword@127.0.0.1:$pgport/postgres"
    say "PostgreSQL $("$pgbin/postgres" --version | awk '{ print $3 }') running on 127.0.0.1:$pgport (data in $pgdir)"
fi

if [ -n "${YJI_TEST_POSTGRES_URL:-}" ]; then
    run_test postgres-kill Tests/faults/kill_under_load.py --yji "$yji" --backend postgres \
        --database "$YJI_TEST_POSTGRES_URL" --work "$work/postgres-kill" --drop-schema
    run_test shared-session Tests/faults/shared_session.py --yji "$yji" --database "$YJI_TEST_POSTGRES_URL" \
        --work "$work/shared-session" --drop-schema
elif [ -n "$own_url" ]; then
    run_test postgres-kill Tests/faults/kill_under_load.py --yji "$yji" --backend postgres \
        --database "$own_url" --work "$work/postgres-kill"
    run_test shared-session Tests/faults/shared_session.py --yji "$yji" --database "$own_url" --work "$work/shared-session"
else
    echo "faults: skipped PostgreSQL kill -9 and shared-session tests: $skip_reason, and YJI_TEST_POSTGRES_URL is not set" \
        | tee -a "$summaries"
fi

if [ -n "$own_url" ]; then
    export YJI_FAULTS_PG_URL="$own_url" YJI_FAULTS_PGBIN="$pgbin" YJI_FAULTS_PGDATA="$pgdir/data" \
        YJI_FAULTS_PGLOG="$pgdir/log" YJI_FAULTS_PGOPTS="$pgopts" YJI_FAULTS_PGRUNAS="$pg_runas"
    run_test postgres-restart Tests/faults/postgres_restart.py --yji "$yji" --work "$work/postgres-restart"
    # The restart test leaves PostgreSQL running; make sure it did.
    pg_ctl_as -D "$pgdir/data" status > /dev/null 2>&1 || pg_running=false
else
    echo "faults: skipped PostgreSQL restart test: $skip_reason" | tee -a "$summaries"
fi

echo
say "done"
cat "$summaries"
[ "$failed" -eq 0 ]
