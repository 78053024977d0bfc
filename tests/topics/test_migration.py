"""Events' and news' own topic lists become the site's one list, and no event, news item or draft loses a topic.

The events and pages are made with today's models, then the database goes
back to before the move (events 0002, news 0004), where each app's own list
is filled through the historical models, as it was on a live site.
"""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Revision

from events.models import Event
from news.models import NewsPage
from tests.factories.events import make_event
from tests.factories.news import NewsIndexPageFactory, NewsPageFactory
from tests.factories.pages import make_site_home
from topics.models import Topic

# serialized_rollback: restore what migrations made (groups, content types, the site) for the tests after.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("events", "0002_event_moderators_group"), ("news", "0004_body_blocks_follow_the_site")]
AFTER = [("events", "0005_event_topics_from_the_site_list"), ("news", "0007_newspage_topics_from_the_site_list")]


def migrate(targets):
    """Move the database to `targets`; returns the historical models there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def link(model, owner, topics):
    """Store the link rows themselves: a historical page's many-to-many field keeps them in memory until a save."""
    field = model._meta.get_field("topics")
    through = field.remote_field.through
    through.objects.bulk_create(
        through(**{f"{field.m2m_field_name()}_id": owner.pk, f"{field.m2m_reverse_field_name()}_id": topic.pk})
        for topic in topics
    )


def slugs(topics) -> set[str]:
    return set(topics.values_list("slug", flat=True))


@pytest.fixture
def before_the_move():
    """A data event and a news item with a draft, each beside a bystander, and the two old lists of topics."""
    meetup = make_event(title="Data meetup")
    bystander_event = make_event(title="Planning clinic")
    index = NewsIndexPageFactory(parent=make_site_home())
    item = NewsPageFactory(parent=index, title="Data and housing")
    bystander_item = NewsPageFactory(parent=index, title="Applications open")
    draft = item.save_revision()

    old = migrate(BEFORE)
    EventTopic, NewsTopic = old.get_model("events", "Topic"), old.get_model("news", "Topic")
    data = EventTopic.objects.create(name="Data", slug="data")
    cyber = EventTopic.objects.create(name="Cyber security", slug="cyber-security")
    EventTopic.objects.create(name="Housing", slug="housing")
    news_data = NewsTopic.objects.create(name="Data", slug="data")
    homes = NewsTopic.objects.create(name="HOUSING", slug="housing-and-homes")  # the same topic by name
    fund = NewsTopic.objects.create(name="Local Digital Fund", slug="local-digital-fund")
    link(old.get_model("events", "Event"), meetup, [data, cyber])
    link(old.get_model("news", "NewsPage"), item, [news_data, homes, fund])
    link(old.get_model("news", "NewsPage"), bystander_item, [fund])
    old_draft = old.get_model("wagtailcore", "Revision").objects.get(pk=draft.pk)
    old_draft.content["topics"] = [news_data.pk, homes.pk]
    old_draft.save()
    yield meetup, bystander_event, item, bystander_item, draft
    migrate(AFTER)  # whatever a test did, the tests after it find today's tables


def test_the_two_lists_become_one_and_every_event_news_item_and_draft_keeps_its_topics(before_the_move):
    meetup, bystander_event, item, bystander_item, draft = before_the_move

    migrate(AFTER)

    assert list(Topic.objects.values_list("name", "slug")) == [
        ("Cyber security", "cyber-security"),
        ("Data", "data"),
        ("Housing", "housing"),
        ("Local Digital Fund", "local-digital-fund"),
    ]
    assert slugs(Event.objects.get(pk=meetup.pk).topics) == {"data", "cyber-security"}
    assert slugs(Event.objects.get(pk=bystander_event.pk).topics) == set()
    assert slugs(NewsPage.objects.get(pk=item.pk).topics) == {"data", "housing", "local-digital-fund"}
    assert slugs(NewsPage.objects.get(pk=bystander_item.pk).topics) == {"local-digital-fund"}
    # The editor opening the draft sees the same topics, now from the site's list.
    draft_page = Revision.objects.get(pk=draft.pk).as_object()
    assert slugs(draft_page.topics) == {"data", "housing"}


def test_those_who_kept_either_list_keep_the_sites(before_the_move):
    migrate(AFTER)

    def can(group_name):
        permissions = Group.objects.get(name=group_name).permissions.filter(content_type__app_label="topics")
        return set(permissions.values_list("codename", flat=True))

    assert can("Event moderators") == {"add_topic", "change_topic", "delete_topic", "view_topic"}
    assert can("Moderators") == {"add_topic", "change_topic", "delete_topic"}
    assert can("Editors") == {"add_topic", "change_topic"}


def test_going_back_gives_each_app_its_list_and_its_links_again(before_the_move):
    meetup, bystander_event, item, bystander_item, draft = before_the_move
    migrate(AFTER)

    old = migrate(BEFORE)

    EventTopic, NewsTopic = old.get_model("events", "Topic"), old.get_model("news", "Topic")
    assert slugs(EventTopic.objects.filter(events=meetup.pk)) == {"data", "cyber-security"}
    assert slugs(EventTopic.objects.filter(events=bystander_event.pk)) == set()
    assert slugs(NewsTopic.objects.filter(news_pages=item.pk)) == {"data", "housing", "local-digital-fund"}
    assert slugs(NewsTopic.objects.filter(news_pages=bystander_item.pk)) == {"local-digital-fund"}
    draft_topics = old.get_model("wagtailcore", "Revision").objects.get(pk=draft.pk).content["topics"]
    assert slugs(NewsTopic.objects.filter(pk__in=draft_topics)) == {"data", "housing"}
