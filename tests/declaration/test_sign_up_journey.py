import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from declaration.models import Commitment, CommitmentStatus
from tests.factories.declaration import CommitmentFactory, PrincipleFactory, SignedOrganisationFactory

pytestmark = pytest.mark.django_db

ORGANISATION = {
    "organisation_name": "Exampleshire County Council",
    "organisation_type": "county_council",
    "region": "south_west",
}
CONTACT = {
    "contact_name": "Jo Bloggs",
    "contact_job_title": "Head of digital",
    "contact_email": "jo@exampleshire.gov.uk",
}
APPROVER = {
    "approver_name": "Alex Boss",
    "approver_job_title": "Chief executive",
    "approver_email": "alex@exampleshire.gov.uk",
}


@pytest.fixture
def principle(db):
    return PrincipleFactory(title="Fix our plumbing")


@pytest.fixture
def commitment_answers(principle):
    return {
        "title": "Open planning data",
        "partners": "Two neighbours",
        "mission": "We will publish planning data.",
        "impact": "Residents find decisions.",
        "principles": [principle.pk],
    }


@pytest.fixture
def answered(client, home_page, commitment_answers):
    """A journey answered up to Check your answers."""
    for step, data in [
        ("organisation", ORGANISATION),
        ("contact", CONTACT),
        ("commitment", commitment_answers),
        ("approver", APPROVER),
    ]:
        response = client.post(f"/declaration/sign/{step}/", data)
        assert response.status_code == 302, (step, response.content[:2000])
    return client


def submission_key(client):
    soup = BeautifulSoup(client.get("/declaration/sign/check/").content, "html.parser")
    return soup.select_one("input[name=submission_key]")["value"]


def page_text(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def error_messages(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".govuk-error-summary__list a")]


def test_the_whole_journey_stores_nothing_until_the_final_submit(answered, django_capture_on_commit_callbacks):
    check = answered.get("/declaration/sign/check/")
    assert "Exampleshire County Council" in page_text(check)
    assert Commitment.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        response = answered.post("/declaration/sign/check/", {"submission_key": submission_key(answered)}, follow=True)

    commitment = Commitment.objects.get()
    assert commitment.status == CommitmentStatus.AWAITING_EMAIL_CONFIRMATION
    assert commitment.organisation.name == "Exampleshire County Council"
    assert list(commitment.principles.values_list("title", flat=True)) == ["Fix our plumbing"]
    assert re.fullmatch(r"LD-DEC-[A-Z2-9]{4}", commitment.reference)
    assert commitment.reference in page_text(response)
    [email] = mail.outbox
    assert email.to == ["jo@exampleshire.gov.uk"]
    assert "/declaration/confirm/" in email.body


def test_each_step_refuses_bad_answers_with_a_clear_message(client, home_page, principle):
    response = client.post("/declaration/sign/organisation/", {"organisation_name": "x" * 201})
    assert error_messages(response) == [
        "The name of your organisation must be 200 characters or fewer",
        "Select the type of organisation",
        "Select where your organisation works",
    ]
    assert page_text(response).startswith("Error:") or "Error:" in response.content.decode().split("</title>")[0]

    client.post("/declaration/sign/organisation/", ORGANISATION)
    response = client.post("/declaration/sign/contact/", {**CONTACT, "contact_email": "not-an-email"})
    assert error_messages(response) == ["Enter an email address in the correct format, like name@example.gov.uk"]

    client.post("/declaration/sign/contact/", CONTACT)
    response = client.post(
        "/declaration/sign/commitment/",
        {"title": "A", "mission": "word " * 251, "impact": "", "principles": ["999999"]},
    )
    assert error_messages(response) == [
        "Mission must be 250 words or fewer",
        "Enter the impact",
        "Select principles from the list",
    ]


def test_the_approver_must_be_someone_else(client, home_page, commitment_answers):
    client.post("/declaration/sign/organisation/", ORGANISATION)
    client.post("/declaration/sign/contact/", CONTACT)
    client.post("/declaration/sign/commitment/", commitment_answers)

    response = client.post("/declaration/sign/approver/", {**APPROVER, "approver_email": "JO@exampleshire.gov.uk"})

    assert error_messages(response) == ["The senior approver’s email address must be different from yours"]


def test_skipping_ahead_goes_back_to_the_first_unanswered_question(client, home_page):
    client.post("/declaration/sign/organisation/", ORGANISATION)

    response = client.get("/declaration/sign/approver/")

    assert response["Location"] == "/declaration/sign/contact/"
    assert client.get("/declaration/sign/check/")["Location"] == "/declaration/sign/contact/"


