"""/events/, /events/past/ and each event's page: what the public see, filtered by the address."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from events.filters import quick_range
from events.models import Event, EventFormat, EventStatus, Repeat
from events.site_pages import load_site_pages
from tests.factories.events import bulk_events, make_event
from tests.factories.topics import TopicFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

# Wednesday 13 January 2027, 10am UK time.
NOW = datetime.datetime(2027, 1, 13, 10, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2027, 1, 13)


def items(response):
    return parse(response.content.decode()).find_all("li", "ld-event")


def titles(response):
    return [item.find_all("a")[0].text for item in items(response)]


def days(n):
    return TODAY + datetime.timedelta(days=n)


@time_machine.travel(NOW, tick=False)
def test_upcoming_events_are_listed_soonest_first_under_their_month(client):
    make_event(title="February meetup", start_date=days(20))
    make_event(title="January meetup", start_date=days(2))
    make_event(title="Waiting", start_date=days(3), status=EventStatus.AWAITING_MODERATION)
    make_event(title="Unpublished", start_date=days(3), status=EventStatus.UNPUBLISHED)

    response = client.get("/events/")

    assert titles(response) == ["January meetup", "February meetup"]
    page = parse(response.content.decode())
    assert [h.text for h in page.find_all("h3", "govuk-heading-m")] == ["January 2027", "February 2027"]
    assert page.find(id="results-heading").text == "2 events"


@time_machine.travel(NOW, tick=False)
def test_an_event_leaves_the_upcoming_list_when_it_ends_not_when_its_day_does(client):
    make_event(title="Morning talk", start_date=TODAY, start_time=datetime.time(8), end_time=datetime.time(9))
    make_event(title="Going on now", start_date=TODAY, start_time=datetime.time(9), end_time=datetime.time(11))

    assert titles(client.get("/events/")) == ["Going on now"]
    assert titles(client.get("/events/past/")) == ["Morning talk"]


@time_machine.travel(NOW, tick=False)
def test_each_date_of_a_repeating_event_is_listed_and_a_cancelled_one_is_marked(client):
    event = make_event(title="Weekly surgery", start_date=days(1), repeat=Repeat.WEEKLY, repeat_until=days(15))
    second = event.occurrences.order_by("start")[1]
    second.cancelled = True
    second.save()

    listed = items(client.get("/events/"))

    assert len(listed) == 3
    assert ["Cancelled" in item.text for item in listed] == [False, True, False]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=housing", ["Housing repairs show and tell"]),
        ("q=MEETUP", ["Social care meetup"]),
        ("q=meetups+social", ["Social care meetup"]),
        ("q=" + "social+care+meetup+" * 3 + "quantum", []),  # the 10th word counts
        ("q=" + "social+care+meetup+" * 3 + "social+quantum", ["Social care meetup"]),  # the 11th does not
        ("region=north_west", ["Social care meetup"]),
        ("type=webinar", ["Housing repairs show and tell"]),
        ("format=online", ["Housing repairs show and tell"]),
        ("format=in_person", ["Social care meetup"]),
        ("topic=data", ["Social care meetup"]),
        ("free=on", ["Social care meetup"]),
        ("when=today", []),
        ("when=this-week", ["Social care meetup"]),
        ("when=next-month", ["Housing repairs show and tell"]),
        ("date_from_day=1&date_from_month=2&date_from_year=2027", ["Housing repairs show and tell"]),
        ("date_to_day=31&date_to_month=1&date_to_year=2027", ["Social care meetup"]),
    ],
)
def test_filters_in_the_address_narrow_the_list(client, query, expected):
    data = TopicFactory(name="Data")
    make_event(title="Social care meetup", start_date=days(2), region="north_west", topics=[data])
    make_event(
        title="Housing repairs show and tell",
        start_date=days(25),
        event_type="webinar",
        format=EventFormat.ONLINE,
        venue_name="",
        address="",
        postcode="",
        region="",
        joining_notes="A link by email.",
        is_free=False,
        price_note="£10",
    )

    assert titles(client.get(f"/events/?{query}")) == expected


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("region=atlantis", "Select a region from the list"),
        ("type=rave", "Select a type of event from the list"),
        ("format=telepathy", "Select a format from the list"),
        ("topic=nope", "Select a topic from the list"),
        ("when=someday", "Select when from the list"),
        ("date_from_day=31&date_from_month=2&date_from_year=2027", "must be a real date"),
        (
            "date_from_day=14&date_from_month=1&date_from_year=2027&date_to_day=13&date_to_month=1&date_to_year=2027",
            "The ‘to’ date must be the same as or after the ‘from’ date",
        ),
        ("q=" + "x" * 101, "Keyword must be 100 characters or fewer"),
        ("page=banana", ""),
    ],
)
def test_a_filter_that_is_not_valid_says_so_and_the_list_still_shows(client, query, message):
    make_event(title="Social care meetup", start_date=days(2))

    response = client.get(f"/events/?{query}")

    assert response.status_code == 200
    page = response.content.decode()
    if message:
        assert "There is a problem" in page and message in page
        assert parse(page).find_all("title")[0].text.startswith("Error:")
    assert titles(response) == ["Social care meetup"]


@time_machine.travel(NOW, tick=False)
def test_nothing_matching_says_so(client):
    make_event(start_date=days(2))

    page = client.get("/events/?q=quantum").content.decode()

    assert "No events match your filters" in page
    assert "0 events" in page


def test_quick_ranges_on_a_sunday_and_across_a_month_end():
    sunday = datetime.date(2027, 1, 31)

    assert quick_range("today", sunday) == (sunday, sunday)
    assert quick_range("this-week", sunday) == (sunday, sunday)
    assert quick_range("this-month", sunday) == (sunday, sunday)
    assert quick_range("next-month", sunday) == (datetime.date(2027, 2, 1), datetime.date(2027, 2, 28))
    assert quick_range("this-week", datetime.date(2027, 1, 28)) == (datetime.date(2027, 1, 28), sunday)
    assert quick_range("next-month", datetime.date(2027, 12, 15)) == (
        datetime.date(2028, 1, 1),
        datetime.date(2028, 1, 31),
    )


@time_machine.travel(datetime.datetime(2027, 1, 31, 23, 30, tzinfo=datetime.UTC), tick=False)
def test_this_week_is_worked_out_in_uk_time(client):
    # 23:30 UTC on Sunday 31 January is still Sunday in the UK (GMT): this week ends tonight.
    make_event(title="Monday talk", start_date=datetime.date(2027, 2, 1))

    assert titles(client.get("/events/?when=this-week")) == []
    assert titles(client.get("/events/?when=next-month")) == ["Monday talk"]


@time_machine.travel(NOW, tick=False)
def test_long_lists_are_paginated_and_keep_their_filters(client):
    bulk_events(45)

    response = client.get("/events/?free=on&page=2")
    page = parse(response.content.decode())

    assert len(items(response)) == 20
    assert "Showing 21 to 40 of 45" in page.text
    assert "free=on" in page.find("div", "govuk-pagination__next").find("a").attrs["href"]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("path", ["/events/", "/events/past/", "/events/?topic=data&free=on&q=bench"])
def test_the_lists_cost_the_same_queries_for_10_or_2000_events(client, django_assert_max_num_queries, path):
    TopicFactory(name="Data")
    bulk_events(10, first_day=days(-200) if "past" in path else None)
    with django_assert_max_num_queries(12) as few:
        assert client.get(path).status_code == 200
    Event.objects.all().delete()
    bulk_events(2000, first_day=days(-320) if "past" in path else None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(path).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_an_events_page_shows_when_where_and_how_to_book_but_never_the_submitters_email(client):
    event = make_event(
        title="Data meetup",
        start_date=datetime.date(2027, 7, 6),
        description="<b>Bold</b>\n\nSee https://example.com/x",
        repeat=Repeat.MONTHLY,
        repeat_until=datetime.date(2027, 10, 31),
        format=EventFormat.HYBRID,
        joining_notes="Teams link by email.",
    )

    page = client.get(f"/events/{event.slug}/").content.decode()

    assert "6 July 2027, 6pm to 8pm" in page  # in BST, as people in the UK read it
    assert "Example Hall" in page and "SE1 7XX" in page and "Teams link by email." in page
    assert "https://example.com/book" in page
    assert "Sam Example, Exampleshire County Council" in page
    assert "&lt;b&gt;Bold&lt;/b&gt;" in page and "<b>Bold</b>" not in page
    assert '<a class="govuk-link" href="https://example.com/x" rel="nofollow">' in page
    assert "3 August 2027" in page and "5 October 2027" in page  # the first Tuesday of later months
    assert f"/events/{event.slug}.ics" in page
    assert "sam@example.gov.uk" not in page


@time_machine.travel(NOW, tick=False)
def test_an_event_not_published_has_no_page(client):
    event = make_event(status=EventStatus.AWAITING_MODERATION)

    assert client.get(f"/events/{event.slug}/").status_code == 404
    assert client.get(f"/events/{event.slug}.ics").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_the_events_page_is_in_the_navigation_and_editors_write_its_introduction(client, home_page):
    load_site_pages(home_page)
    page_obj = home_page.get_children().get(slug="events").specific
    page_obj.introduction = "Our own introduction."
    page_obj.save_revision().publish()

    response = client.get("/events/")
    page = parse(response.content.decode())

    assert "Our own introduction." in page.text
    nav = [a.attrs["href"] for a in page.find_all("a", "govuk-service-navigation__link")]
    assert "/events/" in nav


@time_machine.travel(NOW, tick=False)
def test_an_editor_previews_the_events_pages_heading_and_introduction_as_the_list_shows_them(
    client, home_page, django_user_model
):
    load_site_pages(home_page)
    events_page = home_page.get_children().get(slug="events").specific
    make_event(title="Data meetup", start_date=days(2))
    client.force_login(django_user_model.objects.create_superuser("editor", "editor@example.gov.uk", "a-long-pass-1"))
    edit_url = reverse("wagtailadmin_pages:edit", args=[events_page.pk])
    form = querydict_from_html(client.get(edit_url).content.decode(), form_id="page-edit-form")
    form["title"] = "Events near you"
    form["introduction"] = "Meetups, talks and training."
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[events_page.pk])

    assert client.post(preview_url, form).json()["is_valid"] is True
    preview = parse(client.get(preview_url).content.decode())

    assert preview.find("h1").text == "Events near you"
    assert preview.find("p", "govuk-body-l").text == "Meetups, talks and training."
    assert "the upcoming events are listed below" in preview.find("div", "govuk-inset-text").text
    assert "Data meetup" not in preview.text
    # The list is still the published page's: the draft changes nothing until it is published.
    live = parse(client.get("/events/").content.decode())
    assert live.find("h1").text == events_page.title
    assert titles(client.get("/events/")) == ["Data meetup"]


@pytest.mark.parametrize(
    "address",
    ["/events/", "/events/past/", "/events/{slug}/", "/events/{slug}.ics", "/events/feed.ics", "/events/feed.atom"],
)
def test_head_answers_like_get_so_link_checkers_and_calendar_apps_can_ask(client, home_page, address):
    load_site_pages(home_page)
    event = make_event(title="Data meetup")
    url = address.format(slug=event.slug)

    head, get = client.head(url), client.get(url)

    assert head.status_code == get.status_code == 200
    assert head["Content-Type"] == get["Content-Type"]
    assert head.content == b""
