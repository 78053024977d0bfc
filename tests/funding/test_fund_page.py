"""/fund/: the editors' guidance, the current round's state in a sentence, its facts, and its guidance pages."""

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from core.formatting import UK_TIME_ZONE
from funding import site_pages
from funding.models import FundGuidancePage, FundPage, Round
from pages.bootstrap import bootstrap_site
from tests.factories.funding import RoundFactory

pytestmark = pytest.mark.django_db


def uk(*args):
    return datetime.datetime(*args, tzinfo=UK_TIME_ZONE)


@pytest.fixture
def fund_page(home_page):
    page = home_page.add_child(
        instance=FundPage(title="Local Digital Fund", slug="fund", body="<p>Editors' words.</p>")
    )
    page.save_revision().publish()
    return page


def add_guidance(fund_page, title, round_=None, live=True):
    page = fund_page.add_child(
        instance=FundGuidancePage(title=title, slug=title.lower().replace(" ", "-"), round=round_, body="<p>Read.</p>")
    )
    if live:
        page.save_revision().publish()
    else:
        page.unpublish()
    return page


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").select_one("main").get_text(" ", strip=True)


@pytest.mark.parametrize(
    ("when", "sentence", "action"),
    [
        (
            uk(2018, 9, 1),
            "Round 1 opens for expressions of interest at 9am on 24 September 2018",
            "once the window opens",
        ),
        (uk(2018, 9, 24, 9), "Expressions of interest are open until 11:59pm on 5 October 2018", "send an expression"),
        (uk(2018, 10, 8), "Applications open to those invited at 9am on 16 October 2018", "whether they are invited"),
        (
            uk(2018, 10, 20),
            "Applications are open to those invited until 11:59pm on 15 November 2018",
            "full application",
        ),
        (uk(2018, 11, 20), "Decisions are due by 3 December 2018", "email every applicant"),
        (uk(2019, 1, 1), "Round 1 has closed", "no longer taking bids"),
    ],
)
def test_the_fund_page_says_where_the_round_stands_and_what_to_do(client, fund_page, round_1, when, sentence, action):
    with time_machine.travel(when, tick=False):
        page = text(client.get("/fund/"))

    assert sentence in page
    assert action in page
    assert "Editors' words." in page


def test_the_fund_page_lists_the_rounds_dates_budget_phases_and_rules(client, fund_page, round_1):
    with time_machine.travel(uk(2018, 9, 1), tick=False):
        page = text(client.get("/fund/"))

    for fact in [
        "24 September 2018 at 9am to 5 October 2018 at 11:59pm",
        "16 October 2018 at 9am to 15 November 2018 at 11:59pm",
        "3 December 2018",
        "£7,500,000",
        "Discovery (up to £80,000)",
        "Alpha (up to £100,000)",
        "At least 2 local authorities together, every one of them a signatory of the Local Digital Declaration",
        "Any local authority on the bid",
    ]:
        assert fact in page


def test_the_fund_page_shows_the_round_that_changes_next(client, fund_page, round_1):
    RoundFactory(name="Round 2", opens=uk(2019, 4, 1, 9))

    with time_machine.travel(uk(2018, 10, 20), tick=False):
        assert "Round 2" not in text(client.get("/fund/"))
    with time_machine.travel(uk(2019, 1, 1), tick=False):
        page = text(client.get("/fund/"))
        assert "Round 2 opens for expressions of interest at 9am on 1 April 2019" in page
        assert "Round 1 has closed" not in page


def test_without_a_round_the_page_says_so(client, fund_page):
    assert "There is no round of the fund open or planned at the moment." in text(client.get("/fund/"))


def test_the_fund_page_links_the_live_guidance_for_its_round_and_for_every_round(client, fund_page, round_1):
    other_round = RoundFactory(name="Round 2", opens=uk(2030, 4, 1, 9))
    add_guidance(fund_page, "Round 1 questions", round_1)
    add_guidance(fund_page, "How bids are assessed")
    add_guidance(fund_page, "Round 2 questions", other_round)
    add_guidance(fund_page, "Unpublished notes", round_1, live=False)

    with time_machine.travel(uk(2018, 10, 1), tick=False):
        links = BeautifulSoup(client.get("/fund/").content, "html.parser").select("main ul.govuk-list a")

    assert [link.get_text(strip=True) for link in links] == ["Round 1 questions", "How bids are assessed"]
    assert client.get("/fund/round-1-questions/").status_code == 200


@pytest.mark.parametrize(
    "slug", ["sign-in", "your-bids", "expression-of-interest", "expressions-of-interest", "applications"]
)
def test_a_guidance_page_cannot_take_the_address_of_the_funds_own_pages(fund_page, slug):
    page = FundGuidancePage(title="Guidance", slug=slug, body="<p>Read.</p>")

    with pytest.raises(ValidationError) as error:
        fund_page.add_child(instance=page)

    assert f"The address ‘/fund/{slug}/’ is taken by one of the fund's own pages" in str(error.value)


def test_a_guidance_page_can_take_any_other_address(fund_page):
    page = fund_page.add_child(instance=FundGuidancePage(title="Guidance", slug="sign-in-help", body="<p>Read.</p>"))
    assert page.url_path.endswith("/fund/sign-in-help/")


def test_bootstrap_installs_round_1_the_fund_page_and_its_guidance_once(home_page):
    created = bootstrap_site()
    again = bootstrap_site()

    round_1 = Round.objects.get()
    assert round_1.name == "Round 1" and round_1.total_budget == 7_500_000
    assert round_1.eoi_opens_at == uk(2018, 9, 24, 9) and round_1.eoi_closes_at == uk(2018, 10, 5, 23, 59)
    assert round_1.evaluation_ends_at == uk(2018, 10, 12, 23, 59)
    assert round_1.applications_open_at == uk(2018, 10, 16, 9)
    assert round_1.applications_close_at == uk(2018, 11, 15, 23, 59)
    assert round_1.decision_date == datetime.date(2018, 12, 3)
    assert (round_1.minimum_local_authorities, round_1.maximum_bids_led, round_1.lead_organisation_types) == (2, 2, [])
    assert [(p.name, p.cap) for p in round_1.phases.all()] == [("discovery", 80000), ("alpha", 100000)]
    fund = FundPage.objects.get()
    assert fund.url_path.endswith("/fund/") and fund.show_in_menus and fund.live
    assert FundGuidancePage.objects.child_of(fund).get().round == round_1
    assert "fund round ‘Round 1’" in created and site_pages.FUND_PAGE["title"] in created
    assert "fund round ‘Round 1’" not in again and site_pages.FUND_PAGE["title"] not in again


def test_bootstrap_leaves_an_edited_round_1_alone(home_page):
    bootstrap_site()
    Round.objects.filter(slug="round-1").update(total_budget=1)

    bootstrap_site()

    assert Round.objects.get().total_budget == 1
