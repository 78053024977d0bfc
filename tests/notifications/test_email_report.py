import pytest
from bs4 import BeautifulSoup

from notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db


def email(status, subject, error=""):
    return OutboundEmail.objects.create(
        to="jo@example.gov.uk",
        subject=subject,
        template_name="t",
        body_text="x",
        body_html="x",
        status=status,
        last_error=error,
    )


def test_operators_see_failed_emails_with_their_error(admin_client):
    email(OutboundEmail.Status.SENT, "Confirm your email address")
    email(OutboundEmail.Status.FAILED, "Sign the Declaration", error="SMTPRecipientsRefused: bad address")

    response = admin_client.get("/admin/reports/emails/", {"status": "failed"})

    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert "Sign the Declaration" in text
    assert "SMTPRecipientsRefused: bad address" in text
    assert "Confirm your email address" not in text


def test_staff_without_permission_cannot_read_other_peoples_emails(client, django_user_model):
    from django.contrib.auth.models import Group

    editor = django_user_model.objects.create_user("editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    email(OutboundEmail.Status.SENT, "Confirm your email address")

    response = client.get("/admin/reports/emails/")

    assert response.status_code in (302, 403)
    assert b"Confirm your email address" not in response.content
