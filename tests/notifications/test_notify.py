"""Bulk email through GOV.UK Notify, when its API key is set, against a local stand-in of Notify's HTTP API."""

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from django.core import mail

from notifications import providers
from notifications.bulk import Recipient, create_mailing, mailing_progress
from notifications.models import Delivery

pytestmark = pytest.mark.django_db

SERVICE_ID, SECRET, TEMPLATE_ID = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())


class NotifyStandIn(ThreadingHTTPServer):
    """Answers POST /v2/notifications/email as Notify does, recording each request and its JWT's claims."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), NotifyHandler)
        self.requests: list[dict] = []
        self.fail_next = 0

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"


class NotifyHandler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        scheme, _, token = self.headers.get("Authorization", "").partition(" ")
        claims = jwt.decode(token, SECRET, algorithms=["HS256"]) if scheme == "Bearer" else None
        self.server.requests.append({"path": self.path, "body": body, "claims": claims})
        if self.server.fail_next:
            self.server.fail_next -= 1
            self._answer(
                500, {"errors": [{"error": "Exception", "message": "Internal server error"}], "status_code": 500}
            )
        else:
            self._answer(201, {"id": str(uuid.uuid4()), "reference": body.get("reference"), "content": {}})

    def _answer(self, status, payload):
        content = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, *args):
        pass


@pytest.fixture
def notify(settings):
    stand_in = NotifyStandIn()
    threading.Thread(target=stand_in.serve_forever, daemon=True).start()
    settings.GOVUK_NOTIFY_API_KEY = f"localdigital_test-{SERVICE_ID}-{SECRET}"
    settings.GOVUK_NOTIFY_TEMPLATE_ID = TEMPLATE_ID
    settings.GOVUK_NOTIFY_BASE_URL = stand_in.url
    yield stand_in
    stand_in.shutdown()
    stand_in.server_close()


def subscriber(name, one_click=True):
    url = f"https://localdigital.example.gov.uk/email-updates/unsubscribe/{name}-token/"
    headers = {"List-Unsubscribe": f"<{url}>"}
    if one_click:
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return Recipient(f"{name.lower()}@example.gov.uk", {"name": name, "unsubscribe_url": url}, headers)


def test_with_a_notify_key_each_message_goes_to_notify_with_its_one_click_unsubscribe_link(
    notify, newsletter_template, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mailing = create_mailing(
            key="bulletin:7",
            subject="Local Digital news",
            template=newsletter_template,
            context={},
            recipients=[subscriber("Jo"), subscriber("Sam", one_click=False)],
        )

    jo, sam = sorted(notify.requests, key=lambda request: request["body"]["email_address"])
    assert jo["path"] == sam["path"] == "/v2/notifications/email"
    assert jo["claims"]["iss"] == SERVICE_ID  # signed with the key's secret, for the key's service
    assert jo["body"]["template_id"] == TEMPLATE_ID
    assert jo["body"]["personalisation"]["subject"] == "Local Digital news"
    assert (
        "Hello Jo. Unsubscribe: https://localdigital.example.gov.uk/email-updates/unsubscribe/Jo-token/"
        in (jo["body"]["personalisation"]["body"])
    )
    assert jo["body"]["one_click_unsubscribe_url"] == (
        "https://localdigital.example.gov.uk/email-updates/unsubscribe/Jo-token/"
    )
    assert jo["body"]["reference"] == f"bulletin:7:{mailing.deliveries.get(email='jo@example.gov.uk').pk}"
    assert "one_click_unsubscribe_url" not in sam["body"]  # no List-Unsubscribe-Post, so no one-click
    assert mail.outbox == []  # nothing went by SMTP
    assert mailing_progress(mailing)["sent"] == 2


def test_an_error_from_notify_is_retried_later(notify, newsletter_template, django_capture_on_commit_callbacks):
    notify.fail_next = 1
    with django_capture_on_commit_callbacks(execute=True):
        mailing = create_mailing(
            key="bulletin:8",
            subject="News",
            template=newsletter_template,
            context={},
            recipients=[subscriber("Jo"), subscriber("Sam")],
        )

    # Messages go out side by side, so either may be the one Notify failed.
    [failed] = mailing.deliveries.filter(status=Delivery.Status.QUEUED)
    assert failed.attempts == 1
    assert "500" in failed.last_error
    [sent] = mailing.deliveries.filter(status=Delivery.Status.SENT)
    assert sent.email != failed.email


def test_without_a_notify_key_bulk_email_goes_through_the_email_backend(settings):
    settings.GOVUK_NOTIFY_API_KEY = ""

    assert isinstance(providers.bulk_email_provider(), providers.SmtpProvider)
