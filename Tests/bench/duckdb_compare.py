#!/usr/bin/env python3
"""yji against DuckDB (the analyst's tool): the same scorecard from the same judgements CSV, timed both ways.

    python3 Tests/bench/duckdb_compare.py YJI WORK smoke|full [--cases N] [--runs R]

YJI is the yji binary (a release build), WORK a folder for the generated data (kept and reused between runs);
smoke is 500 cases, full the national CCI programme (158 areas x 3 rounds x 100 cases = 47,400 cases, about 5
million judgements); --cases N picks any other size. Needs the duckdb and PyYAML packages.

Both tools run as subprocesses, alternately, R times each after one untimed warm-up run (so both read the CSVs
from the page cache), and are timed by wall clock from start to exit: yji's process start, framework load, CSV
reading, checking, scoring and output against Python's start-up, `import duckdb`, the framework load, CSV reading,
the SQL and fetching the result. Start-up is counted on both sides because it is what a person running either one
waits for; the DuckDB figure without Python's start-up and import is printed beside it.

The SQL is generated from the framework YAML, so it follows the framework if that changes. It reproduces yji's
scoring rules (ScoringEngine, Tally, Proportion.wholePercent, RatingScale.band, ScorecardDocument.csv) and the
answer spellings yji accepts, and it refuses, as yji does, judgements for unknown cases or questions, answers a
question does not accept, and answers to questions that do not apply to the case. It does not look for the same
question answered twice in a case (yji does), nor report line numbers: an analyst's query would not, and leaving
it out only makes DuckDB's side faster. The DuckDB side expects the canonical header names that yji writes.

Exit status: 0 when the two tables are identical, 1 when they differ (with a diff), 2 on a usage or run error.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SIZES = {"smoke": 500, "full": 47_400}
DEFAULT_RUNS = {"smoke": 3, "full": 5}

APPLIES, AWAITING, EXCLUDED = 0, 1, 2
SCORED_ANSWERS = {"yes": ["yes", "y", "sufficient"], "no": ["no", "n", "insufficient"]}
NOT_APPLICABLE_SPELLINGS = ["na", "n/a", "not applicable"]


# The framework, read the way FrameworkLoader reads it -----------------------------------------------------------

@dataclass
class Question:
    index: int
    id: str
    criterion: str
    text: str
    headlines: list[str]
    setting: str  # any, custody, community
    condition: tuple[str, list[str]] | None  # (source question id, answers that make this one apply)
    kind: str  # judgement or fact
    options: list[str]


@dataclass
class FrameworkData:
    sections: list[dict]
    criteria: list[dict]
    headlines: list[dict]
    questions: list[Question]
    bands: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)  # level -> (label, from, to)


def normalised_key(text: str) -> str:
    """yji's normalisedKey: spaces and tabs trimmed, lower case, underscores and hyphens read as spaces."""
    return text.strip(" \t").lower().replace("_", " ").replace("-", " ")


def load_framework(path: Path) -> FrameworkData:
    import yaml

    # BaseLoader keeps every scalar a string, as Yams hands them to yji: `is: yes` stays "yes", "1.1" stays "1.1".
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    questions = []
    for index, raw in enumerate(document["questions"]):
        applies = raw.get("applies", "always")
        setting, condition = "any", None
        if isinstance(applies, str):
            setting = "any" if applies == "always" else applies
        else:
            setting = applies.get("setting", "any")
            if "when" in applies:
                answers = applies["is"]
                condition = (applies["when"], answers if isinstance(answers, list) else [answers])
        questions.append(Question(
            index=index, id=raw["id"], criterion=raw["criterion"], text=raw["text"],
            headlines=list(raw.get("headlines", [])), setting=setting, condition=condition,
            kind=raw.get("kind", "judgement"), options=list(raw.get("options", []))))
    framework = FrameworkData(
        sections=document["sections"], criteria=document["criteria"], headlines=document.get("headlines", []),
        questions=questions)
    # Framework.ratingScale(for:) takes the first scale that lists a level.
    for scale in document.get("ratings", []):
        for level in scale["levels"]:
            framework.bands.setdefault(level, [(b["label"], int(b["from"]), int(b["to"])) for b in scale["bands"]])
    return framework


