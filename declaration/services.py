"""The Declaration's actions: signing up, confirming, reviewing and signing.

Every change of a commitment's status happens here, through `_move`, which
refuses a change the current status does not allow and records who did it
in the commitment's history (shown in the admin).
"""

import datetime
import secrets
import uuid
from dataclasses import dataclass

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from wagtail.log_actions import log

from notifications.services import send_email

from .models import (
    OPEN_STATUSES,
    Commitment,
    CommitmentStatus,
    Organisation,
    Principle,
    normalise_organisation_name,
)

Status = CommitmentStatus

CONFIRMATION_LINK_LIFETIME = datetime.timedelta(days=7)
AMEND_LINK_LIFETIME = datetime.timedelta(days=30)
SIGNING_LINK_LIFETIME = datetime.timedelta(days=30)
UNCONFIRMED_RETENTION = datetime.timedelta(days=30)

# Letters and digits that cannot be mistaken for each other when read aloud or copied.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"

# action: (statuses it may start from, status it leads to)
TRANSITIONS = {
    "confirm_email": ([Status.AWAITING_EMAIL_CONFIRMATION], Status.IN_REVIEW),
    "request_changes": ([Status.IN_REVIEW], Status.CHANGES_REQUESTED),
    "amend": ([Status.CHANGES_REQUESTED], Status.IN_REVIEW),
    "reject": ([Status.IN_REVIEW, Status.CHANGES_REQUESTED], Status.REJECTED),
    "approve_for_signing": ([Status.IN_REVIEW], Status.AWAITING_APPROVER),
    "sign": ([Status.AWAITING_APPROVER], Status.SIGNED),
    "withdraw": (
        [Status.AWAITING_EMAIL_CONFIRMATION, Status.IN_REVIEW, Status.CHANGES_REQUESTED, Status.AWAITING_APPROVER],
        Status.WITHDRAWN,
    ),
}


class IllegalTransition(Exception):
    """The commitment's status does not allow this action."""


class SignUpInProgress(Exception):
    """The organisation already has a sign-up that has not finished."""


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


class LinkUsed(Exception):
    """The link was genuine but what it was for has already happened."""


# Looking things up -----------------------------------------------------------


def find_organisation(name: str) -> Organisation | None:
    return Organisation.objects.filter(normalised_name=normalise_organisation_name(name)).first()


def is_signatory(organisation: Organisation) -> bool:
    """For other features (the fund): has this organisation signed the Declaration?"""
    return Organisation.objects.signatories().filter(pk=organisation.pk).exists()


def has_sign_up_in_progress(organisation: Organisation | None) -> bool:
    return (
        organisation is not None
        and organisation.commitments.filter(kind=Commitment.Kind.SIGN_UP, status__in=OPEN_STATUSES).exists()
    )


# Signing up ------------------------------------------------------------------


@dataclass
class Answers:
    """What a person typed in the sign-up journey, as the forms cleaned it."""

    organisation_name: str
    organisation_type: str
    region: str
    contact_name: str
    contact_job_title: str
    contact_email: str
    title: str
    partners: str
    mission: str
    impact: str
    principle_ids: list[int]
    approver_name: str
    approver_job_title: str
    approver_email: str


def submit_commitment(answers: Answers, *, submission_key: uuid.UUID) -> Commitment:
    """Store a sign-up (or a further commitment from a signatory) and email the contact.

    The same submission_key twice returns the first commitment: a double
    click stores once. Raises SignUpInProgress when the organisation already
    has an unfinished sign-up.
    """
    existing = Commitment.objects.filter(submission_key=submission_key).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            organisation = _get_or_create_organisation(answers)
            commitment = Commitment.objects.create(
                reference=_new_reference(),
                submission_key=submission_key,
                organisation=organisation,
                kind=Commitment.Kind.FURTHER_COMMITMENT if organisation.is_signatory else Commitment.Kind.SIGN_UP,
                contact_name=answers.contact_name,
                contact_job_title=answers.contact_job_title,
                contact_email=answers.contact_email,
                title=answers.title,
                partners=answers.partners,
                mission=answers.mission,
                impact=answers.impact,
                approver_name=answers.approver_name,
                approver_job_title=answers.approver_job_title,
                approver_email=answers.approver_email,
            )
            commitment.principles.set(Principle.objects.filter(pk__in=answers.principle_ids))
            log(commitment, "wagtail.create", user=None)
            _send_confirmation_email(commitment)
    except IntegrityError as error:
        # A second click that raced the first one, or another person's sign-up.
        existing = Commitment.objects.filter(submission_key=submission_key).first()
        if existing:
            return existing
        if "one_open_sign_up_per_organisation" in str(error):
            raise SignUpInProgress from error
        raise
    return commitment


