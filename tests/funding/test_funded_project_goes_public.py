"""From a manager's decision to the public record: a funded bid's draft project page, once an editor
publishes it, appears on /fund/projects/ with the totals updated, on its principle's page and in the
360Giving grants data; a bid not funded appears nowhere."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client

from funding import services
from funding.models import DecisionOutcome, ProjectPage
from tests.factories.declaration import PrincipleFactory
from tests.factories.funding_assessment import RoundFactory, SubmittedApplicationFactory, make_manager

pytestmark = pytest.mark.django_db


def test_a_funded_bid_once_published_shows_in_the_list_totals_principle_page_and_grants_data():
    call_command("bootstrap_site", stdout=io.StringIO())
    manager = make_manager(username="maya")
    round_ = RoundFactory(name="Round 4", slug="round-4")
    principle = PrincipleFactory(title="Open standards", slug="open-standards")
    funded = SubmittedApplicationFactory(
        round=round_, title="Shared bin collections", amount_requested=Decimal("70000")
    )
    funded.expression_of_interest.principles.set([principle])
    refused = SubmittedApplicationFactory(round=round_, title="A bid not funded", amount_requested=Decimal("50000"))

    services.decide(funded, user=manager, outcome=DecisionOutcome.FUND, amount=Decimal("65000.50"), feedback="Good.")
    services.decide(refused, user=manager, outcome=DecisionOutcome.DO_NOT_FUND, feedback="Not this time.")

    def grants():
        return json.loads(Client().get("/fund/projects/grants.json").content)["grants"]

    assert "Shared bin collections" not in Client().get("/fund/projects/").content.decode()  # a draft
    assert grants() == []

    ProjectPage.objects.get().get_latest_revision().publish()

    listing = Client().get("/fund/projects/").content.decode()
    assert "Shared bin collections" in listing
    assert "£65,000.50" in listing
    assert "A bid not funded" not in listing
    assert "Shared bin collections" in Client().get(f"/declaration/principles/{principle.slug}/").content.decode()
    [grant] = grants()
    assert grant["title"].startswith("Shared bin collections")
    assert grant["amountAwarded"] == 65000.5
    assert grant["currency"] == "GBP"
    assert grant["grantProgramme"][0]["title"] == "Round 4"
