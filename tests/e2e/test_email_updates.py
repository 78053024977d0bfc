"""Email updates in a real browser: subscribe from the footer, confirm from the outbox, change topics and
frequency, leave. axe-core checks every page on the way, error states included."""

import re

from django.core import mail
from playwright.sync_api import expect

from subscriptions.models import Subscriber

from .helpers import assert_no_axe_violations
from .pages import QuestionPage


def link_from_last_email(to, path):
    email = next(message for message in reversed(mail.outbox) if message.to == [to])
    return re.search(rf"https?://[^/\s]+({path}[^\s]+)", email.body)[1]


def test_a_person_subscribes_confirms_changes_their_choices_and_leaves(page, demo_site):
    page.goto(f"{demo_site}/")
    page.get_by_role("link", name="Get updates by email").click()
    form = QuestionPage(page).expect_heading("Get email updates").check_accessibility()

    # Mistakes first: every question explained.
    form.fill("Email address", "not an address").press("Subscribe")
    form.expect_error("Enter an email address in the correct format")
    form.expect_error("Select at least one topic")
    form.expect_error("Select how often you want emails")

    form.fill("Email address", "reader@example.com").choose("Local Digital news", "Events").choose("Once a day")
    form.press("Subscribe").expect_heading("Check your email")
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING

    # Opening the link shows a button; only the button confirms.
    page.goto(demo_site + link_from_last_email("reader@example.com", "/email-updates/confirm/"))
    form.expect_heading("Confirm your email updates").check_accessibility()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    form.press("Confirm")
    expect(page.get_by_role("heading", level=1)).to_have_text("You’re subscribed")
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED

    # Change topics and frequency, with a mistake first.
    page.get_by_role("link", name="Change your email updates").click()
    form.expect_heading("Your email updates").check_accessibility()
    page.get_by_label("Local Digital news").uncheck()
    page.get_by_label("Events").uncheck()
    form.press("Save changes").expect_error("Select at least one topic")
    form.choose("The Declaration").choose("Once a week").press("Save changes")
    expect(page.get_by_text("Your email updates have been changed")).to_be_visible()
    subscriber = Subscriber.objects.get()
    assert subscriber.frequency == "weekly"
    assert [topic.name for topic in subscriber.topics.all()] == ["The Declaration"]

    # Leave: the link shows a button, and the button unsubscribes.
    page.get_by_role("link", name="Unsubscribe from all email updates").click()
    form.expect_heading("Unsubscribe from email updates").check_accessibility()
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED
    form.press("Unsubscribe")
    expect(page.get_by_role("heading", level=1)).to_have_text("You’ve unsubscribed")
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_asking_for_a_manage_link_and_a_broken_link_get_clear_pages(page, demo_site):
    page.goto(f"{demo_site}/email-updates/manage/")
    form = QuestionPage(page).expect_heading("Get a link to change your email updates").check_accessibility()
    form.press("Send me a link").expect_error("Enter your email address")
    form.fill("Email address", "nobody@example.com").press("Send me a link").expect_heading("Check your email")

    page.goto(f"{demo_site}/email-updates/unsubscribe/not-a-real-token/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    assert_no_axe_violations(page)
