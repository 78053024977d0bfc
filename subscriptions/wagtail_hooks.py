"""How email updates plug into the site: its pages under /email-updates/ and the footer's link to them,
the admin's Bulletins and Subscribers, the topics it always offers, and its periodic work (scheduled
bulletins, digests, forgetting old addresses)."""

from django.urls import include, path, reverse
from wagtail import hooks

from core.periodic import PeriodicTask

from . import mailings, services, tasks
from .admin_views import BulletinViewSet, SubscriberViewSet
from .workflow import BULLETINS


@hooks.register("register_site_urls")
def register_subscriptions_urls():
    return [path("email-updates/", include("subscriptions.urls"))]


@hooks.register("register_footer_links")
def footer_link():
    return [{"text": "Get updates by email", "href": reverse("subscriptions:subscribe")}]


@hooks.register("register_admin_viewset")
def register_bulletin_viewset():
    return BulletinViewSet()


@hooks.register("register_admin_viewset")
def register_subscriber_viewset():
    return SubscriberViewSet()


@hooks.register("register_log_actions")
def register_bulletin_log_actions(actions):
    BULLETINS.register_log_actions(actions)


@hooks.register("register_site_pages")
def add_email_update_topics(home):
    return services.ensure_site_topics()


@hooks.register("register_periodic_tasks")
def register_periodic_tasks():
    return [
        PeriodicTask("forgetting unconfirmed and departed subscribers (daily)", tasks.forget_old_subscribers),
        PeriodicTask("sending scheduled bulletins (every minute)", tasks.send_due_bulletins),
        PeriodicTask("sending daily digests (7am)", tasks.send_daily_digests, schedule=mailings.DAILY_DIGEST),
        PeriodicTask(
            "sending weekly digests (Mondays, 7am)", tasks.send_weekly_digests, schedule=mailings.WEEKLY_DIGEST
        ),
    ]
