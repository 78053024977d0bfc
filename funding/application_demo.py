"""The fund's demo applications: a made-up "Demo round B" whose applications are open now, with bids in each state,
so that on `make run` someone can finish and send an application, and staff can assess and decide.

Its expressions of interest closed weeks ago. Its eight bids are invented, led by the Declaration's demo
signatories (declaration/demo.py), and say so in their titles and their problem: three were declined, and
five were invited to apply, and their applicants notified. Of their applications one is not started, one is
in progress (three sections completed, one started) with a collaborator, and three were sent with every answer.
DEMO_APPLICANT leads the two unsent ones and was added to a sent one: sign in as them at /fund/sign-in/.

Everything goes through the fund's own code, so it is stored as an applicant's or staff's would be:
`services.invite` and `decline`, `notify_eoi_applicants` (before anyone can open an application),
`add_collaborator`, the answers as the application journey stores what was typed, and sending as its task
list's button does. Their emails go out as those would (to the console on `make run`).
funding/wagtail_hooks.py plugs this into `load_demo_content`, after the Declaration's signatories.
"""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone

from core.formatting import new_reference
from core.journeys import COMPLETED, DatabaseStore
from core.links import absolute_url
from declaration import services as declaration
from organisations.models import Organisation

from . import services
from .demo import DEMO_NOTE
from .models import Application, ExpressionOfInterest, Phase, PhaseName, Round, ServiceArea
from .views.application import ApplicationJourney

DEMO_ROUND_B_SLUG = "demo-round-b"
DEMO_APPLICANT = "applicant@example.com"  # the address to sign in with on `make run`
DEMO_COLLEAGUE = "colleague@example.com"

# What becomes of each bid.
DECLINED, NOT_STARTED, IN_PROGRESS, SENT = "declined", "not_started", "in_progress", "sent"
INVITED = {NOT_STARTED, IN_PROGRESS, SENT}
# Indexes into the Declaration's principles, in its order.
REDESIGN, PLUMBING, SHARING, LEADERSHIP, OPEN_CULTURE = range(5)


@dataclass(frozen=True)
class Plan:
    """An application's answers beyond what the expression of interest said."""

    summary: str
    users: str  # who the users are, and the evidence
    approach: str
    outputs: str
    sharing: str
    milestones: list[tuple[str, int]]  # (milestone, weeks after the start)
    roles: list[tuple[str, str]]  # (role, who fills it)
    supplier: str  # "" when they do not know yet
    costs: list[tuple[str, str, str]]  # (category, organisation that spends it, amount)
    match_funding: str


@dataclass(frozen=True)
class DemoBid:
    title: str
    lead: str
    partners: list[str]
    service_area: str
    phase: str
    estimated_cost: str
    principles: list[int]
    problem: str
    affected: str
    outcome: str
    contact: tuple[str, str]  # (name, email address)
    feedback: str = ""
    plan: Plan | None = None
    collaborator: str = ""  # someone the lead added to the application


INVITED_FEEDBACK = (
    "Thank you for a clear expression of interest, with evidence of the problem from the people who use the "
    "service. In your application, show how you will share what you make and learn with other councils."
)

