"""How the events hub shows elsewhere: the home page, site search, announcements and demo content."""

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.management import call_command

from events import services
from events.models import Event, EventStatus, Repeat
from events.signals import event_approved, event_cancelled, event_changed
from events.site_pages import load_site_pages
from tests.factories.events import bulk_events, make_event
from tests.factories.topics import TopicFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2027, 1, 13, 10, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2027, 1, 13)


def days(n):
    return TODAY + datetime.timedelta(days=n)


def home_events(client):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    section = soup.select_one("section[aria-labelledby=home-section-upcoming_events]")
    return section and [a.get_text() for a in section.select("h3 a")]


@time_machine.travel(NOW, tick=False)
def test_the_home_page_shows_featured_events_first_then_the_next_ones(client, home_page):
    load_site_pages(home_page)
    make_event(title="Soonest", start_date=days(1))
    make_event(title="Later, featured", start_date=days(30), featured=True)
    make_event(title="Second soonest", start_date=days(2))
    make_event(title="Third soonest", start_date=days(3))
    make_event(title="Over", start_date=days(-1))

    assert home_events(client) == ["Later, featured", "Soonest", "Second soonest"]


@time_machine.travel(NOW, tick=False)
def test_a_repeating_event_shows_once_on_the_home_page_with_its_next_date(client, home_page):
    load_site_pages(home_page)
    make_event(title="Weekly", start_date=days(1), repeat=Repeat.WEEKLY, repeat_until=days(60))

    assert home_events(client) == ["Weekly"]
    assert "14 January 2027, 6pm to 8pm" in client.get("/").content.decode()


@time_machine.travel(NOW, tick=False)
def test_with_no_upcoming_events_the_home_page_has_no_events_section(client, home_page):
    load_site_pages(home_page)

    assert home_events(client) is None


@time_machine.travel(NOW, tick=False)
def test_the_home_page_costs_the_same_queries_for_10_or_1000_events(client, home_page, django_assert_max_num_queries):
    load_site_pages(home_page)
    bulk_events(10)
    with django_assert_max_num_queries(50) as few:
        client.get("/")
    Event.objects.all().delete()
    bulk_events(1000)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/")


@time_machine.travel(NOW, tick=False)
def test_site_search_finds_published_events_upcoming_and_past_and_never_waiting_ones(client, home_page):
    make_event(title="Planning data meetup", start_date=days(3))
    make_event(title="Planning data retrospective", start_date=days(-30))
    make_event(title="Planning data secret", start_date=days(3), status=EventStatus.AWAITING_MODERATION)

    page = client.get("/search/?q=planning+data").content.decode()

    assert "Planning data meetup" in page and "Planning data retrospective" in page
    assert "Planning data secret" not in page
    assert "Event" in page


@time_machine.travel(NOW, tick=False)
def test_each_announcement_carries_what_a_subscriber_needs(django_capture_on_commit_callbacks):
    heard = []

    def listen(signal_name):
        return lambda sender, announcement, **kwargs: heard.append((signal_name, announcement))

    receivers = [
        (event_approved, listen("approved")),
        (event_changed, listen("changed")),
        (event_cancelled, listen("cancelled")),
    ]
    for signal, receiver in receivers:
        signal.connect(receiver)
    try:
        data = TopicFactory(name="Data")
        event = make_event(
            title="Data meetup",
            start_date=days(7),
            status=EventStatus.AWAITING_MODERATION,
            topics=[data],
            repeat=Repeat.WEEKLY,
            repeat_until=days(21),
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.approve(event, user=None)
        with django_capture_on_commit_callbacks(execute=True):
            services.edit_in_admin(event, {"summary": "Now with pizza."}, user=None)
        with django_capture_on_commit_callbacks(execute=True):
            services.cancel_occurrence(event, event.occurrences.order_by("start")[1])
        with django_capture_on_commit_callbacks(execute=True):
            services.cancel(event)
    finally:
        for signal, receiver in receivers:
            signal.disconnect(receiver)

    assert [name for name, _ in heard] == ["approved", "changed", "cancelled", "cancelled"]
    approved = heard[0][1]
    assert approved.title == "Data meetup" and approved.topics == ["data"] and approved.region == "london"
    assert approved.address == "1 Example Street\nLondon" and approved.postcode == "SE1 7XX"
    assert approved.url.endswith(f"/events/{event.slug}/")
    assert len(approved.dates) == 3 and approved.dates[0][0].astimezone(datetime.UTC).hour == 18
    assert heard[1][1].summary == "Now with pizza."
    assert len(heard[2][1].cancelled_dates) == 1 and len(heard[2][1].dates) == 2
    assert heard[3][1].cancelled_dates == []


@time_machine.travel(NOW, tick=False)
def test_the_demo_content_has_events_of_every_kind_and_a_second_run_adds_none():
    call_command("load_demo_content", verbosity=0)
    count = Event.objects.count()
    call_command("load_demo_content", verbosity=0)

    assert count == Event.objects.count() >= 40
    assert Event.objects.filter(status=EventStatus.AWAITING_MODERATION).count() >= 3
    assert Event.objects.filter(status=EventStatus.CANCELLED).exists()
    assert Event.objects.filter(repeat=Repeat.MONTHLY, event_type="community_of_practice").exists()
    assert Event.objects.filter(occurrences__cancelled=True).exists()
    assert Event.objects.filter(occurrences__end__lt=NOW).exists()
    assert {"in_person", "online", "hybrid"} <= set(Event.objects.values_list("format", flat=True))
    assert all("made-up" in description for description in Event.objects.values_list("description", flat=True))
