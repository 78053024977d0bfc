"""What a visitor sees on the site's main pages, in a real browser.

Every page is also checked with axe-core (WCAG 2.2 A and AA rules) and at
320 CSS pixels wide, where nothing may scroll sideways.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from funding.services import roadmap_milestones
from pages import site_pages

from .helpers import NARROW_VIEWPORT, assert_no_axe_violations, assert_no_horizontal_scroll

ROADMAP_MILESTONE_COUNT = 14  # 10 typed into the roadmap, 4 from the fund's Round 1
PAST_DEMO_ROUND_MILESTONES = 4  # the funded projects' made-up Round 2, in 2019: after them, and done
# The service navigation shows a page's short navigation title, when it has one ("About" for About us).
ABOUT_IN_NAVIGATION = site_pages.ABOUT.get("navigation_title") or site_pages.ABOUT["title"]
SEARCH_ERROR = "Search terms must be 200 characters or fewer"


def heading(page):
    return page.get_by_role("heading", level=1)


def check_accessibility(page, url):
    """axe-core on the page as loaded now, then the same URL at 320 px."""
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page, url)


# Home page


def test_home_page(page, demo_site):
    url = f"{demo_site}/"
    response = page.goto(url)

    assert response.status == 200
    expect(page).to_have_title("Local Digital")
    expect(heading(page)).to_have_text("Local Digital")
    service_navigation = page.locator(".govuk-service-navigation")
    about_link = service_navigation.get_by_role("link", name=ABOUT_IN_NAVIGATION, exact=True)
    expect(about_link).to_be_visible()
    expect(about_link).to_have_attribute("href", "/about/")
    expect(page.locator(".govuk-phase-banner .govuk-tag")).to_have_text("Beta")
    expect(page.locator(".govuk-phase-banner")).to_contain_text("This is a new service.")
    # GOV.UK Frontend's inline snippet ran (the policy allows it by its hash), so its components start.
    expect(page.locator("body")).to_have_class(re.compile(r"\bjs-enabled\b.*\bgovuk-frontend-supported\b"))

    # The skip link is the first thing the keyboard reaches, and it moves focus to the content.
    page.keyboard.press("Tab")

    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to main content")
    expect(focused).to_be_visible()  # it appears when focused
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{demo_site}/#main-content")
    expect(page.locator("#main-content")).to_be_focused()

    check_accessibility(page, url)


def test_the_home_page_leads_to_signing_the_declaration_and_to_who_has_signed(page, demo_site):
    page.goto(f"{demo_site}/")
    main = page.get_by_role("main")
    group = main.locator(".govuk-button-group")
    # Links drawn as buttons (GOV.UK gives them role="button"): the main action first, then a secondary one.
    expect(group.get_by_role("button")).to_have_text(
        ["Sign the Declaration", "See who has signed", "Find an event", "Read the news"]
    )
    expect(group.get_by_role("button").last).to_have_class(re.compile(r"govuk-button--secondary"))
    expect(main.get_by_role("region", name="Who has signed")).to_contain_text(
        "32 organisations have signed the Local Digital Declaration."
    )
    roadmap = main.get_by_role("region", name="Our roadmap")
    expect(roadmap.get_by_role("heading", level=3)).to_have_text("Happening now")  # the demo round's window
    expect(roadmap.get_by_role("link", name="Read the whole roadmap")).to_have_attribute("href", "/roadmap/")
    navigation = page.locator(".govuk-service-navigation")
    expect(navigation.get_by_role("link", name="Roadmap", exact=True)).to_have_attribute("href", "/roadmap/")

    group.get_by_role("button", name="Sign the Declaration").click()

    expect(page).to_have_url(f"{demo_site}/declaration/sign/")
    page.go_back()
    group.get_by_role("button", name="See who has signed").click()
    expect(page).to_have_url(f"{demo_site}/declaration/signatories/")


def test_every_page_has_header_main_and_footer_landmarks(page, demo_site):
    """Screen reader users jump between landmarks: the GOV.UK header, the main content and the footer."""
    page.goto(f"{demo_site}/about/")

    banner = page.get_by_role("banner")
    expect(banner, "the GOV.UK header and service navigation are not in a <header> (banner) landmark").to_have_count(1)
    expect(banner.get_by_role("link", name="GOV.UK")).to_be_visible()
    expect(banner.get_by_role("region", name="Service information")).to_be_visible()
    expect(page.get_by_role("main")).to_have_count(1)
    footer = page.get_by_role("contentinfo")
    expect(footer, "the GOV.UK footer is not in a <footer> (contentinfo) landmark").to_have_count(1)
    expect(footer).to_contain_text("Crown copyright")


# About us


def test_about_page(page, demo_site):
    url = f"{demo_site}/about/"
    page.goto(url)

    expect(page).to_have_title("About us – Local Digital")
    expect(heading(page)).to_have_text("About us")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=3)).to_have_text(
        ["1. The Local Digital Declaration", "2. A support function", "3. A £7.5 million fund"]
    )
    expect(main).to_contain_text("We do this in 3 ways.")
    crumbs = page.locator(".govuk-breadcrumbs").get_by_role("link")
    expect(crumbs).to_have_text(["Home"])
    expect(crumbs).to_have_attribute("href", "/")
    service_navigation = page.locator(".govuk-service-navigation")
    expect(service_navigation.locator("[aria-current]")).to_have_text(ABOUT_IN_NAVIGATION)

    check_accessibility(page, url)

    page.goto(url)
    page.get_by_role("button", name="Read our roadmap").click()

    expect(page).to_have_url(f"{demo_site}/roadmap/")
    expect(heading(page)).to_have_text("Collaboration Unit roadmap")


# Roadmap


def demo_round_milestones() -> tuple[int, int]:
    """The demo rounds' milestones, after those, whose dates follow the day the demo was loaded: how many, and
    how many are done (Demo round B's expressions of interest and their evaluation are over)."""
    today = timezone.localdate()
    demo = [milestone for milestone in roadmap_milestones() if "Demo round" in milestone["title"]]
    return len(demo), sum((milestone["end_date"] or milestone["start_date"]) < today for milestone in demo)


def test_roadmap_page(page, demo_site):
    url = f"{demo_site}/roadmap/"
    demo_milestones, demo_milestones_done = demo_round_milestones()
    page.goto(url)

    expect(page).to_have_title("Collaboration Unit roadmap – Local Digital")
    expect(heading(page)).to_have_text("Collaboration Unit roadmap")
    main = page.get_by_role("main")
    for dates in [
        "24 September to 5 October 2018",
        "6 to 12 October 2018",
        "16 October to 15 November 2018",
        "3 December 2018",
        "13 December 2018",
    ]:
        expect(main).to_contain_text(dates)

    # Each milestone is an item of an ordered list, headed by its title.
    milestones = main.locator("ol > li:has(> h3)")
    expect(milestones).to_have_count(ROADMAP_MILESTONE_COUNT + PAST_DEMO_ROUND_MILESTONES + demo_milestones)
    expect(milestones.first.locator("h3")).to_have_text("The movement gains momentum")
    expect(milestones.nth(ROADMAP_MILESTONE_COUNT - 1).locator("h3")).to_have_text(
        "Alpha projects deliver their outputs"
    )
    assert main.locator("h3").count() == ROADMAP_MILESTONE_COUNT + PAST_DEMO_ROUND_MILESTONES + demo_milestones, (
        "every milestone heading is in the ordered list"
    )

    # Every real milestone is in 2018 or 2019, long past: each shows one "Done" tag.
    expect(main.locator(".govuk-tag").filter(has_text=re.compile(r"^\s*Done\s*$"))).to_have_count(
        ROADMAP_MILESTONE_COUNT + PAST_DEMO_ROUND_MILESTONES + demo_milestones_done
    )
    for milestone in milestones.all()[:ROADMAP_MILESTONE_COUNT]:
        expect(milestone.locator(".govuk-tag")).to_have_text("Done")

    check_accessibility(page, url)


# Search


def result_links(page):
    return page.get_by_role("main").locator("ol[aria-labelledby='results-heading']").get_by_role("link")


def test_search_finds_pages(page, demo_site):
    url = f"{demo_site}/search/?q=fund"
    page.goto(url)

    expect(page).to_have_title("fund – Search – Local Digital")
    expect(heading(page)).to_have_text("Search")
    results_heading = page.locator("#results-heading")
    expect(results_heading).to_have_text(re.compile(r"^\s*\d+ results? for ‘fund’\s*$"))
    count = int(results_heading.inner_text().split()[0])
    assert count >= 1
    links = result_links(page)
    expect(links).to_have_count(min(count, 10))
    titles = links.all_inner_texts()
    assert {"About us", "Collaboration Unit roadmap"} & set(titles), f"neither About us nor the roadmap in {titles}"
    expect(page.get_by_label("Search Local Digital")).to_have_value("fund")

    check_accessibility(page, url)


def test_search_shows_an_error_when_the_terms_are_too_long(page, demo_site):
    url = f"{demo_site}/search/?q={'x' * 201}"
    page.goto(url)

    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", level=2)).to_have_text("There is a problem")
    summary_link = summary.get_by_role("link", name=SEARCH_ERROR)
    expect(summary_link).to_have_attribute("href", "#q")
    search_box = page.get_by_label("Search Local Digital")
    expect(search_box).to_have_attribute("aria-describedby", re.compile(r"\bq-error\b"))
    expect(page.locator("#q-error")).to_have_text(f"Error: {SEARCH_ERROR}")
    expect(page.locator(".govuk-form-group--error")).to_contain_text(SEARCH_ERROR)
    expect(page.locator("#results-heading")).to_have_count(0)

    summary_link.click()
    expect(search_box).to_be_focused()

    check_accessibility(page, url)


def test_searching_with_the_form(page, page_without_js, demo_site):
    url = f"{demo_site}/search/"
    page.goto(url)
    expect(heading(page)).to_have_text("Search")
    expect(page.get_by_label("Search Local Digital")).to_have_value("")
    expect(page.locator("#results-heading")).to_have_count(0)
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    check_accessibility(page, url)

    # The form is a plain GET form: it works with JavaScript turned off.
    for browser_page in [page, page_without_js]:
        browser_page.goto(url)
        browser_page.get_by_label("Search Local Digital").fill("roadmap")
        browser_page.get_by_role("main").get_by_role("search").get_by_role("button", name="Search").click()

        expect(browser_page).to_have_url(re.compile(r"/search/\?q=roadmap$"))
        expect(browser_page.locator("#results-heading")).to_have_text(
            re.compile(r"^\s*\d+ results? for ‘roadmap’\s*$")
        )
        roadmap_link = result_links(browser_page).filter(has_text="Collaboration Unit roadmap")
        expect(roadmap_link).to_have_attribute("href", "/roadmap/")


def test_the_header_search_box_finds_a_signatory(page, page_without_js, demo_site):
    """From any page, with or without JavaScript, the header's search box leads to a signatory."""
    for browser_page in [page, page_without_js]:
        browser_page.goto(f"{demo_site}/about/")
        header = browser_page.get_by_role("banner")
        header.get_by_label("Search this site").fill("Leeds councils")
        header.get_by_role("button", name="Search").click()

        expect(browser_page).to_have_url(re.compile(r"/search/\?q=Leeds\+councils$"))
        result = browser_page.locator(".ld-search-result").filter(has_text="Signatory").first
        expect(result.get_by_role("link")).to_have_text("Leeds City Council")
        expect(header.get_by_label("Search this site")).to_have_value("Leeds councils")
        result.get_by_role("link").click()
        expect(heading(browser_page)).to_have_text("Leeds City Council")

    check_accessibility(page, f"{demo_site}/search/?q=Leeds+councils")


def test_the_header_search_box_fits_a_small_screen(page, demo_site):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{demo_site}/")

    box = page.get_by_role("banner").get_by_label("Search this site")
    expect(box).to_be_visible()
    assert_no_axe_violations(page)


# Page not found


def test_page_not_found(page, demo_site):
    url = f"{demo_site}/no-such-page/"
    response = page.goto(url)

    assert response.status == 404
    expect(page).to_have_title("Page not found – Local Digital")
    expect(heading(page)).to_have_text("Page not found")
    expect(page.get_by_role("main").get_by_role("link", name="search this site")).to_have_attribute("href", "/search/")

    check_accessibility(page, url)


# Footer pages


@pytest.mark.parametrize(
    ("link_text", "path"),
    [
        ("Accessibility statement", "/accessibility-statement/"),
        ("Privacy notice", "/privacy/"),
        ("Cookies", "/cookies/"),
    ],
)
def test_footer_pages(page, demo_site, link_text, path):
    page.goto(f"{demo_site}/")
    footer = page.get_by_role("contentinfo")
    expect(footer, "the footer is not a contentinfo landmark").to_be_visible()

    footer.get_by_role("link", name=link_text, exact=True).click()

    url = f"{demo_site}{path}"
    expect(page).to_have_url(url)
    expect(heading(page)).to_have_text(link_text)
    expect(page).to_have_title(f"{link_text} – Local Digital")

    check_accessibility(page, url)


def test_on_a_narrow_screen_the_navigation_is_folded_from_the_first_paint(page, page_without_js, demo_site):
    """The page does not jump when GOV.UK Frontend folds the navigation behind "Menu" (a layout shift)."""
    page.set_viewport_size(NARROW_VIEWPORT)
    navigation = page.locator(".govuk-service-navigation")

    # Before the site's script runs (held back here), the navigation is drawn as the script will leave it.
    page.route("**/site.*mjs", lambda route: route.abort())
    page.goto(f"{demo_site}/")
    expect(navigation.locator(".govuk-service-navigation__toggle")).to_be_visible()  # aria-hidden until it works
    expect(navigation.get_by_role("link", name=ABOUT_IN_NAVIGATION, exact=True)).to_be_hidden()

    # Once it runs, "Menu" opens the list.
    page.unroute("**/site.*mjs")
    page.goto(f"{demo_site}/")
    navigation.get_by_role("button", name="Menu").click()
    expect(navigation.get_by_role("link", name=ABOUT_IN_NAVIGATION, exact=True)).to_be_visible()

    # Without JavaScript there is no button, and the list is open.
    page_without_js.set_viewport_size(NARROW_VIEWPORT)
    page_without_js.goto(f"{demo_site}/")
    plain = page_without_js.locator(".govuk-service-navigation")
    expect(plain.get_by_role("link", name=ABOUT_IN_NAVIGATION, exact=True)).to_be_visible()
    expect(plain.locator(".govuk-service-navigation__toggle")).to_be_hidden()
