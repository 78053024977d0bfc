"""The fund's rounds put their windows on the roadmap, entered once in the round, in date order among the editors'."""

import datetime

import pytest
from bs4 import BeautifulSoup

from funding.models import FundPage
from roadmap.home_sections import current_stage_for_home
from roadmap.site_pages import build_roadmap_page
from tests.factories.funding import RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def roadmap(home_page):
    page = home_page.add_child(instance=build_roadmap_page())
    page.save_revision().publish()
    return page


def milestone_titles(client) -> list[str]:
    soup = BeautifulSoup(client.get("/roadmap/").content, "html.parser")
    return [h3.get_text(strip=True) for h3 in soup.select("main .ld-timeline__milestone h3")]


def test_round_1s_windows_sit_among_the_editors_milestones_by_date(client, roadmap):
    RoundFactory(name="Round 1")

    titles = milestone_titles(client)

    camp = titles.index("The Local Digital team at LocalGovCamp")
    assert titles[camp + 1 : camp + 6] == [
        "Expressions of interest open for Round 1 of the Local Digital Fund",
        "Expressions of interest are evaluated (Round 1)",
        "Applications to Round 1 of the Local Digital Fund",
        "Funding decisions are announced (Round 1)",
        "Kick-off workshop for funded projects",
    ]
    assert len(titles) == 14


def test_the_roadmap_shows_the_rounds_dates_and_links_to_the_fund_page(client, roadmap, home_page):
    RoundFactory(name="Round 1")
    fund = home_page.add_child(instance=FundPage(title="Local Digital Fund", slug="fund"))
    fund.save_revision().publish()

    page = BeautifulSoup(client.get("/roadmap/").content, "html.parser").select_one("main")
    text = page.get_text(" ", strip=True)

    for dates in ["24 September to 5 October 2018", "6 to 12 October 2018", "16 October to 15 November 2018"]:
        assert dates in text
    assert "Successful applicants are told by 3 December 2018." in text
    assert len(page.select('a[href="/fund/"]')) == 4


def test_a_change_to_a_rounds_dates_shows_on_the_roadmap_without_editing_it(client, roadmap):
    round_1 = RoundFactory(name="Round 1")
    round_1.decision_date = datetime.date(2018, 12, 10)
    round_1.save()

    text = BeautifulSoup(client.get("/roadmap/").content, "html.parser").get_text(" ", strip=True)

    assert "Successful applicants are told by 10 December 2018." in text
    assert "told by 3 December" not in text


def test_the_home_page_stage_counts_the_rounds_windows(roadmap, rf):
    round_1 = RoundFactory(name="Round 1")
    today = round_1.eoi_opens_at.date() + datetime.timedelta(days=1)

    stage = current_stage_for_home(rf.get("/"), count=3, today=today)

    assert [m.title for m in stage["milestones"]] == [
        "The Local Digital team at LocalGovCamp",
        "Expressions of interest open for Round 1 of the Local Digital Fund",
    ]
    assert stage["stage_label"] == "Happening now"


def test_without_rounds_the_roadmap_has_only_the_editors_milestones(client, roadmap):
    assert len(milestone_titles(client)) == 10
