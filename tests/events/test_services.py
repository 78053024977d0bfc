"""The events hub's actions, called as the site's views and the admin call them: what is stored, who is
emailed what, what the history records and what subscribers are told."""

import datetime
import re
import uuid

import pytest
import time_machine
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from events import services
from events.models import Event, EventStatus, Repeat
from events.signals import event_approved, event_cancelled, event_changed
from notifications.models import OutboundEmail
from tests.factories.events import DEFAULTS, make_event
from tests.factories.topics import TopicFactory

pytestmark = pytest.mark.django_db

# A Wednesday morning in winter (GMT, so UK time is UTC).
NOW = datetime.datetime(2027, 1, 13, 10, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2027, 1, 13)


def days(n):
    return TODAY + datetime.timedelta(days=n)


def shared(**changes):
    """What the sharing journey hands the service."""
    return {**DEFAULTS, "start_date": days(7), "end_date": days(7), "topics": [], **changes}


def share(**changes):
    return services.submit_event(shared(**changes), submission_key=uuid.uuid4())


def history(event):
    return [(entry.message, entry.user) for entry in ModelLogEntry.objects.for_instance(event).order_by("pk")]


def emails_to(address):
    return list(OutboundEmail.objects.filter(to=address).order_by("pk"))


@pytest.fixture
def heard():
    """What subscribers to the events hub's signals hear, as (signal, announcement), in order."""
    heard = []
    receivers = []
    for name, signal in (("approved", event_approved), ("changed", event_changed), ("cancelled", event_cancelled)):

        def receiver(sender, announcement, name=name, **kwargs):
            heard.append((name, announcement))

        signal.connect(receiver, sender=Event)
        receivers.append((signal, receiver))
    yield heard
    for signal, receiver in receivers:
        signal.disconnect(receiver, sender=Event)


@pytest.fixture
def moderator(django_user_model):
    return django_user_model.objects.create_user(username="morgan", password="a-long-password-1")


# Sharing ---------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_a_shared_event_is_stored_tidied_waiting_and_its_submitter_gets_their_private_link(heard):
    bystander = make_event(title="Someone else's meetup", submitter_email="other@example.org")
    data = TopicFactory(name="Data")
    answers = shared(
        title="  Data meetup  ",
        venue_name=" Example Hall ",
        is_free=True,
        price_note="£5",
        repeat=Repeat.NONE,
        repeat_until=days(30),
        topics=[data],
    )
    del answers["end_date"]

    event = services.submit_event(answers, submission_key=uuid.uuid4())

    event.refresh_from_db()
    assert event.status == EventStatus.AWAITING_MODERATION and event.published_at is None
    assert event.title == "Data meetup" and event.venue_name == "Example Hall"
    assert event.end_date == event.start_date == days(7)
    assert event.repeat_until is None and event.price_note == ""
    assert re.fullmatch(r"LD-EVT-[0-9A-Z]{5}", event.reference)
    assert event.slug == f"data-meetup-{event.reference[-5:].lower()}"
    assert [topic.slug for topic in event.topics.all()] == ["data"]
    assert event.occurrences.count() == 1
    assert history(event) == [("Created", None)]
    [email] = emails_to("sam@example.gov.uk")
    assert email.subject == "We have your event – Data meetup"
    assert "‘Data meetup’ (reference " + event.reference + ")" in email.body_text
    assert re.search(r"https?://\S+/events/manage/\S+/", email.body_text)
    assert emails_to("other@example.org") == [] and heard == []
    assert Event.objects.get(pk=bystander.pk).title == "Someone else's meetup"


@time_machine.travel(NOW, tick=False)
def test_an_all_day_event_keeps_no_times_and_a_paid_one_keeps_its_price():
    event = share(title="Data day", all_day=True, is_free=False, price_note=" £20 ")

    event.refresh_from_db()
    assert event.start_time is None and event.end_time is None
    assert event.price_note == "£20"
    [occurrence] = event.occurrences.all()
    assert occurrence.end - occurrence.start == datetime.timedelta(days=1)


@time_machine.travel(NOW, tick=False)
def test_a_slug_is_cut_to_60_characters_without_a_dangling_hyphen_and_a_title_with_no_letters_is_an_event():
    long = share(title="a" * 59 + " " + "b" * 20)
    punctuation = share(title="!!!")

    assert long.slug == "a" * 59 + "-" + long.reference[-5:].lower()
    assert punctuation.slug == "event-" + punctuation.reference[-5:].lower()
    assert share(title="c" * 70).slug.startswith("c" * 60 + "-")


