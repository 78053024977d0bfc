"""The fund's demo content: a made-up round open now for expressions of interest, and a few published ones.

The councils are the Declaration's demo signatories (declaration/demo.py), so
this runs after the Declaration's demo content. The bids are invented and say
so, in their titles and their problem. The real Round 1 is in site_pages.py.
"""

import datetime
import uuid
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.formatting import new_reference
from declaration import services as declaration
from organisations.models import Organisation

from .models import ExpressionOfInterest, Phase, PhaseName, Round, ServiceArea

DEMO_ROUND_SLUG = "demo-round"
DEMO_NOTE = "Demo content, made up to show how this website works: {lead} did not send this. "

# (title, lead, partners, service area, phase, estimated cost, principle positions)
DEMO_BIDS = [
    (
        "Demo: fewer invalid planning applications",
        "Lambeth Council",
        ["Croydon Council", "Hackney Council"],
        ServiceArea.PLANNING,
        PhaseName.ALPHA,
        "98500.00",
        [0, 1],
    ),
    (
        "Demo: joined-up data for children in care",
        "Greater Manchester Combined Authority",
        ["Stockport Council"],
        ServiceArea.CHILDRENS_SERVICES,
        PhaseName.ALPHA,
        "100000.00",
        [2],
    ),
    (
        "Demo: early help that reaches families sooner",
        "Wandsworth Council",
        ["Royal Borough of Greenwich"],
        ServiceArea.CHILDRENS_SERVICES,
        PhaseName.DISCOVERY,
        "80000.00",
        [2, 3],
    ),
    (
        "Demo: simpler income management",
        "Barnsley Metropolitan Borough Council",
        ["Leeds City Council", "Gateshead Council"],
        ServiceArea.REVENUES_AND_BENEFITS,
        PhaseName.DISCOVERY,
        "80000.00",
        [1],
    ),
    (
        "Demo: a shared planning register",
        "Bristol City Council",
        ["Cornwall Council"],
        ServiceArea.PLANNING,
        PhaseName.DISCOVERY,
        "75000.00",
        [1, 4],
    ),
]


def _reference_taken(reference: str) -> bool:
    return ExpressionOfInterest.objects.filter(reference=reference).exists()


@transaction.atomic
def load_demo_round(home) -> list[str]:
    if Round.objects.filter(slug=DEMO_ROUND_SLUG).exists():
        return []
    today = timezone.localdate()

    def at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
        day = today + datetime.timedelta(days=days)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))

    demo_round = Round.objects.create(
        name="Demo round",
        slug=DEMO_ROUND_SLUG,
        total_budget=Decimal("3000000.00"),
        eoi_opens_at=at(-7, 9),
        eoi_closes_at=at(14, 23, 59),
        evaluation_ends_at=at(21, 23, 59),
        applications_open_at=at(24, 9),
        applications_close_at=at(54, 23, 59),
        decision_date=today + datetime.timedelta(days=70),
        minimum_local_authorities=3,
    )
    Phase.objects.bulk_create(
        [
            Phase(round=demo_round, name=PhaseName.DISCOVERY, cap=Decimal("80000.00"), sort_order=0),
            Phase(round=demo_round, name=PhaseName.ALPHA, cap=Decimal("100000.00"), sort_order=1),
        ]
    )
    principles = list(declaration.principles())
    organisations = {organisation.name: organisation for organisation in Organisation.objects.all()}
    made = 0
    for number, (title, lead, partners, area, phase, cost, principle_positions) in enumerate(DEMO_BIDS):
        if lead not in organisations:
            continue  # the Declaration's demo signatories were not loaded
        bid = ExpressionOfInterest.objects.create(
            reference=new_reference("LDF-EOI", exists=_reference_taken),
            submission_key=uuid.uuid4(),
            round=demo_round,
            lead_organisation=organisations[lead],
            contact_name=f"Demo Contact {number + 1}",
            contact_job_title="Head of digital",
            contact_email=f"demo.lead{number + 1}@example.com",
            title=title,
            problem=DEMO_NOTE.format(lead=lead)
            + "Residents tell us the service is hard to use, and staff spend hours fixing mistakes by hand.",
            affected="Residents who use the service, and the officers who run it.",
            service_area=area,
            phase=phase,
            estimated_cost=Decimal(cost),
            may_publish=True,
            submitted_at=timezone.now() - datetime.timedelta(days=5 - number),
        )
        bid.partners.set([organisations[name] for name in partners if name in organisations])
        bid.principles.set([principles[i] for i in principle_positions if i < len(principles)])
        made += 1
    return [f"fund round ‘{demo_round.name}’, open now", f"{made} published expressions of interest"]
