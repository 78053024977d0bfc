import datetime

from django_tasks import task

from .links import forget_old_used_links
from .periodic import run_then_reschedule

CLEAN_UP_INTERVAL = datetime.timedelta(days=1)


@task()
def forget_used_links() -> None:
    """Records of single-use emailed links are deleted 90 days after use."""
    run_then_reschedule(forget_used_links, forget_old_used_links, CLEAN_UP_INTERVAL)
