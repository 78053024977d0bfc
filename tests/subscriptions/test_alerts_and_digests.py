"""Events and news reach subscribers: at once for ‘as it happens’, else in one daily or weekly digest."""

import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.core import mail
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.rich_text import RichText

from core.formatting import UK_TIME_ZONE
from events.signals import EventAnnouncement, event_approved
from news.models import NewsPage
from news.signals import NewsAnnouncement, news_published
from notifications.models import Mailing
from subscriptions import mailings, tasks
from tests.factories.news import NewsIndexPageFactory
from tests.factories.subscriptions import SubscriberFactory
from tests.factories.topics import TopicFactory

from .helpers import emails_to

pytestmark = pytest.mark.django_db


def uk(*args):
    return datetime.datetime(*args, tzinfo=UK_TIME_ZONE)


@pytest.fixture
def topics(db):
    return SimpleNamespace(
        data=TopicFactory(name="Data"),
        cyber=TopicFactory(name="Cyber security"),
        events=TopicFactory(name="Events"),
        news=TopicFactory(name="Local Digital news"),
    )


def approve_event(reference="EV-1", title="Data meetup", topics=("data", "cyber-security")):
    event_approved.send(
        sender=None,
        announcement=EventAnnouncement(
            reference=reference,
            title=title,
            summary="Meet other data people.",
            url=f"http://testserver/events/{reference.lower()}/",
            event_type="meetup",
            format="online",
            dates=[],
            venue_name="",
            address="",
            postcode="",
            region="",
            topics=list(topics),
            is_free=True,
        ),
    )


def publish_news(pk=7, title="A new fund", topics=(), first=True):
    news_published.send(
        sender=None,
        announcement=NewsAnnouncement(
            title=title,
            summary="Read all about it.",
            url=f"http://testserver/news/{pk}/",
            page_url=f"http://testserver/news/{pk}/",
            topics=list(topics),
            principles=[],
            first_publication=first,
        ),
        page=SimpleNamespace(pk=pk),
    )


