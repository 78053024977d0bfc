"""The home page shows how many organisations have signed the Declaration, and the latest."""

import datetime

import pytest
from bs4 import BeautifulSoup

from pages.bootstrap import add_home_section
from tests.factories.declaration import CommitmentFactory, SignedOrganisationFactory

pytestmark = pytest.mark.django_db


def section_of(client):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    return soup.select_one("section[aria-labelledby=home-section-declaration_signatories]") or None


def signed(name, day):
    return SignedOrganisationFactory(name=name, signed_at=datetime.datetime(2019, 1, day, 12, tzinfo=datetime.UTC))


def test_shows_the_count_and_the_latest_signatories_newest_first(client, home_page):
    for day, name in enumerate(["Adur District Council", "Bristol City Council", "Camden Council"], start=1):
        signed(name, day)
    CommitmentFactory(organisation__name="Derby City Council")  # signed up, not signed
    add_home_section(home_page, name="declaration_signatories", heading="Who has signed", count=2)

    section = section_of(client)

    assert section.h2.get_text() == "Who has signed"
    assert "3 organisations have signed the Local Digital Declaration." in " ".join(section.get_text().split())
    latest = [(li.a.get_text(), li.a["href"]) for li in section.select("li")]
    assert latest == [
        ("Camden Council", "/declaration/signatories/camden-council/"),
        ("Bristol City Council", "/declaration/signatories/bristol-city-council/"),
    ]
    assert "3 January 2019" in section.get_text()
    assert section.select("a")[-1]["href"] == "/declaration/signatories/"


def test_one_signatory_is_counted_in_the_singular(client, home_page):
    signed("Adur District Council", 1)
    add_home_section(home_page, name="declaration_signatories", heading="Who has signed")

    assert "1 organisation has signed" in " ".join(section_of(client).get_text().split())


def test_before_anyone_signs_the_section_is_not_shown(client, home_page):
    add_home_section(home_page, name="declaration_signatories", heading="Who has signed")

    assert section_of(client) is None
    assert "Who has signed" not in client.get("/").content.decode()


def test_the_home_page_costs_the_same_queries_for_3_or_30_signatories(
    client, home_page, django_assert_max_num_queries
):
    add_home_section(home_page, name="declaration_signatories", heading="Who has signed", count=5)
    for day in range(1, 4):
        signed(f"Council {day}", day)
    client.get("/")
    with django_assert_max_num_queries(20) as few:
        client.get("/")
    for day in range(4, 31):
        signed(f"Council {day}", day)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/")
