import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import querydict_from_html

from pages.models import SiteSettings
from roadmap.models import RoadmapPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_site():
    call_command("load_demo_content")


def staff_user(django_user_model, group_name):
    user = django_user_model.objects.create_user(username=group_name.lower(), password="a-long-password-1")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_editors_can_edit_and_submit_but_not_publish(demo_site, django_user_model):
    editor = staff_user(django_user_model, "Editors")
    about = Page.objects.get(url_path="/home/about/")

    permissions = about.permissions_for_user(editor)

    assert permissions.can_edit()
    assert not permissions.can_publish()
    assert about.get_workflow().name == "Moderators approval"


def test_moderators_can_publish(demo_site, django_user_model):
    moderator = staff_user(django_user_model, "Moderators")
    about = Page.objects.get(url_path="/home/about/")

    assert about.permissions_for_user(moderator).can_publish()


def roadmap_edit_form(client):
    roadmap = RoadmapPage.objects.get()
    edit_url = reverse("wagtailadmin_pages:edit", args=[roadmap.pk])
    return roadmap, edit_url, querydict_from_html(client.get(edit_url).content.decode(), form_id="page-edit-form")


def test_a_moderator_edits_a_milestone_and_publishes_and_the_public_sees_it(demo_site, django_user_model, client):
    client.force_login(staff_user(django_user_model, "Moderators"))
    roadmap, edit_url, form = roadmap_edit_form(client)
    form["milestones-0-title"] = "Consultation workshops begin"
    form["action-publish"] = "action-publish"

    response = client.post(edit_url, form)

    assert response.status_code == 302
    client.logout()
    assert "Consultation workshops begin" in client.get("/roadmap/").content.decode()


def test_a_moderator_removes_and_reorders_milestones(demo_site, django_user_model, client):
    client.force_login(staff_user(django_user_model, "Moderators"))
    roadmap, edit_url, form = roadmap_edit_form(client)
    first_title, second_title = form["milestones-0-title"], form["milestones-1-title"]
    form["milestones-0-ORDER"], form["milestones-1-ORDER"] = "2", "1"
    form["milestones-2-DELETE"] = "1"
    form["action-publish"] = "action-publish"

    client.post(edit_url, form)

    titles = list(RoadmapPage.objects.get().milestones.values_list("title", flat=True))
    assert titles[:2] == [second_title, first_title]
    assert len(titles) == 9  # the 10 typed into the roadmap, less the one removed (the fund's come from its rounds)


def test_an_editors_change_waits_for_a_moderator(demo_site, django_user_model, client):
    client.force_login(staff_user(django_user_model, "Editors"))
    roadmap, edit_url, form = roadmap_edit_form(client)
    form["introduction"] = "Not yet approved."
    form["action-submit"] = "action-submit"

    client.post(edit_url, form)

    roadmap.refresh_from_db()
    assert roadmap.current_workflow_state.status == "in_progress"
    client.logout()
    assert "Not yet approved." not in client.get("/roadmap/").content.decode()


def test_a_draft_milestone_shows_in_preview_but_not_to_the_public(demo_site, django_user_model, client):
    client.force_login(staff_user(django_user_model, "Editors"))
    roadmap, edit_url, form = roadmap_edit_form(client)
    form["milestones-0-title"] = "A draft title"
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[roadmap.pk])

    assert client.post(preview_url, form).json()["is_valid"] is True
    preview = client.get(preview_url)

    assert "A draft title" in preview.content.decode()
    client.logout()
    assert "A draft title" not in client.get("/roadmap/").content.decode()


def test_a_moderator_sets_the_navigation_in_site_settings(demo_site, django_user_model, client):
    client.force_login(staff_user(django_user_model, "Moderators"))
    site_settings = SiteSettings.objects.get()
    url = reverse("wagtailsettings:edit", args=["pages", "sitesettings", site_settings.site_id])
    client.get("/")  # the navigation is cached before the change
    form = querydict_from_html(client.get(url).content.decode(), form_id="w-editor-form")
    form.update(
        {
            "navigation_items-TOTAL_FORMS": "2",
            "navigation_items-0-page": str(RoadmapPage.objects.get().pk),
            "navigation_items-0-label": "What we plan",
            "navigation_items-0-ORDER": "1",
            "navigation_items-1-page": str(Page.objects.get(slug="about").pk),
            "navigation_items-1-label": "",
            "navigation_items-1-ORDER": "2",
        }
    )

    response = client.post(url, form)

    assert response.status_code == 302
    nav = BeautifulSoup(client.get("/").content, "html.parser").select(".govuk-service-navigation__list a")
    assert [a.get_text(strip=True) for a in nav] == ["Home", "What we plan", "About"]
