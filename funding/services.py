"""The fund's actions, each a function named as staff and applicants would say it.

Views, admin actions and periodic work call these; states change only here,
through the workflows in funding.workflow. Other apps are asked only through
their services (`declaration.services.is_signatory`).
"""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch, Q, Value
from django.db.models.functions import Concat
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator, slugify
from wagtail.log_actions import log

from core.formatting import (
    UK_TIME_ZONE,
    format_date,
    format_date_range,
    format_datetime,
    format_pounds,
    new_reference,
)
from core.links import absolute_url
from core.models import Draft
from core.submissions import create_once
from core.workflows import IllegalTransition
from declaration import services as declaration
from notifications.bulk import Recipient, create_mailing
from notifications.models import Mailing
from notifications.services import send_email
from organisations.models import Organisation, OrganisationType

from .models import (
    DEFAULT_CRITERIA,
    LOCAL_AUTHORITY_TYPES,
    Application,
    ApplicationStatus,
    AssessmentComment,
    Assignment,
    Collaborator,
    CommentRevision,
    ConflictDeclaration,
    Criterion,
    Decision,
    DecisionOutcome,
    EoiStatus,
    ExpressionOfInterest,
    Flag,
    FlagStep,
    FundPage,
    FundWindow,
    Grant,
    ProjectIndexPage,
    ProjectPage,
    ReminderSent,
    Round,
    RoundState,
    Score,
    WindowOpening,
    at_time_on_date,
)
from .sign_in import SIGN_IN
from .signals import fund_window_opened
from .workflow import DECISION, SUBMISSION

EOI_JOURNEY = "funding_expression_of_interest"  # the expression-of-interest journey's drafts (core.models.Draft)
REMINDER_BEFORE_CLOSE = datetime.timedelta(days=3)

# Rounds ----------------------------------------------------------------------


def _uk_date(value: datetime.datetime) -> datetime.date:
    return timezone.localtime(value, UK_TIME_ZONE).date()


def _period_label(start: datetime.date, end: datetime.date) -> str:
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%B %Y}"
    if start.year == end.year:
        return f"{start:%B} to {end:%B %Y}"
    return f"{start:%B %Y} to {end:%B %Y}"


def roadmap_milestones() -> list[dict]:
    """Each round's windows and decision date as roadmap milestones (see roadmap.models), linking to /fund/."""
    fund_page = FundPage.objects.live().first()
    link = {"link_url": fund_page.url, "link_text": fund_page.title} if fund_page else {}
    milestones = []
    for round_ in Round.objects.order_by("eoi_opens_at"):
        of_round = f"{round_.name} of the Local Digital Fund"
        eoi = (_uk_date(round_.eoi_opens_at), _uk_date(round_.eoi_closes_at))
        # Evaluation starts the minute the window closes: on the next day when it closes at 11:59pm.
        evaluation = (
            _uk_date(round_.eoi_closes_at + datetime.timedelta(minutes=1)),
            _uk_date(round_.evaluation_ends_at),
        )
        applications = (_uk_date(round_.applications_open_at), _uk_date(round_.applications_close_at))
        milestones += [
            {
                "period_label": _period_label(*eoi),
                "title": f"Expressions of interest open for {of_round}",
                "description": "<p>Public sector organisations can send an expression of interest in working on a "
                "collaborative project funded by the Local Digital Fund, until "
                f"{at_time_on_date(round_.eoi_closes_at)}.</p>",
                "start_date": eoi[0],
                "end_date": eoi[1],
            },
            {
                "period_label": _period_label(*evaluation),
                "title": f"Expressions of interest are evaluated ({round_.name})",
                "description": "<p>The Local Digital team evaluates the expressions of interest.</p>",
                "start_date": evaluation[0],
                "end_date": evaluation[1],
            },
            {
                "period_label": _period_label(*applications),
                "title": f"Applications to {of_round}",
                "description": "<p>Local authorities whose expressions of interest were approved can apply for "
                f"funding, from {format_date_range(*applications)}.</p>",
                "start_date": applications[0],
                "end_date": applications[1],
            },
            {
                "period_label": f"{round_.decision_date:%B %Y}",
                "title": f"Funding decisions are announced ({round_.name})",
                "description": f"<p>Successful applicants are told by {format_date(round_.decision_date)}.</p>",
                "start_date": None,
                "end_date": round_.decision_date,
            },
        ]
    return [{**milestone, **link} for milestone in milestones]


def _fund_url() -> str:
    return f"{settings.SITE_URL.rstrip('/')}/fund/"


def _remind_once(round_: Round, window: str, email: str, *, subject: str, template: str, context: dict) -> bool:
    """Send one reminder unless this person already had it for this round's window. Returns whether it sent."""
    email = email.strip().lower()
    try:
        with transaction.atomic():
            _, created = ReminderSent.objects.get_or_create(round=round_, window=window, email=email)
            if created:
                send_email(to=email, subject=subject, template=template, context=context)
    except IntegrityError:  # another worker recorded it at the same moment: theirs is the one sent
        return False
    return created


def _closing_soon(field: str, now: datetime.datetime):
    return Round.objects.filter(**{f"{field}__gt": now, f"{field}__lte": now + REMINDER_BEFORE_CLOSE})


