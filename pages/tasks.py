"""Scheduled publishing, run by the worker without anyone at a keyboard.

`publish_scheduled_content` runs Wagtail's `publish_scheduled` command, then
queues itself again a minute later. `ensure_publishing_scheduled` starts the
chain; it is safe to call at every deploy or worker start.
"""

import datetime

from django.core.management import call_command
from django.utils import timezone
from django_tasks import task

PUBLISH_INTERVAL = datetime.timedelta(minutes=1)


@task()
def publish_scheduled_content() -> None:
    try:
        call_command("publish_scheduled")
    finally:
        ensure_publishing_scheduled(run_after=timezone.now() + PUBLISH_INTERVAL)


def ensure_publishing_scheduled(run_after: datetime.datetime | None = None) -> bool:
    """Queue the next run unless one is already waiting. Returns whether it queued one."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    already_waiting = DBTaskResult.objects.filter(
        task_path=publish_scheduled_content.module_path, status=TaskResultStatus.READY
    ).exists()
    if already_waiting:
        return False
    publish_scheduled_content.using(run_after=run_after or timezone.now()).enqueue()
    return True
