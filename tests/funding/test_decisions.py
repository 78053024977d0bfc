"""Staff invite or decline an expression of interest in the admin; the applicant hears nothing yet (they are
emailed when staff notify the round's applicants: test_eoi_decisions_notified.py)."""

import html
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Draft
from core.workflows import IllegalTransition
from funding import services
from funding.models import Application, EoiStatus, ExpressionOfInterest, PhaseName, ServiceArea
from tests.factories.funding import InvitableExpressionOfInterestFactory

pytestmark = pytest.mark.django_db

NAMESPACE = "fund_expressions_of_interest"
FEEDBACK = "A clear problem, shared by many councils.\nTalk to residents early."


def admin_url(name, eoi=None):
    return reverse(f"{NAMESPACE}:{name}", args=[eoi.pk] if eoi else [])


def messages_of(response):
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def staff(django_user_model, username, *, groups=(), permissions=()):
    user = django_user_model.objects.create_user(
        username=username, password="a-long-password-1", email=f"{username}@example.gov.uk", is_staff=True
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    for app_label, codename in permissions:
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user


@pytest.fixture
def manager(client, django_user_model):
    client.force_login(staff(django_user_model, "fiona", groups=["Fund managers"]))
    return client


@pytest.fixture
def eoi():
    return InvitableExpressionOfInterestFactory(contact_email="ada@lambeth.gov.uk")


@pytest.fixture
def bystander():
    return InvitableExpressionOfInterestFactory(contact_email="bob@croydon.gov.uk")


def test_a_fund_manager_invites_a_bid_its_application_opens_and_nobody_is_emailed_yet(
    manager, eoi, bystander, sending
):
    with sending():
        response = manager.post(admin_url("invite", eoi), {"feedback": FEEDBACK})

    assert response["Location"] == admin_url("inspect", eoi)
    assert messages_of(response) == [
        f"{eoi.reference} invited to apply. Ada Lovelace will be emailed your feedback when you notify the "
        "round’s applicants."
    ]
    eoi.refresh_from_db()
    assert eoi.status == EoiStatus.INVITED
    assert eoi.feedback == FEEDBACK
    assert eoi.decided_at is not None
    application = Application.objects.get(expression_of_interest=eoi)
    assert re.fullmatch(r"LDF-APP-[0-9A-Z]{4}", application.reference)
    assert application.title == eoi.title and application.phase == eoi.phase
    assert application.draft.journey == "funding_application"
    assert application.draft.owner == "ada@lambeth.gov.uk"
    assert mail.outbox == [] and eoi.notified_at is None
    bystander.refresh_from_db()
    assert bystander.status == EoiStatus.SUBMITTED and bystander.feedback == "" and bystander.decided_at is None
    assert not Application.objects.filter(expression_of_interest=bystander).exists()


def test_pressing_invite_a_second_time_changes_nothing_and_says_why(manager, eoi, sending):
    with sending():
        manager.post(admin_url("invite", eoi), {"feedback": FEEDBACK})
        response = manager.post(admin_url("invite", eoi), {"feedback": "Something else"})

    assert response["Location"] == admin_url("inspect", eoi)
    assert messages_of(response)[-1] == (
        "You cannot invite this expression of interest: its status is ‘Invited to apply’."
    )
    assert Application.objects.count() == 1
    assert mail.outbox == []
    eoi.refresh_from_db()
    assert eoi.feedback == FEEDBACK


def test_the_service_refuses_a_second_decision(eoi, sending):
    services.invite(eoi, user=None, feedback=FEEDBACK)
    with pytest.raises(IllegalTransition):
        services.decline(ExpressionOfInterest.objects.get(pk=eoi.pk), user=None, feedback="No")
    assert ExpressionOfInterest.objects.get(pk=eoi.pk).status == EoiStatus.INVITED
    assert Draft.objects.count() == 1


def test_a_fund_manager_declines_a_bid_with_feedback_and_nobody_is_emailed_yet(manager, eoi, bystander, sending):
    with sending():
        response = manager.post(admin_url("decline", eoi), {"feedback": FEEDBACK})

    assert messages_of(response) == [
        f"{eoi.reference} declined. Ada Lovelace will be emailed your feedback when you notify the round’s applicants."
    ]
    eoi.refresh_from_db()
    assert eoi.status == EoiStatus.DECLINED and eoi.feedback == FEEDBACK and eoi.notified_at is None
    assert not Application.objects.exists()
    assert mail.outbox == []
    assert ExpressionOfInterest.objects.get(pk=bystander.pk).status == EoiStatus.SUBMITTED


@pytest.mark.parametrize(
    ("feedback", "error"),
    [("", "Enter feedback for the applicant"), ("x" * 5001, "Feedback for the applicant must be 5000 characters")],
)
def test_a_decision_needs_feedback_within_its_limit(manager, eoi, feedback, error):
    response = manager.post(admin_url("invite", eoi), {"feedback": feedback})

    assert response.status_code == 200
    assert error in html.unescape(response.content.decode())
    assert ExpressionOfInterest.objects.get(pk=eoi.pk).status == EoiStatus.SUBMITTED


def test_an_editor_who_may_only_read_cannot_decide(client, django_user_model, eoi):
    reader = staff(
        django_user_model,
        "rita",
        permissions=[("wagtailadmin", "access_admin"), ("funding", "view_expressionofinterest")],
    )
    client.force_login(reader)

    assert client.get(admin_url("inspect", eoi)).status_code == 200
    assert "Invite to apply" not in client.get(admin_url("inspect", eoi)).content.decode()
    response = client.post(admin_url("invite", eoi), {"feedback": FEEDBACK})

    assert response.status_code in (302, 403)
    assert ExpressionOfInterest.objects.get(pk=eoi.pk).status == EoiStatus.SUBMITTED
    assert not mail.outbox


def test_an_editor_without_the_fund_permissions_cannot_see_the_bids(client, django_user_model, eoi):
    editor = staff(django_user_model, "eddie", permissions=[("wagtailadmin", "access_admin")])
    client.force_login(editor)

    assert client.get(admin_url("index")).status_code in (302, 403)
    assert client.get(admin_url("inspect", eoi)).status_code in (302, 403)


def test_the_listing_filters_by_round_status_service_area_and_phase_and_searches(manager, eoi, bystander):
    other_round = InvitableExpressionOfInterestFactory(
        title="Bins collected on time", service_area=ServiceArea.WASTE, phase=PhaseName.ALPHA
    )

    by_round = manager.get(admin_url("index"), {"round": eoi.round.pk}).content.decode()
    by_search = manager.get(admin_url("index"), {"q": "Bins"}).content.decode()
    by_status = manager.get(admin_url("index"), {"status": "declined"}).content.decode()
    by_area = manager.get(admin_url("index"), {"service_area": ServiceArea.WASTE}).content.decode()
    by_phase = manager.get(admin_url("index"), {"phase": PhaseName.DISCOVERY}).content.decode()

    assert eoi.reference in by_round and other_round.reference not in by_round
    assert other_round.reference in by_search and eoi.reference not in by_search
    assert eoi.reference not in by_status
    assert other_round.reference in by_area and eoi.reference not in by_area
    assert eoi.reference in by_phase and other_round.reference not in by_phase


def test_the_inspect_page_shows_every_answer(manager, eoi):
    page = html.unescape(manager.get(admin_url("inspect", eoi)).content.decode())

    for answer in [eoi.title, eoi.problem, eoi.affected, eoi.contact_email, eoi.lead_organisation.name, "£75,000.00"]:
        assert answer in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_listing_costs_the_same_queries_for_a_few_bids_or_many(manager, eoi):
    few = _queries(manager, admin_url("index") + "?q=")
    InvitableExpressionOfInterestFactory.create_batch(30)
    assert _queries(manager, admin_url("index") + "?q=") == few
