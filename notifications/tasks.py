"""The worker's side of email: delivering each queued email, retrying when the mail server fails, and
forgetting old emails; sending bulk mailings, and sweeping up after a worker that died.

notifications.services.send_email records an email and queues its delivery here;
notifications.bulk.create_mailing records a mailing and queues its sending here.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.utils import timezone
from django_tasks import task

from core.periodic import run_then_reschedule

from . import bulk_sending
from .models import RETRY_DELAYS, OutboundEmail

logger = logging.getLogger(__name__)

CLEAN_UP_INTERVAL = datetime.timedelta(days=1)
SWEEP_INTERVAL = datetime.timedelta(minutes=1)
# A run of send_mailing sends for this long, then queues the next run and ends, so other
# work (a confirmation email, a worker's shutdown) never waits behind a whole mailing.
MAILING_TIME_SLICE = 30  # seconds
SENT_EMAIL_RETENTION = datetime.timedelta(days=90)
FAILED_EMAIL_RETENTION = datetime.timedelta(days=180)


@task()
def deliver_email(email_id: int) -> str:
    return deliver(email_id)


def enqueue_delivery(email_id: int, run_after: datetime.datetime | None = None) -> None:
    """Queue an attempt to deliver the email, at once or at `run_after`."""
    queued = deliver_email
    # A backend that cannot defer (the immediate one, in tests) retries at once.
    if run_after is not None and queued.get_backend().supports_defer:
        queued = queued.using(run_after=run_after)
    queued.enqueue(email_id)


def deliver(email_id: int) -> OutboundEmail.Status:
    """Try once to hand the email to the mail server; schedule a retry if it fails."""
    with transaction.atomic():
        # The row lock stops two workers sending the same message twice.
        email = OutboundEmail.objects.select_for_update().get(pk=email_id)
        if email.status in (OutboundEmail.Status.SENT, OutboundEmail.Status.FAILED):
            return email.status
        try:
            message = _message(email)
        except Exception as error:  # a broken template or context: trying again would not help
            email.status = OutboundEmail.Status.FAILED
            email.last_error = f"Could not render the message: {type(error).__name__}: {error}"[:2000]
            logger.exception("Could not render email %s", email.pk)
            email.save()
            return email.status
        email.attempts += 1
        try:
            message.send()
        except (smtplib.SMTPException, OSError) as error:
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            if email.attempts > len(RETRY_DELAYS):
                email.status = OutboundEmail.Status.FAILED
                email.next_attempt_at = None
                logger.error("Gave up sending email %s after %s attempts: %s", email.pk, email.attempts, error)
            else:
                email.status = OutboundEmail.Status.RETRYING
                email.next_attempt_at = timezone.now() + RETRY_DELAYS[email.attempts - 1]
                logger.warning("Email %s failed (attempt %s), retrying: %s", email.pk, email.attempts, error)
                retry_at = email.next_attempt_at
                transaction.on_commit(lambda: enqueue_delivery(email.pk, run_after=retry_at))
        else:
            email.status = OutboundEmail.Status.SENT
            email.sent_at = timezone.now()
            email.next_attempt_at = None
            email.last_error = ""
            if not email.copy_kept:
                email.render_context = None
        email.save()
        return email.status


def _message(email: OutboundEmail) -> EmailMultiAlternatives:
    if email.copy_kept:
        body_text, body_html = email.body_text, email.body_html
    else:
        body_text, body_html = email.render(email.render_context or {})
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        reply_to=[email.reply_to] if email.reply_to else None,
        headers=email.headers,
    )
    message.attach_alternative(body_html, "text/html")
    return message


def forget_old_emails(now: datetime.datetime | None = None) -> int:
    """Forget emails once they are no use to anyone: sent ones after 90 days, failed ones after 180."""
    now = now or timezone.now()
    deleted, _ = OutboundEmail.objects.filter(
        models.Q(status=OutboundEmail.Status.SENT, created_at__lt=now - SENT_EMAIL_RETENTION)
        | models.Q(status=OutboundEmail.Status.FAILED, created_at__lt=now - FAILED_EMAIL_RETENTION)
    ).delete()
    return deleted


@task()
def delete_old_emails() -> None:
    """Sent emails are forgotten after 90 days, failed ones after 180."""
    run_then_reschedule(delete_old_emails, forget_old_emails, CLEAN_UP_INTERVAL)


@task()
def send_mailing(mailing_id: int) -> None:
    """Send a mailing's due deliveries in batches (notifications.bulk_sending), then queue the next run if any."""
    enqueue_mailing(mailing_id, run_after=bulk_sending.send_due_deliveries(mailing_id, MAILING_TIME_SLICE))


def enqueue_mailing(mailing_id: int, run_after: datetime.datetime | None) -> None:
    """Queue a run of send_mailing at `run_after`; nothing if that is None (nothing left to send).

    A backend that cannot defer (the immediate one, in tests) runs at once only what is due
    now; the sweeper's next run starts the rest when it comes due.
    """
    if run_after is None:
        return
    if run_after <= timezone.now():
        send_mailing.enqueue(mailing_id)
    elif send_mailing.get_backend().supports_defer:
        send_mailing.using(run_after=run_after).enqueue(mailing_id)


def sweep_mailings() -> None:
    _, waiting = bulk_sending.sweep()
    for mailing_id in waiting:
        send_mailing.enqueue(mailing_id)


@task()
def sweep_bulk_email() -> None:
    """Every minute: deliveries left sending by a worker that died are marked failed (in doubt), and
    mailings with deliveries come due and nobody sending them are sent."""
    run_then_reschedule(sweep_bulk_email, sweep_mailings, SWEEP_INTERVAL)
