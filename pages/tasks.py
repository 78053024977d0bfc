"""The site's own periodic work: scheduled publishing every minute, forgetting old task records every day."""

import datetime

from django.core.management import call_command
from django_tasks import task

from core.periodic import run_then_reschedule

PUBLISH_INTERVAL = datetime.timedelta(minutes=1)
HOUSEKEEPING_INTERVAL = datetime.timedelta(days=1)
# Finished background task records are kept this long for investigating problems.
TASK_RESULT_RETENTION_DAYS = 7
FAILED_TASK_RESULT_RETENTION_DAYS = 30


@task()
def publish_scheduled_content() -> None:
    run_then_reschedule(publish_scheduled_content, lambda: call_command("publish_scheduled"), PUBLISH_INTERVAL)


def _delete_old_task_records() -> None:
    call_command(
        "prune_db_task_results",
        queue_name="*",
        min_age_days=TASK_RESULT_RETENTION_DAYS,
        failed_min_age_days=FAILED_TASK_RESULT_RETENTION_DAYS,
        verbosity=0,
    )


# Named `tidy_up` because runs of it may already be queued under that name.
@task()
def tidy_up() -> None:
    """Delete old background task records, so the database does not grow for ever."""
    run_then_reschedule(tidy_up, _delete_old_task_records, HOUSEKEEPING_INTERVAL)
