"""Deciding the fund's applications: amounts within the rules, the project's draft page and grant,
and the decision emails, sent once a round."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from funding import services
from funding.models import Decision, DecisionOutcome, FundPage, Grant, ProjectIndexPage, ProjectPage
from notifications import tasks
from notifications.models import Mailing
from tests.factories.declaration import PrincipleFactory
from tests.factories.funding_assessment import (
    RoundFactory,
    SubmittedApplicationFactory,
    make_assessor,
    make_manager,
)
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db

FUND = DecisionOutcome.FUND
DO_NOT_FUND = DecisionOutcome.DO_NOT_FUND


@pytest.fixture
def fund_page(home_page):
    page = FundPage(title="Local Digital Fund", slug="fund")
    home_page.add_child(instance=page)
    return page


@pytest.fixture
def manager():
    return make_manager(username="maya")


@pytest.fixture
def round_():
    return RoundFactory(name="Round 4")


@pytest.fixture
def application(round_):
    application = SubmittedApplicationFactory(
        round=round_, title="Shared bin collections", amount_requested=Decimal("70000.00")
    )
    eoi = application.expression_of_interest
    eoi.partners.set([OrganisationFactory(name="Hove Council"), OrganisationFactory(name="Lewes Council")])
    eoi.principles.set([PrincipleFactory(title="Open standards")])
    return application


@pytest.mark.parametrize(
    ("amount", "accepted"), [(Decimal("69999.99"), True), (Decimal("70000.00"), True), (Decimal("70000.01"), False)]
)
def test_an_award_is_no_more_than_requested(fund_page, application, manager, amount, accepted):
    if accepted:
        decision = services.decide(application, user=manager, outcome=FUND, amount=amount, feedback="Well made.")
        assert decision.amount == amount
    else:
        with pytest.raises(ValidationError, match="no more than the £70,000.00 requested"):
            services.decide(application, user=manager, outcome=FUND, amount=amount, feedback="Well made.")
        assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("amount", "accepted"), [(Decimal("79999.99"), True), (Decimal("80000.00"), True), (Decimal("80000.01"), False)]
)
def test_an_award_is_within_the_phases_cap(fund_page, round_, manager, amount, accepted):
    application = SubmittedApplicationFactory(round=round_, amount_requested=Decimal("90000.00"))  # discovery: £80k
    if accepted:
        services.decide(application, user=manager, outcome=FUND, amount=amount, feedback="Yes.")
    else:
        with pytest.raises(ValidationError, match="phase’s cap of £80,000.00"):
            services.decide(application, user=manager, outcome=FUND, amount=amount, feedback="Yes.")


def test_only_managers_decide(application):
    with pytest.raises(PermissionDenied):
        services.decide(application, user=make_assessor(), outcome=DO_NOT_FUND, feedback="No.")


@time_machine.travel(datetime.datetime(2026, 4, 20, 10, 0, tzinfo=datetime.UTC))
def test_funding_a_bid_makes_a_draft_project_page_with_its_grant(fund_page, application, manager):
    bystander = SubmittedApplicationFactory(round=application.round)
    services.decide(application, user=manager, outcome=FUND, amount=Decimal("65000.00"), feedback="Well made.")

    index = ProjectIndexPage.objects.get()
    assert index.get_parent().specific == fund_page
    page = ProjectPage.objects.get()
    assert page.get_parent().specific == index
    assert not page.live
    assert page.title == "Shared bin collections"
    assert page.introduction == "A shared bin collection service for three councils."
    assert page.lead_organisation == application.expression_of_interest.lead_organisation
    assert sorted(o.name for o in page.partners.all()) == ["Hove Council", "Lewes Council"]
    assert [p.title for p in page.principles.all()] == ["Open standards"]
    assert page.service_area == application.expression_of_interest.service_area
    grant = Grant.objects.get()
    assert (grant.project_id, grant.application, grant.round, grant.phase, grant.amount) == (
        page.pk, application, application.round, "discovery", Decimal("65000.00")
    )  # fmt: skip
    assert (grant.awarded_on, grant.planned_start, grant.planned_end) == (
        datetime.date(2026, 4, 20), datetime.date(2026, 6, 1), datetime.date(2026, 9, 30)
    )  # fmt: skip
    # Publishing the draft keeps its grant.
    page.get_latest_revision().publish()
    assert Grant.objects.filter(project=page).count() == 1
    assert not Grant.objects.filter(application=bystander).exists()


def test_a_project_funded_again_keeps_one_page_with_each_grant(fund_page, round_, manager):
    lead = OrganisationFactory(name="Brighton Council")
    discovery = SubmittedApplicationFactory(round=round_, title="Open planning data")
    discovery.expression_of_interest.lead_organisation = lead
    discovery.expression_of_interest.save()
    services.decide(discovery, user=manager, outcome=FUND, amount=Decimal("50000"), feedback="Yes.")
    later = RoundFactory(name="Round 5")
    alpha = SubmittedApplicationFactory(
        round=later, title="Open Planning Data", phase="alpha", amount_requested=Decimal("90000")
    )
    alpha.expression_of_interest.lead_organisation = lead
    alpha.expression_of_interest.save()
    services.decide(alpha, user=manager, outcome=FUND, amount=Decimal("90000"), feedback="Yes again.")

    page = ProjectPage.objects.get()
    assert sorted(page.grants.values_list("phase", "amount")) == [("alpha", 90000), ("discovery", 50000)]
    chosen = SubmittedApplicationFactory(round=later, title="A new name")
    services.decide(chosen, user=manager, outcome=FUND, amount=Decimal("10000"), feedback="Yes.", project=page)
    assert ProjectPage.objects.count() == 1 and page.grants.count() == 3


def test_a_decision_changes_until_notified_moving_its_grant(fund_page, application, manager):
    services.decide(application, user=manager, outcome=FUND, amount=Decimal("65000"), feedback="Yes.")
    services.decide(application, user=manager, outcome=FUND, amount=Decimal("60000"), feedback="Yes, less.")
    assert Grant.objects.get().amount == Decimal("60000")
    services.decide(application, user=manager, outcome=DO_NOT_FUND, feedback="Not this time.")
    assert Decision.objects.get().outcome == DO_NOT_FUND
    assert not Grant.objects.exists()
    assert not ProjectPage.objects.exists()  # the draft made for it alone, never published, goes too
    assert list(
        ModelLogEntry.objects.filter(object_id=str(application.pk), action__startswith="funding.decision")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["funding.decision.record", "funding.decision.change", "funding.decision.change"]


def decided_round(fund_page, round_, manager):
    funded = SubmittedApplicationFactory(round=round_, title="Funded one")
    refused = SubmittedApplicationFactory(round=round_, title="Refused one")
    same_lead = SubmittedApplicationFactory(round=round_, title="Second bid of the same lead")
    same_lead.expression_of_interest.contact_email = refused.expression_of_interest.contact_email
    same_lead.expression_of_interest.save()
    services.decide(funded, user=manager, outcome=FUND, amount=Decimal("42000"), feedback="Strong user research.")
    services.decide(refused, user=manager, outcome=DO_NOT_FUND, feedback="Too close to an earlier project.")
    services.decide(same_lead, user=manager, outcome=DO_NOT_FUND, feedback="Not enough partners.")
    return funded, refused, same_lead


def test_notifying_is_refused_while_any_application_is_undecided(fund_page, round_, manager):
    decided_round(fund_page, round_, manager)
    SubmittedApplicationFactory(round=round_)
    with pytest.raises(ValidationError, match="1 still needs a decision"):
        services.notify_applicants(round_, user=manager)
    assert not Mailing.objects.exists()


def test_notify_applicants_sends_each_person_one_email_once_and_locks_decisions(
    fund_page, round_, manager, django_capture_on_commit_callbacks
):
    funded, refused, same_lead = decided_round(fund_page, round_, manager)
    other_round = RoundFactory(name="Round 9")
    bystander = SubmittedApplicationFactory(round=other_round)
    services.decide(bystander, user=manager, outcome=FUND, amount=Decimal("1000"), feedback="Yes.")

    with django_capture_on_commit_callbacks(execute=True):
        mailing = services.notify_applicants(round_, user=manager)
    assert mailing.key == f"fund-decisions:{round_.pk}"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [funded.expression_of_interest.contact_email, refused.expression_of_interest.contact_email]
    )
    [to_funded] = [m for m in mail.outbox if m.to == [funded.expression_of_interest.contact_email]]
    assert "We will fund it, with £42,000.00." in to_funded.body and "Strong user research." in to_funded.body
    [to_both] = [m for m in mail.outbox if m.to == [refused.expression_of_interest.contact_email]]
    assert "Too close to an earlier project." in to_both.body and "Not enough partners." in to_both.body

    # A second press sends nothing and records nothing more; nor does the worker's task run again.
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError, match="already been"):
        services.notify_applicants(round_, user=manager)
    tasks.send_mailing.call(mailing.pk)
    assert len(mail.outbox) == 2 and Mailing.objects.count() == 1

    with pytest.raises(ValidationError, match="can no longer change"):
        services.decide(funded, user=manager, outcome=DO_NOT_FUND, feedback="Changed our minds.")
    assert Decision.objects.get(application=funded).outcome == FUND
    assert all(d.notified_at for d in Decision.objects.filter(application__expression_of_interest__round=round_))
    assert Decision.objects.get(application=bystander).notified_at is None
    services.decide(bystander, user=manager, outcome=DO_NOT_FUND, feedback="Another round still changes.")
