"""Measure the throughput and latency of the site's main pages under load.

What it measures: the production stack as deployed, minus the TLS proxy.
gunicorn (sync workers) runs localdigital.wsgi with the production settings
against a PostgreSQL database filled by `manage.py load_demo_content`, and
wrk drives each page in PAGES with a fixed number of open connections for a
fixed time. Every page is measured twice, by two runs of gunicorn: uncached
(PAGE_CACHE_SECONDS=0: each request renders the page, as before the page
cache) and cached (the page cache on, each page requested once first). For
every page it reports requests per second, p50 and p99 latency, errors
(non-2xx responses and socket errors), and whether the page answers a request
carrying its own ETag with 304. Each request says `Accept-Encoding: gzip,
deflate, br`, as browsers and calendar programs do. The cache is PostgreSQL's cache table, or
Redis with --redis-url (or BENCH_REDIS_URL), which it empties first.

A small hashed static file served by whitenoise from the same gunicorn is
measured too. It does no database or template work, so it shows the ceiling
of the server setup on this machine; each page's throughput is also given as
a ratio of it ("0.12x" means the page manages 12% of the static file's
requests per second).

Everything stays on the loopback interface. The script creates, and
afterwards drops, the database `localdigital_bench` on 127.0.0.1:5432 (user
postgres), unless BENCH_DATABASE_URL names another database, which is then
used as it is and never dropped. It exits non-zero when any target returned
errors.

    .venv/bin/python scripts/bench.py [--workers 2] [--duration 10] [--keep-db] [--redis-url redis://...]
"""

import argparse
import datetime
import http.client
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.prefix) / "bin"
MANAGE = [sys.executable, str(ROOT / "manage.py")]
GUNICORN = VENV_BIN / "gunicorn"
WRK = Path("/usr/bin/wrk")

# The principle that the bench signatories' commitments and news items all serve: the first.
BENCH_PRINCIPLE = "redesign-services-around-the-needs-of-the-people-using-them"

# The pages under test, as (name, path). Add a line here to measure a new page.
PAGES = [
    ("Home", "/"),
    ("About", "/about/"),
    ("Roadmap", "/roadmap/"),
    ("Declaration", "/declaration/"),
    ("Signatories", "/declaration/signatories/"),
    ("Signatory", "/declaration/signatories/hackney-council/"),
    ("Events", "/events/"),
    ("Event", "/events/bench-event-0001/"),
    ("Events feed (.ics)", "/events/feed.ics"),
    ("News", "/news/"),
    ("Principle", f"/declaration/principles/{BENCH_PRINCIPLE}/"),
    ("Search", "/search/?q=council"),
    ("Signatories (.csv)", "/declaration/signatories.csv"),
    ("Fund", "/fund/"),
    ("Published expressions of interest", "/fund/expressions-of-interest/"),
    ("Expression of interest", "/fund/expressions-of-interest/LDF-EOI-B0001/"),
    ("Funded projects", "/fund/projects/"),
    ("Grants (360Giving JSON)", "/fund/projects/grants.json"),
]

# The list of signatories is measured with this many of them.
SIGNATORY_COUNT = 1000
# Adds bench signatories, each with a signed commitment, up to SIGNATORY_COUNT in all.
SEED_SIGNATORIES = """
import datetime, uuid
from declaration.models import Commitment, Principle, Signatory
from organisations.models import Organisation
wanted = {count} - Signatory.objects.count()
signed_at = datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC)
organisations = Organisation.objects.bulk_create(
    Organisation(name=f"Bench Council {{n:04d}}", normalised_name=f"bench council {{n:04d}}",
                 slug=f"bench-council-{{n:04d}}", organisation_type="district_council", region="south_east")
    for n in range(wanted)
)
Signatory.objects.bulk_create(Signatory(organisation=o, signed_at=signed_at) for o in organisations)
commitments = Commitment.objects.bulk_create(
    Commitment(reference=f"LD-BENCH-{{n:04d}}", submission_key=uuid.uuid4(), organisation=organisation,
               status="signed", contact_name="Bench Contact", contact_job_title="Head of digital",
               contact_email="bench@example.gov.uk", title="A bench commitment", mission="Deliver.",
               impact="Residents benefit.", approver_name="Bench Approver", approver_job_title="Chief executive",
               approver_email="approver@example.gov.uk", signed_at=signed_at)
    for n, organisation in enumerate(organisations)
)
principle = Principle.objects.first()
Commitment.principles.through.objects.bulk_create(
    Commitment.principles.through(commitment=c, principle=principle) for c in commitments
)
print(f"Added {{len(organisations)}} signatories.")
"""

