"""Sharing an event at /events/submit/: the question pages, Check your answers, and what is stored and sent."""

import datetime
import re

import pytest
import time_machine
from django.core import mail

from events.models import Event, EventStatus, Repeat
from tests.factories.events import make_event
from tests.factories.topics import TopicFactory

pytestmark = pytest.mark.django_db

# A Monday afternoon in winter, UK time.
NOW = datetime.datetime(2027, 1, 11, 15, 0, tzinfo=datetime.UTC)


def date_parts(name, date):
    return {f"{name}_day": str(date.day), f"{name}_month": str(date.month), f"{name}_year": str(date.year)}


def answer(client, step, data, follow=False):
    return client.post(f"/events/submit/{step}/", data, follow=follow)


def fill_in(client, *, event_format="hybrid", repeat="monthly", title="Planning data community of practice"):
    topic = TopicFactory(name="Data")
    answer(client, "about", {"title": title, "summary": "Monthly chat.", "description": "See https://example.com."})
    answer(client, "kind", {"event_type": "community_of_practice", "topics": [topic.pk]})
    answer(
        client,
        "when",
        {
            **date_parts("start_date", datetime.date(2027, 2, 9)),
            "timing": "times",
            "start_time": "2pm",
            "end_time": "15:00",
        },
    )
    answer(client, "repeat", {"repeat": repeat})
    if repeat != "none":
        answer(client, "repeat-until", date_parts("repeat_until", datetime.date(2027, 6, 30)))
    answer(client, "format", {"format": event_format})
    if event_format != "online":
        answer(
            client,
            "venue",
            {
                "venue_name": "Example Hall",
                "address": "1 Example Street\nLeeds",
                "postcode": "LS1 1XX",
                "region": "yorkshire_and_the_humber",
            },
        )
    if event_format != "in_person":
        answer(client, "joining", {"joining_notes": "We email a Teams link."})
    answer(client, "booking", {"booking_url": "https://example.com/book", "cost": "paid", "price_note": "£20"})
    return answer(
        client,
        "organiser",
        {
            "organiser_name": "Sam Example",
            "organiser_organisation": "Exampleshire",
            "submitter_email": "sam@example.gov.uk",
        },
    )


def send(client, capture=None):
    page = client.get("/events/submit/check/")
    key = re.search(r'name="submission_key" value="([^"]+)"', page.content.decode())[1]
    if capture is None:
        return client.post("/events/submit/check/", {"submission_key": key, "website": ""}, follow=True)
    with capture(execute=True):
        return client.post("/events/submit/check/", {"submission_key": key, "website": ""}, follow=True)


@time_machine.travel(NOW, tick=False)
def test_a_hybrid_repeating_event_is_asked_everything_and_stored_for_moderation(
    client, django_capture_on_commit_callbacks
):
    response = fill_in(client)
    assert response.url == "/events/submit/check/"

    check = client.get("/events/submit/check/").content.decode()
    for text in (
        "Planning data community of practice",
        "9 February 2027",
        "2pm",
        "3pm",
        "Every month",
        "30 June 2027",
        "Example Hall",
        "We email a Teams link.",
        "£20",
        "sam@example.gov.uk",
    ):
        assert text in check
    assert not Event.objects.exists()

    confirmation = send(client, django_capture_on_commit_callbacks).content.decode()

    event = Event.objects.get()
    assert "Event sent" in confirmation and event.reference in confirmation
    assert event.status == EventStatus.AWAITING_MODERATION
    assert event.repeat == Repeat.MONTHLY and event.region == "yorkshire_and_the_humber"
    assert not event.is_free and event.price_note == "£20"
    assert [t.slug for t in event.topics.all()] == ["data"]
    # The second Tuesday of each month from February to June.
    assert [o.start.astimezone(datetime.UTC).day for o in event.occurrences.all()] == [9, 9, 13, 11, 8]
    email = mail.outbox[-1]
    assert email.to == ["sam@example.gov.uk"]
    assert re.search(r"http://[^\s]+/events/manage/[^\s/]+/", email.body)


@time_machine.travel(NOW, tick=False)
def test_an_online_event_is_not_asked_for_a_venue_nor_a_one_off_for_a_last_date(client):
    fill_in(client, event_format="online", repeat="none")

    assert client.get("/events/submit/venue/").url == "/events/submit/check/"
    assert client.get("/events/submit/repeat-until/").url == "/events/submit/check/"
    send(client)
    event = Event.objects.get()
    assert event.venue_name == "" and event.joining_notes == "We email a Teams link."
    assert event.occurrences.count() == 1


