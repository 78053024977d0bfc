"""The fund's actions, each a function named as staff and applicants would say it.

Views, admin actions and periodic work call these; states change only here,
through the workflows in funding.workflow. Other apps are asked only through
their services (`declaration.services.is_signatory`).
"""

import datetime

from django import forms
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.formatting import format_datetime, new_reference
from core.links import absolute_url
from core.models import Draft
from core.workflows import IllegalTransition
from declaration.services import is_signatory
from notifications.services import send_email
from organisations.models import Organisation

from .models import Application, Collaborator, ExpressionOfInterest
from .sign_in import SIGN_IN
from .workflow import DECISION, SUBMISSION

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
    return [organisation for organisation in organisations if not is_signatory(organisation)]


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
