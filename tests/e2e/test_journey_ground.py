"""The ground's journey pages in a real browser, with axe-core on each, error states included: add another
at its limit, a task list and its sections, a document upload, and the page behind an emailed sign-in link."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from core.models import Upload
from tests.factories.pages import make_site_home

from .helpers import assert_no_axe_violations

pytestmark = pytest.mark.urls("tests.support.ground_urls")

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def site(live_server, transactional_db, django_db_serialized_rollback, settings, tmp_path):
    make_site_home()
    settings.MEDIA_ROOT = tmp_path
    return live_server.url


@pytest.fixture
def signed_in_page(page, site):
    """The browser signed in as an applicant (the example journeys' owner is the Django user's email)."""
    user = get_user_model().objects.create(username="ada@example.com", email="ada@example.com")
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}])
    return page


def new_draft(site, page, prefix) -> str:
    """Start a draft as the journey's "new" button would, in the browser's session."""
    response = page.request.post(f"{site}{prefix}new/", headers={"X-CSRFToken": csrf(page, site)}, max_redirects=0)
    return site + response.headers["location"]


def csrf(page, site) -> str:
    """The browser's CSRF token, set by opening any form."""
    page.goto(f"{site}/example/format/")
    return next(cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "csrftoken")


def test_add_another_at_its_limit_says_so(page, site):
    page.goto(f"{site}/example/format/")
    page.get_by_label("Online").check()
    page.get_by_role("button", name="Continue").click()
    for name in ("Ada", "Grace", "Katherine"):
        page.get_by_label("Speaker’s name").fill(name)
        page.get_by_role("button", name="Save and add another").click()
    assert_no_axe_violations(page)

    page.get_by_label("Speaker’s name").fill("Margaret")
    page.get_by_role("button", name="Save and add another").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text("You can add up to 3 speakers")
    assert_no_axe_violations(page)


def test_a_task_list_its_sections_and_sending(signed_in_page, site):
    page = signed_in_page
    task_list = new_draft(site, page, "/apply/")
    page.goto(task_list)
    expect(page.locator(".govuk-task-list__status").first).to_have_text("Not yet started")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="About the event").click()
    page.get_by_label("Online").check()
    page.get_by_role("button", name="Continue").click()
    assert_no_axe_violations(page)  # the section's check page
    page.get_by_role("button", name="Confirm and mark as completed").click()
    page.get_by_role("link", name="Speakers").click()
    page.get_by_role("button", name="Continue").click()
    assert_no_axe_violations(page)  # the error: no speaker yet
    page.get_by_label("Speaker’s name").fill("Ada")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Confirm and mark as completed").click()

    expect(page.locator(".govuk-task-list__status")).to_have_text(["Completed", "Completed"])
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Accept and send").click()
    expect(page.locator("body")).to_contain_text("Sent")


def test_a_document_upload_refuses_a_renamed_program_and_keeps_a_pdf(signed_in_page, site, tmp_path):
    page = signed_in_page
    page.goto(new_draft(site, page, "/bid/"))
    program, letter = tmp_path / "letter.pdf", tmp_path / "real-letter.pdf"
    program.write_bytes(b"MZ\x90\x00" + b"\x00" * 60)
    letter.write_bytes(PDF)
    assert_no_axe_violations(page)

    page.get_by_label("Letter of support").set_input_files(program)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The selected file must be a PDF")
    assert_no_axe_violations(page)

    page.get_by_label("Letter of support").set_input_files(letter)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Back").click()
    expect(page.locator("#id_letter-hint")).to_contain_text("You have uploaded real-letter.pdf")
    assert_no_axe_violations(page)
    assert Upload.objects.get().name == "real-letter.pdf"


def test_the_page_behind_a_sign_in_link(page, site):
    Client().post("/bids/sign-in/", {"email": "ada@example.com"})
    link = re.search(r"http://testserver(/bids/sign-in/\S+/)", mail.outbox[-1].body)[1]

    page.goto(f"{site}{link}")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Sign in").click()

    expect(page.locator("body")).to_contain_text("Signed in as ada@example.com")
    page.goto(f"{site}{link}")
    expect(page.get_by_role("heading", level=1)).to_have_text("This link has already been used")
    assert_no_axe_violations(page)
