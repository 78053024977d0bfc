"""Build the site's content: the page tree a real site needs, and the demo content on top of it.

`manage.py bootstrap_site` makes the home page, then runs every app's
`register_site_pages` hook. `manage.py load_demo_content` does the same,
then runs every app's `register_demo_content` hook. Apps plug in through
these Wagtail hooks in their own `wagtail_hooks.py`, so adding an app changes
no file here.

`register_site_pages`
    Content that is true and safe on the live site: an app's page under the
    home page and what it needs to work (the roadmap, the Declaration page
    and its principles). Never made-up organisations or people.

`register_demo_content`
    Made-up, illustrative content so that a development site shows every
    part of a service working (demo signatories, sign-ups in each review
    state). Never run in production.

A hook function takes the home page and returns a list of what it created,
in words ("Collaboration Unit roadmap", "7 sign-ups in review"), or an empty
list. It must be idempotent: create only what is missing, found by slug or
another natural key, and never change what is already there, so that
running again changes nothing and never overwrites an editor's work.
`add_page` does this for a page.

Hooks run in their `order` (`@hooks.register(name, order=...)`, default 0),
and pages are added under the home page in that order, which is also their
order in the navigation. Here, About us and the footer pages run at 0; a
page that About us links to (the roadmap, found by its slug) runs before it,
at a negative order.

Staff groups and the moderation workflow are not made here: data migrations
make them, so every database has them.
"""

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail import hooks
from wagtail.models import Page, Site

from . import site_pages
from .models import HomePage, SiteSettings, StandardPage

SITE_NAME = "Local Digital"
ROADMAP_SLUG = "roadmap"


def add_page(parent: Page, *, slug: str, build: Callable[[], Page]) -> tuple[Page, bool]:
    """The page at `slug` under `parent`, built and published if it is missing. Returns (page, created)."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific, False
    page = parent.add_child(instance=build())
    page.save_revision().publish()
    return page, True


@transaction.atomic
def bootstrap_site() -> list[str]:
    """Make whatever of the production-safe page tree is missing. Returns what it created."""
    home, created = home_page()
    created += point_site_at_site_url()
    for hook in hooks.get_hooks("register_site_pages"):
        created += hook(home)
    return created


@transaction.atomic
def load_demo_content() -> list[str]:
    """Bootstrap the site, then add every app's demo content that is missing. Returns what it created."""
    created = bootstrap_site()
    home = home_page()[0]
    for hook in hooks.get_hooks("register_demo_content"):
        created += hook(home)
    return created


def home_page() -> tuple[HomePage, list[str]]:
    """The default site's home page, made (and the site pointed at it) if there is none."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific, []
    root = Page.get_first_root_node()
    # Wagtail's placeholder "Welcome" page holds the slug we want.
    for placeholder in root.get_children().exact_type(Page).filter(slug=site_pages.HOME["slug"]):
        if not placeholder.get_children().exists():
            placeholder.delete()
    home = root.add_child(instance=HomePage(**site_pages.HOME))
    home.save_revision().publish()
    if site:
        site.root_page = home
        site.site_name = SITE_NAME
        site.save()
    else:
        hostname, port = _site_url_host_and_port()
        Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True, site_name=SITE_NAME)
    return home, ["home page"]


def add_home_section(home: HomePage, *, name: str, heading: str, count: int = 3) -> list[str]:
    """Put an app's list (see pages/home_sections.py) at the end of the home page, once.

    Call it when the app first adds its pages, so that an editor who later
    removes the list from the home page does not find it back.
    """
    if any(block.block_type == "home_section" and block.value["section"] == name for block in home.body):
        return []
    home.body.append(("home_section", {"section": name, "heading": heading, "count": count}))
    home.save_revision().publish()
    return [f"‘{heading}’ on the home page"]


def add_home_call_to_action(home: HomePage, *, text: str, page: Page | None = None, url: str = "") -> list[str]:
    """Add a button to the home page's group of buttons, once; the group goes under its first paragraph.

    Call it when the app first adds its pages. The first button of the group
    is the main action. A button to a page shows only while the page is live,
    so an app can add its button before its page is published.
    """
    group = home.body.stream_block.child_blocks["calls_to_action"]
    action = group.child_blocks["actions"].child_block.normalize({"text": text, "page": page, "url": url})
    for block in home.body:
        if block.block_type == "calls_to_action":
            if any(existing["text"] == text for existing in block.value["actions"]):
                return []
            block.value["actions"].append(action)
            break
    else:
        home.body.insert(min(1, len(home.body)), ("calls_to_action", group.normalize({"actions": [action]})))
    home.save_revision().publish()
    return [f"‘{text}’ button on the home page"]


def point_site_at_site_url() -> list[str]:
    """Give the default site the host and port of SITE_URL, so page addresses and the sitemap use it."""
    hostname, port = _site_url_host_and_port()
    site = Site.objects.filter(is_default_site=True).exclude(hostname=hostname, port=port).first()
    if site is None:
        return []
    site.hostname, site.port = hostname, port
    site.save()  # save(), not update(): Wagtail forgets its cached site addresses on save
    return [f"the site's address ({settings.SITE_URL})"]


def _site_url_host_and_port() -> tuple[str, int]:
    address = urlsplit(settings.SITE_URL)
    return address.hostname, address.port or (443 if address.scheme == "https" else 80)


def add_about_and_footer_pages(home: HomePage) -> list[str]:
    """About us (linking to the roadmap, when there is one), the footer pages, and the footer links to them."""
    created = []
    roadmap = home.get_children().filter(slug=ROADMAP_SLUG).first()
    about, made = add_page(home, slug=site_pages.ABOUT["slug"], build=lambda: StandardPage(**_about(roadmap)))
    if made:
        created.append(about.title)
    footer_pages = []
    for content in site_pages.FOOTER_PAGES:
        page, made = add_page(home, slug=content["slug"], build=lambda c=content: StandardPage(**c))
        footer_pages.append(page)
        if made:
            created.append(page.title)
    if _link_footer_pages(home, *footer_pages):
        created.append("site settings")
    return created


def _about(roadmap: Page | None) -> dict:
    if roadmap is None:
        return site_pages.ABOUT
    link = ("call_to_action", {"text": "Read our roadmap", "page": roadmap, "url": ""})
    return {**site_pages.ABOUT, "body": [*site_pages.ABOUT["body"], link]}


def _link_footer_pages(home: HomePage, accessibility: Page, privacy: Page, cookies: Page) -> bool:
    """Point the footer links at the footer pages, unless an editor has set any of them. Returns whether it did."""
    site_settings = SiteSettings.for_site(home.get_site())
    if site_settings.accessibility_page_id or site_settings.privacy_page_id or site_settings.cookies_page_id:
        return False
    site_settings.accessibility_page = accessibility
    site_settings.privacy_page = privacy
    site_settings.cookies_page = cookies
    site_settings.save()
    return True