def test_an_approved_event_alerts_as_it_happens_subscribers_of_its_topics_at_once(topics, sending):
    SubscriberFactory(email="data@example.com", topics=[topics.data, topics.cyber], frequency="immediate")
    SubscriberFactory(email="events@example.com", topics=[topics.events], frequency="immediate")
    SubscriberFactory(email="daily@example.com", topics=[topics.data], frequency="daily")
    SubscriberFactory(email="news@example.com", topics=[topics.news], frequency="immediate")
    SubscriberFactory(email="waiting@example.com", topics=[topics.data], status="pending")

    with sending():
        approve_event()

    assert sorted(message.to[0] for message in mail.outbox) == ["data@example.com", "events@example.com"]
    alert = emails_to("data@example.com")[0]
    assert alert.subject == "Data meetup"
    assert "Meet other data people." in alert.body and "http://testserver/events/ev-1/" in alert.body
    assert alert.message()["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_an_event_announced_again_alerts_nobody_again(topics, sending):
    SubscriberFactory(email="data@example.com", topics=[topics.data], frequency="immediate")
    with sending():
        approve_event()
        approve_event()

    assert len(mail.outbox) == 1


def test_published_news_alerts_its_subscribers_but_a_change_to_it_does_not(topics, sending):
    SubscriberFactory(email="news@example.com", topics=[topics.news], frequency="immediate")
    SubscriberFactory(email="cyber@example.com", topics=[topics.cyber], frequency="immediate")

    with sending():
        publish_news(first=True)
        publish_news(pk=8, title="Changed item", first=False)

    assert [(m.to[0], m.subject) for m in mail.outbox] == [("news@example.com", "A new fund")]


def test_a_daily_digest_lists_each_new_item_once_per_person_even_when_it_matches_several_topics(topics, sending):
    both = SubscriberFactory(email="both@example.com", topics=[topics.data, topics.cyber], frequency="daily")
    SubscriberFactory(email="weekly@example.com", topics=[topics.data], frequency="weekly")
    SubscriberFactory(email="other@example.com", topics=[topics.news], frequency="daily")
    approve_event("EV-1", "Data meetup", topics=("data", "cyber-security"))
    approve_event("EV-2", "Cyber clinic", topics=("cyber-security",))
    assert mail.outbox == []  # nobody here is ‘as it happens’

    with sending():
        mailings.send_digest("daily", uk(2026, 12, 2, 7))

    assert sorted(m.to[0] for m in mail.outbox) == ["both@example.com"]
    [digest] = emails_to(both.email)
    assert digest.subject == "Your daily updates from Local Digital"
    assert digest.body.count("Data meetup") == 1 and digest.body.count("Cyber clinic") == 1
    assert "/email-updates/unsubscribe/" in digest.body

    # The next day's digest does not repeat them; the weekly one still has them.
    with sending():
        assert mailings.send_digest("daily", uk(2026, 12, 3, 7)) is None
        mailings.send_digest("weekly", uk(2026, 12, 7, 7))
    assert len(emails_to(both.email)) == 1
    [weekly] = emails_to("weekly@example.com")
    assert "Data meetup" in weekly.body and "Cyber clinic" not in weekly.body


def test_the_daily_digest_runs_at_seven_uk_time_and_queues_the_next_for_seven_tomorrow(topics, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued, not sent at once
    SubscriberFactory(email="daily@example.com", topics=[topics.data], frequency="daily")
    SubscriberFactory(email="weekly@example.com", topics=[topics.data], frequency="weekly")
    with time_machine.travel(uk(2026, 6, 9, 15, 0), tick=False):
        approve_event()

    with time_machine.travel(uk(2026, 6, 10, 7, 0, 2), tick=False):  # summer time: 06:00 UTC
        tasks.send_daily_digests.call()
        tasks.send_daily_digests.call()  # run twice by mistake: one digest

    mailing = Mailing.objects.get(key="digest:daily:2026-06-10")
    assert list(mailing.deliveries.values_list("email", flat=True)) == ["daily@example.com"]
    [next_run] = DBTaskResult.objects.filter(
        task_path=tasks.send_daily_digests.module_path, status=TaskResultStatus.READY
    )
    assert next_run.run_after == uk(2026, 6, 11, 7)


def test_the_weekly_digest_runs_on_monday_at_seven(topics, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    SubscriberFactory(email="weekly@example.com", topics=[topics.data], frequency="weekly")
    with time_machine.travel(uk(2026, 12, 3, 15, 0), tick=False):  # a Thursday
        approve_event()

    with time_machine.travel(uk(2026, 12, 7, 7, 0, 1), tick=False):  # Monday
        tasks.send_weekly_digests.call()

    assert Mailing.objects.get(key="digest:weekly:2026-12-07").deliveries.count() == 1
    [next_run] = DBTaskResult.objects.filter(
        task_path=tasks.send_weekly_digests.module_path, status=TaskResultStatus.READY
    )
    assert next_run.run_after == uk(2026, 12, 14, 7)


def test_publishing_a_news_item_in_the_admin_alerts_its_subscribers_once(home_page, topics, sending):
    """The whole path: Wagtail publishes, news announces, email updates alert."""
    SubscriberFactory(email="news@example.com", topics=[topics.news], frequency="immediate")
    SubscriberFactory(email="weekly@example.com", topics=[topics.news], frequency="weekly")
    index = NewsIndexPageFactory(parent=home_page)
    item = index.add_child(
        instance=NewsPage(
            title="Applications open",
            slug="applications-open",
            introduction="Councils can apply until 15 November.",
            body=[("paragraph", RichText("<p>Apply now.</p>"))],
            live=False,
        )
    )

    with sending():
        item.save_revision().publish()
        item.save_revision().publish()  # a change, published again

    assert [(m.to[0], m.subject) for m in mail.outbox] == [("news@example.com", "Applications open")]
    assert "Councils can apply until 15 November." in mail.outbox[0].body
