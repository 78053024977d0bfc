"""The events hub's actions: sharing, changing and cancelling an event, and moderating it.

Every change of an event's status happens here, through the moderation
workflow's `move` (events.workflow), which refuses what the status does not
allow and records who did it. Saving an event through these functions also
works out its dates again (events.schedule).
"""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.log_actions import log

from core.formatting import format_date, new_reference
from core.links import absolute_url
from core.submissions import create_once
from notifications.services import send_email

from . import schedule, signals
from .models import Event, EventStatus, Occurrence
from .workflow import MANAGE_LINK, MODERATION

Status = EventStatus

# The same event (title and start) from the same address within this time is stored once.
DUPLICATE_WINDOW = datetime.timedelta(hours=1)
# At most this many events from one email address an hour (the journey also limits each client address).
MOST_PER_EMAIL_AN_HOUR = 10


class TooManyFromAddress(Exception):
    """This email address has shared too many events in the last hour."""


# The fields a person or member of staff gives; everything else the service keeps.
EVENT_FIELDS = [
    "title",
    "summary",
    "description",
    "event_type",
    "format",
    "start_date",
    "end_date",
    "all_day",
    "start_time",
    "end_time",
    "repeat",
    "repeat_until",
    "venue_name",
    "address",
    "postcode",
    "region",
    "joining_notes",
    "booking_url",
    "is_free",
    "price_note",
    "organiser_name",
    "organiser_organisation",
    "submitter_email",
]


def event_url(event: Event) -> str:
    return absolute_url(event.get_absolute_url())


# Sharing an event ------------------------------------------------------------


def submit_event(answers: dict, *, submission_key: uuid.UUID) -> Event:
    """Store an event someone shared, waiting for moderation, and email them their private link.

    The same submission key (even twice at the same moment), or the same title
    and start from the same address within an hour, returns the event already
    stored. Raises TooManyFromAddress after 10 events from one address in an hour.
    """
    return create_once(Event, submission_key, lambda: _store_shared(answers, submission_key))


def _store_shared(answers: dict, submission_key: uuid.UUID) -> Event:
    duplicate = _recent_duplicate(answers)
    if duplicate:
        return duplicate
    recent = Event.objects.filter(
        submitter_email__iexact=answers["submitter_email"], created_at__gte=timezone.now() - DUPLICATE_WINDOW
    )
    if recent.count() >= MOST_PER_EMAIL_AN_HOUR:
        raise TooManyFromAddress
    event = store_event(answers, submission_key=submission_key)
    log(event, "wagtail.create", user=None)
    send_email(
        to=event.submitter_email,
        subject=f"We have your event – {event.title}",
        template="events/submitted",
        context={"event": event, "link": MANAGE_LINK.url(event)},
    )
    return event


def _recent_duplicate(answers: dict) -> Event | None:
    return (
        Event.objects.filter(
            submitter_email__iexact=answers["submitter_email"],
            title__iexact=answers["title"].strip(),
            start_date=answers["start_date"],
            start_time=None if answers.get("all_day") else answers.get("start_time"),
            created_at__gte=timezone.now() - DUPLICATE_WINDOW,
        )
        .order_by("created_at")
        .first()
    )


def store_event(answers: dict, *, submission_key=None, status=Status.AWAITING_MODERATION, user=None) -> Event:
    """Store an event as given, in `status`, with its dates; no email, no announcement (for services and demos)."""
    event = Event(status=status, submission_key=submission_key, created_by=user)
    _apply(event, answers)
    event.reference = new_reference(
        "LD-EVT", exists=lambda ref: Event.objects.filter(reference=ref).exists(), length=5
    )
    event.slug = f"{slugify(event.title)[:60].strip('-') or 'event'}-{event.reference.rsplit('-', 1)[1].lower()}"
    if status == Status.PUBLISHED:
        event.published_at = timezone.now()
    event.save()
    event.topics.set(answers.get("topics") or [])
    reschedule(event)
    return event


def _apply(event: Event, answers: dict) -> None:
    for name in EVENT_FIELDS:
        if name in answers:
            value = answers[name]
            setattr(event, name, value.strip() if isinstance(value, str) else value)
    if event.end_date is None:
        event.end_date = event.start_date
    if event.all_day:
        event.start_time = event.end_time = None
    if not event.repeats:
        event.repeat_until = None
    if event.is_free:
        event.price_note = ""


def reschedule(event: Event) -> None:
    """Work out the event's dates again, keeping which of them were cancelled."""
    times = schedule.occurrence_times(event)
    # Dates that no longer happen go; those that still do are kept, cancelled or not.
    event.occurrences.exclude(start__in=[start for start, _ in times]).delete()
    existing = {occurrence.start: occurrence for occurrence in event.occurrences.all()}
    new, changed = [], []
    for start, end in times:
        if start in existing:
            if existing[start].end != end:
                existing[start].end = end
                changed.append(existing[start])
        else:
            new.append(Occurrence(event=event, start=start, end=end))
    Occurrence.objects.bulk_create(new)
    Occurrence.objects.bulk_update(changed, ["end"])


def _update(event: Event, answers: dict) -> None:
    _apply(event, answers)
    event.sequence += 1
    if "topics" in answers:
        event.topics.set(answers["topics"] or [])
    reschedule(event)


def create_published_event(answers: dict, *, user) -> Event:
    """An event staff add in the admin: published at once."""
    with transaction.atomic():
        event = store_event(answers, status=Status.PUBLISHED, user=user)
        log(event, "wagtail.create", user=user)
        _announce(signals.event_approved, event)
    return event


