"""The events hub in a real browser: share a repeating event, a moderator approves it in the admin, and it
appears in the list, on its own page and in the calendar feed; the lists, filters and the submitter's
private pages. axe-core checks every page on the way, error states included.
"""

import datetime

import icalendar
import pytest
from django.contrib.auth.models import Group
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import expect

from core.formatting import UK_TIME_ZONE
from events.models import Event, EventStatus
from events.workflow import MANAGE_LINK

from .helpers import assert_no_axe_violations, assert_no_horizontal_scroll
from .pages import AdminSession, CheckAnswersPage, QuestionPage

MODERATOR_PASSWORD = "a-long-moderator-passphrase-2026"
TITLE = "Exampleshire data community of practice"


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user(username="moderator", password=MODERATOR_PASSWORD)
    user.groups.add(Group.objects.get(name="Event moderators"))
    return user


def fill_date(page, name, date):
    for part in ("day", "month", "year"):
        page.locator(f"#id_{name}_{part}").fill(str(getattr(date, part)))


def test_a_repeating_event_is_shared_approved_and_listed(page, demo_site, moderator):
    first = timezone.localdate() + datetime.timedelta(days=30)

    page.goto(f"{demo_site}/events/")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Share an event").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Share an event")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Start now").click()

    # Each question page, first with its error.
    question = QuestionPage(page).continue_()
    question.expect_error("Enter the name of the event")
    question.fill("Name of the event", TITLE).fill("Summary", "A monthly hour on council data.")
    question.fill("Description", "Bring a question.\n\nNotes at https://example.com/notes").continue_()

    question.continue_().expect_error("Select the type of event")
    question.choose("Community of practice").choose("Data", exact=True).continue_()

    question.continue_().expect_error("Enter the start date")
    fill_date(page, "start_date", first)
    question.choose("Starts and ends at set times")
    question.fill("Start time (UK time)", "2pm").fill("End time (UK time)", "1pm").continue_()
    question.expect_error("The end time must be after the start time")
    question.fill("End time (UK time)", "3pm").continue_()

    question.continue_().expect_error("Select whether the event repeats")
    question.choose("Every month").continue_()

    question.continue_().expect_error("Enter the date of the last event")
    fill_date(page, "repeat_until", first + datetime.timedelta(days=100))
    question.continue_()

    question.continue_().expect_error("Select how people attend")
    question.choose("Hybrid").continue_()

    question.continue_().expect_error("Enter the name of the venue")
    question.fill("Name of the venue", "Exampleshire Library").fill("Address", "1 High Street\nExampletown")
    question.fill("Postcode", "EX1 1AA")
    page.get_by_label("Region of England").select_option("south_west")
    question.continue_()

    question.continue_().expect_error("Enter how to join")
    question.fill("How to join online", "We email a link to everyone who books.").continue_()

    question.continue_().expect_error("Enter the booking or event link")
    question.fill("Booking or event link", "https://example.com/book").choose("Free", exact=True).continue_()

    question.continue_().expect_error("Enter the organiser’s name")
    question.fill("Organiser’s name", "Jo Bloggs").fill("Organisation", "Exampleshire County Council")
    question.fill("Your email address", "jo@exampleshire.gov.uk").continue_()

    check = CheckAnswersPage(page).expect_heading("Check your answers")
    expect(page.get_by_text("Every month, on the same weekday")).to_be_visible()
    check.send("Send for moderation").expect_heading("Event sent")
    event = Event.objects.get(title=TITLE)
    assert event.status == EventStatus.AWAITING_MODERATION
    expect(page.get_by_text(event.reference)).to_be_visible()

    # Not public until a moderator approves it in the admin.
    assert page.request.get(f"{demo_site}/events/{event.slug}/").status == 404
    admin = AdminSession(page).sign_in(demo_site, "moderator", MODERATOR_PASSWORD)
    admin.open_listing("/admin/events/").inspect(TITLE)
    expect(page.get_by_text("jo@exampleshire.gov.uk")).to_be_visible()
    admin.start_action("Approve and publish").confirm("Yes, approve and publish")
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED

    # On the list, on its own page and in the calendar feed, at the right UK time.
    page.context.clear_cookies()
    page.goto(f"{demo_site}/events/?q=exampleshire")
    expect(page.get_by_role("link", name=TITLE).first).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name=TITLE).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("heading", name="Next dates")).to_be_visible()
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page, page.url)

    feed = icalendar.Calendar.from_ical(page.request.get(f"{demo_site}/events/feed.ics").body())
    [vevent] = [v for v in feed.walk("VEVENT") if str(v["SUMMARY"]) == TITLE]
    start = vevent.decoded("DTSTART")
    assert vevent["DTSTART"].params["TZID"] == "Europe/London"
    assert start.astimezone(UK_TIME_ZONE).replace(tzinfo=None) == datetime.datetime.combine(first, datetime.time(14))
    assert vevent["RRULE"]["FREQ"] == ["MONTHLY"]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/events/?format=online&topic=data", "Filter events"),
        ("/events/?q=nothing+like+this", "No events match your filters"),
        ("/events/?region=atlantis", "Select a region from the list"),
        ("/events/past/", "Past events"),
    ],
)
def test_the_lists_with_filters_an_empty_result_an_error_and_the_past(page, demo_site, path, expected):
    page.goto(demo_site + path)

    expect(page.get_by_text(expected).first).to_be_visible()
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page, demo_site + path)