def send_window_reminders(now: datetime.datetime | None = None) -> int:
    """Three days before a window closes, remind once each applicant who has not yet sent. Returns how many."""
    now = now or timezone.now()
    sent = 0
    for round_ in _closing_soon("eoi_closes_at", now):
        if round_.state(now) != RoundState.EOI_OPEN:
            continue
        owners = (
            Draft.objects.filter(
                journey=EOI_JOURNEY,
                submitted_at__isnull=True,
                created_at__gte=round_.eoi_opens_at,
                created_at__lt=round_.eoi_closes_at,
            )
            .values_list("owner", flat=True)
            .distinct()
        )
        context = {"round_name": round_.name, "closes": at_time_on_date(round_.eoi_closes_at), "fund_url": _fund_url()}
        for owner in owners:
            sent += _remind_once(
                round_,
                "eoi",
                owner,
                subject=f"Send your expression of interest by {at_time_on_date(round_.eoi_closes_at)}",
                template="funding/eoi_reminder",
                context=context,
            )
    for round_ in _closing_soon("applications_close_at", now):
        if round_.state(now) != RoundState.APPLICATIONS_OPEN:
            continue
        applications = (
            Application.objects.filter(
                expression_of_interest__round=round_,
                expression_of_interest__notified_at__isnull=False,  # not told of the invitation: not yet theirs
                status=ApplicationStatus.IN_PROGRESS,
            )
            .select_related("expression_of_interest")
            .prefetch_related("collaborators")
        )
        for application in applications:
            context = {
                "round_name": round_.name,
                "closes": at_time_on_date(round_.applications_close_at),
                "fund_url": _fund_url(),
                "reference": application.reference,
                "title": application.title or application.expression_of_interest.title,
            }
            people = [application.expression_of_interest.contact_email]
            people += [collaborator.email for collaborator in application.collaborators.all()]
            for email in people:
                sent += _remind_once(
                    round_,
                    "application",
                    email,
                    subject=f"Submit your application by {at_time_on_date(round_.applications_close_at)}",
                    template="funding/application_reminder",
                    context=context,
                )
    return sent


