"""Question-page journeys (core.journeys), as a person going through one sees them."""

import pytest
from bs4 import BeautifulSoup

from tests.support import journey_urls
from tests.support.journey_urls import STORED

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.support.journey_urls")]


@pytest.fixture(autouse=True)
def nothing_stored(home_page):
    STORED.clear()
    yield
    STORED.clear()


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text(response):
    return soup(response).get_text(" ", strip=True)


def summary(response) -> dict:
    page = soup(response)
    return {
        row.select_one(".govuk-summary-list__key").get_text(strip=True): row.select_one(
            ".govuk-summary-list__value"
        ).get_text(strip=True)
        for row in page.select(".govuk-summary-list__row")
    }


def submission_key(client):
    return soup(client.get("/example/check/")).select_one("input[name=submission_key]")["value"]


def test_a_step_that_does_not_apply_is_skipped_and_left_off_check_your_answers(client):
    response = client.post("/example/format/", {"format": "online"})
    assert response["Location"] == "/example/speakers/"
    assert client.get("/example/venue/")["Location"] == "/example/speakers/"

    client.post("/example/speakers/", {"speaker": "Ada", "continue": "1"})
    check = client.get("/example/check/")

    assert summary(check) == {"How will people attend?": "Online", "Speaker’s name (speaker 1)": "Ada"}


def test_a_step_that_applies_is_asked_and_its_back_link_goes_to_the_step_before(client):
    assert client.post("/example/format/", {"format": "in_person"})["Location"] == "/example/venue/"

    venue = soup(client.get("/example/venue/"))

    assert venue.select_one(".govuk-back-link")["href"] == "/example/format/"
    assert client.post("/example/venue/", {"venue": "Town hall"})["Location"] == "/example/speakers/"


def test_add_another_adds_lists_changes_and_removes_items(client):
    client.post("/example/format/", {"format": "online"})
    client.post("/example/speakers/", {"speaker": "Ada", "add": "1"})
    client.post("/example/speakers/", {"speaker": "Grace", "add": "1"})

    page = client.get("/example/speakers/")
    assert "You have added 2 speakers." in text(page)

    client.post("/example/speakers/", {"remove": "0"})
    client.post("/example/speakers/?item=0&change=1", {"speaker": "Grace Hopper", "continue": "1"})
    check = client.get("/example/check/")

    assert summary(check) == {"How will people attend?": "Online", "Speaker’s name (speaker 1)": "Grace Hopper"}
    change_link = soup(check).select(".govuk-summary-list__actions a")[-1]["href"]
    assert change_link == "/example/speakers/?change=1&item=0#id_speaker"


def test_a_repeated_step_needs_one_item_before_going_on(client):
    client.post("/example/format/", {"format": "online"})

    response = client.post("/example/speakers/", {"speaker": "", "continue": "1"})

    assert "Enter a name" in text(response)
    assert client.get("/example/check/")["Location"] == "/example/speakers/"


def test_skipping_ahead_goes_back_to_the_first_unanswered_question(client):
    assert client.get("/example/speakers/")["Location"] == "/example/format/"
    assert client.get("/example/check/")["Location"] == "/example/format/"


def test_change_returns_to_check_your_answers_and_a_new_step_is_asked_first(client):
    client.post("/example/format/", {"format": "online"})
    client.post("/example/speakers/", {"speaker": "Ada", "continue": "1"})

    # Changing to "in person" brings in the venue question before going back.
    response = client.post("/example/format/?change=1", {"format": "in_person"})
    assert response["Location"] == "/example/venue/"
    client.post("/example/venue/", {"venue": "Town hall"})

    assert client.post("/example/format/?change=1", {"format": "in_person"})["Location"] == "/example/check/"
    assert summary(client.get("/example/check/"))["Venue"] == "Town hall"


def test_the_answers_are_stored_once_however_often_the_button_is_pressed(client):
    client.post("/example/format/", {"format": "in_person"})
    client.post("/example/venue/", {"venue": "Town hall"})
    client.post("/example/speakers/", {"speaker": "Ada", "continue": "1"})
    key = submission_key(client)

    first = client.post("/example/check/", {"submission_key": key})
    second = client.post("/example/check/", {"submission_key": key})

    assert first["Location"] == second["Location"] == "/example/done/"
    [(stored_key, answers)] = STORED
    assert str(stored_key) == key
    assert answers == {
        "format": {"format": "in_person"},
        "venue": {"venue": "Town hall"},
        "speakers": [{"speaker": "Ada"}],
    }
    assert client.get("/example/done/").content.decode() == f"Stored {key}"


def test_what_robots_type_in_the_hidden_field_is_dropped(client):
    client.post("/example/format/", {"format": "online"})
    client.post("/example/speakers/", {"speaker": "Ada", "continue": "1"})

    client.post("/example/check/", {"submission_key": submission_key(client), "website": "http://spam"})

    assert STORED == []


