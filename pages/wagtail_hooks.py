"""How the site's own pages and periodic work plug in, as every app's do (see pages/bootstrap.py)."""

from wagtail import hooks

from core.periodic import PeriodicTask

from . import tasks
from .bootstrap import add_about_and_footer_pages

# About us and the footer pages sit at order 0; see pages/bootstrap.py.
hooks.register("register_site_pages", add_about_and_footer_pages, order=0)


@hooks.register("register_periodic_tasks")
def register_site_periodic_tasks():
    return [
        PeriodicTask("scheduled publishing (every minute)", tasks.publish_scheduled_content),
        PeriodicTask("deleting old task records (daily)", tasks.tidy_up),
    ]
