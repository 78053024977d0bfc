"""Notifying a round's applicants of the decisions on their expressions of interest: one email each, once, from
the expressions of interest's listing, for fund managers only; until then applicants see no decision and cannot
open the application an invitation made."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from core.workflows import IllegalTransition
from funding import services
from funding.models import EoiStatus, ExpressionOfInterest
from notifications import tasks
from notifications.models import Mailing
from tests.factories.funding import (
    ApplicationsOpenRoundFactory,
    EoiOpenRoundFactory,
    ExpressionOfInterestFactory,
    InvitableExpressionOfInterestFactory,
)
from tests.factories.funding_assessment import make_assessor, make_editor, make_manager
from tests.funding.helpers import emails_to, text_of

pytestmark = pytest.mark.django_db

ADA, BOB, CAROL = "ada@lambeth.gov.uk", "bob@croydon.gov.uk", "carol@hackney.gov.uk"


def notify_url(round_):
    return reverse("fund_assessment:notify_eoi", args=[round_.pk])


def listing_url(**filters):
    return reverse("fund_expressions_of_interest:index") + (
        "?" + "&".join(f"{key}={value}" for key, value in filters.items()) if filters else ""
    )


def messages_of(response):
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


@pytest.fixture
def manager():
    return make_manager(username="maya")


@pytest.fixture
def round_():
    return ApplicationsOpenRoundFactory(name="Round 5")


@pytest.fixture
def decided(round_, manager):
    """Ada's two bids, one invited and one declined; Bob's declined. Carol's, in another round, invited."""
    invited = InvitableExpressionOfInterestFactory(round=round_, contact_email=ADA, title="Find a planning app")
    declined = InvitableExpressionOfInterestFactory(round=round_, contact_email=ADA, title="Chatbot for all")
    bobs = InvitableExpressionOfInterestFactory(round=round_, contact_email=BOB, contact_name="Bob", title="Bins")
    application = services.invite(invited, user=manager, feedback="Talk to residents early.")
    services.decline(declined, user=manager, feedback="Start from what residents need.")
    services.decline(bobs, user=manager, feedback="Too close to another bid.")
    carols = InvitableExpressionOfInterestFactory(contact_email=CAROL, title="Carol's bid")
    services.invite(carols, user=manager, feedback="Please apply.")
    return application, carols


def test_notifying_emails_each_applicant_once_with_every_decision_and_locks_the_decisions(
    round_, decided, manager, django_capture_on_commit_callbacks
):
    application, carols = decided

    with django_capture_on_commit_callbacks(execute=True):
        mailing = services.notify_eoi_applicants(round_, user=manager)

    assert mailing.key == f"funding:eoi-decisions:{round_.pk}"
    assert sorted(message.to[0] for message in mail.outbox) == [ADA, BOB]
    [to_ada] = emails_to(ADA)
    assert to_ada.subject == "Local Digital Fund Round 5: the decision on your expression of interest"
    assert "invite you to send a full application" in to_ada.body and "Talk to residents early." in to_ada.body
    assert f"http://testserver/fund/applications/{application.reference}/" in to_ada.body
    assert "http://testserver/fund/sign-in/" in to_ada.body
    assert "not inviting it" in to_ada.body and "Start from what residents need." in to_ada.body
    [to_bob] = emails_to(BOB)
    assert "Too close to another bid." in to_bob.body and "/fund/applications/" not in to_bob.body
    assert "Talk to residents early." not in to_bob.body

    # A second press sends nothing and records nothing; nor does the worker, restarted, running the task again.
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError, match="already been"):
        services.notify_eoi_applicants(round_, user=manager)
    tasks.send_mailing.call(mailing.pk)
    tasks.send_mailing.call(mailing.pk)
    assert len(mail.outbox) == 2 and Mailing.objects.count() == 1

    eois = ExpressionOfInterest.objects.filter(round=round_)
    assert all(eoi.notified_at for eoi in eois)
    assert ExpressionOfInterest.objects.get(pk=carols.pk).notified_at is None
    entry = ModelLogEntry.objects.get(action="funding.eoi.notify")
    assert entry.user_id == manager.pk and entry.object_id == str(round_.pk) and entry.data == {"applicants": 2}
    told = ModelLogEntry.objects.filter(action="funding.eoi.notified", user=manager)
    assert sorted(told.values_list("object_id", flat=True)) == sorted(str(eoi.pk) for eoi in eois)


