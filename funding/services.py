"""The fund's actions, each a function named as staff and applicants would say it.

Views, admin actions and periodic work call these; states change only here,
through the workflows in funding.workflow. Other apps are asked only through
their services (`declaration.services.is_signatory`).
"""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.formatting import format_datetime, format_pounds, new_reference
from core.links import absolute_url
from core.models import Draft
from core.submissions import create_once
from declaration import services as declaration
from notifications.services import send_email
from organisations.models import Organisation, OrganisationType

from .models import LOCAL_AUTHORITY_TYPES, Application, ExpressionOfInterest, Round, RoundState
from .sign_in import SIGN_IN

# Rounds ----------------------------------------------------------------------


# Signing in and the applicant's bids ------------------------------------------


def send_sign_in_link(request, email: str) -> None:
    """Email a link to sign in to the fund (cancelling any older one). Raises core.links.TooManyLinks."""
    email = email.strip().lower()
    url = SIGN_IN.issue(request, email)
    hours = int(SIGN_IN.lifetime.total_seconds() // 3600)
    send_email(
        to=email,
        subject="Sign in to the Local Digital Fund",
        template="funding/sign_in",
        context={"url": url, "lifetime": f"{hours} hour{'s' if hours != 1 else ''}"},
    )


def bids_of(email: str) -> dict:
    """What one applicant may see: their unsent drafts of expressions of interest (each with its round), the
    expressions of interest they sent and the applications they lead or were added to, newest first.
    Nobody else's."""
    email = email.strip().lower()
    return {
        "eoi_drafts": eoi_drafts_of(email),
        "expressions_of_interest": list(
            ExpressionOfInterest.objects.filter(contact_email__iexact=email).select_related(
                "round", "lead_organisation"
            )
        ),
        "applications": list(
            Application.objects.filter(
                Q(expression_of_interest__contact_email__iexact=email) | Q(collaborators__email=email)
            )
            .distinct()
            .select_related("expression_of_interest__round")
        ),
    }


# Expressions of interest ------------------------------------------------------

# The journey's name: its drafts are core.models.Draft rows with it, owned by the applicant's email address.
EOI_JOURNEY = "funding_expression_of_interest"
# Where a draft records the round it is for, among its answers (set when it is started).
ROUND_KEY = "_round"


class EoiRefused(Exception):
    """An expression of interest that cannot be sent: its window is not open, or it breaks a rule of the round."""

    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
        self.problems = problems


def eoi_round(now: datetime.datetime | None = None) -> Round | None:
    """The round an expression of interest is for now: the one whose window is open; if none, the next to
    open; else the latest."""
    now = now or timezone.now()
    rounds = Round.objects.prefetch_related("phases")
    return (
        rounds.filter(eoi_opens_at__lte=now, eoi_closes_at__gt=now).order_by("eoi_closes_at").first()
        or rounds.filter(eoi_opens_at__gt=now).order_by("eoi_opens_at").first()
        or rounds.order_by("-eoi_opens_at").first()
    )


def start_eoi_draft(owner: str, now: datetime.datetime | None = None) -> Draft | None:
    """A new draft for the round whose window is open, or None when no window is open."""
    round = eoi_round(now)
    if round is None or not round.eoi_window_open(now):
        return None
    return Draft.objects.create(journey=EOI_JOURNEY, owner=owner, answers={ROUND_KEY: round.pk})


def round_of_draft(draft: Draft) -> Round | None:
    round_id = draft.answers.get(ROUND_KEY)
    return Round.objects.prefetch_related("phases").filter(pk=round_id).first() if round_id else None


def eoi_drafts_of(email: str) -> list[dict]:
    """The applicant's unsent drafts, the latest changed first, each with its round and title so far."""
    drafts = list(Draft.objects.filter(journey=EOI_JOURNEY, owner=email, submitted_at=None).order_by("-updated_at"))
    rounds = Round.objects.in_bulk({draft.answers.get(ROUND_KEY) for draft in drafts} - {None})
    now = timezone.now()
    return [
        {
            "draft": draft,
            "round": rounds.get(draft.answers.get(ROUND_KEY)),
            "can_send": draft.answers.get(ROUND_KEY) in rounds
            and rounds[draft.answers[ROUND_KEY]].eoi_window_open(now),
            "title": ((draft.answers.get("title") or {}).get("title") or [""])[0],
        }
        for draft in drafts
    ]


def may_lead(round: Round) -> list[str]:
    """The types of organisation that may lead a bid in the round: any local authority unless it says."""
    return list(round.lead_organisation_types or LOCAL_AUTHORITY_TYPES)


def lead_problem(round: Round, organisation: Organisation) -> str | None:
    """Why the organisation cannot lead a bid in the round (its type, or the bids it already leads), or None."""
    if organisation.organisation_type not in may_lead(round):
        return (
            f"{organisation.name} cannot lead a bid in {round.name}: choose an organisation that is a "
            f"{_either(may_lead(round))}"
        )
    led = ExpressionOfInterest.objects.filter(round=round, lead_organisation=organisation).count()
    if led >= round.maximum_bids_led:
        return (
            f"{organisation.name} already leads {led} bid{'s' if led != 1 else ''} in {round.name}, "
            "the most one organisation may lead: choose another lead organisation"
        )
    return None


def _either(types: list[str]) -> str:
    labels = [str(OrganisationType(value).label).lower() for value in types]
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} or {labels[-1]}"


