"""Work the worker repeats on a timetable, without anyone at a keyboard.

django-tasks has no timetable of its own, so a periodic task queues its own
next run when it finishes. `ensure_scheduled` starts such a chain, and is
safe to call at every deploy: it queues nothing while a run is waiting.
"""

import datetime

from django.utils import timezone
from django_tasks.base import Task, TaskResultStatus


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
