"""The Declaration's actions: signing up, confirming, reviewing and signing.

Every change of a commitment's status happens here, through the review
workflow's `move` (declared in declaration.workflow), which refuses a change
the current status does not allow and records who did it in the
commitment's history (shown in the admin).
"""

import datetime
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import LogContext, log

from core.formatting import new_reference
from core.links import LinkExpired, LinkInvalid, LinkProblem, LinkUsed, absolute_url
from core.submissions import create_once
from core.workflows import IllegalTransition
from notifications.services import send_email
from organisations import services as organisations
from organisations.models import Organisation

from .models import OPEN_STATUSES, Commitment, CommitmentStatus, Principle, Signatory
from .workflow import AMEND_LINK, CONFIRM_LINK, LINKS, REVIEW, SIGN_LINK

Status = CommitmentStatus

CONFIRMATION_LINK_LIFETIME = CONFIRM_LINK.lifetime
AMEND_LINK_LIFETIME = AMEND_LINK.lifetime
SIGNING_LINK_LIFETIME = SIGN_LINK.lifetime
UNCONFIRMED_RETENTION = datetime.timedelta(days=30)

__all__ = ["IllegalTransition", "LinkExpired", "LinkInvalid", "LinkProblem", "LinkUsed"]


class SignUpInProgress(Exception):
    """The organisation already has a sign-up that has not finished."""


# Looking things up -----------------------------------------------------------


def find_organisation(name: str) -> Organisation | None:
    return organisations.find_organisation(name)


def is_signatory(organisation: Organisation) -> bool:
    """For other features (the fund): has this organisation signed the Declaration?"""
    return Signatory.objects.filter(organisation=organisation).exists()


def signatory_of(organisation: Organisation | None) -> Signatory | None:
    """The organisation's signature (when it first signed), or None if it has not signed."""
    if organisation is None:
        return None
    return Signatory.objects.filter(organisation=organisation).first()


def signatory_organisations():
    """For the fund: the organisations that have signed, by name, to choose a bid's lead from."""
    return Organisation.objects.filter(signatory__isnull=False).order_by("normalised_name")


def signed_among(organisations) -> set[int]:
    """For the fund: the ids of those of these organisations that have signed, in one query."""
    ids = [organisation.pk for organisation in organisations]
    return set(Signatory.objects.filter(organisation_id__in=ids).values_list("organisation_id", flat=True))


def principles():
    """For other features (news, events): the principles in the Declaration's order, to tag and filter by."""
    return Principle.objects.only("title", "slug", "sort_order")


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
    click, even two at the same moment, stores once. Raises SignUpInProgress when the organisation already
    has an unfinished sign-up.
    """
    try:
        return create_once(Commitment, submission_key, lambda: _store_commitment(answers, submission_key))
    except IntegrityError as error:  # another person's sign-up for the same organisation got there first
        if "one_open_sign_up_per_organisation" in str(error):
            raise SignUpInProgress from error
        raise


def _store_commitment(answers: Answers, submission_key: uuid.UUID) -> Commitment:
    organisation = organisations.get_or_create_organisation(
        answers.organisation_name, organisation_type=answers.organisation_type, region=answers.region
    )
    commitment = Commitment.objects.create(
        reference=new_reference("LD-DEC", exists=_reference_taken),
        submission_key=submission_key,
        organisation=organisation,
        kind=Commitment.Kind.FURTHER_COMMITMENT if is_signatory(organisation) else Commitment.Kind.SIGN_UP,
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
    return commitment


def _reference_taken(reference: str) -> bool:
    return Commitment.objects.filter(reference=reference).exists()


def make_link_token(commitment: Commitment, purpose: str) -> str:
    """The token of an emailed link: purpose is "confirm", "amend" or "sign"."""
    return LINKS[purpose].token_for(commitment)


def _send_confirmation_email(commitment: Commitment) -> None:
    send_email(
        to=commitment.contact_email,
        subject=f"Confirm your email address – {commitment.reference}",
        template="declaration/confirm_email",
        context={
            "commitment": commitment,
            "link": CONFIRM_LINK.url(commitment),
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


def awaiting_confirmation(token: str) -> Commitment:
    """The sign-up a confirmation link is for, if it still needs confirming. Changes nothing; raises a LinkProblem."""
    commitment = CONFIRM_LINK.resolve(token, Commitment.objects.select_related("organisation"))
    if commitment.status != Status.AWAITING_EMAIL_CONFIRMATION:
        raise LinkUsed(commitment)
    return commitment


def confirm_email(token: str) -> Commitment:
    commitment = awaiting_confirmation(token)
    commitment.email_confirmed_at = timezone.now()
    try:
        REVIEW.move(commitment, "confirm_email", user=None)
    except IllegalTransition as error:  # a second click at the same moment, which waited for the first
        raise LinkUsed(commitment) from error
    return commitment


# Review ----------------------------------------------------------------------


def request_changes(commitment: Commitment, *, user, message: str) -> Commitment:
    with transaction.atomic():
        commitment.changes_requested_message = message
        REVIEW.move(commitment, "request_changes", user=user, data={"message": message})
        send_email(
            to=commitment.contact_email,
            subject=f"Changes needed to your commitment – {commitment.reference}",
            template="declaration/changes_requested",
            context={
                "commitment": commitment,
                "message": message,
                "link": AMEND_LINK.url(commitment),
            },
        )
        return commitment


def amend(commitment: Commitment, *, title, partners, mission, impact, principle_ids) -> Commitment:
    """The contact's changes after a request for changes; back to review."""
    commitment.title, commitment.partners, commitment.mission, commitment.impact = title, partners, mission, impact
    REVIEW.move(commitment, "amend", user=None)
    commitment.principles.set(Principle.objects.filter(pk__in=principle_ids))
    return commitment


