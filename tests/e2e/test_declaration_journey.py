"""Signing the Declaration in a real browser, from the first question to the public list.

A council signs up, the contact confirms their email from the outbox, a
Declaration reviewer approves in the admin, the senior approver signs from
their email, and the council appears in the list and the CSV. axe-core
checks every page on the way, error states included.
"""

import csv
import datetime
import io
import re

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from declaration import services
from declaration.models import Commitment, CommitmentStatus

from .helpers import assert_no_axe_violations, assert_no_horizontal_scroll
from .pages import AdminSession, CheckAnswersPage, QuestionPage

COUNCIL = "Exampleshire County Council"
REVIEWER_PASSWORD = "a-long-reviewer-passphrase-2026"


def link_from_last_email(to, path):
    email = next(message for message in reversed(mail.outbox) if message.to == [to])
    return re.search(rf"https?://[^/\s]+({path}[^\s]+)", email.body)[1]


@pytest.fixture
def reviewer(django_user_model):
    user = django_user_model.objects.create_user(
        username="reviewer", email="reviewer@example.gov.uk", password=REVIEWER_PASSWORD
    )
    user.groups.add(Group.objects.get(name="Declaration reviewers"))
    return user


def test_a_council_signs_and_appears_in_the_list(page, demo_site, reviewer):
    # The Declaration page leads to the start page.
    page.goto(f"{demo_site}/declaration/")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Sign the Declaration").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign the Local Digital Declaration")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Start now").click()

    # Each question page, first with its errors.
    question = QuestionPage(page).continue_()
    question.expect_error("Enter the name of your organisation")
    question.fill("Name of your organisation", COUNCIL).choose("County council", "South West").continue_()

    question.fill("Full name", "Jo Bloggs").fill("Job title", "Head of digital").fill("Email address", "not an email")
    question.continue_().expect_error("Enter an email address in the correct format")
    question.fill("Email address", "jo@exampleshire.gov.uk").continue_()

    question.fill("Project title", "Open planning data").fill("Mission", "word " * 260).continue_()
    question.expect_error("Mission must be 250 words or fewer")
    question.fill("Mission", "We will publish our planning data openly within a year.")
    question.fill("Impact", "Residents and agents find planning decisions without asking us.")
    question.choose("‘Fix our plumbing’").continue_()

    question.fill("Full name", "Alex Boss").fill("Job title", "Chief executive")
    question.fill("Email address", "jo@exampleshire.gov.uk").continue_().expect_error("must be different from yours")
    question.fill("Email address", "alex@exampleshire.gov.uk").continue_()

    # Check your answers, with a change that comes back here.
    check = CheckAnswersPage(page).expect_heading("Check your answers before signing up")
    check.change("project title").fill("Project title", "Open planning data for everyone").continue_()
    expect(page.get_by_text("Open planning data for everyone")).to_be_visible()
    assert not Commitment.objects.filter(organisation__name=COUNCIL).exists()
    check.send().expect_heading("Sign-up sent")
    commitment = Commitment.objects.get(organisation__name=COUNCIL)
    expect(page.get_by_text(commitment.reference)).to_be_visible()

    # The contact confirms their email address.
    page.goto(demo_site + link_from_last_email("jo@exampleshire.gov.uk", "/declaration/confirm/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Confirm email address").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Email address confirmed")
    assert_no_axe_violations(page)

    # A reviewer follows the dashboard's count of sign-ups waiting to the listing, and approves it.
    admin = AdminSession(page).sign_in(demo_site, "reviewer", REVIEWER_PASSWORD)
    waiting = Commitment.objects.filter(status=CommitmentStatus.IN_REVIEW).count()
    expect(page.get_by_role("link", name=f"{waiting} sign-ups waiting for review")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name=f"{waiting} sign-ups waiting for review").click()
    expect(page).to_have_url(re.compile(r"/admin/declaration-sign-ups/\?status=in_review$"))
    admin.check_accessibility()
    admin.inspect(commitment.reference)
    buttons = page.locator("[data-review-actions] a.button")
    expect(buttons.first).to_have_text("Approve for signing")
    expect(buttons.first).not_to_have_class(re.compile(r"button-secondary"))
    expect(page.get_by_text(COUNCIL).first).to_be_visible()
    admin.start_action("Approve for signing").confirm("Yes, approve for signing")
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.AWAITING_APPROVER

    # The senior approver signs from their email, after forgetting the tick box once.
    signing_link = demo_site + link_from_last_email("alex@exampleshire.gov.uk", "/declaration/approve/")
    page.goto(signing_link)
    # They read what the Declaration says and the whole commitment before they sign.
    main = page.get_by_role("main")
    expect(main.locator("ol.ld-declaration-principles > li")).to_have_count(5)
    expect(main.locator("ol.ld-declaration-principles")).to_contain_text("‘Fix our plumbing’")
    expect(main).to_contain_text("We will publish our planning data openly within a year.")
    expect(main).to_contain_text("Residents and agents find planning decisions without asking us.")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Sign the Declaration").click()
    expect(page.get_by_role("alert")).to_contain_text("Confirm that you sign on behalf of your organisation")
    assert_no_axe_violations(page)
    page.get_by_label("I sign the Local Digital Declaration on behalf of my organisation").check()
    page.get_by_role("button", name="Sign the Declaration").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Declaration signed")
    assert_no_axe_violations(page)

    # A refresh shows the confirmation again; anyone else using the link is told it has been used.
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Declaration signed")
    page.context.clear_cookies()
    page.goto(signing_link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link has already been used")
    assert_no_axe_violations(page)

    # The council is in the public list, on its own page and in the CSV.
    page.goto(f"{demo_site}/declaration/signatories/?q=exampleshire")
    expect(page.get_by_role("link", name=COUNCIL)).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name=COUNCIL).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(COUNCIL)
    expect(page.get_by_text("Open planning data for everyone")).to_be_visible()
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page, page.url)
    downloaded = page.request.get(f"{demo_site}/declaration/signatories.csv")
    rows = list(csv.reader(io.StringIO(downloaded.text())))
    assert any(row[0] == COUNCIL for row in rows)
    assert "jo@exampleshire.gov.uk" not in downloaded.text()

    # The reviewer corrects a typo in the published commitment; the public page shows the correction.
    admin.sign_in(demo_site, "reviewer", REVIEWER_PASSWORD)
    admin.open_listing(f"/admin/declaration-sign-ups/?q={commitment.reference}").inspect(commitment.reference)
    admin.start_action("Correct the commitment")
    expect(page.get_by_label("Project title")).to_have_value("Open planning data for everyone")
    page.get_by_label("Mission").fill("")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_text("Enter the mission")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Mission").fill("We will publish our planning data openly within a year.")
    page.get_by_label("Project title").fill("Open planning data for all")
    admin.confirm("Save the correction")
    expect(
        page.get_by_text(
            "Commitment corrected: title ‘Open planning data for everyone’ to ‘Open planning data for all’"
        )
    ).to_be_visible()
    page.goto(f"{demo_site}/declaration/signatories/exampleshire-county-council/")
    expect(page.get_by_text("Open planning data for all")).to_be_visible()


