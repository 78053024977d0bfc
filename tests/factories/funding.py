"""Factories for the Local Digital Fund: rounds, their phases, and expressions of interest.

    EoiOpenRoundFactory()                        # expressions of interest open now, for 4 weeks more
    EoiOpenRoundFactory(eoi_opens_at=..., eoi_closes_at=...)  # later dates follow the closing one
    PhaseFactory(round=round_, name=PhaseName.BETA, cap=Decimal("150000"))
    ApplicationsOpenRoundFactory()               # applications open now, closing in 20 days
    InvitableExpressionOfInterestFactory()       # sent to such a round
    RoundFactory()                               # round 1's 2018 dates, discovery and alpha phases
    RoundFactory(opens=when)                     # every window shifted so expressions of interest open at `when`
    ExpressionOfInterestFactory()                # a published one, led by a signatory, in round 1
    ExpressionOfInterestFactory(may_publish=False, round=round_)
    DraftFactory(owner="a@example.gov.uk")       # an unsent draft of the expression-of-interest journey
    ApplicationFactory(expression_of_interest=eoi)

For many rows at once, `build_batch` then `bulk_create`.
"""

import datetime
import uuid
from decimal import Decimal

import factory
from django.utils import timezone

from core.formatting import UK_TIME_ZONE
from core.models import Draft
from funding.models import (
    Application,
    Collaborator,
    ExpressionOfInterest,
    Phase,
    PhaseName,
    Round,
    ServiceArea,
)
from tests.factories.declaration import SignedOrganisationFactory

# Round 1 of 2018, in UK time: expressions of interest open at 9am on 24 September.
ROUND_1_OPENS = datetime.datetime(2018, 9, 24, 9, 0, tzinfo=UK_TIME_ZONE)


class RoundFactory(factory.django.DjangoModelFactory):
    """A round whose windows keep round 1's spacing from `opens`."""

    class Meta:
        model = Round
        skip_postgeneration_save = True

    class Params:
        opens = ROUND_1_OPENS

    name = factory.Sequence(lambda n: f"Round {n + 1}")
    slug = factory.Sequence(lambda n: f"round-{n + 1}")
    total_budget = Decimal("7500000.00")
    eoi_opens_at = factory.LazyAttribute(lambda o: o.opens)
    eoi_closes_at = factory.LazyAttribute(lambda o: o.opens + datetime.timedelta(days=11, hours=14, minutes=59))
    evaluation_ends_at = factory.LazyAttribute(lambda o: o.opens + datetime.timedelta(days=18, hours=14, minutes=59))
    applications_open_at = factory.LazyAttribute(lambda o: o.opens + datetime.timedelta(days=22))
    applications_close_at = factory.LazyAttribute(
        lambda o: o.opens + datetime.timedelta(days=52, hours=14, minutes=59)
    )
    decision_date = factory.LazyAttribute(lambda o: (o.opens + datetime.timedelta(days=70)).date())
    minimum_local_authorities = 2
    maximum_bids_led = 2

    @factory.post_generation
    def phases(round_, create, extracted, **kwargs):
        """Discovery up to £80,000 and alpha up to £100,000, as in round 1; a list of (name, cap) instead; or
        `phases=False` for none."""
        if not create or extracted is False:
            return
        phases = extracted if extracted is not None else [(PhaseName.DISCOVERY, "80000"), (PhaseName.ALPHA, "100000")]
        Phase.objects.bulk_create(
            [Phase(round=round_, name=name, cap=Decimal(cap), sort_order=i) for i, (name, cap) in enumerate(phases)]
        )


class ExpressionOfInterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpressionOfInterest
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"LDF-EOI-T{n:04d}")
    submission_key = factory.LazyFunction(uuid.uuid4)
    round = factory.SubFactory(RoundFactory)
    lead_organisation = factory.SubFactory(SignedOrganisationFactory)
    contact_name = factory.Sequence(lambda n: f"Lee Lead{n}")
    contact_job_title = "Head of digital"
    contact_email = factory.Sequence(lambda n: f"lee.lead{n}@example.gov.uk")
    title = factory.Sequence(lambda n: f"Bid {n}")
    problem = "Residents cannot apply online."
    affected = "Residents and the officers who process their forms."
    service_area = ServiceArea.PLANNING
    phase = PhaseName.DISCOVERY
    estimated_cost = Decimal("75000.00")
    may_publish = True

    @factory.post_generation
    def partners(eoi, create, extracted, **kwargs):
        if create and extracted:
            eoi.partners.set(extracted)

    @factory.post_generation
    def principles(eoi, create, extracted, **kwargs):
        if create and extracted:
            eoi.principles.set(extracted)


class DraftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Draft

    journey = "funding_expression_of_interest"
    owner = factory.Sequence(lambda n: f"applicant{n}@example.gov.uk")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    reference = factory.Sequence(lambda n: f"LDF-APP-T{n:04d}")
    expression_of_interest = factory.SubFactory(ExpressionOfInterestFactory)
    draft = factory.SubFactory(DraftFactory, journey="funding_application")


class CollaboratorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collaborator

    application = factory.SubFactory(ApplicationFactory)
    email = factory.Sequence(lambda n: f"colleague{n}@example.gov.uk")
    added_by = "lead@example.gov.uk"


def _now():
    return timezone.now().replace(microsecond=0)


class ApplicationsOpenRoundFactory(RoundFactory):
    """A round whose applications are open now, its expressions of interest closed; closing in 20 days."""

    eoi_opens_at = factory.LazyFunction(lambda: _now() - datetime.timedelta(days=60))
    eoi_closes_at = factory.LazyFunction(lambda: _now() - datetime.timedelta(days=40))
    evaluation_ends_at = factory.LazyFunction(lambda: _now() - datetime.timedelta(days=20))
    applications_open_at = factory.LazyFunction(lambda: _now() - datetime.timedelta(days=10))
    applications_close_at = factory.LazyFunction(lambda: _now() + datetime.timedelta(days=20))
    decision_date = factory.LazyAttribute(lambda r: (r.applications_close_at + datetime.timedelta(days=30)).date())


class InvitableExpressionOfInterestFactory(ExpressionOfInterestFactory):
    """An expression of interest sent to a round whose applications are open now."""

    round = factory.SubFactory(ApplicationsOpenRoundFactory)
    contact_name = "Ada Lovelace"
    contact_email = factory.Sequence(lambda n: f"lead{n}@council.gov.uk")
    title = "Find a planning application"
    problem = "Residents cannot find planning applications near them."
    affected = "Residents and planning officers."


WEEK = datetime.timedelta(weeks=1)


class EoiOpenRoundFactory(RoundFactory):
    """A round whose expressions of interest opened a week ago and close in four weeks."""

    eoi_opens_at = factory.LazyFunction(lambda: timezone.now() - WEEK)
    eoi_closes_at = factory.LazyAttribute(lambda o: o.eoi_opens_at + 5 * WEEK)
    evaluation_ends_at = factory.LazyAttribute(lambda o: o.eoi_closes_at + 2 * WEEK)
    applications_open_at = factory.LazyAttribute(lambda o: o.evaluation_ends_at)
    applications_close_at = factory.LazyAttribute(lambda o: o.applications_open_at + 4 * WEEK)
    decision_date = factory.LazyAttribute(lambda o: (o.applications_close_at + 4 * WEEK).date())


class PhaseFactory(factory.django.DjangoModelFactory):
    round = factory.SubFactory(EoiOpenRoundFactory, phases=False)
    name = PhaseName.DISCOVERY
    cap = Decimal("80000")

    class Meta:
        model = Phase


def bulk_expressions_of_interest(round_, count, principles):
    """`count` published expressions of interest in `round_`, led by 5 signatories, in a few queries.

    They take the service areas in turn and alternate between the first two of `principles`.
    """
    leads = SignedOrganisationFactory.create_batch(5)
    areas = list(ServiceArea.values)
    rows = ExpressionOfInterest.objects.bulk_create(
        [
            ExpressionOfInterestFactory.build(
                round=round_, lead_organisation=leads[i % 5], service_area=areas[i % len(areas)]
            )
            for i in range(count)
        ]
    )
    through = ExpressionOfInterest.principles.through
    through.objects.bulk_create(
        [
            through(expressionofinterest_id=row.pk, principle_id=principles[i % len(principles[:2])].pk)
            for i, row in enumerate(rows)
        ]
    )
    partners = ExpressionOfInterest.partners.through
    partners.objects.bulk_create(
        [partners(expressionofinterest_id=row.pk, organisation_id=leads[0].pk) for row in rows]
    )
    return rows
