"""The background worker survives the database going away, sends each email once, names the task in hand,
and the worker check (/healthz/worker) and the admin's report watch it."""

import datetime
from email import message_from_bytes
from pathlib import Path

import pytest
import time_machine
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


@pytest.fixture
def frozen_clock():
    """The clock stands still, so the ages the check reports are exact."""
    with time_machine.travel(timezone.now(), tick=False):
        yield


def heartbeat(worker_id="w1", seconds_ago=0):
    seen = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    return WorkerHeartbeat.objects.create(worker_id=worker_id, started_at=seen, seen_at=seen)


def worker_check(client):
    response = client.get("/healthz/worker")
    return response.status_code, response.json()


@pytest.mark.usefixtures("frozen_clock")
@pytest.mark.django_db
def test_the_worker_check_is_ok_while_a_worker_sends_heartbeats(client):
    heartbeat(seconds_ago=5)

    status, body = worker_check(client)

    assert status == 200
    assert body["status"] == "ok"
    assert body["problems"] == []
    assert body["newest_heartbeat"]["seconds_ago"] == 5
    assert body["tasks_in_hand"] == []
    assert body["oldest_waiting_task"]["task"] is None


@pytest.mark.django_db
def test_the_worker_check_fails_when_no_worker_has_started(client):
    status, body = worker_check(client)

    assert status == 503
    assert body["problems"] == ["No background worker has started"]


@pytest.mark.usefixtures("frozen_clock")
@pytest.mark.django_db
@pytest.mark.parametrize(("seconds_ago", "expected"), [(59, 200), (60, 200), (61, 503)])
def test_the_worker_check_fails_once_the_heartbeat_is_older_than_the_limit(client, settings, seconds_ago, expected):
    settings.WORKER_HEARTBEAT_MAX_AGE = 60
    heartbeat("old", seconds_ago=3600)  # a bystander: an older worker, long gone
    heartbeat(seconds_ago=seconds_ago)

    status, body = worker_check(client)

    assert status == expected
    if expected == 503:
        assert body["problems"] == ["No background worker has sent a heartbeat for 61 seconds"]


@pytest.mark.django_db
def test_a_silent_worker_fails_the_worker_check_but_not_the_load_balancers(client):
    heartbeat(seconds_ago=600)

    assert client.get("/healthz").status_code == 200
    assert worker_check(client)[0] == 503


def holding(worker_id, task, seconds_ago):
    """The heartbeat a worker wrote just before it started `task`, `seconds_ago`."""
    started = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    task.started_at = started
    task.save()
    return WorkerHeartbeat.objects.create(
        worker_id=worker_id,
        started_at=started,
        seen_at=started,
        task_id=task.pk,
        task_path=task.task_path,
        task_started_at=started,
    )


@pytest.mark.usefixtures("frozen_clock")
@pytest.mark.django_db
@pytest.mark.parametrize(("seconds", "expected"), [(599, 200), (600, 200), (601, 503)])
def test_a_task_run_past_its_time_limit_fails_the_worker_check(client, settings, seconds, expected):
    settings.WORKER_TASK_TIME_LIMIT = 600
    holding("busy", running_task("busy"), seconds_ago=seconds)
    heartbeat("idle", seconds_ago=3)  # a bystander, waiting for work

    status, body = worker_check(client)

    assert status == expected
    [task] = body["tasks_in_hand"]
    assert task["task"] == "notifications.tasks.deliver_email"
    assert task["seconds"] == seconds
    assert task["past_time_limit"] is (expected == 503)
    if expected == 503:
        assert body["problems"] == [
            "Task notifications.tasks.deliver_email has run for 601 seconds, past its time limit of 600"
        ]


@pytest.mark.usefixtures("frozen_clock")
@pytest.mark.django_db
def test_a_worker_inside_a_long_task_within_its_limit_is_busy_not_silent(client, settings):
    settings.WORKER_HEARTBEAT_MAX_AGE, settings.WORKER_TASK_TIME_LIMIT = 60, 600
    holding("busy", running_task("busy"), seconds_ago=300)

    status, body = worker_check(client)

    assert status == 200
    assert body["newest_heartbeat"]["seconds_ago"] == 300


@pytest.mark.django_db
def test_a_task_that_finished_is_no_longer_in_hand(client):
    task = running_task("w1")
    holding("w1", task, seconds_ago=9000)
    task.status = TaskResultStatus.SUCCESSFUL
    task.save()
    heartbeat("w2", seconds_ago=1)

    status, body = worker_check(client)

    assert status == 200
    assert body["tasks_in_hand"] == []


def waiting_task(seconds_ago, to="someone@example.gov.uk"):
    task = DBTaskResult.objects.create(
        task_path="notifications.tasks.deliver_email",
        status=TaskResultStatus.READY,
        args_kwargs={"args": [to], "kwargs": {}},
        backend_name="default",
        queue_name="default",
        run_after=get_date_max(),
    )
    queued = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=queued)
    return task