@pytest.mark.parametrize(("minutes", "stored_once"), [(59, True), (60, True), (61, False)])
def test_the_same_event_from_the_same_address_is_stored_once_within_an_hour(minutes, stored_once):
    with time_machine.travel(NOW, tick=False):
        first = share(title="Data meetup", submitter_email="sam@example.org")
    with time_machine.travel(NOW + datetime.timedelta(minutes=minutes), tick=False):
        again = share(title=" DATA MEETUP ", submitter_email="Sam@Example.org")

    assert (again == first) is stored_once
    assert Event.objects.count() == (1 if stored_once else 2)
    assert len(emails_to("sam@example.org")) + len(emails_to("Sam@Example.org")) == Event.objects.count()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    "difference",
    [
        {"title": "Data meetup, part two"},
        {"start_date": days(8), "end_date": days(8)},
        {"start_time": datetime.time(17)},
        {"submitter_email": "someone.else@example.org"},
    ],
)
def test_a_second_event_that_differs_in_title_date_time_or_address_is_stored(difference):
    first = share(title="Data meetup")

    second = share(**{"title": "Data meetup", **difference})

    assert second != first and Event.objects.count() == 2


@time_machine.travel(NOW, tick=False)
def test_an_all_day_event_shared_again_with_a_time_left_over_from_before_is_stored_once():
    first = share(title="Data day", all_day=True, start_time=None, end_time=None)

    again = share(title="Data day", all_day=True, start_time=datetime.time(9), end_time=datetime.time(17))

    assert again == first and Event.objects.count() == 1


def test_an_address_shares_10_events_an_hour_and_the_11th_is_refused_but_not_another_addresss():
    with time_machine.travel(NOW - datetime.timedelta(minutes=61), tick=False):
        share(title="Long ago", submitter_email="busy@example.org")
    with time_machine.travel(NOW, tick=False):
        for n in range(9):
            share(title=f"Event {n}", submitter_email="busy@example.org")
            share(title=f"Other {n}", submitter_email="other@example.org")
        tenth = share(title="Event 9", submitter_email="BUSY@example.org")
        with pytest.raises(services.TooManyFromAddress):
            share(title="Event 10", submitter_email="busy@example.org")
        share(title="Other 9", submitter_email="other@example.org")

    assert tenth.title == "Event 9"
    assert Event.objects.filter(submitter_email__iexact="busy@example.org").count() == 11
    assert not Event.objects.filter(title="Event 10").exists()
    assert Event.objects.filter(submitter_email="other@example.org").count() == 10


# Staff adding, and changes ---------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_an_event_staff_add_is_published_recorded_as_theirs_and_announced_as_new(
    moderator, heard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        event = services.create_published_event(shared(title="Staff webinar", submitter_email=""), user=moderator)

    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED and event.published_at == NOW
    assert event.created_by == moderator
    assert history(event) == [("Created", moderator)]
    assert [(name, announcement.title) for name, announcement in heard] == [("approved", "Staff webinar")]
    assert not OutboundEmail.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_moderators_change_to_a_published_event_is_announced_and_raises_its_sequence(
    moderator, heard, django_capture_on_commit_callbacks
):
    data, planning = TopicFactory(name="Data"), TopicFactory(name="Planning")
    event = make_event(title="Data meetup", topics=[data], is_free=False, price_note="£5")
    bystander = make_event(title="Someone else's meetup", topics=[data])

    with django_capture_on_commit_callbacks(execute=True):
        changes = {"summary": " Now with pizza. ", "end_time": datetime.time(21), "topics": [planning]}
        services.edit_in_admin(event, changes, user=moderator)

    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED and event.sequence == 1
    assert event.summary == "Now with pizza." and event.price_note == "£5"
    assert [topic.slug for topic in event.topics.all()] == ["planning"]
    [occurrence] = event.occurrences.all()
    assert occurrence.end == datetime.datetime.combine(days(7), datetime.time(21), tzinfo=datetime.UTC)
    assert history(event) == [("Edited in the admin", moderator)]
    [(name, announcement)] = heard
    assert name == "changed" and announcement.summary == "Now with pizza." and announcement.topics == ["planning"]
    assert [topic.slug for topic in bystander.topics.all()] == ["data"]


