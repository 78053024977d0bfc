"""The Atom feed of upcoming events, for feed readers (Django's syndication framework)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from core.formatting import format_datetime_range
from core.links import absolute_url

from . import queries
from .filters import EventFilterForm
from .services import event_url

MOST_ITEMS = 50


class UpcomingEventsFeed(Feed):
    feed_type = Atom1Feed
    title = "Local Digital events"
    subtitle = "Upcoming digital events for local government, shared on Local Digital."

    def get_object(self, request, *args, **kwargs):
        return EventFilterForm(request.GET).filters()

    def link(self):
        return absolute_url(reverse("events:list"))

    def feed_url(self):
        return absolute_url(reverse("events:feed_atom"))

    def items(self, filters):
        occurrences = queries.upcoming(filters).filter(cancelled=False, event__status="published")
        return list(occurrences[:MOST_ITEMS])

    def item_title(self, occurrence):
        return f"{occurrence.event.title} ({format_datetime_range(occurrence.start, occurrence.end)})"

    def item_description(self, occurrence):
        return occurrence.event.summary

    def item_link(self, occurrence):
        return event_url(occurrence.event)

    def item_guid(self, occurrence):
        return f"{event_url(occurrence.event)}#{occurrence.start:%Y%m%dT%H%M%SZ}"

    def item_guid_is_permalink(self, occurrence):
        return False

    def item_pubdate(self, occurrence):
        return occurrence.event.published_at

    def item_updateddate(self, occurrence):
        return occurrence.event.updated_at

    def item_categories(self, occurrence):
        return [occurrence.event.get_event_type_display()]
