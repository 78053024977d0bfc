import pytest

from news.signals import news_published
from tests.factories.declaration import PrincipleFactory
from tests.factories.news import NewsIndexPageFactory
from tests.factories.topics import TopicFactory


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page)


@pytest.fixture
def funding():
    return TopicFactory(name="Local Digital Fund")


@pytest.fixture
def events():
    return TopicFactory(name="Events")


@pytest.fixture
def plumbing():
    return PrincipleFactory(title="‘Fix our plumbing’")


@pytest.fixture
def leadership():
    return PrincipleFactory(title="Demonstrate digital leadership")


@pytest.fixture
def announcements():
    """Every NewsAnnouncement sent while the test runs."""
    heard = []

    def receiver(sender, announcement, **kwargs):
        heard.append(announcement)

    news_published.connect(receiver, dispatch_uid="test-announcements")
    yield heard
    news_published.disconnect(dispatch_uid="test-announcements")