@pytest.mark.usefixtures("frozen_clock")
@pytest.mark.django_db
@pytest.mark.parametrize(("seconds", "expected"), [(299, 200), (300, 200), (301, 503)])
def test_a_task_that_waits_past_the_threshold_fails_the_worker_check(client, settings, seconds, expected):
    settings.WORKER_QUEUE_MAX_WAIT = 300
    heartbeat(seconds_ago=1)
    waiting_task(seconds_ago=seconds)
    waiting_task(seconds_ago=10)  # a bystander, queued since
    later = waiting_task(seconds_ago=9999)
    later.run_after = timezone.now() + datetime.timedelta(hours=1)  # not due yet, so not waiting
    later.save()

    status, body = worker_check(client)

    assert status == expected
    assert body["oldest_waiting_task"]["task"] == "notifications.tasks.deliver_email"
    assert body["oldest_waiting_task"]["seconds"] == seconds
    if expected == 503:
        assert body["problems"] == [
            "Task notifications.tasks.deliver_email has waited 301 seconds to run, longer than 300"
        ]


@pytest.mark.usefixtures("frozen_clock")
@pytest.mark.django_db
def test_the_worker_check_counts_tasks_failed_in_the_last_hour_and_shows_no_personal_detail(client):
    heartbeat(seconds_ago=1)
    for minutes_ago in (10, 59, 61, 600):
        task = waiting_task(seconds_ago=0, to="private.person@example.gov.uk")
        task.status = TaskResultStatus.FAILED
        task.finished_at = timezone.now() - datetime.timedelta(minutes=minutes_ago)
        task.save()
    holding("w2", running_task("w2"), seconds_ago=5)

    response = client.get("/healthz/worker")

    assert response.status_code == 200
    assert response.json()["failed_in_last_hour"] == 2
    assert b"private.person" not in response.content
    assert b"w2" not in response.content  # worker ids stay in the admin
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_worker_check_answers_head(client):
    heartbeat(seconds_ago=1)

    head = client.head("/healthz/worker")

    assert head.status_code == 200
    assert head.content == b""


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


@pytest.mark.usefixtures("frozen_clock")
@pytest.mark.django_db
@pytest.mark.parametrize(("seconds", "requeued"), [(600, False), (601, True)])
def test_a_task_held_by_a_silent_worker_is_queued_again_only_past_its_time_limit(settings, seconds, requeued):
    settings.WORKER_HEARTBEAT_MAX_AGE, settings.WORKER_TASK_TIME_LIMIT = 60, 600
    task = running_task("stuck")
    holding("stuck", task, seconds_ago=seconds)
    heartbeat("alive", seconds_ago=1)
    bystander = running_task("alive")

    assert requeue_abandoned_tasks() == int(requeued)

    task.refresh_from_db()
    bystander.refresh_from_db()
    assert task.status == (TaskResultStatus.READY if requeued else TaskResultStatus.RUNNING)
    assert bystander.status == TaskResultStatus.RUNNING


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


def ready(task_path, args, queue_name="default"):
    return DBTaskResult.objects.create(
        task_path=task_path,
        args_kwargs={"args": args, "kwargs": {}},
        backend_name="default",
        queue_name=queue_name,
        run_after=get_date_max(),
    )


# The worker's loop commits, and closes connections, as in production.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_workers_main_loop_names_the_task_in_hand_in_its_heartbeat_and_clears_it_after(flaky):
    task = ready(f"{flaky.__name__}.reads_the_heartbeat", ["w1"])
    elsewhere = ready(f"{flaky.__name__}.reads_the_heartbeat", ["w1"], queue_name="other")

    a_worker().run()  # in batch mode: runs what is ready on its queue, then stops

    task.refresh_from_db()
    elsewhere.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.return_value == [f"{flaky.__name__}.reads_the_heartbeat", True]
    assert elsewhere.status == TaskResultStatus.READY
    heartbeat = WorkerHeartbeat.objects.get(worker_id="w1")
    assert heartbeat.task_path == ""
    assert heartbeat.task_started_at is None
    assert (timezone.now() - heartbeat.seen_at).total_seconds() < 5


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.gov.uk", "password"))
    return client


@pytest.mark.django_db
def test_the_admins_report_of_background_work_shows_a_task_run_past_its_time_limit(
    superuser_client, settings, home_page
):
    settings.WORKER_TASK_TIME_LIMIT = 600
    holding("stuck-worker", running_task("stuck-worker"), seconds_ago=700)
    heartbeat("idle-worker", seconds_ago=3)
    heartbeat("gone-worker", seconds_ago=3600)

    html = superuser_client.get("/admin/reports/background-work/").content.decode()

    rows = {name: html[html.index(name) :][:2000] for name in ("stuck-worker", "idle-worker", "gone-worker")}
    assert "Running a task past its time limit" in rows["stuck-worker"]
    assert "notifications.tasks.deliver_email" in rows["stuck-worker"]
    assert "Waiting for work" in rows["idle-worker"]
    assert "Silent" in rows["gone-worker"]
    assert "/admin/reports/background-work/" in superuser_client.get("/admin/").content.decode()  # in the menu


@pytest.mark.django_db
def test_staff_without_permission_cannot_see_the_report_of_background_work(client, django_user_model, home_page):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("editor", "editor@example.gov.uk", "password")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)

    assert client.get("/admin/reports/background-work/").status_code == 302
    assert "background-work" not in client.get("/admin/").content.decode()


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
        wait_for(lambda: Client().get("/healthz/worker").status_code == 200, "the worker check to pass", deadline=15)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        proxy.stop()
        log.seek(0)
        output = log.read()
        log.close()
    assert "Lost the database" in output, output[-3000:]
