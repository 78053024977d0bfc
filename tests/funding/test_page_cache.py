"""What the fund's public pages show is never stale with the page cache on: a round changed in the admin,
an expression of interest sent, a grant awarded to a published project."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from funding.models import Grant, ProjectIndexPage, ProjectPage, Round
from tests.factories.funding import EoiOpenRoundFactory, ExpressionOfInterestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund_pages():
    call_command("bootstrap_site", stdout=io.StringIO())


def test_a_round_changed_in_the_admin_shows_on_the_fund_page_and_the_roadmap(fund_pages, visit, committed):
    round_1 = Round.objects.get(slug="round-1")
    assert "Round 1 has closed" in visit("/fund/").content.decode()
    hit = visit("/fund/")
    assert hit["X-Page-Cache"] == "hit"

    with committed():
        round_1.name = "The first round"
        round_1.save()

    assert "The first round has closed" in visit("/fund/").content.decode()
    assert "The first round" in visit("/roadmap/").content.decode()


def test_an_expression_of_interest_sent_shows_on_the_published_list(fund_pages, visit, committed):
    round_ = EoiOpenRoundFactory(name="Round 2", slug="round-2")
    ExpressionOfInterestFactory(round=round_, title="Bystander bid")
    assert "Shared planning finder" not in visit("/fund/expressions-of-interest/").content.decode()

    with committed():
        ExpressionOfInterestFactory(round=round_, title="Shared planning finder")

    page = visit("/fund/expressions-of-interest/").content.decode()
    assert "Shared planning finder" in page
    assert "Bystander bid" in page


def test_a_second_grant_to_a_published_project_shows_in_the_totals(fund_pages, visit, committed):
    round_1 = Round.objects.get(slug="round-1")
    project = ProjectIndexPage.objects.get().add_child(
        instance=ProjectPage(title="Shared waste service", slug="shared-waste-service")
    )
    Grant.objects.create(
        project=project,
        round=round_1,
        phase="discovery",
        amount=Decimal("50000"),
        awarded_on=datetime.date(2018, 12, 3),
    )
    assert "£50,000" in visit("/fund/projects/").content.decode()

    with committed():
        Grant.objects.create(
            project=project,
            round=round_1,
            phase="alpha",
            amount=Decimal("90000"),
            awarded_on=datetime.date(2019, 5, 1),
        )

    assert "£140,000" in visit("/fund/projects/").content.decode()


def test_a_window_opens_on_the_cached_fund_page_at_its_minute_with_nothing_saved(fund_pages, visit):
    """Time alone changes the round's state: the cached page is kept only until the next change."""
    opens = Round.objects.get(slug="round-1").eoi_opens_at
    with time_machine.travel(opens - datetime.timedelta(minutes=2), tick=False):
        first = visit("/fund/")
        assert "Round 1 opens for expressions of interest" in first.content.decode()
        assert visit("/fund/")["X-Page-Cache"] == "hit"
        assert "s-maxage=120" in first["Cache-Control"]  # a CDN keeps it no longer than until the opening

    with time_machine.travel(opens, tick=False):
        opened = visit("/fund/")

    assert "Expressions of interest are open until" in opened.content.decode()
    assert opened["X-Page-Cache"] == "miss"
