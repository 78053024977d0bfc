"""The worker's side of email updates: scheduled bulletins, the daily and weekly digests, and forgetting
addresses nobody confirmed and those of people who left."""

import datetime

from django_tasks import task

from core.periodic import run_then_reschedule

from . import mailings, services
from .models import Subscriber

FORGET_INTERVAL = datetime.timedelta(days=1)
BULLETIN_INTERVAL = datetime.timedelta(minutes=1)


def forget_old_records() -> None:
    services.forget_unconfirmed_and_departed()
    mailings.forget_old_mailings()


@task()
def forget_old_subscribers() -> None:
    """Daily: delete addresses unconfirmed for 30 days, those of people who left 30 days ago, and the records
    of who got each bulletin, alert and digest after 90 days."""
    run_then_reschedule(forget_old_subscribers, forget_old_records, FORGET_INTERVAL)


@task()
def send_due_bulletins() -> None:
    """Every minute: send scheduled bulletins whose time has come; mark finished ones sent."""
    run_then_reschedule(send_due_bulletins, mailings.send_due_bulletins, BULLETIN_INTERVAL)


@task()
def send_daily_digests() -> None:
    """At 7am UK time."""
    run_then_reschedule(
        send_daily_digests, lambda: mailings.send_digest(Subscriber.Frequency.DAILY), mailings.DAILY_DIGEST
    )


@task()
def send_weekly_digests() -> None:
    """On Mondays at 7am UK time."""
    run_then_reschedule(
        send_weekly_digests, lambda: mailings.send_digest(Subscriber.Frequency.WEEKLY), mailings.WEEKLY_DIGEST
    )
