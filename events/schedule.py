"""When an event happens: its repeat rule expanded into dates, in UK time, right across GMT and BST.

A repeating event keeps its wall-clock time: a meetup at 6pm is at 6pm in
January (GMT) and in July (BST). Each date is turned into an aware UTC
datetime only at the end. A time that does not exist (01:30 on the night the
clocks go forward) reads as the same moment an hour later by the clock,
02:30 BST; a time that happens twice (01:30 on the night they go back) is
the first of the two, in BST.
"""

import datetime

from dateutil import rrule

from core.formatting import UK_TIME_ZONE

from .models import Repeat

WEEKDAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
# How far ahead a repeating event may go on repeating.
MOST_REPEAT = datetime.timedelta(days=365)


def aware(local: datetime.datetime) -> datetime.datetime:
    """A UK wall-clock time as an aware datetime (in UTC, as the database keeps it)."""
    return local.replace(tzinfo=UK_TIME_ZONE).astimezone(datetime.UTC)


def exists_in_uk(local: datetime.datetime) -> bool:
    """Whether a UK clock shows this time on this date: 1:30am does not happen when the clocks go forward."""
    there_and_back = aware(local).astimezone(UK_TIME_ZONE).replace(tzinfo=None)
    return there_and_back == local


def nth_weekday(date: datetime.date) -> int:
    """Which of its month's weekdays `date` is: 1 for the first Tuesday ... -1 for a fifth, the last."""
    nth = (date.day - 1) // 7 + 1
    return -1 if nth == 5 else nth


def monthly_description(date: datetime.date) -> str:
    """‘the second Tuesday of each month’."""
    return f"the {ORDINALS[nth_weekday(date)]} {date:%A} of each month"


def rule_for(repeat: str, start: datetime.datetime, until: datetime.date | None) -> rrule.rrule | None:
    if repeat == Repeat.NONE or until is None:
        return None
    end = datetime.datetime.combine(until, datetime.time.max)
    if repeat == Repeat.MONTHLY:
        weekday = WEEKDAYS[start.weekday()](nth_weekday(start.date()))
        return rrule.rrule(rrule.MONTHLY, dtstart=start, byweekday=weekday, until=end)
    interval = 2 if repeat == Repeat.FORTNIGHTLY else 1
    return rrule.rrule(rrule.WEEKLY, interval=interval, dtstart=start, until=end)


def local_starts(event) -> list[datetime.datetime]:
    """Every start of the event as a UK wall-clock time (naive), the first one included."""
    first = event.local_start()
    rule = rule_for(event.repeat, first, event.repeat_until)
    if rule is None:
        return [first]
    starts = list(rule)
    return starts if starts and starts[0] == first else [first, *starts]


def occurrence_times(event) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """(start, end) of every occurrence, aware, in date order."""
    duration = event.local_duration()
    return [(aware(start), aware(start + duration)) for start in local_starts(event)]