def test_decisions_cannot_change_once_the_round_is_notified(round_, decided, manager):
    application, carols = decided
    services.notify_eoi_applicants(round_, user=manager)
    late = InvitableExpressionOfInterestFactory(round=round_, contact_email=CAROL)  # one that slipped in

    with pytest.raises(ValidationError, match="can no longer change"):
        services.invite(late, user=manager, feedback="Please apply.")
    with pytest.raises(ValidationError, match="can no longer change"):
        services.decline(late, user=manager, feedback="No.")
    assert ExpressionOfInterest.objects.get(pk=late.pk).status == EoiStatus.SUBMITTED
    with pytest.raises((ValidationError, IllegalTransition)):
        services.decline(application.expression_of_interest, user=manager, feedback="Changed our minds.")
    assert ExpressionOfInterest.objects.get(pk=application.expression_of_interest_id).status == EoiStatus.INVITED
    # Another round's decisions still change.
    services.decline(InvitableExpressionOfInterestFactory(round=carols.round), user=manager, feedback="No.")


def test_notifying_is_refused_while_any_sent_expression_of_interest_is_undecided(round_, decided, manager):
    waiting = InvitableExpressionOfInterestFactory(round=round_)

    with pytest.raises(ValidationError, match="1 still needs a decision"):
        services.notify_eoi_applicants(round_, user=manager)
    assert not Mailing.objects.exists()
    assert not ExpressionOfInterest.objects.filter(notified_at__isnull=False).exists()

    services.decline(waiting, user=manager, feedback="No.")
    assert services.notify_eoi_applicants(round_, user=manager).deliveries.count() == 3


def test_notifying_is_refused_until_expressions_of_interest_close():
    round_ = EoiOpenRoundFactory(name="Round 6")
    closes = round_.eoi_closes_at

    assert "can be sent until" in services.eoi_notify_problem(round_, closes - datetime.timedelta(microseconds=1))
    assert services.eoi_notify_problem(round_, closes) is None
    assert services.eoi_notify_problem(round_, closes + datetime.timedelta(microseconds=1)) is None
    with pytest.raises(ValidationError, match="notify applicants once they have closed"):
        services.notify_eoi_applicants(round_, user=make_manager(username="mo"))


def test_only_a_fund_manager_may_notify(round_, decided):
    for user in [make_assessor(username="ada"), make_editor(username="eddie")]:
        with pytest.raises(PermissionDenied):
            services.notify_eoi_applicants(round_, user=user)
    assert not Mailing.objects.exists()


def test_the_applicant_sees_no_decision_and_cannot_open_the_application_until_notified(
    round_, decided, manager, sign_in
):
    application, carols = decided
    ada, carol = sign_in(Client(), ADA), sign_in(Client(), CAROL)
    page = f"/fund/applications/{application.reference}/"

    your_bids = text_of(ada.get("/fund/your-bids/"))
    assert "Find a planning app Sent" in your_bids and "Chatbot for all Sent" in your_bids
    assert "Talk to residents early." not in your_bids and "Invited to apply" not in your_bids
    assert application.reference not in your_bids
    assert ada.get(page).status_code == 404
    assert services.applications_for(ADA).count() == 0 and services.application_for(ADA, application.reference) is None

    services.notify_eoi_applicants(round_, user=manager)

    your_bids = text_of(ada.get("/fund/your-bids/"))
    assert "Find a planning app Invited to apply" in your_bids and "Talk to residents early." in your_bids
    assert "Chatbot for all Not invited" in your_bids and application.reference in your_bids
    assert ada.get(page).status_code == 200
    # Carol's round is not notified: hers stays closed to her, and Ada's to her.
    carols_page = f"/fund/applications/{carols.application.reference}/"
    assert carol.get(carols_page).status_code == 404 and carol.get(page).status_code == 404
    assert "Carol's bid Sent" in text_of(carol.get("/fund/your-bids/"))


