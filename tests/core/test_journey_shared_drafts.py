"""A keyed journey whose drafts are found by the service's own reference and opened by several people
(core.journeys: `draft_key`, `find_draft`, `draft_by_key`, `draft_key_of`, `when_sent`)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.models import Draft, Upload
from tests.support.shared_draft_urls import BIDS, share

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.support.shared_draft_urls")]

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path, home_page):
    settings.MEDIA_ROOT = tmp_path
    BIDS.clear()
    return tmp_path


def person(email: str, *permissions: str) -> Client:
    user = get_user_model().objects.create(username=email, email=email, is_staff=bool(permissions))
    user.user_permissions.add(*Permission.objects.filter(codename__in=permissions))
    client = Client()
    client.force_login(user)
    return client


def test_everyone_on_a_bid_answers_it_at_its_reference_and_sees_what_the_other_typed():
    draft = share("BID-1", "ada@example.com", "grace@example.com")
    ada, grace = person("ada@example.com"), person("grace@example.com")

    response = ada.post("/shared/BID-1/letter/", {"letter": SimpleUploadedFile("letter.pdf", PDF)})

    assert response["Location"] == "/shared/BID-1/format/"
    assert grace.get("/shared/BID-1/letter/").status_code == 200
    grace.post("/shared/BID-1/format/", {"format": "online"})
    draft.refresh_from_db()
    assert draft.answers["format"] == {"format": ["online"]}
    assert "letter" in draft.answers
    assert ada.get("/shared/BID-1/check/").status_code == 200


def test_someone_not_on_the_bid_gets_404_for_its_pages_and_its_documents():
    share("BID-1", "ada@example.com")
    share("BID-2", "mallory@example.com")
    ada, mallory = person("ada@example.com"), person("mallory@example.com")
    ada.post("/shared/BID-1/letter/", {"letter": SimpleUploadedFile("letter.pdf", PDF)})
    upload = Upload.objects.get()

    assert ada.get(f"/shared/BID-1/files/{upload.id}/").status_code == 200
    assert mallory.get("/shared/BID-1/letter/").status_code == 404
    assert mallory.get("/shared/BID-1/").status_code == 404
    assert mallory.get(f"/shared/BID-1/files/{upload.id}/").status_code == 404
    assert mallory.get(f"/shared/BID-2/files/{upload.id}/").status_code == 404  # not BID-2's document
    assert mallory.get("/shared/NO-SUCH/letter/").status_code == 404
    assert Client().get("/shared/BID-1/letter/").status_code == 404  # not signed in: the default answer
    staff = person("staff@example.com", "view_upload")
    assert staff.get(f"/shared/BID-1/files/{upload.id}/").status_code == 200


def test_a_sent_draft_shows_what_the_service_says():
    draft = share("BID-1", "ada@example.com")
    ada = person("ada@example.com")
    Draft.objects.filter(id=draft.id).update(submitted_at="2026-01-01T00:00Z")

    response = ada.get("/shared/BID-1/format/")

    assert response.status_code == 200
    assert response.content == b"What BID-1 sent"
