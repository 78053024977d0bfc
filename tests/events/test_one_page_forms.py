"""The submitter's change page and the admin's edit and add pages ask the questions of sharing an event on one
page, under the journey's conditions, and refuse what its question pages refuse."""

import datetime
import html

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from events.forms import VenueForm
from events.models import Event, EventStatus, Repeat
from events.workflow import MANAGE_LINK
from tests.factories.events import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_client(client, django_user_model):
    user = django_user_model.objects.create_user(username="morgan", password="a-long-password-1")
    user.groups.add(Group.objects.get(name="Event moderators"))
    client.force_login(user)
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


def answers(event, **changes) -> dict:
    """Every answer as the submitter's change page posts it (dates in three boxes)."""
    data = {
        "title": event.title,
        "summary": event.summary,
        "description": event.description,
        "event_type": event.event_type,
        "format": event.format,
        "start_date_day": event.start_date.day,
        "start_date_month": event.start_date.month,
        "start_date_year": event.start_date.year,
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


def admin_answers(event, **changes) -> dict:
    """The same answers as the admin posts them: a date is one box, from its date picker."""
    data = answers(event)
    for part in ("day", "month", "year"):
        del data[f"start_date_{part}"]
    return {**data, "start_date": event.start_date.isoformat(), **changes}


def change_path(event):
    return f"/events/manage/{MANAGE_LINK.token_for(event)}/change/"


def admin_path(name, event=None):
    return reverse(f"event_moderation:{name}", args=[event.pk] if event else [])


def post_to_all_three(client, moderator_client, event, **changes):
    """The same answers sent from the change page, the admin's edit page and its add page."""
    iso_changes = {key: value for key, value in changes.items() if not key.startswith("start_date_")}
    return [
        text(client.post(change_path(event), answers(event, **changes))),
        text(moderator_client.post(admin_path("edit_in_admin", event), admin_answers(event, **iso_changes))),
        text(moderator_client.post(admin_path("add"), admin_answers(event, title="Added", **iso_changes))),
    ]


def test_an_end_time_before_the_start_is_refused_on_all_three_pages(client, moderator_client):
    event = make_event(title="Data meetup")
    bystander = make_event(title="Bystander")

    pages = post_to_all_three(client, moderator_client, event, start_time="18:00", end_time="17:00")

    assert all("The end time must be after the start time" in page for page in pages)
    event.refresh_from_db()
    assert event.end_time == datetime.time(20) and event.status == EventStatus.PUBLISHED
    assert set(Event.objects.values_list("title", flat=True)) == {"Data meetup", "Bystander"}
    bystander.refresh_from_db()
    assert bystander.sequence == 0


def test_a_rule_changed_in_a_step_form_changes_all_three_pages(client, moderator_client, monkeypatch):
    def refuse_scotland(self):
        cleaned = super(VenueForm, self).clean()
        if cleaned.get("postcode", "").upper().startswith("EH"):
            self.add_error("postcode", "Enter a postcode in England")
        return cleaned

    monkeypatch.setattr(VenueForm, "clean", refuse_scotland, raising=False)
    event = make_event(title="Data meetup")

    refused = post_to_all_three(client, moderator_client, event, postcode="EH1 1AA")
    accepted = post_to_all_three(client, moderator_client, event, postcode="LS1 1AA")

    assert all("Enter a postcode in England" in page for page in refused)
    assert not any("Enter a postcode in England" in page for page in accepted)
    event.refresh_from_db()
    assert event.postcode == "LS1 1AA"
    assert Event.objects.filter(title="Added", postcode="LS1 1AA").count() == 1


def test_a_venue_is_not_asked_of_an_online_event_and_a_change_to_online_clears_it(client, moderator_client):
    submitters = make_event(title="Submitter's")
    staffs = make_event(title="Staff's")
    bystander = make_event(title="Bystander")
    online = {"format": "online", "joining_notes": "We email a Teams link.", "venue_name": "", "postcode": ""}

    client.post(change_path(submitters), answers(submitters, **online))
    moderator_client.post(admin_path("edit_in_admin", staffs), admin_answers(staffs, **online))

    for event in (submitters, staffs):
        event.refresh_from_db()
        assert (event.format, event.venue_name, event.address, event.region) == ("online", "", "", "")
    bystander.refresh_from_db()
    assert bystander.venue_name == "Example Hall"


def test_the_last_date_must_come_after_the_first_on_all_three_pages(client, moderator_client):
    event = make_event(title="Data meetup")
    too_soon = (event.start_date - datetime.timedelta(days=1)).isoformat()
    later = event.start_date + datetime.timedelta(days=14)
    repeats = {"repeat": Repeat.WEEKLY}

    pages = [
        text(client.post(change_path(event), answers(event, **repeats, **parts("repeat_until", too_soon)))),
        text(
            moderator_client.post(
                admin_path("edit_in_admin", event), admin_answers(event, **repeats, repeat_until=too_soon)
            )
        ),
        text(
            moderator_client.post(
                admin_path("add"), admin_answers(event, title="Added", **repeats, repeat_until=too_soon)
            )
        ),
    ]
    moderator_client.post(
        admin_path("edit_in_admin", event), admin_answers(event, **repeats, repeat_until=later.isoformat())
    )

    assert all("The date of the last event must be after the first one" in page for page in pages)
    event.refresh_from_db()
    assert event.repeat == Repeat.WEEKLY and event.repeat_until == later and event.occurrences.count() == 3


def parts(name, iso) -> dict:
    day = datetime.date.fromisoformat(iso)
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def test_staff_add_events_from_today_but_may_keep_the_date_of_one_that_has_begun(moderator_client):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    begun = make_event(title="Begun", start_date=yesterday, end_date=yesterday + datetime.timedelta(days=3))

    added = text(moderator_client.post(admin_path("add"), admin_answers(begun, title="Added")))
    edited = moderator_client.post(
        admin_path("edit_in_admin", begun), admin_answers(begun, title="Begun (renamed)", end_date="")
    )

    assert "The start date must be today or in the future" in added
    assert not Event.objects.filter(title="Added").exists()
    assert edited.status_code == 302
    begun.refresh_from_db()
    assert begun.title == "Begun (renamed)" and begun.start_date == yesterday


def test_the_pages_show_each_question_under_its_steps_heading(client, moderator_client):
    event = make_event()

    change = text(client.get(change_path(event)))
    edit = text(moderator_client.get(admin_path("edit_in_admin", event)))

    for page in (change, edit):
        assert (
            page.index("About the event") < page.index("Date and time") < page.index("Venue") < page.index("Organiser")
        )
    assert 'value="Example Hall"' in change and 'value="Example Hall"' in edit
    assert "Contact email (not shown publicly)" in edit and "Contact email" not in change