def announce_opened_windows(now: datetime.datetime | None = None) -> list[tuple[Round, str]]:
    """Send `fund_window_opened` for each window that is open now and not yet announced, once each."""
    now = now or timezone.now()
    announced = []
    windows = [
        (FundWindow.EOI, "eoi_opens_at", RoundState.EOI_OPEN),
        (FundWindow.APPLICATIONS, "applications_open_at", RoundState.APPLICATIONS_OPEN),
    ]
    for window, opens, state in windows:
        for round_ in Round.objects.filter(**{f"{opens}__lte": now}).exclude(window_openings__window=window):
            if round_.state(now) != state:
                continue  # a window that opened and closed unannounced (the worker was down) is no news now
            with transaction.atomic():
                _, created = WindowOpening.objects.get_or_create(round=round_, window=window)
                if created:
                    fund_window_opened.send(sender=Round, round=round_, window=str(window))
                    announced.append((round_, str(window)))
    return announced


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
    expressions of interest they sent (each decision shown once they are notified of it) and the applications
    they may open, newest first. Nobody else's."""
    email = email.strip().lower()
    return {
        "eoi_drafts": eoi_drafts_of(email),
        "expressions_of_interest": list(
            ExpressionOfInterest.objects.filter(contact_email__iexact=email).select_related(
                "round", "lead_organisation"
            )
        ),
        "applications": list(applications_for(email).select_related("expression_of_interest__round")),
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

APPLICATION_JOURNEY = "funding_application"  # the core.Draft journey of a full application


def _sign_in_url() -> str:
    return absolute_url(reverse("funding:sign_in"))


def _decisions_still_open(eoi: ExpressionOfInterest) -> None:
    """Lock the bid's round (notifying locks it too) and refuse once its applicants have been notified."""
    round_ = Round.objects.select_for_update().get(pk=eoi.round_id)
    if eoi_decisions_notified(round_):
        raise ValidationError(
            f"The applicants in {round_} have been notified of the decisions on their expressions of interest, "
            "so decisions in it can no longer change."
        )


def invite(eoi: ExpressionOfInterest, *, user, feedback: str) -> Application:
    """Invite the bid to send a full application: its application opens (for the applicant once the round's
    applicants are notified, `notify_eoi_applicants`). Nobody is emailed now. Raises IllegalTransition when
    it is already decided, ValidationError once the round's applicants have been notified."""
    with transaction.atomic():
        _decisions_still_open(eoi)
        eoi.feedback, eoi.decided_at = feedback, timezone.now()
        DECISION.move(eoi, "invite", user=user, data={"feedback": feedback})
        application = Application.objects.create(
            reference=new_reference("LDF-APP", exists=lambda ref: Application.objects.filter(reference=ref).exists()),
            expression_of_interest=eoi,
            draft=Draft.objects.create(journey=APPLICATION_JOURNEY, owner=eoi.contact_email.lower()),
            title=eoi.title,
            phase=eoi.phase,
        )
    return application


def decline(eoi: ExpressionOfInterest, *, user, feedback: str) -> ExpressionOfInterest:
    """Do not invite the bid. Nobody is emailed now: the applicant hears with the round's other applicants.
    Raises IllegalTransition when it is already decided, ValidationError once the round is notified."""
    with transaction.atomic():
        _decisions_still_open(eoi)
        eoi.feedback, eoi.decided_at = feedback, timezone.now()
        DECISION.move(eoi, "decline", user=user, data={"feedback": feedback})
    return eoi


def eoi_decisions_key(round_: Round) -> str:
    return f"funding:eoi-decisions:{round_.pk}"


def eoi_decisions_notified(round_: Round) -> bool:
    return Mailing.objects.filter(key=eoi_decisions_key(round_)).exists()


def eoi_notify_problem(round_: Round, now: datetime.datetime | None = None) -> str | None:
    """Why the round's applicants cannot be notified of the decisions on their expressions of interest yet:
    while expressions of interest can still be sent, or any that was sent has no decision. None when they can."""
    now = now or timezone.now()
    if now < round_.eoi_closes_at:
        return (
            f"Expressions of interest in {round_} can be sent until {at_time_on_date(round_.eoi_closes_at)}: "
            "notify applicants once they have closed."
        )
    undecided = round_.expressions_of_interest.filter(status=EoiStatus.SUBMITTED).count()
    if undecided:
        return (
            f"Invite or decline every expression of interest before you notify applicants: {undecided} still "
            f"need{'s' if undecided == 1 else ''} a decision."
        )
    return None


def eoi_decisions_to_send(round_: Round) -> dict[str, list[dict]]:
    """The round's decided expressions of interest whose applicants have not been told, by contact email:
    each person's decisions, as the decision email shows them."""
    eois = (
        round_.expressions_of_interest.exclude(status=EoiStatus.SUBMITTED)
        .filter(notified_at__isnull=True)
        .select_related("application")
        .order_by("reference")
    )
    by_person = {}
    for eoi in eois:
        application = getattr(eoi, "application", None) if eoi.status == EoiStatus.INVITED else None
        by_person.setdefault(eoi.contact_email.strip().lower(), []).append(
            {
                "reference": eoi.reference,
                "title": eoi.title,
                "name": eoi.contact_name,
                "invited": application is not None,
                "feedback": eoi.feedback,
                "application_reference": application.reference if application else "",
                "application_url": absolute_url(application.get_absolute_url()) if application else "",
            }
        )
    return by_person


def notify_eoi_applicants(round_: Round, *, user):
    """Email each decided expression of interest's contact the decision and feedback, once, and lock the round's
    decisions on expressions of interest. Those invited can then open their application.

    One email a person (a contact of two bids hears about both in it), sent by the worker as one mailing keyed
    `funding:eoi-decisions:<round id>`: a second press, or a worker restarted mid-way, sends nothing again.
    Refused (ValidationError) while expressions of interest can still be sent or any sent has no decision, and
    once notified. `user` is a fund manager, or None for the site itself (its demo content).
    """

    def letter(round_: Round) -> Letter:
        by_person = eoi_decisions_to_send(round_)
        return Letter(
            subject=f"Local Digital Fund {round_}: the decision on your expression of interest",
            template="funding/eoi_decision",
            context={
                "round": round_.name,
                "closes": format_datetime(round_.applications_close_at),
                "sign_in_url": _sign_in_url(),
            },
            recipients=[
                Recipient(email=email, context={"decisions": items, "name": items[0]["name"]}, headers={})
                for email, items in by_person.items()
            ],
            label=f"Fund decisions on expressions of interest, {round_}",
            notified=round_.expressions_of_interest.filter(
                reference__in=[item["reference"] for items in by_person.values() for item in items]
            ),
            log_each="funding.eoi.notified",  # each bid's history, which fund managers can read
        )

    return _notify_once(
        round_,
        user=user,
        key=eoi_decisions_key(round_),
        already="The applicants in {round} have already been notified of the decisions on their expressions "
        "of interest.",
        problem=eoi_notify_problem,
        letter=letter,
        log_action="funding.eoi.notify",
    )


# Published expressions of interest --------------------------------------------
# Those whose senders said they may be published, so that councils working on the same problem find each other.
# Nothing here hands a page an applicant's email address: the lead is reached only through the partnering form.

SIMILAR_COUNT = 5


def published_expressions_of_interest(filters=None):
    """Published expressions of interest, newest first, narrowed by `filters` (funding.public_forms.EoiFilters)."""
    published = (
        ExpressionOfInterest.objects.filter(may_publish=True)
        .select_related("lead_organisation", "round")
        .order_by("-submitted_at", "-pk")
    )
    if filters is not None:
        if filters.service_areas:
            published = published.filter(service_area__in=filters.service_areas)
        if filters.phase:
            published = published.filter(phase=filters.phase)
        if filters.principle:
            published = published.filter(principles__slug=filters.principle)
    return published


def published_expression_of_interest(reference: str) -> ExpressionOfInterest:
    """One published expression of interest with its partners and principles; DoesNotExist for any other."""
    return (
        published_expressions_of_interest()
        .prefetch_related(
            Prefetch("partners", queryset=Organisation.objects.order_by("name")),
            Prefetch("principles", queryset=declaration.principles()),
        )
        .get(reference=reference)
    )


def similar_published(expression_of_interest: ExpressionOfInterest) -> list[ExpressionOfInterest]:
    """Up to 5 other published expressions of interest in the same service area, newest first."""
    return list(
        published_expressions_of_interest()
        .filter(service_area=expression_of_interest.service_area)
        .exclude(pk=expression_of_interest.pk)[:SIMILAR_COUNT]
    )


def register_interest_in_partnering(
    expression_of_interest: ExpressionOfInterest, *, name: str, organisation: str, email: str, message: str
) -> None:
    """Email the bid's lead contact the sender's details and message; replies go to the sender."""
    send_email(
        to=expression_of_interest.contact_email,
        subject=f"{organisation}: interest in partnering on ‘{expression_of_interest.title}’",
        template="funding/partnering_interest",
        context={
            "title": expression_of_interest.title,
            "reference": expression_of_interest.reference,
            "sender_name": name,
            "sender_organisation": organisation,
            "sender_email": email,
            "message": message,
        },
        reply_to=email,
    )


# Applications -----------------------------------------------------------------

MAX_COLLABORATORS = 10


def applications_for(email: str | None):
    """The applications this applicant may open: those they lead and those they were added to, once the lead
    has been notified of the invitation (`notify_eoi_applicants`)."""
    email = (email or "").strip().lower()
    return Application.objects.filter(
        Q(expression_of_interest__contact_email__iexact=email) | Q(collaborators__email=email),
        expression_of_interest__notified_at__isnull=False,
    ).distinct()


def application_for(email: str | None, reference: str) -> Application | None:
    """The application at `reference` if this applicant may open it, else None (for a 404)."""
    if not email:
        return None
    return (
        applications_for(email)
        .select_related("draft", "expression_of_interest__round", "expression_of_interest__lead_organisation")
        .filter(reference=reference)
        .first()
    )


def is_lead(application: Application, email: str | None) -> bool:
    return bool(email) and application.expression_of_interest.contact_email.lower() == email.strip().lower()


def add_collaborator(application: Application, *, email: str, added_by: str) -> Collaborator:
    """The lead adds someone by email; they are told they were added and how to sign in.
    Raises forms.ValidationError for the lead's own address, someone already added, or too many."""
    email = email.strip().lower()
    if is_lead(application, email):
        raise forms.ValidationError("You are the lead contact already: enter someone else’s email address")
    with transaction.atomic():
        Application.objects.select_for_update().get(pk=application.pk)  # one addition at a time, for the limit
        if application.collaborators.filter(email=email).exists():
            raise forms.ValidationError(f"{email} has already been added")
        if application.collaborators.count() >= MAX_COLLABORATORS:
            raise forms.ValidationError(f"You can add up to {MAX_COLLABORATORS} people")
        try:
            with transaction.atomic():
                collaborator = Collaborator.objects.create(application=application, email=email, added_by=added_by)
        except IntegrityError:
            raise forms.ValidationError(f"{email} has already been added") from None
        send_email(
            to=email,
            subject=f"You have been added to a Local Digital Fund application ({application.reference})",
            template="funding/application_collaborator_added",
            context={
                "application": application,
                "title": application.title or application.expression_of_interest.title,
                "added_by": added_by,
                "sign_in_url": _sign_in_url(),
            },
        )
    return collaborator


def remove_collaborator(application: Application, *, email: str) -> None:
    """The lead removes someone: they can no longer open the application."""
    application.collaborators.filter(email=email.strip().lower()).delete()


def unsigned_organisations(organisations: list[Organisation]) -> list[Organisation]:
    """Those of a bid's organisations that have not signed the Declaration."""
    return [organisation for organisation in organisations if not declaration.is_signatory(organisation)]


def submit_application(
    application: Application, *, answers: dict, summary: dict, now: datetime.datetime | None = None
) -> Application:
    """Send the application, once, while its round's window is open at this moment (checked here, on the
    server). `answers` is its cleaned answers by section, `summary` the copy that is kept and shown.
    Raises forms.ValidationError once the window has closed; a second send changes nothing."""
    now = now or timezone.now()
    round_ = application.round
    if not round_.application_window_open(now):
        raise forms.ValidationError(
            f"Applications to {round_.name} closed at {format_datetime(round_.applications_close_at)}: "
            "you can no longer send this application"
            if now >= round_.applications_close_at
            else f"Applications to {round_.name} open at {format_datetime(round_.applications_open_at)}"
        )
    about, budget = answers["about"]["details"], answers["budget"]
    with transaction.atomic():
        application.title = about["title"]
        application.summary = about["summary"]
        application.phase = about["phase"]
        application.amount_requested = sum((line["amount"] for line in budget["costs"]), start=0)
        application.answers = summary
        application.submitted_at = now
        try:
            SUBMISSION.move(application, "submit", user=None)
        except IllegalTransition:
            application.refresh_from_db()
            return application  # sent already: the first send is kept
        people = [
            application.expression_of_interest.contact_email,
            *application.collaborators.values_list("email", flat=True),
        ]
        for email in people:
            send_email(
                to=email,
                subject=f"Your Local Digital Fund application has been sent ({application.reference})",
                template="funding/application_submitted",
                context={"application": application, "url": absolute_url(application.get_absolute_url())},
            )
    return application


# Assessment and decisions -----------------------------------------------------
#
# Fund managers ("funding.manage_assessment") assign, check, moderate, decide,
# notify and export; Fund assessors ("funding.assess_application") see and
# score only the applications assigned to them. Each action checks who is
# acting, records a row of its own and writes a line of the application's
# history (`log`). The rules:
#
# - a round's criteria are created from DEFAULT_CRITERIA when it has none; their weights total 100;
#   they are locked once any score exists for the round;
# - an application has at most two active assessors, never the same one twice;
# - an assessor declares a conflict of interest (or none) before scoring; a conflict hands the bid back;
# - scores are rows: a re-score adds one, the latest counts; another assessor's scores and comments stay
#   hidden from an assessor until every active assessor of the bid has finished;
# - a manager's quality check makes an assessment count in the ranking;
# - a decision can change until the round's applicants are notified, and is refused afterwards.

CAPACITY = 2  # assessors per application
DISAGREEMENT = 2  # points apart on a criterion
ASSESSORS_GROUP = "Fund assessors"
MANAGERS_GROUP = "Fund managers"
TOTAL_WEIGHT = Decimal("100")


def is_manager(user) -> bool:
    return bool(user and user.is_active and user.has_perm("funding.manage_assessment"))


def is_assessor(user) -> bool:
    return bool(user and user.is_active and user.has_perm("funding.assess_application"))


def may_see_bids(user) -> bool:
    return is_manager(user) or is_assessor(user)


def _require_manager(user) -> None:
    if not is_manager(user):
        raise PermissionDenied("Only fund managers can do this.")


# Criteria


def criteria_for(round_: Round) -> list[Criterion]:
    """The round's criteria, in order; the default set is created for a round that has none."""
    criteria = list(round_.criteria.all())
    if criteria:
        return criteria
    with transaction.atomic():
        Round.objects.select_for_update().get(pk=round_.pk)
        if not round_.criteria.exists():
            Criterion.objects.bulk_create(
                Criterion(round=round_, name=name, weight=weight, sort_order=order)
                for order, (name, weight) in enumerate(DEFAULT_CRITERIA)
            )
    return list(round_.criteria.all())


def criteria_locked(round_: Round) -> bool:
    """Criteria cannot change once anyone has scored an application in the round."""
    return Score.objects.filter(criterion__round=round_).exists()


def set_criteria(round_: Round, rows: list[dict], *, user) -> list[Criterion]:
    """Replace the round's criteria with `rows` ({"id": existing pk or None, "name", "weight"}, in order)."""
    _require_manager(user)
    total = sum((row["weight"] for row in rows), Decimal("0"))
    if total != TOTAL_WEIGHT:
        raise ValidationError(f"The weights must add up to 100%. They add up to {total.normalize():f}%.")
    names = [row["name"].strip().lower() for row in rows]
    if len(set(names)) != len(names):
        raise ValidationError("Give each criterion a different name.")
    with transaction.atomic():
        Round.objects.select_for_update().get(pk=round_.pk)
        if criteria_locked(round_):
            raise ValidationError("The criteria are locked: assessors have started scoring this round.")
        existing = {criterion.pk: criterion for criterion in round_.criteria.all()}
        kept = {row["id"] for row in rows if row.get("id")}
        for pk, criterion in existing.items():
            if pk not in kept:
                if criterion.comments.exists():
                    raise ValidationError(f"‘{criterion.name}’ has comments, so it cannot be removed.")
                criterion.delete()
        # Free the names first, so two criteria can swap names without breaking their uniqueness.
        Criterion.objects.filter(pk__in=kept).update(name=Concat(F("pk"), Value(" (renaming)")))
        for order, row in enumerate(rows):
            criterion = existing.get(row.get("id")) or Criterion(round=round_)
            criterion.name, criterion.weight, criterion.sort_order = row["name"].strip(), row["weight"], order
            criterion.save()
        log(
            round_,
            "funding.assessment.criteria",
            user=user,
            data={"criteria": [f"{row['name'].strip()} {row['weight'].normalize():f}%" for row in rows]},
        )
    return list(round_.criteria.all())


def weighted_score(values: dict[int, int], criteria: list[Criterion]) -> Decimal | None:
    """An assessor's weighted score out of 5: the sum of score × weight over the criteria, divided by 100.

    Exact: the weights are Decimals with two places, so the result has at most four. None until every
    criterion has a score.
    """
    if any(criterion.pk not in values for criterion in criteria) or not criteria:
        return None
    return sum((values[criterion.pk] * criterion.weight for criterion in criteria), Decimal("0")) / TOTAL_WEIGHT


# Assigning assessors


def assessor_choices():
    return User.objects.filter(is_active=True, groups__name=ASSESSORS_GROUP).order_by("first_name", "last_name")


def active_assignments(application: Application):
    return application.assignments.filter(ended_at__isnull=True).select_related("assessor")


def assign_assessor(application: Application, assessor, *, user) -> Assignment:
    """Give a submitted application to an assessor: at most two at once, never the same person twice."""
    _require_manager(user)
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != ApplicationStatus.SUBMITTED:
            raise ValidationError("Only a submitted application can be assessed.")
        if not assessor_choices().filter(pk=assessor.pk).exists():
            raise ValidationError(f"{_name(assessor)} is not in the {ASSESSORS_GROUP} group.")
        active = list(active_assignments(application))
        if any(assignment.assessor_id == assessor.pk for assignment in active):
            raise ValidationError(f"{_name(assessor)} is already assessing this application.")
        if application.assignments.filter(assessor=assessor, ended_because=Assignment.Ended.CONFLICT).exists():
            raise ValidationError(f"{_name(assessor)} declared a conflict of interest with this application.")
        if len(active) >= CAPACITY:
            raise ValidationError(f"This application already has {CAPACITY} assessors.")
        assignment = Assignment.objects.create(application=application, assessor=assessor, assigned_by=user)
        log(application, "funding.assessment.assign", user=user, data={"assessor": _name(assessor)})
    return assignment


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def assignment_for(user, pk: int) -> Assignment:
    """An assignment its assessor may open (or any, for a manager); others get Http404."""
    assignments = Assignment.objects.select_related("application__expression_of_interest__round", "assessor")
    if not is_manager(user):
        if not is_assessor(user):
            raise Http404
        assignments = assignments.filter(assessor=user)
    return get_object_or_404(assignments, pk=pk)


def assignments_of(user):
    """The applications an assessor has to assess, or has assessed."""
    return (
        Assignment.objects.filter(assessor=user, ended_at__isnull=True)
        .select_related("application__expression_of_interest__round", "conflict_declaration")
        .order_by("finished_at", "assigned_at")
    )


def declare_conflict(assignment: Assignment, *, user, has_conflict: bool, details: str = "") -> ConflictDeclaration:
    """The assessor says whether they have a conflict of interest; one hands the bid back for reassignment."""
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.assessor_id != user.pk or not assignment.active:
            raise PermissionDenied
        if ConflictDeclaration.objects.filter(assignment=assignment).exists():
            raise ValidationError("You have already made your declaration about conflicts of interest.")
        declaration = ConflictDeclaration.objects.create(
            assignment=assignment, has_conflict=has_conflict, details=details.strip()
        )
        if has_conflict:
            assignment.ended_at = timezone.now()
            assignment.ended_because = Assignment.Ended.CONFLICT
            assignment.save(update_fields=["ended_at", "ended_because"])
        log(
            assignment.application,
            "funding.assessment.conflict" if has_conflict else "funding.assessment.no_conflict",
            user=user,
            data={"details": details.strip()},
        )
    return declaration


def may_score(assignment: Assignment, user) -> bool:
    declaration = getattr(assignment, "conflict_declaration", None)
    return (
        assignment.assessor_id == user.pk
        and assignment.active
        and declaration is not None
        and not declaration.has_conflict
        and assignment.checked_at is None
    )


def latest_scores(assignment: Assignment) -> dict[int, Score]:
    """The score that counts for each criterion: the latest."""
    latest = {}
    for score in assignment.scores.order_by("scored_at", "pk"):
        latest[score.criterion_id] = score
    return latest


def _assignment_to_score(assignment: Assignment, user) -> Assignment:
    """The assignment locked for this assessor to change its scores, or PermissionDenied (call in a transaction)."""
    assignment = (
        Assignment.objects.select_for_update(of=("self",)).select_related("conflict_declaration").get(pk=assignment.pk)
    )
    if not may_score(assignment, user):
        raise PermissionDenied
    return assignment


def record_scores(assignment: Assignment, *, user, scores: dict[int, tuple[int, str]]) -> int:
    """Store the assessor's scores ({criterion pk: (score, justification)}): a new row for each that changed.

    Returns how many rows were added. Earlier scores are kept as history.
    """
    with transaction.atomic():
        assignment = _assignment_to_score(assignment, user)
        criteria = {criterion.pk: criterion for criterion in criteria_for(assignment.application.round)}
        current = latest_scores(assignment)
        added = []
        for criterion_pk, (value, justification) in scores.items():
            if criterion_pk not in criteria:
                raise ValidationError("That criterion is not one of this round's.")
            justification = justification.strip()
            if not justification:
                raise ValidationError(f"Explain your score for {criteria[criterion_pk].name}.")
            previous = current.get(criterion_pk)
            if previous and previous.value == value and previous.justification == justification:
                continue
            added.append(
                Score(
                    assignment=assignment, criterion=criteria[criterion_pk], value=value, justification=justification
                )
            )
        Score.objects.bulk_create(added)
        if added:
            log(
                assignment.application,
                "funding.assessment.score",
                user=user,
                data={"scores": [f"{score.criterion.name}: {score.value}" for score in added]},
            )
    return len(added)


def finish_assessment(assignment: Assignment, *, user) -> Assignment:
    """The assessor says they have finished: every criterion needs a score."""
    with transaction.atomic():
        assignment = _assignment_to_score(assignment, user)
        if assignment.finished_at:
            raise ValidationError("You have already finished this assessment.")
        missing = [c.name for c in criteria_for(assignment.application.round) if c.pk not in latest_scores(assignment)]
        if missing:
            raise ValidationError(f"Score every criterion before you finish. Not scored: {', '.join(missing)}.")
        assignment.finished_at = timezone.now()
        assignment.save(update_fields=["finished_at"])
        log(assignment.application, "funding.assessment.finish", user=user, data={"assessor": _name(user)})
    return assignment


def check_assessment(assignment: Assignment, *, user) -> Assignment:
    """A manager's quality check: the finished assessment now counts in the ranking."""
    _require_manager(user)
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if not assignment.active or not assignment.finished_at:
            raise ValidationError("Only a finished assessment can be checked.")
        if assignment.checked_at:
            raise ValidationError("This assessment has already been checked.")
        assignment.checked_at, assignment.checked_by = timezone.now(), user
        assignment.save(update_fields=["checked_at", "checked_by"])
        log(
            assignment.application,
            "funding.assessment.check",
            user=user,
            data={"assessor": _name(assignment.assessor)},
        )
    return assignment


def others_visible_to(user, application: Application) -> bool:
    """Whether `user` may see every assessor's scores and comments on the application.

    Managers may. An assessor may once every active assessor of the application (two of them) has
    finished; before that each sees only their own.
    """
    if is_manager(user):
        return True
    active = list(active_assignments(application))
    return (
        any(assignment.assessor_id == user.pk for assignment in active)
        and len(active) >= CAPACITY
        and all(assignment.finished_at for assignment in active)
    )


# Comments and flags


def _may_discuss(user, application: Application) -> bool:
    if is_manager(user):
        return True
    return application.assignments.filter(
        assessor=user, ended_at__isnull=True, conflict_declaration__has_conflict=False
    ).exists()


def add_comment(application: Application, criterion: Criterion, *, user, text: str) -> AssessmentComment:
    if not _may_discuss(user, application) or criterion.round_id != application.expression_of_interest.round_id:
        raise PermissionDenied
    with transaction.atomic():
        comment = AssessmentComment.objects.create(application=application, criterion=criterion, author=user)
        CommentRevision.objects.create(comment=comment, text=text.strip())
        log(application, "funding.assessment.comment", user=user, data={"criterion": criterion.name})
    return comment


def edit_comment(comment: AssessmentComment, *, user, text: str) -> CommentRevision:
    """A new revision of the author's comment; the earlier words are kept."""
    if comment.author_id != user.pk:
        raise PermissionDenied
    with transaction.atomic():
        revision = CommentRevision.objects.create(comment=comment, text=text.strip())
        log(
            comment.application,
            "funding.assessment.comment_edit",
            user=user,
            data={"criterion": comment.criterion.name},
        )
    return revision


def comments_visible_to(user, application: Application):
    """The comments `user` may read: all once scores are visible to them, otherwise their own."""
    comments = application.assessment_comments.select_related("criterion", "author").prefetch_related("revisions")
    if not others_visible_to(user, application):
        comments = comments.filter(author=user)
    return comments


def raise_flag(application: Application, *, user, reason: str) -> Flag:
    if not _may_discuss(user, application):
        raise PermissionDenied
    with transaction.atomic():
        flag = Flag.objects.create(application=application, reason=reason.strip(), raised_by=user)
        FlagStep.objects.create(flag=flag, action=FlagStep.Action.RAISED, note=reason.strip(), user=user)
        log(application, "funding.assessment.flag", user=user, data={"reason": reason.strip()})
    return flag


def flag_state(flag: Flag) -> str:
    steps = list(flag.steps.all())
    return steps[-1].action if steps else FlagStep.Action.RAISED


def close_flag(flag: Flag, *, user, action: str, note: str = "") -> FlagStep:
    """Stop a flag (its raiser or a manager: it no longer applies) or resolve it (a manager: dealt with)."""
    allowed = is_manager(user) or (action == FlagStep.Action.STOPPED and flag.raised_by_id == user.pk)
    if action not in (FlagStep.Action.STOPPED, FlagStep.Action.RESOLVED) or not allowed:
        raise PermissionDenied
    with transaction.atomic():
        flag = Flag.objects.select_for_update().get(pk=flag.pk)
        if flag_state(flag) != FlagStep.Action.RAISED:
            raise ValidationError("This flag has already been stopped or resolved.")
        step = FlagStep.objects.create(flag=flag, action=action, note=note.strip(), user=user)
        log(flag.application, f"funding.assessment.flag_{action}", user=user, data={"note": note.strip()})
    return step


# Moderation


@dataclass
class RankedApplication:
    application: Application
    assessments: list  # (assignment, weighted score or None, {criterion pk: Score}) for each active assessor
    mean: Decimal | None
    disagreements: list  # (criterion, Score, Score): two points or more apart
    running_total: Decimal = Decimal("0")
    within_budget: bool = True


def ranking(round_: Round) -> list[RankedApplication]:
    """The round's submitted applications, best mean weighted score first (unscored last).

    Only assessments a manager has checked count towards the mean. The running total adds up the
    amounts requested down the ranking, to compare with the round's budget.
    """
    criteria = criteria_for(round_)
    applications = (
        Application.objects.filter(expression_of_interest__round=round_, status=ApplicationStatus.SUBMITTED)
        .select_related("expression_of_interest__lead_organisation", "decision")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(ended_at__isnull=True)
                .select_related("assessor")
                .prefetch_related(Prefetch("scores", queryset=Score.objects.order_by("scored_at", "pk"))),
                to_attr="active_assignments",
            )
        )
    )
    rows = []
    for application in applications:
        assessments = []
        for assignment in application.active_assignments:
            latest = {}
            for score in assignment.scores.all():
                latest[score.criterion_id] = score
            weighted = weighted_score({pk: score.value for pk, score in latest.items()}, criteria)
            assessments.append((assignment, weighted, latest))
        counted = [
            weighted for assignment, weighted, _ in assessments if assignment.checked_at and weighted is not None
        ]
        mean = sum(counted, Decimal("0")) / len(counted) if counted else None
        disagreements = []
        if len(assessments) == CAPACITY:
            (_, _, first), (_, _, second) = assessments
            for criterion in criteria:
                a, b = first.get(criterion.pk), second.get(criterion.pk)
                if a and b and abs(a.value - b.value) >= DISAGREEMENT:
                    disagreements.append((criterion, a, b))
        rows.append(RankedApplication(application, assessments, mean, disagreements))
    rows.sort(key=lambda row: (row.mean is None, -(row.mean or 0), row.application.reference))
    total = Decimal("0")
    for row in rows:
        total += row.application.amount_requested or Decimal("0")
        row.running_total = total
        row.within_budget = total <= round_.total_budget
    return rows


