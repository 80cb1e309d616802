#!/usr/bin/env python3
"""PostgreSQL restarted under HTTP load: yji must refuse cleanly while its database is away, recover by itself,
and never leave a save half-applied.

yji serves a fresh schema of a PostgreSQL server this test may stop and start (run.sh creates a temporary cluster
for it). Worker threads keep saving judgements through the JSON API, as in kill_under_load.py. After a warm-up the
server is stopped (`pg_ctl stop -m fast`); the workers keep sending for a few seconds (every request must get an
answer within the request timeout: 503 with the JSON error code "unavailable", or another error status, recorded),
PostgreSQL is started again, and yji, never restarted, must take saves again within 15 s. Then every acknowledged
save must be stored; every stored version must be one the workers sent (acknowledged, or sent during the outage and
kept although its response never said so: reported); the audit trail must have exactly one entry per version.

Run it through Tests/faults/run.sh, which sets these after creating its own cluster:

    YJI_FAULTS_PG_URL    postgres://USER:PASSWORD@127.0.0.1:PORT/DB
    YJI_FAULTS_PGBIN     the folder of pg_ctl
    YJI_FAULTS_PGDATA    the cluster's data folder
    YJI_FAULTS_PGLOG     pg_ctl's log file
    YJI_FAULTS_PGOPTS    the server options it was started with (-o), e.g. "-c listen_addresses=127.0.0.1 -p P -k DIR"
    YJI_FAULTS_PGRUNAS   the user to run pg_ctl as (postgres when run as root; empty for the current user)

    python3 Tests/faults/postgres_restart.py --yji .build/debug/yji --work /tmp/r

Prints one summary line: "postgres restart under HTTP load: ..." and exits 1 on a lost or half-applied save, a
request that hung, a crash of yji or no recovery.
"""

import argparse
import collections
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True   # no __pycache__ left in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kill_under_load as klu  # noqa: E402
from kill_under_load import (FAULT_ADMIN, Load, Server, TestFailure, audit_versions,  # noqa: E402
                             choose_pairs, describe, drop_schema, free_port, http_request, independent_questions, log,
                             prepare_postgres, redact, report_problems, sign_in, status_counts, verify, with_schema)

RECOVERY_LIMIT = 15.0


class Postgres:
    """Stops and starts the cluster run.sh created, with the options it was started with."""

    def __init__(self):
        try:
            self.bin = os.environ["YJI_FAULTS_PGBIN"]
            self.data = os.environ["YJI_FAULTS_PGDATA"]
            self.log = os.environ["YJI_FAULTS_PGLOG"]
            self.options = os.environ["YJI_FAULTS_PGOPTS"]
            self.url = os.environ["YJI_FAULTS_PG_URL"]
        except KeyError as missing:
            raise TestFailure(f"{missing.args[0]} is not set: run this through Tests/faults/run.sh")
        self.run_as = os.environ.get("YJI_FAULTS_PGRUNAS", "")

    def _pg_ctl(self, *arguments):
        command = [os.path.join(self.bin, "pg_ctl"), "-D", self.data] + list(arguments)
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--"] + command
        result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
        if result.returncode != 0:
            raise TestFailure(f"pg_ctl {' '.join(arguments)} failed:\n{result.stdout.decode(errors='replace')}")

    def stop(self):
        self._pg_ctl("-m", "fast", "-w", "stop")

    def start(self):
        self._pg_ctl("-l", self.log, "-o", self.options, "-w", "start")


class HealthProbe(threading.Thread):
    """Polls /health every 0.2 s, recording (time, status or error), until stopped."""

    def __init__(self, base):
        super().__init__(daemon=True)
        self.base = base
        self.samples = []
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            t0 = time.monotonic()
            try:
                status, _, _ = http_request(self.base, "GET", "/health")
            except (OSError, http.client.HTTPException) as error:
                status = "timeout" if isinstance(error, (socket.timeout, TimeoutError)) else type(error).__name__
            self.samples.append((t0, time.monotonic(), status))
            self.stopping.wait(0.2)