@pytest.mark.parametrize(
    "path",
    [
        "/declaration/confirm/not-a-real-token/",
        "/declaration/sign/resend/",
        "/declaration/sign/organisation/",
        "/declaration/signatories/",
        "/declaration/projects/",
    ],
)
def test_declaration_pages_fit_a_narrow_screen(page, demo_site, path):
    page.goto(demo_site + path)
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page, demo_site + path)


def test_the_resend_form_explains_a_mistake(page, demo_site):
    page.goto(f"{demo_site}/declaration/sign/resend/")
    page.get_by_role("button", name="Send a new link").click()

    expect(page.get_by_role("alert")).to_contain_text("Enter your email address")
    assert_no_axe_violations(page)


def test_a_reviewer_asks_for_changes_and_the_contact_amends(page, demo_site, reviewer):
    commitment = Commitment.objects.select_related("organisation").get(organisation__name="Calderdale Council")
    admin = AdminSession(page).sign_in(demo_site, "reviewer", REVIEWER_PASSWORD)
    admin.open_listing("/admin/declaration-sign-ups/").inspect(commitment.reference)
    admin.start_action("Request changes").press("Request changes")
    expect(page.get_by_text("Enter what needs to change")).to_be_visible()
    page.get_by_label("What needs to change").fill("Say which residents will benefit, and how you will know.")
    page.get_by_role("button", name="Request changes").click()
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.CHANGES_REQUESTED

    page.context.clear_cookies()
    page.goto(demo_site + link_from_last_email(commitment.contact_email, "/declaration/amend/"))
    expect(page.get_by_text("Say which residents will benefit, and how you will know.")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Impact").fill("")
    page.get_by_role("button", name="Send your changes").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the impact")
    assert_no_axe_violations(page)
    page.get_by_label("Impact").fill("Families in Calderdale find help sooner; we will measure calls to the helpline.")
    page.get_by_role("button", name="Send your changes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Changes sent")
    assert_no_axe_violations(page)
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.IN_REVIEW


def test_a_signatory_is_offered_a_further_commitment(page, demo_site):
    page.goto(f"{demo_site}/declaration/sign/organisation/")
    page.get_by_label("Name of your organisation").fill("hackney council")
    page.get_by_label("London borough").check()
    page.get_by_label("London", exact=True).check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Hackney Council has already signed the Declaration")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Add a further commitment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your details")


