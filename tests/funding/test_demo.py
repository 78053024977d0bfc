"""The fund's demo content: a round open now for expressions of interest with published bids, and a round open
now for applications with bids in each state, all saying they are made up."""

from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from core.models import Draft
from funding import application_demo, services
from funding.models import (
    Application,
    ApplicationStatus,
    Collaborator,
    EoiStatus,
    ExpressionOfInterest,
    Round,
    RoundState,
)
from notifications.models import Mailing
from tests.factories.declaration import SignedOrganisationFactory
from tests.factories.organisations import OrganisationFactory
from tests.funding.application_steps import complete_approach, complete_budget, complete_declarations, path, send
from tests.funding.helpers import text_of

pytestmark = pytest.mark.django_db

APPLICANT = "applicant@example.com"


def load_demo_content() -> str:
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def statuses(response) -> list[str]:
    """Each section's status on the task list."""
    soup = BeautifulSoup(response.content, "html.parser")
    return [item.get_text(" ", strip=True) for item in soup.select(".govuk-task-list__status")]


def application_titled(title: str) -> Application:
    return Application.objects.get(expression_of_interest__title=title)


def test_the_demo_round_is_open_now_with_published_bids_from_demo_signatories_that_say_they_are_made_up(client):
    load_demo_content()

    demo_round = Round.objects.get(slug="demo-round")
    assert demo_round.state(timezone.now()) == RoundState.EOI_OPEN
    bids = ExpressionOfInterest.objects.filter(round=demo_round)
    assert bids.count() == 5
    for bid in bids:
        assert bid.may_publish and bid.title.startswith("Demo: ")
        assert f"{bid.lead_organisation.name} did not send this" in bid.problem
        assert bid.lead_organisation.signatory is not None
    # The round visitors hear about is the one they can bid in, not the one only those invited can apply to.
    assert Round.objects.current() == demo_round
    assert "Expressions of interest are open until" in client.get("/fund/").content.decode()
    assert services.published_expressions_of_interest().count() == 5


def test_demo_round_b_is_open_for_applications_with_bids_in_each_state_that_say_they_are_made_up():
    output = load_demo_content()

    round_b = Round.objects.get(slug="demo-round-b")
    assert round_b.state(timezone.now()) == RoundState.APPLICATIONS_OPEN
    bids = ExpressionOfInterest.objects.filter(round=round_b).prefetch_related("partners")
    assert sorted(bids.values_list("status", flat=True)) == sorted([EoiStatus.DECLINED] * 3 + [EoiStatus.INVITED] * 5)
    # Their applicants were notified, once, so those invited can open their applications.
    assert all(bid.notified_at for bid in bids)
    assert Mailing.objects.get(key=f"funding:eoi-decisions:{round_b.pk}").deliveries.count() == 7
    for bid in bids:
        assert bid.title.startswith("Demo: ") and not bid.may_publish
        assert f"{bid.lead_organisation.name} did not send this" in bid.problem
        assert bid.contact_email.endswith("@example.com")
        assert not services.unsigned_organisations([bid.lead_organisation, *bid.partners.all()])
        assert round_b.eoi_opens_at <= bid.submitted_at < round_b.eoi_closes_at
    for declined in bids.filter(status=EoiStatus.DECLINED):
        assert declined.feedback and not hasattr(declined, "application")

    applications = Application.objects.filter(expression_of_interest__round=round_b)
    assert applications.filter(status=ApplicationStatus.IN_PROGRESS).count() == 2
    assert applications.filter(status=ApplicationStatus.SUBMITTED).count() == 3
    assert f"/fund/sign-in/ as {APPLICANT}" in output


def test_the_sent_demo_applications_have_every_answer_within_the_phase_cap_ready_to_assign():
    load_demo_content()

    round_b = Round.objects.get(slug="demo-round-b")
    sent = Application.objects.filter(expression_of_interest__round=round_b, status=ApplicationStatus.SUBMITTED)
    assert sent.count() == 3
    for application in sent:
        assert application.title.startswith("Demo: ") and application.summary
        assert 0 < application.amount_requested <= round_b.phase_cap(application.phase)
        assert application.submitted_at is not None
        assert Draft.objects.get(pk=application.draft_id).submitted_at is not None
        sections = application.answers["sections"]
        assert [section["title"] for section in sections] == [
            "About the project",
            "Partners and team",
            "The problem and users",
            "Approach and plan",
            "Budget",
            "Declarations",
        ]
        assert all(section["rows"] for section in sections)
    total = sum(application.amount_requested for application in sent)
    assert total <= round_b.total_budget
    assert len(services.ranking(round_b)) == 3  # fund managers see them, to assign assessors


