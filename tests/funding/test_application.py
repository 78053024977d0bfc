"""The full application at /fund/applications/<reference>/: a task list the bid's people answer and send once."""

import datetime
import uuid

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from funding.models import Application, ApplicationStatus
from tests.factories.declaration import SignedOrganisationFactory
from tests.factories.funding import ApplicationsOpenRoundFactory
from tests.factories.organisations import OrganisationFactory
from tests.funding.application_steps import (
    ABOUT,
    CSV,
    complete_about,
    complete_budget,
    complete_everything,
    complete_team,
    confirm,
    invited,
    path,
    reach_documents,
    send,
    stored,
)
from tests.funding.helpers import emails_to, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def application(sending):
    with sending():
        return invited("ada@lambeth.gov.uk")


@pytest.fixture
def ada(client, sign_in):
    return sign_in(client, "ada@lambeth.gov.uk")


@pytest.fixture
def partner():
    return SignedOrganisationFactory(name="Croydon Council")


def statuses(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [item.get_text(" ", strip=True) for item in soup.select(".govuk-task-list__status")]


def errors(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [item.get_text(" ", strip=True) for item in soup.select(".govuk-error-summary__list li")]


# The task list ----------------------------------------------------------------------


def test_the_task_list_shows_each_section_not_started_in_progress_or_completed(ada, application):
    assert statuses(ada.get(path(application))) == ["Not yet started"] * 6

    ada.post(path(application, "about/details/"), ABOUT)
    assert statuses(ada.get(path(application)))[0] == "In progress"

    confirm(ada, application, "about")
    assert statuses(ada.get(path(application)))[0] == "Completed"

    ada.post(path(application, "about/details/"), {**ABOUT, "title": "A better title"})
    assert statuses(ada.get(path(application)))[0] == "In progress"


def test_the_first_questions_start_from_the_expression_of_interest(ada, application):
    page = ada.get(path(application, "about/details/")).content.decode()
    assert 'value="Find a planning application"' in page
    problem = ada.get(path(application, "problem/details/")).content.decode()
    assert "Residents cannot find planning applications near them." in problem


def test_the_answers_are_kept_across_browsers_and_visits(application, sign_in, partner):
    first_browser = sign_in(Client(), "ada@lambeth.gov.uk")
    complete_about(first_browser, application)
    first_browser.post("/fund/sign-out/")

    second_browser = sign_in(Client(), "ada@lambeth.gov.uk")
    page = second_browser.get(path(application, "about/details/")).content.decode()

    assert 'value="A shared finder' in page or "A shared finder for planning applications." in page
    assert statuses(second_browser.get(path(application)))[0] == "Completed"


# Who may open it ------------------------------------------------------------------------


def test_another_applicant_gets_404_for_the_pages_and_the_documents(ada, application, sign_in, sending):
    reach_documents(ada, application)
    ada.post(
        path(application, "budget/documents/"),
        {"budget_spreadsheet": SimpleUploadedFile("budget.csv", CSV, "text/csv")},
    )
    upload_id = stored(application)["budget"]["documents"]["budget_spreadsheet"][0]
    assert ada.get(path(application, f"files/{upload_id}/")).status_code == 200
    with sending():
        own = invited("bob@croydon.gov.uk")
    bob = sign_in(Client(), "bob@croydon.gov.uk")

    assert bob.get(path(own)).status_code == 200
    for page in ["", "about/details/", "budget/check/", "people/", "submitted/", f"files/{upload_id}/"]:
        assert bob.get(path(application, page)).status_code == 404, page
    assert bob.get(path(own, f"files/{upload_id}/")).status_code == 404  # not that bid's document
    assert bob.post(path(application, "about/details/"), ABOUT).status_code == 404
    assert "about" not in stored(application)


def test_someone_not_signed_in_is_sent_to_sign_in(application):
    for page in ["", "about/details/", "people/"]:
        response = Client().get(path(application, page))
        assert response.status_code == 302 and response["Location"] == "/fund/sign-in/"


def test_the_lead_adds_a_collaborator_who_works_on_it_until_removed(ada, application, sign_in, sending):
    with sending():
        response = ada.post(path(application, "people/"), {"email": "Grace@Croydon.gov.uk"})
    assert response.status_code == 302
    [email] = emails_to("grace@croydon.gov.uk")
    assert "http://testserver/fund/sign-in/" in email.body and application.reference in email.body

    grace = sign_in(Client(), "grace@croydon.gov.uk")
    assert application.reference in text_of(grace.get("/fund/your-bids/"))
    assert grace.post(path(application, "about/details/"), ABOUT).status_code == 302
    assert grace.get(path(application, "people/")).status_code == 404  # only the lead adds people

    ada.post(path(application, "people/"), {"remove": "grace@croydon.gov.uk"})
    assert grace.get(path(application)).status_code == 404
    assert application.reference not in text_of(grace.get("/fund/your-bids/"))


@pytest.mark.parametrize(
    ("email", "error"),
    [
        ("ada@lambeth.gov.uk", "You are the lead contact already"),
        ("grace@croydon.gov.uk", "grace@croydon.gov.uk has already been added"),
        ("not an address", "Enter an email address in the correct format"),
    ],
)
def test_the_lead_cannot_add_themselves_someone_twice_or_a_wrong_address(ada, application, email, error):
    ada.post(path(application, "people/"), {"email": "grace@croydon.gov.uk"})
    response = ada.post(path(application, "people/"), {"email": email})
    assert response.status_code == 200
    assert any(error in message for message in errors(response))
    assert application.collaborators.count() == 1


def test_the_lead_can_add_up_to_ten_people(ada, application):
    for number in range(10):
        assert ada.post(path(application, "people/"), {"email": f"person{number}@example.gov.uk"}).status_code == 302
    response = ada.post(path(application, "people/"), {"email": "one.more@example.gov.uk"})
    assert errors(response) == ["You can add up to 10 people"]
    assert application.collaborators.count() == 10


# What is typed -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "error"),
    [
        ("-5", "The amount must be £0.01 or more"),
        ("0", "The amount must be £0.01 or more"),
        ("10000000.01", "The amount must be £10,000,000 or less"),
        ("99999999999999", "The amount must be £10,000,000 or less"),
        ("1.234", "The amount must be in pounds and pence, like 1500.50"),
        ("lots", "The amount must be an amount of money, like 1500 or 1500.50"),
    ],
)
def test_a_wrong_amount_gets_a_clear_error_and_keeps_what_was_typed(ada, application, amount, error):
    response = ada.post(
        path(application, "budget/costs/"),
        {"category": "staff", "organisation": "Lambeth Council", "amount": amount, "add": "1"},
    )
    assert response.status_code == 200
    assert errors(response) == [error]
    assert 'value="Lambeth Council"' in response.content.decode()
    assert "budget" not in stored(application)


def test_pounds_and_pence_are_kept_exactly(ada, application):
    ada.post(
        path(application, "budget/costs/"),
        {"category": "staff", "organisation": "Lambeth", "amount": "£1,500.10", "add": "1"},
    )
    assert stored(application)["budget"]["costs"][0]["amount"] == ["£1,500.10"]


def test_a_nul_byte_is_refused_with_400(ada, application):
    response = ada.post(path(application, "about/details/"), {**ABOUT, "title": "Planning\x00"})
    assert response.status_code == 400
    assert "about" not in stored(application)


def test_a_validation_error_keeps_every_answer_typed(ada, application):
    response = ada.post(path(application, "about/details/"), {**ABOUT, "end_date_year": "2026"})
    assert errors(response) == ["The end date must be after the start date"]
    page = response.content.decode()
    assert 'value="Find a planning application"' in page and "A shared finder for planning applications." in page


def test_a_mistyped_or_oversized_document_is_refused(ada, application):
    reach_documents(ada, application)
    program = SimpleUploadedFile("budget.csv", b"MZ\x90\x00\x03" + b"\x00" * 64, "text/csv")
    response = ada.post(path(application, "budget/documents/"), {"budget_spreadsheet": program})
    assert errors(response) == ["The selected file must be a XLSX, ODS or CSV"]

    huge = SimpleUploadedFile("budget.csv", b"a,b\n" * (10 * 1024 * 1024 // 4 + 1), "text/csv")
    response = ada.post(path(application, "budget/documents/"), {"budget_spreadsheet": huge})
    assert errors(response) == ["The selected file must be smaller than 10MB"]
    assert "documents" not in stored(application)["budget"]


# The budget and the phase's cap ---------------------------------------------------------


@pytest.mark.parametrize(
    ("amounts", "accepted"), [(("50000", "30000"), True), (("50000", "30000.01"), False), (("79999.99",), True)]
)
def test_the_budget_may_ask_up_to_the_phase_cap_and_not_a_penny_more(ada, application, amounts, accepted):
    complete_about(ada, application)  # discovery: up to £80,000

    response = complete_budget(ada, application, amounts)

    if accepted:
        assert response["Location"] == path(application)
    else:
        assert errors(response) == [
            "The costs add up to £80,000.01, more than the £80,000.00 a discovery project may ask for: "
            "change or remove a cost line"
        ]
        assert statuses(ada.get(path(application)))[4] == "In progress"


# The declarations ---------------------------------------------------------------------


def test_an_organisation_that_has_not_signed_is_named(ada, application):
    unsigned = OrganisationFactory(name="Nowhere District Council")
    complete_team(ada, application, unsigned)

    response = ada.post(
        path(application, "declarations/confirm/"), {"signatories": "on", "conflicts": "no", "data_protection": "on"}
    )

    assert response.status_code == 200
    assert "Not signed yet: Nowhere District Council" in errors(response)[0]


# Sending -------------------------------------------------------------------------------


@pytest.fixture
def closing_round():
    close = datetime.datetime.now(tz=datetime.UTC).replace(microsecond=0) + datetime.timedelta(hours=1)
    return ApplicationsOpenRoundFactory(applications_close_at=close)


@pytest.fixture
def ready(ada, closing_round, partner, sending):
    with sending():
        application = invited("ada@lambeth.gov.uk", round=closing_round)
    complete_everything(ada, application, partner)
    return application


def test_the_application_can_be_sent_one_microsecond_before_the_close(ada, ready, closing_round, sending):
    just_before = closing_round.applications_close_at - datetime.timedelta(microseconds=1)
    with time_machine.travel(just_before, tick=False), sending():
        response = send(ada, ready)

    assert response["Location"] == path(ready, "submitted/")
    ready.refresh_from_db()
    assert ready.status == ApplicationStatus.SUBMITTED
    assert ready.submitted_at == closing_round.applications_close_at - datetime.timedelta(microseconds=1)


def test_the_application_cannot_be_sent_at_the_closing_moment(ada, ready, closing_round):
    with time_machine.travel(closing_round.applications_close_at, tick=False):
        response = send(ada, ready)

    assert response.status_code == 200
    assert errors(response)[0].startswith(f"Applications to {closing_round.name} closed at")
    assert Application.objects.get(pk=ready.pk).status == ApplicationStatus.IN_PROGRESS


def test_sending_twice_stores_once_and_shows_the_copy(ada, ready, sending):
    key = uuid.uuid4()
    ada.post(path(ready, "people/"), {"email": "grace@croydon.gov.uk"})
    mail.outbox.clear()
    with sending():
        first = send(ada, ready, key)
        second = send(ada, ready, key)

    assert first["Location"] == path(ready, "submitted/")
    assert second.status_code == 200  # the read-only copy
    ready.refresh_from_db()
    assert ready.status == ApplicationStatus.SUBMITTED
    assert ready.title == "Find a planning application"
    assert ready.phase == "discovery"
    assert str(ready.amount_requested) == "80000.00"
    assert len(emails_to("ada@lambeth.gov.uk")) == 1 and len(emails_to("grace@croydon.gov.uk")) == 1
    assert "Application sent" in text_of(ada.get(path(ready, "submitted/")))


def test_sending_needs_every_section_completed(ada, application):
    complete_about(ada, application)
    response = send(ada, application)
    assert errors(response) == ["Complete every section before you send the application"]
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.IN_PROGRESS


def test_once_sent_the_address_shows_a_read_only_copy_with_the_documents_linked(ada, ready, sending):
    ada.post(
        path(ready, "budget/documents/"), {"budget_spreadsheet": SimpleUploadedFile("budget.csv", CSV, "text/csv")}
    )
    confirm(ada, ready, "budget")
    with sending():
        send(ada, ready)

    response = ada.get(path(ready))
    page = text_of(response)
    assert "This is a copy of what was sent" in page
    for answer in [
        "Find a planning application",
        "Croydon Council",
        "Product manager",
        "50000",
    ]:
        assert answer in page
    soup = BeautifulSoup(response.content, "html.parser")
    link = soup.find("a", string="budget.csv")
    assert ada.get(link["href"]).status_code == 200
    assert ada.get(path(ready, "about/details/"))["Location"] == path(ready)  # nothing more to change
    assert "Send the application" not in response.content.decode()


def test_the_task_list_and_your_bids_cost_the_same_queries_however_many_bids(ada, application, sending):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert ada.get(url).status_code == 200
        return len(captured)

    few = queries(path(application)), queries("/fund/your-bids/")
    with sending():
        for _ in range(5):
            invited("ada@lambeth.gov.uk")
    assert (queries(path(application)), queries("/fund/your-bids/")) == few
