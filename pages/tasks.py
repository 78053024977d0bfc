"""Scheduled publishing: Wagtail's `publish_scheduled` every minute."""

import datetime

from django.core.management import call_command
from django_tasks import task

from .periodic import run_then_reschedule

PUBLISH_INTERVAL = datetime.timedelta(minutes=1)


@task()
def publish_scheduled_content() -> None:
    run_then_reschedule(publish_scheduled_content, lambda: call_command("publish_scheduled"), PUBLISH_INTERVAL)
