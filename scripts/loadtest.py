"""Load and fault test: the production stack under load while its database goes away and comes back.

What it runs, all on the loopback interface: gunicorn (2 sync workers) with the
production settings and the background worker, both reaching PostgreSQL
through a proxy this script can cut (scripts/tcp_proxy.py), against a database
of its own filled by `load_demo_content`. PostgreSQL itself is never
restarted, so nobody else using the server notices.

For each of 16 and 64 connections it drives, for a fixed time, the main pages
and the Declaration's sign-up journey (every question, Check your answers and
the final submit, each visitor from its own address). Halfway through, the
database "restarts": every connection through the proxy is dropped and new
ones are refused for a few seconds. It then prints, per run: requests per
second, p50 and p99 latency, 5xx responses and connection errors inside and
outside the outage window, sign-ups created against those the site
confirmed, duplicates, and how many seconds the web took to answer again
after the database came back. Finally it waits for the worker to send every
confirmation email and counts them: none missing, none twice.

It exits non-zero on any 5xx or error outside an outage window, a confirmed
sign-up that was not stored, a sign-up stored twice, or an email lost or
sent twice. The database `localdigital_loadtest` on 127.0.0.1:5432 is
created and dropped (LOADTEST_ADMIN_DSN names another server).

    .venv/bin/python scripts/loadtest.py [--duration 20] [--outage 3] [--connections 16 64]
"""

import argparse
import http.client
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path
from urllib.parse import urlencode

import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import GUNICORN, HOST, MANAGE, ROOT, BenchError, free_port, production_env, stop, tail  # noqa: E402
from bench import wait_until_healthy as wait_for_web  # noqa: E402
from tcp_proxy import CuttableProxy  # noqa: E402

DB_NAME = "localdigital_loadtest"
ADMIN_DSN = os.environ.get("LOADTEST_ADMIN_DSN", "host=127.0.0.1 port=5432 user=postgres dbname=postgres")
PAGES = ["/", "/about/", "/roadmap/", "/declaration/", "/declaration/signatories/", "/search/?q=digital"]
JOURNEY_SHARE = 4  # one visitor in this many signs up; the others read pages
REQUEST_TIMEOUT = 30
EMAIL_DEADLINE = 120  # seconds for the worker to send every email after the last run
ORGANISATION_PREFIX = "Loadtest Council "
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBMISSION_KEY = re.compile(r'name="submission_key" value="([^"]+)"')
PRINCIPLE_INPUT = re.compile(r'<input[^>]*name="principles"[^>]*>')
VALUE = re.compile(r'value="(\d+)"')


@dataclass
class Result:
    started: float
    ended: float
    status: int  # 0: no answer (connection refused, reset or timed out)
    kind: str


@dataclass
class Run:
    connections: int
    results: list = field(default_factory=list)
    confirmed: list = field(default_factory=list)  # organisation names the site said it stored
    cut_at: float = 0.0
    restored_at: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, result: Result) -> None:
        with self.lock:
            self.results.append(result)


class Visitor:
    """One browser: a keep-alive connection, cookies, and an address of its own."""

    def __init__(self, port: int, run: Run):
        self.port, self.run = port, run
        self.cookies: dict[str, str] = {}
        self.address = f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"  # noqa: S311
        self.conn = None

    def request(self, method: str, path: str, data: dict | None = None, kind: str = "page"):
        headers = {"X-Forwarded-For": self.address}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.run.record(Result(started, time.monotonic(), 0, kind))
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            return 0, b"", {}
        self.run.record(Result(started, time.monotonic(), response.status, kind))
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return response.status, content, dict(response.getheaders())

    def read_pages(self) -> None:
        self.request("GET", random.choice(PAGES))  # noqa: S311

    def sign_up(self) -> None:
        """The whole journey; gives up at the first answer that is not the expected one, as a person might."""
        self.cookies.clear()
        self.address = f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"  # noqa: S311
        name = ORGANISATION_PREFIX + uuid.uuid4().hex[:12]
        status, page, _ = self.request("GET", "/declaration/sign/organisation/", kind="journey")
        token = CSRF.search(page.decode(errors="replace")) if status == 200 else None
        if not token:
            return
        csrf = {"csrfmiddlewaretoken": token[1]}
        answers = [
            ("organisation", {"organisation_name": name, "organisation_type": "county_council", "region": "london"}),
            (
                "contact",
                {
                    "contact_name": "Jo Load",
                    "contact_job_title": "Tester",
                    "contact_email": f"{uuid.uuid4().hex}@load.example",
                },
            ),
        ]
        for step, data in answers:
            if self.request("POST", f"/declaration/sign/{step}/", {**data, **csrf}, kind="journey")[0] != 302:
                return
        status, page, _ = self.request("GET", "/declaration/sign/commitment/", kind="journey")
        principle = PRINCIPLE_INPUT.search(page.decode(errors="replace")) if status == 200 else None
        value = VALUE.search(principle[0]) if principle else None
        if not value:
            return
        commitment = {"title": "Load", "partners": "", "mission": "Test.", "impact": "None.", "principles": [value[1]]}
        approver = {
            "approver_name": "Al Load",
            "approver_job_title": "Chief",
            "approver_email": "approver@load.example",
        }
        for step, data in [("commitment", commitment), ("approver", approver)]:
            if self.request("POST", f"/declaration/sign/{step}/", {**data, **csrf}, kind="journey")[0] != 302:
                return
        status, page, _ = self.request("GET", "/declaration/sign/check/", kind="journey")
        key = SUBMISSION_KEY.search(page.decode(errors="replace")) if status == 200 else None
        if not key:
            return
        status, _, headers = self.request(
            "POST", "/declaration/sign/check/", {"submission_key": key[1], "website": "", **csrf}, kind="journey"
        )
        if status == 302 and headers.get("Location", "").endswith("/declaration/sign/submitted/"):
            with self.run.lock:
                self.run.confirmed.append(name)


