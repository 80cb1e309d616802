#!/usr/bin/env python3
"""The programme benchmark at national scale: issue 8's "under 2 seconds" and "under 200 ms", measured.

Builds a synthetic national programme with `yji generate --programme cci --areas A --rounds R` (by default 158 areas
x 3 rounds, the size of the CCI, about five million judgements), then times, on SQLite and, when
YJI_TEST_POSTGRES_URL is set, on PostgreSQL:

- `yji benchmark --programme cci --format csv`, the whole programme's table recomputed from the store, end to end
  as a user runs it (process start, opening the store, loading, computing, printing): median of 5 runs;
- GET /programmes/cci/benchmark, the dashboard page with its table and a strip chart per score, from a running
  `yji serve` signed in as an administrator: median and slowest of 20 requests after one to warm up.

Usage: python3 Tests/bench/national.py YJI_BINARY [--areas 158] [--rounds 3] [--cases 99] [--backends sqlite,postgres]
Exits non-zero if a command fails or a page does not answer 200 with every area counted; the targets are printed
beside the figures, not enforced (a smoke size in CI says nothing about them).
"""
import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "faults"))
from kill_under_load import (FAULT_ADMIN, Server, TestFailure, drop_schema, free_port, http_request,  # noqa: E402
                             run_yji, sign_in, with_schema)


def timed(arguments, work):
    started = time.perf_counter()
    result = subprocess.run(arguments, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=3600)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise TestFailure(f"{' '.join(arguments)} exited with {result.returncode}:\n{result.stdout.decode(errors='replace')[-2000:]}")
    return elapsed, result.stdout.decode(errors="replace")


def measure(yji, backend, database, args, work):
    print(f"national: {backend}: generating {args.areas} areas x {args.rounds} rounds of {args.cases} cases", flush=True)
    seconds, output = timed([yji, "generate", "--programme", "cci", "--areas", str(args.areas), "--rounds", str(args.rounds),
                             "--cases", str(args.cases), "--database", database], work)
    print(f"national: {backend}: {output.strip().splitlines()[-1]} in {seconds:.0f} s", flush=True)

    runs = []
    for _ in range(5):
        seconds, output = timed([yji, "benchmark", "--programme", "cci", "--format", "csv", "--database", database], work)
        runs.append(seconds)
    rows = [row for row in csv.reader(output.splitlines()) if row and row[0] in ("headline", "section", "criterion")]
    # A scored row (it has a lowest) counts every area; judged sections have no percentages to count.
    if not rows or any(row[-1] != str(args.areas) for row in rows if row[3]):
        raise TestFailure(f"yji benchmark did not count {args.areas} areas on every scored row:\n{output[:2000]}")

    env = dict(os.environ, YJI_PASSWORD=FAULT_ADMIN[1])
    run_yji(yji, ["user", "add", "--database", database, "--email", FAULT_ADMIN[0], "--role", "admin",
                  "--name", "Benchmark Admin (synthetic)"], work, env=env)
    port = free_port()
    server = Server(yji, ["serve", "--database", database, "--port", str(port)], port, work, os.path.join(work, f"{backend}-server.log"))
    server.start()
    try:
        server.wait_healthy()
        base = f"http://127.0.0.1:{port}"
        session = sign_in(base, *FAULT_ADMIN)
        headers = {"Cookie": f"yji_session={session.cookie}"}
        pages = []
        for attempt in range(21):
            started = time.perf_counter()
            status, _, body = http_request(base, "GET", "/programmes/cci/benchmark", headers=headers, timeout=120)
            elapsed = time.perf_counter() - started
            if status != 200 or f"{args.areas} areas counted.".encode() not in body:
                raise TestFailure(f"the dashboard answered {status} without '{args.areas} areas counted.': {body[:500]!r}")
            if attempt > 0:
                pages.append(elapsed)
        size = len(body)
    finally:
        server.stop()
    return {"backend": backend, "benchmark": statistics.median(runs), "benchmark_max": max(runs),
            "page": statistics.median(pages), "page_max": max(pages), "page_bytes": size, "rows": len(rows)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("yji")
    parser.add_argument("--areas", type=int, default=158)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cases", type=int, default=99)
    parser.add_argument("--backends", default="sqlite,postgres",
                        help="which stores to measure, comma-separated (PostgreSQL only when YJI_TEST_POSTGRES_URL is set)")
    args = parser.parse_args()
    backends = set(args.backends.split(","))
    if not backends or not backends <= {"sqlite", "postgres"}:
        parser.error(f"--backends takes sqlite, postgres or both, not {args.backends!r}")
    yji = os.path.abspath(args.yji)
    results = []
    with tempfile.TemporaryDirectory(prefix="yji-national-") as work:
        if "sqlite" in backends:
            results.append(measure(yji, "SQLite", os.path.join(work, "national.sqlite"), args, work))
        url = os.environ.get("YJI_TEST_POSTGRES_URL")
        if "postgres" in backends and url:
            schema = f"yji_national_{os.getpid()}"
            try:
                results.append(measure(yji, "PostgreSQL", with_schema(url, schema), args, work))
            finally:
                drop_schema(url, schema)
        elif "postgres" in backends:
            print("national: PostgreSQL skipped (YJI_TEST_POSTGRES_URL is not set)")
    print(f"\nnational: {args.areas} areas x {args.rounds} rounds x {args.cases} cases; load average {os.getloadavg()[0]:.1f}")
    print("| Backend | yji benchmark (median of 5) | slowest | target | dashboard page (median of 20) | slowest | target |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['backend']} | {r['benchmark']:.2f} s | {r['benchmark_max']:.2f} s | "
              f"{'met' if r['benchmark'] < 2 else 'missed'} (< 2 s) | {r['page'] * 1000:.0f} ms | {r['page_max'] * 1000:.0f} ms | "
              f"{'met' if r['page'] < 0.2 else 'missed'} (< 200 ms) |")


if __name__ == "__main__":
    try:
        main()
    except TestFailure as failure:
        sys.exit(f"national: FAILED: {failure}")