# Decisions


def decisions_key(round_: Round) -> str:
    return f"fund-decisions:{round_.pk}"


def round_notified(round_: Round) -> bool:
    return Mailing.objects.filter(key=decisions_key(round_)).exists()


def decide(
    application: Application, *, user, outcome: str, feedback: str, amount: Decimal | None = None, project=None
) -> Decision:
    """Record (or change, until the round's applicants are notified) the decision on a submitted application.

    Funding it makes the project's draft page with a grant (or adds the grant to `project`, or to the
    page of an earlier project with the same lead organisation and title); changing a decision moves
    or removes that grant.
    """
    _require_manager(user)
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("expression_of_interest__round", "expression_of_interest__lead_organisation")
            .get(pk=application.pk)
        )
        round_ = application.round
        if application.status != ApplicationStatus.SUBMITTED:
            raise ValidationError("Only a submitted application can be decided.")
        if round_notified(round_):
            raise ValidationError(
                f"The applicants in {round_} have been notified, so decisions in it can no longer change."
            )
        amount = _checked_award(application, amount) if outcome == DecisionOutcome.FUND else None
        decision = Decision.objects.filter(application=application).first() or Decision(application=application)
        changed = decision.pk is not None
        decision.outcome, decision.amount, decision.feedback = outcome, amount, feedback.strip()
        decision.decided_by, decision.decided_at = user, timezone.now()
        decision.save()
        _sync_grant(application, decision, user=user, project=project)
        log(
            application,
            "funding.decision.change" if changed else "funding.decision.record",
            user=user,
            data={"decision": decision.get_outcome_display() + (f", £{amount:,.2f}" if amount is not None else "")},
        )
    return decision


