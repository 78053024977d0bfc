"""Announcements: `news_published` is sent each time a news item is published.

Email updates (built later) listen to it without news knowing about them:

    from news.signals import news_published

    @receiver(news_published)
    def tell_subscribers(sender, announcement, **kwargs):
        if announcement.first_publication: ...

`announcement` is a NewsAnnouncement: what a subscriber needs to hear of it.
"""

from dataclasses import dataclass

from django.dispatch import Signal
from wagtail.signals import page_published

news_published = Signal()


@dataclass(frozen=True)
class NewsAnnouncement:
    title: str
    summary: str
    url: str  # where to read it: the article elsewhere, or the item's page on this site
    page_url: str  # the item's page on this site
    topics: list[str]  # topic slugs, as in events.signals
    principles: list[str]
    first_publication: bool  # False when an editor publishes a change to a published item


def announce(sender, instance, revision=None, **kwargs):
    page = instance
    announcement = NewsAnnouncement(
        title=page.title,
        summary=page.summary,
        url=page.external_url or page.address(),
        page_url=page.address(),
        topics=[topic.slug for topic in page.topics.all()],
        principles=[principle.title for principle in page.principles.all()],
        first_publication=page.first_published_at == page.last_published_at,
    )
    news_published.send(sender=type(page), announcement=announcement, page=page)


def connect() -> None:
    from .models import NewsPage

    page_published.connect(announce, sender=NewsPage, dispatch_uid="news-announce-published")