# The SQL ---------------------------------------------------------------------------------------------------------

def sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def sql_values(rows: list[tuple], names: str) -> str:
    def literal(value):
        if value is None:
            return "NULL"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        return sql_text(value)
    body = ", ".join("(" + ", ".join(literal(v) for v in row) + ")" for row in rows)
    return f"(VALUES {body}) AS t({names})"


def read_csv(path: Path) -> str:
    # All text, as yji reads it; RFC 4180 quoting, which is what yji writes and reads.
    return f"read_csv({sql_text(str(path))}, header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"')"


def trimmed(column: str) -> str:
    """yji's trimmingSpaces: leading and trailing spaces and tabs; the test first, since trim() on every row is slow."""
    return (f"CASE WHEN prefix({column}, ' ') OR prefix({column}, chr(9)) OR suffix({column}, ' ') "
            f"OR suffix({column}, chr(9)) THEN trim({column}, ' ' || chr(9)) ELSE {column} END")


def scorecard_statements(framework: FrameworkData, cases_csv: Path, judgements_csv: Path) -> tuple[list[str], str, str]:
    """The statements that load and index the data, the check query (refused judgements) and the scorecard query."""
    by_id = {q.id: q for q in framework.questions}
    if len(by_id) != len(framework.questions):
        raise SystemExit("duckdb_compare: the framework repeats a question id, which yji's framework loader refuses")
    # Answers are codes, as in yji's AnswerGrid: 1 yes, 2 no, 3 na, 4 + k option k.
    def codes_meaning(question: Question, answers: list[str]) -> list[int]:
        meanings = {1: "yes", 2: "no", 3: "na"} | {4 + k: option for k, option in enumerate(question.options)}
        return sorted(code for code, meaning in meanings.items() if meaning in answers)

    # Conditional questions get a per-case status; the rest depend on the case's setting alone.
    conditional = [q for q in framework.questions if q.condition]
    condition_position = {q.index: position + 1 for position, q in enumerate(conditional)}
    sources = sorted({by_id[q.condition[0]].index for q in conditional if q.condition[0] in by_id})

    def status(question: Question, depth: int = 0) -> str:
        """ScoringEngine.applicability as a CASE over the case's setting and its answers to source questions."""
        if depth > len(framework.questions):
            raise SystemExit(f"duckdb_compare: the conditions of {question.id} form a cycle")
        branches = []
        if question.setting != "any":
            branches.append(f"WHEN c.setting <> {sql_text(question.setting)} THEN {EXCLUDED}")
        if question.condition:
            source_id, answers = question.condition
            source = by_id.get(source_id)
            if source is None:
                branches.append(f"WHEN true THEN {EXCLUDED}")
            else:
                answer = f"s.a{source.index}"
                applying = ", ".join(map(str, codes_meaning(source, answers))) or "NULL"
                branches.append(f"WHEN ({status(source, depth + 1)}) = {EXCLUDED} THEN {EXCLUDED}")
                branches.append(f"WHEN {answer} IS NULL THEN {AWAITING}")
                branches.append(f"WHEN {answer} IN ({applying}) THEN {APPLIES}")
                branches.append(f"ELSE {EXCLUDED}")
        if not branches:
            return str(APPLIES)
        if not branches[-1].startswith("ELSE"):
            branches.append(f"ELSE {APPLIES}")
        return "CASE " + " ".join(branches) + " END"

    question_rows = [(q.index, q.id, q.text, q.kind, q.setting, condition_position.get(q.index))
                     for q in framework.questions]
    # Answer.parse: every spelling a question accepts, by normalised key, and the code of the answer it stands for.
    spelling_rows = []
    for q in framework.questions:
        spellings = {}
        if q.kind == "judgement":
            spellings.update({key: code for code, keys in ((1, SCORED_ANSWERS["yes"]), (2, SCORED_ANSWERS["no"]))
                              for key in keys})
        else:
            for option in reversed(q.options):  # the first option with a key wins, as options.first does
                spellings[normalised_key(option)] = 4 + q.options.index(option)
        spellings.update({key: 3 for key in NOT_APPLICABLE_SPELLINGS})
        spelling_rows += [(q.index, key, code) for key, code in spellings.items()]
    section_of = {c["id"]: c["section"] for c in framework.criteria}
    judged_sections = {s["id"] for s in framework.sections if s.get("assessment") == "judged"}
    # Each output row's members: (level, order, id, name, judged, question index) for every scored question in it.
    member_rows = []
    for order, h in enumerate(framework.headlines):
        member_rows += [("headline", order, h["id"], h["name"], False, q.index)
                        for q in framework.questions if h["id"] in q.headlines and q.kind == "judgement"] \
            or [("headline", order, h["id"], h["name"], False, None)]
    for order, s in enumerate(framework.sections):
        member_rows += [("section", order, s["id"], s["name"], s["id"] in judged_sections, q.index)
                        for q in framework.questions if section_of.get(q.criterion) == s["id"] and q.kind == "judgement"] \
            or [("section", order, s["id"], s["name"], s["id"] in judged_sections, None)]
    for order, c in enumerate(framework.criteria):
        member_rows += [("criterion", order, c["id"], c["name"], c["section"] in judged_sections, q.index)
                        for q in framework.questions if q.criterion == c["id"] and q.kind == "judgement"] \
            or [("criterion", order, c["id"], c["name"], c["section"] in judged_sections, None)]
    band_rows = [(level, label, low, high) for level, bands in framework.bands.items() for label, low, high in bands]
    band_rows = band_rows or [("none", "", 1, 0)]

    answer_key = (f"CASE WHEN r.answer IN ('yes', 'no', 'na') THEN r.answer "
                  f"ELSE replace(replace(lower({trimmed('r.answer')}), '_', ' '), '-', ' ') END")
    setting_key = (f"CASE WHEN setting IN ('custody', 'community') THEN setting "
                   f"ELSE replace(replace(lower({trimmed('setting')}), '_', ' '), '-', ' ') END")
    source_columns = ", ".join(f"max(code) FILTER (WHERE qi = {i}) AS a{i}" for i in sources) or "NULL AS a_none"
    statuses = "[" + ", ".join(status(q) for q in conditional) + "]" if conditional else "[]::INTEGER[]"
    setup = [
        f"CREATE TEMP TABLE questions AS SELECT * FROM {sql_values(question_rows, 'qi, id, name, kind, setting, cond_pos')}",
        f"CREATE TEMP TABLE spellings AS SELECT * FROM {sql_values(spelling_rows, 'qi, key, code')}",
        f"CREATE TEMP TABLE members AS SELECT * FROM {sql_values(member_rows, 'level, item_order, id, name, judged, qi')}",
        f"CREATE TEMP TABLE bands AS SELECT * FROM {sql_values(band_rows, 'level, label, low, high')}",
        f"CREATE TEMP TABLE cases AS SELECT row_number() OVER () AS case_row, {trimmed('case_id')} AS case_id, "
        f"{setting_key} AS setting FROM {read_csv(cases_csv)}",
        # One pass over the judgements file: the case's row, the question's index and rules, the answer's code.
        f"CREATE TEMP TABLE j AS SELECT c.case_row, q.qi, q.setting AS only_in, q.cond_pos, s.code "
        f"FROM {read_csv(judgements_csv)} r "
        f"LEFT JOIN cases c ON c.case_id = {trimmed('r.case_id')} "
        f"LEFT JOIN questions q ON q.id = {trimmed('r.question_id')} "
        f"LEFT JOIN spellings s ON s.qi = q.qi AND s.key = {answer_key}",
        f"CREATE TEMP TABLE source_answers AS SELECT case_row, {source_columns} FROM j "
        f"WHERE qi IN ({', '.join(map(str, sources)) or 'NULL'}) GROUP BY case_row",
        f"CREATE TEMP TABLE case_status AS SELECT c.case_row, c.setting, {statuses} AS statuses "
        f"FROM cases c LEFT JOIN source_answers s USING (case_row)",
        # Judgements counted by question, setting, status and answer; status 3 marks one yji refuses before scoring
        # (unknown case, question or answer).
        f"CREATE TEMP TABLE judged AS SELECT j.qi, c.setting, j.code, CASE "
        f"WHEN c.case_row IS NULL OR j.qi IS NULL OR j.code IS NULL THEN 3 "
        f"WHEN j.cond_pos IS NOT NULL THEN c.statuses[j.cond_pos] "
        f"WHEN j.only_in <> 'any' AND j.only_in <> c.setting THEN {EXCLUDED} ELSE {APPLIES} END AS status, "
        f"count(*) AS n FROM j LEFT JOIN case_status c USING (case_row) GROUP BY ALL",
    ]
    check = (f"SELECT coalesce(sum(n) FILTER (WHERE status = 3), 0), "
             f"coalesce(sum(n) FILTER (WHERE status IN ({EXCLUDED}, {AWAITING})), 0) FROM judged")
    scorecard = f"""
WITH settings AS (
    SELECT s.setting, count(c.case_row) AS n FROM (VALUES ('custody'), ('community')) AS s(setting)
    LEFT JOIN cases c USING (setting) GROUP BY s.setting
),
conditional_open AS (
    SELECT setting, pos, count(*) AS open FROM (
        SELECT setting, unnest(statuses) AS status, generate_subscripts(statuses, 1) AS pos FROM case_status)
    WHERE status <> {EXCLUDED} GROUP BY setting, pos
),
answered AS (
    SELECT qi, setting, sum(n) FILTER (WHERE code = 1) AS yes, sum(n) FILTER (WHERE code = 2) AS no,
           sum(n) FILTER (WHERE code = 3) AS na, sum(n) AS answers
    FROM judged WHERE status = {APPLIES} GROUP BY qi, setting
),
open_cases AS (  -- cases where the question applies or awaits its source's answer
    SELECT q.qi, st.setting, st.n, CASE
        WHEN q.cond_pos IS NOT NULL THEN coalesce(co.open, 0)
        WHEN q.setting IN ('any', st.setting) THEN st.n ELSE 0 END AS open
    FROM questions q CROSS JOIN settings st
    LEFT JOIN conditional_open co ON co.setting = st.setting AND co.pos = q.cond_pos
),
tallies AS (  -- ScoringEngine's Tally per question and setting
    SELECT o.qi, o.setting, coalesce(a.yes, 0) AS sufficient, coalesce(a.no, 0) AS insufficient,
           o.n - o.open + coalesce(a.na, 0) AS not_applicable, o.open - coalesce(a.answers, 0) AS unanswered
    FROM open_cases o LEFT JOIN answered a ON a.qi = o.qi AND a.setting = o.setting
),
question_rows AS (
    SELECT 'question' AS level, 3 AS level_order, q.qi AS item_order, q.id, q.name, false AS judged,
           sum(t.sufficient) AS sufficient, sum(t.sufficient + t.insufficient) AS applicable,
           sum(t.not_applicable) AS not_applicable, sum(t.unanswered) AS unanswered,
           sum(t.sufficient) FILTER (WHERE t.setting = 'custody') AS custody_sufficient,
           sum(t.sufficient + t.insufficient) FILTER (WHERE t.setting = 'custody') AS custody_applicable,
           sum(t.sufficient) FILTER (WHERE t.setting = 'community') AS community_sufficient,
           sum(t.sufficient + t.insufficient) FILTER (WHERE t.setting = 'community') AS community_applicable
    FROM questions q JOIN tallies t USING (qi) WHERE q.kind = 'judgement'
    GROUP BY q.qi, q.id, q.name
),
score_rows AS (
    SELECT m.level, CASE m.level WHEN 'headline' THEN 0 WHEN 'section' THEN 1 ELSE 2 END AS level_order,
           m.item_order, m.id, m.name, m.judged,
           coalesce(sum(t.sufficient), 0) AS sufficient, coalesce(sum(t.sufficient + t.insufficient), 0) AS applicable,
           coalesce(sum(t.not_applicable), 0) AS not_applicable, coalesce(sum(t.unanswered), 0) AS unanswered,
           NULL AS custody_sufficient, NULL AS custody_applicable, NULL AS community_sufficient, NULL AS community_applicable
    FROM members m LEFT JOIN tallies t USING (qi)
    GROUP BY m.level, m.item_order, m.id, m.name, m.judged
),
scored AS (
    SELECT *, CASE WHEN judged OR applicable = 0 THEN NULL
                   ELSE (200 * sufficient + applicable) // (2 * applicable) END AS percent  -- whole %, half up
    FROM (SELECT * FROM score_rows UNION ALL SELECT * FROM question_rows)
)
SELECT s.level, s.id, s.name, s.sufficient, s.applicable, s.not_applicable, s.unanswered, s.percent, b.label AS band,
       s.custody_sufficient, s.custody_applicable, s.community_sufficient, s.community_applicable
FROM scored s LEFT JOIN bands b ON b.level = s.level AND s.percent BETWEEN b.low AND b.high
ORDER BY s.level_order, s.item_order
"""
    return setup, check, scorecard