def reject(commitment: Commitment, *, user, reason: str) -> Commitment:
    with transaction.atomic():
        commitment.rejection_reason = reason
        REVIEW.move(commitment, "reject", user=user, data={"reason": reason})
        send_email(
            to=commitment.contact_email,
            subject=f"Your commitment was not accepted – {commitment.reference}",
            template="declaration/rejected",
            context={"commitment": commitment, "reason": reason},
        )
        return commitment


def approve_for_signing(commitment: Commitment, *, user) -> Commitment:
    """Email the approver a link to sign, and tell the contact their commitment was approved."""
    with transaction.atomic():
        REVIEW.move(commitment, "approve_for_signing", user=user)
        _send_signing_request(commitment)
        send_email(
            to=commitment.contact_email,
            subject=f"Your commitment is approved – {commitment.reference}",
            template="declaration/approved_contact",
            context={"commitment": commitment, "days": SIGNING_LINK_LIFETIME.days},
        )
        return commitment


def resend_signing_request(commitment: Commitment, *, user) -> Commitment:
    """Email the approver their signing link again, while the commitment still waits for them."""
    with transaction.atomic():
        REVIEW.move(commitment, "resend_signing_request", user=user, data={"to": commitment.approver_email})
        _send_signing_request(commitment)
        return commitment


def _send_signing_request(commitment: Commitment) -> None:
    send_email(
        to=commitment.approver_email,
        subject=f"Sign the Local Digital Declaration for {commitment.organisation.name}",
        template="declaration/approver_request",
        context={
            "commitment": commitment,
            "link": SIGN_LINK.url(commitment),
            "days": SIGNING_LINK_LIFETIME.days,
        },
    )


def sign(commitment: Commitment, *, name: str, job_title: str, link_token: str | None = None) -> Commitment:
    """The senior approver signs: the organisation becomes (or stays) a signatory.

    `link_token`, the signing link they followed, stops working once they have signed.
    """
    with transaction.atomic():
        commitment = Commitment.objects.select_for_update().select_related("organisation").get(pk=commitment.pk)
        if commitment.status != Status.AWAITING_APPROVER:
            raise LinkUsed(commitment)
        now = timezone.now()
        commitment.signed_at = now
        commitment.signed_by_name = name
        commitment.signed_by_job_title = job_title
        REVIEW.move(commitment, "sign", user=None, data={"name": name, "job_title": job_title})
        if link_token:
            SIGN_LINK.use(link_token)
        organisation = commitment.organisation
        Signatory.objects.get_or_create(organisation=organisation, defaults={"signed_at": now})
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
                    "link": absolute_url(reverse("declaration:signatory", args=[organisation.slug])),
                },
            )
    return commitment


