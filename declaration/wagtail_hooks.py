"""How the Declaration plugs into the site: its URLs, admin review, history wording, pages and work.

- its public pages under /declaration/;
- its principles, signatories and published commitments in site search;
- the number of signatories and the latest, for the home page;
- the admin's "Declaration sign-ups", the wording of each commitment's history, and on the
  admin's dashboard how many sign-ups wait for review;
- the Declaration page and its principles, which a real site needs (`bootstrap_site`);
- illustrative signatories and sign-ups for `make run` (`load_demo_content`);
- its projects on each principle's page, after news (`register_principle_content`);
- the daily deletion of sign-ups never confirmed (`schedule_background_work`);
- what its public pages show, so a change empties the page cache (`register_page_cache_models`).
"""

from django.urls import include, path
from wagtail import hooks

from core.periodic import PeriodicTask

from . import demo, site_pages
from .admin_views import CommitmentViewSet
from .home_sections import HOME_SECTIONS
from .models import Commitment, Principle, Signatory
from .principle_content import DECLARATION_PROJECTS
from .search import SEARCH_KINDS
from .tasks import delete_unconfirmed_sign_ups
from .workflow import REVIEW


@hooks.register("register_site_urls")
def register_declaration_urls():
    return [path("declaration/", include("declaration.urls"))]


@hooks.register("register_search_kinds")
def register_declaration_search_kinds():
    return SEARCH_KINDS


@hooks.register("register_home_sections")
def register_declaration_home_sections():
    return HOME_SECTIONS


SIGN_UPS = CommitmentViewSet()


@hooks.register("register_admin_viewset")
def register_commitment_viewset():
    return SIGN_UPS


@hooks.register("construct_homepage_panels")
def add_sign_ups_waiting_panel(request, panels):
    panel = SIGN_UPS.waiting_panel(request.user)
    if panel:
        panels.append(panel)


@hooks.register("register_log_actions")
def register_declaration_log_actions(actions):
    REVIEW.register_log_actions(actions)


@hooks.register("register_site_pages", order=10)  # after About us in the navigation
def add_declaration_page(home):
    return site_pages.load_site_pages(home)


@hooks.register("register_demo_content")
def add_demo_sign_ups(home):
    return demo.load_demo_sign_ups(home)


@hooks.register("register_periodic_tasks")
def register_sign_up_clean_up():
    return [PeriodicTask("deleting unconfirmed Declaration sign-ups (daily)", delete_unconfirmed_sign_ups)]


@hooks.register("register_principle_content", order=10)  # after news
def register_declaration_projects():
    return [DECLARATION_PROJECTS]


@hooks.register("register_page_cache_models")
def page_cache_models():
    return [Signatory, Commitment, Principle]