# The events list and feed are measured with this many events.
EVENT_COUNT = 2000
# Adds published bench events, one date each over the coming year, up to EVENT_COUNT in all.
SEED_EVENTS = """
import datetime
from django.utils import timezone
from core.formatting import UK_TIME_ZONE
from events.models import Event, Occurrence
wanted = {count} - Event.objects.count()
first = timezone.localdate() + datetime.timedelta(days=1)
events = Event.objects.bulk_create(
    Event(reference=f"LD-EVT-B{{n:04d}}", slug=f"bench-event-{{n:04d}}", status="published",
          published_at=timezone.now(), title=f"Bench event {{n}}", summary="A bench event.",
          description="Talks and time to chat.", event_type="meetup", format="in_person",
          start_date=first + datetime.timedelta(days=n % 365), end_date=first + datetime.timedelta(days=n % 365),
          start_time=datetime.time(18), end_time=datetime.time(20), venue_name="Bench Hall",
          address="1 Bench Street\\nLeeds", postcode="LS1 1XX", region="yorkshire_and_the_humber",
          booking_url="https://example.com/book", organiser_name="Bench Organiser",
          organiser_organisation="Bench Council", submitter_email="bench@example.com")
    for n in range(1, wanted + 1)
)
Occurrence.objects.bulk_create(
    Occurrence(event=e, start=datetime.datetime.combine(e.start_date, e.start_time, tzinfo=UK_TIME_ZONE),
               end=datetime.datetime.combine(e.end_date, e.end_time, tzinfo=UK_TIME_ZONE))
    for e in events
)
print(f"Added {{len(events)}} events.")
"""

# The news index and the principle page are measured with this many news items.
NEWS_COUNT = 1000
# Adds bench news items, each serving the bench principle, up to NEWS_COUNT in all.
SEED_NEWS = """
from declaration.models import Principle
from news.models import NewsIndexPage, NewsPage
from topics.models import Topic
from tests.factories.news import bulk_news
wanted = {count} - NewsPage.objects.count()
items = bulk_news(NewsIndexPage.objects.get(), wanted, topics=Topic.objects.all()[:1],
                  principles=[Principle.objects.get(slug="{principle}")])
print(f"Added {{len(items)}} news items.")
"""

# The published expressions of interest are measured with this many of them.
EOI_COUNT = 2000
# Adds published bench expressions of interest to the demo round, led by the bench signatories, up to EOI_COUNT.
SEED_EXPRESSIONS_OF_INTEREST = """
import uuid
from decimal import Decimal
from declaration.models import Principle
from funding.models import ExpressionOfInterest, Round, ServiceArea
from organisations.models import Organisation
wanted = {count} - ExpressionOfInterest.objects.filter(may_publish=True).count()
round_ = Round.objects.get(slug="demo-round")
leads = list(Organisation.objects.filter(slug__startswith="bench-council-")[:50])
areas = list(ServiceArea.values)
bids = ExpressionOfInterest.objects.bulk_create(
    ExpressionOfInterest(reference=f"LDF-EOI-B{{n:04d}}", submission_key=uuid.uuid4(), round=round_,
                         lead_organisation=leads[n % len(leads)], contact_name="Bench Lead",
                         contact_job_title="Head of digital", contact_email="bench.lead@example.gov.uk",
                         title=f"Bench bid {{n}}", problem="Residents cannot apply online.",
                         affected="Residents.", service_area=areas[n % len(areas)], phase="discovery",
                         estimated_cost=Decimal("75000"), may_publish=True)
    for n in range(1, wanted + 1)
)
principle = Principle.objects.get(slug="{principle}")
ExpressionOfInterest.principles.through.objects.bulk_create(
    ExpressionOfInterest.principles.through(expressionofinterest=bid, principle=principle) for bid in bids
)
print(f"Added {{len(bids)}} expressions of interest.")
"""

