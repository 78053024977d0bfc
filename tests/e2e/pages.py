"""Page objects for the browser tests: what a person does on a kind of page, written once.

Every journey built on core.journeys has question pages, Check your answers
and a confirmation; every workflow built on core.workflow_admin has a
listing, an inspect page and action pages. New journeys' browser tests use
these instead of repeating the clicks:

    question = QuestionPage(page)
    question.fill("Name of your organisation", "Exampleshire County Council").choose("County council")
    question.continue_()            # and runs axe-core on the page it lands on
    question.expect_error("Enter ...")
    CheckAnswersPage(page).change("project title")

Each step that lands on a new page checks it with axe-core.
"""

import re

from playwright.sync_api import expect

from .helpers import assert_no_axe_violations


class GovUKPage:
    def __init__(self, page):
        self.page = page

    def check_accessibility(self):
        assert_no_axe_violations(self.page)
        return self

    def expect_heading(self, text):
        expect(self.page.get_by_role("heading", level=1)).to_have_text(text)
        return self

    def expect_error(self, text):
        """The error summary says `text`, and the page title starts with 'Error:'."""
        expect(self.page.get_by_role("alert")).to_contain_text(text)
        expect(self.page).to_have_title(re.compile("^Error: "))
        return self

    def press(self, button):
        self.page.get_by_role("button", name=button).click()
        return self.check_accessibility()


class QuestionPage(GovUKPage):
    """One question page of a journey."""

    def fill(self, label, value, **options):
        self.page.get_by_label(label, **options).fill(value)
        return self

    def choose(self, *labels, exact=False):
        for label in labels:
            self.page.get_by_label(label, exact=exact).check()
        return self

    def continue_(self):
        return self.press("Continue")


class CheckAnswersPage(GovUKPage):
    def change(self, what) -> QuestionPage:
        """Follow the Change link for a row, e.g. "project title"."""
        self.page.get_by_role("link", name=f"Change {what}").click()
        return QuestionPage(self.page)

    def send(self, button="Accept and send"):
        return self.press(button)


class AdminSession(GovUKPage):
    """A member of staff in the Wagtail admin, acting on a workflow's objects."""

    def sign_in(self, base_url, username, password):
        self.base_url = base_url
        self.page.goto(f"{base_url}/admin/login/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        return self

    def open_listing(self, path):
        self.page.goto(f"{self.base_url}{path}")
        return self.check_accessibility()

    def inspect(self, link_text):
        self.page.get_by_role("link", name=link_text).first.click()
        return self.check_accessibility()

    def start_action(self, label):
        """Open an action's page from the inspect page's buttons."""
        self.page.get_by_role("link", name=label).click()
        return self.check_accessibility()

    def confirm(self, button):
        """Carry the action out. Back on the inspect page, Wagtail's message is still fading in, so axe
        (which would measure its colours mid-fade) is not run here; the inspect page was checked before."""
        self.page.get_by_role("button", name=button).click()
        expect(self.page.locator(".messages li").first).to_be_visible()
        return self
