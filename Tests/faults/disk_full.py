#!/usr/bin/env python3
"""Disk full under HTTP load on SQLite: yji must refuse saves with a clear error, keep answering, corrupt nothing,
and take saves again once there is room, without being restarted.

The SQLite database lives on a small filesystem of its own (run.sh mounts a tmpfs for it as root; any small,
otherwise empty, writable folder will do). yji serves the demo database there while worker threads save judgements
through the JSON API, as in kill_under_load.py. After a warm-up a filler file takes every free byte; the workers
keep saving until yji has refused several saves (or a time limit passes), while /health and a read are checked.
Then the filler is deleted and every worker must have a save acknowledged again. Finally: every refusal was 503
with the error code "unavailable" and a message about the full disk (no 500), `yji check` (SQLite's integrity check)
prints ok, every acknowledged save is stored, no refused save was kept, and the audit trail has exactly one entry per
stored version.

    python3 Tests/faults/disk_full.py --yji .build/debug/yji --work /tmp/d --disk /mnt/small-fs

Prints one summary line: "disk full under HTTP load on sqlite: ..." and exits 1 on any failure.
"""

import argparse
import collections
import errno
import json
import os
import sys
import time

sys.dont_write_bytecode = True   # no __pycache__ left in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kill_under_load import (DEMO_LEAD, Load, Server, TestFailure, audit_versions, choose_pairs,  # noqa: E402
                             describe, find_inspection, free_port, http_request, independent_questions, log,
                             report_problems, run_yji, sign_in, status_counts, verify)

# A refusal for a full disk must say so; "unavailable" alone would send people looking for a database server.
DISK_WORDS = "disk that holds yji's database is full"


