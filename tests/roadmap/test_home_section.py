"""The home page shows the roadmap's current stage: what is happening now, else what comes next, else the latest."""

import datetime

import pytest
from bs4 import BeautifulSoup

from pages.bootstrap import add_home_section
from roadmap.home_sections import current_stage_for_home
from tests.factories.pages import MilestoneFactory, RoadmapPageFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def roadmap(home_page):
    roadmap = RoadmapPageFactory(parent=home_page)
    MilestoneFactory(page=roadmap, title="Declaration launched", start_date=D(2018, 7, 1), end_date=D(2018, 7, 31))
    MilestoneFactory(page=roadmap, title="Fund opens", start_date=D(2018, 9, 1), end_date=D(2018, 9, 30))
    MilestoneFactory(page=roadmap, title="Projects chosen", start_date=D(2018, 10, 1), end_date=D(2018, 10, 31))
    MilestoneFactory(page=roadmap, title="Undated idea", start_date=None, end_date=None)
    return roadmap


def titles_on(day):
    listing = current_stage_for_home(None, 3, today=day)
    return listing["stage_label"], [milestone.title for milestone in listing["milestones"]]


def test_what_is_happening_now_comes_first(roadmap):
    assert titles_on(D(2018, 9, 15)) == ("Happening now", ["Fund opens"])


def test_between_milestones_it_shows_what_comes_next(roadmap):
    assert titles_on(D(2018, 8, 15)) == ("Coming next", ["Fund opens", "Projects chosen"])


def test_after_the_last_milestone_it_shows_the_latest_done(roadmap):
    assert titles_on(D(2026, 1, 1)) == ("Our latest milestone", ["Projects chosen"])


def test_without_a_live_roadmap_there_is_no_section(client, home_page, roadmap):
    roadmap.unpublish()
    add_home_section(home_page, name="roadmap_current_stage", heading="Our roadmap")

    assert current_stage_for_home(None, 3) is None
    assert "Our roadmap" not in client.get("/").content.decode()


def test_the_section_links_to_the_roadmap(client, home_page, roadmap):
    add_home_section(home_page, name="roadmap_current_stage", heading="Our roadmap", count=2)

    section = BeautifulSoup(client.get("/").content, "html.parser").select_one(
        "section[aria-labelledby=home-section-roadmap_current_stage]"
    )

    assert section.h2.get_text() == "Our roadmap"
    assert section.h3.get_text() == "Our latest milestone"
    assert "Projects chosen" in section.get_text()
    assert section.select("a")[-1]["href"] == "/roadmap/"
