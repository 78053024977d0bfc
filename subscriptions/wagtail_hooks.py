"""How email updates plug into the site: its pages under /email-updates/ and the footer's link to them,
the topics it always offers, and its daily clean-up."""

from django.urls import include, path, reverse
from wagtail import hooks

from core.periodic import PeriodicTask

from . import services, tasks


@hooks.register("register_site_urls")
def register_subscriptions_urls():
    return [path("email-updates/", include("subscriptions.urls"))]


@hooks.register("register_footer_links")
def footer_link():
    return [{"text": "Get updates by email", "href": reverse("subscriptions:subscribe")}]


@hooks.register("register_site_pages")
def add_email_update_topics(home):
    return services.ensure_site_topics()


@hooks.register("register_periodic_tasks")
def register_periodic_tasks():
    return [PeriodicTask("forgetting unconfirmed and departed subscribers (daily)", tasks.forget_old_subscribers)]
