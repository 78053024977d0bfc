"""Journeys in sections on a GOV.UK task list (core.journeys.TaskListJourney), as an applicant sees them."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client

from tests.support.task_list_urls import SENT

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.support.task_list_urls")]


@pytest.fixture(autouse=True)
def nothing_sent(home_page):
    SENT.clear()
    yield
    SENT.clear()


@pytest.fixture
def applicant() -> Client:
    user = get_user_model().objects.create(username="ada@example.com", email="ada@example.com")
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def draft(applicant) -> str:
    response = applicant.post("/apply/new/")
    return response["Location"]


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def tasks(client, draft) -> dict:
    """{section title: (status, link)} as the task list shows them."""
    page = soup(client.get(draft))
    return {
        item.select_one(".govuk-task-list__name-and-hint").get_text(strip=True): (
            item.select_one(".govuk-task-list__status").get_text(strip=True),
            item.select_one("a")["href"],
        )
        for item in page.select(".govuk-task-list__item")
    }


def complete_event(client, draft):
    client.post(f"{draft}event/format/", {"format": "online"})
    client.post(f"{draft}event/check/", {"submission_key": key_on(client, f"{draft}event/check/")})


def complete_people(client, draft):
    client.post(f"{draft}people/speakers/", {"speaker": "Ada", "continue": "1"})
    client.post(f"{draft}people/check/", {"submission_key": key_on(client, f"{draft}people/check/")})


def key_on(client, url) -> str:
    return soup(client.get(url)).select_one("input[name=submission_key]")["value"]


def test_a_new_application_opens_on_its_task_list_with_nothing_started(applicant, draft):
    assert draft.startswith("/apply/") and draft.count("/") == 3

    assert tasks(applicant, draft) == {
        "About the event": ("Not yet started", f"{draft}event/format/"),
        "Speakers": ("Not yet started", f"{draft}people/speakers/"),
    }
    page = soup(applicant.get(draft))
    assert "You have completed 0 of 2 sections." in page.get_text(" ", strip=True)
    assert page.select_one("input[name=submission_key]") is None  # nothing to send yet


def test_a_section_is_in_progress_until_its_check_page_is_confirmed(applicant, draft):
    applicant.post(f"{draft}event/format/", {"format": "in_person"})
    assert tasks(applicant, draft)["About the event"] == ("In progress", f"{draft}event/venue/")

    assert applicant.post(f"{draft}event/venue/", {"venue": "Town hall"})["Location"] == f"{draft}event/check/"
    assert tasks(applicant, draft)["About the event"] == ("In progress", f"{draft}event/check/")

    check = applicant.get(f"{draft}event/check/")
    assert [h.get_text(strip=True) for h in soup(check).select("main h2")] == ["Format", "Venue"]  # its own only
    confirmed = applicant.post(f"{draft}event/check/", {"submission_key": key_on(applicant, f"{draft}event/check/")})

    assert confirmed["Location"] == draft
    assert tasks(applicant, draft) == {
        "About the event": ("Completed", f"{draft}event/check/"),
        "Speakers": ("Not yet started", f"{draft}people/speakers/"),
    }
    assert SENT == []  # a section is confirmed, nothing is sent


def test_changing_an_answer_of_a_completed_section_puts_it_back_in_progress(applicant, draft):
    complete_event(applicant, draft)
    complete_people(applicant, draft)
    applicant.get(f"{draft}event/check/")  # looking again changes nothing
    assert [status for status, _ in tasks(applicant, draft).values()] == ["Completed", "Completed"]

    applicant.post(f"{draft}event/format/?change=1", {"format": "in_person"})

    assert tasks(applicant, draft) == {
        "About the event": ("In progress", f"{draft}event/venue/"),
        "Speakers": ("Completed", f"{draft}people/check/"),
    }


def test_sending_needs_every_section_completed(applicant, draft):
    complete_event(applicant, draft)
    applicant.post(f"{draft}people/speakers/", {"speaker": "Ada", "continue": "1"})  # answered, not confirmed

    response = applicant.post(draft, {"submission_key": key_on(applicant, f"{draft}event/check/")})

    assert response.status_code == 200
    assert "Complete every section before you send" in soup(response).select_one(".govuk-error-summary").get_text()
    assert SENT == []


def test_with_every_section_completed_the_answers_are_sent_once(applicant, draft):
    complete_event(applicant, draft)
    complete_people(applicant, draft)
    key = key_on(applicant, draft)

    first = applicant.post(draft, {"submission_key": key})
    second = applicant.post(draft, {"submission_key": key})

    assert first["Location"] == second["Location"] == "/apply/sent/"
    [(sent_key, answers)] = SENT
    assert str(sent_key) == key
    assert answers == {"event": {"format": {"format": "online"}}, "people": {"speakers": [{"speaker": "Ada"}]}}
    assert applicant.get(f"{draft}event/format/")["Location"] == draft  # sent: the sections lead to the end
    assert applicant.get(draft)["Location"] == "/apply/sent/"


def test_another_persons_task_list_and_sections_answer_404(applicant, draft):
    complete_event(applicant, draft)
    grace = Client()
    grace.force_login(get_user_model().objects.create(username="grace@example.com", email="grace@example.com"))

    for url in (draft, f"{draft}event/format/", f"{draft}event/check/", f"{draft}people/speakers/"):
        assert grace.get(url).status_code == 404
    assert grace.post(f"{draft}event/format/", {"format": "in_person"}).status_code == 404
    assert tasks(applicant, draft)["About the event"][0] == "Completed"
