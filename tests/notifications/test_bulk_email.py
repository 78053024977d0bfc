"""Email ready for bulk sending: unsubscribe headers, a reply-to address, and no stored copy of each message."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from notifications import services, tasks
from notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db

UNSUBSCRIBE_URL = "https://localdigital.example.gov.uk/unsubscribe/abc123/"
UNSUBSCRIBE_HEADERS = {
    "List-Unsubscribe": f"<{UNSUBSCRIBE_URL}>",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
}


def send_newsletter(template, **options):
    return services.send_email(
        to="jo@example.gov.uk",
        subject="Local Digital news",
        template=template,
        context={"name": "Jo", "unsubscribe_url": UNSUBSCRIBE_URL},
        headers=UNSUBSCRIBE_HEADERS,
        reply_to="localdigital@communities.gov.uk",
        **options,
    )


def test_unsubscribe_headers_and_reply_to_reach_the_sent_message(
    newsletter_template, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_newsletter(newsletter_template)

    [message] = mail.outbox
    sent = message.message()
    assert sent["List-Unsubscribe"] == f"<{UNSUBSCRIBE_URL}>"
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert sent["Reply-To"] == "localdigital@communities.gov.uk"
    assert message.reply_to == ["localdigital@communities.gov.uk"]


def test_a_bulk_message_is_rendered_at_delivery_and_its_body_is_not_kept(
    newsletter_template, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = send_newsletter(newsletter_template, keep_copy=False)

    [message] = mail.outbox
    assert "Hello Jo. Unsubscribe: " + UNSUBSCRIBE_URL in message.body
    assert f'<a href="{UNSUBSCRIBE_URL}">Unsubscribe</a>' in message.alternatives[0][0]
    assert message.message()["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert (email.body_text, email.body_html, email.render_context) == ("", "", None)
    # ... and it is still sent exactly once.
    tasks.deliver(email.pk)
    assert len(mail.outbox) == 1


def test_a_bulk_message_is_retried_with_its_context_and_forgets_it_once_sent(
    newsletter_template, settings, unreachable_smtp_server
):
    email = send_newsletter(newsletter_template, keep_copy=False)

    assert tasks.deliver(email.pk) == OutboundEmail.Status.RETRYING
    email.refresh_from_db()
    assert email.render_context == {"name": "Jo", "unsubscribe_url": UNSUBSCRIBE_URL}

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.deliver(email.pk) == OutboundEmail.Status.SENT

    [message] = mail.outbox
    assert "Hello Jo" in message.body
    email.refresh_from_db()
    assert email.attempts == 2
    assert email.render_context is None


@pytest.mark.parametrize(
    "headers",
    [
        {"List-Unsubscribe": f"<{UNSUBSCRIBE_URL}>\r\nBcc: everyone@example.com"},
        {"List-Unsubscribe": f"<{UNSUBSCRIBE_URL}>\nBcc: everyone@example.com"},
        {"X-Campaign\r\nBcc": "everyone@example.com"},
        {"Bcc": "everyone@example.com"},
    ],
)
def test_a_header_that_could_add_recipients_is_refused_and_nothing_is_queued(headers):
    with pytest.raises(ValueError, match="header"):
        services.send_email(to="jo@example.gov.uk", subject="News", template="test_email", headers=headers)

    assert not OutboundEmail.objects.exists()


def test_a_reply_to_that_is_not_an_address_is_refused():
    with pytest.raises(ValueError, match="not an email address"):
        services.send_email(
            to="jo@example.gov.uk", subject="News", template="test_email", reply_to="a@example.gov.uk\r\nBcc: b@c.d"
        )

    assert not OutboundEmail.objects.exists()


def test_a_bulk_message_needs_a_json_context(newsletter_template):
    with pytest.raises(ValueError, match="JSON"):
        services.send_email(
            to="jo@example.gov.uk",
            subject="News",
            template=newsletter_template,
            context={"name": object()},
            keep_copy=False,
        )

    assert not OutboundEmail.objects.exists()


def test_the_email_report_shows_a_bulk_message_and_says_its_copy_was_not_kept(
    admin_client, newsletter_template, unreachable_smtp_server
):
    email = send_newsletter(newsletter_template, keep_copy=False)
    tasks.deliver(email.pk)

    response = admin_client.get("/admin/reports/emails/")

    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert "Local Digital news" in text
    assert "Waiting to retry" in text
    assert "Connection refused" in text or "ConnectionRefusedError" in text
    assert "Not kept (bulk email)" in text