@dataclass(frozen=True)
class BidOrganisations:
    """A bid's organisations as found in our records: the lead, the partners (once each, the lead left
    out), the names we have no record of, and those that have not signed the Declaration."""

    lead: Organisation
    partners: list[Organisation]
    unknown: list[str]
    not_signed: list[str]

    @classmethod
    def find(cls, lead: Organisation, partner_names: list[str]) -> "BidOrganisations":
        partners, unknown = [], []
        for name in partner_names:
            organisation = declaration.find_organisation(name)
            if organisation is None:
                if name.strip().casefold() not in {known.casefold() for known in unknown}:
                    unknown.append(name.strip())
            elif organisation.pk != lead.pk and organisation not in partners:
                partners.append(organisation)
        signed = declaration.signed_among([lead, *partners])
        not_signed = [org.name for org in [lead, *partners] if org.pk not in signed] + unknown
        return cls(lead=lead, partners=partners, unknown=unknown, not_signed=not_signed)

    def local_authorities(self) -> int:
        return sum(org.organisation_type in LOCAL_AUTHORITY_TYPES for org in [self.lead, *self.partners])


def eoi_problems(round: Round, organisations: BidOrganisations) -> list[str]:
    """What stops a bid with these organisations being sent in the round: each a sentence that says what to do."""
    problems = []
    lead = lead_problem(round, organisations.lead)
    if lead:
        problems.append(lead)
    problems += [
        f"{name} has not signed the Local Digital Declaration: every organisation in a bid must sign it first"
        for name in organisations.not_signed
    ]
    count, needed = organisations.local_authorities(), round.minimum_local_authorities
    if count < needed:
        problems.append(
            f"A bid in {round.name} needs at least {needed} local authorities, counting the lead: "
            f"this one has {count}. Add a partner that is a local authority"
        )
    return problems


def window_problem(round: Round, now: datetime.datetime | None = None) -> str | None:
    state = round.state(now)
    if state == RoundState.EOI_OPEN:
        return None
    if state == RoundState.UPCOMING:
        return f"Expressions of interest for {round.name} open on {format_datetime(round.eoi_opens_at)}"
    return (
        f"Expressions of interest for {round.name} closed on {format_datetime(round.eoi_closes_at)}: "
        "you can no longer send this one"
    )


@dataclass(frozen=True)
class EoiAnswers:
    """An expression of interest's answers, as the journey's steps clean them."""

    lead_organisation: Organisation
    partner_names: list[str]
    contact_name: str
    contact_job_title: str
    title: str
    problem: str
    affected: str
    service_area: str
    phase: str
    estimated_cost: Decimal
    principles: list
    may_publish: bool


def send_expression_of_interest(
    round: Round, email: str, answers: EoiAnswers, *, submission_key: uuid.UUID
) -> ExpressionOfInterest:
    """Send an expression of interest once, if the round's window is open at this moment and the bid keeps
    its rules; email the applicant its reference. Raises EoiRefused saying why not."""

    def create() -> ExpressionOfInterest:
        # One sender at a time in a round, so an organisation's bids are counted before the next is stored.
        locked = Round.objects.select_for_update().prefetch_related("phases").get(pk=round.pk)
        closed = window_problem(locked, timezone.now())
        if closed:
            raise EoiRefused([closed])
        organisations = BidOrganisations.find(answers.lead_organisation, answers.partner_names)
        problems = eoi_problems(locked, organisations)
        cap = locked.phase_cap(answers.phase)
        if cap is None:
            problems.append(f"{locked.name} does not fund this phase: choose another")
        elif answers.estimated_cost > cap:
            problems.append(f"The estimated cost must be {format_pounds(cap)} or less for this phase")
        if problems:
            raise EoiRefused(problems)
        eoi = ExpressionOfInterest.objects.create(
            reference=new_reference("LDF-EOI", exists=_eoi_reference_taken),
            submission_key=submission_key,
            round=locked,
            lead_organisation=organisations.lead,
            contact_name=answers.contact_name,
            contact_job_title=answers.contact_job_title,
            contact_email=email.strip().lower(),
            title=answers.title,
            problem=answers.problem,
            affected=answers.affected,
            service_area=answers.service_area,
            phase=answers.phase,
            estimated_cost=answers.estimated_cost,
            may_publish=answers.may_publish,
        )
        eoi.partners.set(organisations.partners)
        eoi.principles.set(answers.principles)
        _send_eoi_confirmation(eoi)
        return eoi

    return create_once(ExpressionOfInterest, submission_key, create)


def _eoi_reference_taken(reference: str) -> bool:
    return ExpressionOfInterest.objects.filter(reference=reference).exists()


def _send_eoi_confirmation(eoi: ExpressionOfInterest) -> None:
    send_email(
        to=eoi.contact_email,
        subject=f"Expression of interest sent: {eoi.reference}",
        template="funding/expression_of_interest_sent",
        context={
            "eoi": eoi,
            "round": eoi.round,
            "lead": eoi.lead_organisation.name,
            "closes": format_datetime(eoi.round.eoi_closes_at),
            "decided_by": format_datetime(eoi.round.evaluation_ends_at),
            "your_bids_url": absolute_url(reverse("funding:your_bids")),
        },
    )


# Decisions on expressions of interest -----------------------------------------


# Applications -----------------------------------------------------------------
