"""The events hub's real content, installed by `bootstrap_site`: the events page and the site's first topics."""

from pages.bootstrap import add_home_call_to_action, add_home_section, add_page
from topics.services import ensure_topic

from .models import EventIndexPage

EVENTS_PAGE = {
    "title": "Events",
    "slug": "events",
    "show_in_menus": True,
    "introduction": "Digital events for people in local government: conferences, meetups, workshops, "
    "webinars and communities of practice. Share yours, or subscribe to them in your calendar.",
    "search_description": "Find and share digital events for local government.",
}

TOPICS = [
    ("Data", "data"),
    ("Cyber security", "cyber-security"),
    ("Procurement", "procurement"),
    ("User research", "user-research"),
    ("Planning", "planning"),
    ("Social care", "social-care"),
    ("Housing", "housing"),
    ("Service design", "service-design"),
]


def load_site_pages(home) -> list[str]:
    created = []
    for name, slug in TOPICS:
        _, made = ensure_topic(name, slug)
        if made:
            created.append(f"topic ‘{name}’")
    page, made = add_page(home, slug=EVENTS_PAGE["slug"], build=lambda: EventIndexPage(**EVENTS_PAGE))
    if made:
        created.append(page.title)
        created += add_home_call_to_action(home, text="Find an event", page=page)
        created += add_home_section(home, name="upcoming_events", heading="Upcoming events", count=3)
    return created