def edit_by_submitter(event: Event, answers: dict) -> Event:
    """The submitter's changes, from their private link: the event waits for moderation again."""
    with transaction.atomic():
        _update(event, answers)
        MODERATION.move(event, "edit", user=None)
    return event


def edit_in_admin(event: Event, answers: dict, *, user) -> Event:
    """A moderator's changes, before publishing or after; a published event stays published."""
    with transaction.atomic():
        _update(event, answers)
        MODERATION.move(event, "edit_in_admin", user=user)
        event.save()
        if event.status == Status.PUBLISHED:
            _announce(signals.event_changed, event)
    return event


def cancel(event: Event, *, user=None) -> Event:
    """Cancel the whole event: it stays on the site, marked as cancelled, and calendars are told."""
    with transaction.atomic():
        was_public = event.status == Status.PUBLISHED
        event.sequence += 1
        MODERATION.move(event, "cancel", user=user)
        if was_public:
            _announce(signals.event_cancelled, event)
    return event


def cancel_occurrence(event: Event, occurrence: Occurrence, *, user=None) -> Occurrence:
    """Cancel one date of a repeating event; the others go ahead."""
    with transaction.atomic():
        occurrence.cancelled = True
        occurrence.save(update_fields=["cancelled"])
        event.sequence += 1
        MODERATION.move(
            event, "cancel_occurrence", user=user, data={"date": format_date(occurrence.local_start.date())}
        )
        event.save()
        _announce(signals.event_cancelled, event, cancelled_dates=[occurrence.start])
    return occurrence


def cancellable_dates(event: Event) -> dict[str, Occurrence]:
    """The dates of a published repeating event that can still be cancelled one by one, keyed for a form."""
    if not (event.repeats and event.status == Status.PUBLISHED):
        return {}
    upcoming = event.occurrences.upcoming(timezone.now()).filter(cancelled=False)
    return {str(occurrence.pk): occurrence for occurrence in upcoming}


def cancel_chosen(event: Event, what: str, *, user=None, reason: str = "") -> Occurrence | None:
    """Cancel what was chosen: "event" for the whole event, or the key of one of its `cancellable_dates`.

    When staff cancel (a user is given), the submitter is emailed their reason.
    """
    occurrence = None
    if what == "event":
        cancel(event, user=user)
    else:
        occurrence = cancellable_dates(event).get(what)
        if occurrence is None:
            raise ValidationError("That date has passed or is already cancelled. Choose again.")
        cancel_occurrence(event, occurrence, user=user)
    if user is not None and event.submitter_email:
        send_email(
            to=event.submitter_email,
            subject=f"Your event was cancelled – {event.title}",
            template="events/cancelled_by_staff",
            context={"event": event, "occurrence": occurrence, "reason": reason},
        )
    return occurrence


# Moderation ------------------------------------------------------------------


def approve(event: Event, *, user) -> Event:
    """Publish the event; tell the submitter, and announce it (as new, or as changed if it was published before)."""
    with transaction.atomic():
        first_time = event.published_at is None
        event.published_at = event.published_at or timezone.now()
        MODERATION.move(event, "approve", user=user)
        if event.submitter_email:
            send_email(
                to=event.submitter_email,
                subject=f"Your event is published – {event.title}",
                template="events/approved",
                context={"event": event, "url": event_url(event), "link": MANAGE_LINK.url(event)},
            )
        _announce(signals.event_approved if first_time else signals.event_changed, event)
    return event


def reject(event: Event, *, user, reason: str) -> Event:
    with transaction.atomic():
        event.rejection_reason = reason
        MODERATION.move(event, "reject", user=user, data={"reason": reason})
        if event.submitter_email:
            send_email(
                to=event.submitter_email,
                subject=f"Your event was not published – {event.title}",
                template="events/rejected",
                context={"event": event, "reason": reason},
            )
    return event


def feature(event: Event, *, user) -> Event:
    """Show the event first on the home page."""
    return _set_featured(event, True, "feature", user=user)


def unfeature(event: Event, *, user) -> Event:
    return _set_featured(event, False, "unfeature", user=user)


def _set_featured(event: Event, featured: bool, action: str, *, user) -> Event:
    with transaction.atomic():
        MODERATION.move(event, action, user=user)
        event.featured = featured
        event.save(update_fields=["featured", "updated_at"])
    return event


def unpublish(event: Event, *, user) -> Event:
    return MODERATION.move(event, "unpublish", user=user)


# Announcements ---------------------------------------------------------------


def announcement(event: Event, cancelled_dates=None) -> signals.EventAnnouncement:
    now = timezone.now()
    upcoming = event.occurrences.upcoming(now).filter(cancelled=False)
    return signals.EventAnnouncement(
        reference=event.reference,
        title=event.title,
        summary=event.summary,
        url=event_url(event),
        event_type=event.event_type,
        format=event.format,
        dates=[(occurrence.start, occurrence.end) for occurrence in upcoming],
        venue_name=event.venue_name,
        address=event.address,
        postcode=event.postcode,
        region=event.region,
        topics=list(event.topics.values_list("slug", flat=True)),
        is_free=event.is_free,
        cancelled_dates=list(cancelled_dates or []),
    )


def _announce(signal, event: Event, cancelled_dates=None) -> None:
    """Send the signal once the change is saved, so a listener never hears of something rolled back."""
    transaction.on_commit(
        lambda: signal.send(sender=Event, announcement=announcement(event, cancelled_dates)), robust=False
    )
