"""Factories for the Local Digital Fund: rounds with their phases, and expressions of interest.

RoundFactory()                               # expressions of interest open now, for 4 weeks more
RoundFactory(eoi_opens_at=..., eoi_closes_at=...)   # later dates follow the closing one
RoundFactory(phases=False)                   # without the default phases
PhaseFactory(round=round, name=PhaseName.BETA, cap=Decimal("150000"))
ExpressionOfInterestFactory(round=round, lead_organisation=council, contact_email="ada@lambeth.gov.uk")
"""

import datetime
import uuid
from decimal import Decimal

import factory
from django.utils import timezone

from funding.models import ExpressionOfInterest, Phase, PhaseName, Round, ServiceArea
from tests.factories.declaration import SignedOrganisationFactory

WEEK = datetime.timedelta(weeks=1)


class RoundFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Round {n + 1}")
    slug = factory.Sequence(lambda n: f"round-{n + 1}")
    total_budget = Decimal("7500000")
    eoi_opens_at = factory.LazyFunction(lambda: timezone.now() - WEEK)
    eoi_closes_at = factory.LazyAttribute(lambda o: o.eoi_opens_at + 5 * WEEK)
    evaluation_ends_at = factory.LazyAttribute(lambda o: o.eoi_closes_at + 2 * WEEK)
    applications_open_at = factory.LazyAttribute(lambda o: o.evaluation_ends_at)
    applications_close_at = factory.LazyAttribute(lambda o: o.applications_open_at + 4 * WEEK)
    decision_date = factory.LazyAttribute(lambda o: (o.applications_close_at + 4 * WEEK).date())
    minimum_local_authorities = 2
    maximum_bids_led = 2

    class Meta:
        model = Round
        skip_postgeneration_save = True

    @factory.post_generation
    def phases(self, create, extracted, **kwargs):
        """Discovery up to £80,000 and alpha up to £100,000, as in round 1, unless `phases=False`."""
        if create and extracted is not False:
            PhaseFactory(round=self, name=PhaseName.DISCOVERY, cap=Decimal("80000"), sort_order=0)
            PhaseFactory(round=self, name=PhaseName.ALPHA, cap=Decimal("100000"), sort_order=1)


class PhaseFactory(factory.django.DjangoModelFactory):
    round = factory.SubFactory(RoundFactory, phases=False)
    name = PhaseName.DISCOVERY
    cap = Decimal("80000")

    class Meta:
        model = Phase


class ExpressionOfInterestFactory(factory.django.DjangoModelFactory):
    reference = factory.Sequence(lambda n: f"LDF-EOI-T{n:04d}")
    submission_key = factory.LazyFunction(uuid.uuid4)
    round = factory.SubFactory(RoundFactory)
    lead_organisation = factory.SubFactory(SignedOrganisationFactory)
    contact_name = "Ada Lovelace"
    contact_job_title = "Head of digital"
    contact_email = factory.Sequence(lambda n: f"lead{n}@example.gov.uk")
    title = factory.Sequence(lambda n: f"Project {n}")
    problem = "Residents cannot follow their planning applications online."
    affected = "Residents and planning officers."
    service_area = ServiceArea.PLANNING
    phase = PhaseName.DISCOVERY
    estimated_cost = Decimal("60000")
    may_publish = True

    class Meta:
        model = ExpressionOfInterest