def phase_report(events, health, stop_sent, running):
    """What the requests got, by when they were sent relative to the outage, and when their answers came."""
    def classify(event_t0, event_t1):
        if event_t0 < stop_sent:
            return "in flight at the stop" if event_t1 > stop_sent else None
        if event_t0 < running:
            return "sent while PostgreSQL was down"
        return None
    groups = collections.defaultdict(list)
    for e in events:
        phase = classify(e["t0"], e["t1"])
        if phase:
            groups[phase].append(e)
    lines, refused_by = [], collections.Counter()
    for phase in ["in flight at the stop", "sent while PostgreSQL was down"]:
        chosen = groups.get(phase, [])
        during = status_counts([e for e in chosen if e["t1"] < running])
        held = status_counts([e for e in chosen if e["t1"] >= running])
        slowest = max((e["t1"] - e["t0"] for e in chosen), default=0.0)
        lines.append(f"{phase}: {len(chosen)} requests; answered before PostgreSQL was back: {describe(during)}; "
                     f"answered only after it was back (held): {describe(held)}; slowest {slowest:.1f} s")
        refused_by.update({k: v for k, v in during.items() if k not in ("2xx", "409", "timeout")})
        refused_by.update({k: v for k, v in held.items() if k not in ("2xx", "409", "timeout")})
    down = [(t0, t1, status) for t0, t1, status in health if stop_sent <= t0 < running or (t0 < stop_sent < t1)]
    health_counts = collections.Counter(f"{status}{' (held until back)' if t1 >= running else ''}" for t0, t1, status in down)
    lines.append(f"/health polled every 0.2 s while PostgreSQL was down: {len(down)} answers: {describe(health_counts)}; "
                 f"slowest {max((t1 - t0 for t0, t1, _ in down), default=0.0):.1f} s")
    return {"lines": lines, "refused": sum(refused_by.values()), "refused_by": refused_by}