def test_a_stale_answer_sends_the_person_back_to_that_question(client, monkeypatch):
    client.post("/example/format/", {"format": "online"})
    client.post("/example/speakers/", {"speaker": "Ada", "continue": "1"})
    # The choice they made is no longer offered.
    monkeypatch.setattr(journey_urls.FormatForm.base_fields["format"], "choices", [("in_person", "In person")])

    assert client.get("/example/check/")["Location"] == "/example/format/"


class DictStore:
    """A store of our own, as a journey whose users save and come back later plugs in (the database, for the Fund)."""

    kept = {}

    def __init__(self, request, key):
        self.key = key

    def load(self):
        return self.kept.get(self.key, {})

    def save(self, answers):
        self.kept[self.key] = answers

    def clear(self):
        self.kept.pop(self.key, None)


def test_answers_go_to_the_store_the_journey_names(client, monkeypatch):
    monkeypatch.setattr(journey_urls.ExampleJourney, "store_class", DictStore)
    DictStore.kept.clear()

    client.post("/example/format/", {"format": "online"})

    assert DictStore.kept == {"example_journey": {"format": {"format": ["online"]}}}
    assert "example_journey" not in client.session
    assert client.get("/example/speakers/").status_code == 200  # the store, not the session, says format is answered


def test_a_question_opened_from_check_your_answers_goes_back_there(client):
    client.post("/example/format/", {"format": "online"})
    client.post("/example/speakers/", {"speaker": "Ada", "continue": "1"})

    page = soup(client.get("/example/format/?change=1"))

    assert page.select_one(".govuk-back-link")["href"] == "/example/check/"
    assert page.select_one("input[value=online]").has_attr("checked")


def test_each_added_item_can_be_changed_or_removed_and_a_bad_remove_changes_nothing(client):
    client.post("/example/format/", {"format": "online"})
    client.post("/example/speakers/", {"speaker": "Ada", "add": "1"})
    client.post("/example/speakers/", {"speaker": "Grace", "add": "1"})

    page = soup(client.get("/example/speakers/"))
    assert [button.get_text(strip=True) for button in page.select("main form button")][:2] == [
        "Remove speaker 1",
        "Remove speaker 2",
    ]
    assert page.select(".govuk-summary-list__actions a")[1]["href"] == "/example/speakers/?change=1&item=1#id_speaker"
    editing = soup(client.get("/example/speakers/?change=1&item=1"))
    assert editing.select_one("input[name=speaker]")["value"] == "Grace"

    for bad in ("abc", "7"):
        client.post("/example/speakers/", {"remove": bad})
    assert "You have added 2 speakers." in text(client.get("/example/speakers/"))

    response = client.post("/example/speakers/", {"speaker": "", "continue": "1"})
    assert response["Location"] == "/example/check/"


def test_a_submission_without_its_key_is_shown_again_and_stores_nothing(client):
    client.post("/example/format/", {"format": "online"})
    client.post("/example/speakers/", {"speaker": "Ada", "continue": "1"})

    response = client.post("/example/check/", {"submission_key": "not-a-key"})

    assert response.status_code == 200
    assert "Check your answers" in text(response)
    assert STORED == []


def added_speakers(client) -> list[str]:
    page = soup(client.get("/example/speakers/"))
    return [value.get_text(strip=True) for value in page.select(".govuk-summary-list__value")]


def test_add_another_says_how_many_can_be_added_and_refuses_one_more_without_dropping_it(client):
    client.post("/example/format/", {"format": "online"})
    client.post("/example/speakers/", {"speaker": "Ada", "add": "1"})  # the bystander
    assert "You can add up to 3 speakers." in text(client.get("/example/speakers/"))

    client.post("/example/speakers/", {"speaker": "Grace", "add": "1"})  # max - 1 already added
    at_limit = client.post("/example/speakers/", {"speaker": "Katherine", "add": "1"})  # the third: allowed
    assert at_limit["Location"] == "/example/speakers/"

    one_more = client.post("/example/speakers/", {"speaker": "Margaret", "add": "1"})

    assert one_more.status_code == 200
    page = soup(one_more)
    assert page.select_one(".govuk-error-summary").get_text(" ", strip=True).endswith("You can add up to 3 speakers")
    assert page.select_one("title").get_text().startswith("Error:")
    assert page.select_one("input[name=speaker]")["value"] == "Margaret"  # what was typed is kept to correct
    assert added_speakers(client) == ["Ada", "Grace", "Katherine"]
    # Continuing with one more typed in is refused too; continuing with the list as it is goes on.
    assert client.post("/example/speakers/", {"speaker": "Margaret", "continue": "1"}).status_code == 200
    assert added_speakers(client) == ["Ada", "Grace", "Katherine"]
    assert client.post("/example/speakers/", {"speaker": "", "continue": "1"})["Location"] == "/example/check/"


def test_an_item_at_the_limit_can_still_be_changed(client):
    client.post("/example/format/", {"format": "online"})
    for name in ("Ada", "Grace", "Katherine"):
        client.post("/example/speakers/", {"speaker": name, "add": "1"})

    response = client.post("/example/speakers/?item=1&change=1", {"speaker": "Grace Hopper", "add": "1"})

    assert response["Location"] == "/example/speakers/"
    assert added_speakers(client) == ["Ada", "Grace Hopper", "Katherine"]
