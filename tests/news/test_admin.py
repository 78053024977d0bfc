"""News goes through the "Moderators approval" workflow: an editor's item waits until a moderator approves it."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from news.models import NewsPage

pytestmark = pytest.mark.django_db


def staff_user(django_user_model, group_name):
    user = django_user_model.objects.create_user(username=group_name.lower(), password="a-long-password-1")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_an_editors_item_is_listed_and_announced_only_once_a_moderator_approves_it(
    client, news_index, funding, plumbing, django_user_model, announcements
):
    client.force_login(staff_user(django_user_model, "Editors"))
    add_url = reverse("wagtailadmin_pages:add", args=["news", "newspage", news_index.pk])
    form = querydict_from_html(client.get(add_url).content.decode(), form_id="page-edit-form")
    form["title"] = "Applications open"
    form["slug"] = "applications-open"
    form["introduction"] = "Councils can apply until 15 November."
    form["external_url"] = "https://mhclgdigital.blog.gov.uk/applications-open/"
    form.setlist("topics", [str(funding.pk)])
    form.setlist("principles", [str(plumbing.pk)])
    form["body-count"] = "0"  # the story is written in JavaScript; this item links elsewhere instead
    form["action-submit"] = "action-submit"

    response = client.post(add_url, form)

    assert response.status_code == 302
    item = NewsPage.objects.get(slug="applications-open")
    assert not item.live
    assert item.current_workflow_state.status == "in_progress"
    client.logout()
    assert "Applications open" not in client.get("/news/").content.decode()
    assert announcements == []

    moderator = staff_user(django_user_model, "Moderators")
    task_state = item.current_workflow_state.current_task_state
    task_state.task.on_action(task_state, moderator, "approve")

    assert "Applications open" in client.get("/news/").content.decode()
    assert "Applications open" in client.get(plumbing.get_absolute_url()).content.decode()
    assert [(a.title, a.principles, a.topics) for a in announcements] == [
        ("Applications open", ["‘Fix our plumbing’"], ["local-digital-fund"])
    ]
