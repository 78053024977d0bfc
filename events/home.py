"""What the events hub offers the rest of the site: the home page's list and site search."""

from django.urls import reverse

from pages.search import SearchResult, words_match

from . import queries


def upcoming_for_home(request, count: int) -> dict | None:
    """The home page's ‘Upcoming events’: featured first, then the soonest. One query; None when there are none."""
    events = queries.for_home(count)
    if not events:
        return None
    return {"events": events, "all_url": reverse("events:list")}


def search_events(query: str, limit: int) -> list[SearchResult]:
    """Published and cancelled events, upcoming and past, whose name or summary has every word (or its plural)."""
    matching = queries.public_events().filter(words_match(query, ["title", "summary"]))
    events = matching.order_by("-start_date", "pk")[:limit]
    return [
        SearchResult(
            kind="Event",
            title=f"{event.title} (cancelled)" if event.is_cancelled else event.title,
            url=reverse("events:detail", args=[event.slug]),
            summary=event.summary,
        )
        for event in events
    ]
