#!/usr/bin/env python3
"""kill -9 under HTTP load: every save yji acknowledged must survive the server being killed mid-stream.

Serves a store on a free port of 127.0.0.1 (SQLite: `yji demo` on a fresh file; PostgreSQL: a fresh schema,
prepared with `yji inspection create`, `yji import cases` and `yji user add`, then `yji serve`), signs in, and
runs worker threads that keep saving judgements through the JSON API. Each worker owns its own (case, question)
pairs, so saves never conflict; every 2xx is recorded with its version, answer and note. After a few seconds the
server is killed with SIGKILL while requests are in flight, `yji check` looks at the store, the server is started
again on the same store and port (`yji serve`), and every acknowledged save is looked for: it must be there with
at least the acknowledged version, and with the acknowledged answer and note when the version is the same. Every
stored version must be accounted for by a request the workers sent (a save whose response was lost to the kill
may have been committed: that is allowed and reported), and the audit trail must hold exactly one entry per
version (a change and its audit row are written in one transaction).

Run it through Tests/faults/run.sh; by hand:

    python3 Tests/faults/kill_under_load.py --yji .build/debug/yji --backend sqlite --work /tmp/k
    python3 Tests/faults/kill_under_load.py --yji .build/debug/yji --backend postgres \
        --database postgres://postgres:PW@127.0.0.1:54329/postgres --work /tmp/k

Prints "kill -9 under HTTP load on sqlite: N saves acknowledged, 0 lost" and exits 1 if any is lost or the
store fails a check. Python 3 standard library only. postgres_restart.py reuses the helpers below.
"""

import argparse
import collections
import http.client
import http.cookies
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

# No request may take longer than this; one that does counts as a hang.
REQUEST_TIMEOUT = 10.0
# A debug build opening (and for the demo, filling) a database on two cores.
START_TIMEOUT = 120.0

DEMO_LEAD = ("lead@demo.yji.invalid", "demo-lead-password")
FAULT_ADMIN = ("admin@faults.yji.invalid", "faults-admin-password-not-secret")