def drive(port: int, run: Run, duration: float, outage: float, proxy: CuttableProxy) -> None:
    end = time.monotonic() + duration

    def visitor_loop(number: int) -> None:
        visitor = Visitor(port, run)
        while time.monotonic() < end:
            if number % JOURNEY_SHARE == 0:
                visitor.sign_up()
            else:
                visitor.read_pages()

    threads = [threading.Thread(target=visitor_loop, args=(n,), daemon=True) for n in range(run.connections)]
    for thread in threads:
        thread.start()
    time.sleep(duration / 2)
    run.cut_at = time.monotonic()
    proxy.cut()  # the database "restarts": connections dropped, new ones refused
    time.sleep(outage)
    proxy.restore()
    run.restored_at = time.monotonic()
    for thread in threads:
        thread.join(timeout=duration + REQUEST_TIMEOUT)


def response_headers(port: int, path: str) -> dict:
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return {name.lower(): value for name, value in response.getheaders()}
    finally:
        conn.close()


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def stored_sign_ups(database_url: str, names: list[str] | None = None) -> Counter:
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT o.name FROM declaration_commitment c JOIN organisations_organisation o ON o.id = c.organisation_id"
            " WHERE o.name LIKE %s",
            [ORGANISATION_PREFIX + "%"],
        ).fetchall()
    return Counter(name for (name,) in rows)


def summarise(run: Run, stored: Counter) -> dict:
    results = run.results
    answered = [r for r in results if r.status]
    first_success_after = min(
        (r.ended for r in answered if r.started >= run.restored_at and r.status < 500), default=run.restored_at
    )
    recovered_at = max(first_success_after, run.restored_at)

    def in_window(r: Result) -> bool:
        return r.ended >= run.cut_at and r.started <= recovered_at

    failed = [r for r in results if r.status == 0 or r.status >= 500]
    # Throughput and latency are for the time the database was there: the outage's quick
    # 503 pages would flatter them.
    steady = [r for r in results if not in_window(r)]
    outage_s = recovered_at - run.cut_at
    span = max(r.ended for r in results) - min(r.started for r in results) - outage_s if results else 1
    latencies = [(r.ended - r.started) * 1000 for r in steady if r.status]
    confirmed = set(run.confirmed)
    return {
        "connections": run.connections,
        "requests": len(results),
        "rps": len(steady) / span,
        "p50": statistics.median(latencies) if latencies else 0.0,
        "p99": percentile(latencies, 0.99),
        "failed_in_window": sum(1 for r in failed if in_window(r)),
        "failed_outside": sum(1 for r in failed if not in_window(r)),
        "status_4xx": sum(1 for r in answered if 400 <= r.status < 500),
        "confirmed": len(confirmed),
        "stored": sum(1 for name in confirmed if stored[name]),
        "lost": sorted(name for name in confirmed if not stored[name]),
        "duplicated": sorted(name for name, count in stored.items() if count > 1),
        "recover_s": recovered_at - run.restored_at,
    }


def sent_emails(folder: Path) -> Counter:
    recipients = Counter()
    for file in folder.iterdir():
        for raw in file.read_bytes().split(b"-" * 79):
            if raw.strip():
                recipients[message_from_bytes(raw.strip()).get("To")] += 1
    return recipients


