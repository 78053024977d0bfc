"""The fund's public pages in a real browser: /fund/, the published expressions of interest with filters, one of
them, and registering interest in partnering with an error and then sent. axe-core checks every page and error."""

from django.core import mail
from playwright.sync_api import expect

from funding.models import ExpressionOfInterest

from .helpers import assert_no_axe_violations, assert_no_horizontal_scroll


def test_the_fund_page_shows_the_demo_round_open_now(page, demo_site):
    url = f"{demo_site}/fund/"
    page.goto(url)

    expect(page.get_by_role("heading", level=1)).to_have_text("Local Digital Fund")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Expressions of interest are open until 11:59pm on")
    expect(main).to_contain_text("Discovery (up to £80,000)")
    navigation = page.locator(".govuk-service-navigation")
    expect(navigation.get_by_role("link", name="Fund", exact=True)).to_have_attribute("href", "/fund/")
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page, url)


def test_a_visitor_finds_a_bid_by_filters_and_offers_to_partner(page, demo_site):
    page.goto(f"{demo_site}/fund/")
    page.get_by_role("link", name="Read the published expressions of interest").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Published expressions of interest")
    expect(page.locator("#results-heading")).to_have_text("5 expressions of interest")
    assert_no_axe_violations(page)

    page.get_by_label("Children’s services").check()
    page.get_by_label("Phase").select_option("alpha")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#results-heading")).to_have_text("1 expression of interest")
    assert_no_axe_violations(page)

    page.goto(f"{demo_site}/fund/expressions-of-interest/?phase=omega")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a phase from the list")
    assert_no_axe_violations(page)

    page.goto(f"{demo_site}/fund/expressions-of-interest/?service_area=childrens_services&phase=alpha")
    page.get_by_role("link", name="Demo: joined-up data for children in care").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demo: joined-up data for children in care")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Greater Manchester Combined Authority")
    expect(main).to_contain_text("Stockport Council")
    expect(main.get_by_role("link", name="Demo: early help that reaches families sooner")).to_be_visible()
    assert "@" not in main.inner_text().replace("name@example.gov.uk", "")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Register interest in partnering").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register interest in partnering")
    assert_no_axe_violations(page)
    page.get_by_label("Your name").fill("Pat Partner")
    page.get_by_label("Your email address").fill("pat@")
    page.get_by_role("button", name="Send your message").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the name of your organisation")
    expect(summary).to_contain_text("Enter an email address in the correct format")
    expect(summary).to_contain_text("Enter your message")
    expect(page.get_by_label("Your name")).to_have_value("Pat Partner")
    assert_no_axe_violations(page)

    page.get_by_label("Your organisation").fill("Kent County Council")
    page.get_by_label("Your email address").fill("pat.partner@example.gov.uk")
    page.get_by_label("Your message").fill("We have the same problem. Could we join your bid?")
    page.get_by_role("button", name="Send your message").click()

    expect(page.locator(".govuk-panel")).to_contain_text("Message sent")
    lead = ExpressionOfInterest.objects.get(title="Demo: joined-up data for children in care").contact_email
    assert lead not in page.content()
    email = next(message for message in reversed(mail.outbox) if message.to == [lead])
    assert email.reply_to == ["pat.partner@example.gov.uk"]
    assert "Could we join your bid?" in email.body
    assert_no_axe_violations(page)