DEMO_BIDS = [
    DemoBid(
        title="Demo: council tax changes residents can make online",
        lead="Leeds City Council",
        partners=["Newcastle City Council", "Sunderland City Council"],
        service_area=ServiceArea.REVENUES_AND_BENEFITS,
        phase=PhaseName.DISCOVERY,
        estimated_cost="76000.00",
        principles=[REDESIGN, PLUMBING],
        problem="Most changes to council tax, such as moving home or a single person discount, still come to us on "
        "paper forms or by phone, and one in three needs a call back for missing details.",
        affected="Residents who move home or whose household changes, and the revenues officers who process it.",
        outcome=DECLINED,
        contact=("Demo Contact B1", "demo.b1@example.com"),
        feedback="Thank you for your expression of interest. We have not invited it to apply: another bid in "
        "this round, from councils further on, covers the same changes to council tax. We would welcome you "
        "joining them as a partner.",
    ),
    DemoBid(
        title="Demo: fewer missed bin collections",
        lead="Buckinghamshire Council",
        partners=["Central Bedfordshire Council", "Cornwall Council"],
        service_area=ServiceArea.WASTE,
        phase=PhaseName.DISCOVERY,
        estimated_cost="79500.00",
        principles=[REDESIGN, SHARING],
        problem="Reports of missed collections reach the crews a day late, so the same streets are missed again "
        "and residents call us several times.",
        affected="Residents whose bins are missed, call centre staff and collection crews.",
        outcome=DECLINED,
        contact=("Demo Contact B2", "demo.b2@example.com"),
        feedback="Thank you for your expression of interest. We have not invited it to apply: it does not yet "
        "show why reports reach the crews late, or how the councils would share what they learn. We would "
        "welcome a bid in a later round once you have looked into that.",
    ),
    DemoBid(
        title="Demo: a chatbot for every council service",
        lead="Harrogate Borough Council",
        partners=["Adur District Council", "Worcestershire County Council"],
        service_area=ServiceArea.CUSTOMER_SERVICES,
        phase=PhaseName.ALPHA,
        estimated_cost="100000.00",
        principles=[PLUMBING],
        problem="Our contact centre is busy and we would like to answer residents' questions automatically.",
        affected="Everyone who contacts the council.",
        outcome=DECLINED,
        contact=("Demo Contact B3", "demo.b3@example.com"),
        feedback="Thank you for your expression of interest. We have not invited it to apply: it starts from a "
        "solution, a chatbot, rather than from evidence of what residents need, and it does not say which "
        "services or questions it would start with. We would welcome a discovery bid in a later round that "
        "begins with research into why people contact you.",
    ),
    DemoBid(
        title="Demo: finding a school place for a child with special educational needs",
        lead="Hackney Council",
        partners=["Croydon Council", "Royal Borough of Greenwich"],
        service_area=ServiceArea.CHILDRENS_SERVICES,
        phase=PhaseName.DISCOVERY,
        estimated_cost="80000.00",
        principles=[REDESIGN, LEADERSHIP],
        problem="Parents of children with special educational needs tell us they cannot see which schools could "
        "meet their child's needs, or where their request has got to.",
        affected="Parents and carers, their children, and the SEND casework teams.",
        outcome=NOT_STARTED,
        contact=("Demo Applicant", DEMO_APPLICANT),
    ),
    DemoBid(
        title="Demo: reporting damp and mould in council homes",
        lead="Hackney Council",
        partners=["Wandsworth Council", "Lambeth Council"],
        service_area=ServiceArea.HOUSING,
        phase=PhaseName.ALPHA,
        estimated_cost="96000.00",
        principles=[REDESIGN, PLUMBING, SHARING],
        problem="Tenants report damp and mould by phone or email with no photographs and no way to follow their "
        "report, and repairs teams cannot tell the urgent cases from the rest.",
        affected="Council tenants, especially families with young children, and the repairs and surveying teams.",
        outcome=IN_PROGRESS,
        contact=("Demo Applicant", DEMO_APPLICANT),
        collaborator=DEMO_COLLEAGUE,
        plan=Plan(
            summary="An alpha of a service for tenants to report damp and mould with photographs and follow "
            "their report, and a shared way for repairs teams to triage the reports by risk to health.",
            users="Council tenants: in our discovery we interviewed 38 tenants in the three boroughs, 11 of them "
            "with children under 5, and shadowed 6 surveyors. Tenants want to show the problem once and know "
            "when someone will come.",
            approach="We will test prototypes of the report and its tracking with tenants in each borough every "
            "fortnight, and try triage rules with the repairs teams on real reports.",
            outputs="A tested prototype, a triage model shared by the three councils, and a plan for beta.",
            sharing="Code on GitHub under the MIT licence, fortnightly show and tells open to any council, and "
            "weeknotes on our blog.",
            milestones=[("Prototype tested with tenants", 6), ("Triage model agreed", 10), ("Alpha assessment", 16)],
            roles=[("Product manager", "Hackney Council"), ("User researcher", "Lambeth Council")],
            supplier="",
            costs=[("staff", "Hackney Council", "52000"), ("research", "Lambeth Council", "18000")],
            match_funding="15000",
        ),
    ),
    DemoBid(
        title="Demo: one way to pay for parking permits across London",
        lead="Wandsworth Council",
        partners=["Hackney Council", "Lambeth Council"],
        service_area=ServiceArea.HIGHWAYS_AND_TRANSPORT,
        phase=PhaseName.ALPHA,
        estimated_cost="98400.00",
        principles=[PLUMBING, SHARING],
        problem="Each borough sells parking permits through its own system, with different rules and forms, and "
        "residents who move between boroughs must learn them again.",
        affected="Residents and businesses buying permits, and the parking services teams.",
        outcome=SENT,
        contact=("Demo Contact B6", "demo.b6@example.com"),
        collaborator=DEMO_APPLICANT,
        plan=Plan(
            summary="An alpha of a shared permit service the three boroughs can each configure with their own "
            "zones and prices, tested with residents and built on an open data standard for permits.",
            users="Residents and businesses who buy permits. Our discovery heard from 52 residents and 9 "
            "businesses, and analysed 4,000 calls: most were about evidence of address and renewals.",
            approach="Three teams of a supplier and council staff will prototype the application and renewal, "
            "test them with residents every two weeks, and agree the permit data standard with our suppliers.",
            outputs="A working alpha in one zone of each borough, a published permit data standard and an "
            "assessment of the alpha against the Service Standard.",
            sharing="Everything on GitHub under an open licence, the data standard on our website, and a "
            "show and tell every sprint that any council can join.",
            milestones=[
                ("Permit data standard published", 4),
                ("Alpha live in one zone of each borough", 12),
                ("Alpha assessment", 16),
            ],
            roles=[
                ("Product manager", "Wandsworth Council"),
                ("Delivery manager", "Hackney Council"),
                ("User researcher", "Lambeth Council"),
            ],
            supplier="Demo Digital Partners Ltd",
            costs=[
                ("supplier", "Wandsworth Council", "64000"),
                ("staff", "Hackney Council", "18400"),
                ("research", "Lambeth Council", "12000"),
                ("technology", "Wandsworth Council", "4000"),
            ],
            match_funding="20000",
        ),
    ),
    DemoBid(
        title="Demo: a shared register of licensed taxi drivers",
        lead="Nottingham City Council",
        partners=["Gateshead Council", "Newcastle City Council"],
        service_area=ServiceArea.LICENSING,
        phase=PhaseName.DISCOVERY,
        estimated_cost="79850.00",
        principles=[PLUMBING, OPEN_CULTURE],
        problem="A driver refused a licence in one area can apply in another, and licensing teams cannot easily "
        "check, so checks are made by email and phone, slowly and unevenly.",
        affected="Passengers, licensed drivers, and licensing officers in every council.",
        outcome=SENT,
        contact=("Demo Contact B7", "demo.b7@example.com"),
        plan=Plan(
            summary="A discovery into how licensing teams check drivers' history today, and what a shared "
            "register would need to be lawful, useful and trusted.",
            users="Licensing officers in the three councils, drivers and passengers. We have spoken to 14 "
            "officers so far; each makes about 20 checks by email a month.",
            approach="User research with officers, drivers and passengers' groups, a review of the data and the "
            "law with our information governance teams, and a recommendation on whether to build.",
            outputs="Research findings, a map of the data, and a recommendation with a case for an alpha.",
            sharing="Findings published on our blog and presented to the Local Government Association's "
            "licensing network.",
            milestones=[("Research with officers done", 5), ("Findings published", 12)],
            roles=[("User researcher", "Nottingham City Council"), ("Data protection lead", "Gateshead Council")],
            supplier="",
            costs=[
                ("staff", "Nottingham City Council", "46000"),
                ("research", "Gateshead Council", "21850"),
                ("other", "Newcastle City Council", "12000"),
            ],
            match_funding="8000",
        ),
    ),
    DemoBid(
        title="Demo: care assessments people can start online",
        lead="Devon County Council",
        partners=["Cornwall Council", "Oxfordshire County Council"],
        service_area=ServiceArea.ADULT_SOCIAL_CARE,
        phase=PhaseName.DISCOVERY,
        estimated_cost="72500.00",
        principles=[REDESIGN, OPEN_CULTURE],
        problem="People who need care and support, and their carers, wait weeks for a first conversation and "
        "answer the same questions several times.",
        affected="Adults who need care and support, unpaid carers, and social work teams.",
        outcome=SENT,
        contact=("Demo Contact B8", "demo.b8@example.com"),
        plan=Plan(
            summary="A discovery into how people first ask for care and support, and whether starting the "
            "assessment online, with help, would get them support sooner.",
            users="Adults who need care and support and their unpaid carers. Our carers' forums and 200 survey "
            "answers say the first wait and the repeated questions are the hardest part.",
            approach="Interviews and observation with people, carers and social workers in the three councils, "
            "and a look at what other councils' online forms have taught them.",
            outputs="Research findings, a service map of the first contact, and options for an alpha.",
            sharing="Findings and research notes published openly, and a write-up for other councils.",
            milestones=[("Research plan agreed", 2), ("Interviews done", 8), ("Findings and options shared", 12)],
            roles=[("Service designer", "Devon County Council"), ("User researcher", "Cornwall Council")],
            supplier="",
            costs=[("staff", "Devon County Council", "42500"), ("research", "Cornwall Council", "30000")],
            match_funding="5000",
        ),
    ),
]


