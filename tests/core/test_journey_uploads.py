"""Documents uploaded through a journey step (core.uploads): checked by content and size, kept private."""

import io
import zipfile

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.models import Upload
from tests.support.upload_urls import MAX_SIZE

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.support.upload_urls")]

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"This program cannot be run in DOS mode"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path, home_page):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def person(email: str, *permissions: str) -> Client:
    user = get_user_model().objects.create(username=email, email=email, is_staff=bool(permissions))
    user.user_permissions.add(*Permission.objects.filter(codename__in=permissions))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ada():
    return person("ada@example.com")


@pytest.fixture
def draft(ada) -> str:
    return ada.post("/bid/new/")["Location"].removesuffix("letter/")


def upload(client, draft, name: str, content: bytes):
    return client.post(f"{draft}letter/", {"letter": SimpleUploadedFile(name, content, "application/pdf")})


def error(response) -> str:
    return BeautifulSoup(response.content, "html.parser").select_one(".govuk-error-message").get_text(" ", strip=True)


def zipped(*parts: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts:
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_document_is_kept_privately_and_sent_back_to_its_owner_only(ada, draft, media):
    response = upload(ada, draft, "Letter from Leeds.pdf", PDF)
    assert response["Location"] == f"{draft}format/"
    [stored] = Upload.objects.all()
    file_url = f"{draft}files/{stored.id}/"

    download = ada.get(file_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert "Letter from Leeds.pdf" in download["Content-Disposition"]
    assert "sandbox" in download["Content-Security-Policy"]

    assert stored.file.name.startswith("private/")
    assert (media / stored.file.name).read_bytes() == PDF
    assert Client().get(f"/media/{stored.file.name}").status_code == 404  # never at a public address
    assert person("grace@example.com").get(file_url).status_code == 404
    assert Client().get(file_url).status_code == 404
    assert person("editor@example.com").get(file_url).status_code == 404  # staff without the permission
    assert person("officer@example.com", "view_upload").get(file_url).status_code == 200


def test_check_your_answers_shows_the_file_name_and_a_change_keeps_the_document(ada, draft):
    upload(ada, draft, "letter.pdf", PDF)
    ada.post(f"{draft}format/", {"format": "online"})

    changing = BeautifulSoup(ada.get(f"{draft}letter/?change=1").content, "html.parser")
    hint = changing.select_one("#id_letter-hint").get_text(strip=True)
    assert hint == "You have uploaded letter.pdf. Choose another file only to replace it."
    assert changing.select_one("main form")["enctype"] == "multipart/form-data"
    assert ada.post(f"{draft}letter/?change=1", {})["Location"] == f"{draft}check/"  # no new file: the old one stays
    check = BeautifulSoup(ada.get(f"{draft}check/").content, "html.parser")

    values = [value.get_text(strip=True) for value in check.select(".govuk-summary-list__value")]
    assert values == ["letter.pdf", "Online"]
    assert Upload.objects.count() == 1


def test_a_program_renamed_as_a_pdf_is_refused_and_nothing_is_stored(ada, draft):
    response = upload(ada, draft, "letter.pdf", EXE)

    assert response.status_code == 200
    assert error(response) == "Error: The selected file must be a PDF, DOCX, XLSX, ODT or CSV"
    assert Upload.objects.count() == 0
    assert ada.get(f"{draft}format/")["Location"] == f"{draft}letter/"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("budget.docx", zipped(("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>"))),
        ("budget", zipped(("xl/workbook.xml", b"<workbook/>"))),  # the type comes from the content, not the name
        ("letter.odt", zipped(("mimetype", b"application/vnd.oasis.opendocument.text"))),
        ("costs.txt", "Item,Cost\nLaptops,£1200\n".encode()),
    ],
)
def test_office_documents_and_csv_are_recognised_by_their_content(ada, draft, name, content):
    assert upload(ada, draft, name, content)["Location"] == f"{draft}format/"


@pytest.mark.parametrize(
    "content",
    [
        zipped(("readme.txt", b"just a zip")),  # a zip that is no office document
        b"PK\x03\x04 not really a zip",
        b"Item,Cost\x00\nLaptops,1200\n",  # binary, not text
        b"\xff\xfe\x00B\x00u",
    ],
)
def test_other_content_is_refused(ada, draft, content):
    response = upload(ada, draft, "budget.csv", content)

    assert error(response) == "Error: The selected file must be a PDF, DOCX, XLSX, ODT or CSV"


def test_a_document_up_to_the_size_limit_is_taken_and_one_byte_more_is_refused(ada, draft):
    too_big = upload(ada, draft, "letter.pdf", PDF.ljust(MAX_SIZE + 1, b" "))
    assert error(too_big) == "Error: The selected file must be smaller than 1KB"
    assert Upload.objects.count() == 0

    assert upload(ada, draft, "letter.pdf", PDF.ljust(MAX_SIZE, b" "))["Location"] == f"{draft}format/"
    assert Upload.objects.get().size == MAX_SIZE


def test_no_file_chosen_asks_for_one(ada, draft):
    assert error(ada.post(f"{draft}letter/", {})) == "Error: Select the letter of support"
    assert BeautifulSoup(ada.get(f"{draft}letter/").content, "html.parser").select_one("#id_letter-hint") is None
