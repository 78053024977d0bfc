"""Each Declaration principle's page: its text, then each kind of content that serves it, with counts."""

import datetime

import pytest
from bs4 import BeautifulSoup

from declaration.models import Principle
from tests.factories.declaration import CommitmentFactory, PrincipleFactory, SignedOrganisationFactory
from tests.factories.news import NewsPageFactory

pytestmark = pytest.mark.django_db


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text_of(element):
    return " ".join(element.get_text(" ", strip=True).split())


def sections(soup):
    """{heading: (count text, [item titles])} for each section of the principle page."""
    return {
        text_of(section.h2): (
            text_of(section.select_one(".ld-principle-section__count")),
            [text_of(a) for a in section.select(".ld-principle-item h3 a")],
        )
        for section in soup.select("section.ld-principle-section")
    }


def test_shows_the_principle_then_its_news_and_projects_each_with_a_count(client, news_index, plumbing, leadership):
    NewsPageFactory(parent=news_index, title="Open standards for income", principles=[plumbing])
    NewsPageFactory(
        parent=news_index,
        title="A blog post elsewhere",
        principles=[plumbing],
        external_url="https://mhclgdigital.blog.gov.uk/post/",
        external_source="MHCLG Digital blog",
        body=[],
    )
    NewsPageFactory(parent=news_index, title="Draft about plumbing", principles=[plumbing], live=False)
    NewsPageFactory(parent=news_index, title="About leadership", principles=[leadership])
    hackney = SignedOrganisationFactory(name="Hackney Council")
    CommitmentFactory(signed=True, organisation=hackney, title="Modular payments", principles=[plumbing])
    CommitmentFactory(title="Still in review", principles=[plumbing])

    soup = soup_of(client, plumbing.get_absolute_url())

    assert soup.h1.get_text() == "‘Fix our plumbing’"
    assert "What the principle asks of an organisation." in text_of(soup)
    found = sections(soup)
    assert list(found) == ["News", "Local Digital Fund projects", "Declaration projects"]
    assert found["News"][0] == "2 news items"
    assert sorted(found["News"][1]) == ["A blog post elsewhere (on another website)", "Open standards for income"]
    assert found["Declaration projects"] == ("1 project", ["Modular payments"])
    elsewhere = next(item for item in soup.select(".ld-principle-item") if "A blog post" in text_of(item))
    assert "4 July 2018. On MHCLG Digital blog, another website" in text_of(elsewhere)
    project_link = soup.find("a", string="Modular payments")
    assert project_link["href"].startswith("/declaration/signatories/hackney-council/#commitment-")


def test_a_principle_nothing_serves_yet_says_so_in_each_section(client, news_index, plumbing):
    soup = soup_of(client, plumbing.get_absolute_url())

    assert sections(soup) == {
        "News": ("0 news items", []),
        "Local Digital Fund projects": ("0 funded projects", []),
        "Declaration projects": ("0 projects", []),
    }
    assert text_of(soup).count("Nothing published serves this principle yet.") == 3


def test_a_long_section_shows_the_latest_five_and_links_to_them_all(client, news_index, plumbing):
    for day in range(1, 8):
        NewsPageFactory(parent=news_index, title=f"Day {day}", date=datetime.date(2019, 1, day), principles=[plumbing])

    soup = soup_of(client, plumbing.get_absolute_url())

    assert sections(soup)["News"] == ("7 news items", ["Day 7", "Day 6", "Day 5", "Day 4", "Day 3"])
    assert soup.find("a", string="All news about this principle")["href"] == f"/news/?principle={plumbing.slug}"


def test_an_unknown_principle_is_not_found(client):
    assert client.get("/declaration/principles/no-such-principle/").status_code == 404


def test_the_declaration_page_links_each_principle_to_its_page(client):
    from django.core.management import call_command

    call_command("bootstrap_site", stdout=None)

    soup = soup_of(client, "/declaration/")

    links = [a["href"] for a in soup.select("ol li h3 a")]
    assert links == [principle.get_absolute_url() for principle in Principle.objects.all()]
    assert "/declaration/principles/fix-our-plumbing/" in links
    assert client.get("/declaration/principles/fix-our-plumbing/").status_code == 200


def test_a_principle_gets_a_slug_from_its_title_and_a_number_when_it_is_taken():
    first = PrincipleFactory(title="Work in the open")
    second = PrincipleFactory(title="Work in the open!")

    assert first.slug == "work-in-the-open"
    assert second.slug == "work-in-the-open-2"
    assert second.get_absolute_url() == "/declaration/principles/work-in-the-open-2/"


def test_the_page_costs_the_same_queries_for_few_or_many_items(
    client, news_index, plumbing, django_assert_max_num_queries
):
    # More than a section shows, so each links to the full list in both cases.
    for _ in range(6):
        NewsPageFactory(parent=news_index, principles=[plumbing])
        CommitmentFactory(signed=True, principles=[plumbing])
    url = plumbing.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)

    for _ in range(30):
        NewsPageFactory(parent=news_index, principles=[plumbing])
        CommitmentFactory(signed=True, principles=[plumbing])

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