def _checked_award(application: Application, amount: Decimal | None) -> Decimal:
    if amount is None:
        raise ValidationError("Enter the amount to award.")
    if amount <= 0:
        raise ValidationError("The amount to award must be more than £0.")
    requested = application.amount_requested
    if requested is not None and amount > requested:
        raise ValidationError(f"The amount to award must be no more than the £{requested:,.2f} requested.")
    cap = application.round.phase_cap(application.phase)
    if cap is not None and amount > cap:
        raise ValidationError(f"The amount to award must be no more than the phase’s cap of £{cap:,.2f}.")
    return amount


def _sync_grant(application: Application, decision: Decision, *, user, project=None) -> None:
    grant = Grant.objects.filter(application=application).select_related("project").first()
    if decision.outcome != DecisionOutcome.FUND:
        if grant:
            page = grant.project
            grant.delete()
            if page.first_published_at is None and not Grant.objects.filter(project=page).exists():
                page.delete()  # made for this decision alone, and never published
            else:
                _save_grants_in_revision(page, user)
        return
    if grant:
        grant.amount = decision.amount
        grant.awarded_on = timezone.localdate()
        grant.save(update_fields=["amount", "awarded_on"])
        _save_grants_in_revision(grant.project, user)
        return
    page = project or _earlier_project(application) or _new_project_page(application, user)
    start, end = _planned_dates(application.answers)
    Grant.objects.create(
        project=page,
        application=application,
        round=application.round,
        phase=application.phase,
        amount=decision.amount,
        awarded_on=timezone.localdate(),
        planned_start=start,
        planned_end=end,
    )
    _save_grants_in_revision(page, user)


