"""The Atom feed at /news/feed.atom, read by a real feed parser."""

import datetime

import feedparser
import pytest

from tests.factories.news import NewsPageFactory

pytestmark = pytest.mark.django_db


def parsed(client):
    response = client.get("/news/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


def test_the_feed_lists_published_news_newest_first_with_absolute_links(client, news_index, funding, plumbing):
    NewsPageFactory(parent=news_index, title="Older", slug="older", date=datetime.date(2018, 7, 4))
    NewsPageFactory(
        parent=news_index,
        title="Newer",
        slug="newer",
        date=datetime.date(2018, 12, 3),
        topics=[funding],
        principles=[plumbing],
    )
    NewsPageFactory(parent=news_index, title="A draft", live=False)

    feed = parsed(client)

    assert feed.version == "atom10"
    assert feed.feed.title == "Local Digital news"
    assert feed.feed.link == "http://testserver/news/"
    assert [entry.title for entry in feed.entries] == ["Newer", "Older"]
    newer = feed.entries[0]
    assert newer.link == "http://testserver/news/newer/"
    assert newer.id == "http://testserver/news/newer/"
    assert newer.summary == "What happened in Newer."
    assert newer.published_parsed[:3] == (2018, 12, 3)
    assert sorted(tag.term for tag in newer.tags) == ["Local Digital Fund", "‘Fix our plumbing’"]


def test_an_article_elsewhere_links_there_but_keeps_its_own_id(client, news_index):
    NewsPageFactory(
        parent=news_index,
        title="Blog post",
        slug="blog-post",
        external_url="https://mhclgdigital.blog.gov.uk/p/",
        body=[],
    )

    entry = parsed(client).entries[0]

    assert entry.link == "https://mhclgdigital.blog.gov.uk/p/"
    assert entry.id == "http://testserver/news/blog-post/"


def test_the_feed_uses_site_url_for_every_link(client, news_index, settings):
    settings.SITE_URL = "https://www.localdigital.gov.uk"
    NewsPageFactory(parent=news_index, title="Item", slug="item")

    feed = parsed(client)

    assert feed.feed.link == "https://www.localdigital.gov.uk/news/"
    assert feed.entries[0].link == "https://www.localdigital.gov.uk/news/item/"
    assert any(link.href == "https://www.localdigital.gov.uk/news/feed.atom" for link in feed.feed.links)


def test_no_feed_before_there_is_a_news_index(client, home_page):
    assert client.get("/news/feed.atom").status_code == 404