# A tiny file whitenoise serves with far-future cache headers, the baseline.
STATIC_NAME = "js/site.mjs"
# These match STATIC_ROOT and STATIC_URL in localdigital/settings/base.py.
STATIC_ROOT = ROOT / "staticfiles"
STATIC_URL = "/static/"

HOST = "127.0.0.1"  # Only ever loopback.
PG_ADMIN_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
BENCH_DB_NAME = "localdigital_bench"
STARTUP_TIMEOUT = 90  # seconds for gunicorn to answer /healthz (a busy machine is slow to import Django)

RESULT_MARKER = "BENCH_RESULT "
# wrk calls done() once, after the run. Each thread counts non-2xx responses
# itself (wrk's own errors.status only counts 4xx and 5xx); the latency
# percentiles are in microseconds and summary.duration too.
# What every browser and calendar program asks for: pages, feeds and files come gzip-compressed where they may.
ACCEPT_ENCODING = "gzip, deflate, br"

WRK_SCRIPT = """
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local non2xx_total = 0
  for _, thread in ipairs(threads) do
    non2xx_total = non2xx_total + thread:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format(
    '%s{"requests": %d, "duration_us": %d, "rps": %.2f, '
    .. '"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, "non_2xx": %d, '
    .. '"connect": %d, "read": %d, "write": %d, "timeout": %d}\\n',
    "MARKER", summary.requests, summary.duration,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, non2xx_total,
    e.connect, e.read, e.write, e.timeout))
end
""".replace("MARKER", RESULT_MARKER)


class BenchError(Exception):
    """A step failed; the message says which and why."""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument("--connections", type=int, default=16, help="open connections wrk keeps (default 16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per target (default 10)")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the bench database afterwards")
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", ""),
        help="the shared cache in Redis, emptied first (default BENCH_REDIS_URL; otherwise PostgreSQL's cache table)",
    )
    return parser.parse_args()


# Database ---------------------------------------------------------------------


def recreate_bench_database(database: str = BENCH_DB_NAME) -> str:
    """Drop and create a benchmark's own database (make bench's, unless named); return its URL."""
    try:
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
            name = sql.Identifier(database)
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
    except psycopg.Error as exc:
        raise BenchError(f"Could not create the database {database} ({PG_ADMIN_DSN}): {exc}") from exc
    return f"postgres://postgres@{HOST}:5432/{database}"


def drop_bench_database(database: str = BENCH_DB_NAME) -> None:
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))


# Django and gunicorn ------------------------------------------------------------


def production_env(database_url):
    env = os.environ.copy()
    env.update(
        DJANGO_SETTINGS_MODULE="localdigital.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=f"http://{HOST}",
        SECURE_SSL_REDIRECT="false",  # plain HTTP on loopback, no TLS proxy
        DATABASE_CACHE="true",  # the shared cache production needs, in PostgreSQL
    )
    return env


def manage(env, *args):
    """Run a manage.py command quietly; on failure show its output."""
    command = [*MANAGE, *args]
    print(f"  manage.py {args[0]}", flush=True)
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()
        raise BenchError(f"`manage.py {' '.join(args)}` failed (exit {result.returncode}):\n{output}")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def tail(path, lines=40):
    text = Path(path).read_text(errors="replace").splitlines()
    return "\n".join(text[-lines:])


def get(port, path, timeout=10):
    """GET a path on the loopback server without following redirects: (status, body)."""
    status, body, _ = request(port, path, timeout=timeout)
    return status, body


def wait_until_healthy(server, port, log_path):
    deadline = time.monotonic() + STARTUP_TIMEOUT
    last_problem = "no answer yet"
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"gunicorn exited with code {server.returncode} at start-up:\n{tail(log_path)}")
        try:
            status, body = get(port, "/healthz", timeout=2)
        except OSError as exc:
            last_problem = str(exc)
        else:
            # The web is up once it can serve (the database and the cache answer); the worker has its own check.
            if status == 200:
                return
            last_problem = f"HTTP {status}: {body.decode(errors='replace').strip()}"
        time.sleep(0.25)
    raise BenchError(
        f"gunicorn did not answer 200 on /healthz within {STARTUP_TIMEOUT} s ({last_problem}):\n{tail(log_path)}"
    )


