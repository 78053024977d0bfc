"""Work the worker repeats on a timetable, without anyone at a keyboard.

django-tasks has no timetable of its own, so a periodic task queues its own
next run when it finishes. `ensure_scheduled` starts such a chain, and is
safe to call at every deploy: it queues nothing while a run is waiting.

Each app names its own periodic work with the `register_periodic_tasks`
Wagtail hook, in its `wagtail_hooks.py`; `manage.py schedule_background_work`
starts every chain it finds. A hook function takes no arguments and returns
a list of `PeriodicTask`::

    @hooks.register("register_periodic_tasks")
    def register_periodic_tasks():
        return [PeriodicTask("deleting unconfirmed sign-ups (daily)", delete_unconfirmed_sign_ups)]

The task itself ends its work with `run_then_reschedule`, so it runs again
after its interval, or at its next time of day in UK time::

    DAILY_AT_SEVEN = DailyAt(datetime.time(7))

    @task()
    def send_daily_digests():
        run_then_reschedule(send_daily_digests, send_digests, DAILY_AT_SEVEN)

    PeriodicTask("sending daily digests (7am)", send_daily_digests, schedule=DAILY_AT_SEVEN)

A task run at a time of day names its schedule in its `PeriodicTask` too, so
its first run waits for that time instead of starting at the deploy.
"""

import datetime
from dataclasses import dataclass
from typing import NamedTuple

from django.utils import timezone
from django_tasks.base import Task, TaskResultStatus
from wagtail import hooks

from .formatting import UK_TIME_ZONE


@dataclass(frozen=True)
class DailyAt:
    """Every day at a time of day in UK time: 7am stays 7am across the change to and from summer time."""

    time: datetime.time

    def next_run(self, after: datetime.datetime) -> datetime.datetime:
        """The first time of day strictly after `after`."""
        day = timezone.localtime(after, UK_TIME_ZONE).date()
        while (run := self._at(day)) <= after:
            day += datetime.timedelta(days=1)
        return run

    def _at(self, day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(day, self.time, tzinfo=UK_TIME_ZONE)


@dataclass(frozen=True)
class WeeklyAt(DailyAt):
    """Every week on a weekday (0 is Monday, as in `date.weekday()`) at a time of day in UK time."""

    weekday: int = 0

    def next_run(self, after: datetime.datetime) -> datetime.datetime:
        day = timezone.localtime(after, UK_TIME_ZONE).date()
        day += datetime.timedelta(days=(self.weekday - day.weekday()) % 7)
        while (run := self._at(day)) <= after:
            day += datetime.timedelta(days=7)
        return run


class PeriodicTask(NamedTuple):
    description: str  # what an operator reads when it is scheduled, e.g. "deleting old emails (daily)"
    task: Task
    # A time of day to wait for before the first run; without one, the first run is at once.
    schedule: DailyAt | None = None

    def first_run(self, now: datetime.datetime) -> datetime.datetime:
        return self.schedule.next_run(now) if self.schedule else now


def registered_periodic_tasks() -> list[PeriodicTask]:
    """Every app's periodic tasks, in hook order."""
    return [periodic for hook in hooks.get_hooks("register_periodic_tasks") for periodic in hook()]


def ensure_scheduled(task: Task, run_after: datetime.datetime | None = None) -> bool:
    """Queue a run of `task` unless one is already waiting. Returns whether it queued one."""
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(task_path=task.module_path, status=TaskResultStatus.READY).exists():
        return False
    task.using(run_after=run_after or timezone.now()).enqueue()
    return True


def run_then_reschedule(task: Task, work, interval: datetime.timedelta | DailyAt) -> None:
    """Do the work, then queue the next run, even if the work failed: `interval` later, or at the
    schedule's next time of day (a `DailyAt` or `WeeklyAt`)."""
    try:
        work()
    finally:
        now = timezone.now()
        next_run = now + interval if isinstance(interval, datetime.timedelta) else interval.next_run(now)
        ensure_scheduled(task, run_after=next_run)
