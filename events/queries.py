"""What the public lists, pages and feeds of events show, each in a fixed number of queries."""

import datetime

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from core.formatting import UK_TIME_ZONE
from pages.search import words_match

from .filters import EventFilters
from .models import Event, EventFormat, EventIndexPage, EventStatus, Occurrence

PUBLIC = Q(status=EventStatus.PUBLISHED) | Q(status=EventStatus.CANCELLED, published_at__isnull=False)


def public_events() -> QuerySet:
    """Published events, and cancelled ones that had been published."""
    return Event.objects.filter(PUBLIC)


# The same rule, for occurrences, as a join rather than a subquery.
PUBLIC_OCCURRENCE = Q(event__status=EventStatus.PUBLISHED) | Q(
    event__status=EventStatus.CANCELLED, event__published_at__isnull=False
)


def _public_occurrences() -> QuerySet:
    return Occurrence.objects.filter(PUBLIC_OCCURRENCE).select_related("event")


def _local_midnight(date: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(date, datetime.time(), tzinfo=UK_TIME_ZONE)


# Where the keyword filter looks for each word.
KEYWORD_FIELDS = ["event__title", "event__summary", "event__description", "event__organiser_organisation"]


def filter_occurrences(occurrences: QuerySet, filters: EventFilters) -> QuerySet:
    if filters.keyword:
        occurrences = occurrences.filter(words_match(filters.keyword, KEYWORD_FIELDS))
    if filters.region:
        occurrences = occurrences.filter(event__region=filters.region)
    if filters.event_type:
        occurrences = occurrences.filter(event__event_type=filters.event_type)
    if filters.format == EventFormat.ONLINE:  # hybrid events can be joined online too
        occurrences = occurrences.filter(event__format__in=[EventFormat.ONLINE, EventFormat.HYBRID])
    elif filters.format == EventFormat.IN_PERSON:
        occurrences = occurrences.filter(event__format__in=[EventFormat.IN_PERSON, EventFormat.HYBRID])
    elif filters.format:
        occurrences = occurrences.filter(event__format=filters.format)
    if filters.topic:
        occurrences = occurrences.filter(event__topics__slug=filters.topic)
    if filters.free_only:
        occurrences = occurrences.filter(event__is_free=True)
    if filters.date_from:  # on or after the day: anything still going on that day
        occurrences = occurrences.filter(end__gt=_local_midnight(filters.date_from))
    if filters.date_to:
        occurrences = occurrences.filter(start__lt=_local_midnight(filters.date_to + datetime.timedelta(days=1)))
    return occurrences


def upcoming(filters: EventFilters, now: datetime.datetime | None = None) -> QuerySet:
    """Occurrences still to end, soonest first."""
    now = now or timezone.now()
    return filter_occurrences(_public_occurrences().upcoming(now), filters).order_by("start", "pk")


def past(filters: EventFilters, now: datetime.datetime | None = None) -> QuerySet:
    """Occurrences that have ended, latest first."""
    now = now or timezone.now()
    return filter_occurrences(_public_occurrences().past(now), filters).order_by("-start", "-pk")


def upcoming_for_calendar(filters: EventFilters, now: datetime.datetime | None = None) -> QuerySet:
    """Events with a date still to come that matches, neither cancelled nor past, for the calendar feed."""
    matching = upcoming(filters, now).filter(cancelled=False, event__status=EventStatus.PUBLISHED)
    return (
        Event.objects.filter(pk__in=matching.values("event_id"))
        .prefetch_related("topics", "occurrences")
        .order_by("start_date", "start_time", "pk")
    )


def event_by_slug(slug: str) -> Event:
    return public_events().prefetch_related("topics").get(slug=slug)


def next_occurrences(event: Event, count: int = 10, now: datetime.datetime | None = None) -> list[Occurrence]:
    return list(event.occurrences.upcoming(now or timezone.now()).order_by("start")[:count])


def for_home(count: int, now: datetime.datetime | None = None) -> list[Event]:
    """The next `count` events for the home page, featured ones first, then the soonest.

    Each event comes once, with its next date as `next_start` and `next_end`.
    """
    now = now or timezone.now()
    next_dates = Occurrence.objects.filter(event=OuterRef("pk"), end__gt=now, cancelled=False).order_by("start")
    return list(
        Event.objects.filter(status=EventStatus.PUBLISHED)
        .annotate(next_start=Subquery(next_dates.values("start")[:1]), next_end=Subquery(next_dates.values("end")[:1]))
        .filter(next_start__isnull=False)
        .order_by("-featured", "next_start", "pk")[:count]
    )


def index_page() -> EventIndexPage | None:
    return EventIndexPage.objects.live().first()


def latest_change() -> datetime.datetime | None:
    return public_events().order_by("-updated_at").values_list("updated_at", flat=True).first()
