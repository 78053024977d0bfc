"""The latest news on the home page, and the announcement sent each time an item is published."""

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.rich_text import RichText

from news.models import NewsIndexPage, NewsPage
from tests.factories.news import NewsPageFactory

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_the_latest_three_items_and_links_to_all_news(client):
    call_command("bootstrap_site", stdout=io.StringIO())
    index = NewsIndexPage.objects.get()
    for day in range(1, 6):
        NewsPageFactory(parent=index, title=f"Day {day}", date=datetime.date(2019, 3, day))
    NewsPageFactory(parent=index, title="A newer draft", date=datetime.date(2019, 4, 1), live=False)

    soup = BeautifulSoup(client.get("/").content, "html.parser")

    section = soup.select_one("#home-section-latest_news").parent
    assert section.h2.get_text() == "Latest news"
    assert [a.get_text(strip=True) for a in section.select(".ld-news-item h3 a")] == ["Day 5", "Day 4", "Day 3"]
    assert section.find("a", string="All news")["href"] == "/news/"


def test_the_home_page_has_no_news_section_until_there_is_news(client):
    call_command("bootstrap_site", stdout=io.StringIO())

    assert "Latest news" not in client.get("/").content.decode()


def test_the_home_page_costs_the_same_queries_for_few_or_many_items(client, django_assert_max_num_queries):
    call_command("bootstrap_site", stdout=io.StringIO())
    index = NewsIndexPage.objects.get()
    NewsPageFactory(parent=index)
    client.get("/")
    with django_assert_max_num_queries(30) as few:
        client.get("/")

    NewsPageFactory.create_batch(20, parent=index)

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/")


def test_publishing_an_item_announces_it_once_with_what_a_subscriber_needs(
    news_index, funding, plumbing, announcements
):
    item = news_index.add_child(
        instance=NewsPage(
            title="Applications open",
            slug="applications-open",
            introduction="Councils can apply until 15 November.",
            body=[("paragraph", RichText("<p>Apply now.</p>"))],
            topics=[funding],
            principles=[plumbing],
            live=False,
        )
    )
    assert announcements == []

    item.save_revision().publish()

    assert len(announcements) == 1
    announcement = announcements[0]
    assert announcement.title == "Applications open"
    assert announcement.summary == "Councils can apply until 15 November."
    assert announcement.url == announcement.page_url == "http://testserver/news/applications-open/"
    assert announcement.topics == ["local-digital-fund"]
    assert announcement.principles == ["‘Fix our plumbing’"]
    assert announcement.first_publication is True

    item = NewsPage.objects.get(pk=item.pk)  # as the editor's next edit loads it
    item.title = "Applications open until 15 November"
    item.save_revision().publish()

    assert len(announcements) == 2
    assert announcements[1].title == "Applications open until 15 November"
    assert announcements[1].first_publication is False


def test_an_article_elsewhere_is_announced_with_its_address(news_index, announcements):
    item = news_index.add_child(
        instance=NewsPage(
            title="On the blog",
            slug="on-the-blog",
            introduction="Read it there.",
            external_url="https://mhclgdigital.blog.gov.uk/p/",
            live=False,
        )
    )

    item.save_revision().publish()

    assert [a.url for a in announcements] == ["https://mhclgdigital.blog.gov.uk/p/"]
    assert announcements[0].page_url == "http://testserver/news/on-the-blog/"


def test_saving_a_draft_announces_nothing(news_index, announcements):
    item = NewsPageFactory(parent=news_index, live=False)

    item.save_revision()

    assert announcements == []
