"""The submitter's private link: opening it changes nothing; it changes or cancels their event, and no other."""

import datetime

import pytest
from django.utils import timezone

from events.models import EventStatus, Repeat
from events.signals import event_cancelled
from events.workflow import MANAGE_LINK
from tests.factories.events import make_event

pytestmark = pytest.mark.django_db


def manage_path(event):
    return f"/events/manage/{MANAGE_LINK.token_for(event)}/"


def form_data(event, **changes):
    start = event.start_date
    data = {
        "title": event.title,
        "summary": event.summary,
        "description": event.description,
        "event_type": event.event_type,
        "format": event.format,
        "start_date_day": start.day,
        "start_date_month": start.month,
        "start_date_year": start.year,
        "timing": "times",
        "start_time": "18:00",
        "end_time": "20:00",
        "repeat": event.repeat,
        "venue_name": event.venue_name,
        "address": event.address,
        "postcode": event.postcode,
        "region": event.region,
        "booking_url": event.booking_url,
        "cost": "free",
        "organiser_name": event.organiser_name,
        "organiser_organisation": event.organiser_organisation,
        "submitter_email": event.submitter_email,
    }
    return {**data, **changes}


def test_opening_the_link_shows_the_event_and_changes_nothing(client):
    event = make_event()
    before = event.updated_at

    page = client.get(manage_path(event)).content.decode()
    client.get(manage_path(event) + "change/")
    client.get(manage_path(event) + "cancel/")

    assert event.title in page and "Change the event" in page and "Cancel the event" in page
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED and event.updated_at == before


def test_a_change_sends_a_published_event_back_to_moderation_and_raises_its_sequence(client):
    event = make_event()

    response = client.post(manage_path(event) + "change/", form_data(event, title="Data meetup, new room"))

    assert "Changes sent" in response.content.decode()
    event.refresh_from_db()
    assert event.title == "Data meetup, new room"
    assert event.status == EventStatus.AWAITING_MODERATION
    assert event.sequence == 1


def test_a_change_with_mistakes_shows_them_and_keeps_the_event(client):
    event = make_event()

    response = client.post(manage_path(event) + "change/", form_data(event, format="in_person", venue_name=""))

    assert "Enter the name of the venue" in response.content.decode()
    event.refresh_from_db()
    assert event.venue_name == "Example Hall" and event.status == EventStatus.PUBLISHED


def test_cancelling_the_event_marks_it_cancelled_on_its_page(client, django_capture_on_commit_callbacks):
    event = make_event()
    heard = []

    def listener(sender, announcement, **kwargs):
        heard.append(announcement)

    event_cancelled.connect(listener)  # beside the site's own listeners, which stay

    with django_capture_on_commit_callbacks(execute=True):
        client.post(manage_path(event) + "cancel/", {"what": "event"})

    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert "This event has been cancelled" in client.get(f"/events/{event.slug}/").content.decode()
    event_cancelled.disconnect(listener)
    assert [a.reference for a in heard] == [event.reference]


def test_cancelling_one_date_of_a_repeating_event_leaves_the_others(client):
    start = timezone.localdate() + datetime.timedelta(days=1)
    event = make_event(start_date=start, repeat=Repeat.WEEKLY, repeat_until=start + datetime.timedelta(days=21))
    second = event.occurrences.order_by("start")[1]

    page = client.get(manage_path(event) + "cancel/").content.decode()
    client.post(manage_path(event) + "cancel/", {"what": str(second.pk)})

    assert "The whole event" in page and second.when in page
    assert list(event.occurrences.filter(cancelled=True)) == [second]
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


def test_the_link_of_one_event_cannot_cancel_another_events_date(client):
    start = timezone.localdate() + datetime.timedelta(days=1)
    mine = make_event(start_date=start, repeat=Repeat.WEEKLY, repeat_until=start + datetime.timedelta(days=21))
    theirs = make_event(
        title="Theirs", start_date=start, repeat=Repeat.WEEKLY, repeat_until=start + datetime.timedelta(days=21)
    )
    their_date = theirs.occurrences.order_by("start")[1]

    response = client.post(manage_path(mine) + "cancel/", {"what": str(their_date.pk)})

    assert "Select what to cancel" in response.content.decode()
    assert not theirs.occurrences.filter(cancelled=True).exists()


def test_an_altered_link_does_not_work(client):
    event = make_event()
    token = MANAGE_LINK.token_for(event)

    response = client.get(f"/events/manage/{token[:-2]}xx/")

    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_a_cancelled_event_can_no_longer_be_changed(client):
    event = make_event(status=EventStatus.CANCELLED)

    response = client.post(manage_path(event) + "change/", form_data(event, title="Sneaky"))

    assert "This event can no longer be changed" in response.content.decode()
    event.refresh_from_db()
    assert event.title != "Sneaky"
