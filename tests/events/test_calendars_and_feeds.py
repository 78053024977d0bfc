"""Calendar files and feeds, read back with real parsers: icalendar for .ics, feedparser for Atom."""

import datetime

import feedparser
import icalendar
import pytest
import time_machine

from core.formatting import UK_TIME_ZONE
from events import services
from events.models import EventFormat, EventStatus, Repeat
from tests.factories.events import make_event
from tests.factories.topics import TopicFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2027, 1, 13, 10, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2027, 1, 13)


def days(n):
    return TODAY + datetime.timedelta(days=n)


def calendar(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def vevents(cal):
    return cal.walk("VEVENT")


@time_machine.travel(NOW, tick=False)
def test_one_events_calendar_file_has_its_uk_times_a_stable_uid_and_a_timezone(client):
    event = make_event(title="Summer meetup", start_date=datetime.date(2027, 7, 6))

    cal = calendar(client, f"/events/{event.slug}.ics")

    [vevent] = vevents(cal)
    assert str(vevent["SUMMARY"]) == "Summer meetup"
    assert vevent["UID"] == f"{event.reference.lower()}@testserver"
    start = vevent.decoded("DTSTART")
    assert start == datetime.datetime(2027, 7, 6, 18, tzinfo=UK_TIME_ZONE)
    assert vevent["DTSTART"].params["TZID"] == "Europe/London"
    assert start.astimezone(datetime.UTC).hour == 17  # 6pm BST
    assert vevent.decoded("DTEND") == datetime.datetime(2027, 7, 6, 20, tzinfo=UK_TIME_ZONE)
    assert "DTSTAMP" in vevent and vevent["SEQUENCE"] == 0
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert "Example Hall" in str(vevent["LOCATION"])


@time_machine.travel(NOW, tick=False)
def test_a_repeating_event_carries_its_rule_and_its_cancelled_date(client):
    event = make_event(
        start_date=datetime.date(2027, 2, 9), repeat=Repeat.MONTHLY, repeat_until=datetime.date(2027, 6, 30)
    )
    second = event.occurrences.order_by("start")[1]
    services.cancel_occurrence(event, second)

    [vevent] = vevents(calendar(client, f"/events/{event.slug}.ics"))

    rule = vevent["RRULE"]
    assert rule["FREQ"] == ["MONTHLY"] and rule["BYDAY"] == ["2TU"]
    assert rule["UNTIL"][0] == datetime.datetime(2027, 6, 30, 22, 59, 59, tzinfo=datetime.UTC)
    exdates = [d.dt for d in vevent["EXDATE"].dts]
    assert exdates == [datetime.datetime(2027, 3, 9, 18, tzinfo=UK_TIME_ZONE)]
    assert vevent["SEQUENCE"] == 1  # it changed once


@time_machine.travel(NOW, tick=False)
def test_an_all_day_event_is_given_as_dates(client):
    event = make_event(all_day=True, start_date=days(3), end_date=days(4))

    [vevent] = vevents(calendar(client, f"/events/{event.slug}.ics"))

    assert vevent.decoded("DTSTART") == days(3)
    assert vevent.decoded("DTEND") == days(5)  # the day after the last, as RFC 5545 counts


@time_machine.travel(NOW, tick=False)
def test_a_cancelled_event_says_so_and_its_sequence_rises(client):
    event = make_event(start_date=days(3))
    services.cancel(event)

    [vevent] = vevents(calendar(client, f"/events/{event.slug}.ics"))

    assert str(vevent["STATUS"]) == "CANCELLED"
    assert vevent["SEQUENCE"] == 1


@time_machine.travel(NOW, tick=False)
def test_the_feed_takes_the_lists_filters_and_leaves_out_past_and_cancelled_events(client):
    data = TopicFactory(name="Data")
    make_event(title="Online data", start_date=days(3), format=EventFormat.ONLINE, topics=[data])
    make_event(title="Online housing", start_date=days(3), format=EventFormat.ONLINE)
    make_event(title="In person data", start_date=days(3), topics=[data])
    make_event(title="Past data", start_date=days(-3), format=EventFormat.ONLINE, topics=[data])
    cancelled = make_event(title="Cancelled data", start_date=days(4), format=EventFormat.ONLINE, topics=[data])
    services.cancel(cancelled)
    make_event(
        title="Waiting data",
        start_date=days(4),
        format=EventFormat.ONLINE,
        topics=[data],
        status=EventStatus.AWAITING_MODERATION,
    )

    everything = {str(v["SUMMARY"]) for v in vevents(calendar(client, "/events/feed.ics"))}
    online_data = {str(v["SUMMARY"]) for v in vevents(calendar(client, "/events/feed.ics?format=online&topic=data"))}

    assert everything == {"Online data", "Online housing", "In person data"}
    assert online_data == {"Online data"}


@time_machine.travel(NOW, tick=False)
def test_the_list_offers_the_filtered_feed_to_subscribe_to(client):
    page = client.get("/events/?format=online&topic=data&page=2").content.decode()

    assert "Subscribe to these events in your calendar" in page
    assert 'href="webcal://testserver/events/feed.ics?format=online&amp;topic=data"' in page
    assert "http://testserver/events/feed.ics?format=online&amp;topic=data" in page


@time_machine.travel(NOW, tick=False)
def test_the_atom_feed_lists_upcoming_events_for_feed_readers(client):
    make_event(title="Online data", start_date=days(3))
    make_event(title="Past data", start_date=days(-3))

    response = client.get("/events/feed.atom")
    feed = feedparser.parse(response.content)

    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Local Digital events"
    [entry] = feed.entries
    assert entry.title.startswith("Online data (16 January 2027, 6pm to 8pm")
    assert entry.link.startswith("http://testserver/events/online-data-")


@time_machine.travel(NOW, tick=False)
def test_the_feed_is_made_once_per_change_and_a_calendar_with_the_latest_copy_gets_not_modified(client):
    event = make_event(title="Online data", start_date=days(3))
    first = client.get("/events/feed.ics")

    assert client.get("/events/feed.ics", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    with time_machine.travel(NOW + datetime.timedelta(minutes=1), tick=False):
        services.edit_in_admin(event, {"title": "Online data, new time"}, user=None)
        changed = client.get("/events/feed.ics", HTTP_IF_NONE_MATCH=first["ETag"])

    assert changed.status_code == 200
    assert [str(v["SUMMARY"]) for v in vevents(icalendar.Calendar.from_ical(changed.content))] == [
        "Online data, new time"
    ]
