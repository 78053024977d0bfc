"""Moderating events in the Wagtail admin, as an event moderator (and an editor outside the group) sees it."""

import datetime
import html

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from events.models import Event, EventStatus, Repeat
from events.signals import event_approved
from tests.factories.events import make_event

pytestmark = pytest.mark.django_db

NAMESPACE = "event_moderation"


def admin_url(name, event=None):
    return reverse(f"{NAMESPACE}:{name}", args=[event.pk] if event else [])


def text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user(username="morgan", password="a-long-password-1")
    user.groups.add(Group.objects.get(name="Event moderators"))
    return user


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def waiting():
    return make_event(title="Data meetup", status=EventStatus.AWAITING_MODERATION, submitter_email="sam@example.org")


def test_the_queue_lists_events_waiting_first(moderator_client, waiting):
    make_event(title="Already published", start_date=timezone.localdate() + datetime.timedelta(days=1))

    page = text(moderator_client.get(admin_url("index")))

    assert page.index("Data meetup") < page.index("Already published")
    assert "Waiting for moderation" in page
    assert "6pm to 8pm" in page


def test_the_queue_filters_by_status(moderator_client, waiting):
    make_event(title="Already published")

    page = text(moderator_client.get(admin_url("index") + "?status=published"))

    assert "Already published" in page and "Data meetup" not in page


def test_a_moderator_sees_everything_the_submitter_gave(moderator_client, waiting):
    page = text(moderator_client.get(admin_url("inspect", waiting)))

    assert "sam@example.org" in page and "Example Hall" in page and "Approve and publish" in page


def test_approving_publishes_emails_the_submitter_announces_it_and_records_who(
    moderator_client, moderator, waiting, django_capture_on_commit_callbacks
):
    heard = []

    def listener(sender, announcement, **kwargs):
        heard.append(announcement)

    event_approved.connect(listener)  # beside the site's own listeners (email updates), which stay
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(admin_url("approve", waiting))
    event_approved.disconnect(listener)

    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == EventStatus.PUBLISHED and waiting.published_at
    assert mail.outbox[-1].to == ["sam@example.org"] and "is published" in mail.outbox[-1].subject
    [announcement] = heard
    assert announcement.title == "Data meetup" and announcement.region == "london"
    assert announcement.address == "1 Example Street\nLondon" and announcement.dates
    entry = ModelLogEntry.objects.filter(action="events.approve").get()
    assert entry.user == moderator
    assert "Approved and published" in text(moderator_client.get(admin_url("history", waiting)))
    assert "Data meetup" in text(moderator_client.get("/events/"))


def test_rejecting_needs_a_reason_and_emails_it(moderator_client, waiting, django_capture_on_commit_callbacks):
    assert "This field is required" in text(moderator_client.post(admin_url("reject", waiting), {"reason": ""}))

    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(admin_url("reject", waiting), {"reason": "Not about digital."})

    waiting.refresh_from_db()
    assert waiting.status == EventStatus.REJECTED
    assert "Not about digital." in mail.outbox[-1].body
    assert "Rejected: Not about digital." in text(moderator_client.get(admin_url("history", waiting)))


def test_editing_before_publishing_starts_from_the_stored_answers_and_keeps_it_waiting(moderator_client, waiting):
    form_page = text(moderator_client.get(admin_url("edit_in_admin", waiting)))
    assert 'value="Data meetup"' in form_page

    data = {
        "title": "Data meetup (renamed)",
        "summary": waiting.summary,
        "description": waiting.description,
        "event_type": "meetup",
        "format": "online",
        "joining_notes": "Link by email.",
        "start_date": waiting.start_date.isoformat(),
        "timing": "times",
        "start_time": "18:00",
        "end_time": "19:00",
        "repeat": "none",
        "booking_url": "https://example.com/b",
        "cost": "free",
        "organiser_name": "Sam",
        "organiser_organisation": "Example",
        "submitter_email": "sam@example.org",
    }
    response = moderator_client.post(admin_url("edit_in_admin", waiting), data)

    assert response.status_code == 302, text(response)
    waiting.refresh_from_db()
    assert waiting.title == "Data meetup (renamed)" and waiting.format == "online"
    assert waiting.status == EventStatus.AWAITING_MODERATION


def test_an_event_staff_add_is_published_at_once(moderator_client, moderator):
    day = timezone.localdate() + datetime.timedelta(days=10)
    data = {
        "title": "Staff webinar",
        "summary": "A webinar.",
        "description": "Details.",
        "event_type": "webinar",
        "format": "online",
        "joining_notes": "Link by email.",
        "start_date": day.isoformat(),
        "timing": "all_day",
        "repeat": "none",
        "booking_url": "https://example.com/w",
        "cost": "free",
        "organiser_name": "Unit",
        "organiser_organisation": "Local Digital",
    }

    assert "Add an event" in text(moderator_client.get(admin_url("index")))
    response = moderator_client.post(admin_url("add"), data)

    event = Event.objects.get(title="Staff webinar")
    assert response.status_code == 302
    assert event.status == EventStatus.PUBLISHED and event.created_by == moderator
    assert "Staff webinar" in text(moderator_client.get("/events/"))


