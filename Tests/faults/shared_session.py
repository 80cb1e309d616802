#!/usr/bin/env python3
"""Two yji processes on one PostgreSQL database serving one user's session alternately.

Two `yji serve` processes share a fresh schema (as two instances behind a load balancer would). One signed-in session
(cookie and CSRF token from instance A) then alternates between them: each request goes to the other instance than
the one before, saving the same judgement one version after another, so every save depends on the previous one made
on the other process. A stale save must be refused (409 naming the other's answer) on either instance; signing out on
B must end the session on A too. Finally the judgement must hold the last version, and the audit trail one entry per
version.

    python3 Tests/faults/shared_session.py --yji .build/debug/yji --database "$YJI_TEST_POSTGRES_URL" --work /tmp/s

Prints "two instances sharing a session on postgresql: N saves alternating, ..." and exits 1 on any failure.
"""

import argparse
import json
import os
import sys
import time

sys.dont_write_bytecode = True   # no __pycache__ left in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kill_under_load import (FAULT_ADMIN, Server, Session, TestFailure, audit_versions, choose_pairs,  # noqa: E402
                             drop_schema, free_port, http_request, independent_questions, log, prepare_postgres,
                             redact, sign_in, with_schema)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--yji", required=True)
    parser.add_argument("--database", required=True, help="postgres://... (a fresh schema is added)")
    parser.add_argument("--work", required=True)
    parser.add_argument("--saves", type=int, default=40)
    parser.add_argument("--drop-schema", action="store_true")
    args = parser.parse_args()
    yji = os.path.abspath(args.yji)
    os.makedirs(args.work, exist_ok=True)
    started = time.monotonic()
    schema = f"yji_faults_shared_{os.getpid()}_{int(time.time())}"
    database = with_schema(args.database, schema)
    servers = []
    try:
        inspection = prepare_postgres(yji, database, args.work)
        for name in ("a", "b"):
            port = free_port()
            server = Server(yji, ["serve", "--database", database, "--port", str(port)], port, args.work,
                            os.path.join(args.work, f"server-{name}.log")).start()
            servers.append(server)
        for server in servers:
            server.wait_healthy()
        a, b = servers
        log(f"shared: two yji processes on {redact(database)}: {a.base} and {b.base}")
        on_a = sign_in(a.base, *FAULT_ADMIN)
        on_b = Session(b.base, on_a.cookie, on_a.csrf)     # the same cookie and token, sent to the other process
        case, question = choose_pairs(on_a, inspection, independent_questions(yji, args.work), 1)[0]
        path = f"/api/v1/inspections/{inspection}/cases/{case}/judgements/{question}"
        version, problems = None, []
        for number in range(1, args.saves + 1):
            session = on_a if number % 2 else on_b
            status, _, body = session.put_json(path, {"answer": "yes" if number % 2 else "no",
                                                      "note": f"save {number}", "version": version})
            document = json.loads(body or b"{}")
            if status not in (200, 201) or document.get("version") != number:
                problems.append(f"save {number} on {session.base}: {status} {body[:200]!r}")
                break
            version = number
        # A save based on an old version, on each instance: refused, naming the stored answer.
        for session in (on_a, on_b):
            status, _, body = session.put_json(path, {"answer": "yes", "note": "stale", "version": 1})
            theirs = (json.loads(body or b"{}").get("theirs") or {})
            if status != 409 or theirs.get("version") != version:
                problems.append(f"a stale save on {session.base} answered {status} {body[:200]!r}")
        stored = {j["questionId"]: j for j in on_b.get_json(f"/api/v1/inspections/{inspection}/cases/{case}/judgements")}
        if stored.get(question, {}).get("version") != version:
            problems.append(f"stored {stored.get(question)}, expected version {version}")
        # Signing out on B ends the session on A.
        status, _, _ = http_request(b.base, "POST", "/sign-out", body=f"csrf={on_a.csrf}".encode(), headers={
            "Cookie": f"yji_session={on_a.cookie}", "Content-Type": "application/x-www-form-urlencoded"})
        after, _, _ = http_request(a.base, "GET", "/api/v1/inspections", headers={"Cookie": f"yji_session={on_a.cookie}"})
        if after != 401:
            problems.append(f"after signing out on B (answered {status}), A answered {after} to the old session")
        audit = audit_versions(yji, database, inspection, args.work).get(f"{case}/{question}", [])
        if sorted(audit) != list(range(1, (version or 0) + 1)):
            problems.append(f"audit entries for versions {audit}, stored version {version}")
        for server in servers:
            server.stop()
        for problem in problems:
            log(f"  {problem}")
        log(f"two instances sharing a session on postgresql: {version or 0} saves alternating between the processes, "
            f"{len(problems)} problems; stale saves refused on both; sign-out on one ended it on the other "
            f"({time.monotonic() - started:.0f} s)")
        if problems:
            return 1
        if args.drop_schema:
            drop_schema(args.database, schema)
        return 0
    except TestFailure as failure:
        log(f"shared: FAILED: {failure}")
        return 1
    finally:
        for server in servers:
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
