"""Sending email: render it, record it, and deliver it in the background."""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutboundEmail

logger = logging.getLogger(__name__)

# How long to wait after each failed attempt before the next one. After the
# last delay the message is marked failed: five attempts over about 2.5 hours.
RETRY_DELAYS = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
]


def send_email(*, to: str, subject: str, template: str, context: dict | None = None) -> OutboundEmail:
    """Queue a templated email to one person.

    `template` names a pair of templates, `emails/<template>.txt` and
    `emails/<template>.html`. The message is stored now and handed to the
    worker when the surrounding transaction commits.
    """
    subject = " ".join(subject.split())  # a line break in a header would stop the message being sent
    context = {"subject": subject, "site_url": settings.WAGTAILADMIN_BASE_URL, **(context or {})}
    email = OutboundEmail.objects.create(
        to=to,
        subject=subject,
        template_name=template,
        body_text=render_to_string(f"emails/{template}.txt", context),
        body_html=render_to_string(f"emails/{template}.html", context),
    )
    transaction.on_commit(lambda: _enqueue_delivery(email.pk))
    return email


def deliver(email_id: int) -> OutboundEmail.Status:
    """Try once to hand the email to the mail server; schedule a retry if it fails."""
    with transaction.atomic():
        # The row lock stops two workers sending the same message twice.
        email = OutboundEmail.objects.select_for_update().get(pk=email_id)
        if email.status in (OutboundEmail.Status.SENT, OutboundEmail.Status.FAILED):
            return email.status
        message = EmailMultiAlternatives(
            subject=email.subject,
            body=email.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email.to],
        )
        message.attach_alternative(email.body_html, "text/html")
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
                transaction.on_commit(lambda: _enqueue_delivery(email.pk, run_after=retry_at))
        else:
            email.status = OutboundEmail.Status.SENT
            email.sent_at = timezone.now()
            email.next_attempt_at = None
            email.last_error = ""
        email.save()
        return email.status


def _enqueue_delivery(email_id: int, run_after: datetime.datetime | None = None) -> None:
    from .tasks import deliver_email

    task = deliver_email
    # A backend that cannot defer (the immediate one, in tests) retries at once.
    if run_after is not None and task.get_backend().supports_defer:
        task = task.using(run_after=run_after)
    task.enqueue(email_id)


SENT_EMAIL_RETENTION = datetime.timedelta(days=90)
FAILED_EMAIL_RETENTION = datetime.timedelta(days=180)


def delete_old_emails(now: datetime.datetime | None = None) -> int:
    """Forget emails once they are no use to anyone: sent ones after 90 days, failed ones after 180."""
    now = now or timezone.now()
    deleted, _ = OutboundEmail.objects.filter(
        models.Q(status=OutboundEmail.Status.SENT, created_at__lt=now - SENT_EMAIL_RETENTION)
        | models.Q(status=OutboundEmail.Status.FAILED, created_at__lt=now - FAILED_EMAIL_RETENTION)
    ).delete()
    return deleted