def _earlier_project(application: Application):
    eoi = application.expression_of_interest
    return (
        ProjectPage.objects.filter(
            lead_organisation=eoi.lead_organisation, title__iexact=application.title or eoi.title
        )
        .order_by("pk")
        .first()
    )


def _save_grants_in_revision(page, user) -> None:
    """Keep the page's latest revision's grants the same as the database's, so publishing keeps them."""
    page = page.specific
    latest = page.get_latest_revision_as_object()
    latest.grants = list(Grant.objects.filter(project=page).order_by("sort_order", "pk"))
    latest.save_revision(user=user, log_action=False)


def _project_index():
    index = ProjectIndexPage.objects.first()
    if index:
        return index
    fund_page = FundPage.objects.first()
    if fund_page is None:
        raise ValidationError("There is no fund page in the site to put the funded project under.")
    index = ProjectIndexPage(title="Funded projects", slug="projects")
    fund_page.add_child(instance=index)
    return index


def _new_project_page(application: Application, user):
    eoi = application.expression_of_interest
    index = _project_index()
    title = application.title or eoi.title
    base = slugify(title)[:70] or "project"
    taken = set(index.get_children().values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    page = ProjectPage(
        title=title,
        slug=slug,
        live=False,
        introduction=Truncator(application.summary or eoi.problem).chars(600),
        lead_organisation=eoi.lead_organisation,
        service_area=eoi.service_area,
        owner=user,
    )
    page.partners = list(eoi.partners.all())
    page.principles = list(eoi.principles.all())
    index.add_child(instance=page)
    return page


def _planned_dates(answers) -> tuple:
    """The project's start and end dates, wherever the application's answers keep them."""
    found = {}

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("start_date", "end_date") and key not in found:
                    found[key] = item
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(answers or {})

    def as_date(value):
        try:
            return datetime.date.fromisoformat(str(value)[:10])
        except ValueError:
            return None

    return as_date(found.get("start_date")), as_date(found.get("end_date"))


@dataclass
class Letter:
    """What notifying a round sends: one mailing, and the rows it tells of (marked `notified_at`)."""

    subject: str
    template: str
    context: dict
    recipients: list[Recipient]
    label: str
    notified: object  # a queryset of the decisions or expressions of interest it tells of
    log_each: str = ""  # a history action to write on each of them too, e.g. "funding.eoi.notified"


def _notify_once(round_: Round, *, user, key: str, already: str, problem, letter, log_action: str) -> Mailing:
    """Notify a round's applicants of decisions, once: lock the round, refuse (ValidationError) when the
    mailing `key` exists (`already`, with {round}) or `problem(round)` gives a reason, then create the mailing
    `letter(round)` describes, mark what it tells of as notified and write the round's history."""
    if user is not None:
        _require_manager(user)
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if Mailing.objects.filter(key=key).exists():
            raise ValidationError(already.format(round=round_))
        reason = problem(round_)
        if reason:
            raise ValidationError(reason)
        to_send = letter(round_)
        mailing = create_mailing(
            key=key,
            subject=to_send.subject,
            template=to_send.template,
            context=to_send.context,
            recipients=to_send.recipients,
            label=to_send.label,
        )
        if to_send.log_each:
            for told in to_send.notified:
                log(told, to_send.log_each, user=user)
        to_send.notified.update(notified_at=timezone.now())
        log(round_, log_action, user=user, data={"applicants": len(to_send.recipients)})
    return mailing


def notify_applicants(round_: Round, *, user):
    """Email every decided application's lead contact their decisions, once, and lock the round's decisions.

    One email a person (a lead of two bids hears about both in it), sent by the worker as one mailing with
    the round's key: a second press, or a worker restarted mid-way, sends nothing again.
    Refused while any submitted application in the round has no decision.
    """
    _require_manager(user)

    def problem(round_: Round) -> str | None:
        undecided = Application.objects.filter(
            expression_of_interest__round=round_, status=ApplicationStatus.SUBMITTED, decision__isnull=True
        ).count()
        if undecided:
            return (
                f"Decide every application before you notify applicants: {undecided} still "
                f"need{'s' if undecided == 1 else ''} a decision."
            )
        return None

    def letter(round_: Round) -> Letter:
        decisions = Decision.objects.filter(
            application__expression_of_interest__round=round_, application__status=ApplicationStatus.SUBMITTED
        ).select_related("application__expression_of_interest")
        by_person = {}
        for decision in decisions.order_by("application__reference"):
            eoi = decision.application.expression_of_interest
            by_person.setdefault(eoi.contact_email.strip().lower(), []).append(
                {
                    "reference": decision.application.reference,
                    "title": decision.application.title or eoi.title,
                    "funded": decision.outcome == DecisionOutcome.FUND,
                    "amount": f"£{decision.amount:,.2f}" if decision.amount is not None else "",
                    "feedback": decision.feedback,
                    "name": eoi.contact_name,
                }
            )
        return Letter(
            subject=f"Local Digital Fund {round_}: the decision on your application",
            template="funding/decision",
            context={"round": round_.name},
            recipients=[
                Recipient(email=email, context={"decisions": items, "name": items[0]["name"]}, headers={})
                for email, items in by_person.items()
            ],
            label=f"Fund decisions, {round_}",
            notified=decisions,
        )

    return _notify_once(
        round_,
        user=user,
        key=decisions_key(round_),
        already="The applicants in {round} have already been notified.",
        problem=problem,
        letter=letter,
        log_action="funding.decision.notify",
    )


# Exports for staff


def csv_safe(value) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def expressions_of_interest_export(round_: Round):
    yield ["Reference", "Title", "Lead organisation", "Partners", "Contact", "Service area", "Phase",
           "Estimated cost", "Status", "Sent at", "Feedback"]  # fmt: skip
    for eoi in (
        round_.expressions_of_interest.select_related("lead_organisation")
        .prefetch_related("partners")
        .order_by("reference")
    ):
        yield [
            eoi.reference, eoi.title, eoi.lead_organisation.name,
            "; ".join(partner.name for partner in eoi.partners.all()),
            f"{eoi.contact_name} <{eoi.contact_email}>", eoi.get_service_area_display(), eoi.get_phase_display(),
            eoi.estimated_cost, eoi.get_status_display(), format_datetime(eoi.submitted_at), eoi.feedback,
        ]  # fmt: skip


def applications_export(round_: Round):
    criteria = criteria_for(round_)
    yield ["Rank", "Reference", "Title", "Lead organisation", "Phase", "Amount requested", "Assessor",
           "Finished", "Checked", *[f"{c.name} ({c.weight.normalize():f}%)" for c in criteria],
           "Weighted score", "Mean of checked assessments", "Running total", "Within budget"]  # fmt: skip
    for rank, row in enumerate(ranking(round_), start=1):
        application = row.application
        for assignment, weighted, latest in row.assessments or [(None, None, {})]:
            yield [
                rank, application.reference, application.title,
                application.expression_of_interest.lead_organisation.name, application.get_phase_display(),
                application.amount_requested, _name(assignment.assessor) if assignment else "",
                "Yes" if assignment and assignment.finished_at else "No",
                "Yes" if assignment and assignment.checked_at else "No",
                *[latest[c.pk].value if c.pk in latest else "" for c in criteria],
                weighted if weighted is not None else "", row.mean if row.mean is not None else "",
                row.running_total, "Yes" if row.within_budget else "No",
            ]  # fmt: skip


def decisions_export(round_: Round):
    yield ["Reference", "Title", "Lead organisation", "Phase", "Amount requested", "Decision", "Amount awarded",
           "Feedback", "Decided by", "Decided at", "Notified at"]  # fmt: skip
    for decision in (
        Decision.objects.filter(application__expression_of_interest__round=round_)
        .select_related("application__expression_of_interest__lead_organisation", "decided_by")
        .order_by("application__reference")
    ):
        application = decision.application
        yield [
            application.reference, application.title, application.expression_of_interest.lead_organisation.name,
            application.get_phase_display(), application.amount_requested, decision.get_outcome_display(),
            decision.amount if decision.amount is not None else "", decision.feedback, _name(decision.decided_by),
            format_datetime(decision.decided_at),
            format_datetime(decision.notified_at) if decision.notified_at else "",
        ]  # fmt: skip
