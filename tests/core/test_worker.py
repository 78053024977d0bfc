"""The background worker survives the database going away, sends each email once, and /healthz watches it."""

import datetime
from email import message_from_bytes
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from core.models import WorkerHeartbeat
from core.worker import MAX_RUNS, ResilientWorker, requeue_abandoned_tasks
from notifications.models import OutboundEmail
from notifications.services import send_email
from scripts.tcp_proxy import CuttableProxy
from tests.support import flaky_tasks
from tests.support.real_worker import WORKER_DEADLINE, database_url, start_worker, wait_for


def heartbeat(worker_id="w1", seconds_ago=0):
    seen = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    return WorkerHeartbeat.objects.create(worker_id=worker_id, started_at=seen, seen_at=seen)


@pytest.mark.django_db
def test_healthz_is_ok_while_a_worker_sends_heartbeats(client):
    heartbeat(seconds_ago=5)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content.decode() == "OK\nBackground worker seen 5 seconds ago\n"


@pytest.mark.django_db
def test_healthz_is_unhealthy_when_no_worker_has_started(client):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"No background worker has started\n"


@pytest.mark.django_db
def test_healthz_is_unhealthy_when_the_workers_heartbeat_stopped(client, settings):
    settings.WORKER_HEARTBEAT_MAX_AGE = 60
    heartbeat(seconds_ago=61)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"No background worker has sent a heartbeat for 61 seconds\n"


def running_task(worker_id):
    return DBTaskResult.objects.create(
        task_path="notifications.tasks.deliver_email",
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now(),
        worker_ids=[worker_id],
        args_kwargs={"args": [1], "kwargs": {}},
        backend_name="default",
        queue_name="default",
        priority=0,
        run_after=timezone.now(),
    )


@pytest.mark.django_db
def test_a_task_left_running_by_a_worker_that_died_is_queued_again():
    heartbeat("alive", seconds_ago=5)
    heartbeat("dead", seconds_ago=600)
    busy, abandoned = running_task("alive"), running_task("dead")

    assert requeue_abandoned_tasks() == 1

    busy.refresh_from_db()
    abandoned.refresh_from_db()
    assert busy.status == TaskResultStatus.RUNNING
    assert abandoned.status == TaskResultStatus.READY


@pytest.mark.django_db
def test_a_worker_that_reconnects_queues_its_own_interrupted_task_again():
    heartbeat("me", seconds_ago=1)
    interrupted = running_task("me")

    assert requeue_abandoned_tasks(own_worker_id="me") == 1

    interrupted.refresh_from_db()
    assert interrupted.status == TaskResultStatus.READY


def claimed(task_path, args, runs_so_far=1):
    """A task as the worker holds it once it has claimed it: running, with one worker id per run."""
    return DBTaskResult.objects.create(
        task_path=task_path,
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now(),
        worker_ids=["w1"] * runs_so_far,
        args_kwargs={"args": args, "kwargs": {}},
        backend_name="default",
        queue_name="default",
        priority=0,
        run_after=get_date_max(),  # no "run after": how the queue stores a task to run at once
    )


@pytest.fixture
def flaky():
    """The test tasks count their runs from nothing."""
    flaky_tasks.runs.clear()
    return flaky_tasks


def a_worker():
    worker = ResilientWorker(
        queue_names=["default"],
        interval=1,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="w1",
        excluded_queue_names=[],
    )
    worker.interrupted = set()
    return worker


@pytest.mark.django_db
def test_a_task_the_database_failed_under_is_queued_again_and_then_succeeds(flaky):
    result = claimed(f"{flaky.__name__}.loses_the_database_the_first_times", ["welcome-email", 1])

    a_worker().run_task(result)
    result.refresh_from_db()
    assert result.status == TaskResultStatus.READY

    result.status, result.worker_ids = TaskResultStatus.RUNNING, ["w1", "w1"]
    result.save()
    a_worker().run_task(result)
    result.refresh_from_db()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "welcome-email done"


@pytest.mark.django_db
def test_a_task_that_fails_for_its_own_reasons_is_not_run_again(flaky):
    result = claimed(f"{flaky.__name__}.has_a_bug", ["broken"])

    a_worker().run_task(result)

    result.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED
    assert result.exception_class_path == "builtins.ValueError"


@pytest.mark.django_db
def test_a_task_the_database_keeps_failing_under_gives_up_after_its_last_run(flaky):
    result = claimed(f"{flaky.__name__}.loses_the_database_the_first_times", ["doomed", 99], runs_so_far=MAX_RUNS)

    a_worker().run_task(result)

    result.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED
    assert result.exception_class_path == "django.db.utils.OperationalError"


def queue_emails(prefix: str, count: int) -> None:
    with transaction.atomic():
        for number in range(count):
            send_email(to=f"{prefix}{number}@example.gov.uk", subject="Test", template="test_email")


def recipients_in(folder: Path) -> list[str]:
    recipients = []
    for file in folder.iterdir():
        # The file backend writes each message followed by a line of dashes.
        for raw in file.read_bytes().split(b"-" * 79):
            if raw.strip():
                recipients.append(message_from_bytes(raw.strip()).get("To"))
    return recipients


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_rides_out_database_outages_and_sends_every_email_once(settings, tmp_path, live_server):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    proxy = CuttableProxy(target_port=int(connection.settings_dict["PORT"] or 5432)).start()
    log = open(tmp_path / "worker.log", "w+")  # noqa: SIM115 - read after the worker stops
    emails = tmp_path / "emails"
    emails.mkdir()
    worker = start_worker(log, DATABASE_URL=database_url(port=proxy.port), EMAIL_FILE_PATH=str(emails))
    try:
        wait_for(lambda: WorkerHeartbeat.objects.exists(), "the worker's first heartbeat")
        sent = OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT)

        # Three outages, each with emails waiting in the queue: connections dropped, and new
        # ones refused until the worker has tried and failed, as during a restart of PostgreSQL.
        # (make loadtest also cuts the database while the worker is in the middle of sending.)
        for outage in range(3):
            proxy.cut()
            queue_emails(f"during-outage-{outage}-", 15)
            # The web keeps answering from its own connections, which are cut too.
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            assert Client().get("/healthz").status_code in (200, 503)
            assert proxy.refusal.wait(timeout=WORKER_DEADLINE), "the worker did not try to reconnect"
            assert sent.count() == 15 * outage, "nothing is sent while the database is away"
            proxy.restore()
            wait_for(lambda outage=outage: sent.count() == 15 * (outage + 1), f"the emails of outage {outage}")

        assert worker.poll() is None, "the worker stopped"
        assert sorted(recipients_in(emails)) == sorted(OutboundEmail.objects.values_list("to", flat=True))
        assert len(recipients_in(emails)) == 45  # each email once: none lost, none twice
        # A task cut off after its email was recorded as sent runs again once the worker is back,
        # finds it sent, and finishes.
        unfinished = DBTaskResult.objects.filter(status__in=[TaskResultStatus.RUNNING, TaskResultStatus.READY])
        wait_for(lambda: not unfinished.exists(), "every interrupted task to be run again and finish")
        assert len(recipients_in(emails)) == 45
        wait_for(lambda: Client().get("/healthz").status_code == 200, "/healthz to answer 200", deadline=15)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        proxy.stop()
        log.seek(0)
        output = log.read()
        log.close()
    assert "Lost the database" in output, output[-3000:]
