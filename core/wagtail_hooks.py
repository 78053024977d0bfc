"""The shared machinery's own periodic work."""

from wagtail import hooks

from .periodic import PeriodicTask
from .tasks import forget_used_links


@hooks.register("register_periodic_tasks")
def register_core_periodic_tasks():
    return [PeriodicTask("deleting records of used emailed links (daily)", forget_used_links)]
