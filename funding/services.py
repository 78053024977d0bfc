"""The fund's actions, each a function named as staff and applicants would say it.

Views, admin actions and periodic work call these; states change only here,
through the workflows in funding.workflow. Other apps are asked only through
their services (`declaration.services.is_signatory`).
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from core.formatting import UK_TIME_ZONE, format_date, format_date_range
from core.models import Draft
from declaration import services as declaration
from notifications.services import send_email
from organisations.models import Organisation

from .models import (
    Application,
    ApplicationStatus,
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
    """What one applicant may see: the expressions of interest they sent and the applications they lead or
    were added to, newest first. Nobody else's."""
    email = email.strip().lower()
    return {
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


# Decisions on expressions of interest -----------------------------------------


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
