#!/usr/bin/env bash
# Browser tests: one journey through yji in headless Chromium (Selenium), with axe-core on every page.
#
#     bash Tests/browser/run.sh [PATH-TO-YJI]        # default .build/debug/yji; build it first
#
# Installs Chromium and its driver from Debian when missing (needs root, as on CI), keeps Python packages in
# .venv-browser, serves a fresh demo database on a free port of 127.0.0.1 and always stops that server.
# Exits non-zero if the journey fails or axe finds a violation; on failure the server log, a screenshot and
# the HTML of the page it failed on are kept in a temporary folder, named at the end.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
SUITE=browser
source "$repo/Tests/support.sh"
yji=$(yji_binary "${1:-}")
cd "$repo"
started=$(date +%s)
say() { echo "browser: $* ($(( $(date +%s) - started ))s)"; }

# Chromium and chromedriver from Debian: Selenium is pointed at them, so it never downloads a browser.
export DEBIAN_FRONTEND=noninteractive
apt_updated=false
apt_install() {
    if [ "$apt_updated" = false ]; then apt-get update -qq; apt_updated=true; fi
    apt-get install -y -qq "$@" > /dev/null
}
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing chromium and chromium-driver"
    apt_install chromium chromium-driver
fi
# Debian's python3 makes virtual environments only with python3-venv (which brings ensurepip).
if ! python3 -c 'import ensurepip, venv' 2> /dev/null; then
    say "installing python3-venv"
    apt_install python3-venv
fi

venv="$repo/.venv-browser"
if [ ! -x "$venv/bin/python" ]; then
    say "creating $venv"
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r Tests/browser/requirements.txt
say "$(/usr/bin/chromium --version 2> /dev/null | head -1); $("$venv/bin/python" -c 'import selenium; print("selenium", selenium.__version__)')"

work=$(mktemp -d "${TMPDIR:-/tmp}/yji-browser.XXXXXX")
server=""
cleanup() {
    status=$?
    if [ -n "$server" ] && kill -0 "$server" 2> /dev/null; then
        kill "$server" 2> /dev/null || true
        # A clean shutdown takes well under a second; do not let a stuck one hold the run.
        for _ in $(seq 1 50); do kill -0 "$server" 2> /dev/null || break; sleep 0.1; done
        kill -9 "$server" 2> /dev/null || true
        wait "$server" 2> /dev/null || true
    fi
    if [ "$status" -eq 0 ]; then
        rm -rf "$work"
    else
        if [ -s "$work/server.log" ]; then echo "--- last lines of the server log"; tail -n 30 "$work/server.log"; fi
        echo "browser: FAILED; server log and evidence kept in $work"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The caseload the lead inspector uploads. A fixed date and the default seed give the same file every run.
as_of=2026-03-02
"$yji" generate --framework cci --cases 1 --caseload 150 --as-of "$as_of" --out "$work/generated" > /dev/null

port=$(free_port)
base="http://127.0.0.1:$port"
# In the temporary folder, so nothing the server writes lands in the repository.
(cd "$work" && exec "$yji" demo --port "$port" --database "$work/demo.sqlite") > "$work/server.log" 2>&1 &
server=$!
wait_for_health "$base/health" "$server" 90
say "yji serving a fresh demo database at $base"

"$venv/bin/python" Tests/browser/journey.py --base-url "$base" --caseload "$work/generated/caseload.csv" \
    --as-of "$as_of" --artifacts "$work/evidence"
# A child on a phone finishes the questionnaire after changing a follow-up's answer; it reads the server's database
# to check what was stored. It prints "questionnaire journey: passed", and a failure stops the run here (set -e).
"$venv/bin/python" Tests/browser/questionnaire_journey.py --base-url "$base" --database "$work/demo.sqlite" \
    --artifacts "$work/evidence"
say "done"