COLUMNS = ["level", "id", "name", "sufficient", "applicable", "not_applicable", "unanswered", "percent", "band",
           "custody_sufficient", "custody_applicable", "community_sufficient", "community_applicable"]


def duckdb_floor_worker(arguments: argparse.Namespace) -> int:
    """DuckDB's floor on this data: read the judgements and count answers by question and answer, with no rules."""
    import duckdb

    connection = duckdb.connect()
    if arguments.threads:
        connection.execute(f"SET threads = {int(arguments.threads)}")
    rows = connection.execute(f"SELECT question_id, answer, count(*) FROM {read_csv(Path(arguments.judgements))} "
                              f"GROUP BY ALL").fetchall()
    print(len(rows))
    return 0


def duckdb_worker(arguments: argparse.Namespace) -> int:
    """Runs in its own process: connect, read the CSVs, compute the scorecard, fetch it and write it as CSV."""
    started = time.perf_counter()
    import duckdb

    imported = time.perf_counter()
    framework = load_framework(Path(arguments.framework_yaml))
    setup, check, scorecard = scorecard_statements(framework, Path(arguments.cases), Path(arguments.judgements))
    connection = duckdb.connect()
    if arguments.threads:
        connection.execute(f"SET threads = {int(arguments.threads)}")
    for statement in setup:
        connection.execute(statement)
    unusable, not_applying = connection.execute(check).fetchone()
    if unusable or not_applying:
        print(f"duckdb: {unusable} judgements name an unknown case or question or an answer the question does not "
              f"accept, and {not_applying} answer a question that does not apply to the case; yji refuses such files",
              file=sys.stderr)
        return 65
    rows = connection.execute(scorecard).fetchall()
    threads = connection.execute("SELECT current_setting('threads')").fetchone()[0]
    connection.close()
    finished = time.perf_counter()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(["" if value is None else value for value in row] for row in rows)
    sys.stdout.write(out.getvalue())
    print(json.dumps({"in_process_seconds": finished - imported, "import_seconds": imported - started,
                      "duckdb_version": duckdb.__version__, "threads": threads}), file=sys.stderr)
    return 0


