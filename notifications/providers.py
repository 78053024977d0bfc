"""Where bulk email goes: GOV.UK Notify when GOVUK_NOTIFY_API_KEY is set, otherwise Django's
email backend (SMTP in production). Either way, each sending thread opens one connection (or
one Notify client, with its one HTTP session) and keeps it for every message of a run,
instead of one per message.
"""

import re
import smtplib
import threading
from contextlib import suppress
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

ONE_CLICK_URL = re.compile(r"<(https?://[^>]+)>")


@dataclass(frozen=True)
class Outgoing:
    """One rendered message to one person."""

    to: str
    subject: str
    text: str
    html: str
    headers: dict
    reference: str  # ours, for finding it on the provider's side


class PerThread:
    """One connection or client for each thread that sends, made on its first message; closed together."""

    def __init__(self):
        self.local = threading.local()
        self.lock = threading.Lock()
        self.opened = []

    def own(self):
        if not hasattr(self.local, "connection"):
            self.local.connection = self.open()
            with self.lock:
                self.opened.append(self.local.connection)
        return self.local.connection

    def close(self) -> None:
        with self.lock:
            for connection in self.opened:
                self.close_one(connection)
            self.opened.clear()
        self.local = threading.local()


class SmtpProvider(PerThread):
    """Django's email backend, each thread's connection opened once and kept open between messages."""

    errors = (smtplib.SMTPException, OSError, ValueError)  # ValueError: an address with a line break

    def open(self):
        return get_connection()

    def send(self, outgoing: Outgoing) -> None:
        message = EmailMultiAlternatives(
            subject=outgoing.subject,
            body=outgoing.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[outgoing.to],
            headers=outgoing.headers,
        )
        message.attach_alternative(outgoing.html, "text/html")
        connection = self.own()
        try:
            # Opened here, not by send_messages, so that send_messages leaves it open for the next.
            connection.open()
            connection.send_messages([message])
        except Exception:
            self.close_one(connection)  # the next message starts on a new connection
            raise

    def close_one(self, connection) -> None:
        with suppress(*self.errors):
            connection.close()


class NotifyProvider(PerThread):
    """GOV.UK Notify: one template with ((subject)) and ((body)), and Notify's own one-click unsubscribe.

    Notify sends from the address set up in its service and writes its own GOV.UK HTML from the
    plain text; the List-Unsubscribe header's address becomes its `one_click_unsubscribe_url`.
    """

    errors = (APIError, OSError)  # requests' errors are OSErrors

    def open(self):
        return NotificationsAPIClient(
            settings.GOVUK_NOTIFY_API_KEY, base_url=settings.GOVUK_NOTIFY_BASE_URL, timeout=settings.EMAIL_TIMEOUT
        )

    def send(self, outgoing: Outgoing) -> None:
        self.own().send_email_notification(
            email_address=outgoing.to,
            template_id=settings.GOVUK_NOTIFY_TEMPLATE_ID,
            personalisation={"subject": outgoing.subject, "body": outgoing.text},
            reference=outgoing.reference,
            one_click_unsubscribe_url=one_click_unsubscribe_url(outgoing.headers),
        )

    def close_one(self, client) -> None:
        client.request_session.close()


def one_click_unsubscribe_url(headers: dict) -> str | None:
    """The List-Unsubscribe address, when List-Unsubscribe-Post says a POST to it unsubscribes (RFC 8058)."""
    if headers.get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click":
        return None
    match = ONE_CLICK_URL.search(headers.get("List-Unsubscribe", ""))
    return match.group(1) if match else None


def bulk_email_provider() -> SmtpProvider | NotifyProvider:
    return NotifyProvider() if settings.GOVUK_NOTIFY_API_KEY else SmtpProvider()
