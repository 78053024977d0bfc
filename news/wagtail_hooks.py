"""How news plugs into the site (see pages/bootstrap.py, pages/home_sections.py, declaration/principle_content.py).

- the Atom feed at /news/feed.atom (the index and items are pages);
- the news index, which a real site needs, after the events page in the navigation (`bootstrap_site`);
- illustrative news items for `make run` (`load_demo_content`);
- the latest news on the home page ("List from the site");
- the news that serves each principle, on the principle's page.
"""

from django.urls import path
from wagtail import hooks

from core.formatting import format_date
from declaration.principle_content import PrincipleContent, PrincipleItem
from pages.home_sections import HomeSection

from . import demo, queries, site_pages
from .feeds import NewsFeed
from .models import NewsPage


@hooks.register("register_site_urls")
def register_news_feed():
    return [path("news/feed.atom", NewsFeed(), name="news_feed")]


@hooks.register("register_site_pages", order=30)  # after the Declaration and the events page in the navigation
def add_news_index(home):
    return site_pages.load_site_pages(home)


@hooks.register("register_demo_content")
def add_demo_news(home):
    return demo.load_demo_news(home)


def latest_news(request, count):
    """The home page's list: the latest `count` items and the index's address. None before there is news."""
    index = queries.news_index()
    items = list(NewsPage.objects.published(with_tags=False)[:count]) if index else []
    if not items:
        return None
    return {"items": items, "index": index}


@hooks.register("register_home_sections")
def register_latest_news():
    return [HomeSection("latest_news", "Latest news", "news/home_section.html", latest_news)]


def _news_items(items):
    return [
        PrincipleItem(
            title=item.title,
            url=item.link(),
            summary=item.summary,
            meta=format_date(item.date),
            elsewhere=item.source_name if item.leaves_site else "",
        )
        for item in items
    ]


@hooks.register("register_principle_content")
def register_news_on_principle_pages():
    return [
        PrincipleContent(
            label="News",
            nouns=("news item", "news items"),
            rows=lambda principle: NewsPage.objects.published(principle=principle, with_tags=False),
            items=_news_items,
            more=lambda principle: queries.news_index_url_for(principle=principle),
            more_text="All news about this principle",
        )
    ]