def wait_for_emails(database_url: str, folder: Path) -> tuple[Counter, Counter, float]:
    """Wait until every stored sign-up's confirmation email has been sent; (expected, sent, seconds waited)."""
    started = time.monotonic()
    with psycopg.connect(database_url, autocommit=True) as conn:
        while True:
            expected = Counter(
                email
                for (email,) in conn.execute(
                    "SELECT c.contact_email FROM declaration_commitment c"
                    " JOIN organisations_organisation o ON o.id = c.organisation_id WHERE o.name LIKE %s",
                    [ORGANISATION_PREFIX + "%"],
                )
            )
            sent = sent_emails(folder)
            if all(sent[email] >= 1 for email in expected) or time.monotonic() - started > EMAIL_DEADLINE:
                return expected, sent, time.monotonic() - started
            time.sleep(1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load per run (default 20)")
    parser.add_argument("--outage", type=float, default=3.0, help="seconds the database is away (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="loadtest-"))
    emails = work / "emails"
    emails.mkdir()
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DB_NAME)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DB_NAME)))
    direct_url = f"postgres://postgres@{HOST}:5432/{DB_NAME}"
    proxy = CuttableProxy(target_port=5432).start()
    env = production_env(f"postgres://postgres@{HOST}:{proxy.port}/{DB_NAME}")
    env.update(
        CLIENT_IP_HEADER="X-Forwarded-For",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(emails),
        LOG_LEVEL="WARNING",
    )
    processes = []
    failures = []
    try:
        print("Preparing the site (migrate, demo content) ...", flush=True)
        for command in (
            ["migrate", "--no-input"],
            ["createcachetable"],
            ["collectstatic", "--no-input"],
            ["load_demo_content"],
        ):
            subprocess.run([*MANAGE, *command, "-v", "0"], cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
        port = free_port()
        web_log, worker_log = work / "gunicorn.log", work / "worker.log"
        with open(web_log, "w") as log:
            web = subprocess.Popen(  # noqa: S603
                [str(GUNICORN), "localdigital.wsgi:application", f"--bind={HOST}:{port}", f"--workers={args.workers}"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        with open(worker_log, "w") as log:
            worker = subprocess.Popen(  # noqa: S603
                [*MANAGE, "db_worker", "--no-startup-delay", "--interval", "0.2"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        processes = [web, worker]
        wait_for_web(web, port, web_log)
        headers = response_headers(port, "/")

        summaries = []
        for connections in args.connections:
            print(
                f"Load: {connections} connections for {args.duration:.0f} s, database away for "
                f"{args.outage:.0f} s halfway ...",
                flush=True,
            )
            run = Run(connections)
            drive(port, run, args.duration, args.outage, proxy)
            summaries.append(summarise(run, stored_sign_ups(direct_url)))

        expected, sent, waited = wait_for_emails(direct_url, emails)
        worker_alive = worker.poll() is None
        web_alive = web.poll() is None
    finally:
        for process in processes:
            stop(process)
        proxy.stop()

    print()
    print(
        "| Connections | Requests | Req/s (database up) | p50 ms | p99 ms | 5xx/errors in outage "
        "| 5xx/errors outside | 4xx | Sign-ups confirmed | Stored | Lost | Duplicated | Web answered again after |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for s in summaries:
        print(
            f"| {s['connections']} | {s['requests']} | {s['rps']:.1f} | {s['p50']:.0f} | {s['p99']:.0f} "
            f"| {s['failed_in_window']} | {s['failed_outside']} | {s['status_4xx']} | {s['confirmed']} "
            f"| {s['stored']} | {len(s['lost'])} | {len(s['duplicated'])} | {s['recover_s']:.1f} s |"
        )
        if s["failed_outside"]:
            failures.append(
                f"{s['failed_outside']} 5xx or errors outside the outage at {s['connections']} connections"
            )
        if s["lost"] or s["duplicated"]:
            failures.append(f"sign-ups lost {s['lost']} or duplicated {s['duplicated']}")
    missing = sorted(email for email in expected if not sent[email])
    doubled = sorted(email for email, count in sent.items() if count > 1)
    print(
        f"\nConfirmation emails: {sum(expected.values())} expected, {sum(sent.values())} sent, "
        f"{len(missing)} missing, {len(doubled)} sent twice; the worker finished {waited:.1f} s after the load."
    )
    reconnects = worker_log.read_text(errors="replace").count("Lost the database")
    print(
        f"Worker still running: {'yes' if worker_alive else 'NO'} (it lost the database {reconnects} times and "
        f"reconnected each time); web still running: {'yes' if web_alive else 'NO'}."
    )
    script_policy = next(
        (part for part in headers.get("content-security-policy", "").split(";") if "script-src" in part), "none"
    )
    print(
        f"Home page headers: Server: {headers.get('server', '(none)')}; {script_policy.strip()}; "
        f"Permissions-Policy {'set' if 'permissions-policy' in headers else 'MISSING'}."
    )
    if missing or doubled:
        failures.append(f"emails missing {missing[:5]} or doubled {doubled[:5]}")
    if not worker_alive or not web_alive:
        failures.append("a process died:\n" + tail(worker_log) + "\n" + tail(web_log))
    try:
        with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DB_NAME)))
    except psycopg.Error as error:
        print(f"(could not drop {DB_NAME}: {error})", file=sys.stderr)
    if failures:
        print("\nFAILED: " + "; ".join(failures) + f"\n(logs kept in {work})", file=sys.stderr)
        return 1
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (BenchError, subprocess.CalledProcessError) as error:
        output = getattr(error, "stderr", b"") or b""
        print(
            f"loadtest: {error}\n{output.decode(errors='replace') if isinstance(output, bytes) else output}",
            file=sys.stderr,
        )
        sys.exit(1)
