"""Wagtail's private pages, in the GOV.UK layout: signing in to see one, and a page's password.

Every state of each form, its errors included, is checked with axe-core.
"""

import pytest
from playwright.sync_api import expect
from wagtail.models import PageViewRestriction, Site

from tests.factories.pages import StandardPageFactory

from .helpers import assert_no_axe_violations

PASSWORD = "a long passphrase for this test"
PAGE_PASSWORD = "the team's shared page password"


@pytest.fixture
def home(demo_site):
    return Site.objects.get(is_default_site=True).root_page


def restricted_page(home, slug, **restriction):
    page = StandardPageFactory(parent=home, title=f"Team notes {slug}", slug=slug, introduction="For the team only.")
    PageViewRestriction.objects.create(page=page, **restriction)
    return page


def error_summary(page):
    return page.locator(".govuk-error-summary")


def test_signing_in_to_see_a_private_page(page, demo_site, home, django_user_model):
    restricted_page(home, "private", restriction_type=PageViewRestriction.LOGIN)
    django_user_model.objects.create_user(username="member", password=PASSWORD)

    page.goto(f"{demo_site}/private/")

    expect(page).to_have_url(f"{demo_site}/_util/login/?next=/private/")
    expect(page).to_have_title("Sign in – Local Digital")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.locator(".govuk-header")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Sign in").click()  # nothing entered

    expect(page).to_have_title("Error: Sign in – Local Digital")
    expect(error_summary(page).get_by_role("link")).to_have_count(2)
    expect(page.locator("#id_username-error")).to_contain_text("This field is required")
    expect(page.locator("#id_password-error")).to_contain_text("This field is required")
    assert_no_axe_violations(page)

    page.get_by_label("Username").fill("member")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()

    expect(error_summary(page)).to_contain_text("Please enter a correct username and password")
    error_summary(page).get_by_role("link").click()
    expect(page.get_by_label("Username")).to_be_focused()
    assert_no_axe_violations(page)

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(f"{demo_site}/private/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Team notes private")


def test_a_page_with_a_password(page, demo_site, home):
    restricted_page(home, "shared", restriction_type=PageViewRestriction.PASSWORD, password=PAGE_PASSWORD)

    page.goto(f"{demo_site}/shared/")

    expect(page).to_have_title("Password required – Local Digital")
    expect(page.get_by_role("heading", level=1)).to_have_text("Password required")
    expect(page.locator("main")).not_to_contain_text("For the team only.")
    assert_no_axe_violations(page)

    page.get_by_label("Password").fill("a guess")
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_title("Error: Password required – Local Digital")
    expect(error_summary(page)).to_contain_text("The password you have entered is not correct")
    expect(page.locator("#id_password-error")).to_contain_text("The password you have entered is not correct")
    assert_no_axe_violations(page)

    page.get_by_label("Password").fill(PAGE_PASSWORD)
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(f"{demo_site}/shared/")
    expect(page.locator("main")).to_contain_text("For the team only.")
