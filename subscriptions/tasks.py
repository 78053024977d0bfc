"""The worker's side of email updates: forgetting addresses nobody confirmed, and those of people who left."""

import datetime

from django_tasks import task

from core.periodic import run_then_reschedule

from . import services

FORGET_INTERVAL = datetime.timedelta(days=1)


@task()
def forget_old_subscribers() -> None:
    """Daily: delete addresses unconfirmed for 30 days, and those of people who left 30 days ago."""
    run_then_reschedule(forget_old_subscribers, services.forget_unconfirmed_and_departed, FORGET_INTERVAL)
