"""Sending email, as every app does: render it, record it, and queue it for the worker.

The worker's side, delivering with retries and forgetting old emails, is notifications.tasks.
"""

import json
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from . import tasks
from .models import OutboundEmail, email_templates

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
    headers = checked_headers(headers or {})
    reply_to = _checked_reply_to(reply_to or "")
    context = context or {}
    email = OutboundEmail(to=to, subject=subject, template_name=template, headers=headers, reply_to=reply_to)
    if keep_copy:
        email.body_text, email.body_html = email.render(context)
    else:
        email_templates(template)  # a missing template fails now, not at delivery
        try:
            email.render_context = json.loads(json.dumps(context))
        except (TypeError, ValueError) as error:
            raise ValueError(f"An email that keeps no copy needs a context of JSON values only: {error}") from None
        email.copy_kept = False
    email.save()
    transaction.on_commit(lambda: tasks.enqueue_delivery(email.pk))
    return email


def checked_headers(headers: dict) -> dict[str, str]:
    """The extra headers, if none could add a header or a recipient; ValueError if one could."""
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
