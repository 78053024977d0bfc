"""The full application in a browser: staff invite an expression of interest in the admin and notify the
round's applicants, the applicant signs in from the emailed link, completes the task list over two visits,
uploads a document, sends it and sees the read-only copy; another applicant can open neither the bid nor its
document."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import expect

from funding.models import Application, ApplicationStatus
from tests.factories.declaration import SignedOrganisationFactory
from tests.factories.funding import ApplicationsOpenRoundFactory, InvitableExpressionOfInterestFactory
from tests.factories.pages import make_site_home

from .conftest import _new_page
from .helpers import assert_no_axe_violations
from .pages import AdminSession, QuestionPage

MANAGER_PASSWORD = "a-long-fund-manager-passphrase-2026"
CSV = b"category,amount\nstaff,50000\nresearch,20000\n"


@pytest.fixture
def site(live_server, transactional_db, django_db_serialized_rollback, settings, tmp_path):
    make_site_home()
    settings.MEDIA_ROOT = tmp_path
    return live_server.url


@pytest.fixture
def manager(django_user_model):
    user = django_user_model.objects.create_user(
        username="fiona", email="fiona@example.gov.uk", password=MANAGER_PASSWORD
    )
    user.groups.add(Group.objects.get(name="Fund managers"))
    return user


def emailed_link(to, path):
    email = next(message for message in reversed(mail.outbox) if message.to == [to])
    return re.search(rf"https?://[^/\s]+({path}[^\s]*)", email.body)[1]


def sign_in(page, site, email):
    page.goto(f"{site}/fund/sign-in/")
    assert_no_axe_violations(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Email me a link").click()
    assert_no_axe_violations(page)
    page.goto(site + emailed_link(email, "/fund/sign-in/"))
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your bids")
    assert_no_axe_violations(page)


def open_task(page, title):
    page.get_by_role("link", name=title).click()
    assert_no_axe_violations(page)
    return QuestionPage(page)


def fill_date(page, name, day, month, year):
    page.locator(f"[name={name}_day]").fill(day)
    page.locator(f"[name={name}_month]").fill(month)
    page.locator(f"[name={name}_year]").fill(year)


def mark_completed(page):
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Confirm and mark as completed").click()
    assert_no_axe_violations(page)


def add_and_continue(question):
    question.press("Save and add another")
    question.press("Continue")


def test_an_invited_applicant_completes_and_sends_the_application(page, browser, site, manager):
    round_ = ApplicationsOpenRoundFactory(name="Round 3")
    eoi = InvitableExpressionOfInterestFactory(round=round_, contact_email="ada@lambeth.gov.uk")
    SignedOrganisationFactory(name="Croydon Council")

    # Before any decision, the round's "Notify applicants" says why it cannot notify yet.
    admin = AdminSession(page).sign_in(site, "fiona", MANAGER_PASSWORD)
    admin.open_listing(f"/admin/fund/expressions-of-interest/?round={round_.pk}")
    page.get_by_role("link", name="Notify applicants").click()
    expect(page.get_by_text("1 still needs a decision")).to_be_visible()
    expect(page.get_by_role("button", name="Yes, notify applicants")).to_have_count(0)
    assert_no_axe_violations(page)

    # Staff invite the expression of interest, after forgetting the feedback once.
    admin.open_listing("/admin/fund/expressions-of-interest/")
    admin.inspect(eoi.reference)
    expect(page.get_by_text(eoi.problem)).to_be_visible()
    admin.start_action("Invite to apply")
    page.get_by_role("button", name="Invite to apply").click()
    expect(page.get_by_text("Enter feedback for the applicant").first).to_be_visible()
    page.get_by_label("Feedback for the applicant").fill("A clear problem. Talk to residents early.")
    admin.confirm("Invite to apply")
    application = Application.objects.get(expression_of_interest=eoi)
    assert not [message for message in mail.outbox if message.to == ["ada@lambeth.gov.uk"]]  # not told yet

    # Then they notify the round's applicants: one email, with the decision and where to apply.
    admin.open_listing(f"/admin/fund/expressions-of-interest/?round={round_.pk}")
    page.get_by_role("link", name="Notify applicants").click()
    expect(page.get_by_text("We will email 1 applicant the decision")).to_be_visible()
    assert_no_axe_violations(page)
    admin.confirm("Yes, notify applicants")
    expect(page.get_by_text("We are emailing the decisions to 1 applicant.")).to_be_visible()
    assert len([message for message in mail.outbox if message.to == ["ada@lambeth.gov.uk"]]) == 1

    # The applicant, in their own browser, signs in from the emailed link and opens the application.
    context, applicant = _new_page(browser)
    assert emailed_link("ada@lambeth.gov.uk", "/fund/applications/") == f"/fund/applications/{application.reference}/"
    sign_in(applicant, site, "ada@lambeth.gov.uk")
    applicant.get_by_role("link", name=eoi.title).click()
    expect(applicant.get_by_role("heading", level=1)).to_have_text(eoi.title)
    assert_no_axe_violations(applicant)

    # First visit: about the project, with an error first; then partners and team.
    question = open_task(applicant, "About the project")
    question.fill("Summary of the project", "A shared finder for planning applications.")
    fill_date(applicant, "start_date", "1", "4", "2027")
    fill_date(applicant, "end_date", "1", "3", "2027")
    question.choose("Discovery")
    question.continue_().expect_error("The end date must be after the start date")
    expect(applicant.get_by_label("Summary of the project")).to_have_value(
        "A shared finder for planning applications."
    )
    fill_date(applicant, "end_date", "30", "9", "2027")
    question.continue_()
    mark_completed(applicant)

    question = open_task(applicant, "Partners and team")
    applicant.get_by_label("Partner organisation").select_option(label="Croydon Council")
    question.fill("Name of the contact there", "Grace Hopper").fill(
        "Email address of the contact there", "grace@croydon.gov.uk"
    )
    add_and_continue(question)
    question.fill("Role", "Product manager").fill("Who fills it", "Ada Lovelace")
    add_and_continue(question)
    question.choose("No").continue_()
    mark_completed(applicant)

    # The lead adds a colleague, after a mistyped address.
    applicant.get_by_role("link", name="Add or remove people").click()
    assert_no_axe_violations(applicant)
    people = QuestionPage(applicant).fill("Email address", "grace at croydon")
    people.press("Add").expect_error("Enter an email address in the correct format")
    people.fill("Email address", "grace@croydon.gov.uk").press("Add")
    expect(applicant.get_by_role("button", name="Remove grace@croydon.gov.uk")).to_be_visible()

    # They sign out, and come back another day.
    applicant.goto(f"{site}/fund/your-bids/")
    applicant.get_by_role("button", name="Sign out").click()
    assert_no_axe_violations(applicant)
    sign_in(applicant, site, "ada@lambeth.gov.uk")
    applicant.get_by_role("link", name=eoi.title).click()
    expect(applicant.locator(".govuk-task-list__status").nth(1)).to_have_text("Completed")

    question = open_task(applicant, "The problem and users")
    question.fill("Who the users are, and your evidence", "Residents; we asked 40 of them.").continue_()
    mark_completed(applicant)

    question = open_task(applicant, "Approach and plan")
    question.fill("Your approach", "Discovery with users.").fill("What the project will produce", "A report.")
    question.fill("How you will share what you make openly", "On GitHub and our blog.").continue_()
    question.fill("Milestone", "Report published")
    fill_date(applicant, "due", "1", "9", "2027")
    add_and_continue(question)
    mark_completed(applicant)

    question = open_task(applicant, "Budget")
    question.choose("Staff").fill("Organisation that spends it", "Lambeth Council").fill("Amount", "70000.123")
    question.press("Save and add another").expect_error("The amount must be in pounds and pence, like 1500.50")
    expect(applicant.get_by_label("Organisation that spends it")).to_have_value("Lambeth Council")
    question.fill("Amount", "£70,000.00")
    add_and_continue(question)
    question.fill("Match funding", "5000").continue_()
    applicant.get_by_label("Budget spreadsheet (optional)").set_input_files(
        files=[{"name": "budget.csv", "mimeType": "text/csv", "buffer": CSV}]
    )
    question.continue_()
    mark_completed(applicant)

    question = open_task(applicant, "Declarations")
    question.choose("Every organisation on this bid has signed the Local Digital Declaration")
    question.choose("No", exact=True)
    question.choose("We will handle personal data in line with data protection law (UK GDPR)")
    question.continue_()
    mark_completed(applicant)

    # Every section is completed: they send it, and see the confirmation and then the copy.
    expect(applicant.locator(".govuk-task-list__status", has_text="Completed")).to_have_count(6)
    applicant.get_by_role("button", name="Send the application").click()
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Application sent")
    expect(applicant.get_by_text(application.reference)).to_be_visible()
    assert_no_axe_violations(applicant)
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED
    applicant.get_by_role("link", name="See a copy of your application").click()
    expect(applicant.get_by_text("This is a copy of what was sent")).to_be_visible()
    expect(applicant.get_by_role("link", name="budget.csv")).to_be_visible()
    assert_no_axe_violations(applicant)
    upload_url = applicant.get_by_role("link", name="budget.csv").get_attribute("href")
    context.close()

    # Another applicant can open neither the bid nor its document.
    other_context, other = _new_page(browser)
    sign_in(other, site, "bob@croydon.gov.uk")
    assert other.goto(f"{site}/fund/applications/{application.reference}/").status == 404
    assert_no_axe_violations(other)
    assert other.request.get(f"{site}{upload_url}").status == 404
    other_context.close()
