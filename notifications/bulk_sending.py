"""The worker's side of bulk email: sending a mailing in batches, and sweeping up after a worker that died.

Each batch is claimed, sent and recorded in three steps, so no row lock is held while the
mail server is talked to:

1. claim: in one short transaction, up to BULK_EMAIL_BATCH_SIZE queued deliveries are
   locked with SELECT ... FOR UPDATE SKIP LOCKED (so two workers take different ones),
   marked "sending" with `claimed_at`, and committed;
2. send: each is rendered and handed to the provider, by BULK_EMAIL_CONNECTIONS threads
   each with one connection kept open for the whole run (so the mail server's replies are
   waited for side by side);
3. record: in one transaction, each is marked sent, queued again to retry after a
   backoff, or failed.

Exactly once, and its trade-off. A worker killed between 1 and 3 leaves its batch marked
"sending", and nobody can tell which of those the mail server accepted before the worker
died. Sending them again would send some twice; so the sweeper marks a delivery still
"sending" after SENDING_TIMEOUT as failed, "may have been delivered", and never sends it
again. Delivery is at most once: a killed worker costs at most one batch of
BULK_EMAIL_BATCH_SIZE emails in doubt, shown as failed in the report, and never a
duplicate. A worker that was only slow and records its batch later overwrites the
sweeper's guess with what happened.
"""

import datetime
import logging
import time
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from .models import RETRY_DELAYS, Delivery, Mailing, email_templates, render_email
from .providers import Outgoing, bulk_email_provider

logger = logging.getLogger(__name__)

# A delivery claimed longer ago than this is taken to be abandoned by a worker that died.
SENDING_TIMEOUT = datetime.timedelta(minutes=15)
IN_DOUBT = (
    "The worker stopped while sending this email, so it may or may not have been delivered. "
    "It is not sent again, so that nobody gets it twice."
)
SENT, RETRY, FAILED = "sent", "retry", "failed"


def due_deliveries(now: datetime.datetime) -> models.QuerySet:
    return Delivery.objects.filter(status=Delivery.Status.QUEUED).filter(
        models.Q(next_attempt_at__isnull=True) | models.Q(next_attempt_at__lte=now)
    )


def send_due_deliveries(mailing_id: int, time_limit: float) -> datetime.datetime | None:
    """Send the mailing's due deliveries, batch after batch, for up to `time_limit` seconds.

    Returns when it next has something to send: now if time ran out, the earliest retry, the
    mailing's `send_after` if that is still to come; None when nothing is left to send. Memory
    stays the same whatever the mailing's size: only one batch is held at a time.
    """
    mailing = Mailing.objects.filter(pk=mailing_id).first()
    if mailing is None:  # deleted since it was queued
        return None
    if mailing.send_after and mailing.send_after > timezone.now():
        return mailing.send_after
    templates = email_templates(mailing.template_name)
    provider = bulk_email_provider()
    give_up_at = time.monotonic() + time_limit

    def send(delivery):
        return delivery, *send_one(provider, mailing, templates, delivery)

    try:
        with ThreadPoolExecutor(settings.BULK_EMAIL_CONNECTIONS, thread_name_prefix="bulk-email") as senders:
            while batch := claim_batch(mailing):
                record(list(senders.map(send, batch)))
                if time.monotonic() > give_up_at:
                    break
    finally:
        provider.close()
    return next_send(mailing)


def claim_batch(mailing: Mailing) -> list[Delivery]:
    """Step 1: lock up to a batch of the mailing's due deliveries, mark them sending, and commit."""
    now = timezone.now()
    with transaction.atomic():
        batch = list(
            due_deliveries(now)
            .filter(mailing=mailing)
            .order_by("id")
            .select_for_update(skip_locked=True)
            .only("id", "email", "context", "headers", "attempts")[: settings.BULK_EMAIL_BATCH_SIZE]
        )
        Delivery.objects.filter(id__in=[delivery.id for delivery in batch]).update(
            status=Delivery.Status.SENDING, claimed_at=now
        )
    return batch


