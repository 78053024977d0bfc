"""The fund's periodic work: reminders before a window closes, and announcing windows as they open."""

import datetime

from django_tasks import task

from core.periodic import run_then_reschedule

from . import services

# A window opens at the minute set, so the check runs every few minutes; reminders go three days ahead.
WINDOW_CHECK_INTERVAL = datetime.timedelta(minutes=5)
REMINDER_INTERVAL = datetime.timedelta(hours=1)


@task()
def send_window_reminders() -> None:
    """Hourly: remind applicants with an unsent draft or application once, three days before the window closes."""
    run_then_reschedule(send_window_reminders, services.send_window_reminders, REMINDER_INTERVAL)


@task()
def announce_fund_windows() -> None:
    """Every 5 minutes: announce (fund_window_opened) each round's window that has opened, once."""
    run_then_reschedule(announce_fund_windows, services.announce_opened_windows, WINDOW_CHECK_INTERVAL)
