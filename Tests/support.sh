# Shared by the runner scripts under Tests/ (browser, api, faults): source it after `set -euo pipefail`.
# Each runner names itself in SUITE before sourcing, so messages say which suite they come from.

# The yji binary to test, as an absolute path (a relative one is taken from where the script was started).
# Exits with 2 and the command that builds it when there is none.
yji_binary() {
    local yji=${1:-.build/debug/yji}
    case "$yji" in /*) ;; *) yji="$PWD/$yji" ;; esac
    if [ ! -x "$yji" ]; then
        echo "$SUITE: no yji binary at $yji; build it with: swift build --product yji" >&2
        exit 2
    fi
    echo "$yji"
}

# A free TCP port on 127.0.0.1, so a server already running on this machine cannot get in the way.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits until URL answers 200 while process PID is alive (curl may not be installed, Python is).
wait_for_health() {
    python3 - "$1" "$2" "${3:-90}" "$SUITE" <<'PY'
import os, sys, time, urllib.request
url, pid, seconds, suite = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
deadline = time.monotonic() + seconds
while time.monotonic() < deadline:
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit(f"{suite}: the yji server exited before it answered {url}")
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.2)
sys.exit(f"{suite}: {url} did not answer 200 within {seconds:.0f} seconds")
PY
}
