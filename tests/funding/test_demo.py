"""The fund's demo content: a round open now, and published expressions of interest that say they are made up."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from funding.models import ExpressionOfInterest, Round, RoundState

pytestmark = pytest.mark.django_db


def test_the_demo_round_is_open_now_with_published_bids_from_demo_signatories_that_say_they_are_made_up(client):
    call_command("load_demo_content")

    demo_round = Round.objects.get(slug="demo-round")
    assert demo_round.state(timezone.now()) == RoundState.EOI_OPEN
    bids = ExpressionOfInterest.objects.filter(round=demo_round)
    assert bids.count() == 5
    for bid in bids:
        assert bid.may_publish and bid.title.startswith("Demo: ")
        assert f"{bid.lead_organisation.name} did not send this" in bid.problem
        assert bid.lead_organisation.signatory is not None
    assert "Expressions of interest are open until" in client.get("/fund/").content.decode()

    rounds = sorted(Round.objects.values_list("slug", flat=True))
    call_command("load_demo_content")  # a second run adds nothing
    assert sorted(Round.objects.values_list("slug", flat=True)) == rounds == ["demo-round", "round-1", "round-2"]
    assert ExpressionOfInterest.objects.count() == 5
