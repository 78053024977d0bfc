"""The site's one list of topics: staff keep it as the ‘Topics’ snippet, and events and news file things under it."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from events.models import Event
from news.models import NewsPage
from tests.factories.events import make_event
from tests.factories.news import NewsIndexPageFactory, NewsPageFactory
from tests.factories.topics import TopicFactory
from topics.models import Topic
from topics.services import all_topics, ensure_topic

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/snippets/topics/topic/"


def staff_user(django_user_model, group_name):
    user = django_user_model.objects.create_user(username=group_name.lower(), password="a-long-password-1")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_a_topic_gets_its_address_from_its_name_and_a_taken_one_is_an_error_not_a_failure():
    funding = Topic.objects.create(name="Local Digital Fund")
    clash = Topic(name="Local digital fund!")

    assert funding.slug == "local-digital-fund"
    with pytest.raises(ValidationError) as raised:
        clash.full_clean()
    assert "slug" in raised.value.message_dict


def test_the_list_is_by_name():
    for name in ("Planning", "Data", "Housing"):
        TopicFactory(name=name)

    assert [topic.name for topic in all_topics()] == ["Data", "Housing", "Planning"]


def test_content_loaded_by_code_joins_a_topic_with_the_same_slug_or_name_rather_than_repeating_it():
    data = TopicFactory(name="Data")
    housing = TopicFactory(name="Housing")

    assert ensure_topic("Data and analytics", "data") == (data, False)
    assert ensure_topic("HOUSING") == (housing, False)
    planning, created = ensure_topic("Planning", "planning")
    assert created and planning.slug == "planning"
    assert Topic.objects.count() == 3


@pytest.mark.parametrize(
    ("group_name", "may", "may_not"),
    [
        ("Event moderators", ["add_topic", "change_topic", "delete_topic"], []),
        ("Moderators", ["add_topic", "change_topic", "delete_topic"], []),
        ("Editors", ["add_topic", "change_topic"], ["delete_topic"]),
    ],
)
def test_those_who_kept_the_events_or_news_topics_keep_the_sites(django_user_model, group_name, may, may_not):
    user = staff_user(django_user_model, group_name)

    assert user.has_perms([f"topics.{codename}" for codename in may])
    assert not any(user.has_perm(f"topics.{codename}") for codename in may_not)


def test_staff_search_the_topics_by_name(client, django_user_model):
    TopicFactory(name="Data")
    TopicFactory(name="Housing")
    client.force_login(staff_user(django_user_model, "Editors"))

    soup = BeautifulSoup(client.get(LIST_URL, {"q": "dat"}).content, "html.parser")

    assert [cell.a.get_text(strip=True) for cell in soup.select("tbody td.title")] == ["Data"]


def test_a_topic_added_without_a_slug_gets_one_and_the_form_fills_it_from_the_name(client, django_user_model):
    client.force_login(staff_user(django_user_model, "Editors"))
    form = BeautifulSoup(client.get(f"{LIST_URL}add/").content, "html.parser")

    response = client.post(f"{LIST_URL}add/", {"name": "Cyber security", "slug": ""})

    assert "id_slug" in form.select_one("#id_name")["data-w-sync-target-value"]
    assert "w-slug" in form.select_one("#id_slug")["data-controller"]
    assert response.status_code == 302
    assert Topic.objects.get().slug == "cyber-security"


def test_deleting_a_topic_takes_it_off_events_and_news_and_leaves_their_other_topics(client, home_page):
    data, housing = TopicFactory(name="Data"), TopicFactory(name="Housing")
    event = make_event(title="Data and housing meetup", topics=[data, housing])
    item = NewsPageFactory(parent=NewsIndexPageFactory(parent=home_page), topics=[data, housing])

    data.delete()

    assert list(Event.objects.get(pk=event.pk).topics.all()) == [housing]
    assert list(NewsPage.objects.get(pk=item.pk).topics.all()) == [housing]
    assert client.get(f"/events/{event.slug}/").status_code == 200
    assert client.get(item.url).status_code == 200