def stop(server):
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def static_file_path():
    manifest_path = STATIC_ROOT / "staticfiles.json"
    try:
        manifest = json.loads(manifest_path.read_text())
        return STATIC_URL + manifest["paths"][STATIC_NAME]
    except (OSError, ValueError, KeyError) as exc:
        raise BenchError(f"No hashed name for {STATIC_NAME} in {manifest_path}: {exc!r}") from exc


# Load --------------------------------------------------------------------------


def run_wrk(port, path, args, script_path):
    url = f"http://{HOST}:{port}{path}"
    command = [
        str(WRK),
        f"--threads={args.threads}",
        f"--connections={args.connections}",
        f"--duration={args.duration}s",
        "--timeout=10s",
        f"--header=Accept-Encoding: {ACCEPT_ENCODING}",
        f"--script={script_path}",
        url,
    ]
    result = subprocess.run(command, capture_output=True, text=True)  # noqa: S603
    for line in result.stdout.splitlines():
        if line.startswith(RESULT_MARKER):
            return json.loads(line.removeprefix(RESULT_MARKER))
    raise BenchError(f"wrk gave no result for {url} (exit {result.returncode}):\n{result.stdout}{result.stderr}")


def version_of(command):
    try:
        result = subprocess.run(command, capture_output=True, text=True)  # noqa: S603
    except OSError:
        return "unknown"
    return (result.stdout + result.stderr).strip().splitlines()[0]


def measure(args, env, targets, log_path, *, check_not_modified):
    """Start gunicorn with this environment, check every target answers 200, and load each in turn.

    Returns [(name, path, wrk result, 304 handling)], the 304 handling being "304" when the
    page answers its own ETag with 304, or what it did instead.
    """
    port = free_port()
    command = [
        str(GUNICORN),
        "localdigital.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={args.workers}",
        "--worker-class=sync",
    ]
    print(f"Starting gunicorn on {HOST}:{port} with {args.workers} workers (log: {log_path})", flush=True)
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        wait_until_healthy(server, port, log_path)
        revalidation = {}
        for name, path in targets:
            status, body, headers = request(port, path)
            if status != 200:
                raise BenchError(
                    f"{name} ({path}) answered HTTP {status}, not 200:\n"
                    f"{body[:500].decode(errors='replace')}\n--- gunicorn log ---\n{tail(log_path)}"
                )
            etag = headers.get("ETag")
            if not check_not_modified:
                revalidation[path] = "-"
            elif not etag:
                revalidation[path] = "no ETag"
            else:
                revalidation[path] = str(request(port, path, {"If-None-Match": etag})[0])

        with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="bench-") as script:
            script.write(WRK_SCRIPT)
            script.flush()
            results = []
            for name, path in targets:
                print(f"Loading {name} ({path}) for {args.duration} s", flush=True)
                results.append((name, path, run_wrk(port, path, args, script.name), revalidation[path]))
    finally:
        stop(server)
    return results


