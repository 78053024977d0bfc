"""Factories for assessing the fund's applications (the applicant side's own factories are elsewhere).

RoundFactory()                                   # round with a £1,000,000 budget; discovery up to £80,000
SubmittedApplicationFactory()                    # a submitted discovery application asking £50,000
SubmittedApplicationFactory(round=r, amount_requested=Decimal("60000"), title="Open planning")
make_assessor(username="ada")                    # a user in "Fund assessors"
make_manager()                                   # a user in "Fund managers"
make_editor()                                    # an admin user in "Editors", outside both
"""

import datetime
import uuid
from decimal import Decimal

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from core.models import Draft
from funding.models import (
    Application,
    ApplicationStatus,
    EoiStatus,
    ExpressionOfInterest,
    Phase,
    PhaseName,
    Round,
    ServiceArea,
)
from tests.factories.organisations import OrganisationFactory

OPENS = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)


class RoundFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Round {n + 1}")
    slug = factory.Sequence(lambda n: f"round-{n + 1}")
    total_budget = Decimal("1000000.00")
    eoi_opens_at = OPENS
    eoi_closes_at = OPENS + datetime.timedelta(days=28)
    evaluation_ends_at = OPENS + datetime.timedelta(days=42)
    applications_open_at = OPENS + datetime.timedelta(days=42)
    applications_close_at = OPENS + datetime.timedelta(days=70)
    decision_date = (OPENS + datetime.timedelta(days=90)).date()

    class Meta:
        model = Round
        skip_postgeneration_save = True

    @factory.post_generation
    def phases(self, create, extracted, **kwargs):
        caps = extracted or {PhaseName.DISCOVERY: Decimal("80000"), PhaseName.ALPHA: Decimal("100000")}
        for order, (name, cap) in enumerate(caps.items()):
            Phase.objects.create(round=self, name=name, cap=cap, sort_order=order)


class ExpressionOfInterestFactory(factory.django.DjangoModelFactory):
    reference = factory.Sequence(lambda n: f"LDF-EOI-{n:04d}")
    submission_key = factory.LazyFunction(uuid.uuid4)
    round = factory.SubFactory(RoundFactory)
    status = EoiStatus.INVITED
    lead_organisation = factory.SubFactory(OrganisationFactory)
    contact_name = "Ada Lead"
    contact_job_title = "Head of digital"
    contact_email = factory.Sequence(lambda n: f"lead{n}@council{n}.gov.uk")
    title = factory.Sequence(lambda n: f"Project {n}")
    problem = "Residents cannot find out when their bins are collected."
    affected = "Residents"
    service_area = ServiceArea.WASTE
    phase = PhaseName.DISCOVERY
    estimated_cost = Decimal("50000")
    may_publish = True

    class Meta:
        model = ExpressionOfInterest


class SubmittedApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application
        exclude = ["round"]

    round = factory.SubFactory(RoundFactory)
    reference = factory.Sequence(lambda n: f"LDF-APP-{n:04d}")
    expression_of_interest = factory.SubFactory(
        ExpressionOfInterestFactory,
        round=factory.SelfAttribute("..round"),
        title=factory.SelfAttribute("..title"),
    )
    draft = factory.LazyFunction(lambda: Draft.objects.create(journey="funding-application", owner="x@example.gov.uk"))
    status = ApplicationStatus.SUBMITTED
    title = factory.Sequence(lambda n: f"Application {n}")
    summary = "A shared bin collection service for three councils."
    phase = PhaseName.DISCOVERY
    amount_requested = Decimal("50000.00")
    answers = factory.LazyFunction(
        lambda: {"about": {"project": {"start_date": "2026-06-01", "end_date": "2026-09-30"}}}
    )
    submitted_at = factory.LazyFunction(timezone.now)


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.uk")
    first_name = factory.LazyAttribute(lambda u: u.username.capitalize())
    last_name = "Staff"
    password = factory.PostGenerationMethodCall("set_password", "a-long-password-1")

    class Meta:
        model = User
        skip_postgeneration_save = True

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
        self.save()


def make_assessor(**kwargs) -> User:
    return UserFactory(group="Fund assessors", **kwargs)


def make_manager(**kwargs) -> User:
    return UserFactory(group="Fund managers", **kwargs)


def make_editor(**kwargs) -> User:
    return UserFactory(group="Editors", **kwargs)