@time_machine.travel(NOW, tick=False)
def test_a_change_that_leaves_out_the_topics_keeps_them_and_an_empty_list_clears_them(moderator):
    data = TopicFactory(name="Data")
    event = make_event(topics=[data], status=EventStatus.AWAITING_MODERATION)

    services.edit_in_admin(event, {"summary": "Changed."}, user=moderator)
    kept = [topic.slug for topic in event.topics.all()]
    services.edit_in_admin(event, {"topics": None}, user=moderator)

    assert kept == ["data"] and not event.topics.exists()
    assert Event.objects.get(pk=event.pk).sequence == 2


@time_machine.travel(NOW, tick=False)
def test_a_change_before_publishing_is_not_announced(moderator, heard, django_capture_on_commit_callbacks):
    event = make_event(status=EventStatus.AWAITING_MODERATION)

    with django_capture_on_commit_callbacks(execute=True):
        services.edit_in_admin(event, {"title": "Renamed"}, user=moderator)

    assert Event.objects.get(pk=event.pk).title == "Renamed"
    assert heard == []


@time_machine.travel(NOW, tick=False)
def test_the_submitters_change_sends_a_published_event_back_to_moderation_unannounced(
    heard, django_capture_on_commit_callbacks
):
    event = make_event(title="Data meetup")
    bystander = make_event(title="Someone else's meetup")

    with django_capture_on_commit_callbacks(execute=True):
        services.edit_by_submitter(event, {"title": "Data meetup (moved)", "start_date": days(9), "end_date": days(9)})

    event.refresh_from_db()
    assert event.status == EventStatus.AWAITING_MODERATION and event.title == "Data meetup (moved)"
    assert event.sequence == 1
    assert [o.start.date() for o in event.occurrences.all()] == [days(9)]
    assert history(event) == [("The submitter changed the event: it waits for moderation again", None)]
    assert heard == []
    assert Event.objects.get(pk=bystander.pk).status == EventStatus.PUBLISHED


@time_machine.travel(NOW, tick=False)
def test_a_change_of_times_moves_every_date_and_keeps_a_cancelled_one_cancelled(moderator):
    event = make_event(start_date=days(1), repeat=Repeat.WEEKLY, repeat_until=days(15))
    second = event.occurrences.all()[1]
    services.cancel_occurrence(event, second)

    services.edit_in_admin(event, {"end_time": datetime.time(19, 30)}, user=moderator)

    occurrences = list(event.occurrences.all())
    assert [o.end.astimezone(datetime.UTC).time() for o in occurrences] == [datetime.time(19, 30)] * 3
    assert [o.cancelled for o in occurrences] == [False, True, False]


# Moderation ------------------------------------------------------------------


