"""Signed emailed links (core.links): a purpose, a lifetime, single use where asked."""

import datetime

import pytest
import time_machine
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from core.links import (
    EmailedLink,
    LinkExpired,
    LinkInvalid,
    LinkUsed,
    LinkWrongPurpose,
    behind_the_link,
    forget_old_used_links,
    problem_response,
)
from core.workflows import IllegalTransition
from declaration.models import Commitment, CommitmentStatus
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


def _page_behind(link, view, **options):
    """A page behind `link` that answers 'Too late for <reference>' for what can no longer change."""
    return behind_the_link(
        link,
        problem_template="core/link_problem.html",
        cannot_change=lambda request, commitment: HttpResponse(f"Too late for {commitment.reference}"),
        **options,
    )(view)


def _open(page, token, home_page):
    request = RequestFactory().get("/")
    request.site = home_page.get_site()
    return page(request, token)


def test_the_page_behind_a_link_gets_the_links_object_and_is_never_cached(home_page):
    _other, wanted = CommitmentFactory(), CommitmentFactory()
    page = _page_behind(CONFIRM, lambda request, token, commitment: HttpResponse(f"Hello {commitment.reference}"))

    response = _open(page, CONFIRM.token_for(wanted), home_page)

    assert response.content.decode() == f"Hello {wanted.reference}"
    assert "no-cache" in response["Cache-Control"]


def test_the_page_behind_an_altered_link_says_so_and_the_view_is_not_called(home_page):
    page = _page_behind(CONFIRM, lambda request, token, commitment: pytest.fail("the view was called"))

    response = _open(page, CONFIRM.token_for(CommitmentFactory())[:-2], home_page)

    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_what_can_no_longer_change_gets_the_apps_answer(home_page):
    waiting, confirmed = CommitmentFactory(), CommitmentFactory(status=CommitmentStatus.IN_REVIEW)
    page = _page_behind(
        CONFIRM,
        lambda request, token, commitment: HttpResponse("Confirm"),
        can_change=lambda commitment: commitment.status == CommitmentStatus.AWAITING_EMAIL_CONFIRMATION,
    )

    answers = [_open(page, CONFIRM.token_for(each), home_page).content.decode() for each in (waiting, confirmed)]

    assert answers == ["Confirm", f"Too late for {confirmed.reference}"]


def test_a_used_single_use_link_gets_the_apps_answer(home_page):
    used, unused = CommitmentFactory(), CommitmentFactory()
    ONCE.use(ONCE.token_for(used))
    page = _page_behind(ONCE, lambda request, token, commitment: HttpResponse("Sign"))

    assert _open(page, ONCE.token_for(used), home_page).content.decode() == f"Too late for {used.reference}"
    assert _open(page, ONCE.token_for(unused), home_page).content.decode() == "Sign"


def test_someone_acting_since_the_page_loaded_gets_the_apps_answer_not_an_error(home_page):
    commitment = CommitmentFactory()

    def view(request, token, commitment):
        raise IllegalTransition("Withdrawn by staff a moment ago")

    response = _open(_page_behind(CONFIRM, view), CONFIRM.token_for(commitment), home_page)

    assert response.content.decode() == f"Too late for {commitment.reference}"
