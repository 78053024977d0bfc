"""The news index at /news/: newest first, 10 to a page, filtered by topic and principle in shareable addresses."""

import datetime

import pytest
from bs4 import BeautifulSoup

from tests.factories.news import NewsPageFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def soup_of(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text_of(element):
    return " ".join(element.get_text(" ", strip=True).split())


def listed(soup):
    return [text_of(a) for a in soup.select(".ld-news-item h3 a")]


def test_lists_the_news_newest_first(client, news_index):
    NewsPageFactory(parent=news_index, title="Fund opens", date=D(2018, 9, 24))
    NewsPageFactory(parent=news_index, title="Declaration launches", date=D(2018, 7, 4))
    NewsPageFactory(parent=news_index, title="Kick-off workshop", date=D(2018, 12, 13))

    soup = soup_of(client, "/news/")

    assert listed(soup) == ["Kick-off workshop", "Fund opens", "Declaration launches"]
    assert text_of(soup.select_one("#results-heading")) == "3 news items"
    assert text_of(soup.select_one(".ld-news-item .ld-news-item__meta")) == "13 December 2018"


def test_a_draft_is_never_listed(client, news_index):
    NewsPageFactory(parent=news_index, title="Published")
    NewsPageFactory(parent=news_index, title="Still a draft", live=False)

    assert listed(soup_of(client, "/news/")) == ["Published"]


def test_ten_to_a_page_with_govuk_pagination_that_keeps_the_filters(client, news_index, funding):
    for day in range(1, 13):
        NewsPageFactory(parent=news_index, title=f"Day {day}", date=D(2018, 10, day), topics=[funding])

    first = soup_of(client, "/news/", {"topic": funding.slug})
    second = soup_of(client, "/news/", {"topic": funding.slug, "page": 2})

    assert listed(first) == [f"Day {day}" for day in range(12, 2, -1)]
    assert listed(second) == ["Day 2", "Day 1"]
    assert "Showing 11 to 12 of 12" in text_of(second)
    next_link = first.select_one(".govuk-pagination__next a")
    assert next_link["href"] == f"?topic={funding.slug}&page=2"


@pytest.mark.parametrize("page", ["abc", "0", "999", "-1"])
def test_a_page_number_out_of_range_shows_a_page_of_news(client, news_index, page):
    NewsPageFactory(parent=news_index, title="The only item")

    assert listed(soup_of(client, "/news/", {"page": page})) == ["The only item"]


def test_filters_by_topic(client, news_index, funding, events):
    NewsPageFactory(parent=news_index, title="Applications open", topics=[funding])
    NewsPageFactory(parent=news_index, title="LocalGovCamp", topics=[events, funding])
    NewsPageFactory(parent=news_index, title="A roadshow", topics=[events])

    soup = soup_of(client, "/news/", {"topic": "events"})

    assert sorted(listed(soup)) == ["A roadshow", "LocalGovCamp"]
    assert soup.select_one("#id_topic option[selected]")["value"] == "events"
    assert soup.title.get_text().startswith("News (filtered)")


def test_filters_by_principle_and_topic_together(client, news_index, funding, plumbing, leadership):
    NewsPageFactory(
        parent=news_index,
        title="Modular income management",
        topics=[funding],
        principles=[plumbing],
        date=D(2019, 2, 1),
    )
    NewsPageFactory(parent=news_index, title="Leaders meet", topics=[funding], principles=[leadership])
    NewsPageFactory(parent=news_index, title="Open standards", principles=[plumbing], date=D(2019, 1, 1))

    assert listed(soup_of(client, "/news/", {"principle": plumbing.slug})) == [
        "Modular income management",
        "Open standards",
    ]
    assert listed(soup_of(client, "/news/", {"principle": plumbing.slug, "topic": funding.slug})) == [
        "Modular income management"
    ]


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"topic": "no-such-topic"}, "Select a topic from the list"),
        ({"principle": "<script>"}, "Select a principle from the list"),
        ({"topic": "x" * 5000}, "Select a topic from the list"),
    ],
)
def test_a_filter_value_that_does_not_exist_is_a_govuk_error_not_a_failure(client, news_index, params, error):
    NewsPageFactory(parent=news_index, title="Still shown")

    soup = soup_of(client, "/news/", params)

    assert soup.title.get_text().startswith("Error: ")
    assert error in text_of(soup.select_one(".govuk-error-summary"))
    assert listed(soup) == ["Still shown"]


def test_no_news_matching_says_so(client, news_index, funding):
    NewsPageFactory(parent=news_index, title="Not about funding")

    soup = soup_of(client, "/news/", {"topic": funding.slug})

    assert text_of(soup.select_one("#results-heading")) == "0 news items"
    assert "No news matches" in text_of(soup)
    assert soup.select_one('a[href="/news/"]').get_text() == "Clear filters"


def test_an_article_elsewhere_links_straight_to_it_and_says_it_leaves_the_site(client, news_index):
    NewsPageFactory(
        parent=news_index,
        title="What 389 expressions of interest told us",
        external_url="https://mhclgdigital.blog.gov.uk/eoi/",
        external_source="MHCLG Digital blog",
        body=[],
    )

    item = soup_of(client, "/news/").select_one(".ld-news-item")

    assert item.h3.a["href"] == "https://mhclgdigital.blog.gov.uk/eoi/"
    assert text_of(item.h3.a) == "What 389 expressions of interest told us (on another website)"
    assert "On MHCLG Digital blog, another website" in text_of(item.select_one(".ld-news-item__meta"))


def test_the_index_offers_its_atom_feed(client, news_index):
    soup = soup_of(client, "/news/")

    assert soup.select_one('link[rel="alternate"][type="application/atom+xml"]')["href"] == "/news/feed.atom"
