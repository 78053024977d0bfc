"""Journeys kept in the database under a draft id (core.journeys, `urls(keyed=True)`): save, leave and come back."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client

from core.journeys import DatabaseStore
from core.models import Draft
from tests.support.journey_urls import STORED, DraftJourney

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.support.journey_urls")]


@pytest.fixture(autouse=True)
def nothing_stored(home_page):
    STORED.clear()
    yield
    STORED.clear()


def signed_in(email: str) -> Client:
    user, _ = get_user_model().objects.get_or_create(username=email, defaults={"email": email})
    client = Client()
    client.force_login(user)
    return client


def new_draft(client) -> str:
    """The draft's first question, as the "Start" button leads to it."""
    response = client.post("/drafts/new/")
    assert response.status_code == 302
    return response["Location"].removesuffix("format/")


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_a_new_draft_opens_on_its_own_address_and_keeps_its_answers_in_the_database():
    ada = signed_in("ada@example.com")

    draft = new_draft(ada)
    response = ada.post(f"{draft}format/", {"format": "in_person"})

    assert response["Location"] == f"{draft}venue/"
    assert soup(ada.get(f"{draft}venue/")).select_one(".govuk-back-link")["href"] == f"{draft}format/"
    [stored] = Draft.objects.all()
    assert draft == f"/drafts/{stored.id}/"
    assert (stored.owner, stored.answers) == ("ada@example.com", {"format": {"format": ["in_person"]}})
    assert "example_draft" not in ada.session


def test_one_person_keeps_two_drafts_apart():
    ada = signed_in("ada@example.com")
    first, second = new_draft(ada), new_draft(ada)

    ada.post(f"{first}format/", {"format": "in_person"})
    ada.post(f"{second}format/", {"format": "online"})

    assert ada.get(f"{first}speakers/")["Location"] == f"{first}venue/"  # in person: the venue is asked
    assert ada.get(f"{second}speakers/").status_code == 200  # online: no venue
    assert ada.get(f"{second}venue/")["Location"] == f"{second}speakers/"


def test_answers_are_there_when_the_person_comes_back_from_another_browser():
    draft = new_draft(signed_in("ada@example.com"))
    signed_in("ada@example.com").post(f"{draft}format/", {"format": "online"})

    other_browser = signed_in("ada@example.com")
    page = soup(other_browser.get(f"{draft}format/"))

    assert page.select_one("input[value=online]").has_attr("checked")
    other_browser.post(f"{draft}speakers/", {"speaker": "Ada", "continue": "1"})
    check = soup(other_browser.get(f"{draft}check/"))
    assert [value.get_text(strip=True) for value in check.select(".govuk-summary-list__value")] == ["Online", "Ada"]
    assert check.select(".govuk-summary-list__actions a")[1]["href"] == f"{draft}speakers/?change=1&item=0#id_speaker"


def test_another_persons_draft_and_a_draft_nobody_started_answer_404_and_change_nothing():
    ada = signed_in("ada@example.com")
    draft = new_draft(ada)
    ada.post(f"{draft}format/", {"format": "online"})
    grace = signed_in("grace@example.com")

    for url in (
        f"{draft}format/",
        f"{draft}speakers/",
        f"{draft}check/",
        "/drafts/00000000-0000-0000-0000-000000000000/format/",
    ):
        assert grace.get(url).status_code == 404
    assert grace.post(f"{draft}format/", {"format": "in_person"}).status_code == 404
    assert Client().get(f"{draft}format/").status_code == 404  # signed out
    assert Client().post("/drafts/new/").status_code == 404
    assert Draft.objects.get().answers == {"format": {"format": ["online"]}}
    assert ada.get(f"{draft}speakers/").status_code == 200  # still the owner's


def test_a_sent_draft_is_stored_once_and_then_leads_to_the_end():
    ada = signed_in("ada@example.com")
    draft, bystander = new_draft(ada), new_draft(ada)
    ada.post(f"{draft}format/", {"format": "online"})
    ada.post(f"{draft}speakers/", {"speaker": "Ada", "continue": "1"})
    key = soup(ada.get(f"{draft}check/")).select_one("input[name=submission_key]")["value"]

    first = ada.post(f"{draft}check/", {"submission_key": key})
    second = ada.post(f"{draft}check/", {"submission_key": key})

    assert first["Location"] == second["Location"] == "/drafts/done/"
    assert len(STORED) == 1
    assert ada.get(f"{draft}format/")["Location"] == "/drafts/done/"
    assert ada.get(f"{bystander}format/").status_code == 200
    assert [str(kept.id) for kept in DraftJourney().drafts("ada@example.com")] == [bystander.split("/")[2]]


def test_two_tabs_open_on_one_draft_keep_each_others_answers():
    ada = signed_in("ada@example.com")
    draft = new_draft(ada)
    ada.post(f"{draft}format/", {"format": "in_person"})
    stored = Draft.objects.get()
    first_tab, second_tab = DatabaseStore(stored), DatabaseStore(Draft.objects.get())
    first, second = first_tab.load(), second_tab.load()

    first["venue"] = {"venue": ["Town hall"]}
    first_tab.save(first)
    second["speakers"] = [{"speaker": ["Ada"]}]
    second_tab.save(second)

    assert Draft.objects.get().answers == {
        "format": {"format": ["in_person"]},
        "venue": {"venue": ["Town hall"]},
        "speakers": [{"speaker": ["Ada"]}],
    }
    assert ada.get(f"{draft}check/").status_code == 200  # every question answered, from both tabs
