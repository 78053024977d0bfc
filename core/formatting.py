"""Dates, times and reference numbers written the GOV.UK way, in one place.

GOV.UK style: ‘3 August 2018’, ‘4:05pm’, ‘10am’, ‘midday’, ‘midnight’, and
‘to’ in ranges, never a dash. Times are shown in UK time (Europe/London), so a
summer datetime stored in UTC reads an hour later.
"""

import datetime
import secrets
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.utils import timezone

# The one UK time zone: every date and time people read, type or put in a calendar is in it.
UK_TIME_ZONE = ZoneInfo("Europe/London")

REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L or U/V mix-ups


def format_date(value: datetime.date) -> str:
    """‘3 August 2018’."""
    return f"{value.day} {value:%B %Y}"


def format_time(value: datetime.time) -> str:
    """‘4:05pm’, ‘10am’, ‘midday’, ‘midnight’."""
    if value.minute == 0 and value.hour in (0, 12):
        return "midnight" if value.hour == 0 else "midday"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def uk_time(value: datetime.datetime) -> datetime.datetime:
    """An aware datetime in UK time; a naive one is taken to be UK time already."""
    return timezone.localtime(value, UK_TIME_ZONE) if timezone.is_aware(value) else value


def format_datetime(value: datetime.datetime) -> str:
    """‘3 August 2018 at 4:05pm’, in UK time."""
    value = uk_time(value)
    return f"{format_date(value)} at {format_time(value.time())}"


def format_date_range(start: datetime.date | None, end: datetime.date | None) -> str:
    """‘3 August 2018’, ‘3 to 5 August 2018’, ‘30 July to 2 August 2018’,
    ‘30 December 2018 to 2 January 2019’; either end alone is a single day, neither is ‘’.
    """
    start = start or end
    end = end or start
    if start is None:
        return ""
    if start == end:
        return format_date(start)
    if start.year != end.year:
        return f"{format_date(start)} to {format_date(end)}"
    if start.month != end.month:
        return f"{start.day} {start:%B} to {format_date(end)}"
    return f"{start.day} to {format_date(end)}"


def format_pounds(amount) -> str:
    """£80,000 for whole pounds, £80,000.50 otherwise (a Decimal, never a float)."""
    return f"£{amount:,.0f}" if amount == amount.to_integral_value() else f"£{amount:,.2f}"


def format_datetime_range(start: datetime.datetime, end: datetime.datetime | None) -> str:
    """‘3 August 2018, 10am to 4:30pm’ on one day;
    ‘3 August 2018 at 10am to 5 August 2018 at 4pm’ across days. In UK time.
    """
    start = uk_time(start)
    if end is None:
        return format_datetime(start)
    end = uk_time(end)
    if start.date() == end.date():
        return f"{format_date(start)}, {format_time(start.time())} to {format_time(end.time())}"
    return f"{format_datetime(start)} to {format_datetime(end)}"


def new_reference(prefix: str, exists: Callable[[str], bool], length: int = 4, attempts: int = 100) -> str:
    """A reference people can read out over the phone, like ‘LD-DEC-7K3Q’, that `exists` says is unused.

    Four characters give 810,000 references per prefix; give a longer `length` where more are needed.
    """
    for _ in range(attempts):
        reference = f"{prefix}-{''.join(secrets.choice(REFERENCE_ALPHABET) for _ in range(length))}"
        if not exists(reference):
            return reference
    raise RuntimeError(f"No unused {prefix} reference after {attempts} attempts: use a longer one")