@time_machine.travel(NOW, tick=False)
def test_an_in_person_event_is_not_asked_how_to_join_online(client):
    fill_in(client, event_format="in_person", repeat="none")

    assert client.get("/events/submit/joining/").url == "/events/submit/check/"


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {**date_parts("start_date", datetime.date(2027, 1, 10)), "timing": "all_day"},
            "The start date must be today or in the future",
        ),
        (
            {
                **date_parts("start_date", datetime.date(2027, 1, 11)),
                "timing": "times",
                "start_time": "2pm",
                "end_time": "4pm",
            },
            "The start time must be in the future",
        ),
        (
            {
                **date_parts("start_date", datetime.date(2027, 2, 9)),
                "timing": "times",
                "start_time": "2pm",
                "end_time": "1pm",
            },
            "The end time must be after the start time",
        ),
        (
            {
                **date_parts("start_date", datetime.date(2027, 2, 9)),
                **date_parts("end_date", datetime.date(2027, 2, 8)),
                "timing": "all_day",
            },
            "The end date must be the same as or after the start date",
        ),
        ({**date_parts("start_date", datetime.date(2027, 2, 9)), "timing": "times"}, "Enter the start time"),
        (
            {
                **date_parts("start_date", datetime.date(2027, 3, 28)),
                "timing": "times",
                "start_time": "1:30am",
                "end_time": "3am",
            },
            "The clocks go forward that night, so 1:30am does not happen on 28 March 2027. Enter a time from 2am",
        ),
    ],
)
def test_the_date_and_time_question_refuses_what_cannot_happen(client, data, message):
    answer(client, "about", {"title": "A", "summary": "B", "description": "C"})
    answer(client, "kind", {"event_type": "meetup"})

    response = answer(client, "when", data)

    assert response.status_code == 200
    assert message in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_an_all_day_event_needs_no_times(client):
    answer(client, "about", {"title": "A", "summary": "B", "description": "C"})
    answer(client, "kind", {"event_type": "meetup"})

    response = answer(
        client,
        "when",
        {**date_parts("start_date", datetime.date(2027, 2, 9)), "timing": "all_day", "start_time": "not a time"},
    )

    assert response.url == "/events/submit/repeat/"


@time_machine.travel(NOW, tick=False)
def test_a_repeat_may_go_on_for_a_year_at_most(client):
    fill_in(client, repeat="weekly")

    response = answer(client, "repeat-until", date_parts("repeat_until", datetime.date(2028, 2, 1)))

    assert "The date of the last event must be the same as or before 11 January 2028" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_repeat_questions_go_by_the_start_date_given_earlier(client):
    fill_in(client, repeat="weekly")  # starting Tuesday 9 February 2027

    repeat_page = client.get("/events/submit/repeat/").content.decode()
    on_the_day = answer(client, "repeat-until", date_parts("repeat_until", datetime.date(2027, 2, 9)))
    next_day = answer(client, "repeat-until", date_parts("repeat_until", datetime.date(2027, 2, 10)))

    assert "On the second Tuesday of each month" in repeat_page
    assert "The date of the last event must be after the first one" in on_the_day.content.decode()
    assert next_day.status_code == 302


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.com/file", "not a link"])
def test_the_booking_link_must_be_a_web_address(client, url):
    fill_in(client)

    response = answer(client, "booking", {"booking_url": url, "cost": "free"})

    assert "Enter a web address starting with https:// or http://" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_every_answer_has_a_maximum_length(client):
    response = answer(client, "about", {"title": "x" * 151, "summary": "y" * 301, "description": "z" * 5001})

    page = response.content.decode()
    assert "The name of the event must be 150 characters or fewer" in page
    assert "A summary must be 300 characters or fewer" in page
    assert "A description must be 5000 characters or fewer" in page


@time_machine.travel(NOW, tick=False)
def test_the_same_event_sent_twice_within_an_hour_is_stored_once(client):
    fill_in(client)
    send(client)
    fill_in(client)  # a second visit, with a new submission key
    send(client)

    assert Event.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_what_robots_type_in_the_hidden_field_is_not_stored(client):
    fill_in(client)
    page = client.get("/events/submit/check/").content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', page)[1]

    client.post("/events/submit/check/", {"submission_key": key, "website": "http://spam.example"})

    assert not Event.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_final_submissions_are_limited_per_address(client, settings):
    for n in range(10):
        fill_in(client, title=f"Event {n}")
        send(client)

    fill_in(client, title="One too many")
    page = client.get("/events/submit/check/").content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', page)[1]
    response = client.post("/events/submit/check/", {"submission_key": key, "website": ""})

    assert response.status_code == 429
    assert Event.objects.count() == 10


@time_machine.travel(NOW, tick=False)
def test_one_email_address_shares_at_most_10_events_an_hour(client):
    for n in range(10):
        make_event(title=f"Event {n}", submitter_email="busy@example.gov.uk", status=EventStatus.AWAITING_MODERATION)
    fill_in(client)
    client.post(
        "/events/submit/organiser/",
        {"organiser_name": "Sam", "organiser_organisation": "Example", "submitter_email": "BUSY@example.gov.uk"},
    )

    response = send(client)

    assert "shared 10 events from this email address in the last hour" in response.content.decode()
    assert Event.objects.count() == 10


@time_machine.travel(NOW, tick=False)
def test_1_30am_on_the_night_the_clocks_go_back_is_accepted(client):
    answer(client, "about", {"title": "A", "summary": "B", "description": "C"})
    answer(client, "kind", {"event_type": "meetup"})

    response = answer(
        client,
        "when",
        {
            **date_parts("start_date", datetime.date(2027, 10, 31)),
            "timing": "times",
            "start_time": "1:30am",
            "end_time": "3am",
        },
    )

    assert response.url == "/events/submit/repeat/"
