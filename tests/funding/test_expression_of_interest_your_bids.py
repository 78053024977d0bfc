"""Your bids: the applicant's unsent drafts with their deadlines, and what they sent with its state."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from core.formatting import UK_TIME_ZONE
from funding.models import EoiStatus
from organisations.models import OrganisationType
from tests.factories.declaration import PrincipleFactory, SignedOrganisationFactory
from tests.factories.funding import EoiOpenRoundFactory, ExpressionOfInterestFactory
from tests.funding.eoi_helpers import answers, start_draft
from tests.funding.helpers import text_of

pytestmark = pytest.mark.django_db

ADA = "ada@lambeth.gov.uk"
GRACE = "grace@southwark.gov.uk"
CLOSES = datetime.datetime(2030, 3, 1, 17, 0, tzinfo=UK_TIME_ZONE)


@pytest.fixture
def round():
    return EoiOpenRoundFactory(
        name="Round 3",
        eoi_opens_at=datetime.datetime(2030, 1, 1, 9, 0, tzinfo=UK_TIME_ZONE),
        eoi_closes_at=CLOSES,
        evaluation_ends_at=datetime.datetime(2030, 4, 1, 17, 0, tzinfo=UK_TIME_ZONE),
    )


@pytest.fixture
def lead():
    return SignedOrganisationFactory(name="Lambeth Council", organisation_type=OrganisationType.LONDON_BOROUGH)


def test_your_bids_lists_your_drafts_and_what_you_sent_with_its_state_and_nobody_elses(round, lead, sign_in):
    with time_machine.travel(datetime.datetime(2030, 2, 1, 12, 0, tzinfo=UK_TIME_ZONE), tick=False):
        ada = sign_in(Client(), ADA)
        draft = start_draft(ada)
        ada.post(f"{draft}lead/", {"lead_organisation": lead.pk})
        ada.post(f"{draft}contact/", answers(lead, PrincipleFactory())["contact"])
        grace = sign_in(Client(), GRACE)
        theirs = start_draft(grace)
        ExpressionOfInterestFactory(round=round, contact_email=ADA, title="Waiting bid", reference="LDF-EOI-AAAA")
        ExpressionOfInterestFactory(
            round=round,
            contact_email=ADA,
            title="Invited bid",
            status=EoiStatus.INVITED,
            feedback="A clear problem, shared by many councils.",
            notified_at=timezone.now(),
        )
        ExpressionOfInterestFactory(
            round=round,
            contact_email=ADA,
            title="Declined bid",
            status=EoiStatus.DECLINED,
            feedback="Too narrow.",
            notified_at=timezone.now(),
        )
        ExpressionOfInterestFactory(round=round, contact_email=GRACE, title="Grace’s bid")
        page = ada.get("/fund/your-bids/")
        text = text_of(page)
        assert f"{draft}check/" in page.content.decode() and f"{theirs}check/" not in page.content.decode()
        assert "Untitled expression of interest" in text
        assert "Send it by 1 March 2030 at 5pm" in text
        assert "Waiting bid Sent LDF-EOI-AAAA, Round 3, led by" in text
        assert "we assess it after expressions of interest close, and email you by 1 April 2030 at 5pm" in text
        assert "Invited bid Invited to apply" in text and "A clear problem, shared by many councils." in text
        assert "Declined bid Not invited" in text and "Too narrow." in text
        assert "Grace’s bid" not in text

    with time_machine.travel(CLOSES, tick=False):
        ada = sign_in(Client(), ADA)
        text = text_of(ada.get("/fund/your-bids/"))
        assert "The deadline has passed: you can read it, but not send it." in text


def test_a_decision_not_yet_made_shows_no_feedback(round, sign_in):
    ExpressionOfInterestFactory(round=round, contact_email=ADA, title="Waiting bid", feedback="Draft note")
    text = text_of(sign_in(Client(), ADA).get("/fund/your-bids/"))
    assert "Waiting bid" in text and "Draft note" not in text


@pytest.mark.parametrize("count", [1, 15])
def test_your_bids_costs_the_same_queries_for_1_or_15_of_each(
    round, lead, sign_in, count, django_assert_max_num_queries
):
    ada = sign_in(Client(), ADA)
    other_round = EoiOpenRoundFactory(name="Round 4")  # open now
    for _ in range(count):
        start_draft(ada)
    ExpressionOfInterestFactory.create_batch(count, round=round, contact_email=ADA, status=EoiStatus.INVITED)
    ExpressionOfInterestFactory.create_batch(count, round=other_round, contact_email=ADA)
    with django_assert_max_num_queries(12):
        response = ada.get("/fund/your-bids/")
    assert text_of(response).count("Untitled expression of interest") == count


def test_a_decision_is_not_shown_until_the_applicant_is_notified_of_it(round, sign_in):
    ExpressionOfInterestFactory(
        round=round, contact_email=ADA, title="Decided bid", status=EoiStatus.DECLINED, feedback="Too narrow."
    )
    told = ExpressionOfInterestFactory(
        round=round, contact_email=ADA, title="Told bid", status=EoiStatus.DECLINED, feedback="Too broad."
    )
    told.notified_at = timezone.now()
    told.save()

    text = text_of(sign_in(Client(), ADA).get("/fund/your-bids/"))

    assert "Decided bid Sent" in text and "Too narrow." not in text
    assert "Told bid Not invited" in text and "Too broad." in text