def _typed(**values) -> dict:
    """An answer as the journey stores what was typed: {input: [text]}, a date as its day, month and year boxes."""
    typed = {}
    for name, value in values.items():
        if isinstance(value, datetime.date):
            typed |= {f"{name}_day": [str(value.day)], f"{name}_month": [str(value.month)]}
            typed[f"{name}_year"] = [str(value.year)]
        else:
            typed[name] = [str(value)]
    return typed


def _answers(bid: DemoBid, eoi: ExpressionOfInterest, start: datetime.date) -> dict:
    """Every section's answers to the application, as its journey stores them."""
    plan = bid.plan
    weeks = 16 if bid.phase == PhaseName.ALPHA else 12
    end = start + datetime.timedelta(weeks=weeks, days=-1)
    partners = eoi.partners.order_by("name")
    supplier = _typed(supplier_known="yes", supplier=plan.supplier) if plan.supplier else _typed(supplier_known="no")
    return {
        "about": {
            "details": _typed(title=bid.title, summary=plan.summary, phase=bid.phase, start_date=start, end_date=end)
        },
        "team": {
            "partners": [
                _typed(
                    organisation=partner.pk,
                    contact_name="Demo Partner Contact",
                    contact_email=f"{partner.slug}@example.com",
                )
                for partner in partners
            ],
            "roles": [_typed(role=role, filled_by=who) for role, who in plan.roles],
            "supplier": supplier,
        },
        "problem": {"details": _typed(problem=eoi.problem, users=plan.users, service_area=bid.service_area)},
        "approach": {
            "plan": _typed(approach=plan.approach, outputs=plan.outputs, sharing=plan.sharing),
            "milestones": [
                _typed(milestone=milestone, due=start + datetime.timedelta(weeks=weeks_in))
                for milestone, weeks_in in plan.milestones
            ],
        },
        "budget": {
            "costs": [
                _typed(category=category, organisation=who, amount=amount) for category, who, amount in plan.costs
            ],
            "match_funding": _typed(match_funding=plan.match_funding),
            "documents": {},
        },
        "declarations": {"confirm": _typed(signatories="on", conflicts="no", data_protection="on")},
    }


