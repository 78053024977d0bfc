"""Events as iCalendar (RFC 5545) files that calendar programs import or subscribe to.

Each event is one VEVENT, whatever its number of dates: a repeating event
carries its rule (RRULE) and its cancelled dates (EXDATE). UIDs are stable
(the event's reference), SEQUENCE rises with every change, times carry
TZID=Europe/London with its VTIMEZONE, and all-day events are DATE values.
"""

import datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

from core.formatting import UK_TIME_ZONE
from core.links import absolute_url

from .models import Event, Repeat
from .schedule import nth_weekday
from .services import event_url

PRODUCT_ID = "-//Local Digital//Events hub//EN"
FREQUENCIES = {Repeat.WEEKLY: ("WEEKLY", 1), Repeat.FORTNIGHTLY: ("WEEKLY", 2), Repeat.MONTHLY: ("MONTHLY", 1)}
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def calendar_for(events, *, name: str) -> bytes:
    """A calendar of `events` (with `occurrences` and `topics` prefetched, ideally)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", UK_TIME_ZONE.key)
    for event in events:
        calendar.add_component(vevent(event))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def uid(event: Event) -> str:
    return f"{event.reference.lower()}@{urlsplit(settings.SITE_URL).hostname}"


def vevent(event: Event) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", uid(event))
    component.add("dtstamp", event.updated_at.astimezone(datetime.UTC) if event.updated_at else timezone.now())
    component.add("sequence", event.sequence)
    component.add("summary", event.title)
    url = event_url(event)
    component.add("description", f"{event.summary}\n\n{url}")
    component.add("url", url)
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    location = ", ".join(part for part in (event.venue_name, " ".join(event.address.split()), event.postcode) if part)
    component.add("location", location or "Online")
    component.add("categories", [event.get_event_type_display(), *(topic.name for topic in event.topics.all())])
    start = event.local_start()
    if event.all_day:
        component.add("dtstart", event.start_date)
        component.add("dtend", event.end_date + datetime.timedelta(days=1))
    else:
        component.add("dtstart", start.replace(tzinfo=UK_TIME_ZONE))
        component.add("dtend", (start + event.local_duration()).replace(tzinfo=UK_TIME_ZONE))
    if event.repeats and event.repeat_until:
        frequency, interval = FREQUENCIES[event.repeat]
        rule = {"freq": frequency, "interval": interval}
        if event.repeat == Repeat.MONTHLY:
            rule["byday"] = f"{nth_weekday(event.start_date)}{WEEKDAY_CODES[event.start_date.weekday()]}"
        if event.all_day:
            rule["until"] = event.repeat_until
        else:
            last = datetime.datetime.combine(event.repeat_until, datetime.time(23, 59, 59), tzinfo=UK_TIME_ZONE)
            rule["until"] = last.astimezone(datetime.UTC)
        component.add("rrule", rule)
        cancelled = [occurrence for occurrence in event.occurrences.all() if occurrence.cancelled]
        for occurrence in cancelled:
            start_of = occurrence.local_start
            component.add("exdate", start_of.date() if event.all_day else start_of)
    return component


def subscribe_links(path_with_query: str) -> dict:
    """The https address of a calendar feed, and the webcal:// one that calendar programs subscribe to."""
    https = absolute_url(path_with_query)
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}
