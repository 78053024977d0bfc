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
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

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
from notifications.services import send_email
from organisations.models import Organisation, OrganisationType

from .models import (
    LOCAL_AUTHORITY_TYPES,
    Application,
    ApplicationStatus,
    Collaborator,
    ExpressionOfInterest,
    FundPage,
    FundWindow,
    ReminderSent,
    Round,
    RoundState,
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
            Application.objects.filter(expression_of_interest__round=round_, status=ApplicationStatus.IN_PROGRESS)
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

APPLICATION_JOURNEY = "funding_application"  # the core.Draft journey of a full application


def _sign_in_url() -> str:
    return absolute_url(reverse("funding:sign_in"))


def invite(eoi: ExpressionOfInterest, *, user, feedback: str) -> Application:
    """Invite the bid to send a full application: its application opens, and the contact is emailed with
    the feedback and where to apply. Raises IllegalTransition when it is already decided."""
    with transaction.atomic():
        eoi.feedback, eoi.decided_at = feedback, timezone.now()
        DECISION.move(eoi, "invite", user=user, data={"feedback": feedback})
        application = Application.objects.create(
            reference=new_reference("LDF-APP", exists=lambda ref: Application.objects.filter(reference=ref).exists()),
            expression_of_interest=eoi,
            draft=Draft.objects.create(journey=APPLICATION_JOURNEY, owner=eoi.contact_email.lower()),
            title=eoi.title,
            phase=eoi.phase,
        )
        send_email(
            to=eoi.contact_email,
            subject=f"You are invited to apply to the Local Digital Fund ({eoi.reference})",
            template="funding/decision_invited",
            context={
                "eoi": eoi,
                "application": application,
                "feedback": feedback,
                "closes": format_datetime(eoi.round.applications_close_at),
                "application_url": absolute_url(application.get_absolute_url()),
                "sign_in_url": _sign_in_url(),
            },
        )
    return application


def decline(eoi: ExpressionOfInterest, *, user, feedback: str) -> ExpressionOfInterest:
    """Do not invite the bid: the contact is emailed the feedback. Raises IllegalTransition when decided."""
    with transaction.atomic():
        eoi.feedback, eoi.decided_at = feedback, timezone.now()
        DECISION.move(eoi, "decline", user=user, data={"feedback": feedback})
        send_email(
            to=eoi.contact_email,
            subject=f"Your expression of interest to the Local Digital Fund ({eoi.reference})",
            template="funding/decision_declined",
            context={"eoi": eoi, "feedback": feedback},
        )
    return eoi


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
    """The applications this applicant may open: those they lead and those they were added to."""
    email = (email or "").strip().lower()
    return Application.objects.filter(
        Q(expression_of_interest__contact_email__iexact=email) | Q(collaborators__email=email)
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
