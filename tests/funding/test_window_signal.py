"""Each window's opening is announced once (fund_window_opened), and subscribers of the fund's topic hear of it."""

import datetime

import pytest
from django.core import mail

from funding import services
from funding.models import WindowOpening
from funding.signals import fund_window_opened
from subscriptions.services import ensure_site_topics
from tests.factories.funding import RoundFactory
from tests.factories.subscriptions import SubscriberFactory
from topics.models import Topic

pytestmark = pytest.mark.django_db

MICROSECOND = datetime.timedelta(microseconds=1)


@pytest.fixture
def heard():
    """Every fund_window_opened sent during the test, as (round name, window)."""
    received = []

    def listen(sender, round, window, **kwargs):
        received.append((round.name, window))

    fund_window_opened.connect(listen, dispatch_uid="test-listener")
    yield received
    fund_window_opened.disconnect(dispatch_uid="test-listener")


def test_a_window_is_announced_once_from_the_minute_it_opens(round_1, heard):
    other = RoundFactory(name="Round 2", opens=round_1.eoi_opens_at + datetime.timedelta(days=200))

    services.announce_opened_windows(round_1.eoi_opens_at - MICROSECOND)
    assert heard == []
    services.announce_opened_windows(round_1.eoi_opens_at)
    services.announce_opened_windows(round_1.eoi_opens_at + datetime.timedelta(minutes=5))
    assert heard == [("Round 1", "eoi")]

    services.announce_opened_windows(round_1.applications_open_at - MICROSECOND)
    services.announce_opened_windows(round_1.applications_open_at)
    services.announce_opened_windows(round_1.applications_open_at + datetime.timedelta(days=1))
    assert heard == [("Round 1", "eoi"), ("Round 1", "applications")]
    assert set(WindowOpening.objects.values_list("round__name", "window")) == {
        ("Round 1", "eoi"),
        ("Round 1", "applications"),
    }
    assert not WindowOpening.objects.filter(round=other).exists()


def test_a_window_that_closed_before_anyone_checked_is_not_announced_late(round_1, heard):
    services.announce_opened_windows(round_1.eoi_closes_at)

    assert heard == []


def test_subscribers_of_the_fund_topic_are_alerted_when_a_window_opens(round_1, sending):
    ensure_site_topics()
    fund = Topic.objects.get(slug="local-digital-fund")
    news = Topic.objects.get(slug="local-digital-news")
    SubscriberFactory(email="fund@example.com", topics=[fund], frequency="immediate")
    SubscriberFactory(email="news@example.com", topics=[news], frequency="immediate")
    SubscriberFactory(email="daily@example.com", topics=[fund], frequency="daily")

    with sending():
        services.announce_opened_windows(round_1.eoi_opens_at)
        services.announce_opened_windows(round_1.eoi_opens_at + datetime.timedelta(minutes=5))

    assert [message.to for message in mail.outbox] == [["fund@example.com"]]
    alert = mail.outbox[0]
    assert alert.subject == "Expressions of interest are open for Round 1 of the Local Digital Fund"
    assert "until 5 October 2018 at 11:59pm" in alert.body and "/fund/" in alert.body
