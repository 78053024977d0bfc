import re

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.exceptions import ValidationError

from pages.models import NavigationItem, SiteSettings
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
    assert "This is a <new> service. Help us improve it and give your feedback." in " ".join(banner.get_text().split())
    assert banner.select_one("a")["href"] == "https://example.com/feedback"

    site_settings.phase = ""
    site_settings.save()
    assert soup_of(client, "/").select_one(".govuk-phase-banner") is None


def test_footer_links_to_email_updates_then_the_pages_chosen_in_site_settings(client, home_page):
    accessibility = StandardPageFactory(parent=home_page, title="Accessibility statement", slug="accessibility")
    cookies = StandardPageFactory(parent=home_page, title="Cookies", slug="cookies")
    site_settings = SiteSettings.for_site(home_page.get_site())
    site_settings.accessibility_page = accessibility
    site_settings.cookies_page = cookies
    site_settings.save()

    footer = soup_of(client, "/").select_one(".govuk-footer")

    links = [(a.get_text(strip=True), a["href"]) for a in footer.select(".govuk-footer__inline-list a")]
    assert links == [
        ("Get updates by email", "/email-updates/"),  # offered by email updates, with no setting
        ("Accessibility statement", "/accessibility/"),
        ("Cookies", "/cookies/"),
    ]


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


def banner_of(client):
    return soup_of(client, "/").select_one(".govuk-phase-banner")


def test_without_a_feedback_address_the_banner_does_not_ask_for_feedback(client, home_page):
    banner = banner_of(client)

    assert banner.select_one(".govuk-phase-banner__text").get_text(strip=True) == "This is a new service."
    assert banner.select_one("a") is None
    assert "feedback" not in banner.get_text()


@pytest.mark.parametrize(
    ("field", "value", "href"),
    [
        ("feedback_url", "https://survey.example.com/ld", "https://survey.example.com/ld"),
        ("feedback_email", "feedback@example.gov.uk", "mailto:feedback@example.gov.uk"),
    ],
)
def test_the_feedback_link_goes_where_editors_say(client, home_page, field, value, href):
    site_settings = SiteSettings.for_site(home_page.get_site())
    setattr(site_settings, field, value)
    site_settings.save()

    link = banner_of(client).select_one("a")

    assert (link.get_text(strip=True), link["href"]) == ("give your feedback", href)


def test_the_feedback_link_can_go_to_a_page_of_the_site_while_it_is_live(client, home_page):
    feedback = StandardPageFactory(parent=home_page, title="Feedback", slug="feedback")
    site_settings = SiteSettings.for_site(home_page.get_site())
    site_settings.feedback_page = feedback
    site_settings.save()

    assert banner_of(client).select_one("a")["href"] == "/feedback/"

    feedback.unpublish()
    assert banner_of(client).select_one("a") is None


def test_site_settings_accept_one_place_for_feedback_only(home_page):
    site_settings = SiteSettings.for_site(home_page.get_site())
    site_settings.feedback_url = "https://survey.example.com/ld"
    site_settings.feedback_email = "feedback@example.gov.uk"

    with pytest.raises(ValidationError) as error:
        site_settings.full_clean()

    assert "Choose one place for feedback" in str(error.value)


def navigation_links(client, path="/"):
    nav = soup_of(client, path).select_one(".govuk-service-navigation__list")
    return [(a.get_text(strip=True), a["href"]) for a in nav.select("a")]


def test_the_navigation_is_the_menu_items_editors_choose_in_their_order(client, home_page):
    about = StandardPageFactory(parent=home_page, title="About us", slug="about", show_in_menus=True)
    roadmap = StandardPageFactory(parent=home_page, title="Collaboration Unit roadmap", slug="roadmap")
    StandardPageFactory(parent=home_page, title="Cookies", slug="cookies", show_in_menus=True)
    client.get("/")  # cached before the change: saving the settings forgets it
    site_settings = SiteSettings.for_site(home_page.get_site())
    site_settings.navigation_items = [
        NavigationItem(page=roadmap, label="Roadmap", sort_order=0),
        NavigationItem(page=about, sort_order=1),
        NavigationItem(page=home_page, sort_order=2),  # "Home" is always first, and only once
    ]
    site_settings.save()

    assert navigation_links(client) == [("Home", "/"), ("Roadmap", "/roadmap/"), ("About us", "/about/")]


def test_a_menu_item_whose_page_is_unpublished_leaves_the_navigation(client, home_page):
    about = StandardPageFactory(parent=home_page, title="About us", slug="about")
    draft = StandardPageFactory(parent=home_page, title="Events", slug="events")
    site_settings = SiteSettings.for_site(home_page.get_site())
    site_settings.navigation_items = [NavigationItem(page=about), NavigationItem(page=draft)]
    site_settings.save()

    draft.unpublish()

    assert navigation_links(client) == [("Home", "/"), ("About us", "/about/")]


def test_the_header_has_a_search_box_that_works_without_javascript(client, home_page):
    form = soup_of(client, "/").select_one("header form[role=search]")

    assert (form["action"], form["method"]) == ("/search/", "get")
    field = form.select_one("input[name=q]")
    assert form.select_one(f"label[for={field['id']}]").get_text(strip=True) == "Search this site"
    assert form.select_one("button[type=submit]").get_text(strip=True) == "Search"


def test_the_header_search_box_keeps_the_words_searched_for(client, home_page):
    form = soup_of(client, "/search/?q=digital+fund").select_one("header form[role=search]")

    assert form.select_one("input[name=q]")["value"] == "digital fund"


def test_every_page_preloads_the_fonts_its_stylesheet_uses(client, home_page):
    stylesheet = (settings.BASE_DIR / "frontend_build" / "css" / "site.css").read_text()
    used = set(re.findall(r"fonts/([\w.-]+\.woff2)", stylesheet))
    assert len(used) == 2  # GOV.UK Frontend's light and bold

    head = BeautifulSoup(client.get("/").content, "html.parser").head
    preloads = head.select('link[rel="preload"][as="font"][type="font/woff2"][crossorigin]')

    assert {link["href"].rsplit("/", 1)[-1] for link in preloads} == used
    assert head.find_all("link").index(preloads[-1]) < head.find_all("link").index(head.find("link", rel="stylesheet"))
