#!/usr/bin/env python3
"""Prepares a store for the load test and writes the session file the wrk scripts read.

    python3 Tests/load/prepare.py store --yji YJI --database DB --work DIR        # prints the inspection id
    python3 Tests/load/prepare.py session --yji YJI --base URL --inspection N --pairs 128 --out FILE

`store`: one CCI inspection of 38 synthetic cases with a generated judgement for every applicable question, and an
administrator (the same data on SQLite and PostgreSQL, so their figures compare). `session`: signs in, and picks
judgements the save script may change without ever changing whether another question applies (scored questions
with no condition that no other question's condition names), with their current versions.
"""

import argparse
import os
import sys

sys.dont_write_bytecode = True   # no __pycache__ left in the repository
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "faults"))
from kill_under_load import FAULT_ADMIN, independent_questions, prepare_postgres, run_yji, sign_in  # noqa: E402


def store(args):
    inspection = prepare_postgres(args.yji, args.database, args.work, cases=38)
    run_yji(args.yji, ["import", "judgements", "--inspection", str(inspection), "--database", args.database,
                       os.path.join(args.work, "generated", "judgements.csv")], args.work)
    print(inspection)


def session(args):
    signed_in = sign_in(args.base, *FAULT_ADMIN)
    eligible = independent_questions(args.yji, args.work)
    cases = signed_in.get_json(f"/api/v1/inspections/{args.inspection}/cases")
    by_case = []
    for case in cases:
        stored = {j["questionId"]: j["version"] for j in
                  signed_in.get_json(f"/api/v1/inspections/{args.inspection}/cases/{case['id']}/judgements")}
        # Independent questions always apply: every one answered or still missing can be changed.
        applicable = [q for q, _ in stored.items() if q in eligible] + [q for q in case["missing"] if q in eligible]
        by_case.append([(case["id"], q, stored.get(q, 0)) for q in sorted(set(applicable))])
    chosen = []
    while len(chosen) < args.pairs and any(by_case):
        for options in by_case:
            if options and len(chosen) < args.pairs:
                chosen.append(options.pop())
    if len(chosen) < args.pairs:
        sys.exit(f"load: only {len(chosen)} judgements to change, {args.pairs} wanted")
    with open(args.out, "w") as out:
        out.write(f"cookie {signed_in.cookie}\ncsrf {signed_in.csrf}\ninspection {args.inspection}\n")
        for case, question, version in chosen:
            out.write(f"pair {case} {question} {version}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("store")
    p.add_argument("--yji", required=True)
    p.add_argument("--database", required=True)
    p.add_argument("--work", required=True)
    p = commands.add_parser("session")
    p.add_argument("--yji", required=True)
    p.add_argument("--base", required=True)
    p.add_argument("--inspection", required=True, type=int)
    p.add_argument("--pairs", type=int, default=128)
    p.add_argument("--out", required=True)
    p.add_argument("--work", default=".")
    args = parser.parse_args()
    args.yji = os.path.abspath(args.yji)
    store(args) if args.command == "store" else session(args)


if __name__ == "__main__":
    main()