def test_an_organisation_with_a_sign_up_in_progress_is_told_so(page, demo_site):
    page.goto(f"{demo_site}/declaration/sign/organisation/")
    page.get_by_label("Name of your organisation").fill("Dorset Council")
    page.get_by_label("Unitary authority").check()
    page.get_by_label("South West").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("alert")).to_contain_text("Dorset Council already has a sign-up in progress")
    assert_no_axe_violations(page)


def test_confirmation_pages_after_the_email_link(page, demo_site):
    waiting = Commitment.objects.get(organisation__name="Bedford Borough Council")
    link = f"{demo_site}/declaration/confirm/{services.make_link_token(waiting, 'confirm')}/"
    page.goto(link)
    page.get_by_role("button", name="Confirm email address").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Email address confirmed")
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("You have already confirmed your email address")
    assert_no_axe_violations(page)

    page.goto(f"{demo_site}/declaration/sign/resend/")
    page.get_by_label("Email address").fill("someone@example.gov.uk")
    page.get_by_role("button", name="Send a new link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_no_axe_violations(page)


def test_an_expired_link_says_what_to_do(page, demo_site):
    waiting = Commitment.objects.get(organisation__name="Bedford Borough Council")
    with time_machine.travel(timezone.now() - datetime.timedelta(days=8)):
        token = services.make_link_token(waiting, "confirm")

    response = page.goto(f"{demo_site}/declaration/confirm/{token}/")

    assert response.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text("This link has expired")
    assert_no_axe_violations(page)


def test_too_many_attempts_get_a_clear_page(page, demo_site):
    from declaration.views.links import RESEND_RATE

    for _ in range(int(RESEND_RATE.split("/")[0]) + 1):
        page.goto(f"{demo_site}/declaration/sign/resend/")
        page.get_by_label("Email address").fill("someone@example.gov.uk")
        page.get_by_role("button", name="Send a new link").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sorry, there have been too many attempts")
    assert_no_axe_violations(page)


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("/declaration/signatories/?type=not-a-type&letter=ab", "Select a type of organisation from the list"),
        ("/declaration/projects/?principle=abc", "Select a principle from the list"),
    ],
)
def test_list_filters_explain_bad_values(page, demo_site, path, error):
    page.goto(demo_site + path)

    expect(page.get_by_role("alert")).to_contain_text(error)
    assert_no_axe_violations(page)