def fill(path):
    """Writes `path` until the filesystem refuses another byte; returns the bytes written."""
    written = 0
    with open(path, "wb", buffering=0) as out:
        for chunk in (1 << 20, 1 << 16, 1 << 12, 512, 1):
            block = b"\0" * chunk
            while True:
                try:
                    written += out.write(block)
                except OSError as error:
                    if error.errno != errno.ENOSPC:
                        raise
                    break
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--yji", required=True)
    parser.add_argument("--work", required=True, help="a folder for logs and generated files (not on --disk)")
    parser.add_argument("--disk", required=True, help="an empty folder on a small filesystem of its own")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--pairs-per-worker", type=int, default=3)
    parser.add_argument("--warm-up-seconds", type=float, default=2.0)
    parser.add_argument("--refusals", type=int, default=20, help="refused saves to see before making room again")
    parser.add_argument("--full-seconds", type=float, default=3.0, help="the shortest time to keep the disk full")
    parser.add_argument("--full-limit", type=float, default=30.0, help="the longest to wait for the refusals")
    parser.add_argument("--recovery-limit", type=float, default=15.0)
    args = parser.parse_args()
    yji = os.path.abspath(args.yji)
    os.makedirs(args.work, exist_ok=True)
    started = time.monotonic()
    run_id = f"{os.getpid()}-{int(time.time())}"
    database = os.path.join(args.disk, "full.sqlite")
    filler = os.path.join(args.disk, "filler")
    server = load = None
    try:
        if os.listdir(args.disk):
            raise TestFailure(f"{args.disk} is not empty")
        run_yji(yji, ["demo", "--no-serve", "--database", database], args.work)
        port = free_port()
        server = Server(yji, ["serve", "--database", database, "--port", str(port)], port, args.work,
                        os.path.join(args.work, "server.log")).start()
        server.wait_healthy()
        statvfs = os.statvfs(args.disk)
        log(f"disk: yji serving {database} on {server.base}; the filesystem holds "
            f"{statvfs.f_blocks * statvfs.f_frsize // 1024} KiB, {statvfs.f_bavail * statvfs.f_frsize // 1024} KiB free")
        session = sign_in(server.base, *DEMO_LEAD)
        inspection = find_inspection(session)
        pairs = choose_pairs(session, inspection, independent_questions(yji, args.work), args.workers * args.pairs_per_worker + 1)
        # The last pair is kept out of the load for one save sent by hand while the disk is full, to read its message.
        probe = pairs.pop()
        load = Load(session, inspection, pairs, args.workers, run_id)
        load.start()
        time.sleep(args.warm_up_seconds)

        full_at = time.monotonic()
        filled = fill(filler)
        acked_at_full = load.acknowledged()
        log(f"disk: filled the last {filled // 1024} KiB after {acked_at_full} acknowledged saves")

        # While full: wait for refusals, checking that yji still answers reads and /health.
        deadline = full_at + args.full_limit
        health, reads = collections.Counter(), collections.Counter()
        while time.monotonic() < deadline:
            if not server.alive():
                raise TestFailure("yji exited while the disk was full\n" + server.log_tail())
            refused = sum(1 for e in list(load.events) if e["t0"] >= full_at and e["outcome"] not in ("2xx", "409"))
            if refused >= args.refusals and time.monotonic() - full_at >= args.full_seconds:
                break
            status, _, _ = http_request(server.base, "GET", f"/api/v1/inspections/{inspection}/cases/{pairs[0][0]}/judgements",
                                        headers={"Cookie": f"yji_session={session.cookie}"})
            reads[status] += 1
            health[server_health(server)] += 1
            time.sleep(0.25)
        # One refusal read in full, for its message.
        sample = session.put_json(f"/api/v1/inspections/{inspection}/cases/{probe[0]}/judgements/{probe[1]}",
                                  {"answer": "yes", "note": f"disk full probe {run_id}", "version": None})
        room_at = time.monotonic()
        os.remove(filler)
        while_full = status_counts([e for e in load.events if full_at <= e["t0"] < room_at])
        log(f"disk: {room_at - full_at:.1f} s full: saves got {describe(while_full)}; /health {describe(health)}; "
            f"reads {describe(reads)}")
        log(f"disk: a save sent while full was answered {sample[0]}: {sample[2][:300].decode(errors='replace')}")

        # Room again: every worker must have a save acknowledged, yji never restarted.
        recovery_deadline = room_at + args.recovery_limit
        while time.monotonic() < recovery_deadline and min(load.last_success) < room_at:
            time.sleep(0.1)
        recovered = min(load.last_success) >= room_at
        firsts = [e["t1"] for e in load.events if e["outcome"] == "2xx" and e["t0"] >= room_at]
        if recovered:
            time.sleep(1.0)
        load.stop()
        if not server.alive():
            raise TestFailure("yji exited after the disk was full\n" + server.log_tail())

        audit = audit_versions(yji, database, inspection, args.work)
        findings = verify(session, inspection, load, audit)
        stopped = server.stop()
        check_status, check_output = run_yji(yji, ["check", "--database", database], args.work, check=False)
        check_line = check_output.strip().splitlines()[-1] if check_output.strip() else ""
        log(f"disk: yji {stopped}; yji check: exit {check_status}: {check_line}")

        problems = report_problems(findings)
        refusals = [e for e in load.events if e["outcome"] not in ("2xx", "409", "no response")]
        unclear = collections.Counter(f"{e['outcome']} {e.get('code')}" for e in refusals
                                      if e["outcome"] != "503" or e.get("code") != "unavailable")
        if not refusals:
            problems += 1
            log(f"  no save was refused in {args.full_limit:.0f} s of a full disk: the test did not fill it")
        if unclear:
            problems += sum(unclear.values())
            log(f"  refusals other than 503 unavailable: {describe(unclear)}")
        if sample[0] != 503 or DISK_WORDS not in sample[2].decode(errors="replace"):
            problems += 1
            log(f"  the refusal does not say the disk is full: {sample[0]} {sample[2][:300]!r}")
        hung = [e for e in load.events if e.get("timeout")]
        if hung:
            problems += len(hung)
            log(f"  saves that got no answer: {len(hung)}")
        if any(status != 200 for status in health) or any(status != 200 for status in reads):
            problems += 1
            log("  /health or a read did not answer 200 while the disk was full")
        if not recovered:
            problems += 1
            log(f"  not every worker had a save acknowledged within {args.recovery_limit:.0f} s of making room")
        if check_status != 0 or check_line != "ok":
            problems += 1
            log(f"  yji check failed:\n{check_output}")
        recovery = (f"saves again {firsts[0] - room_at:.1f} s after making room" if firsts else "no save after making room")
        log(f"disk full under HTTP load on sqlite: {load.acknowledged()} saves acknowledged, {len(findings['lost'])} lost; "
            f"{len(refusals)} refused while full ({describe(status_counts(refusals))}), "
            f"{len(findings['refused_but_kept'])} refused but kept; integrity {check_line or 'unknown'}; {recovery} "
            f"({args.workers} workers, {time.monotonic() - started:.0f} s)")
        if problems:
            log(f"disk: FAILED; the server log is in {args.work}")
            return 1
        return 0
    except TestFailure as failure:
        log(f"disk: FAILED: {failure}")
        if server is not None:
            log(server.log_tail())
        return 1
    finally:
        if load is not None:
            load.stop_event.set()
        if os.path.exists(filler):
            os.remove(filler)
        if server is not None:
            server.stop()


def server_health(server):
    try:
        status, _, _ = http_request(server.base, "GET", "/health", timeout=5)
        return status
    except OSError as error:
        return type(error).__name__


if __name__ == "__main__":
    sys.exit(main())
