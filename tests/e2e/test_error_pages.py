"""The error pages a visitor can meet, in a real browser: what they say, and axe-core on each."""

from playwright.sync_api import expect

from .helpers import assert_no_axe_violations


def heading(page):
    return page.get_by_role("heading", level=1)


def test_an_address_with_a_null_character_gets_a_400_page(page, demo_site):
    response = page.goto(f"{demo_site}/search/?q=planning%00")

    assert response.status == 400
    expect(heading(page)).to_have_text("Sorry, we could not read what was sent")
    expect(page.get_by_role("link", name="Local Digital home page")).to_be_visible()
    assert_no_axe_violations(page)


def test_a_form_sent_after_its_cookies_were_lost_explains_what_happened(page, demo_site):
    page.goto(f"{demo_site}/declaration/sign/resend/")
    page.context.clear_cookies()
    page.get_by_label("Email address").fill("someone@example.gov.uk")
    page.get_by_role("button", name="Send a new link").click()

    expect(heading(page)).to_have_text("Sorry, your form could not be sent")
    expect(page.get_by_text("refresh the page and send the form again")).to_be_visible()
    assert_no_axe_violations(page)


def test_a_form_sent_to_a_page_that_takes_no_forms_gets_a_405_page(page, demo_site):
    # As a stale bookmark or a bot might: the resend form, pointed at the search page.
    page.goto(f"{demo_site}/declaration/sign/resend/")
    page.evaluate("() => { document.querySelector('form[method=post]').action = '/search/'; }")
    page.get_by_label("Email address").fill("someone@example.gov.uk")
    page.get_by_role("button", name="Send a new link").click()

    expect(heading(page)).to_have_text("Sorry, this page cannot do that")
    assert_no_axe_violations(page)