def test_approving_publishes_emails_the_submitter_and_announces_it_as_new_then_as_changed_when_published_again(
    moderator, heard, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        event = share(title="Data meetup", submitter_email="sam@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            services.approve(event, user=moderator)
        services.unpublish(event, user=moderator)
    with (
        time_machine.travel(NOW + datetime.timedelta(days=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.approve(event, user=moderator)

    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED and event.published_at == NOW
    assert [name for name, _ in heard] == ["approved", "changed"]
    assert heard[0][1].reference == event.reference
    assert [message for message, _ in history(event)] == [
        "Created",
        "Approved and published",
        "Unpublished",
        "Approved and published",
    ]
    assert {user for _, user in history(event)[1:]} == {moderator}
    _, published, _ = emails_to("sam@example.org")
    assert published.subject == "Your event is published – Data meetup"
    assert f"/events/{event.slug}/" in published.body_text
    assert re.search(r"/events/manage/\S+/", published.body_text)
    assert event.reference in published.body_text


@time_machine.travel(NOW, tick=False)
def test_approving_an_event_with_no_submitter_address_emails_no_one(moderator):
    event = make_event(status=EventStatus.AWAITING_MODERATION, submitter_email="")

    services.approve(event, user=moderator)

    assert Event.objects.get(pk=event.pk).status == EventStatus.PUBLISHED
    assert not OutboundEmail.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_rejecting_keeps_the_reason_records_it_and_emails_it_to_the_submitter(moderator):
    event = make_event(title="Data meetup", status=EventStatus.AWAITING_MODERATION, submitter_email="sam@example.org")
    silent = make_event(title="Staff draft", status=EventStatus.AWAITING_MODERATION, submitter_email="")

    services.reject(event, user=moderator, reason="Not about digital.")
    services.reject(silent, user=moderator, reason="A duplicate.")

    event.refresh_from_db()
    assert event.status == EventStatus.REJECTED and event.rejection_reason == "Not about digital."
    assert history(event) == [("Rejected: Not about digital.", moderator)]
    [email] = OutboundEmail.objects.all()
    assert email.to == "sam@example.org"
    assert email.subject == "Your event was not published – Data meetup"
    assert "Not about digital." in email.body_text and event.reference in email.body_text


@time_machine.travel(NOW, tick=False)
def test_featuring_and_no_longer_featuring_are_stored_and_recorded(moderator):
    event = make_event(title="Data meetup")
    other = make_event(title="Already featured", featured=True)

    services.feature(event, user=moderator)
    featured = Event.objects.get(pk=event.pk).featured
    services.unfeature(event, user=moderator)

    assert featured is True and Event.objects.get(pk=event.pk).featured is False
    assert history(event) == [
        ("Featured on the home page", moderator),
        ("No longer featured on the home page", moderator),
    ]
    assert Event.objects.get(pk=other.pk).featured is True


# Cancelling ------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_cancelling_a_published_event_tells_calendars_and_subscribers(
    moderator, heard, django_capture_on_commit_callbacks
):
    event = make_event(title="Data meetup")
    bystander = make_event(title="Someone else's meetup")
    services.edit_in_admin(event, {"summary": "Changed once."}, user=moderator)  # calendars have sequence 1

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(event, user=moderator)

    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED and event.sequence == 2
    assert history(event) == [("Edited in the admin", moderator), ("Cancelled", moderator)]
    [(name, announcement)] = heard
    assert name == "cancelled" and announcement.title == "Data meetup" and announcement.cancelled_dates == []
    assert Event.objects.get(pk=bystander.pk).status == EventStatus.PUBLISHED


@time_machine.travel(NOW, tick=False)
def test_cancelling_an_event_never_published_announces_nothing(heard, django_capture_on_commit_callbacks):
    event = make_event(status=EventStatus.AWAITING_MODERATION)

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(event)

    assert Event.objects.get(pk=event.pk).status == EventStatus.CANCELLED
    assert heard == []


@time_machine.travel(NOW, tick=False)
def test_cancelling_one_date_marks_only_that_date_records_it_and_names_it_to_subscribers(
    moderator, heard, django_capture_on_commit_callbacks
):
    event = make_event(start_date=days(1), repeat=Repeat.WEEKLY, repeat_until=days(15))
    first, second, third = event.occurrences.all()
    services.edit_in_admin(event, {"summary": "Changed once."}, user=moderator)  # calendars have sequence 1

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_occurrence(event, second, user=moderator)

    assert [o.cancelled for o in event.occurrences.all()] == [False, True, False]
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED and event.sequence == 2
    assert history(event)[-1] == ("One date cancelled: 21 January 2027", moderator)
    [(name, announcement)] = heard
    assert name == "cancelled" and announcement.cancelled_dates == [second.start]
    assert [start for start, _ in announcement.dates] == [first.start, third.start]


def test_the_dates_left_to_cancel_are_a_published_repeating_events_upcoming_ones_not_yet_cancelled():
    with time_machine.travel(NOW, tick=False):
        event = make_event(start_date=days(-7), repeat=Repeat.WEEKLY, repeat_until=days(14))
        one_off = make_event(start_date=days(7))
        waiting = make_event(
            start_date=days(1), repeat=Repeat.WEEKLY, repeat_until=days(14), status=EventStatus.AWAITING_MODERATION
        )
    past, today, next_week, fortnight = event.occurrences.all()
    services.cancel_occurrence(event, next_week)

    # At 7:59pm the day's meetup (6pm to 8pm) has not ended; at 8pm it has.
    with time_machine.travel(datetime.datetime(2027, 1, 13, 19, 59, tzinfo=datetime.UTC), tick=False):
        before_the_end = services.cancellable_dates(event)
    with time_machine.travel(datetime.datetime(2027, 1, 13, 20, 0, tzinfo=datetime.UTC), tick=False):
        at_the_end = services.cancellable_dates(event)
        assert services.cancellable_dates(one_off) == {} and services.cancellable_dates(waiting) == {}

    assert before_the_end == {str(today.pk): today, str(fortnight.pk): fortnight}
    assert at_the_end == {str(fortnight.pk): fortnight}


@time_machine.travel(NOW, tick=False)
def test_staff_who_cancel_a_date_email_the_submitter_the_date_and_their_reason(moderator):
    event = make_event(
        title="Weekly clinic",
        start_date=days(1),
        repeat=Repeat.WEEKLY,
        repeat_until=days(15),
        submitter_email="s@x.org",
    )
    second = event.occurrences.all()[1]

    chosen = services.cancel_chosen(event, str(second.pk), user=moderator, reason="The room is closed.")

    assert chosen == second and Event.objects.get(pk=event.pk).status == EventStatus.PUBLISHED
    assert history(event) == [("One date cancelled: 21 January 2027", moderator)]
    [email] = OutboundEmail.objects.all()
    assert email.to == "s@x.org" and email.subject == "Your event was cancelled – Weekly clinic"
    assert "One date of your event was cancelled" in email.body_text
    assert second.when in email.body_text and "Weekly clinic" in email.body_text
    assert "The room is closed." in email.body_text


@time_machine.travel(NOW, tick=False)
def test_staff_who_cancel_a_whole_event_email_the_submitter_but_the_submitter_cancelling_is_not_emailed(moderator):
    by_staff = make_event(title="Data meetup", submitter_email="sam@example.org")
    by_submitter = make_event(title="My meetup", submitter_email="me@example.org")
    staff_added = make_event(title="Staff webinar", submitter_email="")

    assert services.cancel_chosen(by_staff, "event", user=moderator, reason="The speaker is ill.") is None
    services.cancel_chosen(by_submitter, "event")
    services.cancel_chosen(staff_added, "event", user=moderator, reason="Moved.")

    assert set(Event.objects.values_list("status", flat=True)) == {EventStatus.CANCELLED}
    assert history(by_staff) == [("Cancelled", moderator)] and history(by_submitter) == [("Cancelled", None)]
    [email] = OutboundEmail.objects.all()
    assert email.to == "sam@example.org" and email.subject == "Your event was cancelled – Data meetup"
    assert "Your event was cancelled" in email.body_text and "The speaker is ill." in email.body_text


@time_machine.travel(NOW, tick=False)
def test_choosing_a_date_already_cancelled_or_of_another_event_is_refused_and_changes_nothing(moderator):
    event = make_event(start_date=days(1), repeat=Repeat.WEEKLY, repeat_until=days(15))
    other = make_event(start_date=days(1), repeat=Repeat.WEEKLY, repeat_until=days(15))
    first = event.occurrences.all()[0]
    services.cancel_occurrence(event, first)

    for what in (str(first.pk), str(other.occurrences.all()[0].pk), "not a date"):
        with pytest.raises(ValidationError) as refused:
            services.cancel_chosen(event, what, user=moderator, reason="Closed.")
        assert refused.value.messages == ["That date has passed or is already cancelled. Choose again."]

    assert event.occurrences.filter(cancelled=True).count() == 1
    assert not other.occurrences.filter(cancelled=True).exists()
    assert not OutboundEmail.objects.exists()


# What subscribers are told ---------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_an_announcement_carries_the_event_and_only_its_dates_still_to_come(
    moderator, heard, django_capture_on_commit_callbacks
):
    data, planning = TopicFactory(name="Data"), TopicFactory(name="Planning")
    event = make_event(
        title="Data clinic",
        summary="Bring your data.",
        event_type="workshop",
        format="hybrid",
        venue_name="Town Hall",
        address="1 High Street\nLeeds",
        postcode="LS1 1XX",
        region="yorkshire_and_the_humber",
        is_free=False,
        price_note="£10",
        start_date=days(-7),
        repeat=Repeat.WEEKLY,
        repeat_until=days(14),
        topics=[data, planning],
        status=EventStatus.AWAITING_MODERATION,
    )
    _, today, next_week, fortnight = event.occurrences.all()

    with django_capture_on_commit_callbacks(execute=True):
        services.approve(event, user=moderator)

    [(name, announcement)] = heard
    assert name == "approved"
    assert announcement.reference == event.reference and announcement.title == "Data clinic"
    assert announcement.summary == "Bring your data."
    assert re.fullmatch(rf"https?://[^/]+/events/{event.slug}/", announcement.url)
    assert (announcement.event_type, announcement.format) == ("workshop", "hybrid")
    assert announcement.dates == [(o.start, o.end) for o in (today, next_week, fortnight)]
    assert announcement.venue_name == "Town Hall" and announcement.address == "1 High Street\nLeeds"
    assert announcement.postcode == "LS1 1XX" and announcement.region == "yorkshire_and_the_humber"
    assert sorted(announcement.topics) == ["data", "planning"]
    assert announcement.is_free is False and announcement.cancelled_dates == []
