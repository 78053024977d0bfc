import datetime

from django_tasks import task

from core.periodic import run_then_reschedule

from . import services

CLEAN_UP_INTERVAL = datetime.timedelta(days=1)


@task()
def deliver_email(email_id: int) -> str:
    return services.deliver(email_id)


@task()
def delete_old_emails() -> None:
    """Sent emails are forgotten after 90 days, failed ones after 180."""
    run_then_reschedule(delete_old_emails, services.delete_old_emails, CLEAN_UP_INTERVAL)