def test_back_keeps_answers_and_change_returns_to_check_your_answers(answered):
    contact_page = BeautifulSoup(answered.get("/declaration/sign/contact/").content, "html.parser")
    assert contact_page.select_one("#id_contact_name")["value"] == "Jo Bloggs"

    check = BeautifulSoup(answered.get("/declaration/sign/check/").content, "html.parser")
    change_link = next(
        a["href"] for a in check.select(".govuk-summary-list__actions a") if "organisation" in a["href"]
    )
    assert change_link.startswith("/declaration/sign/organisation/?change=1")

    response = answered.post(change_link, {**ORGANISATION, "organisation_name": "Exampleshire Council"})

    assert response["Location"] == "/declaration/sign/check/"
    assert "Exampleshire Council" in page_text(answered.get("/declaration/sign/check/"))


def test_a_double_click_on_submit_stores_once(answered):
    key = submission_key(answered)

    first = answered.post("/declaration/sign/check/", {"submission_key": key})
    second = answered.post("/declaration/sign/check/", {"submission_key": key})

    assert Commitment.objects.count() == 1
    assert first["Location"] == second["Location"] == "/declaration/sign/submitted/"


def test_robots_filling_the_hidden_field_store_nothing(answered):
    answered.post("/declaration/sign/check/", {"submission_key": submission_key(answered), "website": "http://spam"})

    assert Commitment.objects.count() == 0


def test_too_many_submissions_from_one_address_are_asked_to_wait(answered, commitment_answers, settings):
    from declaration.views import journey

    for _ in range(int(journey.SUBMIT_RATE.split("/")[0])):
        answered.post("/declaration/sign/check/", {"submission_key": submission_key(answered)})
        # Start again as another organisation.
        for step, data in [
            ("organisation", {**ORGANISATION, "organisation_name": f"Council {Commitment.objects.count()}"}),
            ("contact", CONTACT),
            ("commitment", commitment_answers),
            ("approver", APPROVER),
        ]:
            answered.post(f"/declaration/sign/{step}/", data)

    response = answered.post("/declaration/sign/check/", {"submission_key": submission_key(answered)})

    assert response.status_code == 429
    assert "Sorry, there have been too many attempts" in page_text(response)
    assert "Your answers have been kept" in page_text(response)
    assert 0 < int(response["Retry-After"]) <= 3600


def test_a_signatory_is_offered_a_further_commitment(client, home_page, commitment_answers, principle):
    SignedOrganisationFactory(name="Exampleshire County Council")

    response = client.post(
        "/declaration/sign/organisation/", {**ORGANISATION, "organisation_name": "exampleshire county council."}
    )

    assert response["Location"] == "/declaration/sign/already-signed/"
    page = page_text(client.get("/declaration/sign/already-signed/"))
    assert "Exampleshire County Council has already signed the Declaration" in page
    assert "Add a further commitment" in page
    for step, data in [("contact", CONTACT), ("commitment", commitment_answers), ("approver", APPROVER)]:
        client.post(f"/declaration/sign/{step}/", data)
    client.post("/declaration/sign/check/", {"submission_key": submission_key(client)})

    commitment = Commitment.objects.get()
    assert commitment.kind == Commitment.Kind.FURTHER_COMMITMENT


def test_an_organisation_with_a_sign_up_in_progress_is_told_so(client, home_page):
    CommitmentFactory(organisation__name="Exampleshire County Council", status=CommitmentStatus.IN_REVIEW)

    response = client.post("/declaration/sign/organisation/", ORGANISATION)

    assert error_messages(response) == [
        "Exampleshire County Council already has a sign-up in progress. Ask the person who started it, "
        "or check your email for a link from us"
    ]


def test_typed_html_is_shown_as_text(client, home_page, commitment_answers):
    client.post(
        "/declaration/sign/organisation/", {**ORGANISATION, "organisation_name": "<script>x()</script> Council"}
    )
    client.post("/declaration/sign/contact/", CONTACT)
    client.post("/declaration/sign/commitment/", {**commitment_answers, "mission": "<b>bold</b>\nsecond line"})
    client.post("/declaration/sign/approver/", APPROVER)

    html = client.get("/declaration/sign/check/").content.decode()

    assert "&lt;script&gt;x()&lt;/script&gt; Council" in html
    assert "<script>x()" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;<br>second line" in html
