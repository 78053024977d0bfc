"""Sending email: render it, record it, and deliver it in the background."""

import datetime
import json
import logging
import re
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import models, transaction
from django.template.loader import get_template, render_to_string
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


# Headers that send_email sets from its own arguments, or that the mail library writes.
RESERVED_HEADERS = {
    "bcc",
    "cc",
    "content-transfer-encoding",
    "content-type",
    "from",
    "mime-version",
    "reply-to",
    "subject",
    "to",
}
# RFC 5322: a header name is printable ASCII other than the colon.
HEADER_NAME = re.compile(r"[!-9;-~]+")


def send_email(
    *,
    to: str,
    subject: str,
    template: str,
    context: dict | None = None,
    headers: dict[str, str] | None = None,
    reply_to: str | None = None,
    keep_copy: bool = True,
) -> OutboundEmail:
    """Queue a templated email to one person.

    `template` names a pair of templates, `emails/<template>.txt` and
    `emails/<template>.html`. The message is stored now and handed to the
    worker when the surrounding transaction commits.

    `headers` adds headers such as `List-Unsubscribe` and
    `List-Unsubscribe-Post`; `reply_to` is the address replies go to. A header
    name or value that could inject another header is refused with ValueError.

    For bulk email, `keep_copy=False` stores the context instead of the
    rendered message, renders it at delivery and forgets the context once
    sent, so a mailing to thousands does not keep thousands of copies. The
    context must then be JSON (strings, numbers, lists and dicts).
    """
    subject = " ".join(subject.split())  # a line break in a header would stop the message being sent
    headers = _checked_headers(headers or {})
    reply_to = _checked_reply_to(reply_to or "")
    context = context or {}
    email = OutboundEmail(to=to, subject=subject, template_name=template, headers=headers, reply_to=reply_to)
    if keep_copy:
        email.body_text, email.body_html = _render(template, subject, context)
    else:
        for extension in ("txt", "html"):
            get_template(f"emails/{template}.{extension}")  # a missing template fails now, not at delivery
        try:
            email.render_context = json.loads(json.dumps(context))
        except (TypeError, ValueError) as error:
            raise ValueError(f"An email that keeps no copy needs a context of JSON values only: {error}") from None
        email.copy_kept = False
    email.save()
    transaction.on_commit(lambda: _enqueue_delivery(email.pk))
    return email


def _render(template: str, subject: str, context: dict) -> tuple[str, str]:
    context = {"subject": subject, "site_url": settings.SITE_URL, **context}
    return render_to_string(f"emails/{template}.txt", context), render_to_string(f"emails/{template}.html", context)


def _checked_headers(headers: dict) -> dict[str, str]:
    checked = {}
    for name, value in headers.items():
        if not isinstance(name, str) or not HEADER_NAME.fullmatch(name):
            raise ValueError(f"{name!r} is not an email header name.")
        if name.lower() in RESERVED_HEADERS:
            raise ValueError(f"The {name} header comes from send_email's own arguments; it cannot be set as extra.")
        if not isinstance(value, str) or any(character in value for character in "\r\n\0"):
            raise ValueError(f"The {name} header must be text on one line; a line break could add headers.")
        checked[name] = value
    return checked


def _checked_reply_to(reply_to: str) -> str:
    if reply_to:
        try:
            validate_email(reply_to)
        except ValidationError:
            raise ValueError(f"{reply_to!r} is not an email address to reply to.") from None
    return reply_to


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
                transaction.on_commit(lambda: _enqueue_delivery(email.pk, run_after=retry_at))
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
        body_text, body_html = _render(email.template_name, email.subject, email.render_context or {})
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