def error_lines(path, kinds=6):
    """The kinds of error yji logged (entries can span lines: the SQL is logged with them), with one example each."""
    import re
    text = open(path, errors="replace").read()
    entries = re.split(r"\n(?=\d{4}-\d\d-\d\dT)", text)
    counts, examples = collections.Counter(), {}
    for entry in entries:
        if " error " not in entry[:40]:
            continue
        state = re.search(r"sqlState: (\w+)", entry)
        code = re.search(r"PSQLError\(code: (\w+)", entry)
        query = re.search(r"query: PostgresQuery\(sql: (\w+)", entry)
        kind = " ".join(filter(None, [code and code.group(1), state and f"sqlState {state.group(1)}",
                                      query and f"during {query.group(1)}"])) or entry[25:100]
        counts[kind] += 1
        examples.setdefault(kind, " ".join(entry.split())[:400])
    if counts:
        log(f"restart: the yji log has {sum(counts.values())} errors: {describe(counts)}")
        for kind, _ in counts.most_common(kinds):
            log(f"    {examples[kind]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--yji", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--pairs-per-worker", type=int, default=3)
    parser.add_argument("--warm-up-seconds", type=float, default=2.0)
    parser.add_argument("--outage-seconds", type=float, default=3.0)
    parser.add_argument("--after-seconds", type=float, default=2.0, help="load after every worker has recovered")
    parser.add_argument("--request-timeout", type=float, default=klu.REQUEST_TIMEOUT,
                        help="seconds a request may take before it counts as hung")
    parser.add_argument("--drop-schema", action="store_true")
    args = parser.parse_args()
    klu.REQUEST_TIMEOUT = args.request_timeout
    yji = os.path.abspath(args.yji)
    os.makedirs(args.work, exist_ok=True)
    started = time.monotonic()
    server = probe = load = None
    postgres = None
    postgres_down = False
    try:
        postgres = Postgres()
        run_id = f"{os.getpid()}-{int(time.time())}"
        schema = f"yji_faults_restart_{run_id.replace('-', '_')}"
        database = with_schema(postgres.url, schema)
        inspection = prepare_postgres(yji, database, args.work)
        port = free_port()
        server = Server(yji, ["serve", "--database", database, "--port", str(port)], port, args.work,
                        os.path.join(args.work, "server.log")).start()
        server.wait_healthy()
        log(f"restart: yji serving {redact(database)} on {server.base}")
        session = sign_in(server.base, *FAULT_ADMIN)
        pairs = choose_pairs(session, inspection, independent_questions(yji, args.work), args.workers * args.pairs_per_worker)

        load = Load(session, inspection, pairs, args.workers, run_id)
        probe = HealthProbe(server.base)
        load.start()
        probe.start()
        time.sleep(args.warm_up_seconds)
        acked_before = load.acknowledged()

        stop_sent = time.monotonic()
        postgres_down = True
        postgres.stop()
        stopped = time.monotonic()
        log(f"restart: PostgreSQL stopped (pg_ctl stop -m fast took {stopped - stop_sent:.1f} s) after "
            f"{acked_before} acknowledged saves")
        time.sleep(args.outage_seconds)
        start_sent = time.monotonic()
        postgres.start()
        postgres_down = False
        running = time.monotonic()
        log(f"restart: PostgreSQL started again (pg_ctl start took {running - start_sent:.1f} s)")

        # Recovery: every worker has had a save acknowledged that it sent after PostgreSQL was back.
        deadline = running + RECOVERY_LIMIT
        while time.monotonic() < deadline and min(load.last_success) < running:
            if not server.alive():
                break
            time.sleep(0.1)
        recovered_all = min(load.last_success) >= running
        if recovered_all:
            time.sleep(args.after_seconds)
        load.stop()
        probe.stopping.set()
        probe.join(klu.REQUEST_TIMEOUT + 5)
        if not server.alive():
            raise TestFailure(f"yji exited (status {server.process.returncode}) during the outage\n" + server.log_tail(60))

        events = load.events
        phases = phase_report(events, probe.samples, stop_sent, running)
        for line in phases["lines"]:
            log(f"restart: {line}")
        firsts = sorted(e["t1"] for e in events if e["outcome"] == "2xx" and e["t0"] >= running)
        first_ok = firsts[0] - running if firsts else None
        all_ok = None
        if recovered_all:
            all_ok = max(min(e["t1"] for e in events if e["worker"] == w and e["outcome"] == "2xx" and e["t0"] >= running)
                         for w in range(args.workers)) - running
        health_back = next((t1 - running for t0, t1, status in probe.samples if t0 >= running and status == 200), None)
        if firsts:
            log(f"restart: first save acknowledged {first_ok:.1f} s after PostgreSQL was running; every worker "
                + (f"within {all_ok:.1f} s" if recovered_all else f"NOT within {RECOVERY_LIMIT:.0f} s")
                + (f"; /health 200 again after {health_back:.1f} s" if health_back is not None else "; /health never 200 again"))
        hung = [e for e in events if e.get("timeout")] + [s for s in probe.samples if s[2] == "timeout"]
        with open(os.path.join(args.work, "events.json"), "w") as out:
            json.dump({"stop_sent": 0.0, "stopped": stopped - stop_sent, "start_sent": start_sent - stop_sent,
                       "running": running - stop_sent,
                       "requests": [dict(e, t0=e["t0"] - stop_sent, t1=e["t1"] - stop_sent) for e in events],
                       "health": [(t0 - stop_sent, t1 - stop_sent, status) for t0, t1, status in probe.samples]},
                      out, indent=1)
        error_lines(server.log_path)

        audit = audit_versions(yji, database, inspection, args.work)
        findings = verify(session, inspection, load, audit)
        log(f"restart: yji {server.stop()}")

        problems = report_problems(findings)
        if hung:
            problems += len(hung)
            log(f"  requests (saves and /health) that got no answer within {klu.REQUEST_TIMEOUT:.0f} s: {len(hung)}")
        if not recovered_all:
            problems += 1
            log(f"  yji did not take saves from every worker within {RECOVERY_LIMIT:.0f} s of PostgreSQL running again")
        recovery = (f"recovered after {first_ok:.1f} s (every worker after {all_ok:.1f} s)" if recovered_all
                    else f"NOT recovered within {RECOVERY_LIMIT:.0f} s" + (f" (first save after {first_ok:.1f} s)" if firsts else ""))
        log(f"postgres restart under HTTP load: {load.acknowledged()} saves acknowledged, {len(findings['lost'])} lost; "
            f"refused during the {running - stop_sent:.1f} s outage: {phases['refused']} ({describe(phases['refused_by'])}); "
            f"{len(hung)} hung past {klu.REQUEST_TIMEOUT:.0f} s; {recovery}; "
            f"{findings['kept_without_response']} kept without a response, {len(findings['refused_but_kept'])} refused but kept, "
            f"{len(findings['audit_mismatch']) + len(findings['unexplained'])} half-applied or unexplained "
            f"({time.monotonic() - started:.0f} s)")
        if problems:
            log(f"restart: FAILED; the server log is in {args.work}")
            return 1
        if args.drop_schema:
            drop_schema(postgres.url, schema)
        return 0
    except TestFailure as failure:
        log(f"restart: FAILED: {failure}")
        return 1
    finally:
        if load is not None:
            load.stop_event.set()
        if probe is not None:
            probe.stopping.set()
        if postgres is not None and postgres_down:
            try:
                postgres.start()
            except TestFailure as failure:
                log(f"restart: could not start PostgreSQL again: {failure}")
        if server is not None:
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
