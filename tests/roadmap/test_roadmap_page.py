import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup

from tests.factories.pages import MilestoneFactory, RoadmapPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def roadmap(home_page):
    return RoadmapPageFactory(parent=home_page)


@time_machine.travel(datetime.datetime(2026, 11, 27, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_each_milestone_shows_its_status_as_a_tag(client, roadmap):
    MilestoneFactory(
        page=roadmap, title="Finished", start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2026, 11, 26)
    )
    MilestoneFactory(
        page=roadmap, title="Ends today", start_date=datetime.date(2026, 11, 1), end_date=datetime.date(2026, 11, 27)
    )
    MilestoneFactory(page=roadmap, title="Starts tomorrow", start_date=datetime.date(2026, 11, 28), end_date=None)
    MilestoneFactory(page=roadmap, title="Undated", start_date=None, end_date=None)

    soup = BeautifulSoup(client.get("/roadmap/").content, "html.parser")

    milestones = {
        item.h3.get_text(strip=True): item.find(class_="govuk-tag")
        for item in soup.select("ol li.ld-timeline__milestone")
    }
    assert milestones["Finished"].get_text(strip=True) == "Done"
    assert milestones["Ends today"].get_text(strip=True) == "Happening now"
    assert milestones["Starts tomorrow"].get_text(strip=True) == "Upcoming"
    assert milestones["Undated"] is None


def test_milestones_sharing_a_period_are_grouped_under_one_heading(client, roadmap):
    MilestoneFactory(page=roadmap, period_label="August 2018", title="Sign-up opens")
    MilestoneFactory(page=roadmap, period_label="August 2018", title="Events hub launches")
    MilestoneFactory(page=roadmap, period_label="Early 2019", title="Projects developed")

    soup = BeautifulSoup(client.get("/roadmap/").content, "html.parser")

    periods = soup.select("ol.ld-timeline > li")
    assert [p.h2.get_text(strip=True) for p in periods] == ["August 2018", "Early 2019"]
    assert [h.get_text(strip=True) for h in periods[0].select("h3")] == ["Sign-up opens", "Events hub launches"]


def test_a_milestone_links_to_its_page_only_while_that_page_is_live(client, roadmap, home_page):
    from tests.factories.pages import StandardPageFactory

    about = StandardPageFactory(parent=home_page, title="About the fund", slug="fund")
    MilestoneFactory(page=roadmap, link_page=about)

    assert b'href="/fund/"' in client.get("/roadmap/").content

    about.unpublish()
    assert b'href="/fund/"' not in client.get("/roadmap/").content


def test_typed_text_is_shown_as_text_not_html(client, roadmap):
    MilestoneFactory(page=roadmap, period_label="<b>Soon</b>", title="<script>alert(1)</script>")

    html = client.get("/roadmap/").content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html


def test_query_count_does_not_grow_with_the_milestones(client, roadmap, django_assert_max_num_queries):
    MilestoneFactory.create_batch(3, page=roadmap)
    client.get("/roadmap/")  # The first visit creates the site settings.
    with django_assert_max_num_queries(12) as few:
        client.get("/roadmap/")

    MilestoneFactory.create_batch(60, page=roadmap)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/roadmap/")

    assert response.content.count(b'class="ld-timeline__milestone"') == 63
