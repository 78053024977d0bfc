"""A member of staff edits About us and a roadmap milestone in the Wagtail admin, publishes, and the public see it."""

from django.contrib.auth.models import Group
from playwright.sync_api import expect
from wagtail.models import Page

PASSWORD = "a-long-moderator-passphrase-2026"


def publish(page):
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("has been published")).to_be_visible()


def test_a_moderator_edits_about_us_and_a_milestone_and_publishes(page, demo_site, django_user_model):
    moderator = django_user_model.objects.create_user(username="moderator", password=PASSWORD)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    about = Page.objects.get(url_path="/home/about/")

    page.goto(f"{demo_site}/admin/login/")
    page.get_by_label("Username").fill("moderator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{demo_site}/admin/pages/{about.pk}/edit/")
    page.get_by_role("textbox", name="Introduction").fill("We help councils work in the open.")
    publish(page)

    roadmap = Page.objects.get(url_path="/home/roadmap/")
    page.goto(f"{demo_site}/admin/pages/{roadmap.pk}/edit/")
    page.locator("#id_milestones-0-title").fill("Consultation workshops begin")
    publish(page)

    page.goto(f"{demo_site}/about/")
    expect(page.get_by_text("We help councils work in the open.")).to_be_visible()
    page.goto(f"{demo_site}/roadmap/")
    expect(page.get_by_role("heading", name="Consultation workshops begin")).to_be_visible()
