#!/usr/bin/env bash
# API fuzzing: schemathesis generates requests from the OpenAPI document and sends them to a live yji
# signed in as the demo lead inspector, checking for server errors and for responses (status, content type,
# body, headers) the document does not describe.
#
#     bash Tests/api/schemathesis.sh [PATH-TO-YJI] [EXAMPLES-PER-OPERATION]     # defaults: .build/debug/yji, 30
#
# Keeps its Python packages in .venv-api; serves a fresh demo database on a free port and always stops it.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
SUITE=schemathesis
source "$repo/Tests/support.sh"
yji=$(yji_binary "${1:-}")
examples=${2:-30}
cd "$repo"

venv="$repo/.venv-api"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check "schemathesis>=4,<5"

work=$(mktemp -d "${TMPDIR:-/tmp}/yji-api.XXXXXX")
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2> /dev/null && wait "$server" 2> /dev/null
    rm -rf "$work"
}
trap cleanup EXIT
port=$(free_port)
(cd "$work" && exec "$yji" demo --port "$port" --database "$work/demo.sqlite") > "$work/server.log" 2>&1 &
server=$!
base="http://127.0.0.1:$port"
wait_for_health "$base/health" "$server" 120 || { cat "$work/server.log"; exit 1; }

# Sign in through the form, then ask the API for the session's CSRF token.
jar="$work/cookies"
curl -fs -c "$jar" -b "$jar" "$base/sign-in" > /dev/null
form_token=$(awk '$6 == "yji_signin" { print $7 }' "$jar")
curl -fs -c "$jar" -b "$jar" -o /dev/null --data-urlencode "csrf=$form_token" \
    --data-urlencode "email=lead@demo.yji.invalid" --data-urlencode "password=demo-lead-password" "$base/sign-in"
session=$(awk '$6 == "yji_session" { print $7 }' "$jar")
csrf=$(curl -fs -b "$jar" "$base/api/v1/session" | python3 -c 'import json, sys; print(json.load(sys.stdin)["csrfToken"])')

"$venv/bin/schemathesis" run "$base/api/v1/openapi.json" --url "$base/api/v1" \
    -H "Cookie: yji_session=$session" -H "X-CSRF-Token: $csrf" --max-examples "$examples" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
    2>&1 | tee "$work/schemathesis.txt"
summary=$(grep -E "[0-9]+ generated" "$work/schemathesis.txt" | tail -1 | sed 's/^ *//')
echo "schemathesis: $summary"
if grep -q "request failed" "$work/server.log"; then echo "schemathesis: the server logged a failed request:"; grep "request failed" "$work/server.log" | head -5; exit 1; fi