# Corrections and removal by staff -----------------------------------------

COMMITMENT_TEXT_FIELDS = ("title", "partners", "mission", "impact")


def correct_commitment(commitment: Commitment, *, user, **text) -> Commitment:
    """Staff correct a published commitment's words (title, partners, mission, impact); the history keeps the old ones.

    Only a signed commitment is corrected this way: before that, staff ask the contact for changes.
    """
    if set(text) - set(COMMITMENT_TEXT_FIELDS):
        raise TypeError(f"Not a commitment's words: {sorted(set(text) - set(COMMITMENT_TEXT_FIELDS))}")
    changed = {field: value for field, value in text.items() if getattr(commitment, field) != value}
    if not changed:
        return commitment
    data = {
        "changes": _changes_sentence({field: (getattr(commitment, field), value) for field, value in changed.items()}),
        "before": {field: getattr(commitment, field) for field in changed},
    }
    with transaction.atomic():
        REVIEW.move(commitment, "correct_commitment", user=user, data=data)
        for field, value in changed.items():
            setattr(commitment, field, value)
        commitment.save(update_fields=[*changed, "updated_at"])
    return commitment


def correct_organisation(commitment: Commitment, *, user, name: str, organisation_type: str, region: str):
    """Staff correct the name, type or region of a commitment's organisation; recorded in the commitment's history.

    Raises ValidationError when another organisation already has the name.
    """
    with transaction.atomic():
        changes = organisations.correct_organisation(
            commitment.organisation, name=name, organisation_type=organisation_type, region=region
        )
        if changes:
            REVIEW.move(commitment, "correct_organisation", user=user, data={"changes": _changes_sentence(changes)})
    return commitment


def _changes_sentence(changes: dict) -> str:
    """ "title: ‘Old’ to ‘New’; mission changed", for the history: long texts are named, short ones shown."""
    parts = []
    for field, (old, new) in changes.items():
        label = field.replace("_", " ")
        if len(old) <= 150 and len(new) <= 150 and "\n" not in old + new:
            parts.append(f"{label} ‘{old}’ to ‘{new}’")
        else:
            parts.append(f"{label} changed")
    return "; ".join(parts)


def remove_signatory(commitment: Commitment, *, user, reason: str) -> Commitment:
    """Take the commitment's organisation off the signatories, with a reason.

    It leaves the public list, its page, the projects and the open data;
    each of its published commitments is marked removed, with the reason in
    its history. It may sign up again later.
    """
    with transaction.atomic():
        REVIEW.move(commitment, "remove_signatory", user=user, data={"reason": reason})
        others = Commitment.objects.filter(organisation_id=commitment.organisation_id, status=Status.SIGNED)
        for other in others.exclude(pk=commitment.pk).order_by("pk"):
            # Its own log context: the admin's history shows one entry per context and action.
            with LogContext(user=user):
                REVIEW.move(other, "remove_signatory", user=user, data={"reason": reason})
        Signatory.objects.filter(organisation_id=commitment.organisation_id).delete()
    return commitment


def withdraw(commitment: Commitment, *, user) -> Commitment:
    REVIEW.move(commitment, "withdraw", user=user)
    return commitment


def delete_unconfirmed(now: datetime.datetime | None = None) -> int:
    """Delete sign-ups whose email was never confirmed within 30 days, and their empty organisations."""
    cutoff = (now or timezone.now()) - UNCONFIRMED_RETENTION
    stale = Commitment.objects.filter(status=Status.AWAITING_EMAIL_CONFIRMATION, created_at__lt=cutoff)
    organisation_ids = list(stale.values_list("organisation_id", flat=True))
    deleted, _ = stale.delete()
    Organisation.objects.filter(pk__in=organisation_ids, signatory__isnull=True, commitments__isnull=True).delete()
    return deleted
