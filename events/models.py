"""Events that anyone shares, that moderators publish, and the dates on which they happen.

An event is stored once, with its repeat rule; its occurrences (one row per
date, in UTC) are worked out from the rule in UK time whenever the event is
saved through events.services, so lists, filters and pages are plain SQL.
"""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse

from core.formatting import UK_TIME_ZONE, format_date_range, format_datetime_range, format_time
from organisations.models import Region
from pages.models import BasePage


def describe_when(start: datetime.datetime, end: datetime.datetime, all_day: bool) -> str:
    """‘3 August 2026, 6pm to 8pm’, ‘3 to 4 August 2026 (all day)’, in UK time."""
    if all_day:
        last_day = (end.astimezone(UK_TIME_ZONE) - datetime.timedelta(days=1)).date()
        return f"{format_date_range(start.astimezone(UK_TIME_ZONE).date(), last_day)} (all day)"
    return format_datetime_range(start, end)


class EventType(models.TextChoices):
    CONFERENCE = "conference", "Conference"
    MEETUP = "meetup", "Meetup"
    WORKSHOP = "workshop", "Workshop"
    WEBINAR = "webinar", "Webinar"
    TRAINING = "training", "Training"
    SHOW_AND_TELL = "show_and_tell", "Show and tell"
    COMMUNITY_OF_PRACTICE = "community_of_practice", "Community of practice"
    OTHER = "other", "Other"


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    HYBRID = "hybrid", "Hybrid (in person and online)"


class Repeat(models.TextChoices):
    NONE = "none", "Does not repeat"
    WEEKLY = "weekly", "Every week"
    FORTNIGHTLY = "fortnightly", "Every 2 weeks"
    MONTHLY = "monthly", "Every month, on the same weekday"


class EventStatus(models.TextChoices):
    AWAITING_MODERATION = "awaiting_moderation", "Waiting for moderation"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Rejected"
    UNPUBLISHED = "unpublished", "Unpublished"
    CANCELLED = "cancelled", "Cancelled"


VENUE_REGIONS = [choice for choice in Region.choices if choice[0] != Region.NATIONAL]


class Event(models.Model):
    reference = models.CharField(max_length=20, unique=True, editable=False)
    slug = models.SlugField(max_length=80, unique=True, editable=False)
    submission_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    status = models.CharField(
        max_length=30, choices=EventStatus.choices, default=EventStatus.AWAITING_MODERATION, db_index=True
    )
    featured = models.BooleanField(default=False, help_text="Shown first on the home page.")
    # Rises each time the event changes, so calendars that subscribed replace their copy.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    title = models.CharField(max_length=150)
    summary = models.CharField(max_length=300)
    description = models.TextField(max_length=5000)
    event_type = models.CharField("Type of event", max_length=30, choices=EventType.choices)
    topics = models.ManyToManyField("topics.Topic", blank=True, related_name="events")
    format = models.CharField(max_length=20, choices=EventFormat.choices)

    start_date = models.DateField()
    end_date = models.DateField()
    all_day = models.BooleanField(default=False)
    start_time = models.TimeField(null=True, blank=True, help_text="UK time")
    end_time = models.TimeField(null=True, blank=True, help_text="UK time")
    repeat = models.CharField(max_length=20, choices=Repeat.choices, default=Repeat.NONE)
    repeat_until = models.DateField(null=True, blank=True)

    venue_name = models.CharField(max_length=150, blank=True)
    address = models.TextField(max_length=500, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    region = models.CharField(max_length=30, choices=VENUE_REGIONS, blank=True)
    joining_notes = models.TextField(max_length=1000, blank=True)

    booking_url = models.URLField("Booking or event link", max_length=500)
    is_free = models.BooleanField(default=True)
    price_note = models.CharField(max_length=200, blank=True)

    organiser_name = models.CharField(max_length=100)
    organiser_organisation = models.CharField(max_length=150)
    submitter_email = models.EmailField(max_length=254, blank=True)

    rejection_reason = models.TextField(max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["start_date", "start_time"]
        indexes = [models.Index(fields=["submitter_email", "created_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """The event's public page (a CDN purges it when the event changes: core/page_cache.py)."""
        return reverse("events:detail", args=[self.slug])

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def has_venue(self) -> bool:
        return self.format != EventFormat.ONLINE

    @property
    def is_online(self) -> bool:
        return self.format != EventFormat.IN_PERSON

    @property
    def repeats(self) -> bool:
        return self.repeat != Repeat.NONE

    @property
    def first_when(self) -> str:
        """The first date and times as given: ‘3 to 4 August 2026’, ‘3 August 2026, 6pm to 8pm’."""
        dates = format_date_range(self.start_date, self.end_date)
        if self.all_day:
            return f"{dates} (all day)"
        return f"{dates}, {format_time(self.start_time)} to {format_time(self.end_time)}"

    @property
    def next_when(self) -> str:
        """When it next happens, for an event annotated with `next_start` and `next_end` (events.queries)."""
        return describe_when(self.next_start, self.next_end, self.all_day)

    @property
    def location(self) -> str:
        """‘Online’, or the venue and town; ‘and online’ for a hybrid event."""
        if self.format == EventFormat.ONLINE:
            return "Online"
        town = self.address.strip().splitlines()[-1].strip() if self.address.strip() else ""
        place = ", ".join(part for part in (self.venue_name, town) if part)
        return f"{place}, and online" if self.format == EventFormat.HYBRID else place

    def local_start(self) -> datetime.datetime:
        """The first occurrence's start as a UK wall-clock time (naive)."""
        return datetime.datetime.combine(self.start_date, self.start_time if not self.all_day else datetime.time())

    def local_duration(self) -> datetime.timedelta:
        """From start to end in wall-clock time: an event from 10am to 4pm lasts 10am to 4pm on every date."""
        if self.all_day:
            return datetime.timedelta(days=(self.end_date - self.start_date).days + 1)
        return datetime.datetime.combine(self.end_date, self.end_time) - self.local_start()


class OccurrenceQuerySet(models.QuerySet):
    """Which dates are still to come; which events the public see is events.queries' rule."""

    def upcoming(self, now):
        """Still to end: an event leaves the list when it finishes, not when its day does."""
        return self.filter(end__gt=now)

    def past(self, now):
        return self.filter(end__lte=now)


class Occurrence(models.Model):
    """One date of an event: the event itself, or one of a repeating event's dates."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="occurrences")
    start = models.DateTimeField()
    end = models.DateTimeField()
    cancelled = models.BooleanField(default=False)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "start"], name="one_occurrence_per_start")]
        indexes = [models.Index(fields=["start"]), models.Index(fields=["end"])]

    def __str__(self):
        return f"{self.event.title}, {self.local_start:%Y-%m-%d %H:%M}"

    @property
    def local_start(self) -> datetime.datetime:
        return self.start.astimezone(UK_TIME_ZONE)

    @property
    def local_end(self) -> datetime.datetime:
        return self.end.astimezone(UK_TIME_ZONE)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled or self.event.is_cancelled

    @property
    def when(self) -> str:
        return describe_when(self.start, self.end, self.event.all_day)


class EventIndexPage(BasePage):
    """What editors write for /events/: its title and introduction, which the list shows.

    events.views serves /events/ itself and reads this page (events.queries.index_page);
    the page's own template is only its preview: the heading as the list shows it.
    """

    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "events page"
