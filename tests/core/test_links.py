"""Signed emailed links (core.links): a purpose, a lifetime, single use where asked."""

import datetime

import pytest
import time_machine
from django.test import RequestFactory
from django.utils import timezone

from core.links import (
    EmailedLink,
    LinkExpired,
    LinkInvalid,
    LinkUsed,
    LinkWrongPurpose,
    forget_old_used_links,
    problem_response,
)
from declaration.models import Commitment
from tests.factories.declaration import CommitmentFactory

pytestmark = pytest.mark.django_db

LIFETIME = datetime.timedelta(days=7)
CONFIRM = EmailedLink(
    "example.confirm", model=Commitment, lookup_field="reference", lifetime=LIFETIME, url_name="declaration:amend"
)
ONCE = EmailedLink(
    "example.once",
    model=Commitment,
    lookup_field="reference",
    lifetime=LIFETIME,
    url_name="declaration:amend",
    single_use=True,
)


def test_a_link_leads_back_to_the_object_it_was_made_for():
    wanted, _other = CommitmentFactory(), CommitmentFactory()

    assert CONFIRM.resolve(CONFIRM.token_for(wanted)) == wanted


def test_a_link_works_until_its_lifetime_ends_and_not_after():
    commitment = CommitmentFactory()
    token = CONFIRM.token_for(commitment)
    made = timezone.now()

    with time_machine.travel(made + LIFETIME - datetime.timedelta(minutes=1)):
        assert CONFIRM.resolve(token) == commitment
    with time_machine.travel(made + LIFETIME + datetime.timedelta(minutes=1)), pytest.raises(LinkExpired):
        CONFIRM.resolve(token)


def test_an_altered_link_does_not_work():
    token = CONFIRM.token_for(CommitmentFactory())

    with pytest.raises(LinkInvalid):
        CONFIRM.resolve(token[:-2] + ("aa" if not token.endswith("aa") else "bb"))


def test_a_link_made_for_another_purpose_is_refused():
    token = ONCE.token_for(CommitmentFactory())

    with pytest.raises(LinkWrongPurpose):
        CONFIRM.resolve(token)


def test_a_link_to_something_deleted_does_not_work():
    commitment = CommitmentFactory()
    token = CONFIRM.token_for(commitment)
    commitment.delete()

    with pytest.raises(LinkInvalid):
        CONFIRM.resolve(token)


def test_a_single_use_link_works_once():
    commitment = CommitmentFactory()
    token, other_token = ONCE.token_for(commitment), ONCE.token_for(CommitmentFactory())

    assert ONCE.resolve(token) == commitment
    ONCE.use(token)

    with pytest.raises(LinkUsed) as used:
        ONCE.resolve(token)
    assert used.value.instance == commitment
    with pytest.raises(LinkUsed):
        ONCE.use(token)
    assert ONCE.resolve(other_token) != commitment  # another person's link still works


def test_the_url_is_absolute_and_carries_the_token(settings):
    settings.SITE_URL = "https://localdigital.example.gov.uk"
    commitment = CommitmentFactory()

    url = CONFIRM.url(commitment)

    assert url.startswith("https://localdigital.example.gov.uk/declaration/amend/")
    assert CONFIRM.resolve(url.rstrip("/").rsplit("/", 1)[1]) == commitment


@pytest.mark.parametrize(
    ("problem", "status", "heading"),
    [
        (LinkExpired(), 410, "This link has expired"),
        (LinkInvalid(), 404, "This link does not work"),
        (LinkWrongPurpose(), 404, "This link does not work"),
        (LinkUsed(), 200, "This link has already been used"),
    ],
)
def test_each_problem_gets_a_page_that_says_what_happened(home_page, problem, status, heading):
    request = RequestFactory().get("/")
    request.site = home_page.get_site()

    response = problem_response(request, problem)

    assert response.status_code == status
    assert heading in response.content.decode()


def test_records_of_used_links_are_forgotten_after_90_days():
    old_token, new_token = ONCE.token_for(CommitmentFactory()), ONCE.token_for(CommitmentFactory())
    with time_machine.travel(timezone.now() - datetime.timedelta(days=91)):
        ONCE.use(old_token)
    ONCE.use(new_token)

    assert forget_old_used_links() == 1

    with pytest.raises(LinkUsed):
        ONCE.use(new_token)
