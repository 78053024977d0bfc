import pytest
from bs4 import BeautifulSoup

from pages.models import SiteSettings
from tests.factories.pages import StandardPageFactory

pytestmark = pytest.mark.django_db


def soup_of(client, path):
    return BeautifulSoup(client.get(path).content, "html.parser")


def test_navigation_lists_home_and_the_pages_editors_put_in_menus(client, home_page):
    StandardPageFactory(parent=home_page, title="About us", slug="about", show_in_menus=True)
    StandardPageFactory(parent=home_page, title="Cookies", slug="cookies", show_in_menus=False)

    nav = soup_of(client, "/about/").select_one(".govuk-service-navigation__list")

    links = [(a.get_text(strip=True), a["href"]) for a in nav.select("a")]
    assert links == [("Home", "/"), ("About us", "/about/")]
    assert nav.select_one("[aria-current]").get_text(strip=True) == "About us"


def test_phase_banner_shows_what_editors_set_and_hides_when_empty(client, home_page):
    site_settings = SiteSettings.for_site(home_page.get_site())
    site_settings.phase = "Alpha"
    site_settings.phase_banner_text = "This is a <new> service."
    site_settings.feedback_url = "https://example.com/feedback"
    site_settings.save()

    banner = soup_of(client, "/").select_one(".govuk-phase-banner")
    assert banner.select_one(".govuk-tag").get_text(strip=True) == "Alpha"
    assert "This is a <new> service." in banner.get_text()
    assert banner.select_one("a")["href"] == "https://example.com/feedback"

    site_settings.phase = ""
    site_settings.save()
    assert soup_of(client, "/").select_one(".govuk-phase-banner") is None


def test_footer_links_to_the_pages_chosen_in_site_settings(client, home_page):
    accessibility = StandardPageFactory(parent=home_page, title="Accessibility statement", slug="accessibility")
    cookies = StandardPageFactory(parent=home_page, title="Cookies", slug="cookies")
    site_settings = SiteSettings.for_site(home_page.get_site())
    site_settings.accessibility_page = accessibility
    site_settings.cookies_page = cookies
    site_settings.save()

    footer = soup_of(client, "/").select_one(".govuk-footer")

    links = [(a.get_text(strip=True), a["href"]) for a in footer.select(".govuk-footer__inline-list a")]
    assert links == [("Accessibility statement", "/accessibility/"), ("Cookies", "/cookies/")]


def test_breadcrumbs_lead_back_through_the_ancestors(client, home_page):
    about = StandardPageFactory(parent=home_page, title="About us", slug="about")
    StandardPageFactory(parent=about, title="Our team", slug="team")

    crumbs = soup_of(client, "/about/team/").select(".govuk-breadcrumbs__list-item a")

    assert [(a.get_text(strip=True), a["href"]) for a in crumbs] == [("Home", "/"), ("About us", "/about/")]


def test_page_query_count_is_small_and_fixed(client, home_page, django_assert_max_num_queries):
    for number in range(20):
        StandardPageFactory(parent=home_page, slug=f"page-{number}", show_in_menus=True)
    client.get("/page-0/")

    with django_assert_max_num_queries(12):
        client.get("/page-0/")


def test_the_navigation_follows_publishing_without_waiting_for_the_cache(client, home_page):
    client.get("/")  # the navigation is now cached
    events = StandardPageFactory(parent=home_page, title="Events", slug="events", show_in_menus=True, live=False)

    events.save_revision().publish()
    assert "Events" in [a.get_text(strip=True) for a in soup_of(client, "/").select(".govuk-service-navigation a")]

    events.refresh_from_db()
    events.unpublish()
    assert "Events" not in [a.get_text(strip=True) for a in soup_of(client, "/").select(".govuk-service-navigation a")]


def test_a_page_view_costs_fewer_queries_once_the_navigation_is_cached(
    client, home_page, django_assert_max_num_queries
):
    StandardPageFactory(parent=home_page, title="About us", slug="about", show_in_menus=True)
    client.get("/about/")

    with django_assert_max_num_queries(8):
        client.get("/about/")


def test_the_footer_offers_email_updates_once_editors_say_where(client, home_page):
    def footer_links():
        return [
            (a.get_text(strip=True), a["href"]) for a in soup_of(client, "/").select(".govuk-footer__inline-list a")
        ]

    assert ("Get updates by email", "https://updates.example.gov.uk/") not in footer_links()

    site_settings = SiteSettings.for_site(home_page.get_site())
    site_settings.email_updates_url = "https://updates.example.gov.uk/"
    site_settings.save()

    assert footer_links()[0] == ("Get updates by email", "https://updates.example.gov.uk/")
