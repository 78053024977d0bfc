"""Factories for the Local Digital Fund: rounds with their phases, and expressions of interest.

    RoundFactory()                               # applications open now (expressions of interest closed)
    RoundFactory(applications_close_at=when)     # ... closing at `when`
    ExpressionOfInterestFactory()                # sent to a round, from a signed lead organisation
    ExpressionOfInterestFactory(contact_email="ada@lambeth.gov.uk", round=round_)

A round offers discovery (up to £80,000) and alpha (up to £100,000).
"""

import datetime
import uuid
from decimal import Decimal

import factory
from django.utils import timezone

from funding.models import ExpressionOfInterest, Phase, PhaseName, Round, ServiceArea
from tests.factories.declaration import SignedOrganisationFactory


def _now():
    return timezone.now().replace(microsecond=0)


class RoundFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Round {n + 1}")
    slug = factory.Sequence(lambda n: f"round-{n + 1}")
    total_budget = Decimal("7500000.00")
    eoi_opens_at = factory.LazyFunction(lambda: _now() - datetime.timedelta(days=60))
    eoi_closes_at = factory.LazyFunction(lambda: _now() - datetime.timedelta(days=40))
    evaluation_ends_at = factory.LazyFunction(lambda: _now() - datetime.timedelta(days=20))
    applications_open_at = factory.LazyFunction(lambda: _now() - datetime.timedelta(days=10))
    applications_close_at = factory.LazyFunction(lambda: _now() + datetime.timedelta(days=20))
    decision_date = factory.LazyAttribute(lambda r: (r.applications_close_at + datetime.timedelta(days=30)).date())

    class Meta:
        model = Round
        skip_postgeneration_save = True

    @factory.post_generation
    def phases(self, create, extracted, **kwargs):
        caps = extracted or {PhaseName.DISCOVERY: Decimal("80000.00"), PhaseName.ALPHA: Decimal("100000.00")}
        for order, (name, cap) in enumerate(caps.items()):
            Phase.objects.create(round=self, name=name, cap=cap, sort_order=order)


class ExpressionOfInterestFactory(factory.django.DjangoModelFactory):
    reference = factory.Sequence(lambda n: f"LDF-EOI-{n:04d}")
    submission_key = factory.LazyFunction(uuid.uuid4)
    round = factory.SubFactory(RoundFactory)
    lead_organisation = factory.SubFactory(SignedOrganisationFactory)
    contact_name = "Ada Lovelace"
    contact_job_title = "Head of digital"
    contact_email = factory.Sequence(lambda n: f"lead{n}@council.gov.uk")
    title = "Find a planning application"
    problem = "Residents cannot find planning applications near them."
    affected = "Residents and planning officers."
    service_area = ServiceArea.PLANNING
    phase = PhaseName.DISCOVERY
    estimated_cost = Decimal("75000.00")
    may_publish = True

    class Meta:
        model = ExpressionOfInterest
