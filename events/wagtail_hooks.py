"""How the events hub plugs into the site (see pages/bootstrap.py, pages/home_sections.py, pages/search.py).

- its public pages under /events/ and the submitter's private pages;
- the admin's "Events" (moderation) and the wording of each event's history;
- the events page in the navigation, its list on the home page and the site's first topics (`bootstrap_site`);
- made-up events for `make run` (`load_demo_content`);
- ‘Upcoming events’ for the home page, and events in site search;
- what its public pages show, so a change empties the page cache (`register_page_cache_models`).
"""

from django.urls import include, path
from wagtail import hooks

from pages.home_sections import HomeSection
from pages.search import SearchKind

from . import demo, site_pages
from .admin_views import EventViewSet
from .home import search_events, upcoming_for_home
from .models import Event, Occurrence
from .workflow import MODERATION


@hooks.register("register_site_urls")
def register_events_urls():
    return [path("events/", include("events.urls"))]


@hooks.register("register_admin_viewset")
def register_event_viewset():
    return EventViewSet()


@hooks.register("register_log_actions")
def register_events_log_actions(actions):
    MODERATION.register_log_actions(actions)


@hooks.register("register_site_pages", order=20)  # after the Declaration in the navigation
def add_events_page(home):
    return site_pages.load_site_pages(home)


@hooks.register("register_demo_content")
def add_demo_events(home):
    return demo.load_demo_events()


@hooks.register("register_home_sections")
def home_sections():
    return [HomeSection("upcoming_events", "Upcoming events", "events/home_section.html", upcoming_for_home)]


@hooks.register("register_search_kinds")
def search_kinds():
    return [SearchKind(label="Event", search=search_events)]


@hooks.register("register_page_cache_models")
def page_cache_models():
    return [Event, Occurrence]