def test_featuring_then_unpublishing(moderator_client):
    event = make_event()

    moderator_client.post(admin_url("feature", event))
    event.refresh_from_db()
    assert event.featured
    assert "Stop featuring" in text(moderator_client.get(admin_url("inspect", event)))

    moderator_client.post(admin_url("unpublish", event))
    event.refresh_from_db()
    assert event.status == EventStatus.UNPUBLISHED
    assert client_sees_no_event(moderator_client, event)


def client_sees_no_event(client, event):
    return client.get(f"/events/{event.slug}/").status_code == 404


def test_an_editor_outside_the_group_sees_no_event_nor_any_submitters_email(client, django_user_model, waiting):
    editor = django_user_model.objects.create_user(username="eddie", password="a-long-password-1")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    for url in (admin_url("index"), admin_url("inspect", waiting), admin_url("history", waiting)):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert "sam@example.org" not in text(response)
    assert 'href="/admin/events/"' not in text(client.get("/admin/"))


def test_a_moderator_cannot_approve_twice(moderator_client, waiting):
    moderator_client.post(admin_url("approve", waiting))

    response = moderator_client.post(admin_url("approve", waiting), follow=True)

    assert "You cannot approve this event" in text(response)
    assert ModelLogEntry.objects.filter(action="events.approve").count() == 1


def test_staff_who_may_moderate_but_not_add_get_no_add_button_nor_page(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(username="vic", password="a-long-password-1")
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["wagtailadmin", "events"],
            codename__in=["access_admin", "view_event", "change_event"],
        )
    )
    client.force_login(user)

    assert "Add an event" not in text(client.get(admin_url("index")))
    assert client.get(admin_url("add")).status_code in (302, 403)
    assert not Event.objects.exists()


def test_the_group_editor_offers_adding_events_because_staff_may_add_them():
    from events.admin_views import EventViewSet

    codenames = set(EventViewSet().get_permissions_to_register().values_list("codename", flat=True))

    assert codenames == {"view_event", "change_event", "add_event"}


def test_a_moderator_cancels_one_date_of_a_repeating_event_and_the_submitter_is_told_why(
    moderator_client, django_capture_on_commit_callbacks
):
    start = timezone.localdate() + datetime.timedelta(days=1)
    event = make_event(
        title="Weekly data clinic",
        start_date=start,
        repeat=Repeat.WEEKLY,
        repeat_until=start + datetime.timedelta(days=21),
        submitter_email="sam@example.org",
    )
    second = event.occurrences.order_by("start")[1]

    form = text(moderator_client.get(admin_url("cancel", event)))
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            admin_url("cancel", event), {"what": str(second.pk), "reason": "The room is closed that week."}
        )

    assert "The whole event" in form and second.when in form
    assert response.status_code == 302
    assert list(event.occurrences.filter(cancelled=True)) == [second]
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    [email] = mail.outbox
    assert email.to == ["sam@example.org"]
    assert "One date of your event was cancelled" in email.body
    assert second.when in email.body and "The room is closed that week." in email.body
    assert ModelLogEntry.objects.for_instance(event).filter(action="events.cancel_occurrence").exists()


def test_a_moderator_cancels_a_whole_event_and_the_submitter_is_told(
    moderator_client, django_capture_on_commit_callbacks
):
    event = make_event(title="Data meetup", submitter_email="sam@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(admin_url("cancel", event), {"what": "event", "reason": "The speaker is ill."})

    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    [email] = mail.outbox
    assert "Your event was cancelled" in email.body and "The speaker is ill." in email.body


def test_cancelling_needs_a_choice_and_a_reason_and_refuses_a_date_already_cancelled(moderator_client):
    start = timezone.localdate() + datetime.timedelta(days=1)
    event = make_event(start_date=start, repeat=Repeat.WEEKLY, repeat_until=start + datetime.timedelta(days=14))
    first = event.occurrences.order_by("start")[0]
    moderator_client.post(admin_url("cancel", event), {"what": str(first.pk), "reason": "Closed."})

    empty = text(moderator_client.post(admin_url("cancel", event), {}))
    again = text(moderator_client.post(admin_url("cancel", event), {"what": str(first.pk), "reason": "Closed."}))

    assert "Select what to cancel" in empty and "This field is required" in empty
    assert "Select what to cancel" in again
    assert event.occurrences.filter(cancelled=True).count() == 1
