"""Sending an expression of interest to the Local Digital Fund in a real browser.

An applicant signs in from the emailed link, starts an expression of
interest, answers every question (meeting the word limit and a partner that
has not signed on the way), checks the answers, sends, and finds the bid on
Your bids. axe-core checks every page, error states included.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from funding.models import ExpressionOfInterest
from organisations.models import OrganisationType
from tests.factories.declaration import PrincipleFactory, SignedOrganisationFactory
from tests.factories.funding import EoiOpenRoundFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.pages import make_site_home

from .helpers import assert_no_axe_violations
from .pages import CheckAnswersPage, QuestionPage

EMAIL = "ada@lambeth.gov.uk"


@pytest.fixture
def site(live_server, transactional_db, django_db_serialized_rollback):
    make_site_home()
    EoiOpenRoundFactory(name="Round 2", minimum_local_authorities=2)
    SignedOrganisationFactory(name="Lambeth Council", organisation_type=OrganisationType.LONDON_BOROUGH)
    SignedOrganisationFactory(name="Southwark Council", organisation_type=OrganisationType.LONDON_BOROUGH)
    OrganisationFactory(name="Croydon Council", organisation_type=OrganisationType.LONDON_BOROUGH)  # not signed
    PrincipleFactory(title="Fix our plumbing")
    return live_server.url


def link_from_last_email(to, path):
    email = next(message for message in reversed(mail.outbox) if message.to == [to])
    return re.search(rf"https?://[^/\s]+({path}[^\s]+)", email.body)[1]


def test_an_applicant_sends_an_expression_of_interest(page, site):
    # Not signed in, the start page says how long the window is open and asks to sign in.
    page.goto(f"{site}/fund/expression-of-interest/")
    expect(page.get_by_text("Expressions of interest for Round 2 are open until")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="sign in to the Local Digital Fund").click()
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    page.goto(site + link_from_last_email(EMAIL, "/fund/sign-in/"))
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{site}/fund/expression-of-interest/")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Start a new expression of interest").click()

    # Each question, some with their errors first.
    question = QuestionPage(page).continue_()
    question.expect_error("Select the organisation that will lead the bid from the list")
    page.get_by_label("Lead organisation").select_option(label="Lambeth Council")
    question.continue_()

    question.fill("Full name", "Ada Lovelace").fill("Job title", "Head of digital").continue_()

    question.continue_().expect_error("Enter the name of the partner organisation")
    question.fill("Name of the partner organisation", "Southwark Council").press("Save and add another")
    question.fill("Name of the partner organisation", "Croydon Council").press("Save and add another")
    question.continue_()

    question.fill("Project title", "Online planning applications").continue_()

    question.fill("The problem you want to solve", "word " * 251).fill("Who it affects", "Residents").continue_()
    question.expect_error("The problem must be 250 words or fewer")
    expect(page.get_by_label("Who it affects")).to_have_value("Residents")  # nothing typed is lost
    question.fill("The problem you want to solve", "Residents cannot follow their planning applications online.")
    question.continue_()

    question.choose("Planning and building control").continue_()

    question.choose("Discovery, up to £80,000").fill("Estimated cost", "90000").continue_()
    question.expect_error("The estimated cost must be £80,000 or less for discovery")
    question.fill("Estimated cost", "ten thousand").continue_()
    question.expect_error("The estimated cost must be an amount in pounds")
    question.fill("Estimated cost", "75,000").continue_()

    question.choose("Fix our plumbing").continue_()
    question.choose("Yes", exact=True).continue_()

    # Check your answers: the partner that has not signed blocks sending, named, with how it signs.
    check = CheckAnswersPage(page).expect_heading("Check your answers before sending")
    expect(page.get_by_text("Croydon Council has not signed the Local Digital Declaration")).to_be_visible()
    expect(page.get_by_role("link", name="Local Digital Declaration’s sign-up")).to_be_visible()
    expect(page.get_by_role("button", name="Send expression of interest")).to_have_count(0)
    check.check_accessibility()
    page.get_by_role("link", name="Change partner (partner 2)").click()
    page.get_by_role("button", name="Remove partner 2").click()
    assert_no_axe_violations(page)
    QuestionPage(page).continue_()

    check.expect_heading("Check your answers before sending")
    expect(page.get_by_text("Croydon Council")).to_have_count(0)
    check.send("Send expression of interest").expect_heading("Expression of interest sent")
    eoi = ExpressionOfInterest.objects.get()
    expect(page.get_by_text(eoi.reference)).to_be_visible()
    assert any(eoi.reference in message.subject for message in mail.outbox if message.to == [EMAIL])

    page.get_by_role("link", name="See your bids").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your bids")
    expect(page.get_by_text("Online planning applications")).to_be_visible()
    expect(page.get_by_text("Sent", exact=True)).to_be_visible()
    assert_no_axe_violations(page)
