"""Read-only queries for the news lists, the feed, the home page and principle pages.

Each costs a fixed number of SQL queries however many news items there are:
a list is one query for the items, one for their topics and one for their
principles.
"""

from django.db.models import Prefetch, QuerySet
from django.utils.http import urlencode

from declaration import services as declaration
from topics.models import Topic
from topics.services import all_topics

from .models import NewsIndexPage, NewsPage

LIST_FIELDS = (
    *("title", "slug", "url_path", "path", "depth", "last_published_at"),
    *("date", "introduction", "external_url", "external_source"),
)


def news_index() -> NewsIndexPage | None:
    """The live news index, or None before it exists."""
    return NewsIndexPage.objects.live().only("title", "url_path", "path", "depth").first()


def published_news(*, topic: Topic | None = None, principle=None, with_tags: bool = True) -> QuerySet[NewsPage]:
    """Live, public news items, newest first; with their topics and principles unless `with_tags` is False."""
    news = NewsPage.objects.live().public().only(*LIST_FIELDS).order_by("-date", "-first_published_at", "-pk")
    if topic is not None:
        news = news.filter(topics=topic)
    if principle is not None:
        news = news.filter(principles=principle)
    if with_tags:
        news = news.prefetch_related(
            Prefetch("topics", queryset=all_topics()),
            Prefetch("principles", queryset=declaration.principles()),
        )
    return news


def news_index_url_for(*, principle) -> str | None:
    """The news index filtered by a principle, or None before there is an index."""
    index = news_index()
    return f"{index.url}?{urlencode({'principle': principle.slug})}" if index else None
