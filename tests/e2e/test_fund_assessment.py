"""Two assessors score an application in the admin without seeing each other's scores; a manager checks,
moderates, funds it and notifies the applicant once.

The admin's pages are Wagtail's, not ours, so axe-core is not run on them; no public page is touched here.
"""

from decimal import Decimal

from django.core import mail
from playwright.sync_api import expect

from funding import services
from funding.models import FundPage, Grant, ProjectPage
from tests.factories.funding_assessment import SubmittedApplicationFactory, make_assessor, make_manager
from tests.factories.pages import make_site_home

PASSWORD = "a-long-password-1"


def sign_in(page, base_url, username):
    page.context.clear_cookies()
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Fund assessment")).to_be_visible()


def assess(page, base_url, application, username, value, words):
    sign_in(page, base_url, username)
    page.get_by_role("link", name="Fund assessment").click()
    page.get_by_role("link", name=f"{application.reference}: {application.title}").click()
    expect(page.get_by_text("Save your scores")).not_to_be_visible()
    page.get_by_label("No, I have no conflict of interest").check()
    page.get_by_role("button", name="Continue").click()
    for criterion in services.criteria_for(application.round):
        page.locator(f'input[name="score_{criterion.pk}"][value="{value}"]').check()
        page.locator(f'textarea[name="justification_{criterion.pk}"]').fill(f"{words}: {criterion.name}")
    page.get_by_role("button", name="Save your scores").click()
    expect(page.get_by_text("Your scores are saved.")).to_be_visible()


def test_two_assessors_score_blind_and_a_manager_funds_and_notifies_once(
    page, live_server, transactional_db, django_db_serialized_rollback
):
    home = make_site_home()
    home.add_child(instance=FundPage(title="Local Digital Fund", slug="fund"))
    application = SubmittedApplicationFactory(title="Shared bin collections", amount_requested=Decimal("60000"))
    make_manager(username="maya")
    make_assessor(username="ada")
    make_assessor(username="ben")
    base = live_server.url

    sign_in(page, base, "maya")
    page.goto(f"{base}/admin/fund-assessment/applications/{application.pk}/")
    for name in ["Ada Staff", "Ben Staff"]:
        page.locator("#id_assessor").select_option(label=name)
        page.get_by_role("button", name="Assign this assessor").click()
        expect(page.get_by_text(f"{name} is now assessing")).to_be_visible()

    assess(page, base, application, "ada", 5, "Ada: strong evidence")
    page.get_by_role("button", name="Finish your assessment").click()
    expect(page.get_by_text("Your assessment is finished.")).to_be_visible()

    assess(page, base, application, "ben", 3, "Ben: some doubts")
    expect(page.get_by_text("Ada: strong evidence")).to_have_count(0)  # Ada has finished; Ben has not
    page.get_by_role("button", name="Finish your assessment").click()
    expect(page.get_by_text("Ada: strong evidence: Strategic fit")).to_be_visible()

    sign_in(page, base, "maya")
    page.goto(f"{base}/admin/fund-assessment/applications/{application.pk}/")
    for _ in range(2):
        page.get_by_role("button", name="Mark this assessment as checked").first.click()
        expect(page.get_by_text("assessment is checked and now counts")).to_be_visible()
    page.goto(f"{base}/admin/fund-assessment/rounds/{application.round.pk}/ranking/")
    row = page.locator(f'[data-row="{application.reference}"]')
    expect(row).to_contain_text("5.00")
    expect(row).to_contain_text("3.00")
    expect(row).to_contain_text("4.00")
    expect(page.locator(f'[data-disagreements="{application.reference}"]')).to_contain_text("Ben: some doubts")

    row.get_by_role("link").click()
    page.get_by_role("link", name="Record a decision").click()
    page.get_by_role("radio", name="Fund", exact=True).check()
    page.get_by_label("Amount to award, in pounds").fill("55000")
    page.get_by_label("Feedback for the applicant").fill("A clear plan with strong user research.")
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_text("The decision on")).to_be_visible()

    page.goto(f"{base}/admin/fund-assessment/rounds/{application.round.pk}/")
    page.get_by_role("link", name="Notify applicants").click()
    page.get_by_role("button", name="Yes, notify applicants").click()
    expect(page.get_by_text("We are emailing the decisions to 1 applicants")).to_be_visible()
    page.goto(f"{base}/admin/fund-assessment/rounds/{application.round.pk}/notify/")
    expect(page.get_by_text("have already been notified")).to_be_visible()
    expect(page.get_by_role("button", name="Yes, notify applicants")).to_have_count(0)

    to_lead = [m for m in mail.outbox if m.to == [application.expression_of_interest.contact_email]]
    assert len(to_lead) == 1 and "We will fund it, with £55,000.00." in to_lead[0].body
    project = ProjectPage.objects.get()
    assert not project.live and Grant.objects.get(project=project).amount == Decimal("55000")