def _get_or_create_organisation(answers: Answers) -> Organisation:
    normalised = normalise_organisation_name(answers.organisation_name)
    for _ in range(3):
        organisation = Organisation.objects.filter(normalised_name=normalised).first()
        if organisation:
            return organisation
        # A savepoint: another sign-up inserting the same name or slug at this moment is not fatal.
        try:
            with transaction.atomic():
                return Organisation.objects.create(
                    name=answers.organisation_name,
                    normalised_name=normalised,
                    slug=_unique_slug(answers.organisation_name),
                    organisation_type=answers.organisation_type,
                    region=answers.region,
                )
        except IntegrityError:
            continue
    raise IntegrityError(f"Could not store the organisation {answers.organisation_name!r}")


def _unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "organisation"
    slug, number = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _new_reference() -> str:
    while True:
        reference = "LD-DEC-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(4))
        if not Commitment.objects.filter(reference=reference).exists():
            return reference


# Emailed links ---------------------------------------------------------------


def make_link_token(commitment: Commitment, purpose: str) -> str:
    return signing.dumps({"reference": commitment.reference}, salt=f"declaration.{purpose}", compress=False)


def commitment_from_token(token: str, purpose: str, max_age: datetime.timedelta) -> Commitment:
    """The commitment a link was made for. Raises LinkExpired or LinkInvalid."""
    try:
        data = signing.loads(token, salt=f"declaration.{purpose}", max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature as error:
        raise LinkInvalid from error
    commitment = Commitment.objects.select_related("organisation").filter(reference=data.get("reference")).first()
    if commitment is None:
        raise LinkInvalid
    return commitment


def _absolute(path: str) -> str:
    from django.conf import settings

    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send_confirmation_email(commitment: Commitment) -> None:
    token = make_link_token(commitment, "confirm")
    send_email(
        to=commitment.contact_email,
        subject=f"Confirm your email address – {commitment.reference}",
        template="declaration/confirm_email",
        context={
            "commitment": commitment,
            "link": _absolute(reverse("declaration:confirm_email", args=[token])),
            "days": CONFIRMATION_LINK_LIFETIME.days,
        },
    )


def resend_confirmation(email: str) -> int:
    """Send a fresh link for every unconfirmed sign-up from this address. Returns how many."""
    waiting = Commitment.objects.filter(
        contact_email__iexact=email.strip(), status=Status.AWAITING_EMAIL_CONFIRMATION
    ).select_related("organisation")
    for commitment in waiting:
        _send_confirmation_email(commitment)
    return len(waiting)


def confirm_email(token: str) -> Commitment:
    commitment = commitment_from_token(token, "confirm", CONFIRMATION_LINK_LIFETIME)
    if commitment.status != Status.AWAITING_EMAIL_CONFIRMATION:
        raise LinkUsed
    commitment.email_confirmed_at = timezone.now()
    try:
        _move(commitment, "confirm_email", user=None)
    except IllegalTransition as error:  # a second click at the same moment, which waited for the first
        raise LinkUsed from error
    return commitment


# Review ----------------------------------------------------------------------


def request_changes(commitment: Commitment, *, user, message: str) -> Commitment:
    with transaction.atomic():
        commitment.changes_requested_message = message
        _move(commitment, "request_changes", user=user, data={"message": message})
        token = make_link_token(commitment, "amend")
        send_email(
            to=commitment.contact_email,
            subject=f"Changes needed to your commitment – {commitment.reference}",
            template="declaration/changes_requested",
            context={
                "commitment": commitment,
                "message": message,
                "link": _absolute(reverse("declaration:amend", args=[token])),
            },
        )
        return commitment


def amend(commitment: Commitment, *, title, partners, mission, impact, principle_ids) -> Commitment:
    """The contact's changes after a request for changes; back to review."""
    commitment.title, commitment.partners, commitment.mission, commitment.impact = title, partners, mission, impact
    _move(commitment, "amend", user=None)
    commitment.principles.set(Principle.objects.filter(pk__in=principle_ids))
    return commitment


def reject(commitment: Commitment, *, user, reason: str) -> Commitment:
    with transaction.atomic():
        commitment.rejection_reason = reason
        _move(commitment, "reject", user=user, data={"reason": reason})
        send_email(
            to=commitment.contact_email,
            subject=f"Your commitment was not accepted – {commitment.reference}",
            template="declaration/rejected",
            context={"commitment": commitment, "reason": reason},
        )
        return commitment


def approve_for_signing(commitment: Commitment, *, user) -> Commitment:
    with transaction.atomic():
        _move(commitment, "approve_for_signing", user=user)
        _send_signing_request(commitment)
        return commitment


def resend_signing_request(commitment: Commitment, *, user) -> Commitment:
    with transaction.atomic():
        """Email the approver their signing link again, while the commitment still waits for them."""
        current = Commitment.objects.select_for_update().select_related("organisation").get(pk=commitment.pk)
        if current.status != Status.AWAITING_APPROVER:
            raise IllegalTransition(
                f"The commitment is {current.get_status_display().lower()}, so this cannot be done."
            )
        _send_signing_request(current)
        log(current, "declaration.resend_signing_request", user=user, data={"to": current.approver_email})
        return current


def _send_signing_request(commitment: Commitment) -> None:
    token = make_link_token(commitment, "sign")
    send_email(
        to=commitment.approver_email,
        subject=f"Sign the Local Digital Declaration for {commitment.organisation.name}",
        template="declaration/approver_request",
        context={
            "commitment": commitment,
            "link": _absolute(reverse("declaration:sign_for_organisation", args=[token])),
            "days": SIGNING_LINK_LIFETIME.days,
        },
    )


def sign(commitment: Commitment, *, name: str, job_title: str) -> Commitment:
    """The senior approver signs: the organisation becomes (or stays) a signatory."""
    with transaction.atomic():
        commitment = Commitment.objects.select_for_update().select_related("organisation").get(pk=commitment.pk)
        if commitment.status != Status.AWAITING_APPROVER:
            raise LinkUsed
        now = timezone.now()
        commitment.signed_at = now
        commitment.signed_by_name = name
        commitment.signed_by_job_title = job_title
        _move(commitment, "sign", user=None, data={"name": name, "job_title": job_title})
        organisation = commitment.organisation
        if organisation.signed_at is None:
            organisation.signed_at = now
            organisation.save(update_fields=["signed_at"])
        for to, template in (
            (commitment.contact_email, "declaration/signed_contact"),
            (commitment.approver_email, "declaration/signed_approver"),
        ):
            send_email(
                to=to,
                subject=f"{organisation.name} has signed the Local Digital Declaration",
                template=template,
                context={
                    "commitment": commitment,
                    "organisation": organisation,
                    "link": _absolute(organisation.get_absolute_url()),
                },
            )
    return commitment


def withdraw(commitment: Commitment, *, user) -> Commitment:
    _move(commitment, "withdraw", user=user)
    return commitment


def delete_unconfirmed(now: datetime.datetime | None = None) -> int:
    """Delete sign-ups whose email was never confirmed within 30 days, and their empty organisations."""
    cutoff = (now or timezone.now()) - UNCONFIRMED_RETENTION
    stale = Commitment.objects.filter(status=Status.AWAITING_EMAIL_CONFIRMATION, created_at__lt=cutoff)
    organisation_ids = list(stale.values_list("organisation_id", flat=True))
    deleted, _ = stale.delete()
    Organisation.objects.filter(pk__in=organisation_ids, signed_at__isnull=True, commitments__isnull=True).delete()
    return deleted


# The one way a status changes ------------------------------------------------


def _move(commitment: Commitment, action: str, *, user, data: dict | None = None) -> None:
    allowed_from, new_status = TRANSITIONS[action]
    with transaction.atomic():
        current = Commitment.objects.select_for_update().values_list("status", flat=True).get(pk=commitment.pk)
        if current not in allowed_from:
            raise IllegalTransition(
                f"Cannot {action.replace('_', ' ')} a commitment that is {CommitmentStatus(current).label.lower()}."
            )
        commitment.status = new_status
        commitment.save()
        log(commitment, f"declaration.{action}", user=user, data=data or {})