# In the admin ----------------------------------------------------------------------------------------------


def page_text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_a_fund_manager_notifies_from_the_rounds_listing_once(client, round_, decided, manager):
    client.force_login(manager)

    assert notify_url(round_) in client.get(listing_url(round=round_.pk)).content.decode()
    assert "notify-expressions-of-interest" not in client.get(listing_url()).content.decode()
    confirm = page_text(client.get(notify_url(round_)))
    assert "We will email 2 applicants the decision on their expressions of interest" in confirm
    assert "1 invited to apply and 2 not invited" in confirm

    response = client.post(notify_url(round_))
    assert response.status_code == 302 and response.url == listing_url(round=round_.pk)
    assert messages_of(response) == [
        "We are emailing the decisions to 2 applicants. Decisions on expressions of interest in Round 5 can no "
        "longer change."
    ]
    again = client.post(notify_url(round_))  # pressed twice
    assert "have already been notified" in page_text(again) and "Yes, notify applicants" not in page_text(again)
    assert Mailing.objects.get().deliveries.count() == 2
    assert ModelLogEntry.objects.filter(action="funding.eoi.notify", user=manager).count() == 1
    eoi = decided[0].expression_of_interest
    inspect = page_text(client.get(reverse("fund_expressions_of_interest:inspect", args=[eoi.pk])))
    assert "Applicant notified" in inspect and "Not yet" not in inspect
    history = page_text(client.get(reverse("fund_expressions_of_interest:history", args=[eoi.pk])))
    assert "Applicant notified of the decision" in history and "Maya Staff" in history


def test_the_confirmation_says_why_it_cannot_notify_while_a_bid_awaits_a_decision(client, round_, decided, manager):
    InvitableExpressionOfInterestFactory(round=round_)
    client.force_login(manager)

    page = page_text(client.get(notify_url(round_)))
    assert "1 still needs a decision" in page and "Yes, notify applicants" not in page
    response = client.post(notify_url(round_))
    assert "1 still needs a decision" in page_text(response)
    assert not Mailing.objects.exists()


def test_assessors_editors_and_anonymous_visitors_cannot_notify(client, round_, decided):
    assert client.get(notify_url(round_)).url.startswith(reverse("wagtailadmin_login"))
    assert client.post(notify_url(round_)).url.startswith(reverse("wagtailadmin_login"))
    for user in [make_assessor(username="ada"), make_editor(username="eddie")]:
        client.force_login(user)
        for response in [client.get(notify_url(round_)), client.post(notify_url(round_))]:
            assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert not Mailing.objects.exists()
    assert not ExpressionOfInterest.objects.filter(notified_at__isnull=False).exists()


def test_a_bid_decided_before_decisions_waited_for_notifying_is_not_emailed_again(round_, manager, sending):
    emailed_at = timezone.now() - datetime.timedelta(days=3)  # by the old immediate email (migration 0006)
    earlier = ExpressionOfInterestFactory(
        round=round_, contact_email=BOB, status=EoiStatus.DECLINED, feedback="No.", notified_at=emailed_at
    )
    new = InvitableExpressionOfInterestFactory(round=round_, contact_email=ADA)
    services.decline(new, user=manager, feedback="No.")

    with sending():
        services.notify_eoi_applicants(round_, user=manager)

    assert [message.to for message in mail.outbox] == [[ADA]]
    assert ExpressionOfInterest.objects.get(pk=earlier.pk).notified_at == emailed_at
