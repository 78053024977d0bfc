"""The public pages of the events hub: upcoming and past events, each event, and its calendar files.

Lists cost a fixed number of SQL queries however many events there are (see
events.queries); filters come from the address, so a filtered list can be
shared, and a filter that is not valid shows an error instead of failing.
"""

import hashlib
from itertools import groupby

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import condition, require_safe

from .. import calendars, queries
from ..filters import EventFilterForm
from ..models import Event

PER_PAGE = 20
UPCOMING_TITLE = "Events"
PAST_TITLE = "Past events"
# The calendar feed is made again at most this often (seconds) unless an event changes.
FEED_CACHE_SECONDS = 300


def _listing(request, *, past: bool):
    form = EventFilterForm(request.GET)
    filters = form.filters()
    occurrences = queries.past(filters) if past else queries.upcoming(filters)
    page = Paginator(occurrences, PER_PAGE).get_page(request.GET.get("page"))
    index_page = queries.index_page()
    query = request.GET.copy()
    query.pop("page", None)
    feed_path = reverse("events:feed_ics") + (f"?{query.urlencode()}" if query else "")
    return {
        "form": form,
        "filtered": filters.any(),
        "results": page,
        "months": [
            (month, list(items)) for month, items in groupby(page, key=lambda o: o.local_start.date().replace(day=1))
        ],
        "page": index_page,
        "past": past,
        "subscribe": calendars.subscribe_links(feed_path),
        "breadcrumbs": [{"text": "Home", "href": "/"}],
    }


@require_safe
def event_list(request):
    context = _listing(request, past=False)
    context["title"] = context["page"].title if context["page"] else UPCOMING_TITLE
    return render(request, "events/event_list.html", context)


@require_safe
def past_list(request):
    context = _listing(request, past=True)
    context["title"] = PAST_TITLE
    context["breadcrumbs"].append(
        {"text": context["page"].title if context["page"] else UPCOMING_TITLE, "href": reverse("events:list")}
    )
    return render(request, "events/event_list.html", context)


def _public_event(slug) -> Event:
    try:
        return queries.event_by_slug(slug)
    except Event.DoesNotExist as error:
        raise Http404("No event has that address") from error


@require_safe
def event_detail(request, slug):
    event = _public_event(slug)
    now = timezone.now()
    upcoming = queries.next_occurrences(event, now=now)
    index_page = queries.index_page()
    context = {
        "event": event,
        "next_occurrences": upcoming,
        "first": upcoming[0] if upcoming else event.occurrences.order_by("-start").first(),
        "is_past": not upcoming,
        "breadcrumbs": [
            {"text": "Home", "href": "/"},
            {"text": index_page.title if index_page else UPCOMING_TITLE, "href": reverse("events:list")},
        ],
    }
    return render(request, "events/event_detail.html", context)


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    return HttpResponse(
        body,
        content_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


@require_safe
def event_ics(request, slug):
    event = _public_event(slug)
    return _calendar_response(calendars.calendar_for([event], name=event.title), f"{event.slug}.ics")


def _feed_etag(request, *args, **kwargs) -> str:
    """Changes when any event changes, with the filters, and every few minutes as events end."""
    window = int(timezone.now().timestamp()) // FEED_CACHE_SECONDS
    latest = Event.objects.aggregate(latest=Max("updated_at"))["latest"]
    key = f"{request.GET.urlencode()}|{latest.isoformat() if latest else ''}|{window}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


@require_safe
@condition(etag_func=_feed_etag)
def feed_ics(request):
    """Every upcoming event that matches, for calendars that subscribe; made once per change, then cached.

    Calendar programs poll it; one with the latest copy gets "304 Not Modified".
    """
    cache_key = f"events:feed.ics:{_feed_etag(request)}"
    body = cache.get(cache_key)
    if body is None:
        filters = EventFilterForm(request.GET).filters()
        events = queries.upcoming_for_calendar(filters)
        body = calendars.calendar_for(events, name="Local Digital events")
        cache.set(cache_key, body, FEED_CACHE_SECONDS)
    return _calendar_response(body, "local-digital-events.ics")