def request(port, path, headers=None, timeout=10):
    """GET a path on the loopback server without following redirects: (status, body, headers)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        conn.close()


def print_report(args, database_url, cache_name, uncached, cached):
    print()
    print(f"Date:        {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}")
    print(f"Server:      {version_of([str(GUNICORN), '--version'])}, {args.workers} sync workers, production settings")
    print(
        f"Load:        wrk, {args.connections} connections, {args.threads} threads, {args.duration} s per target, "
        f"Accept-Encoding: {ACCEPT_ENCODING}"
    )
    print(f"Load tool:   {version_of([str(WRK), '--version']).split(' [')[0]}")
    print(f"Database:    {database_url.rsplit('@', 1)[-1]}")
    print(f"Cache:       {cache_name}")
    print(f"CPUs:        {os.cpu_count()}")
    print()
    print("Uncached: PAGE_CACHE_SECONDS=0, every request renders the page (as before the page cache).")
    print("Cached: the page cache on; each page was requested once before the load. Each mode has its own")
    print("static file run as the baseline of its ratio. 304: what the page answered to its own ETag.")
    print()

    headers = ["page", "URL", "uncached r/s", "p50", "p99", "ratio", "cached r/s", "p50", "p99", "ratio", "304"]
    uncached_static = uncached[-1][2]["rps"]
    cached_static = cached[-1][2]["rps"]
    rows = []
    for (name, path, before, _), (_, _, after, revalidation) in zip(uncached, cached, strict=True):
        rows.append(
            [
                name,
                path,
                f"{before['rps']:.1f}",
                f"{before['p50_ms']:.1f}",
                f"{before['p99_ms']:.1f}",
                f"{before['rps'] / uncached_static:.2f}×" if uncached_static else "-",
                f"{after['rps']:.1f}",
                f"{after['p50_ms']:.1f}",
                f"{after['p99_ms']:.1f}",
                f"{after['rps'] / cached_static:.2f}×" if cached_static else "-",
                revalidation,
            ]
        )
    numeric = set(range(2, 11))
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells):
        return " | ".join(
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i]) for i, cell in enumerate(cells)
        )

    print(line(headers))
    print("-+-".join("-" * w for w in widths))
    for row in rows:
        print(line(row))
    print("\nLatencies in ms; ratio: the page's requests per second over the static file's in the same mode.")

    failed = []
    for mode, results in (("uncached", uncached), ("cached", cached)):
        for name, path, r, _ in results:
            socket_errors = {k: r[k] for k in ("connect", "read", "write", "timeout") if r[k]}
            if r["non_2xx"] or socket_errors:
                failed.append(f"{name} ({mode})")
                detail = ", ".join(f"{k} {v}" for k, v in socket_errors.items())
                print(
                    f"\n{name} ({path}, {mode}): {r['non_2xx']} non-2xx responses of {r['requests']}"
                    + (f"; socket errors: {detail}" if detail else "")
                )
    return failed


def benchmark(args, database_url, log_path):
    env = production_env(database_url)
    if args.redis_url:
        env.pop("DATABASE_CACHE")
        env["REDIS_URL"] = args.redis_url
        subprocess.run(["redis-cli", "-u", args.redis_url, "FLUSHDB"], capture_output=True)  # noqa: S603, S607
    cache_name = f"Redis ({args.redis_url})" if args.redis_url else "PostgreSQL (DATABASE_CACHE=true)"
    print("Preparing the site:", flush=True)
    manage(env, "migrate", "--no-input")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    manage(env, "load_demo_content")
    manage(env, "shell", "--command", SEED_SIGNATORIES.format(count=SIGNATORY_COUNT))
    manage(env, "shell", "--command", SEED_EVENTS.format(count=EVENT_COUNT))
    manage(env, "shell", "--command", SEED_NEWS.format(count=NEWS_COUNT, principle=BENCH_PRINCIPLE))
    manage(
        env,
        "shell",
        "--command",
        SEED_EXPRESSIONS_OF_INTEREST.format(count=EOI_COUNT, principle=BENCH_PRINCIPLE),
    )
    manage(env, "update_index")
    targets = [*PAGES, ("Static file", static_file_path())]

    print("Uncached (PAGE_CACHE_SECONDS=0):", flush=True)
    uncached = measure(args, {**env, "PAGE_CACHE_SECONDS": "0"}, targets, log_path, check_not_modified=False)
    print("Cached:", flush=True)
    cached = measure(args, env, targets, log_path, check_not_modified=True)
    return print_report(args, database_url, cache_name, uncached, cached)


def main():
    args = parse_args()
    if not WRK.exists():
        print(f"wrk is not installed at {WRK}: install it with `apt-get install wrk`.", file=sys.stderr)
        return 1
    if not GUNICORN.exists():
        print(f"gunicorn is not installed at {GUNICORN}: run `make install`.", file=sys.stderr)
        return 1

    own_database = "BENCH_DATABASE_URL" not in os.environ
    log_dir = Path(tempfile.mkdtemp(prefix="bench-"))
    log_path = log_dir / "gunicorn.log"
    try:
        database_url = recreate_bench_database() if own_database else os.environ["BENCH_DATABASE_URL"]
        try:
            failed = benchmark(args, database_url, log_path)
        finally:
            if own_database and args.keep_db:
                print(f"\nKept the database {BENCH_DB_NAME} (--keep-db).")
            elif own_database:
                drop_bench_database()
    except BenchError as exc:
        print(f"\nbench: {exc}", file=sys.stderr)
        if log_path.exists():
            print(f"(gunicorn log kept in {log_path})", file=sys.stderr)
        else:
            shutil.rmtree(log_dir, ignore_errors=True)
        return 1
    shutil.rmtree(log_dir, ignore_errors=True)

    if failed:
        print(f"\nErrors on: {', '.join(failed)}.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
