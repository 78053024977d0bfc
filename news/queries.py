"""Where the news index is, for the feed, the home page and principle pages.

The lists themselves come from NewsPage.objects.published() (news.models), which
the news index uses too.
"""

from django.utils.http import urlencode

from .models import NewsIndexPage


def news_index() -> NewsIndexPage | None:
    """The live news index, or None before it exists."""
    return NewsIndexPage.objects.live().only("title", "url_path", "path", "depth").first()


def news_index_url_for(*, principle) -> str | None:
    """The news index filtered by a principle, or None before there is an index."""
    index = news_index()
    return f"{index.url}?{urlencode({'principle': principle.slug})}" if index else None