def _in_progress(answers: dict) -> dict:
    """Three sections completed, the approach started (its milestones not yet added), the rest not started."""
    return {
        **{name: answers[name] for name in ("about", "team", "problem")},
        "approach": {"plan": answers["approach"]["plan"]},
        COMPLETED: ["about", "team", "problem"],
    }


def _send(application: Application) -> None:
    """Send the application as its task list's button does: every answer checked again and cleaned by the
    journey, the copy it keeps, the budget within the phase's cap, then `services.submit_application`."""
    journey = ApplicationJourney()
    journey.draft = journey.draft_by_key(application.reference)
    cleaned, missing = journey.cleaned_answers(journey.draft.answers)
    if missing:
        raise ValueError(f"The demo application {application.reference} is not answered in full: {missing}")
    journey.submit(None, cleaned, submission_key=uuid.uuid4())  # sending reads no request
    DatabaseStore(journey.draft).clear()  # its pages now show the copy that was sent


def _reference_taken(reference: str) -> bool:
    return ExpressionOfInterest.objects.filter(reference=reference).exists()


@transaction.atomic
def load_demo_round_b(home) -> list[str]:
    if Round.objects.filter(slug=DEMO_ROUND_B_SLUG).exists():
        return []
    today = timezone.localdate()

    def at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
        day = today + datetime.timedelta(days=days)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))

    round_b = Round.objects.create(
        name="Demo round B",
        slug=DEMO_ROUND_B_SLUG,
        total_budget=Decimal("3000000.00"),
        eoi_opens_at=at(-60, 9),
        eoi_closes_at=at(-40, 23, 59),
        evaluation_ends_at=at(-5, 23, 59),
        applications_open_at=at(-3, 9),
        applications_close_at=at(30, 23, 59),
        decision_date=today + datetime.timedelta(days=50),
        minimum_local_authorities=3,
    )
    Phase.objects.bulk_create(
        [
            Phase(round=round_b, name=PhaseName.DISCOVERY, cap=Decimal("80000.00"), sort_order=0),
            Phase(round=round_b, name=PhaseName.ALPHA, cap=Decimal("100000.00"), sort_order=1),
        ]
    )
    # The projects start on the first day of the month after the decisions.
    start = (round_b.decision_date + datetime.timedelta(days=32)).replace(day=1)
    principles = list(declaration.principles())
    names = {name for bid in DEMO_BIDS for name in [bid.lead, *bid.partners]}
    organisations = {organisation.name: organisation for organisation in Organisation.objects.filter(name__in=names)}
    made, invited = [], []
    for number, bid in enumerate(DEMO_BIDS):
        on_bid = [organisations.get(name) for name in [bid.lead, *bid.partners]]
        if None in on_bid or services.unsigned_organisations(on_bid):
            continue  # the Declaration's demo signatories were not loaded
        name, email = bid.contact
        eoi = ExpressionOfInterest.objects.create(
            reference=new_reference("LDF-EOI", exists=_reference_taken),
            submission_key=uuid.uuid4(),
            round=round_b,
            lead_organisation=on_bid[0],
            contact_name=name,
            contact_job_title="Head of digital",
            contact_email=email,
            title=bid.title,
            problem=DEMO_NOTE.format(lead=bid.lead) + bid.problem,
            affected=bid.affected,
            service_area=bid.service_area,
            phase=bid.phase,
            estimated_cost=Decimal(bid.estimated_cost),
            may_publish=False,  # the published list stays the Demo round's, open now
            submitted_at=round_b.eoi_opens_at + datetime.timedelta(days=3 + 2 * number),
        )
        eoi.partners.set(on_bid[1:])
        eoi.principles.set([principles[i] for i in bid.principles if i < len(principles)])
        if bid.outcome == DECLINED:
            services.decline(eoi, user=None, feedback=bid.feedback)
        elif bid.outcome in INVITED:
            invited.append((bid, eoi, services.invite(eoi, user=None, feedback=INVITED_FEEDBACK)))
        made.append(bid.outcome)
    services.notify_eoi_applicants(round_b, user=None)  # the applicants hear, and those invited can now apply
    for bid, eoi, application in invited:
        if bid.collaborator:
            services.add_collaborator(application, email=bid.collaborator, added_by=eoi.contact_email)
        if bid.outcome == IN_PROGRESS:
            DatabaseStore(application.draft).save(_in_progress(_answers(bid, eoi, start)))
        elif bid.outcome == SENT:
            answers = _answers(bid, eoi, start)
            DatabaseStore(application.draft).save({**answers, COMPLETED: list(answers)})
            _send(application)
    return _summary(round_b, made)


def _summary(round_b: Round, made: list[str]) -> list[str]:
    lines = [f"fund round ‘{round_b.name}’, open now for applications from those invited"]
    if not made:
        return lines
    invited = sum(outcome in INVITED for outcome in made)
    lines.append(
        f"{len(made)} expression{pluralize(len(made))} of interest in it ({made.count(DECLINED)} declined, "
        f"{invited} invited to apply; {made.count(SENT)} sent), their applicants notified"
    )
    if ExpressionOfInterest.objects.filter(round=round_b, contact_email=DEMO_APPLICANT).exists():
        sign_in = absolute_url(reverse("funding:sign_in"))
        lines.append(f"applications to finish and send: sign in at {sign_in} as {DEMO_APPLICANT}")
    return lines