def test_the_demo_applicant_signs_in_to_one_application_to_start_one_in_progress_and_one_sent(sign_in):
    load_demo_content()
    applicant = sign_in(Client(), APPLICANT)

    your_bids = text_of(applicant.get("/fund/your-bids/"))
    not_started = application_titled("Demo: finding a school place for a child with special educational needs")
    in_progress = application_titled("Demo: reporting damp and mould in council homes")
    sent = application_titled("Demo: one way to pay for parking permits across London")
    for application in [not_started, in_progress, sent]:
        assert application.reference in your_bids

    assert statuses(applicant.get(path(not_started))) == ["Not yet started"] * 6
    assert statuses(applicant.get(path(in_progress))) == ["Completed"] * 3 + [
        "In progress",
        "Not yet started",
        "Not yet started",
    ]
    assert list(in_progress.collaborators.values_list("email", flat=True)) == ["colleague@example.com"]
    copy = text_of(applicant.get(path(sent)))
    assert "This is a copy of what was sent: it cannot be changed." in copy
    assert "Demo: one way to pay for parking permits across London" in copy
    assert "Demo Digital Partners Ltd" in copy


def test_the_demo_applicant_can_finish_and_send_the_application_in_progress(sign_in, sending):
    load_demo_content()
    applicant = sign_in(Client(), APPLICANT)
    application = application_titled("Demo: reporting damp and mould in council homes")

    for response in [
        complete_approach(applicant, application),
        complete_budget(applicant, application),
        complete_declarations(applicant, application),
    ]:
        assert response["Location"] == path(application)
    with sending():
        send(applicant, application)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    untouched = application_titled("Demo: finding a school place for a child with special educational needs")
    assert untouched.status == ApplicationStatus.IN_PROGRESS


def test_staff_can_decide_the_demo_rounds_bids_and_notify_once_it_closes(sending):
    load_demo_content()
    demo_round = Round.objects.get(slug="demo-round")
    awaiting = ExpressionOfInterest.objects.filter(round=demo_round, status=EoiStatus.SUBMITTED)
    mail.outbox.clear()

    with sending():
        application = services.invite(awaiting.first(), user=None, feedback="Please apply.")

    assert application.status == ApplicationStatus.IN_PROGRESS
    assert awaiting.count() == 4 and mail.outbox == []
    assert "once they have closed" in services.eoi_notify_problem(demo_round)


def test_a_second_run_adds_nothing():
    load_demo_content()

    def counts():
        return [
            sorted(Round.objects.values_list("slug", flat=True)),
            ExpressionOfInterest.objects.count(),
            Application.objects.count(),
            Collaborator.objects.count(),
            Draft.objects.count(),
        ]

    before = counts()
    output = load_demo_content()

    assert counts() == before
    assert before[0] == ["demo-round", "demo-round-b", "round-1", "round-2"]
    assert before[1:3] == [13, 5]
    assert "nothing changed" in output


def test_demo_round_b_skips_the_bids_whose_organisations_have_not_signed(home_page):
    for name in ["Wandsworth Council", "Hackney Council", "Lambeth Council"]:
        SignedOrganisationFactory(name=name)
    for name in ["Leeds City Council", "Newcastle City Council", "Sunderland City Council"]:
        OrganisationFactory(name=name)  # not signatories: their bid is left out

    created = application_demo.load_demo_round_b(home_page)

    bids = ExpressionOfInterest.objects.filter(round__slug="demo-round-b")
    assert {bid.title: bid.application.status for bid in bids} == {
        "Demo: reporting damp and mould in council homes": ApplicationStatus.IN_PROGRESS,
        "Demo: one way to pay for parking permits across London": ApplicationStatus.SUBMITTED,
    }
    made = "2 expressions of interest in it (0 declined, 2 invited to apply; 1 sent), their applicants notified"
    assert made in created
