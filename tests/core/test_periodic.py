"""Periodic work at a time of day in UK time: daily at 7am, weekly on Monday, across the clock change."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.formatting import UK_TIME_ZONE
from core.periodic import DailyAt, PeriodicTask, WeeklyAt, run_then_reschedule

SEVEN_AM = DailyAt(datetime.time(7))
MONDAY_SEVEN_AM = WeeklyAt(datetime.time(7), weekday=0)
done: list[str] = []


def uk(*args):
    return datetime.datetime(*args, tzinfo=UK_TIME_ZONE)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (uk(2026, 6, 10, 6, 59, 59), uk(2026, 6, 10, 7)),  # a second before: today
        (uk(2026, 6, 10, 7), uk(2026, 6, 11, 7)),  # on the dot: it has just run, so tomorrow
        (uk(2026, 6, 10, 7, 0, 1), uk(2026, 6, 11, 7)),
        # The clocks go forward at 1am on Sunday 29 March 2026 and back at 2am on 25 October.
        (uk(2026, 3, 28, 7), uk(2026, 3, 29, 7)),
        (uk(2026, 10, 24, 7), uk(2026, 10, 25, 7)),
    ],
)
def test_a_daily_task_runs_at_seven_in_uk_time(now, expected):
    next_run = SEVEN_AM.next_run(now.astimezone(datetime.UTC))

    assert next_run == expected
    assert next_run.astimezone(UK_TIME_ZONE).hour == 7


def test_seven_am_uk_time_is_a_different_hour_in_utc_either_side_of_the_clock_change():
    assert SEVEN_AM.next_run(uk(2026, 3, 28, 8)).astimezone(datetime.UTC).hour == 6  # British Summer Time
    assert SEVEN_AM.next_run(uk(2026, 10, 24, 8)).astimezone(datetime.UTC).hour == 7  # Greenwich Mean Time


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (uk(2026, 3, 23, 6, 59), uk(2026, 3, 23, 7)),  # Monday before 7am: today
        (uk(2026, 3, 23, 7), uk(2026, 3, 30, 7)),  # Monday at 7am: next week, after the clocks change
        (uk(2026, 3, 25, 12), uk(2026, 3, 30, 7)),  # a Wednesday
        (uk(2026, 3, 29, 23, 59), uk(2026, 3, 30, 7)),  # Sunday night
    ],
)
def test_a_weekly_task_runs_on_monday_at_seven_in_uk_time(now, expected):
    assert MONDAY_SEVEN_AM.next_run(now) == expected


@task()
def send_daily_summary():
    run_then_reschedule(send_daily_summary, lambda: done.append("summary"), SEVEN_AM)


def waiting_runs():
    return DBTaskResult.objects.filter(task_path=send_daily_summary.module_path, status=TaskResultStatus.READY)


@pytest.mark.django_db
def test_a_daily_task_queues_its_next_run_for_seven_tomorrow(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    done.clear()

    with time_machine.travel(uk(2026, 10, 24, 7, 0, 3), tick=False):
        send_daily_summary.call()

    assert done == ["summary"]
    [next_run] = waiting_runs()
    assert next_run.run_after == uk(2026, 10, 25, 7)


@pytest.mark.django_db
def test_deploying_waits_for_the_time_of_day_of_a_task_that_has_one(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(
        "core.management.commands.schedule_background_work.registered_periodic_tasks",
        lambda: [PeriodicTask("daily summary (7am)", send_daily_summary, schedule=SEVEN_AM)],
    )

    with time_machine.travel(uk(2026, 6, 10, 15, 30), tick=False):
        output = io.StringIO()
        call_command("schedule_background_work", stdout=output)

    assert output.getvalue() == "Queued: daily summary (7am).\n"
    [first_run] = waiting_runs()
    assert first_run.run_after == uk(2026, 6, 11, 7)
