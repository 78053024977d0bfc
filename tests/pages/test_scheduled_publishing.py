import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.periodic import ensure_scheduled
from declaration.tasks import delete_unconfirmed_sign_ups
from notifications.tasks import delete_old_emails, sweep_bulk_email
from pages.tasks import PUBLISH_INTERVAL, publish_scheduled_content, tidy_up
from tests.factories.pages import StandardPageFactory

# The worker commits as it does in production, so these tests do too.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def waiting_runs(task=publish_scheduled_content):
    return DBTaskResult.objects.filter(task_path=task.module_path, status=TaskResultStatus.READY)


def test_the_worker_publishes_a_page_when_its_time_comes(home_page, client):
    page = StandardPageFactory(parent=home_page, title="Fund round 2", slug="round-2", live=False)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    page.save_revision().publish()  # scheduled, not live yet
    page.refresh_from_db()
    assert not page.live
    call_command("schedule_background_work", stdout=io.StringIO())

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1, minutes=1)):
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
        page.refresh_from_db()
        assert page.live
        assert client.get("/round-2/").status_code == 200
        # ... and it has queued its next run, a minute on.
        [next_run] = waiting_runs()
        assert next_run.run_after - timezone.now() <= PUBLISH_INTERVAL


def test_starting_the_schedule_twice_queues_one_run():
    assert ensure_scheduled(publish_scheduled_content) is True
    assert ensure_scheduled(publish_scheduled_content) is False

    assert waiting_runs().count() == 1


def test_deploying_starts_every_periodic_task_once():
    call_command("schedule_background_work", stdout=io.StringIO())
    call_command("schedule_background_work", stdout=io.StringIO())

    assert waiting_runs(publish_scheduled_content).count() == 1
    assert waiting_runs(delete_unconfirmed_sign_ups).count() == 1
    assert waiting_runs(tidy_up).count() == 1
    assert waiting_runs(delete_old_emails).count() == 1
    assert waiting_runs(sweep_bulk_email).count() == 1


def test_housekeeping_forgets_old_task_records_and_keeps_recent_ones():
    ensure_scheduled(publish_scheduled_content)
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    finished = DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL)
    assert finished.count() == 1
    recent = finished.get()

    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        ensure_scheduled(publish_scheduled_content)
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)  # one more, recent then
        tidy_up.call()

    assert not DBTaskResult.objects.filter(pk=recent.pk).exists()
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 1
