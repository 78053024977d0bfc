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


def test_operators_see_each_mailing_with_its_progress(admin_client):
    from notifications.models import Delivery, Mailing

    bulletin = Mailing.objects.create(key="bulletin:1", subject="December bulletin", template_name="t")
    digest = Mailing.objects.create(key="digest:daily:2026-12-01", subject="Your daily digest", label="Daily digest")
    for number, status in enumerate(["sent", "sent", "sent", "failed", "queued"]):
        Delivery.objects.create(mailing=bulletin, email=f"p{number}@example.gov.uk", status=status)
    Delivery.objects.create(mailing=digest, email="p0@example.gov.uk", status="sending")

    response = admin_client.get("/admin/reports/bulk-email/")

    rows = {
        cells[0]: cells[4:8]
        for row in BeautifulSoup(response.content, "html.parser").select("tbody tr")
        if (cells := [cell.get_text(" ", strip=True) for cell in row.find_all("td")])
    }
    # queued, sending, sent, failed
    assert rows == {"December bulletin": ["1", "0", "3", "1"], "Daily digest": ["0", "1", "0", "0"]}


def test_staff_without_permission_cannot_see_mailings(client, django_user_model):
    from django.contrib.auth.models import Group

    from notifications.models import Mailing

    editor = django_user_model.objects.create_user("editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    Mailing.objects.create(key="bulletin:1", subject="December bulletin", template_name="t")

    response = client.get("/admin/reports/bulk-email/")

    assert response.status_code in (302, 403)
    assert b"December bulletin" not in response.content