def send_one(provider, mailing: Mailing, templates, delivery: Delivery) -> tuple[str, str]:
    """Step 2, for one delivery: (outcome, error)."""
    try:
        text, html = render_email(
            mailing.template_name, mailing.subject, {**mailing.context, **delivery.context}, templates
        )
    except Exception as error:  # a broken template or context: trying again would not help
        logger.exception("Could not render delivery %s of mailing %s", delivery.id, mailing.key)
        return FAILED, f"Could not render the message: {type(error).__name__}: {error}"
    outgoing = Outgoing(
        to=delivery.email,
        subject=mailing.subject,
        text=text,
        html=html,
        headers=delivery.headers,
        reference=f"{mailing.key}:{delivery.id}",
    )
    try:
        provider.send(outgoing)
    except provider.errors as error:
        error_text = f"{type(error).__name__}: {error}"
        if delivery.attempts + 1 > len(RETRY_DELAYS):
            logger.error(
                "Gave up sending delivery %s after %s attempts: %s", delivery.id, delivery.attempts + 1, error
            )
            return FAILED, error_text
        logger.warning("Delivery %s failed (attempt %s), retrying: %s", delivery.id, delivery.attempts + 1, error)
        return RETRY, error_text
    return SENT, ""


def record(outcomes: list[tuple[Delivery, str, str]]) -> None:
    """Step 3: what became of each delivery of the batch, in one transaction."""
    now = timezone.now()
    sent = [delivery.id for delivery, outcome, _ in outcomes if outcome == SENT]
    with transaction.atomic():
        if sent:
            # Once sent, the person's part of the message (their links) is forgotten.
            Delivery.objects.filter(id__in=sent).update(
                status=Delivery.Status.SENT,
                sent_at=now,
                attempts=models.F("attempts") + 1,
                context={},
                headers={},
                claimed_at=None,
                next_attempt_at=None,
                last_error="",
            )
        for delivery, outcome, error in outcomes:
            if outcome == SENT:
                continue
            attempts = delivery.attempts + 1
            retrying = outcome == RETRY
            Delivery.objects.filter(id=delivery.id).update(
                status=Delivery.Status.QUEUED if retrying else Delivery.Status.FAILED,
                attempts=attempts,
                claimed_at=None,
                next_attempt_at=now + RETRY_DELAYS[attempts - 1] if retrying else None,
                last_error=error[:2000],
            )


def next_send(mailing: Mailing) -> datetime.datetime | None:
    now = timezone.now()
    if due_deliveries(now).filter(mailing=mailing).exists():
        return now
    return mailing.deliveries.filter(status=Delivery.Status.QUEUED).aggregate(earliest=models.Min("next_attempt_at"))[
        "earliest"
    ]


def sweep(now: datetime.datetime | None = None) -> tuple[int, list[int]]:
    """Mark deliveries left "sending" past SENDING_TIMEOUT as failed (in doubt; see above), and find the
    mailings that have deliveries due but nobody sending them (a retry come due, a send_after passed).

    Returns how many were marked failed, and the ids of the mailings to send.
    """
    now = now or timezone.now()
    abandoned = Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_at__lt=now - SENDING_TIMEOUT)
    in_doubt = abandoned.update(status=Delivery.Status.FAILED, attempts=models.F("attempts") + 1, last_error=IN_DOUBT)
    if in_doubt:
        logger.error("%s bulk emails were left sending by a worker that stopped; marked failed", in_doubt)
    waiting = (
        Mailing.objects.filter(models.Q(send_after__isnull=True) | models.Q(send_after__lte=now))
        .filter(models.Exists(due_deliveries(now).filter(mailing=models.OuterRef("pk"))))
        .exclude(models.Exists(Delivery.objects.filter(mailing=models.OuterRef("pk"), status=Delivery.Status.SENDING)))
    )
    return in_doubt, list(waiting.values_list("pk", flat=True))