def test_the_submitter_changes_then_cancels_their_event(page, demo_site):
    event = Event.objects.filter(status=EventStatus.PUBLISHED, repeat="none", format="online").first()
    manage = f"{demo_site}/events/manage/{MANAGE_LINK.token_for(event)}/"

    page.goto(manage)
    expect(page.get_by_role("heading", level=1)).to_have_text(event.title)
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Change the event").click()
    assert_no_axe_violations(page)
    page.get_by_label("Name of the event").fill("")
    page.get_by_role("button", name="Save and send for moderation").click()
    QuestionPage(page).expect_error("Enter the name of the event").check_accessibility()
    page.get_by_label("Name of the event").fill(f"{event.title} (new room)")
    page.get_by_role("button", name="Save and send for moderation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Changes sent")
    assert_no_axe_violations(page)
    event.refresh_from_db()
    assert event.status == EventStatus.AWAITING_MODERATION

    page.goto(manage)
    page.get_by_role("button", name="Cancel the event").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Cancel it").click()
    QuestionPage(page).expect_error("Select what to cancel").check_accessibility()
    page.get_by_label("The whole event").check()
    page.get_by_role("button", name="Cancel it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Event cancelled")
    assert_no_axe_violations(page)
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED


def test_a_cancelled_date_of_the_community_of_practice_is_marked(page, demo_site):
    event = Event.objects.get(repeat="monthly", event_type="community_of_practice", status=EventStatus.PUBLISHED)

    page.goto(f"{demo_site}/events/{event.slug}/")

    expect(page.get_by_text("Cancelled").first).to_be_visible()
    assert_no_axe_violations(page)


def test_a_moderator_cancels_one_date_of_a_weekly_event_with_a_reason(page, demo_site, moderator):
    event = Event.objects.filter(repeat="weekly", status=EventStatus.PUBLISHED).first()
    second = event.occurrences.filter(start__gt=timezone.now()).order_by("start")[1]

    admin = AdminSession(page).sign_in(demo_site, "moderator", MODERATOR_PASSWORD)
    admin.open_listing(f"/admin/events/?q={event.reference}").inspect(event.title)
    admin.start_action("Cancel")
    page.get_by_role("button", name="Cancel it").click()
    expect(page.get_by_text("Select what to cancel")).to_be_visible()
    admin.check_accessibility()
    page.get_by_label(second.when).check()
    page.get_by_label("Reason").fill("The room is closed that week.")
    admin.confirm("Cancel it")

    page.context.clear_cookies()
    page.goto(f"{demo_site}/events/{event.slug}/")
    expect(page.get_by_text("Cancelled").first).to_be_visible()
    assert_no_axe_violations(page)
    assert list(event.occurrences.filter(cancelled=True)) == [second]


def test_a_moderator_edits_an_event_and_the_date_questions_rules_hold_in_the_admin(page, demo_site, moderator):
    event = (
        Event.objects.filter(status=EventStatus.PUBLISHED, repeat="none", all_day=False, featured=False)
        .filter(start_date__gt=timezone.localdate(), end_date=F("start_date"), start_time__lt=datetime.time(22))
        .first()
    )

    admin = AdminSession(page).sign_in(demo_site, "moderator", MODERATOR_PASSWORD)
    admin.open_listing(f"/admin/events/?q={event.reference}").inspect(event.title)
    admin.start_action("Edit")
    expect(page.get_by_role("heading", name="Date and time")).to_be_visible()
    page.get_by_label("End time (UK time)").fill(event.start_time.strftime("%H:%M"))
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("The end time must be after the start time")).to_be_visible()
    admin.check_accessibility()
    page.get_by_label("End time (UK time)").fill("23:00")
    admin.confirm("Save changes")

    event.refresh_from_db()
    assert event.end_time == datetime.time(23)
