"""Measure bulk email: one mailing to N people, sent by the real worker to a local SMTP sink.

For each N (1,000 and 100,000 unless --counts says otherwise) it records a mailing
with `notifications.bulk.create_mailing`, each person with their own unsubscribe
link and List-Unsubscribe headers, then starts `manage.py db_worker` with the
production settings and waits until the sink has every message and the database
records every delivery as sent. It prints emails per second (from the first
message the sink received to the last, and from the worker's start, which
includes its start-up), the worker's peak memory (its peak resident set size,
VmHWM) and how many messages reached somebody twice (the answer must be 0).

Everything stays on the loopback interface. The script creates, and afterwards
drops, the database `localdigital_bench_email` on 127.0.0.1:5432 (user
postgres). It exits non-zero if a message is missing or a duplicate arrived.

    .venv/bin/python scripts/bench_email.py [--counts 1000 100000] [--keep-db]
"""

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.bench import BenchError, drop_bench_database, recreate_bench_database  # noqa: E402
from scripts.smtp_sink import SmtpSink  # noqa: E402 - after the project is on the path

MANAGE = [sys.executable, str(ROOT / "manage.py")]
HOST = "127.0.0.1"
PG_ADMIN_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
BENCH_DB_NAME = "localdigital_bench_email"
TARGET_PER_SECOND = 500
# Records the mailing as an app does: a generator of recipients, written in chunks.
CREATE_MAILING = """
from notifications.bulk import Recipient, create_mailing
def recipients():
    for number in range({count}):
        url = f"https://localdigital.example.gov.uk/email-updates/unsubscribe/token-{{number}}/"
        yield Recipient(
            email=f"subscriber{{number}}@example.gov.uk",
            context={{"unsubscribe_url": url}},
            headers={{"List-Unsubscribe": f"<{{url}}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}},
        )
mailing = create_mailing(key="bench:{count}", subject="Local Digital news", template="test_email", context={{}},
                         recipients=recipients())
print(mailing.pk)
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 100_000], help="recipients per run")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the bench database afterwards")
    return parser.parse_args()


def production_env(database_url: str, sink_port: int) -> dict:
    env = os.environ.copy()
    env.update(
        DJANGO_SETTINGS_MODULE="localdigital.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=database_url,
        ALLOWED_HOSTS=HOST,
        SITE_URL=f"http://{HOST}",
        DATABASE_CACHE="true",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST=HOST,
        EMAIL_PORT=str(sink_port),
        GOVUK_NOTIFY_API_KEY="",
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run([*MANAGE, *args], cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode:
        raise BenchError(f"manage.py {args[0]} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return result.stdout


def sent_count(database_url: str, mailing_id: int) -> int:
    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as conn:
        return conn.execute(
            "SELECT count(*) FROM notifications_delivery WHERE mailing_id = %s AND status = 'sent'", [mailing_id]
        ).fetchone()[0]


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise BenchError("Could not read the worker's peak memory from /proc")


def run_once(database_url: str, count: int, log_dir: Path) -> dict:
    sink = SmtpSink(keep_messages=False).start()
    env = production_env(database_url, sink.port)
    try:
        print(f"  recording a mailing to {count:,} people", flush=True)
        started = time.monotonic()
        mailing_id = int(manage(env, "shell", "-c", CREATE_MAILING.format(count=count)).split()[-1])
        recorded_in = time.monotonic() - started
        first = sink.when_received(1)
        everything = sink.when_received(count)
        log = open(log_dir / f"worker-{count}.log", "w")  # noqa: SIM115 - closed below
        print("  sending with the worker", flush=True)
        worker_started = time.monotonic()
        worker = subprocess.Popen(  # noqa: S603 - the project's own command
            [*MANAGE, "db_worker", "--no-startup-delay", "--interval", "0.1", "--no-reload"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = max(120, count / 50)
            if not first.wait(timeout=deadline):
                raise BenchError(f"The worker sent nothing in {deadline:.0f} s; see {log.name}")
            first_at = time.monotonic()
            if not everything.wait(timeout=deadline):
                raise BenchError(f"The sink had {len(sink.recipients()):,} of {count:,} after {deadline:.0f} s")
            last_at = time.monotonic()
            while sent_count(database_url, mailing_id) < count:
                if worker.poll() is not None or time.monotonic() - last_at > 60:
                    raise BenchError(f"Not every delivery was recorded as sent; see {log.name}")
                time.sleep(0.2)
            time.sleep(1)  # anything sent twice would arrive now
            peak = peak_rss_mb(worker.pid)
        finally:
            worker.terminate()
            worker.wait(timeout=60)
            log.close()
        received = Counter(sink.recipients())
        return {
            "count": count,
            "recorded_in": recorded_in,
            "steady_rate": (count - 1) / max(last_at - first_at, 1e-9),
            "overall_rate": count / (last_at - worker_started),
            "peak_rss_mb": peak,
            "duplicates": sum(times - 1 for times in received.values()),
            "missing": count - len(received),
        }
    finally:
        sink.stop()


def print_report(results: list[dict]) -> None:
    print()
    print(f"Bulk email to a local SMTP sink, through the real worker (target: {TARGET_PER_SECOND} emails/s or more)")
    print(f"{'recipients':>10}  {'emails/s':>9}  {'incl. start-up':>14}  {'worker peak RSS':>15}  {'duplicates':>10}")
    for result in results:
        print(
            f"{result['count']:>10,}  {result['steady_rate']:>9,.0f}  {result['overall_rate']:>14,.0f}  "
            f"{result['peak_rss_mb']:>12.0f} MB  {result['duplicates']:>10}"
        )
    print("(emails/s from the first email received to the last; 'incl. start-up' from the worker's start)")


def main() -> int:
    args = parse_args()
    log_dir = Path(tempfile.mkdtemp(prefix="bench-email-"))
    try:
        database_url = recreate_bench_database(BENCH_DB_NAME)
        try:
            print("Preparing the database", flush=True)
            manage(production_env(database_url, 25), "migrate", "--no-input")
            manage(production_env(database_url, 25), "createcachetable")
            results = [run_once(database_url, count, log_dir) for count in args.counts]
        finally:
            if args.keep_db:
                print(f"Kept the database {BENCH_DB_NAME} (--keep-db).")
            else:
                drop_bench_database(BENCH_DB_NAME)
    except BenchError as exc:
        print(f"\nbench-email: {exc}", file=sys.stderr)
        return 1
    print_report(results)
    if any(result["duplicates"] or result["missing"] for result in results):
        print("\nSome emails were missing or sent twice.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
