"""Events for tests, stored through the service so their dates are worked out as the site does.

make_event()                                   # published, next week 6pm to 8pm, in person in London
make_event(status=EventStatus.AWAITING_MODERATION, title="Data meetup")
make_event(repeat=Repeat.WEEKLY, repeat_until=day)  # one occurrence per week
bulk_events(1000)                              # many published events at once, one date each
"""

import datetime
import uuid

from django.utils import timezone

from core.formatting import UK_TIME_ZONE
from events import services
from events.models import Event, EventFormat, EventStatus, EventType, Occurrence, Repeat

DEFAULTS = {
    "title": "Data in social care meetup",
    "summary": "Meet people working with social care data.",
    "description": "Talks and time to chat.\n\nMore at https://example.com/more.",
    "event_type": EventType.MEETUP,
    "format": EventFormat.IN_PERSON,
    "all_day": False,
    "start_time": datetime.time(18),
    "end_time": datetime.time(20),
    "repeat": Repeat.NONE,
    "repeat_until": None,
    "venue_name": "Example Hall",
    "address": "1 Example Street\nLondon",
    "postcode": "SE1 7XX",
    "region": "london",
    "joining_notes": "",
    "booking_url": "https://example.com/book",
    "is_free": True,
    "price_note": "",
    "organiser_name": "Sam Example",
    "organiser_organisation": "Exampleshire County Council",
    "submitter_email": "sam@example.gov.uk",
}


def make_event(status=EventStatus.PUBLISHED, topics=(), featured=False, **answers) -> Event:
    start_date = answers.pop("start_date", timezone.localdate() + datetime.timedelta(days=7))
    data = {**DEFAULTS, "start_date": start_date, "end_date": start_date, "topics": list(topics), **answers}
    event = services.store_event(data, status=status, submission_key=uuid.uuid4())
    if featured:
        event.featured = True
        event.save(update_fields=["featured"])
    return event


def bulk_events(count: int, *, first_day=None) -> None:
    """`count` published one-date events, a day apart from `first_day`, in two queries."""
    first_day = first_day or timezone.localdate() + datetime.timedelta(days=1)
    made = Event.objects.filter(reference__startswith="LD-EVT-B").count()  # numbered after any made before
    events = Event.objects.bulk_create(
        Event(
            **{key: value for key, value in DEFAULTS.items() if key != "title"},
            reference=f"LD-EVT-B{n:05d}",
            slug=f"bench-event-{n:05d}",
            title=f"Bench event {n}",
            status=EventStatus.PUBLISHED,
            published_at=timezone.now(),
            start_date=first_day + datetime.timedelta(days=n % 300),
            end_date=first_day + datetime.timedelta(days=n % 300),
        )
        for n in range(made, made + count)
    )
    Occurrence.objects.bulk_create(
        Occurrence(
            event=event,
            start=datetime.datetime.combine(event.start_date, event.start_time, tzinfo=UK_TIME_ZONE),
            end=datetime.datetime.combine(event.end_date, event.end_time, tzinfo=UK_TIME_ZONE),
        )
        for event in events
    )
