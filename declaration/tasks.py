import datetime

from django_tasks import task

from core.periodic import run_then_reschedule

from . import services

CLEAN_UP_INTERVAL = datetime.timedelta(hours=24)


@task()
def delete_unconfirmed_sign_ups() -> None:
    """Sign-ups whose email address was never confirmed are deleted after 30 days."""
    run_then_reschedule(delete_unconfirmed_sign_ups, services.delete_unconfirmed, CLEAN_UP_INTERVAL)
