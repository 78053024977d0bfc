"""Subscribers hear of what the other apps announce: events and news, through their signals only.

The Local Digital Fund announces each window as it opens (`fund_window_opened`),
and subscribers of the "Local Digital Fund" topic hear of it.
"""

from django.conf import settings
from django.dispatch import receiver

from core.formatting import format_datetime
from events.signals import event_approved
from funding.signals import fund_window_opened
from news.signals import news_published

from .mailings import Item, announce


@receiver(event_approved, dispatch_uid="subscriptions-event-approved")
def event_published(sender, announcement, **kwargs):
    announce(
        Item(
            kind="event",
            reference=announcement.reference,
            title=announcement.title,
            summary=announcement.summary,
            url=announcement.url,
            topic_slugs=list(announcement.topics),
        )
    )


@receiver(news_published, dispatch_uid="subscriptions-news-published")
def news_item_published(sender, announcement, page, **kwargs):
    if not announcement.first_publication:
        return  # a change to a published item is not news again
    announce(
        Item(
            kind="news",
            reference=str(page.pk),
            title=announcement.title,
            summary=announcement.summary,
            url=announcement.url,
            topic_slugs=list(announcement.topics),
        )
    )


FUND_TOPIC = "local-digital-fund"  # one of services.SITE_TOPICS
FUND_WINDOWS = {
    "eoi": ("Expressions of interest are open for {round} of the Local Digital Fund", "eoi_closes_at"),
    "applications": ("Applications are open for {round} of the Local Digital Fund", "applications_close_at"),
}


@receiver(fund_window_opened, dispatch_uid="subscriptions-fund-window-opened")
def fund_window_now_open(sender, round, window, **kwargs):
    title, closes = FUND_WINDOWS[window]
    summary = (
        "Councils that have signed the Local Digital Declaration can send an expression of interest until "
        if window == "eoi"
        else "Those invited to apply can send their full application until "
    ) + format_datetime(getattr(round, closes))
    announce(
        Item(
            kind="fund",
            reference=f"{round.slug}:{window}",
            title=title.format(round=round.name),
            summary=f"{summary}.",
            url=f"{settings.SITE_URL.rstrip('/')}/fund/",
            topic_slugs=[FUND_TOPIC],
        )
    )
