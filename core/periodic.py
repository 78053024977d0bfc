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
after its interval.
"""

import datetime
from typing import NamedTuple

from django.utils import timezone
from django_tasks.base import Task, TaskResultStatus
from wagtail import hooks


class PeriodicTask(NamedTuple):
    description: str  # what an operator reads when it is scheduled, e.g. "deleting old emails (daily)"
    task: Task


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


def run_then_reschedule(task: Task, work, interval: datetime.timedelta) -> None:
    """Do the work, then queue the next run `interval` later, even if the work failed."""
    try:
        work()
    finally:
        ensure_scheduled(task, run_after=timezone.now() + interval)