def log(message):
    print(message, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------------------------------------ the yji process

class Server:
    """One yji process serving on 127.0.0.1:port, its output appended to a log file."""

    def __init__(self, yji, arguments, port, work, log_path, env=None):
        self.yji, self.arguments, self.port, self.work = yji, arguments, port, work
        self.log_path = log_path
        self.env = env
        self.process = None
        self.base = f"http://127.0.0.1:{port}"

    def start(self):
        with open(self.log_path, "ab") as out:
            out.write(f"\n===== {time.strftime('%H:%M:%S')} yji {' '.join(self.arguments)}\n".encode())
            out.flush()
            self.process = subprocess.Popen([self.yji] + self.arguments, cwd=self.work, stdout=out,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=self.env)
        return self

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def wait_healthy(self, timeout=START_TIMEOUT):
        """Waits for /health to answer 200; returns the seconds it took."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if not self.alive():
                raise TestFailure(f"yji exited with status {self.process.returncode} before /health answered 200\n"
                                  + self.log_tail())
            try:
                status, _, _ = http_request(self.base, "GET", "/health", timeout=2)
                if status == 200:
                    return time.monotonic() - started
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.1)
        raise TestFailure(f"{self.base}/health did not answer 200 within {timeout:.0f} s\n" + self.log_tail())

    def kill9(self):
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self, grace=15.0):
        """SIGTERM, then SIGKILL if it has not gone within `grace` seconds. Safe to call twice. Returns how it went,
        e.g. "exited 0 1.2 s after SIGTERM" (None when it was not running)."""
        if not self.alive():
            return None
        sent = time.monotonic()
        self.process.terminate()
        try:
            self.process.wait(grace)
            return f"exited {self.process.returncode} {time.monotonic() - sent:.1f} s after SIGTERM"
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return f"still running {grace:.0f} s after SIGTERM: killed"

    def log_tail(self, lines=30):
        try:
            with open(self.log_path, errors="replace") as f:
                tail = f.readlines()[-lines:]
        except OSError:
            return ""
        return "--- last lines of the yji log\n" + "".join(tail)


class TestFailure(Exception):
    """The test could not be carried out, or yji did something it must not."""


def run_yji(yji, arguments, work, env=None, check=True):
    """Runs a yji command to completion; returns (status, output)."""
    result = subprocess.run([yji] + arguments, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, env=env, timeout=300)
    output = result.stdout.decode(errors="replace")
    if check and result.returncode != 0:
        raise TestFailure(f"yji {' '.join(arguments)} exited with {result.returncode}:\n{output}")
    return result.returncode, output


def with_schema(url, schema):
    """The PostgreSQL URL with ?schema=NAME (replacing any schema it named)."""
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query) if k != "schema"] + [("schema", schema)]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def redact(url):
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)


def prepare_postgres(yji, url, work, cases=12):
    """A fresh schema with one CCI inspection of synthetic cases (no judgements) and an administrator.

    `yji demo` serves SQLite only, so this is the PostgreSQL equivalent: returns the inspection id."""
    generated = os.path.join(work, "generated")
    run_yji(yji, ["generate", "--framework", "cci", "--cases", str(cases), "--seed", "7", "--out", generated], work)
    _, output = run_yji(yji, ["inspection", "create", "--database", url, "--area", "Faultshire (synthetic)",
                              "--region", "Synthetic", "--framework", "cci", "--fieldwork-start", "2026-03-02",
                              "--fieldwork-end", "2026-03-06"], work)
    # The id is a line of its own; log lines (e.g. a PostgresNIO warning) may come with it.
    ids = [line.strip() for line in output.splitlines() if line.strip().isdigit()]
    if not ids:
        raise TestFailure(f"yji inspection create printed no id:\n{output}")
    inspection = int(ids[-1])
    run_yji(yji, ["import", "cases", "--inspection", str(inspection), os.path.join(generated, "cases.csv"),
                  "--database", url], work)
    env = dict(os.environ, YJI_PASSWORD=FAULT_ADMIN[1])
    run_yji(yji, ["user", "add", "--database", url, "--email", FAULT_ADMIN[0], "--role", "admin",
                  "--name", "Fault Test Admin"], work, env=env)
    return inspection


def drop_schema(url, schema):
    """Best effort, with psql when it is installed: removes a schema the test made on a server it did not start."""
    if not shutil.which("psql"):
        return
    parts = urllib.parse.urlsplit(url)
    plain = urllib.parse.urlunsplit(parts._replace(query=""))
    subprocess.run(["psql", plain, "-q", "-c", f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)


# ------------------------------------------------------------------------------------------------------ HTTP

def http_request(base, method, path, body=None, headers=None, timeout=None):
    """One request on a fresh connection; returns (status, [(header, value)], body bytes). Raises OSError or
    http.client.HTTPException when there is no response within `timeout` (default REQUEST_TIMEOUT)."""
    parts = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout or REQUEST_TIMEOUT)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def cookies_from(headers):
    jar = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            parsed = http.cookies.SimpleCookie()
            parsed.load(value)
            for key, morsel in parsed.items():
                jar[key] = morsel.value
    return jar


class Session:
    """A signed-in API session: the session cookie and the CSRF token for state-changing calls."""

    def __init__(self, base, cookie, csrf):
        self.base, self.cookie, self.csrf = base, cookie, csrf

    def get_json(self, path):
        status, _, body = http_request(self.base, "GET", path, headers={"Cookie": f"yji_session={self.cookie}"})
        if status != 200:
            raise TestFailure(f"GET {path} answered {status}: {body[:300]!r}")
        return json.loads(body)

    def put_json(self, path, value, timeout=None):
        return http_request(self.base, "PUT", path, body=json.dumps(value).encode(), timeout=timeout, headers={
            "Cookie": f"yji_session={self.cookie}", "X-CSRF-Token": self.csrf,
            "Content-Type": "application/json", "Accept": "application/json"})


def sign_in(base, email, password):
    """Signs in through the form, as a browser would, then asks the API for the CSRF token."""
    status, headers, _ = http_request(base, "GET", "/sign-in")
    form_token = cookies_from(headers).get("yji_signin")
    if status != 200 or not form_token:
        raise TestFailure(f"GET /sign-in answered {status} without a yji_signin cookie")
    form = urllib.parse.urlencode({"csrf": form_token, "email": email, "password": password}).encode()
    status, headers, body = http_request(base, "POST", "/sign-in", body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"yji_signin={form_token}"})
    cookie = cookies_from(headers).get("yji_session")
    if not cookie:
        raise TestFailure(f"signing in as {email} answered {status} without a session cookie: {body[:300]!r}")
    status, _, body = http_request(base, "GET", "/api/v1/session", headers={"Cookie": f"yji_session={cookie}"})
    if status != 200:
        raise TestFailure(f"GET /api/v1/session answered {status}: {body[:300]!r}")
    return Session(base, cookie, json.loads(body)["csrfToken"])


# ------------------------------------------------------------------------------------------- what to save

def independent_questions(yji, work, framework="cci"):
    """Judgement questions no other question depends on and that depend on none: changing their answers can never
    make another answer stand or fall, so concurrent saves in one case cannot refuse each other."""
    _, output = run_yji(yji, ["framework", "show", framework, "--format", "json"], work)
    questions = json.loads(output)["questions"]
    sources = {q["applicability"]["condition"]["question"] for q in questions if q["applicability"].get("condition")}
    return {q["id"] for q in questions
            if q["kind"] == "judgement" and not q["applicability"].get("condition") and q["id"] not in sources}


def choose_pairs(session, inspection, eligible, count, seed=11):
    """Unanswered (case, question) pairs that apply (from each case's `missing` list), spread over the cases."""
    cases = session.get_json(f"/api/v1/inspections/{inspection}/cases")
    by_case = [[(c["id"], q) for q in c["missing"] if q in eligible] for c in cases]
    rng = random.Random(seed)
    for options in by_case:
        rng.shuffle(options)
    pairs = []
    while len(pairs) < count and any(by_case):
        for options in by_case:
            if options and len(pairs) < count:
                pairs.append(options.pop())
    if len(pairs) < count:
        raise TestFailure(f"inspection {inspection} has only {len(pairs)} unanswered independent questions")
    return pairs


def find_inspection(session, framework="cci"):
    for inspection in session.get_json("/api/v1/inspections"):
        if inspection["framework"] == framework and inspection["status"] != "published":
            return inspection["id"]
    raise TestFailure(f"no {framework} inspection visible to the signed-in user")


# ------------------------------------------------------------------------------------------------- the load

class Pair:
    """What the test knows about one (case, question): versions acknowledged, requests with no response or refused,
    and versions revealed later (a 409 or the final read naming one of our own notes)."""

    def __init__(self, case, question, worker):
        self.case, self.question, self.worker = case, question, worker
        self.version = 0          # the version the next save is based on
        self.acked = []           # (version, answer, note)
        self.lost = {}            # note -> (answer, base version, error): no response at all
        self.refused = {}         # note -> (answer, base version, status, code): an HTTP error response
        self.revealed = {}        # version -> note, for saves whose response never said they were kept
        self.anomalies = []
        self.dead = False

    @property
    def key(self):
        return f"{self.case}/{self.question}"


class Load:
    """Worker threads saving judgements until stopped; every request is recorded with its outcome and timing."""

    def __init__(self, session, inspection, pairs, workers, run_id, max_requests_per_worker=20000):
        self.session, self.inspection, self.run_id = session, inspection, run_id
        self.pairs = [Pair(case, question, i % workers) for i, (case, question) in enumerate(pairs)]
        self.workers = workers
        self.max_requests = max_requests_per_worker
        self.stop_event = threading.Event()
        self.events = []          # dicts: t0, t1, worker, pair, outcome ("2xx", status, "no response"), ...
        self.lock = threading.Lock()
        self.threads = []
        self.last_success = [0.0] * workers
        self.exceptions = []

    def start(self):
        for worker in range(self.workers):
            thread = threading.Thread(target=self._guarded, args=(worker,), daemon=True, name=f"worker-{worker}")
            thread.start()
            self.threads.append(thread)

    def stop(self):
        self.stop_event.set()
        for thread in self.threads:
            thread.join(REQUEST_TIMEOUT + 10)
        hung = [t.name for t in self.threads if t.is_alive()]
        if hung:
            raise TestFailure(f"worker threads did not finish: {', '.join(hung)}")
        if self.exceptions:
            raise TestFailure("a worker failed:\n" + "\n".join(self.exceptions))

    def _guarded(self, worker):
        try:
            self._run(worker)
        except Exception as error:  # a bug in the test itself: make it visible
            import traceback
            self.exceptions.append(f"worker {worker}: {traceback.format_exc()}")

    def _run(self, worker):
        mine = [p for p in self.pairs if p.worker == worker]
        sequence = 0
        while not self.stop_event.is_set() and sequence < self.max_requests:
            live = [p for p in mine if not p.dead]
            if not live:
                return
            for pair in live:
                if self.stop_event.is_set():
                    return
                sequence += 1
                if not self._save(worker, pair, sequence):
                    time.sleep(0.05)   # pace retries while the server or its database is away

    def _save(self, worker, pair, sequence):
        """One PUT; returns whether it was acknowledged."""
        answer = "yes" if (sequence + worker) % 2 else "no"
        note = f"fault test {self.run_id} w{worker} #{sequence}"
        base_version = pair.version
        path = f"/api/v1/inspections/{self.inspection}/cases/{pair.case}/judgements/{pair.question}"
        event = {"worker": worker, "pair": pair.key, "note": note, "t0": time.monotonic()}
        try:
            status, _, body = self.session.put_json(path, {"answer": answer, "note": note,
                                                            "version": base_version or None})
        except (OSError, http.client.HTTPException) as error:
            event.update(t1=time.monotonic(), outcome="no response", error=type(error).__name__,
                         timeout=isinstance(error, (socket.timeout, TimeoutError)))
            pair.lost[note] = (answer, base_version, type(error).__name__)
            self._record(event)
            return False
        event.update(t1=time.monotonic(), status=status)
        try:
            document = json.loads(body) if body else {}
        except ValueError:
            document = {"unparsed": body[:200].decode(errors="replace")}
        if status in (200, 201):
            version = document.get("version")
            event["outcome"] = "2xx"
            if version != base_version + 1 or document.get("answer") != answer or document.get("note") != note:
                pair.anomalies.append(f"{status} for a save based on version {base_version} returned {document}")
            pair.acked.append((version, answer, note))
            pair.version = version if isinstance(version, int) else base_version + 1
            self.last_success[worker] = event["t1"]
        elif status == 409:
            event["outcome"] = "409"
            theirs = document.get("theirs")
            if theirs is None:
                pair.anomalies.append(f"409 for version {base_version} with nothing stored (an acknowledged save gone?)")
            else:
                if theirs["version"] <= base_version:
                    pair.anomalies.append(f"409 for version {base_version}: stored version went back to {theirs}")
                elif theirs.get("note") in pair.lost or theirs.get("note") in pair.refused:
                    pair.revealed[theirs["version"]] = theirs["note"]
                else:
                    pair.anomalies.append(f"409 for version {base_version}: changed by a save the test never sent: {theirs}")
                pair.version = theirs["version"]
        else:
            code = (document.get("error") or {}).get("code") if isinstance(document.get("error"), dict) else None
            event.update(outcome=str(status), code=code)
            if status == 422:
                pair.dead = True
                pair.anomalies.append(f"422 (question does not apply?): {document}")
            pair.refused[note] = (answer, base_version, status, code)
        self._record(event)
        return status in (200, 201)

    def _record(self, event):
        with self.lock:
            self.events.append(event)

    def acknowledged(self):
        return sum(len(p.acked) for p in self.pairs)


# ------------------------------------------------------------------------------------------------ checking

AUDIT_HEADER = re.compile(r"\s(create|update) judgement (\S+)\s*$")


def audit_versions(yji, database, inspection, work):
    """Per judgement ("CASE/QUESTION"), the versions its audit entries record, from `yji audit`."""
    _, output = run_yji(yji, ["audit", "--inspection", str(inspection), "--database", database], work)
    versions = collections.defaultdict(list)
    current = None
    for line in output.splitlines():
        header = AUDIT_HEADER.search(line)
        if header and not line.startswith(" "):
            current = header.group(2)
            continue
        if current and line.strip().startswith("after:"):
            try:
                versions[current].append(json.loads(line.split("after:", 1)[1])["version"])
            except (ValueError, KeyError):
                versions[current].append(None)
            current = None
        elif line and not line.startswith(" "):
            current = None
    return versions


def verify(session, inspection, load, audit=None):
    """Compares what the store holds with what the workers were told. Returns a dict of findings."""
    stored = {}
    for case in sorted({p.case for p in load.pairs}):
        for judgement in session.get_json(f"/api/v1/inspections/{inspection}/cases/{case}/judgements"):
            stored[f"{case}/{judgement['questionId']}"] = judgement
    lost, unexplained, audit_mismatch, refused_but_kept = [], [], [], []
    kept_without_response = 0
    for pair in load.pairs:
        have = stored.get(pair.key)
        last = pair.acked[-1] if pair.acked else None
        if last:
            if have is None:
                lost.append(f"{pair.key}: acknowledged version {last[0]} ({last[1]}), nothing stored")
                continue
            if have["version"] < last[0]:
                lost.append(f"{pair.key}: acknowledged version {last[0]}, stored version {have['version']}")
                continue
            if have["version"] == last[0] and (have["answer"], have["note"]) != (last[1], last[2]):
                lost.append(f"{pair.key}: acknowledged version {last[0]} '{last[1]}' ({last[2]}), stored "
                            f"'{have['answer']}' ({have['note']})")
                continue
        # Every stored version must be one of our saves: acknowledged, or revealed later to have been kept.
        known = {version: note for version, _, note in pair.acked}
        known.update(pair.revealed)
        if have is not None and have["version"] not in known:
            if have["note"] in pair.lost or have["note"] in pair.refused:
                pair.revealed[have["version"]] = have["note"]
                known[have["version"]] = have["note"]
            else:
                unexplained.append(f"{pair.key}: stored version {have['version']} ({have['note']}) is no save the test sent")
        top = have["version"] if have else 0
        missing = [v for v in range(1, top + 1) if v not in known]
        if missing:
            unexplained.append(f"{pair.key}: versions {missing} of {top} are not accounted for")
        for version, note in pair.revealed.items():
            if note in pair.refused:
                answer, base, status, code = pair.refused[note]
                refused_but_kept.append(f"{pair.key}: save '{note}' was answered {status} {code or ''} but kept as version {version}")
            else:
                kept_without_response += 1
        if audit is not None:
            recorded = audit.get(pair.key, [])
            if None in recorded or sorted(recorded) != list(range(1, top + 1)):
                audit_mismatch.append(f"{pair.key}: stored version {top}, audit entries for versions {recorded}")
        for anomaly in pair.anomalies:
            unexplained.append(f"{pair.key}: {anomaly}")
    return {"lost": lost, "unexplained": unexplained, "audit_mismatch": audit_mismatch,
            "refused_but_kept": refused_but_kept, "kept_without_response": kept_without_response,
            "stored": sum(1 for p in load.pairs if p.key in stored)}


def report_problems(findings, limit=20):
    problems = 0
    for name, title in [("lost", "LOST acknowledged saves"), ("unexplained", "versions not accounted for"),
                        ("audit_mismatch", "audit trail does not match the stored versions"),
                        ("refused_but_kept", "saves refused with an error response but kept")]:
        items = findings[name]
        if items:
            problems += len(items)
            log(f"  {title}: {len(items)}")
            for item in items[:limit]:
                log(f"    {item}")
    return problems


def status_counts(events, since=None, until=None):
    counter = collections.Counter()
    for event in events:
        if since is not None and event["t0"] < since:
            continue
        if until is not None and event["t0"] >= until:
            continue
        if event["outcome"] == "no response":
            counter["timeout" if event.get("timeout") else f"no response ({event.get('error')})"] += 1
        elif event.get("code"):
            counter[f"{event['outcome']} {event['code']}"] += 1
        else:
            counter[event["outcome"]] += 1
    return counter


def describe(counter):
    return ", ".join(f"{key} x{value}" for key, value in sorted(counter.items(), key=lambda kv: -kv[1])) or "none"


# ---------------------------------------------------------------------------------------------- the test

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--yji", required=True)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--database", help="postgres://... for --backend postgres (a fresh schema is added)")
    parser.add_argument("--work", required=True, help="an empty folder for the store, logs and generated files")
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--pairs-per-worker", type=int, default=6)
    parser.add_argument("--load-seconds", type=float, default=4.0)
    parser.add_argument("--drop-schema", action="store_true", help="drop the PostgreSQL schema afterwards if it passed")
    args = parser.parse_args()
    yji = os.path.abspath(args.yji)
    os.makedirs(args.work, exist_ok=True)
    started = time.monotonic()
    run_id = f"{os.getpid()}-{int(time.time())}"
    port = free_port()
    server_log = os.path.join(args.work, "server.log")
    server = None
    schema = None
    try:
        if args.backend == "sqlite":
            database = os.path.join(args.work, "kill.sqlite")
            server = Server(yji, ["demo", "--port", str(port), "--database", database], port, args.work, server_log).start()
            server.wait_healthy()
            credentials = DEMO_LEAD
        else:
            if not args.database:
                raise TestFailure("--backend postgres needs --database postgres://...")
            schema = f"yji_faults_kill_{run_id.replace('-', '_')}"
            database = with_schema(args.database, schema)
            prepare_postgres(yji, database, args.work)
            server = Server(yji, ["serve", "--database", database, "--port", str(port)], port, args.work, server_log).start()
            server.wait_healthy()
            credentials = FAULT_ADMIN
        label = "sqlite" if args.backend == "sqlite" else "postgresql"
        shown = database if args.backend == "sqlite" else redact(database)
        log(f"kill: yji serving {shown} on {server.base}")

        session = sign_in(server.base, *credentials)
        inspection = find_inspection(session)
        eligible = independent_questions(yji, args.work)
        pairs = choose_pairs(session, inspection, eligible, args.workers * args.pairs_per_worker)
        load = Load(session, inspection, pairs, args.workers, run_id)
        load.start()
        time.sleep(args.load_seconds)
        acked_before_kill = load.acknowledged()
        kill_at = time.monotonic()
        server.kill9()
        load.stop()
        in_flight = sum(1 for e in load.events if e["t0"] < kill_at and e["outcome"] == "no response")
        log(f"kill: SIGKILL after {args.load_seconds:.1f} s of load: {load.acknowledged()} saves acknowledged "
            f"({acked_before_kill} when the kill was sent), {len(load.events)} requests, {in_flight} in flight")

        check_status, check_output = run_yji(yji, ["check", "--database", database], args.work, check=False)
        check_line = check_output.strip().splitlines()[-1] if check_output.strip() else ""
        log(f"kill: yji check after the kill: exit {check_status}: {check_line}")

        server = Server(yji, ["serve", "--database", database, "--port", str(port)], port, args.work, server_log).start()
        restart_seconds = server.wait_healthy()
        session = sign_in(server.base, *credentials)
        audit = audit_versions(yji, database, inspection, args.work)
        findings = verify(session, inspection, load, audit)
        server.stop()

        log(f"kill: restarted in {restart_seconds:.1f} s; {findings['stored']} of {len(load.pairs)} judgements stored; "
            f"{findings['kept_without_response']} saves in flight at the kill were kept without a response (allowed)")
        problems = report_problems(findings)
        if check_status != 0:
            log(f"  yji check failed:\n{check_output}")
            problems += 1
        lost = len(findings["lost"])
        log(f"kill -9 under HTTP load on {label}: {load.acknowledged()} saves acknowledged, {lost} lost "
            f"({args.workers} workers, {len(load.pairs)} judgements, {time.monotonic() - started:.0f} s)")
        if problems:
            log(f"kill: FAILED; the server log and store are in {args.work}")
            return 1
        if schema and args.drop_schema:
            drop_schema(args.database, schema)
        return 0
    except TestFailure as failure:
        log(f"kill: FAILED: {failure}")
        if server is not None:
            log(server.log_tail())
        return 1
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
