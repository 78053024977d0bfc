"""Subscribers hear of what the other apps announce: events and news, through their signals only.

An app built later (the Local Digital Fund's windows) announces through its
own signal, and a receiver here turns it into an `Item` for `announce`.
"""

from django.dispatch import receiver

from events.signals import event_approved
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
