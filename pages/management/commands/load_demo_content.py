"""Build the site's page tree with its initial content.

Idempotent: a page that already exists (by its slug) is left exactly as
editors have it, so a second run changes nothing.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page, Site

from declaration import demo as declaration_demo
from pages import demo
from pages.models import HomePage, SiteSettings, StandardPage
from roadmap.demo import build_roadmap_page
from roadmap.models import RoadmapPage


class Command(BaseCommand):
    help = (
        "Create the home page, About us, the roadmap, the footer pages and the Declaration's demo content, "
        "where they do not exist yet."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        self.created = []
        home = self.home_page()
        roadmap = self.child(home, RoadmapPage, demo_slug="roadmap", build=build_roadmap_page)
        self.child(
            home,
            StandardPage,
            demo_slug=demo.ABOUT["slug"],
            build=lambda: StandardPage(**self.with_link(demo.ABOUT, "Read our roadmap", roadmap)),
        )
        footer_pages = [
            self.child(home, StandardPage, demo_slug=content["slug"], build=lambda c=content: StandardPage(**c))
            for content in demo.FOOTER_PAGES
        ]
        self.site_settings(home, *footer_pages)
        self.created += declaration_demo.load(home)
        if self.created:
            self.stdout.write("Created: " + ", ".join(self.created) + ".")
        else:
            self.stdout.write("The demo content was already there; nothing changed.")

    def home_page(self) -> HomePage:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site and isinstance(site.root_page.specific, HomePage):
            return site.root_page.specific
        root = Page.get_first_root_node()
        # Wagtail's placeholder "Welcome" page holds the slug we want.
        for placeholder in root.get_children().exact_type(Page).filter(slug=demo.HOME["slug"]):
            if not placeholder.get_children().exists():
                placeholder.delete()
        home = root.add_child(instance=HomePage(**demo.HOME))
        home.save_revision().publish()
        self.created.append("home page")
        if site:
            site.root_page = home
            site.site_name = "Local Digital"
            site.save()
        else:
            Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Local Digital"
            )
        return home

    def child(self, parent, page_class, *, demo_slug, build):
        existing = parent.get_children().filter(slug=demo_slug).first()
        if existing:
            return existing.specific
        page = parent.add_child(instance=build())
        page.save_revision().publish()
        self.created.append(page.title)
        return page

    def with_link(self, content, text, page):
        return {**content, "body": [*content["body"], ("call_to_action", {"text": text, "page": page, "url": ""})]}

    def site_settings(self, home, accessibility, privacy, cookies):
        site = home.get_site()
        site_settings = SiteSettings.for_site(site)
        if (
            site_settings.accessibility_page_id is None
            and site_settings.privacy_page_id is None
            and site_settings.cookies_page_id is None
        ):
            site_settings.accessibility_page = accessibility
            site_settings.privacy_page = privacy
            site_settings.cookies_page = cookies
            site_settings.save()
            self.created.append("site settings")