# The benchmark ---------------------------------------------------------------------------------------------------

@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system, over all the process's threads
    output: str
    stderr: str


def timed(command: list[str]) -> Run:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    finished_process = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if finished_process.returncode != 0:
        sys.stderr.write(finished_process.stderr)
        print(f"duckdb_compare: exit status {finished_process.returncode} from: {' '.join(command)}", file=sys.stderr)
        raise SystemExit(2)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(seconds, cpu, finished_process.stdout, finished_process.stderr)


def table(text: str) -> list[list[str]]:
    return [row for row in csv.reader(io.StringIO(text))]


def compare(yji_rows: list[list[str]], duckdb_rows: list[list[str]]) -> list[str]:
    """A unified diff of the two tables, one CSV row a line; empty when they are identical."""
    def lines(rows):
        return [",".join(row) for row in rows]
    return list(difflib.unified_diff(lines(yji_rows), lines(duckdb_rows), "yji score --format csv", "duckdb", lineterm=""))


def human_size(path: Path) -> str:
    return f"{path.stat().st_size / 1_000_000:.1f} MB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("yji", nargs="?", help="the yji binary (a release build)")
    parser.add_argument("work", nargs="?", help="folder for the generated data (reused when already there)")
    parser.add_argument("size", nargs="?", default="smoke", choices=sorted(SIZES), help="smoke (500 cases) or full (47,400)")
    parser.add_argument("--cases", type=int, help="any other number of cases instead of the size's")
    parser.add_argument("--runs", type=int, help="timed runs of each tool (default: 3 smoke, 5 full)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--framework", default="cci", help="a shipped framework id or a framework YAML path")
    parser.add_argument("--threads", type=int, help="DuckDB threads (default: DuckDB's own, one per core)")
    parser.add_argument("--duckdb-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--duckdb-floor-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--framework-yaml", help=argparse.SUPPRESS)
    parser.add_argument("--cases-csv", dest="cases_file", help=argparse.SUPPRESS)
    parser.add_argument("--judgements-csv", dest="judgements_file", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.duckdb_worker or arguments.duckdb_floor_worker:
        arguments.cases, arguments.judgements = arguments.cases_file, arguments.judgements_file
        return duckdb_worker(arguments) if arguments.duckdb_worker else duckdb_floor_worker(arguments)
    if not arguments.yji or not arguments.work:
        parser.error("give the yji binary, a work folder and a size")
    yji = str(Path(arguments.yji).resolve())
    if not os.access(yji, os.X_OK):
        print(f"duckdb_compare: no yji binary at {yji}; build it with: swift build -c release --product yji", file=sys.stderr)
        return 2
    shipped = REPO / "Sources" / "YJICore" / "Frameworks" / f"{arguments.framework}.yaml"
    framework_yaml = shipped if shipped.exists() else Path(arguments.framework).resolve()
    cases = arguments.cases or SIZES[arguments.size]
    runs = arguments.runs or DEFAULT_RUNS[arguments.size]

    data = Path(arguments.work).resolve() / f"{framework_yaml.stem}-{cases}-seed{arguments.seed}"
    cases_csv, judgements_csv = data / "cases.csv", data / "judgements.csv"
    if not (cases_csv.exists() and judgements_csv.exists()):
        print(f"duckdb_compare: generating {cases:,} cases into {data}", flush=True)
        generated = subprocess.run([yji, "generate", "--framework", arguments.framework, "--cases", str(cases),
                                    "--seed", str(arguments.seed), "--out", str(data)], stdout=subprocess.DEVNULL)
        if generated.returncode != 0:
            print(f"duckdb_compare: yji generate exited with {generated.returncode}", file=sys.stderr)
            return 2
    load_at_start = os.getloadavg()
    with judgements_csv.open("rb") as file:
        judgements = sum(1 for _ in file) - 1

    yji_command = [yji, "score", "--framework", arguments.framework, "--cases", str(cases_csv),
                   "--judgements", str(judgements_csv), "--format", "csv"]
    def worker(mode: str) -> list[str]:
        return [sys.executable, str(Path(__file__).resolve()), mode, "--framework-yaml", str(framework_yaml),
                "--cases-csv", str(cases_csv), "--judgements-csv", str(judgements_csv)] \
            + (["--threads", str(arguments.threads)] if arguments.threads else [])
    duckdb_command = worker("--duckdb-worker")

    # The untimed warm-up runs give the tables to compare and put both files in the page cache.
    yji_first, duckdb_first = timed(yji_command), timed(duckdb_command)
    yji_rows, duckdb_rows = table(yji_first.output), table(duckdb_first.output)
    difference = compare(yji_rows, duckdb_rows)
    if difference:
        print("\n".join(difference[:200]))
        print(f"duckdb_compare: the tables differ ({len(yji_rows) - 1} rows from yji, {len(duckdb_rows) - 1} from DuckDB)")
        return 1

    yji_times, duckdb_times, duckdb_inside, yji_cpu, duckdb_cpu = [], [], [], [], []
    worker_info: dict = {}
    for _ in range(runs):
        for name in ("yji", "duckdb"):  # alternate, so load from other work on the machine falls on both
            run = timed(yji_command if name == "yji" else duckdb_command)
            expected = yji_first.output if name == "yji" else duckdb_first.output
            if run.output != expected:
                print(f"duckdb_compare: {name} gave a different table on a later run", file=sys.stderr)
                return 1
            if name == "yji":
                yji_times.append(run.seconds)
                yji_cpu.append(run.cpu_seconds)
            else:
                duckdb_times.append(run.seconds)
                duckdb_cpu.append(run.cpu_seconds)
                worker_info = json.loads(run.stderr.strip().splitlines()[-1])
                duckdb_inside.append(worker_info["in_process_seconds"])

    # For scale: DuckDB only reading the judgements and counting answers per question, with none of yji's rules.
    floor_times = [timed(worker("--duckdb-floor-worker")).seconds for _ in range(runs)]

    yji_median, duckdb_median = statistics.median(yji_times), statistics.median(duckdb_times)
    def times(values):
        return ", ".join(f"{v:.3f}" for v in values)
    print(f"data: {cases:,} cases ({human_size(cases_csv)}), {judgements:,} judgements ({human_size(judgements_csv)}), "
          f"framework {arguments.framework}, seed {arguments.seed}")
    levels = [row[0] for row in yji_rows[1:]]
    print(f"tables identical: {len(levels)} rows compared ("
          + ", ".join(f"{levels.count(level)} {level} rows" for level in dict.fromkeys(levels)) + ")")
    print(f"yji score: median {yji_median:.3f} s, best {min(yji_times):.3f} s over {runs} runs ({times(yji_times)})")
    print(f"duckdb {worker_info.get('duckdb_version')} ({worker_info.get('threads')} threads), as a subprocess: "
          f"median {duckdb_median:.3f} s, best {min(duckdb_times):.3f} s ({times(duckdb_times)})")
    print(f"duckdb without Python start-up and import: median {statistics.median(duckdb_inside):.3f} s")
    print(f"duckdb reading the judgements and counting answers per question, no rules (for scale): "
          f"median {statistics.median(floor_times):.3f} s")
    print(f"CPU time (user + system, median): yji {statistics.median(yji_cpu):.3f} s, "
          f"duckdb {statistics.median(duckdb_cpu):.3f} s")
    print(f"ratio yji/duckdb (medians, below 1 means yji is faster): {yji_median / duckdb_median:.2f}")
    def load(values):
        return " ".join(f"{v:.2f}" for v in values)
    print(f"load average (1, 5, 15 min) at the start: {load(load_at_start)}; at the end: {load(os.getloadavg())}; "
          f"{os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
