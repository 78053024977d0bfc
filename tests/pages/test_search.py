import pytest
from bs4 import BeautifulSoup

from tests.factories.pages import StandardPageFactory

pytestmark = pytest.mark.django_db


def results_of(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_finds_live_pages_by_their_words(client, home_page):
    StandardPageFactory(parent=home_page, title="The Local Digital Fund", slug="fund")
    StandardPageFactory(parent=home_page, title="Cookies", slug="cookies")
    draft = StandardPageFactory(parent=home_page, title="Fund draft plans", slug="draft")
    draft.unpublish()

    soup = results_of(client, "fund")

    assert soup.select_one("#results-heading").get_text(strip=True) == "1 result for ‘fund’"
    assert [a["href"] for a in soup.select(".ld-search-result a")] == ["/fund/"]


def test_no_results_suggests_other_words(client, home_page):
    soup = results_of(client, "zebra")

    assert "0 results for ‘zebra’" in soup.get_text()
    assert "Try different or fewer words." in soup.get_text()


def test_too_long_a_query_gets_an_error_summary_and_inline_message(client, home_page):
    soup = results_of(client, "x" * 201)

    summary = soup.select_one(".govuk-error-summary")
    assert "There is a problem" in summary.get_text()
    assert summary.select_one("a")["href"] == "#q"
    assert "Search terms must be 200 characters or fewer" in soup.select_one("#q-error").get_text()
    assert soup.title.get_text().startswith("Error:")


def test_results_are_paginated_keeping_the_query(client, home_page):
    for number in range(12):
        StandardPageFactory(parent=home_page, title=f"Roadshow {number}", slug=f"roadshow-{number}")

    first = results_of(client, "roadshow")
    assert len(first.select(".ld-search-result")) == 10
    next_link = first.select_one(".govuk-pagination__next a")["href"]
    assert "q=roadshow" in next_link and "page=2" in next_link

    second = results_of(client, "roadshow", page=2)
    assert len(second.select(".ld-search-result")) == 2


@pytest.mark.parametrize("page", ["abc", "999"])
def test_odd_page_numbers_do_not_break_the_page(client, home_page, page):
    StandardPageFactory(parent=home_page, title="Roadshow", slug="roadshow")

    soup = results_of(client, "roadshow", page=page)

    assert len(soup.select(".ld-search-result")) == 1


def test_each_result_says_what_kind_of_thing_it_is_and_apps_add_their_own_kinds(client, home_page):
    from wagtail import hooks

    from pages.search import SearchKind, SearchResult

    StandardPageFactory(parent=home_page, title="Digital roadshow", slug="roadshow")

    def search_roadshows(query, limit):
        return [SearchResult(kind="Event", title="Roadshow in Leeds", url="/events/leeds/", summary="A day in Leeds")]

    with hooks.register_temporarily("register_search_kinds", lambda: [SearchKind("Event", search_roadshows)]):
        soup = results_of(client, "roadshow")

    results = [
        (r.select_one(".ld-search-result__kind").get_text(strip=True), r.select_one("a")["href"])
        for r in soup.select(".ld-search-result")
    ]
    assert results == [("Page", "/roadshow/"), ("Event", "/events/leeds/")]
    assert "A day in Leeds" in soup.get_text()


@pytest.mark.parametrize("query", ["council", "councils", "Council"])
def test_singular_and_plural_find_the_same_pages(client, home_page, query):
    StandardPageFactory(parent=home_page, title="Working with councils", slug="councils")
    StandardPageFactory(parent=home_page, title="Your council", slug="your-council")

    soup = results_of(client, query)

    assert sorted(a["href"] for a in soup.select(".ld-search-result a")) == ["/councils/", "/your-council/"]
