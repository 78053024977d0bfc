"""The funded projects in a real browser: the list filtered, a project's page, and a principle page showing it.

Every page visited is checked with axe-core (WCAG 2.2 A and AA) and at 320 CSS pixels wide.
"""

from playwright.sync_api import expect

from .helpers import assert_no_axe_violations, assert_no_horizontal_scroll

PLUMBING = "/declaration/principles/fix-our-plumbing/"


def check_accessibility(page, url):
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page, url)


def project_titles(page):
    return page.locator(".ld-project-item h3 a")


def test_the_funded_projects_filtered_a_project_and_its_principle_page(page, demo_site):
    page.goto(f"{demo_site}/fund/projects/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Funded projects")
    expect(page.locator("#results-heading")).to_have_text("21 projects")
    expect(page.get_by_role("table", name="Projects funded and amount awarded, by round")).to_contain_text(
        "£1,251,492"
    )
    expect(page.get_by_role("img", name="Projects funded and amount awarded, by round")).to_be_visible()
    check_accessibility(page, page.url)

    page.get_by_label("Round", exact=True).select_option(label="Round 2")
    page.get_by_label("Phase", exact=True).select_option(label="Alpha")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#results-heading")).to_have_text("3 projects")
    expect(project_titles(page)).to_have_text(
        ["Children in care data", "Council tax reduction claims", "Reducing invalid planning applications"]
    )
    check_accessibility(page, page.url)

    page.goto(f"{demo_site}/fund/projects/?organisation=no-such-council")
    expect(page.get_by_role("alert")).to_contain_text("Select an organisation from the list")
    assert_no_axe_violations(page)

    page.goto(f"{demo_site}/fund/projects/?round=round-2&phase=alpha")
    page.get_by_role("link", name="Reducing invalid planning applications").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reducing invalid planning applications")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Lambeth Council")
    expect(page.locator(".ld-project-grant")).to_have_text(["Alpha, Round 2"])
    expect(page.locator(".govuk-summary-list").nth(1)).to_contain_text("£98,500")
    check_accessibility(page, page.url)

    page.get_by_role("link", name="‘Fix our plumbing’").click()
    expect(page).to_have_url(f"{demo_site}{PLUMBING}")
    fund_section = page.locator(
        ".ld-principle-section", has=page.get_by_role("heading", name="Local Digital Fund projects")
    )
    expect(fund_section.get_by_role("link", name="All funded projects that serve this principle")).to_be_visible()
    check_accessibility(page, page.url)

    fund_section.get_by_role("link", name="All funded projects that serve this principle").click()
    expect(project_titles(page)).to_contain_text(["Reducing invalid planning applications"])
    assert_no_axe_violations(page)


def test_a_councils_signatory_entry_lists_its_funded_projects(page, demo_site):
    page.goto(f"{demo_site}/declaration/signatories/lambeth-council/")
    fund_section = page.locator(".ld-signatory-section")
    expect(fund_section.get_by_role("heading", name="Local Digital Fund projects")).to_be_visible()
    expect(fund_section.get_by_role("link", name="Reducing invalid planning applications")).to_be_visible()
    expect(fund_section).to_contain_text("Partner, led by Hackney Council")
    check_accessibility(page, page.url)
